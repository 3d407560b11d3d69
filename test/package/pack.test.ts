// The package as users get it: `npm pack` once, the tarball installed into a fresh project with
// nothing but the consumer's ESLint (npm adds the declared dependencies and peers), then ESLint run
// there from an ESM eslint.config.js and a CommonJS eslint.config.cjs on a Python, a SQL and a
// TypeScript migration, the package's own command, and TypeScript reading its types. The tarball
// is built from dist/, which `npm test` builds first.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ownPackage = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  devDependencies: Record<string, string>;
};
const RULE = "migrations/idempotent-ddl";

const MIGRATIONS = {
  "alembic/versions/20261201_0004_owner.py": [
    "from alembic import op",
    "",
    "",
    "def upgrade():",
    '    op.create_index("ix_apps_owner", "apps", ["owner_id"])',
    "",
  ].join("\n"),
  "db/migrations/20261201000000_owner.sql": "CREATE INDEX ix_apps_owner ON apps (owner_id);\n",
  "src/migrations/1764400000000-AppsName.ts": [
    'import type { MigrationInterface, QueryRunner } from "typeorm";',
    "",
    "export class AppsName1764400000000 implements MigrationInterface {",
    "  public async up(queryRunner: QueryRunner): Promise<void> {",
    '    await queryRunner.query(`CREATE INDEX "IDX_apps_name" ON "apps" ("name")`);',
    "  }",
    "}",
    "",
  ].join("\n"),
};
/** [file, rule, line, column] of each finding in MIGRATIONS. */
const FINDINGS = [
  ["alembic/versions/20261201_0004_owner.py", RULE, 5, 5],
  ["db/migrations/20261201000000_owner.sql", RULE, 1, 1],
  ["src/migrations/1764400000000-AppsName.ts", RULE, 5, 30],
];

let work: string;
let consumer: string;
let tarball: string;
let packedFiles: string[];
let installLog: string;

function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

function mustRun(command: string, args: string[], cwd: string) {
  const result = run(command, args, { cwd });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${String(result.status)}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** [file, rule, line, column] of each message in an `--format json` report. */
function findings(stdout: string, cwd: string) {
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number; message: string }[] }[];
  return results.flatMap((result) =>
    result.messages.map((message) => [path.relative(cwd, result.filePath), message.ruleId ?? message.message, message.line, message.column]),
  );
}

