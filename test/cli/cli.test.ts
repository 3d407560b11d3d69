import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { findings, linkPlugin, makeProject, requireBuild, runCli, runEslint, writeFiles } from "./run-cli.js";

const ALEMBIC = 'from alembic import op\n\n\ndef upgrade():\n    op.create_index("ix_apps_name", "apps", ["name"])\n';
const ALEMBIC_MESSAGE =
  "op.create_index() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"ix_apps_name\" already exists'. Add `if_not_exists=True` so that a retry skips it.";
const SUPABASE = "-- CreateTable\nCREATE TABLE apps (id int);\n";
const SUPABASE_MESSAGE =
  "CREATE TABLE apps is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"apps\" already exists'. Add `IF NOT EXISTS` so that a retry skips it.";
const KNEX = 'exports.up = async function (knex) {\n  await knex.raw("DROP TABLE legacy");\n};\n';
const KNEX_MESSAGE =
  "DROP TABLE legacy in knex.raw() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'table \"legacy\" does not exist'. Add `IF EXISTS` so that a retry skips it.";

/** A repository with one migration of each kind, and the same files where the CLI must not look. */
const PROJECT = {
  "alembic/versions/0001_indexes.py": ALEMBIC,
  "supabase/migrations/20240101000000_init.sql": SUPABASE,
  "migrations/20240102_legacy.js": KNEX,
  "migrations/types.d.ts": "export type Knex = unknown;\n",
  "app/models.py": ALEMBIC,
  "scripts/setup.sql": SUPABASE,
  "node_modules/some-package/migrations/0001.sql": SUPABASE,
  ".venv/lib/python3.12/site-packages/thing/alembic/versions/0001.py": ALEMBIC,
  "dist/migrations/0001.sql": SUPABASE,
};

const EXPECTED = [
  {
    file: "alembic/versions/0001_indexes.py",
    messages: [{ ruleId: "migrations/idempotent-ddl", severity: 2, message: ALEMBIC_MESSAGE, line: 5, column: 5, endLine: 5, endColumn: 54 }],
  },
  {
    file: "migrations/20240102_legacy.js",
    messages: [{ ruleId: "migrations/idempotent-ddl", severity: 2, message: KNEX_MESSAGE, line: 2, column: 19, endLine: 2, endColumn: 36 }],
  },
  {
    file: "supabase/migrations/20240101000000_init.sql",
    messages: [{ ruleId: "migrations/idempotent-ddl", severity: 2, message: SUPABASE_MESSAGE, line: 2, column: 1, endLine: 2, endColumn: 27 }],
  },
];

const projects: string[] = [];
function project(files: Record<string, string> = PROJECT): string {
  const root = makeProject(files);
  projects.push(root);
  return root;
}

