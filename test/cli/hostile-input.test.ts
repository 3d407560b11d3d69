import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findings, makeProject, requireBuild, runCli } from "./run-cli.js";

/**
 * Huge and pathological input, generated here: every file gets its findings or one precise parse
 * error, and the run goes on to the others. Before, the first five files each ended the whole run
 * with "Oops! Something went wrong!" (a stack overflow), the 4,000-statement strings took minutes, and
 * the unterminated `$$` repeated the rest of its file in the message.
 */

const statements = (count: number) => Array.from({ length: count }, (_, index) => `CREATE INDEX ix_${String(index)} ON t (c${String(index)});`);
const chain = (terms: number) => Array.from({ length: terms }, () => '" "').join(" + ");

// PostgreSQL takes it; the walk over its blocks would need a stack thousands of frames deep.
const NESTED_DO = `DO $$ BEGIN ${"IF true THEN ".repeat(3000)}CREATE INDEX a ON t (x); ${"END IF; ".repeat(3000)}END $$`;

const FILES = {
  "alembic/versions/0001_ok.py": 'from alembic import op\n\n\ndef upgrade():\n    op.create_index("ix_apps_name", "apps", ["name"])\n',
  // More findings than a call has room for arguments (`push(...spread)` overflowed at about 123,000).
  "migrations/0002_many.sql": `${statements(125_000).join("\n")}\n`,
  // Strings of about 138,000 characters, each with 4,000 statements to fix.
  "alembic/versions/0003_ddl.py": `import sqlalchemy as sa\nfrom alembic import op\n\n\ndef upgrade():\n    op.execute(sa.DDL("${statements(4000).join(" ")}"))\n`,
  "alembic/versions/0004_many.py": `from alembic import op\n\n\ndef upgrade():\n    op.execute("""\n${statements(4000).join("\n")}\n""")\n`,
  "migrations/0005_raw.js": `exports.up = async function (knex) {\n  await knex.raw("${statements(4000).join(" ")}");\n};\n`,
  // Deeper than the parsers' recursion goes.
  "migrations/0006_chain.js": `exports.up = async function (knex) {\n  await knex.raw("CREATE INDEX a ON t (x)" + ${chain(20_000)});\n};\n`,
  "alembic/versions/0007_chain.py": `from alembic import op\n\n\ndef upgrade():\n    op.execute("CREATE INDEX a ON t (x)" + ${chain(500)})\n`,
  "migrations/0008_unterminated.sql": `CREATE FUNCTION f() RETURNS int AS $$ SELECT 1;\n${statements(20_000).join("\n")}\n`,
  "migrations/0009_brackets.js": `exports.up = async function (knex) {\n  const x = ${"[".repeat(10_000)}1${"]".repeat(10_000)};\n  await knex.raw("CREATE INDEX a ON t (x)");\n};\n`,
  "migrations/0010_nested_do.sql": `${NESTED_DO};\nCREATE INDEX b ON t (x);\n`,
  "migrations/0011_quote.sql": `SELECT 'unterminated;\n${statements(20_000).join("\n")}\n`,
  "migrations/0012_comment.sql": `/* open\n${statements(20_000).join("\n")}\n`,
};

const missingGuard = (subject: string, index: string) =>
  `${subject} is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation "${index}" already exists'. Add \`IF NOT EXISTS\` so that a retry skips it.`;

/** The finding for `CREATE INDEX ix_<n> …` where the file has it on `line`, columns from 1. */
function indexFinding(file: keyof typeof FILES, subjectSuffix: string, n: number) {
  const text = FILES[file];
  const statement = `CREATE INDEX ix_${String(n)} ON t (c${String(n)})`;
  const offset = text.indexOf(`${statement};`);
  const before = text.slice(0, offset).split("\n");
  const line = before.length;
  const column = (before.at(-1) ?? "").length + 1;
  return {
    ruleId: "migrations/idempotent-ddl",
    severity: 2,
    message: missingGuard(`CREATE INDEX ix_${String(n)}${subjectSuffix}`, `ix_${String(n)}`),
    line,
    column,
    endLine: line,
    endColumn: column + statement.length,
  };
}

const parseError = (message: string, line: number, column: number) => ({
  ruleId: null,
  severity: 2,
  message: `Parsing error: ${message}`,
  line,
  column,
  endLine: undefined,
  endColumn: undefined,
});

