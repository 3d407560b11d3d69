import { beforeAll, describe, expect, it } from "vitest";
import { analyzeSql } from "../../src/sql/document.js";
import { __testing } from "../../src/sql/parser.js";
import type { SqlDocument, SqlStatement } from "../../src/sql/types.js";

beforeAll(async () => {
  await __testing.ready;
});

function nested(text: string, index = 0): { document: SqlDocument; statements: SqlStatement[]; texts: string[] } {
  const document = analyzeSql(text);
  const statements = document.statements[index]?.nested ?? [];
  return { document, statements, texts: statements.map((statement) => text.slice(...statement.range)) };
}

function guards(statements: SqlStatement[]): unknown[] {
  return statements.map((statement) => statement.plpgsqlGuard);
}

describe("DO blocks", () => {
  it("finds the statements with their guards and exact ranges", () => {
    const text = `-- 😀 first
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
    CREATE TYPE mood AS ENUM ('a', 'b');
  END IF;
  BEGIN
    CREATE INDEX ix ON t (c);
  EXCEPTION
    WHEN duplicate_object OR duplicate_table THEN RAISE NOTICE 'exists';
    WHEN OTHERS THEN ALTER TABLE t ADD COLUMN d int;
  END;
  DROP TABLE old;
END
$$;`;
    const { document, statements, texts } = nested(text);
    expect(document.statements[0]?.kind).toBe("DoStmt");
    expect(texts).toEqual([
      "CREATE TYPE mood AS ENUM ('a', 'b')",
      "CREATE INDEX ix ON t (c)",
      "ALTER TABLE t ADD COLUMN d int",
      "DROP TABLE old",
    ]);
    expect(statements.map((statement) => statement.kind)).toEqual(["CreateEnumStmt", "IndexStmt", "AlterTableStmt", "DropStmt"]);
    expect(guards(statements)).toEqual([
      { caughtConditions: [], existenceCheck: true, presenceCheck: false },
      { caughtConditions: ["duplicate_object", "duplicate_table", "others"], existenceCheck: false, presenceCheck: false },
      // A handler's statement is not protected by its own block's handlers.
      { caughtConditions: [], existenceCheck: false, presenceCheck: false },
      { caughtConditions: [], existenceCheck: false, presenceCheck: false },
    ]);
    expect(statements.every((statement) => statement.editable)).toBe(true);
    const index = statements[1];
    expect(index?.tokens.find((token) => token.text === "ix")?.start).toBe(text.indexOf("ix ON"));
    expect((index?.node?.relation as { location: number }).location).toBe(text.indexOf("t (c)"));
  });

  it("accumulates the conditions of nested blocks", () => {
    const { statements } = nested(`DO $$
BEGIN
  BEGIN
    CREATE TABLE t (id int);
  EXCEPTION WHEN duplicate_table THEN NULL;
  END;
EXCEPTION WHEN SQLSTATE '42P07' THEN NULL;
END $$`);
    expect(guards(statements)).toEqual([{ caughtConditions: ["42p07", "duplicate_table"], existenceCheck: false, presenceCheck: false }]);
  });

  it("recognises hand-written existence checks", () => {
    const { statements, texts } = nested(`DO $$
DECLARE n int;
BEGIN
  IF to_regclass('ix_a') IS NULL THEN CREATE INDEX ix_a ON t (a); END IF;
  PERFORM 1 FROM pg_class WHERE relname = 'u';
  IF NOT FOUND THEN CREATE TABLE u (); END IF;
  IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'v') THEN
    NULL;
  ELSIF n > 1 THEN
    CREATE TABLE v ();
  ELSE
    CREATE TABLE w ();
  END IF;
  IF NOT (EXISTS (SELECT 1) OR n > 0) THEN
    IF n IS NOT NULL THEN CREATE TABLE x (); END IF;
  END IF;
  IF n > 1 THEN CREATE TABLE y (); END IF;
  IF n IS NOT NULL THEN NULL; ELSE CREATE TABLE z (); END IF;
END $$`);
    expect(texts).toEqual([
      "CREATE INDEX ix_a ON t (a)",
      "CREATE TABLE u ()",
      "CREATE TABLE v ()",
      "CREATE TABLE w ()",
      "CREATE TABLE x ()",
      "CREATE TABLE y ()",
      "CREATE TABLE z ()",
    ]);
    expect(statements.map((statement) => statement.plpgsqlGuard?.existenceCheck)).toEqual([true, true, true, true, true, false, true]);
  });

  it("recognises hand-written checks that the object is there, which guard a drop or a rename", () => {
    const { statements, texts } = nested(`DO $$
BEGIN
  IF (SELECT count(*) = 2 FROM pg_indexes WHERE indexname IN ('a', 'b')) THEN EXECUTE 'drop index a'; END IF;
  IF EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'b') THEN EXECUTE 'alter index b rename to c'; END IF;
  IF to_regclass('d') IS NOT NULL THEN DROP INDEX d; END IF;
  IF (SELECT count(*) FROM pg_indexes WHERE indexname = 'e') > 0 THEN DROP INDEX e; END IF;
  PERFORM 1 FROM pg_indexes WHERE indexname = 'f';
  IF FOUND THEN DROP INDEX f; ELSE CREATE INDEX f ON t (a); END IF;
  IF (SELECT count(*) FROM pg_indexes WHERE indexname = 'g') = 0 THEN CREATE INDEX g ON t (a); ELSE DROP INDEX g; END IF;
  IF (SELECT count(*) FROM pg_indexes) > 5 OR NOT EXISTS (SELECT 1) THEN DROP INDEX h; END IF;
END $$`);
    expect(texts).toEqual([
      "drop index a",
      "alter index b rename to c",
      "DROP INDEX d",
      "DROP INDEX e",
      "DROP INDEX f",
      "CREATE INDEX f ON t (a)",
      "CREATE INDEX g ON t (a)",
      "DROP INDEX g",
      "DROP INDEX h",
    ]);
    expect(guards(statements).map((guard) => guard && [(guard as { existenceCheck: boolean }).existenceCheck, (guard as { presenceCheck: boolean }).presenceCheck])).toEqual([
      [false, true],
      [false, true],
      [false, true],
      [false, true],
      [false, true],
      [true, false],
      [true, false],
      [false, true],
      [false, false],
    ]);
  });

  it("locates queries that repeat on a line or inside a condition", () => {
    const text = "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM t) THEN SELECT 1 FROM t; ELSE SELECT 1 FROM t; END IF; END$$";
    const { statements } = nested(text);
    const first = text.indexOf("THEN SELECT") + 5;
    const second = text.indexOf("ELSE SELECT") + 5;
    expect(statements.map((statement) => statement.range)).toEqual([
      [first, first + 15],
      [second, second + 15],
    ]);
  });

  it("maps SELECT … INTO, whose query PL/pgSQL blanks, and marks it not editable", () => {
    const text = "DO $$DECLARE nombre text; BEGIN SELECT relname INTO STRICT nombre FROM pg_class LIMIT 1; END$$";
    const { statements, texts } = nested(text);
    expect(texts).toEqual(["SELECT relname INTO STRICT nombre FROM pg_class LIMIT 1"]);
    expect(statements[0]).toMatchObject({ kind: "SelectStmt", editable: false });
    expect(statements[0]?.tokens.find((token) => token.text === "FROM")?.start).toBe(text.indexOf("FROM"));
  });

  it("maps offsets through multi-byte text and CRLF inside the body", () => {
    const text = "DO $body$\r\nDECLARE x text := 'é日😀';\r\nBEGIN\r\n  -- ünïcode 😀\r\n  CREATE INDEX ix ON \"tä😀\" (c);\r\nEND $body$";
    const { statements, texts } = nested(text);
    expect(texts).toEqual(['CREATE INDEX ix ON "tä😀" (c)']);
    expect((statements[0]?.node?.relation as { location: number }).location).toBe(text.indexOf('"tä😀"'));
  });

  it("ignores other languages and bodies that do not parse", () => {
    expect(nested("DO LANGUAGE plpython3u $$ print(1) $$").statements).toEqual([]);
    const broken = analyzeSql("DO $$ BEGIN CREATE INDEX ON; END $$; CREATE TABLE t ()");
    expect(broken.error).toBeNull();
    expect(broken.statements.map((statement) => [statement.kind, statement.error, statement.nested])).toEqual([
      ["DoStmt", null, []],
      ["CreateStmt", null, []],
    ]);
  });

  it("reads a DO body written as a quoted string, LANGUAGE first or last", () => {
    const text = "DO LANGUAGE plpgsql 'BEGIN EXECUTE ''CREATE INDEX ix ON t (c)''; DROP TABLE t; END'";
    const { statements, texts } = nested(text);
    expect(texts).toEqual(["CREATE INDEX ix ON t (c)", "DROP TABLE t"]);
    expect(statements.map((statement) => statement.editable)).toEqual([false, false]);
    expect(nested("DO 'BEGIN DROP TABLE t; END' LANGUAGE plpgsql").texts).toEqual(["DROP TABLE t"]);
  });
});