beforeAll(() => {
  if (!fs.existsSync(path.join(repo, "dist/src/index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before the package test");
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-pack-"));
  // --ignore-scripts: `prepare` would build again; npm test has just built dist/.
  const packed = mustRun("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], repo);
  const [manifest] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  if (!manifest) throw new Error(`npm pack printed no manifest: ${packed.stdout}`);
  tarball = path.join(work, manifest.filename);
  packedFiles = manifest.files.map((file) => file.path).sort();

  consumer = path.join(work, "consumer");
  fs.mkdirSync(consumer);
  fs.writeFileSync(path.join(consumer, "package.json"), `${JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2)}\n`);
  for (const [name, text] of Object.entries(MIGRATIONS)) {
    fs.mkdirSync(path.dirname(path.join(consumer, name)), { recursive: true });
    fs.writeFileSync(path.join(consumer, name), text);
  }
  fs.writeFileSync(
    path.join(consumer, "eslint.config.js"),
    'import migrations from "eslint-plugin-migrations";\n\nexport default [...migrations.configs.recommended];\n',
  );
  fs.writeFileSync(
    path.join(consumer, "eslint.config.cjs"),
    'const migrations = require("eslint-plugin-migrations");\n\nmodule.exports = [...migrations.configs.recommended];\n',
  );
  // The README's install line with the ESLint this repository tests against; `--prefer-offline`
  // takes what npm's cache already has (everything, after this repository's own `npm ci`).
  const install = mustRun(
    "npm",
    ["install", "--save-dev", "--prefer-offline", "--no-audit", "--no-fund", `eslint@${ownPackage.devDependencies.eslint ?? ""}`, tarball],
    consumer,
  );
  installLog = `${install.stdout}${install.stderr}`;
}, 300_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  it("holds the build, the rule docs, the worker and the command, and nothing else", () => {
    const allowed = /^(?:package\.json|README\.md|LICENSE|bin\/[\w-]+\.js|worker\/[\w-]+\.mjs|rules\/[\w-]+\.md|dist\/(?:src|rules)\/[\w/-]+\.(?:js|d\.ts))$/u;
    expect(packedFiles.filter((file) => !allowed.test(file))).toEqual([]);
    expect(packedFiles).toEqual(expect.arrayContaining(["dist/src/index.js", "dist/src/index.d.ts", "rules/idempotent-ddl.md", "worker/libpg-query.mjs"]));
    expect(packedFiles).toEqual(expect.arrayContaining(Object.values(ownPackage.bin).map((file) => path.posix.normalize(file))));
  });

  it("passes publint: entry points exist, are published and have the right module format", async () => {
    const { messages, pkg } = await publint({ pack: { tarball: fs.readFileSync(tarball).buffer }, level: "suggestion" });
    expect(messages.map((message) => formatMessage(message, pkg, { color: false }))).toEqual([]);
  });

  it("installs with its declared dependencies and peers, without engine or peer warnings", () => {
    expect(installLog).not.toMatch(/EBADENGINE|ERESOLVE|peer dep/iu);
    // `npm ls` exits non-zero for a missing, invalid or extraneous package anywhere in the tree.
    mustRun("npm", ["ls", "--all"], consumer);
    const installed = JSON.parse(fs.readFileSync(path.join(consumer, "node_modules", ownPackage.name, "package.json"), "utf8")) as {
      version: string;
    };
    expect(installed.version).toBe(ownPackage.version);
  });
});

describe("ESLint in a project that installed the tarball", () => {
  const eslint = (...args: string[]) => run(process.execPath, [path.join(consumer, "node_modules/eslint/bin/eslint.js"), ...args], { cwd: consumer });

  it("lints Python, SQL and TypeScript migrations from an ESM eslint.config.js", () => {
    const result = eslint("--format", "json", ".");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(findings(result.stdout, consumer)).toEqual(FINDINGS);
  });

  it("lints them from a CommonJS eslint.config.cjs", () => {
    const result = eslint("--config", "eslint.config.cjs", "--format", "json", ".");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(findings(result.stdout, consumer)).toEqual(FINDINGS);
  });

  it("fixes them with --fix-dry-run", () => {
    const result = eslint("--fix-dry-run", "--format", "json", ...Object.keys(MIGRATIONS));
    const fixed = (JSON.parse(result.stdout) as { filePath: string; output?: string; messages: unknown[] }[]).map((file) => [
      path.relative(consumer, file.filePath),
      file.messages,
      file.output?.includes("if_not_exists=True") === true || file.output?.includes("IF NOT EXISTS") === true,
    ]);
    expect(result.status).toBe(0);
    expect(fixed).toEqual(Object.keys(MIGRATIONS).map((file) => [file, [], true]));
  });
});

describe("the package's command in a project that installed the tarball", () => {
  const bin = (name: string, ...args: string[]) => run(path.join(consumer, "node_modules/.bin", name), args, { cwd: consumer });

  it("lints the migration folders without a config file", () => {
    const result = bin("eslint-plugin-migrations", "--no-config-lookup", "--format", "json", ".");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(findings(result.stdout, consumer)).toEqual(FINDINGS);
  });

  it("answers under its short name too", () => {
    const result = bin("migrations-lint", "--version");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(ownPackage.version);
  });
});

describe("the package's types", () => {
  it("type-check a consumer's config under nodenext resolution, importing only declared packages", () => {
    fs.writeFileSync(
      path.join(consumer, "config-types.ts"),
      [
        'import type { Linter } from "eslint";',
        'import migrations from "eslint-plugin-migrations";',
        "",
        "export const config: Linter.Config[] = [",
        "  ...migrations.configs.recommended,",
        '  ...migrations.configs["recommended-type-checked"],',
        '  { rules: { "migrations/idempotent-ddl": ["error", { postgresVersion: "13" }] } },',
        "];",
        "export const ruleNames: string[] = Object.keys(migrations.rules);",
        "",
      ].join("\n"),
    );
    // skipLibCheck as most projects set it: checking every declaration file of typescript-eslint and
    // TypeScript takes ten times as long. What it would catch in ours, an import of a package the
    // consumer may not have, is checked below on the files TypeScript actually loaded.
    const options = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2023", "--skipLibCheck", "--listFiles"];
    const result = run(process.execPath, [path.join(consumer, "node_modules/typescript/bin/tsc"), ...options, "config-types.ts"], { cwd: consumer });
    expect(result.stdout.split("\n").filter((line) => line.includes("error TS"))).toEqual([]);
    expect(result.status).toBe(0);

    const installed = path.join(consumer, "node_modules", ownPackage.name);
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const ownDeclarations = result.stdout.split("\n").filter((file) => file.startsWith(`${installed}${path.sep}`));
    expect(ownDeclarations).toContain(path.join(installed, "dist/src/index.d.ts"));
    const undeclared = ownDeclarations.flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(/(?:from |import\()"([^".][^"]*)"/gu)]
        .map(([, specifier = ""]) => specifier)
        .filter((specifier) => {
          const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] ?? "");
          // `import … from "estree"` resolves to @types/estree.
          return !name.startsWith("node:") && !declared.has(name) && !declared.has(`@types/${name}`);
        })
        .map((specifier) => `${path.relative(installed, file)}: ${specifier}`),
    );
    expect(undeclared).toEqual([]);
  });
});
