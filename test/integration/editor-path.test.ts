// The path every editor integration takes (VS Code's ESLint extension, vscode-eslint-language-server
// in Neovim, JetBrains IDEs): the buffer's text on stdin, its absolute path as --stdin-filename, the
// project's eslint.config.js with the recommended config. Also pins down what the comments that
// VS Code's "Disable … for this line" quick fix writes do in Python and SQL, which the README's
// Editors section documents.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, ESLINT_BIN, type LintResult } from "../support/eslint-cli.js";

const RULE = "migrations/idempotent-ddl";

let project: string;

beforeAll(() => {
  const built = path.join(REPO, "dist/src/index.js");
  if (!fs.existsSync(built)) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before the integration tests");
  }
  project = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-editor-"));
  fs.writeFileSync(
    path.join(project, "eslint.config.js"),
    `import migrations from ${JSON.stringify(pathToFileURL(built).href)};\n\nexport default [...migrations.configs.recommended];\n`,
  );
});

afterAll(() => {
  fs.rmSync(project, { recursive: true, force: true });
});

/** Lints `text` as the editor buffer of `relativePath`, passing the absolute path as editors do. */
function lintBuffer(relativePath: string, text: string, ...flags: string[]) {
  const run = spawnSync(
    process.execPath,
    [ESLINT_BIN, "--format", "json", "--stdin", "--stdin-filename", path.join(project, relativePath), ...flags],
    { cwd: project, input: text, encoding: "utf8" },
  );
  if (run.stdout === "") {
    throw new Error(`eslint printed nothing (exit ${String(run.status)}): ${run.stderr}`);
  }
  const results = JSON.parse(run.stdout) as LintResult[];
  return { status: run.status, results, messages: results[0]?.messages ?? [] };
}

const retryMessage = (subject: string, failure: string, spelling: string) =>
  `${subject} is not retry-safe: if the migration is retried after a partial run, the retry fails with '${failure}'. Add \`${spelling}\` so that a retry skips it.`;

describe("a Python migration buffer", () => {
  const text = [
    "from alembic import op",
    "",
    "",
    "def upgrade():",
    '    op.create_index("ix_apps_owner", "apps", ["owner_id"])',
    "",
  ].join("\n");

  it("is reported at the call's span, and the quick fix is eslint --fix's edit", () => {
    const { status, messages } = lintBuffer("alembic/versions/0004_owner.py", text);
    expect(status).toBe(1);
    expect(messages).toEqual([
      expect.objectContaining({
        ruleId: RULE,
        message: retryMessage("op.create_index()", 'relation "ix_apps_owner" already exists', "if_not_exists=True"),
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 59,
      }),
    ]);
    const fixed = lintBuffer("alembic/versions/0004_owner.py", text, "--fix-dry-run");
    expect(fixed.results[0]?.output).toBe(text.replace('["owner_id"])', '["owner_id"], if_not_exists=True)'));
  });

  it("honours a hand-written # directive", () => {
    const directive = text.replace("    op.create_index", `    # eslint-disable-next-line ${RULE} -- applied by hand\n    op.create_index`);
    expect(lintBuffer("alembic/versions/0004_owner.py", directive)).toMatchObject({ status: 0, messages: [] });
  });

  it("is a syntax error after VS Code's quick fix writes // or /* */ (no setting makes it write #)", () => {
    for (const [comment, at] of [
      [`// eslint-disable-next-line ${RULE}`, "'//'"],
      [`/* eslint-disable-next-line ${RULE} */`, "'/'"],
    ] as const) {
      const broken = text.replace("    op.create_index", `    ${comment}\n    op.create_index`);
      const { status, messages } = lintBuffer("alembic/versions/0004_owner.py", broken);
      expect(status).toBe(1);
      expect(messages).toEqual([
        expect.objectContaining({ ruleId: null, fatal: true, message: `Parsing error: invalid syntax at ${at}`, line: 5, column: 5 }),
      ]);
    }
  });

  it("outside a migrations folder yields nothing when the editor passes warnIgnored: false", () => {
    // ESLint's own answer for a file no config object matches; editors hide it by default
    // (VS Code: "eslint.onIgnoredFiles": "off"), which is --no-warn-ignored on the command line.
    expect(lintBuffer("app/models.py", text).messages).toEqual([
      expect.objectContaining({ ruleId: null, severity: 1, message: "File ignored because no matching configuration was supplied." }),
    ]);
    const quiet = lintBuffer("app/models.py", text, "--no-warn-ignored");
    expect(quiet.status).toBe(0);
    expect(quiet.messages).toEqual([]);
  });
});