const roots: string[] = [];
beforeAll(requireBuild);
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

describe("hostile and huge input through the CLI", () => {
  it("gives every file its findings or one precise message, and exits 1", { timeout: 180_000 }, () => {
    const root = makeProject(FILES);
    roots.push(root);
    const run = runCli(["--no-config-lookup", "--format", "json"], root);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const results = new Map(findings(run.stdout, root).map((result) => [result.file, result.messages]));
    expect([...results.keys()].sort()).toEqual(Object.keys(FILES).sort());

    const firstAndLast = (file: string) => {
      const messages = results.get(file) ?? [];
      return { count: messages.length, first: messages[0], last: messages.at(-1) };
    };
    expect(firstAndLast("migrations/0002_many.sql")).toEqual({
      count: 125_000,
      first: indexFinding("migrations/0002_many.sql", "", 0),
      last: indexFinding("migrations/0002_many.sql", "", 124_999),
    });
    for (const [file, sink] of [
      ["alembic/versions/0003_ddl.py", " in sa.DDL()"],
      ["alembic/versions/0004_many.py", " in op.execute()"],
      ["migrations/0005_raw.js", " in knex.raw()"],
    ] as const) {
      expect(firstAndLast(file)).toEqual({ count: 4000, first: indexFinding(file, sink, 0), last: indexFinding(file, sink, 3999) });
    }
    expect(results.get("migrations/0006_chain.js")).toEqual([
      parseError(
        "too deeply nested: 20000 BinaryExpression nodes inside each other from here, and typescript-eslint's parser runs out of stack converting them. Split the expression into shorter ones.",
        2,
        18,
      ),
    ]);
    expect(results.get("alembic/versions/0007_chain.py")).toEqual([
      parseError(
        "too long to parse: this expression chains more than 300 operators, and the Python parser this plugin uses (@lezer/python) stops there. Split it into shorter expressions",
        5,
        16,
      ),
    ]);
    expect(results.get("migrations/0008_unterminated.sql")).toEqual([parseError('unterminated dollar-quoted string at or near "$$ SELECT 1;…"', 1, 36)]);
    expect(results.get("migrations/0011_quote.sql")).toEqual([parseError(`unterminated quoted string at or near "'unterminated;…"`, 1, 8)]);
    expect(results.get("migrations/0012_comment.sql")).toEqual([parseError('unterminated /* comment at or near "/* open…"', 1, 1)]);
    expect(results.get("migrations/0009_brackets.js")).toEqual([
      parseError(
        "too deeply nested: brackets nest 10000 deep from here, and TypeScript's parser runs out of stack reading them. Split the expression into shorter ones.",
        2,
        13,
      ),
    ]);
    expect(results.get("migrations/0010_nested_do.sql")).toEqual([
      {
        ruleId: "migrations/unchecked-sql",
        severity: 1,
        message:
          "This statement was not checked: its PL/pgSQL blocks nest deeper than this rule can follow. Split the body into smaller blocks or functions so that it can be checked.",
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: NESTED_DO.length + 1,
      },
      {
        ruleId: "migrations/idempotent-ddl",
        severity: 2,
        message: missingGuard("CREATE INDEX b", "b"),
        line: 2,
        column: 1,
        endLine: 2,
        endColumn: 24,
      },
    ]);
    expect(results.get("alembic/versions/0001_ok.py")).toHaveLength(1);
  });

  it("fixes 4,000 statements in one string, and the fixed files have nothing left to fix", { timeout: 120_000 }, () => {
    const names = ["alembic/versions/0003_ddl.py", "alembic/versions/0004_many.py", "migrations/0005_raw.js"] as const;
    const root = makeProject(Object.fromEntries(names.map((name) => [name, FILES[name]])));
    roots.push(root);
    const fixed = runCli(["--no-config-lookup", "--fix"], root);
    expect(fixed.stderr).toBe("");
    expect(fixed.status).toBe(0);
    for (const name of names) {
      const text = fs.readFileSync(path.join(root, name), "utf8");
      expect(text).toBe(FILES[name].replaceAll("CREATE INDEX ix_", "CREATE INDEX IF NOT EXISTS ix_"));
    }
    const again = runCli(["--no-config-lookup", "--format", "json"], root);
    expect(again.status).toBe(0);
    expect(findings(again.stdout, root).flatMap((result) => result.messages)).toEqual([]);
  });
});