describe("EXECUTE with a string literal", () => {
  it("analyses the literal's SQL, not editable, with offsets inside the literal", () => {
    const text = "DO $$ BEGIN EXECUTE 'CREATE INDEX ix ON t (c) WHERE kind = ''é'''; END $$";
    const { statements, texts } = nested(text);
    expect(texts).toEqual(["CREATE INDEX ix ON t (c) WHERE kind = ''é''"]);
    expect(statements[0]).toMatchObject({ kind: "IndexStmt", editable: false, error: null });
    expect(statements[0]?.tokens.at(-1)).toEqual({ start: text.indexOf("''é''"), end: text.indexOf("''é''") + 5, kind: "string", text: "'é'" });
  });

  it("keeps a plain '…' literal without doubled quotes editable: its content is the SQL itself", () => {
    const text = `DO $$ BEGIN EXECUTE 'CREATE INDEX ix ON t (c)'; END $$; DO 'BEGIN DROP TABLE t; END'`;
    const document = analyzeSql(text);
    const inner = document.statements.flatMap((statement) => statement.nested);
    expect(inner.map((statement) => [text.slice(...statement.range), statement.editable])).toEqual([
      ["CREATE INDEX ix ON t (c)", true],
      ["DROP TABLE t", true],
    ]);
  });

  it("keeps a dollar-quoted EXECUTE editable and skips expressions that are not one literal", () => {
    const text = `DO $$ BEGIN
  EXECUTE $q$CREATE INDEX ix ON t (c)$q$;
  EXECUTE 'CREATE INDEX ' || quote_ident('ix2') || ' ON t (c)';
  EXECUTE format('DROP TABLE %I', 't');
  EXECUTE E'DROP TABLE \\'u\\'';
END $$`;
    const { statements, texts } = nested(text);
    expect(texts).toEqual(["CREATE INDEX ix ON t (c)", "DROP TABLE \\'u\\'"]);
    expect(statements.map((statement) => statement.editable)).toEqual([true, false]);
  });

  it("splits an EXECUTE literal that runs several statements and keeps a bad one as an error", () => {
    const { statements } = nested("DO $$ BEGIN EXECUTE 'CREATE TABLE a (); CREATE TABLE'; END $$");
    expect(statements.map((statement) => [statement.kind, statement.error?.message ?? null])).toEqual([
      ["CreateStmt", null],
      [null, "syntax error at end of input"],
    ]);
  });
});

