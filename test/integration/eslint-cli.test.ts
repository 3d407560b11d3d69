import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { REPO, ESLINT_BIN, BUILT_PLUGIN, type LintResult } from "../support/eslint-cli.js";


const UNSAFE = 'from alembic import op\n\n\ndef upgrade():\n    op.create_index(op.f("ix_apps_name"), "apps", ["name"], unique=False)\n';
const UNSAFE_MESSAGE =
  "op.create_index() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"ix_apps_name\" already exists'. Add `if_not_exists=True` so that a retry skips it.";

let project: string;

beforeAll(() => {
  if (!fs.existsSync(path.join(REPO, "dist/src/index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before the integration tests");
  }
  project = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-cli-"));
  fs.writeFileSync(
    path.join(project, "eslint.config.js"),
    `import migrations from ${JSON.stringify(BUILT_PLUGIN)};\n\nexport default [\n  ...migrations.configs.recommended,\n  { linterOptions: { reportUnusedDisableDirectives: "error" } },\n];\n`,
  );
});

afterAll(() => {
  fs.rmSync(project, { recursive: true, force: true });
});

/** Runs the real ESLint CLI the way editors do: the file's text on stdin, its path as a flag. */
function eslintStdin(filename: string, text: string, ...flags: string[]) {
  const run = spawnSync(
    process.execPath,
    [ESLINT_BIN, "--format", "json", "--stdin", "--stdin-filename", filename, ...flags],
    { cwd: project, input: text, encoding: "utf8" },
  );
  const results = JSON.parse(run.stdout) as LintResult[];
  return { status: run.status, stderr: run.stderr, result: results[0] as LintResult };
}

describe("the ESLint CLI with the recommended config", () => {
  it("reports an unguarded create_index at its exact span", () => {
    const { status, result } = eslintStdin("x/alembic/versions/a.py", UNSAFE);
    expect(status).toBe(1);
    expect(result.messages).toEqual([
      expect.objectContaining({
        ruleId: "migrations/idempotent-ddl",
        message: UNSAFE_MESSAGE,
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 74,
        severity: 2,
      }),
    ]);
  });

  it("--fix-dry-run prints the fixed file, and the fixed file is clean", () => {
    const { result } = eslintStdin("x/alembic/versions/a.py", UNSAFE, "--fix-dry-run");
    const fixed = UNSAFE.replace("unique=False)", "unique=False, if_not_exists=True)");
    expect(result.output).toBe(fixed);
    expect(result.messages).toEqual([]);
    const again = eslintStdin("x/alembic/versions/a.py", fixed, "--fix-dry-run");
    expect(again.status).toBe(0);
    expect(again.result.output).toBeUndefined();
  });

  it("applies to Flask-Migrate's migrations/versions folder too", () => {
    const { result } = eslintStdin("migrations/versions/a.py", UNSAFE);
    expect(result.messages.map((message) => message.ruleId)).toEqual(["migrations/idempotent-ddl"]);
  });

  it("leaves other Python files alone", () => {
    const { status, result } = eslintStdin("app/models.py", UNSAFE);
    expect(status).toBe(0);
    expect(result.messages.every((message) => message.ruleId !== "migrations/idempotent-ddl")).toBe(true);
  });

  it("honours inline directives in Python comments", () => {
    const text = [
      "from alembic import op",
      "",
      "",
      "def upgrade():",
      "    # eslint-disable-next-line migrations/idempotent-ddl -- applied by hand in 2024",
      '    op.create_index("ix_a", "apps", ["a"])',
      '    op.create_index("ix_b", "apps", ["b"])  # eslint-disable-line migrations/idempotent-ddl',
      "    # eslint-disable migrations/idempotent-ddl",
      '    op.drop_index("ix_c")',
      "    # eslint-enable migrations/idempotent-ddl",
      '    op.drop_index("ix_d")',
      "",
    ].join("\n");
    const { result } = eslintStdin("x/alembic/versions/b.py", text);
    expect(result.messages.map((message) => [message.ruleId, message.line])).toEqual([
      ["migrations/idempotent-ddl", 11],
    ]);
  });

  it("reports and removes an unused disable directive", () => {
    const text = 'from alembic import op\n\nop.create_index("ix_a", "t", ["a"], if_not_exists=True)  # eslint-disable-line migrations/idempotent-ddl\n';
    const { result } = eslintStdin("x/alembic/versions/c.py", text);
    expect(result.messages).toEqual([
      expect.objectContaining({
        ruleId: null,
        message: "Unused eslint-disable directive (no problems were reported from 'migrations/idempotent-ddl').",
        line: 3,
        column: 58,
      }),
    ]);
    const fixed = eslintStdin("x/alembic/versions/c.py", text, "--fix-dry-run");
    expect(fixed.result.output).toBe('from alembic import op\n\nop.create_index("ix_a", "t", ["a"], if_not_exists=True)   \n');
  });

  it("turns a rule off with a configuration comment", () => {
    const text = `# eslint migrations/idempotent-ddl: "off"\n${UNSAFE}`;
    const { status, result } = eslintStdin("x/alembic/versions/d.py", text);
    expect(status).toBe(0);
    expect(result.messages).toEqual([]);
  });

  it("reports a syntax error as a parse error at its line and column", () => {
    const text = 'from alembic import op\n\ndef upgrade():\n    op.create_index("ix_a", "t", ["a"]\n\n\ndef downgrade():\n    pass\n';
    const { status, result } = eslintStdin("x/alembic/versions/e.py", text);
    expect(status).toBe(1);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({ fatal: true, ruleId: null, line: 7 });
    expect(result.messages[0]?.message).toMatch(/^Parsing error: invalid syntax/u);
  });
});

describe("the ESLint CLI on .sql files", () => {
  it("reports, fixes and honours -- directives through stdin, as editors call it", () => {
    const text = "-- eslint-disable-next-line migrations/idempotent-ddl -- owned by the platform team\nCREATE EXTENSION pg_trgm;\nCREATE INDEX ix_apps_name ON apps (name);\n";
    const { status, result } = eslintStdin("db/migrations/0002_index.sql", text);
    expect(status).toBe(1);
    expect(result.messages).toEqual([
      expect.objectContaining({ ruleId: "migrations/idempotent-ddl", line: 3, column: 1, endLine: 3, endColumn: 41 }),
    ]);
    const fixed = eslintStdin("db/migrations/0002_index.sql", text, "--fix-dry-run");
    expect(fixed.result.output).toBe(text.replace("CREATE INDEX ix_apps_name", "CREATE INDEX IF NOT EXISTS ix_apps_name"));
  });

  it("reports an unterminated quote as a parse error at its position", () => {
    const { status, result } = eslintStdin("db/migrations/0003_bad.sql", "CREATE TABLE t (a int);\nINSERT INTO t VALUES ('oops);\n");
    expect(status).toBe(1);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({ fatal: true, ruleId: null, line: 2 });
    expect(result.messages[0]?.message).toMatch(/^Parsing error: unterminated quoted string/u);
  });
});

describe("a CommonJS eslint.config.cjs", () => {
  it("require()s the plugin and lints SQL at once (libpg-query loads without top-level await)", () => {
    const cjsProject = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-cjs-"));
    try {
      fs.writeFileSync(
        path.join(cjsProject, "eslint.config.cjs"),
        `const migrations = require(${JSON.stringify(path.join(REPO, "dist/src/index.js"))});\n\nmodule.exports = [...migrations.configs.recommended];\n`,
      );
      const run = spawnSync(
        process.execPath,
        [ESLINT_BIN, "--format", "json", "--stdin", "--stdin-filename", "db/migrations/0001.sql"],
        { cwd: cjsProject, input: "CREATE INDEX ix_a ON apps (a);\n", encoding: "utf8" },
      );
      const [result] = JSON.parse(run.stdout) as LintResult[];
      expect(run.status).toBe(1);
      expect(result?.messages.map((message) => [message.ruleId, message.line, message.column])).toEqual([
        ["migrations/idempotent-ddl", 1, 1],
      ]);
    } finally {
      fs.rmSync(cjsProject, { recursive: true, force: true });
    }
  });
});

describe("the ESLint class with the recommended config", () => {
  it("lints a versions folder and fixes it in memory", async () => {
    const directory = path.join(project, "svc/alembic/versions");
    fs.mkdirSync(directory, { recursive: true });
    fs.writeFileSync(path.join(directory, "0001_a.py"), UNSAFE);
    fs.writeFileSync(path.join(directory, "0002_b.py"), 'from alembic import op\n\nop.drop_table("t", if_exists=True)\n');
    fs.writeFileSync(path.join(project, "svc/app.py"), UNSAFE);
    const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: plugin.configs.recommended, fix: true });
    const results = await eslint.lintFiles(["svc"]);
    const byName = Object.fromEntries(results.map((result) => [path.relative(project, result.filePath), result]));
    expect(Object.keys(byName).sort()).toEqual(["svc/alembic/versions/0001_a.py", "svc/alembic/versions/0002_b.py"]);
    expect(byName["svc/alembic/versions/0001_a.py"]?.output).toContain("unique=False, if_not_exists=True)");
    expect(byName["svc/alembic/versions/0001_a.py"]?.messages).toEqual([]);
    expect(byName["svc/alembic/versions/0002_b.py"]?.messages).toEqual([]);
    expect(fs.readFileSync(path.join(directory, "0001_a.py"), "utf8")).toBe(UNSAFE);
  });
});
