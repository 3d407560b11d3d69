// SARIF for GitHub code scanning, as the README's CI section produces it: the real ESLint CLI with
// @microsoft/eslint-formatter-sarif over the fixture projects, validated against the SARIF 2.1.0
// schema that the formatter's `$schema` names (shipped by @microsoft/jest-sarif), and checked
// finding by finding against ESLint's own results.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { installFromThisProject } from "../support/eslint-cli.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixtures = path.join(repo, "fixtures");
const eslintBin = path.join(repo, "node_modules/eslint/bin/eslint.js");
const SARIF_FORMATTER = "@microsoft/eslint-formatter-sarif";
const require = createRequire(import.meta.url);
const SCHEMA_FILE = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

interface SarifRegion {
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}
interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; index?: number }; region?: SarifRegion };
}
interface SarifResult {
  ruleId?: string;
  descriptor?: { id: string };
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  suppressions?: { kind: string; justification?: string }[];
}
interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; version?: string; rules: { id: string; helpUri?: string; shortDescription?: { text: string } }[] } };
    artifacts?: { location: { uri: string } }[];
    results: SarifResult[];
    invocations?: { executionSuccessful: boolean; toolConfigurationNotifications: SarifResult[] }[];
  }[];
}

/** ajv for the schema's draft-04 dialect, with its `uri` and `date-time` formats checked. */
function sarifValidator() {
  // The schema's `language` pattern has a stray `]`: a syntax error in a Unicode-mode RegExp
  // (ajv 8's default), a literal character otherwise.
  // Both packages are CommonJS whose types declare only `exports.default`, which they also set.
  const ajv = new ajvDraft04.default({ allErrors: true, unicodeRegExp: false });
  ajvFormats.default(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as object);
}

let scratch: string;
let configFile: string;

beforeAll(() => {
  const built = path.join(repo, "dist/src/index.js");
  if (!fs.existsSync(built)) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before the integration tests");
  }
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-sarif-"));
  configFile = path.join(scratch, "eslint.config.js");
  fs.writeFileSync(configFile, `import migrations from ${JSON.stringify(pathToFileURL(built).href)};\n\nexport default [...migrations.configs.recommended];\n`);
});

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** `eslint --format @microsoft/eslint-formatter-sarif --output-file …`, as the CI job runs it. */
function eslintSarif(cwd: string, ...args: string[]) {
  const output = path.join(scratch, `${String(Date.now())}-${String(Math.random()).slice(2)}.sarif`);
  const run = spawnSync(process.execPath, [eslintBin, "--format", SARIF_FORMATTER, "--output-file", output, ...args], {
    cwd,
    encoding: "utf8",
  });
  if (!fs.existsSync(output)) {
    throw new Error(`no SARIF written (exit ${String(run.status)}): ${run.stderr}`);
  }
  return { status: run.status, log: JSON.parse(fs.readFileSync(output, "utf8")) as SarifLog };
}

describe("SARIF for the fixture projects", () => {
  it("validates against the SARIF 2.1.0 schema and holds every finding at its exact region", async () => {
    const { status, log } = eslintSarif(fixtures, "--config", configFile, "alembic-project", "sql-migrations");
    expect(status).toBe(1);

    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema is in force: a log that claims another SARIF version is rejected.
    expect(validate({ ...log, version: "2.0.0" })).toBe(false);

    const [run] = log.runs;
    if (!run) throw new Error("SARIF log without a run");
    const docs = plugin.rules["idempotent-ddl"].meta?.docs;
    expect(run.tool.driver).toMatchObject({ name: "ESLint", version: ESLint.version });
    expect(run.tool.driver.rules).toEqual([
      { id: "migrations/idempotent-ddl", helpUri: docs?.url, shortDescription: { text: docs?.description }, properties: {} },
    ]);

    const eslint = new ESLint({ cwd: fixtures, overrideConfigFile: true, overrideConfig: plugin.configs.recommended });
    const expected = (await eslint.lintFiles(["alembic-project", "sql-migrations"])).flatMap((result) =>
      result.messages.map((message) => ({
        uri: pathToFileURL(result.filePath).href,
        ruleId: message.ruleId,
        text: message.message,
        region: { startLine: message.line, startColumn: message.column, endLine: message.endLine, endColumn: message.endColumn },
      })),
    );
    const actual = run.results.map((result) => ({
      uri: result.locations[0]?.physicalLocation.artifactLocation.uri,
      ruleId: result.ruleId,
      text: result.message.text,
      region: result.locations[0]?.physicalLocation.region,
    }));
    expect(actual).toEqual(expected);

    // Both languages made it into the report, and every finding is an error-level result.
    const extensions = new Set(actual.map((result) => path.extname(result.uri ?? "")));
    expect([...extensions].sort()).toEqual([".py", ".sql"]);
    expect(actual.length).toBeGreaterThan(50);
    expect(new Set(run.results.map((result) => result.level))).toEqual(new Set(["error"]));
    expect(run.invocations).toBeUndefined();
  });

  it("stays valid with parse errors (tool notifications) and directive-suppressed findings", () => {
    const project = path.join(scratch, "broken");
    fs.mkdirSync(path.join(project, "alembic/versions"), { recursive: true });
    fs.mkdirSync(path.join(project, "db/migrations"), { recursive: true });
    fs.writeFileSync(path.join(project, "alembic/versions/0001_broken.py"), 'from alembic import op\n\ndef upgrade():\n    op.create_index("ix_a", "t", ["a"]\n');
    fs.writeFileSync(
      path.join(project, "db/migrations/0001_indexes.sql"),
      "-- eslint-disable-next-line migrations/idempotent-ddl -- built by hand before this rule\nCREATE INDEX ix_a ON t (a);\n",
    );
    installFromThisProject(project, [SARIF_FORMATTER]);
    const { status, log } = eslintSarif(project, "--config", configFile, ".");
    expect(status).toBe(1);

    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);

    const [run] = log.runs;
    const [result, ...others] = run?.results ?? [];
    expect(others).toEqual([]);
    expect(result).toMatchObject({
      ruleId: "migrations/idempotent-ddl",
      suppressions: [{ kind: "inSource", justification: "built by hand before this rule" }],
    });
    expect(result?.locations[0]?.physicalLocation.region).toEqual({ startLine: 2, startColumn: 1, endLine: 2, endColumn: 27 });

    const [invocation, ...moreInvocations] = run?.invocations ?? [];
    expect(moreInvocations).toEqual([]);
    expect(invocation?.executionSuccessful).toBe(false);
    const [notification, ...moreNotifications] = invocation?.toolConfigurationNotifications ?? [];
    expect(moreNotifications).toEqual([]);
    expect(notification).toMatchObject({ level: "error", descriptor: { id: "ESL0999" } });
    expect(notification?.message.text).toMatch(/^Parsing error: /u);
    expect(notification?.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/\/alembic\/versions\/0001_broken\.py$/u);
  });
});
