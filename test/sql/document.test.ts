import { beforeAll, describe, expect, it } from "vitest";
import { analyzeSql } from "../../src/sql/document.js";
import { __testing } from "../../src/sql/parser.js";
import type { SqlDocument } from "../../src/sql/types.js";

beforeAll(async () => {
  await __testing.ready;
});

function statementTexts(document: SqlDocument): string[] {
  return document.statements.map((statement) => document.text.slice(...statement.range));
}

function relationLocation(document: SqlDocument, index: number): unknown {
  const relation = document.statements[index]?.node?.relation as { location?: number } | undefined;
  return relation?.location;
}

describe("statement splitting", () => {
  it("does not split at semicolons inside quotes and quoted identifiers", () => {
    const document = analyzeSql(`SELECT 'a;b' AS "x;y";\nSELECT E'it\\'s;' ; SELECT 'it''s;'`);
    expect(statementTexts(document)).toEqual([`SELECT 'a;b' AS "x;y"`, `SELECT E'it\\'s;'`, `SELECT 'it''s;'`]);
    expect(document.statements.map((statement) => statement.kind)).toEqual(["SelectStmt", "SelectStmt", "SelectStmt"]);
  });

  it("does not split inside dollar quotes, named or not", () => {
    const document = analyzeSql("SELECT $$;$$; SELECT $fn$ ; $$ ; $fn$;SELECT 1");
    expect(statementTexts(document)).toEqual(["SELECT $$;$$", "SELECT $fn$ ; $$ ; $fn$", "SELECT 1"]);
  });

  it("keeps comments apart and out of the statement ranges", () => {
    const text = "-- first; not a statement\n/* a /* nested; */ still; */ CREATE INDEX ix ON t (c) /* after */ ; -- tail;\n";
    const document = analyzeSql(text);
    expect(statementTexts(document)).toEqual(["CREATE INDEX ix ON t (c)"]);
    expect(document.comments).toEqual([
      { kind: "line", start: 0, end: 25, value: " first; not a statement" },
      { kind: "block", start: 26, end: 54, value: " a /* nested; */ still; " },
      { kind: "block", start: 80, end: 91, value: " after " },
      { kind: "line", start: 94, end: 102, value: " tail;" },
    ]);
    expect(document.statements[0]?.tokens.map((token) => token.text)).toEqual(["CREATE", "INDEX", "ix", "ON", "t", "(", "c", ")"]);
  });

  it("keeps a comment inside a statement in its range but not in its tokens", () => {
    const document = analyzeSql("CREATE /* why */ INDEX ix ON t (c)");
    expect(statementTexts(document)).toEqual(["CREATE /* why */ INDEX ix ON t (c)"]);
    expect(document.statements[0]?.tokens.map((token) => token.text).slice(0, 2)).toEqual(["CREATE", "INDEX"]);
  });

  it("handles CRLF line ends", () => {
    const document = analyzeSql("CREATE TABLE t (id int);\r\n-- c\r\nDROP TABLE u;\r\n");
    expect(document.statements.map((statement) => statement.range)).toEqual([
      [0, 23],
      [32, 44],
    ]);
    expect(document.comments).toEqual([{ kind: "line", start: 26, end: 30, value: " c" }]);
  });

  it("skips empty statements and blank text", () => {
    expect(statementTexts(analyzeSql(";;SELECT 1;; ;"))).toEqual(["SELECT 1"]);
    expect(analyzeSql("")).toEqual({ text: "", statements: [], comments: [], error: null });
    expect(analyzeSql(" \n\t")).toEqual({ text: " \n\t", statements: [], comments: [], error: null });
    expect(analyzeSql("-- nothing\n").statements).toEqual([]);
  });

  it("keeps a SQL-standard routine body and parenthesised rule actions in one statement", () => {
    const text =
      "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;\n" +
      "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); INSERT INTO v VALUES (2));\n" +
      "BEGIN; SELECT 1; END;";
    const document = analyzeSql(text);
    expect(document.statements.map((statement) => statement.kind)).toEqual([
      "CreateFunctionStmt",
      "RuleStmt",
      "TransactionStmt",
      "SelectStmt",
      "TransactionStmt",
    ]);
    expect(document.statements[0]?.range).toEqual([0, 116]);
  });
});