describe("a SQL migration buffer", () => {
  const text = ["CREATE INDEX ix_a ON apps (a);", "CREATE INDEX ix_b ON apps (b);", "CREATE INDEX ix_c ON apps (c);", ""].join("\n");

  it("honours the block comments VS Code writes with commentStyle: block, on their own line or the same line", () => {
    const directives = [
      `/* eslint-disable-next-line ${RULE} */`,
      "CREATE INDEX ix_a ON apps (a);",
      `CREATE INDEX ix_b ON apps (b); /* eslint-disable-line ${RULE} */`,
      "CREATE INDEX ix_c ON apps (c);",
      "",
    ].join("\n");
    const { status, messages } = lintBuffer("db/migrations/20261201_indexes.sql", directives);
    expect(status).toBe(1);
    expect(messages).toEqual([
      expect.objectContaining({
        ruleId: RULE,
        message: retryMessage("CREATE INDEX ix_c", 'relation "ix_c" already exists', "IF NOT EXISTS"),
        line: 4,
        column: 1,
        endLine: 4,
        endColumn: 30,
      }),
    ]);
    const fixed = lintBuffer("db/migrations/20261201_indexes.sql", directives, "--fix-dry-run");
    expect(fixed.results[0]?.output).toBe(directives.replace("CREATE INDEX ix_c", "CREATE INDEX IF NOT EXISTS ix_c"));
  });

  it("cannot be checked after the default quick fix writes a // comment, which is not SQL", () => {
    const broken = `// eslint-disable-next-line ${RULE}\n${text}`;
    const { messages } = lintBuffer("db/migrations/20261201_indexes.sql", broken);
    expect(messages[0]).toMatchObject({
      ruleId: "migrations/unchecked-sql",
      severity: 1,
      message: `This statement was not checked: PostgreSQL's parser rejects it (syntax error at or near "//"). Fix the SQL so that it can be checked.`,
      line: 1,
      column: 1,
      endLine: 2,
      endColumn: 30,
    });
  });
});

describe("a TypeScript migration buffer", () => {
  const text = [
    'import type { MigrationInterface, QueryRunner } from "typeorm";',
    "",
    "export class AppsName1764400000000 implements MigrationInterface {",
    "  public async up(queryRunner: QueryRunner): Promise<void> {",
    '    await queryRunner.query(`CREATE INDEX "IDX_apps_name" ON "apps" ("name")`);',
    "  }",
    "",
    "  public async down(queryRunner: QueryRunner): Promise<void> {",
    `    // eslint-disable-next-line ${RULE} -- the quick fix's own comment works in TypeScript`,
    '    await queryRunner.query(`DROP INDEX "public"."IDX_apps_name"`);',
    "  }",
    "}",
    "",
  ].join("\n");

  it("is parsed by the recommended config's TypeScript parser, reported and fixed inside the template literal", () => {
    const file = "src/migrations/1764400000000-AppsName.ts";
    const { status, messages } = lintBuffer(file, text);
    expect(status).toBe(1);
    expect(messages).toEqual([
      expect.objectContaining({
        ruleId: RULE,
        message: retryMessage("CREATE INDEX IDX_apps_name in queryRunner.query()", 'relation "IDX_apps_name" already exists', "IF NOT EXISTS"),
        line: 5,
        column: 30,
        endLine: 5,
        endColumn: 77,
      }),
    ]);
    const fixed = lintBuffer(file, text, "--fix-dry-run");
    expect(fixed.results[0]?.output).toBe(text.replace('CREATE INDEX "IDX', 'CREATE INDEX IF NOT EXISTS "IDX'));
  });
});
