import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { findings, linkPlugin, makeProject, repo, requireBuild, runCli, runEslint, writeFiles } from "./run-cli.js";

const REVISION = (name: string) =>
  `revision = "${name}"\ndown_revision = None\n\nfrom alembic import op\n\n\ndef upgrade():\n    op.create_index("ix_apps_name", "apps", ["name"])\n`;
const ALEMBIC_MESSAGE =
  "op.create_index() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"ix_apps_name\" already exists'. Add `if_not_exists=True` so that a retry skips it.";
const KNEX = 'exports.up = async function (knex) {\n  await knex.raw("DROP TABLE legacy");\n};\n';
const KNEX_MESSAGE =
  "DROP TABLE legacy in knex.raw() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'table \"legacy\" does not exist'. Add `IF EXISTS` so that a retry skips it.";
const SQL = "CREATE TABLE apps (id int);\n";
const SQL_MESSAGE =
  "CREATE TABLE apps is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"apps\" already exists'. Add `IF NOT EXISTS` so that a retry skips it.";
/** TypeORM classes kept where a data source imports them from an index module, not where a glob looks. */
const TYPEORM = `import { MigrationInterface, QueryRunner } from "typeorm";

export class DropLegacy1717605043663 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`DROP TABLE "legacy"\`);
  }
}
`;
const TYPEORM_MESSAGE =
  "DROP TABLE legacy in queryRunner.query() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'table \"legacy\" does not exist'. Add `IF EXISTS` so that a retry skips it.";
/** A web app's route folder that happens to be called `migrations`: components, with SQL-looking text. */
const COMPONENT = 'export default function MigrationsPage() {\n  return `Run "DROP TABLE legacy" to start over`;\n}\n';

/** Every layout the issue names that the recommended globs alone miss, and the false positive. */
const LAYOUT = {
  "src/shop/alembic.ini": "[alembic]\nscript_location = %(here)s/_migrations\n\n[tenant]\nscript_location = shop.database:revisions/tenant\n",
  "src/shop/_migrations/versions/0001_main.py": REVISION("0001"),
  "src/shop/shop/database/__init__.py": "",
  "src/shop/shop/database/revisions/tenant/versions/0001_tenant.py": REVISION("t0001"),
  "svc/migration/versions/0001_init.py": REVISION("s0001"),
  "app/plugins/challenges/migrations/b37fb68807ea_add_column.py": REVISION("b37fb68807ea"),
  "app/plugins/challenges/migrations/helpers.py": "def upgrade(plugin):\n    plugin.install()\n",
  "knexfile.js": 'module.exports = { client: "pg", migrations: { directory: "./db/alterations" } };\n',
  "db/alterations/20240102_legacy.js": KNEX,
  "db/postgres/000001_init.up.sql": SQL,
  "web/src/settings/migrations/MigrationsPage.js": COMPONENT,
  "server/Postgres/SchemaMigrations/1717605043663-DropLegacy.ts": TYPEORM,
  "server/Postgres/SchemaMigrations/Index.ts": 'export { DropLegacy1717605043663 } from "./1717605043663-DropLegacy";\n',
};

const LISTED = [
  "Alembic revisions (by their content) → app/plugins/challenges/migrations (1 file)",
  "knexfile.js migrations.directory → db/alterations (1 file)",
  "SQL migrations (by their file names) → db/postgres (1 file)",
  "JS/TS migrations (by their content) → server/Postgres/SchemaMigrations (1 file)",
  "src/shop/alembic.ini [alembic] script_location → src/shop/_migrations/versions (1 file)",
  "src/shop/alembic.ini [tenant] script_location → src/shop/shop/database/revisions/tenant/versions (1 file)",
  "the recommended globs → svc/migration/versions (1 file)",
  "Framework configs read: knexfile.js, src/shop/alembic.ini.",
  "",
].join("\n");

const alembicFinding = (file: string) => ({
  file,
  messages: [{ ruleId: "migrations/idempotent-ddl", severity: 2, message: ALEMBIC_MESSAGE, line: 8, column: 5, endLine: 8, endColumn: 54 }],
});

const EXPECTED = [
  alembicFinding("app/plugins/challenges/migrations/b37fb68807ea_add_column.py"),
  {
    file: "db/alterations/20240102_legacy.js",
    messages: [{ ruleId: "migrations/idempotent-ddl", severity: 2, message: KNEX_MESSAGE, line: 2, column: 19, endLine: 2, endColumn: 36 }],
  },
  {
    file: "db/postgres/000001_init.up.sql",
    messages: [{ ruleId: "migrations/idempotent-ddl", severity: 2, message: SQL_MESSAGE, line: 1, column: 1, endLine: 1, endColumn: 27 }],
  },
  {
    file: "server/Postgres/SchemaMigrations/1717605043663-DropLegacy.ts",
    messages: [{ ruleId: "migrations/idempotent-ddl", severity: 2, message: TYPEORM_MESSAGE, line: 5, column: 30, endLine: 5, endColumn: 49 }],
  },
  alembicFinding("src/shop/_migrations/versions/0001_main.py"),
  alembicFinding("src/shop/shop/database/revisions/tenant/versions/0001_tenant.py"),
  alembicFinding("svc/migration/versions/0001_init.py"),
];