describe("offsets in text with multi-byte characters", () => {
  const prefix = "-- café 日本語 😀🎉\n/* ü */ ";
  const text = `${prefix}CREATE TABLE "tëst😀" (a int);\nCREATE INDEX ix ON "日本" (a);`;

  it("gives string indexes for statements, tokens, comments and node locations", () => {
    const document = analyzeSql(text);
    const first = text.indexOf("CREATE");
    const second = text.lastIndexOf("CREATE");
    expect(document.statements.map((statement) => statement.range)).toEqual([
      [first, text.indexOf(";")],
      [second, text.length - 1],
    ]);
    expect(document.statements[0]?.tokens[2]).toEqual({
      start: text.indexOf('"tëst😀"'),
      end: text.indexOf('"tëst😀"') + 8,
      kind: "identifier",
      text: '"tëst😀"',
    });
    expect(document.comments.map((comment) => text.slice(comment.start, comment.end))).toEqual(["-- café 日本語 😀🎉", "/* ü */"]);
    expect(relationLocation(document, 0)).toBe(text.indexOf('"tëst😀"'));
    expect(relationLocation(document, 1)).toBe(text.indexOf('"日本"'));
  });

  it("gives the same node locations when a bad statement forces statement-by-statement parsing", () => {
    const good = analyzeSql(text);
    const withError = analyzeSql(`${text}\nSELEC 1;`);
    expect(withError.statements.slice(0, 2).map((statement) => statement.node)).toEqual(good.statements.map((statement) => statement.node));
  });
});

describe("syntax errors", () => {
  it("isolates a bad statement and still parses the others", () => {
    const text = "CREATE INDEX ix ON t (c);\nALTER TABLE t ADD COLUMN;\nDROP TABLE u;";
    const document = analyzeSql(text);
    expect(document.error).toBeNull();
    expect(document.statements.map((statement) => statement.kind)).toEqual(["IndexStmt", null, "DropStmt"]);
    expect(document.statements[1]).toMatchObject({
      range: [26, 50],
      node: null,
      // Parsed alone, without its ";", the statement ends where the whole text had the ";".
      error: { message: "syntax error at end of input", offset: 50 },
    });
    expect(document.statements[2]?.node).toMatchObject({ removeType: "OBJECT_TABLE" });
  });

  it("reports the error offset as a string index after multi-byte text", () => {
    const text = "-- 😀 日本\nSELECT 'é'; SELECT 'é😀' FROM WHERE; SELECT 2";
    const document = analyzeSql(text);
    expect(document.statements.map((statement) => statement.kind)).toEqual(["SelectStmt", null, "SelectStmt"]);
    expect(document.statements[1]?.error).toEqual({ message: 'syntax error at or near "WHERE"', offset: text.indexOf("WHERE") });
  });

  it("reports an unterminated quote as a document error", () => {
    const text = "CREATE INDEX ix ON t (c);\n-- 😀\nSELECT 'never closed;";
    expect(analyzeSql(text)).toEqual({
      text,
      statements: [],
      comments: [],
      error: { message: `unterminated quoted string at or near "'never closed;"`, offset: text.indexOf("'never") },
    });
    expect(analyzeSql("SELECT $tag$ open").error?.offset).toBe(7);
    expect(analyzeSql('SELECT "open').error?.offset).toBe(7);
  });
});

