import { describe, expect, it } from "vitest";
import type { SqlSection, SqlStatementNode } from "../../../src/languages/sql/ast.js";
import { FILENAME, lint, lintConfig, linter, parse, sourceCode, sql, statements, textOf } from "./helpers.js";

function located(text: string) {
  return lint(text).map(({ line, column, endLine, endColumn, message }) => ({ line, column, endLine, endColumn, message }));
}

describe("statement locations", () => {
  it("spans a multi-line statement without its `;` or the comments around it", () => {
    const text = "-- the table\nCREATE TABLE a (\n  id int\n); -- done\n\nCREATE INDEX ix ON a (id);\n";
    expect(located(text)).toEqual([
      { line: 2, column: 1, endLine: 4, endColumn: 2, message: "CreateStmt" },
      { line: 6, column: 1, endLine: 6, endColumn: 26, message: "IndexStmt" },
    ]);
    expect(statements(parse(text)).map((node) => textOf(text, node))).toEqual([
      "CREATE TABLE a (\n  id int\n)",
      "CREATE INDEX ix ON a (id)",
    ]);
  });

  it("counts CRLF, and a lone CR, as one line break", () => {
    expect(located("SELECT 1;\r\nSELECT\r\n  2;\r\nSELECT 3;\rSELECT 4;\r\n")).toEqual([
      { line: 1, column: 1, endLine: 1, endColumn: 9, message: "SelectStmt" },
      { line: 2, column: 1, endLine: 3, endColumn: 4, message: "SelectStmt" },
      { line: 4, column: 1, endLine: 4, endColumn: 9, message: "SelectStmt" },
      { line: 5, column: 1, endLine: 5, endColumn: 9, message: "SelectStmt" },
    ]);
  });

  it("counts a tab as one column", () => {
    expect(located("\tSELECT 1;\n\t\tSELECT\t2;\n")).toEqual([
      { line: 1, column: 2, endLine: 1, endColumn: 10, message: "SelectStmt" },
      { line: 2, column: 3, endLine: 2, endColumn: 11, message: "SelectStmt" },
    ]);
  });

  it("counts columns in UTF-16 code units after non-ASCII text", () => {
    const text = "-- café ☕ 𝄞\nCOMMENT ON TABLE t IS 'é𝄞'; SELECT 'ü';\nSELECT 1;\n";
    expect(located(text)).toEqual([
      { line: 2, column: 1, endLine: 2, endColumn: 28, message: "CommentStmt" },
      { line: 2, column: 30, endLine: 2, endColumn: 40, message: "SelectStmt" },
      { line: 3, column: 1, endLine: 3, endColumn: 9, message: "SelectStmt" },
    ]);
    expect(statements(parse(text)).map((node) => textOf(text, node))).toEqual([
      "COMMENT ON TABLE t IS 'é𝄞'",
      "SELECT 'ü'",
      "SELECT 1",
    ]);
  });

  it("reports statements nested in PL/pgSQL as children of the statement around them", () => {
    const text = "DO $$\nBEGIN\n  CREATE INDEX ix ON t (a);\nEND\n$$;\n";
    expect(located(text)).toEqual([
      { line: 1, column: 1, endLine: 5, endColumn: 3, message: "DoStmt" },
      { line: 3, column: 3, endLine: 3, endColumn: 27, message: "IndexStmt" },
    ]);
    const code = sourceCode(text);
    const [outer, nested] = statements(code.ast);
    expect(outer?.children).toEqual([nested]);
    expect(nested?.statement.range).toEqual(nested?.range);
    expect(code.getParent(nested as SqlStatementNode)).toBe(outer);
    expect(code.getAncestors(nested as SqlStatementNode).map((node) => node.type)).toEqual(["SqlScript", "SqlStatement"]);
  });
});

describe("statements that do not parse", () => {
  const text = "CREATE TABLE a (id int);\nCREATE TABEL b (id int);\nCREATE TABLE c (id int);\n";

  it("keep their node with the error, and the statements around them are still checked", () => {
    const reports = located(text);
    expect(reports.map(({ line, message }) => ({ line, message: message.replace(/:.*/su, "") }))).toEqual([
      { line: 1, message: "CreateStmt" },
      { line: 2, message: "unparsed" },
      { line: 3, message: "CreateStmt" },
    ]);
    expect(reports[1]?.message).toMatch(/syntax error at or near "TABEL"/u);
  });

  it("carry the error offset in the file, on the node and on the core's statement", () => {
    const bad = statements(parse(text))[1] as SqlStatementNode;
    expect(bad.kind).toBeNull();
    expect(bad.error?.offset).toBe(text.indexOf("TABEL"));
    expect(bad.statement.error).toBe(bad.error);
  });
});

