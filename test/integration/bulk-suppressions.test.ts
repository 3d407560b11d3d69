// Adopting the rule in a repository with old migrations, as the README's "Adopting in an existing
// repository" section describes it: ESLint's bulk suppressions through the real CLI on Python and
// SQL migrations, and the README's own cut-off configs, run as written.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILT_PLUGIN, ESLINT_BIN, installFromThisProject, readmeConfig, type LintMessage, type LintResult } from "../support/eslint-cli.js";

const RULE = "migrations/idempotent-ddl";
const UNUSED_SUPPRESSIONS =
  "There are suppressions left that do not occur anymore. To resolve this, re-run the command with `--prune-suppressions` to remove unused suppressions. To ignore unused suppressions, use `--pass-on-unpruned-suppressions`.";

const OLD_ALEMBIC = "alembic/versions/20250301_0007_add_tags.py";
const OLD_ALEMBIC_TEXT = [
  "from alembic import op",
  "import sqlalchemy as sa",
  "",
  "",
  "def upgrade():",
  '    op.create_index("ix_tags_name", "tags", ["name"])',
  '    op.add_column("tags", sa.Column("slug", sa.String()))',
  "",
].join("\n");
const OLD_SQL = "db/migrations/20250301000000_tags.sql";
const OLD_SQL_TEXT = "CREATE INDEX ix_tags_slug ON tags (slug);\n";
const NEW_ALEMBIC = "alembic/versions/20261201_0008_owner.py";
const NEW_ALEMBIC_TEXT = 'from alembic import op\n\n\ndef upgrade():\n    op.create_index("ix_apps_owner", "apps", ["owner_id"])\n';

const projects: string[] = [];

/** A temporary project whose eslint.config.js is `config` with the plugin's import pointed at dist/. */
function makeProject(config: string, files: Record<string, string>) {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-adopt-"));
  projects.push(project);
  fs.writeFileSync(path.join(project, "eslint.config.js"), config.replace('from "eslint-plugin-migrations"', `from ${JSON.stringify(BUILT_PLUGIN)}`));
  for (const [name, text] of Object.entries(files)) {
    write(project, name, text);
  }
  return project;
}

function write(project: string, name: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
  fs.writeFileSync(path.join(project, name), text);
}

function eslint(project: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [ESLINT_BIN, ...args], { cwd: project, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.trim() };
}

/** `eslint --format json` → { relative path: [rule, line] of each reported and suppressed message }. */
function lintJson(project: string, ...args: string[]) {
  const run = eslint(project, "--format", "json", ...args);
  const results = JSON.parse(run.stdout) as LintResult[];
  const byFile = (pick: (result: LintResult) => LintMessage[]) =>
    Object.fromEntries(
      results
        .filter((result) => pick(result).length > 0)
        .map((result) => [path.relative(project, result.filePath), pick(result).map((message) => [message.ruleId, message.line])]),
    );
  return { ...run, reported: byFile((result) => result.messages), suppressed: byFile((result) => result.suppressedMessages), results };
}

const RECOMMENDED_CONFIG = 'import migrations from "eslint-plugin-migrations";\n\nexport default [...migrations.configs.recommended];\n';

beforeAll(() => {
  if (!fs.existsSync(fileURLToPath(BUILT_PLUGIN))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before the integration tests");
  }
});

afterAll(() => {
  for (const project of projects) {
    fs.rmSync(project, { recursive: true, force: true });
  }
});