describe("statement kinds and tokens", () => {
  it("names the statement node", () => {
    const document = analyzeSql(`
      CREATE INDEX CONCURRENTLY ix ON t (c);
      ALTER TABLE t ADD COLUMN c int;
      CREATE TABLE t (id int);
      DROP INDEX ix;
      DO $$ BEGIN NULL; END $$;
      CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
      CREATE VIEW v AS SELECT 1;
      CREATE TYPE mood AS ENUM ('a');
      ALTER TYPE mood ADD VALUE 'b';
    `);
    expect(document.statements.map((statement) => statement.kind)).toEqual([
      "IndexStmt",
      "AlterTableStmt",
      "CreateStmt",
      "DropStmt",
      "DoStmt",
      "CreateFunctionStmt",
      "ViewStmt",
      "CreateEnumStmt",
      "AlterEnumStmt",
    ]);
    expect(document.statements[0]?.node).toMatchObject({ idxname: "ix", concurrent: true });
    expect(document.statements.every((statement) => statement.editable && statement.plpgsqlGuard === null)).toBe(true);
  });

  it("classifies tokens and upper-cases keywords", () => {
    const document = analyzeSql(`select a.b::text, 'x' || $1, 1.5, "Q", x'ff' from t where c >= 2 and d[1] <> e`);
    const tokens = document.statements[0]?.tokens ?? [];
    const kinds = Object.fromEntries(tokens.map((token) => [token.text, token.kind]));
    expect(kinds).toMatchObject({
      SELECT: "keyword",
      a: "identifier",
      ".": "punctuation",
      "::": "operator",
      TEXT: "keyword",
      ",": "punctuation",
      "'x'": "string",
      "||": "operator",
      $1: "parameter",
      "1.5": "number",
      '"Q"': "identifier",
      "x'ff'": "string",
      ">=": "operator",
      "[": "punctuation",
      "<>": "operator",
    });
  });
});

describe("control characters", () => {
  // libpg-query's scanner writes them into its JSON unescaped and then fails to read it.
  it("analyses text with \\v, \\f and control characters in quotes and comments", () => {
    const text = "CREATE TABLE t (a text DEFAULT '\u0001');\f-- \u000b note\nCREATE\vINDEX ix ON t (a /* \u0002 */)";
    const document = analyzeSql(text);
    expect(document.error).toBeNull();
    expect(statementTexts(document)).toEqual(["CREATE TABLE t (a text DEFAULT '\u0001')", "CREATE\vINDEX ix ON t (a /* \u0002 */)"]);
    expect(document.comments.map((comment) => comment.value)).toEqual([" \u000b note", " \u0002 "]);
    expect(document.statements[0]?.tokens.find((token) => token.kind === "string")?.text).toBe("'\u0001'");
    expect(document.statements[1]?.tokens.map((token) => token.text)).toEqual(["CREATE", "INDEX", "ix", "ON", "t", "(", "a", ")"]);
  });

  it("splits and scans text that does not parse", () => {
    const text = "SELEC 1;\f SELECT '\u0002';";
    const document = analyzeSql(text);
    expect(document.statements.map((statement) => statement.kind)).toEqual([null, "SelectStmt"]);
    expect(document.statements[1]?.tokens.at(-1)).toEqual({ start: text.indexOf("'"), end: text.length - 1, kind: "string", text: "'\u0002'" });
  });
});

describe("a piece of a text", () => {
  it("gives offsets into the whole text", () => {
    const text = "SELECT 1;\n-- piece\nCREATE INDEX ix ON t (c); /* after */";
    const start = text.indexOf("-- piece");
    const document = analyzeSql(text, start, text.length);
    expect(document.text).toBe(text);
    expect(statementTexts(document)).toEqual(["CREATE INDEX ix ON t (c)"]);
    expect(document.statements[0]?.tokens[2]).toMatchObject({ start: text.indexOf("ix"), text: "ix" });
    expect(relationLocation(document, 0)).toBe(text.indexOf("t (c)"));
    expect(document.comments.map((comment) => text.slice(comment.start, comment.end))).toEqual(["-- piece", "/* after */"]);
  });
});
