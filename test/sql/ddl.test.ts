import { beforeAll, describe, expect, it } from "vitest";
import { sqlOperations } from "../../src/sql/ddl.js";
import { analyzeSql } from "../../src/sql/document.js";
import { __testing } from "../../src/sql/parser.js";
import type { SqlDocument, SqlStatement } from "../../src/sql/types.js";

beforeAll(async () => {
  await __testing.ready;
});

/** The document with statements whose tokens may not be read: scanning them is what these checks avoid. */
function withoutTokens(document: SqlDocument): SqlDocument {
  const strip = (statement: SqlStatement): SqlStatement => ({
    grammar: statement.grammar,
    range: statement.range,
    kind: statement.kind,
    node: statement.node,
    error: statement.error,
    get tokens(): never {
      throw new Error(`read the tokens of ${statement.kind ?? "a statement"}`);
    },
    nested: statement.nested.map(strip),
    plpgsqlGuard: statement.plpgsqlGuard,
    editable: statement.editable,
  });
  return { ...document, statements: document.statements.map(strip) };
}

function insertions(text: string): unknown[] {
  return sqlOperations(withoutTokens(analyzeSql(text))).map((operation) =>
    operation.guard.kind === "keyword" ? operation.guard.insertion : operation.guard.kind,
  );
}

describe("sqlOperations without scanning", () => {
  it("puts IF NOT EXISTS before the name the parse located", () => {
    const text =
      "CREATE UNLOGGED TABLE /* c */ public . t (id int);\nCREATE TABLE s.t2 AS SELECT 1;\n" +
      'CREATE MATERIALIZED VIEW mv AS SELECT 1;\nCREATE SEQUENCE "Seq";';
    expect(insertions(text)).toEqual([
      { offset: text.indexOf("public"), text: "IF NOT EXISTS " },
      { offset: text.indexOf("s.t2"), text: "IF NOT EXISTS " },
      { offset: text.indexOf("mv AS"), text: "IF NOT EXISTS " },
      { offset: text.indexOf('"Seq"'), text: "IF NOT EXISTS " },
    ]);
  });

  it("reads no tokens of guarded statements or of an ALTER TABLE that a DO block covers", () => {
    const text = `CREATE INDEX IF NOT EXISTS ix ON t (c);
DROP TABLE IF EXISTS u;
CREATE TYPE mood AS ENUM ('a');
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'fk') THEN
    ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id), ADD COLUMN b int;
  END IF;
END
$$;`;
    expect(insertions(text)).toEqual(["none"]);
  });

  it("finds the same ranges and insertion points from part of a statement as from all of it", () => {
    const text = 'CREATE UNIQUE INDEX "ix" ON "日本" (a);\nALTER TABLE s."t" ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id);\nALTER TABLE t ADD "é" int';
    const document = analyzeSql(text);
    const operations = sqlOperations(document);
    expect(operations.map((operation) => text.slice(...operation.range))).toEqual([
      'CREATE UNIQUE INDEX "ix" ON "日本" (a)',
      "ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id)",
      'ADD "é" int',
    ]);
    expect(operations.map((operation) => (operation.guard.kind === "keyword" ? operation.guard.insertion?.offset : null))).toEqual([
      text.indexOf('"ix"'),
      null,
      text.indexOf('"é"'),
    ]);
    // Copies are not the analysed statements, so they are read through all of their tokens.
    const copies = document.statements.map((statement) => ({ ...statement, tokens: statement.tokens }));
    expect(sqlOperations({ ...document, statements: copies })).toEqual(operations);
  });
});