describe("bulk suppressions: old migrations recorded once, new ones must pass", () => {
  let project: string;

  beforeAll(() => {
    project = makeProject(RECOMMENDED_CONFIG, { [OLD_ALEMBIC]: OLD_ALEMBIC_TEXT, [OLD_SQL]: OLD_SQL_TEXT });
  });

  it("--suppress-rule records the rule's current findings per file and exits 0", () => {
    expect(lintJson(project).reported).toEqual({ [OLD_ALEMBIC]: [[RULE, 6], [RULE, 7]], [OLD_SQL]: [[RULE, 1]] });
    expect(eslint(project, "--suppress-rule", RULE, ".")).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(JSON.parse(fs.readFileSync(path.join(project, "eslint-suppressions.json"), "utf8"))).toEqual({
      [OLD_ALEMBIC]: { [RULE]: { count: 2 } },
      [OLD_SQL]: { [RULE]: { count: 1 } },
    });
    expect(eslint(project, ".")).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("a new unsafe migration still fails, and only it is reported", () => {
    write(project, NEW_ALEMBIC, NEW_ALEMBIC_TEXT);
    const run = lintJson(project, ".");
    expect(run.status).toBe(1);
    expect(run.reported).toEqual({ [NEW_ALEMBIC]: [[RULE, 5]] });
    expect(run.suppressed).toEqual({ [OLD_ALEMBIC]: [[RULE, 6], [RULE, 7]], [OLD_SQL]: [[RULE, 1]] });
    const oldResult = run.results.find((result) => result.filePath.endsWith(OLD_SQL));
    expect(oldResult?.suppressedMessages[0]?.suppressions).toEqual([{ kind: "file", justification: "" }]);
  });

  it("linting only the staged files compares only those with the record (pre-commit, lint-staged)", () => {
    expect(lintJson(project, NEW_ALEMBIC)).toMatchObject({ status: 1, stderr: "", reported: { [NEW_ALEMBIC]: [[RULE, 5]] } });
    expect(eslint(project, OLD_ALEMBIC)).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("SARIF marks recorded findings as externally suppressed", () => {
    installFromThisProject(project, ["@microsoft/eslint-formatter-sarif"]);
    const run = eslint(project, "--format", "@microsoft/eslint-formatter-sarif", ".");
    const log = JSON.parse(run.stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; suppressions?: unknown }[] }[];
    };
    const suppressionsByFile = (log.runs[0]?.results ?? []).map((result) => [
      path.relative(project, fileURLToPath(result.locations[0]?.physicalLocation.artifactLocation.uri ?? "")),
      result.suppressions,
    ]);
    expect(suppressionsByFile).toEqual([
      [OLD_ALEMBIC, [{ kind: "external", justification: "" }]],
      [OLD_ALEMBIC, [{ kind: "external", justification: "" }]],
      [NEW_ALEMBIC, undefined],
      [OLD_SQL, [{ kind: "external", justification: "" }]],
    ]);
  });

  it("editors: --stdin ignores the record; the ESLint API applies it with applySuppressions", async () => {
    const stdin = spawnSync(process.execPath, [ESLINT_BIN, "--format", "json", "--stdin", "--stdin-filename", OLD_ALEMBIC], {
      cwd: project,
      input: OLD_ALEMBIC_TEXT,
      encoding: "utf8",
    });
    expect(stdin.status).toBe(1);
    // What VS Code's ESLint extension does with "eslint.options": { "applySuppressions": true }.
    const api = new ESLint({ cwd: project, applySuppressions: true });
    const [result] = await api.lintText(OLD_ALEMBIC_TEXT, { filePath: path.join(project, OLD_ALEMBIC) });
    expect(result?.messages).toEqual([]);
    expect(result?.suppressedMessages.map((message) => [message.ruleId, message.line])).toEqual([
      [RULE, 6],
      [RULE, 7],
    ]);
  });

  it("one more finding in a recorded file brings back all of that file's findings", () => {
    write(project, OLD_ALEMBIC, `${OLD_ALEMBIC_TEXT}    op.drop_index("ix_tags_legacy")\n`);
    const run = lintJson(project, OLD_ALEMBIC);
    expect(run.status).toBe(1);
    expect(run.reported).toEqual({ [OLD_ALEMBIC]: [[RULE, 6], [RULE, 7], [RULE, 8]] });
    write(project, OLD_ALEMBIC, OLD_ALEMBIC_TEXT);
  });

  it("fixing a recorded migration leaves an unused record: exit 2 until --prune-suppressions", () => {
    expect(eslint(project, "--fix", NEW_ALEMBIC)).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(eslint(project, "--fix", OLD_SQL)).toEqual({ status: 2, stdout: "", stderr: UNUSED_SUPPRESSIONS });
    expect(fs.readFileSync(path.join(project, OLD_SQL), "utf8")).toBe("CREATE INDEX IF NOT EXISTS ix_tags_slug ON tags (slug);\n");
    expect(eslint(project, ".")).toEqual({ status: 2, stdout: "", stderr: UNUSED_SUPPRESSIONS });
    expect(eslint(project, "--prune-suppressions", ".")).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(JSON.parse(fs.readFileSync(path.join(project, "eslint-suppressions.json"), "utf8"))).toEqual({
      [OLD_ALEMBIC]: { [RULE]: { count: 2 } },
    });
    expect(eslint(project, ".")).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("--fix on the whole tree fixes recorded migrations too: the record hides findings, not fixes", () => {
    expect(eslint(project, "--fix", ".")).toEqual({ status: 2, stdout: "", stderr: UNUSED_SUPPRESSIONS });
    expect(fs.readFileSync(path.join(project, OLD_ALEMBIC), "utf8")).toBe(
      OLD_ALEMBIC_TEXT.replace('["name"])', '["name"], if_not_exists=True)').replace("sa.String()))", "sa.String()), if_not_exists=True)"),
    );
  });

  it("--suppress-all cannot record a parse error, which has no rule", () => {
    const broken = makeProject(RECOMMENDED_CONFIG, { [OLD_SQL]: OLD_SQL_TEXT, "alembic/versions/20250302_0008_broken.py": "def upgrade(:\n" });
    const run = lintJson(broken, "--suppress-all", ".");
    expect(run.status).toBe(1);
    expect(run.reported).toEqual({ "alembic/versions/20250302_0008_broken.py": [[null, 1]] });
    expect(JSON.parse(fs.readFileSync(path.join(broken, "eslint-suppressions.json"), "utf8"))).toEqual({ [OLD_SQL]: { [RULE]: { count: 1 } } });
  });
});

describe("the README's configs for migrations older than a cut-off", () => {
  const unsafeAlembic = 'from alembic import op\n\nop.create_index("ix_a", "t", ["a"])\n';
  const unsafeSql = "CREATE INDEX ix_a ON t (a);\n";
  const files = {
    "alembic/versions/20250301_0007_tags.py": unsafeAlembic,
    "alembic/versions/20260901_0008_apps.py": unsafeAlembic,
    "alembic/versions/20261015_0009_owner.py": unsafeAlembic,
    "alembic/versions/__init__.py": "",
    "prisma/migrations/20241103120000_init/migration.sql": unsafeSql,
    "prisma/migrations/20260915080000_apps/migration.sql": unsafeSql,
    "prisma/migrations/20261102090000_owner/migration.sql": unsafeSql,
    "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
  };

  it("the glob leaves out every migration named before 2026", () => {
    const run = lintJson(makeProject(readmeConfig("test/integration/bulk-suppressions.test.ts", "cutoff-glob"), files), ".");
    expect(Object.keys(run.reported).sort()).toEqual([
      "alembic/versions/20260901_0008_apps.py",
      "alembic/versions/20261015_0009_owner.py",
      "prisma/migrations/20260915080000_apps/migration.sql",
      "prisma/migrations/20261102090000_owner/migration.sql",
    ]);
  });

  it("the computed list leaves out every migration named before the cut-off day", () => {
    const run = lintJson(makeProject(readmeConfig("test/integration/bulk-suppressions.test.ts", "cutoff-date"), files), ".");
    expect(Object.keys(run.reported).sort()).toEqual(["alembic/versions/20261015_0009_owner.py", "prisma/migrations/20261102090000_owner/migration.sql"]);
  });
});