describe("files that cannot be read", () => {
  it("turn a lexical error into a fatal parsing error where it starts", () => {
    const messages = linter.verify("SELECT 1;\nSELECT 'oops;\n", lintConfig(), { filename: FILENAME });
    expect(messages).toEqual([
      expect.objectContaining({ ruleId: null, fatal: true, severity: 2, line: 2, column: 8 }),
    ]);
    expect(messages[0]?.message).toMatch(/^Parsing error: unterminated quoted string/u);
  });

  it("reject a binary file", () => {
    expect(linter.verify("SELECT 1;\u0000\u0001", lintConfig(), { filename: FILENAME })).toEqual([
      expect.objectContaining({
        fatal: true,
        line: 1,
        column: 10,
        message: "Parsing error: source contains a NUL byte; this looks like a binary file, not SQL",
      }),
    ]);
    const body = new Uint8Array([0x53, 0x45, 0x4c, 0x0a, 0x00]);
    expect(sql.parse({ body, path: FILENAME, physicalPath: FILENAME, bom: false })).toEqual({
      ok: false,
      errors: [{ message: expect.stringMatching(/NUL byte/u) as unknown, line: 2, column: 1 }],
    });
  });
});

describe("files without statements", () => {
  it("give an empty script for an empty file", () => {
    const ast = parse("");
    expect(ast).toMatchObject({ type: "SqlScript", range: [0, 0], children: [], comments: [] });
    expect(ast.loc).toEqual({ start: { line: 1, column: 0 }, end: { line: 1, column: 0 } });
    expect(lint("")).toEqual([]);
  });

  it("keep the comments of a comment-only file, without their markers", () => {
    const text = "-- just a note\n/* a block\n   comment */\n";
    const code = sourceCode(text);
    expect(code.ast.children).toEqual([]);
    expect(code.comments).toEqual([
      {
        type: "Comment",
        kind: "line",
        value: " just a note",
        range: [0, 14],
        loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 14 } },
      },
      {
        type: "Comment",
        kind: "block",
        value: " a block\n   comment ",
        range: [15, 39],
        loc: { start: { line: 2, column: 0 }, end: { line: 3, column: 13 } },
      },
    ]);
    expect(code.ast.loc.end).toEqual({ line: 4, column: 0 });
    expect(lint(text)).toEqual([]);
  });
});

describe("language options", () => {
  it("accept each dialect, or none so that the project decides", () => {
    expect(sql.defaultLanguageOptions).toEqual({});
    for (const dialect of ["postgresql", "mysql", "mariadb", "sqlite", "cockroachdb"]) {
      expect(() => {
        sql.validateLanguageOptions({ dialect });
      }).not.toThrow();
    }
    expect(() => {
      sql.validateLanguageOptions({});
    }).not.toThrow();
    expect(lint("SELECT 1;", FILENAME, lintConfig({ languageOptions: { dialect: "postgresql" } }))).toHaveLength(1);
  });

  it("reject an unknown dialect or key with a TypeError", () => {
    expect(() => {
      sql.validateLanguageOptions({ dialect: "oracle" });
    }).toThrow(new TypeError('The SQL language option "dialect" must be one of "postgresql", "mysql", "mariadb", "sqlite", "cockroachdb"; got "oracle".'));
    expect(() => {
      sql.validateLanguageOptions({ dialet: "postgresql" });
    }).toThrow(new TypeError('Unexpected key "dialet" in the SQL language options; the only option is "dialect".'));
    expect(() => lint("SELECT 1;", FILENAME, lintConfig({ languageOptions: { dialect: "mssql" } }))).toThrow(
      /"dialect" must be one of/u,
    );
  });
});

describe("traversal", () => {
  it("visits sections and statements depth first, and knows every node's parent", () => {
    const text = "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n";
    const code = sourceCode(text);
    const visits = [...code.traverse()].map((step) => {
      const [node] = step.args as [{ type: string }];
      return `${step.phase === 1 ? "enter" : "exit"} ${node.type}`;
    });
    expect(visits).toEqual([
      "enter SqlScript",
      "enter SqlSection",
      "enter SqlStatement",
      "exit SqlStatement",
      "exit SqlSection",
      "enter SqlSection",
      "enter SqlStatement",
      "exit SqlStatement",
      "exit SqlSection",
      "exit SqlScript",
    ]);
    const down = code.ast.children[1] as SqlSection;
    expect(code.getParent(down.children[0] as SqlStatementNode)).toBe(down);
    expect(code.getAncestors(down.children[0] as SqlStatementNode)).toEqual([code.ast, down]);
    expect(code.getParent(code.ast)).toBeUndefined();
  });
});

describe("a large file", () => {
  it("reports every statement of a 5 MB file", () => {
    const line = "CREATE TABLE IF NOT EXISTS t (id int, name text);\n";
    const count = Math.ceil((5 * 1024 * 1024) / line.length);
    const messages = linter.verify(line.repeat(count), lintConfig(), { filename: FILENAME });
    expect(messages).toHaveLength(count);
    expect(messages.at(-1)).toMatchObject({ line: count, message: "CreateStmt" });
  });
});