describe("functions and procedures", () => {
  it("looks into CREATE [OR REPLACE] FUNCTION and PROCEDURE bodies in PL/pgSQL", () => {
    const text = `CREATE OR REPLACE FUNCTION add_index(tbl text DEFAULT 'x', OUT done boolean)
LANGUAGE plpgsql SET search_path = 'public' AS $fn$
BEGIN
  done := false;
  CREATE INDEX IF NOT EXISTS ix ON t (c);
  done := true;
EXCEPTION WHEN duplicate_table THEN done := true;
END;
$fn$;
CREATE PROCEDURE p(a int) AS $$ BEGIN ALTER TABLE t ADD COLUMN c int; END $$ LANGUAGE plpgsql;
CREATE FUNCTION q() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;`;
    const document = analyzeSql(text);
    expect(document.statements.map((statement) => statement.nested.map((inner) => text.slice(...inner.range)))).toEqual([
      ["CREATE INDEX IF NOT EXISTS ix ON t (c)"],
      ["ALTER TABLE t ADD COLUMN c int"],
      [],
    ]);
    expect(document.statements[0]?.nested[0]?.plpgsqlGuard).toEqual({ caughtConditions: ["duplicate_table"], existenceCheck: false, presenceCheck: false });
  });

  it("reads a trigger function and a single-quoted body", () => {
    const text = `CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.x := ''a''; INSERT INTO log VALUES (''é''); RETURN NEW; END'`;
    const { statements, texts } = nested(text);
    expect(texts).toEqual(["INSERT INTO log VALUES (''é'')"]);
    expect(statements[0]).toMatchObject({ kind: "InsertStmt", editable: false });
  });

  it("follows a function created inside a DO block", () => {
    const text = `DO $do$ BEGIN
  CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $fn$ BEGIN CREATE TABLE inner_t (); END $fn$;
END $do$`;
    const { statements } = nested(text);
    expect(statements[0]?.kind).toBe("CreateFunctionStmt");
    const inner = statements[0]?.nested[0];
    expect(inner && text.slice(...inner.range)).toBe("CREATE TABLE inner_t ()");
    expect(inner?.plpgsqlGuard).toEqual({ caughtConditions: [], existenceCheck: false, presenceCheck: false });
  });
});