beforeAll(requireBuild);
afterEach(() => {
  for (const root of projects.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe("the zero-config CLI", () => {
  it("finds Alembic, SQL and JS/TS migrations itself and reports them like ESLint, exit code 1", () => {
    const root = project();
    const run = runCli(["--format", "json"], root);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(findings(run.stdout, root)).toEqual(EXPECTED);
  });

  it("--print-config prints a config with which `eslint` prints what this command prints, byte for byte", () => {
    const root = project();
    const ours = runCli([], root);
    const printed = runCli(["--print-config"], root);
    expect(printed.status).toBe(0);
    expect(printed.stdout).toContain("...migrations.configs.recommended,");
    writeFiles(root, { "eslint.config.js": printed.stdout });
    linkPlugin(root);
    const eslint = runEslint([], root);
    expect(eslint.status).toBe(1);
    expect(ours.status).toBe(1);
    expect(ours.stdout).toBe(eslint.stdout);
    expect(ours.stdout).toContain("✖ 3 problems (3 errors, 0 warnings)");
  });

  it("lints only the paths it is given", () => {
    const root = project();
    const run = runCli(["--format", "json", "alembic", "supabase/migrations/20240101000000_init.sql"], root);
    expect(run.status).toBe(1);
    expect(findings(run.stdout, root).map((result) => result.file)).toEqual([
      "alembic/versions/0001_indexes.py",
      "supabase/migrations/20240101000000_init.sql",
    ]);
  });

  it("lints a file named on the command line outside the migration folders as a migration of its language", () => {
    const root = project();
    const run = runCli(["--format", "json", "scripts/setup.sql", "app/models.py"], root);
    expect(run.status).toBe(1);
    expect(findings(run.stdout, root)).toEqual([
      { file: "app/models.py", messages: [{ ...EXPECTED[0]?.messages[0] }] },
      { file: "scripts/setup.sql", messages: [{ ...EXPECTED[2]?.messages[0] }] },
    ]);
  });

  it("--fix writes the guards; the next run is clean with exit code 0", () => {
    const root = project();
    const fixed = runCli(["--fix"], root);
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toBe("");
    expect(fs.readFileSync(path.join(root, "alembic/versions/0001_indexes.py"), "utf8")).toBe(
      ALEMBIC.replace('["name"])', '["name"], if_not_exists=True)'),
    );
    expect(fs.readFileSync(path.join(root, "supabase/migrations/20240101000000_init.sql"), "utf8")).toBe(
      SUPABASE.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"),
    );
    expect(fs.readFileSync(path.join(root, "migrations/20240102_legacy.js"), "utf8")).toBe(KNEX.replace("DROP TABLE", "DROP TABLE IF EXISTS"));
    // Files the CLI must not look at are untouched.
    expect(fs.readFileSync(path.join(root, "app/models.py"), "utf8")).toBe(ALEMBIC);
    expect(fs.readFileSync(path.join(root, "dist/migrations/0001.sql"), "utf8")).toBe(SUPABASE);
    const again = runCli([], root);
    expect(again).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("--max-warnings counts warnings as ESLint does: exit code 1 and its message once they exceed it", () => {
    // A named file no recommended config can lint is ESLint's warning "File ignored because no matching configuration…".
    const root = project({ "migrations/0001.sql": "CREATE TABLE IF NOT EXISTS apps (id int);\n", "notes.md": "# notes\n" });
    const lenient = runCli(["--format", "json", "migrations", "notes.md"], root);
    expect(lenient.status).toBe(0);
    expect(findings(lenient.stdout, root)).toEqual([
      { file: "migrations/0001.sql", messages: [] },
      {
        file: "notes.md",
        messages: [
          {
            ruleId: null,
            severity: 1,
            message: "File ignored because no matching configuration was supplied.",
            line: undefined,
            column: undefined,
            endLine: undefined,
            endColumn: undefined,
          },
        ],
      },
    ]);
    expect(runCli(["--max-warnings", "1", "migrations", "notes.md"], root).status).toBe(0);
    const strict = runCli(["--max-warnings", "0", "migrations", "notes.md"], root);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toBe("ESLint found too many warnings (maximum: 0).\n");
    const quiet = runCli(["--quiet", "migrations", "notes.md"], root);
    expect(quiet).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("takes every kind of ESLint formatter: a built-in name, an eslint-formatter-* package, a path", () => {
    const root = project({
      ...PROJECT,
      "node_modules/eslint-formatter-count/package.json": '{ "name": "eslint-formatter-count", "main": "index.js" }\n',
      "node_modules/eslint-formatter-count/index.js": "module.exports = (results) => `${results.length} files`;\n",
      "formatters/rules.cjs": "module.exports = (results, context) => Object.keys(context.rulesMeta).join(',');\n",
    });
    expect(runCli(["--format", "count"], root)).toEqual({ status: 1, stdout: "3 files\n", stderr: "" });
    expect(runCli(["-f", "eslint-formatter-count"], root).stdout).toBe("3 files\n");
    // rulesMeta is filled in even though worker threads may have done the linting.
    expect(runCli(["--format", "./formatters/rules.cjs"], root).stdout).toBe("migrations/idempotent-ddl\n");
    const compact = runCli(["--format", "json-with-metadata"], root);
    expect(Object.keys((JSON.parse(compact.stdout) as { metadata: { rulesMeta: object } }).metadata.rulesMeta)).toEqual(["migrations/idempotent-ddl"]);
  });

  it("-o writes the report to a file instead of stdout", () => {
    const root = project();
    const run = runCli(["-f", "json", "-o", "reports/eslint.json"], root);
    expect(run).toEqual({ status: 1, stdout: "", stderr: "" });
    expect(findings(fs.readFileSync(path.join(root, "reports/eslint.json"), "utf8"), root)).toEqual(EXPECTED);
  });

  it("exit code 2 for what ESLint calls usage and config errors", () => {
    const root = project();
    expect(runCli(["missing-folder"], root)).toEqual({
      status: 2,
      stdout: "",
      stderr: expect.stringContaining('No files matching the pattern "missing-folder" were found.\n') as string,
    });
    const empty = runCli(["app"], root);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('No files matching the pattern "app" were found.\neslint-plugin-migrations looks for migrations in **/alembic/versions/**/*.py,');
    expect(runCli(["--no-error-on-unmatched-pattern", "app"], root)).toEqual({ status: 0, stdout: "", stderr: "" });
    const unknown = runCli(["--rule", "x: off"], root);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^eslint-plugin-migrations: Unknown option '--rule'/u);
    expect(runCli(["--max-warnings", "many"], root)).toEqual({
      status: 2,
      stdout: "",
      stderr: 'eslint-plugin-migrations: --max-warnings needs an integer, not "many"\n',
    });
    const formatter = runCli(["--format", "no-such-formatter"], root);
    expect(formatter.status).toBe(2);
    expect(formatter.stderr).toContain("There was a problem loading formatter");
  });

  it("--help, --version", () => {
    const root = project({});
    const help = runCli(["--help"], root);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("eslint-plugin-migrations [options] [file|dir ...]");
    const { version } = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
    expect(runCli(["--version"], root).stdout).toMatch(new RegExp(`^eslint-plugin-migrations v${version.replaceAll(".", "\\.")} \\(ESLint v10\\.`, "u"));
  });
});

describe("with a project config", () => {
  it("runs ESLint with the project's eslint.config.* and every ESLint option, as `eslint` would", () => {
    const root = project({
      ...PROJECT,
      // Not what the recommended configs say: warnings, and Alembic only.
      "eslint.config.mjs":
        'import migrations from "eslint-plugin-migrations";\n\nexport default [{ ...migrations.configs.recommended[0], rules: { "migrations/idempotent-ddl": "warn" } }];\n',
    });
    linkPlugin(root);
    const run = runCli(["--format", "json", "alembic"], root);
    expect(run.status).toBe(0);
    expect(findings(run.stdout, root)).toEqual([{ file: EXPECTED[0]?.file, messages: [{ ...EXPECTED[0]?.messages[0], severity: 1 }] }]);
    // An ESLint option this CLI does not implement itself.
    const ruleOff = runCli(["--format", "json", "--rule", "migrations/idempotent-ddl: off", "alembic"], root);
    expect(findings(ruleOff.stdout, root)).toEqual([{ file: EXPECTED[0]?.file, messages: [] }]);
    expect(runCli(["--max-warnings", "0", "alembic"], root).status).toBe(1);
    // --no-config-lookup: back to the recommended configs.
    const recommended = runCli(["--no-config-lookup", "--format", "json"], root);
    expect(recommended.status).toBe(1);
    expect(findings(recommended.stdout, root)).toEqual(EXPECTED);
  });

  it("finds the config in a directory above, up to the repository root", () => {
    const root = project({
      ...PROJECT,
      ".git/HEAD": "ref: refs/heads/main\n",
      "eslint.config.js": 'import migrations from "eslint-plugin-migrations";\n\nexport default [{ ...migrations.configs.recommended[0], rules: { "migrations/idempotent-ddl": "warn" } }];\n',
    });
    linkPlugin(root);
    const run = runCli(["--format", "json", "."], path.join(root, "alembic"));
    expect(run.stderr).toBe("");
    expect(findings(run.stdout, root).map((result) => result.messages.map((message) => message.severity))).toEqual([[1]]);
  });
});

/** A frontend's config at a monorepo's root: it lints the web app and knows nothing of migrations. */
const FRONTEND_CONFIG = 'export default [{ files: ["web/**/*.js"], rules: { semi: "error" } }, { ignores: ["backend/**"] }];\n';

describe("beside a config written for another part of the repository", () => {
  const monorepo = () =>
    project({
      // A repository: the config lookup stops at its root.
      ".git/HEAD": "ref: refs/heads/main\n",
      "eslint.config.js": FRONTEND_CONFIG,
      "web/app.js": "export const x = 1;\n",
      "backend/alembic/versions/0001_indexes.py": ALEMBIC,
      "backend/app/models.py": ALEMBIC,
    });

  it("lints the migrations it finds with the recommended config and says so in one stderr line", () => {
    const root = monorepo();
    const run = runCli(["--format", "json", "."], path.join(root, "backend"));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "eslint-plugin-migrations: ../eslint.config.js does not lint the 1 migration file found here with this plugin; linted it with the recommended config instead " +
        "(to use ../eslint.config.js, add `...migrations.configs.recommended` (or a block with this plugin's rules for those files) to it; --no-config-lookup skips this check).\n",
    );
    expect(findings(run.stdout, path.join(root, "backend"))).toEqual([EXPECTED[0]]);
  });

  it("with -c naming that config: says which files it leaves out and how to include them, exit code 2", () => {
    const root = monorepo();
    const run = runCli(["-c", "../eslint.config.js", "."], path.join(root, "backend"));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "eslint-plugin-migrations: ../eslint.config.js does not lint any of the 1 migration file found here (alembic/versions/0001_indexes.py): its ignores or `files` patterns leave them out, " +
        "or it does not turn on this plugin's rules for them. To lint it with it, add `...migrations.configs.recommended` (or a block with this plugin's rules for those files) to it; " +
        "without -c the recommended config lints it.\n",
    );
  });

  it("uses a config that lints some of the migrations, and names the ones it leaves out", () => {
    const root = project({
      "alembic/versions/0001_indexes.py": ALEMBIC,
      "supabase/migrations/20240101000000_init.sql": SUPABASE,
      "migrations/20240102_legacy.js": KNEX,
      // Alembic only: the SQL and knex migrations are left out.
      "eslint.config.mjs": 'import migrations from "eslint-plugin-migrations";\n\nexport default [migrations.configs.recommended[0]];\n',
    });
    linkPlugin(root);
    const run = runCli(["--format", "json"], root);
    expect(run.status).toBe(1);
    // ESLint also lists the .js/.mjs files its defaults match, without messages.
    expect(findings(run.stdout, root).filter((result) => result.messages.length > 0)).toEqual([EXPECTED[0]]);
    expect(run.stderr).toBe(
      "eslint-plugin-migrations: eslint.config.mjs does not lint 2 migration files found here with this plugin (migrations/20240102_legacy.js, supabase/migrations/20240101000000_init.sql); " +
        "to lint them, add `...migrations.configs.recommended` (or a block with this plugin's rules for those files) to it.\n",
    );
  });

  it("falls back to the recommended config, and says why, when the config cannot be loaded", () => {
    const root = project({
      ".git/HEAD": "ref: refs/heads/main\n",
      "eslint.config.js": 'import react from "eslint-plugin-not-installed";\n\nexport default [react];\n',
      "backend/alembic/versions/0001_indexes.py": ALEMBIC,
    });
    const run = runCli(["--format", "json", "."], path.join(root, "backend"));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^eslint-plugin-migrations: \.\.\/eslint\.config\.js could not be loaded \(Cannot find package 'eslint-plugin-not-installed'[^\n]*\); linted 1 migration file found here with the recommended config instead\.\n$/u);
    expect(findings(run.stdout, path.join(root, "backend"))).toEqual([EXPECTED[0]]);
  });
});