const roots: string[] = [];
function project(files: Record<string, string> = LAYOUT): string {
  const root = makeProject(files);
  roots.push(root);
  return root;
}

beforeAll(requireBuild);
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe("zero-config discovery", () => {
  it("--list-sources says which config, glob or content found each folder, and how many files it holds", () => {
    const run = runCli(["--list-sources"], project());
    expect(run).toEqual({ status: 0, stdout: LISTED, stderr: "" });
  });

  it("lints every migration found, and not the components of a route folder called migrations", () => {
    const root = project();
    const run = runCli(["--format", "json"], root);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(findings(run.stdout, root)).toEqual(EXPECTED);
  });

  it("--fix guards the discovered files too, and fixing twice changes nothing more", () => {
    const root = project();
    expect(runCli(["--fix"], root).status).toBe(0);
    const tenant = path.join(root, "src/shop/shop/database/revisions/tenant/versions/0001_tenant.py");
    const once = fs.readFileSync(tenant, "utf8");
    expect(once).toContain('op.create_index("ix_apps_name", "apps", ["name"], if_not_exists=True)');
    expect(runCli(["--fix"], root).status).toBe(0);
    expect(fs.readFileSync(tenant, "utf8")).toBe(once);
  });

  it("--print-config writes the discovered folders, so that `eslint` lints exactly what the command lints", () => {
    const root = project();
    const ours = runCli([], root);
    const printed = runCli(["--print-config"], root);
    expect(printed.status).toBe(0);
    expect(printed.stdout).toContain(
      '    files: ["app/plugins/challenges/migrations/*.py", "src/shop/_migrations/versions/*.py", "src/shop/shop/database/revisions/tenant/versions/*.py"],',
    );
    expect(printed.stdout).toContain('    files: ["db/alterations/*.js", "server/Postgres/SchemaMigrations/*.ts"],');
    expect(printed.stdout).toContain('    files: ["db/postgres/*.sql"],');
    writeFiles(root, { "eslint.config.js": printed.stdout });
    linkPlugin(root);
    fs.symlinkSync(path.join(repo, "node_modules/typescript-eslint"), path.join(root, "node_modules/typescript-eslint"), "dir");
    const eslint = runEslint([], root);
    expect(eslint.stderr).toBe("");
    expect(ours.stdout).toBe(eslint.stdout);
    expect(ours.stdout).toContain("✖ 7 problems (7 errors, 0 warnings)");
  });

  it("discoveredConfigs() gives an eslint.config.js the files the command lints", () => {
    const root = project();
    const ours = runCli([], root);
    writeFiles(root, {
      "eslint.config.js": 'import { discoveredConfigs } from "eslint-plugin-migrations";\n\nexport default discoveredConfigs(import.meta.dirname);\n',
    });
    linkPlugin(root);
    const eslint = runEslint([], root);
    expect(eslint.stderr).toBe("");
    expect(ours.stdout).toContain("✖ 7 problems (7 errors, 0 warnings)");
    expect(eslint.stdout).toBe(ours.stdout);
  });

  it("when nothing is found, names the configs it read", () => {
    const root = project({ "knexfile.js": 'module.exports = { client: "pg", migrations: { directory: "./db/steps" } };\n', "README.md": "" });
    const run = runCli([], root);
    expect(run.status).toBe(2);
    expect(run.stderr.split("\n").at(-2)).toBe("Framework configs read: knexfile.js.");
    expect(runCli(["--list-sources"], root).stdout).toBe("No migrations found.\nFramework configs read: knexfile.js.\n");
  });

  it("--since lints only the migrations added or changed since a git ref, and says so outside a repository", () => {
    const root = project();
    const git = (...args: string[]) => {
      const run = spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd: root, encoding: "utf8" });
      if (run.status !== 0) throw new Error(run.stderr);
    };
    const outside = runCli(["--since", "HEAD"], root);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toBe(`eslint-plugin-migrations: --since needs a git repository, and ${root} is not in one\n`);
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "history");
    writeFiles(root, { "src/shop/_migrations/versions/0002_next.py": REVISION("0002"), "db/alterations/20240102_legacy.js": `${KNEX}// changed\n` });
    const run = runCli(["--format", "json", "--since", "HEAD"], root);
    expect(run.status).toBe(1);
    expect(findings(run.stdout, root).map((result) => result.file)).toEqual(["db/alterations/20240102_legacy.js", "src/shop/_migrations/versions/0002_next.py"]);
    git("add", "-A");
    git("commit", "-qm", "next");
    expect(runCli(["--since", "HEAD"], root)).toEqual({ status: 0, stdout: "", stderr: "" });
    const unknown = runCli(["--since", "no-such-ref"], root);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("eslint-plugin-migrations: --since no-such-ref: fatal: bad revision 'no-such-ref'");
  });
});
