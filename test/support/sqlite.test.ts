// The SQLite of test/support/sqlite.ts, and the premise of the SQLite replays proved on it: which
// statements fail on their second run and with what text, which guards SQLite accepts, and the
// PostgreSQL guards it rejects as syntax errors (the breakage issue 16 measured on a real history).

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isSqliteSyntaxError, openSqlite } from "./sqlite.js";

describe("openSqlite", () => {
  it("is a SQLite with DROP COLUMN (3.35+)", () => {
    const db = openSqlite();
    const [major = 0, minor = 0] = db.version.split(".").map(Number);
    expect(major * 1000 + minor).toBeGreaterThanOrEqual(3035);
    db.close();
  });

  it("gives each database its own tables", () => {
    const a = openSqlite();
    const b = openSqlite();
    expect(a.run("CREATE TABLE t (a int);").ok).toBe(true);
    expect(b.run("CREATE TABLE t (a int);").ok).toBe(true);
    a.close();
    b.close();
  });

  it("runs a file statement by statement and keeps what ran before an error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-replay-"));
    try {
      const file = path.join(dir, "0001_init.sql");
      fs.writeFileSync(file, "CREATE TABLE t (a int);\nCREATE TABLE t (a int);\nCREATE TABLE u (a int);\n");
      const db = openSqlite();
      expect(db.runFile(file)).toEqual({ ok: false, error: "table t already exists" });
      expect(db.run("SELECT a FROM t;").ok).toBe(true);
      expect(db.run("SELECT a FROM u;")).toEqual({ ok: false, error: "no such table: u" });
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a retried SQLite migration", () => {
  // [name, setup, statement run twice, the second run's error]
  const cases: [string, string, string, string][] = [
    ["CREATE TABLE", "SELECT 1;", "CREATE TABLE t (a int);", "table t already exists"],
    ["CREATE INDEX", "CREATE TABLE t (a int);", "CREATE INDEX ix_a ON t (a);", "index ix_a already exists"],
    ["CREATE VIEW", "CREATE TABLE t (a int);", "CREATE VIEW v AS SELECT a FROM t;", "view v already exists"],
    [
      "CREATE TRIGGER",
      "CREATE TABLE t (a int);",
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; END;",
      "trigger tr already exists",
    ],
    ["ADD COLUMN", "CREATE TABLE t (a int);", "ALTER TABLE t ADD COLUMN b int;", "duplicate column name: b"],
    ["DROP COLUMN", "CREATE TABLE t (a int, b int);", "ALTER TABLE t DROP COLUMN b;", 'no such column: "b"'],
    ["DROP INDEX", "CREATE TABLE t (a int); CREATE INDEX ix_a ON t (a);", "DROP INDEX ix_a;", "no such index: ix_a"],
    ["DROP TABLE", "CREATE TABLE t (a int);", "DROP TABLE t;", "no such table: t"],
  ];

  it.each(cases)("%s fails on its second run", (_name, setup, statement, error) => {
    const db = openSqlite();
    expect(db.run(setup).ok).toBe(true);
    expect(db.run(statement)).toEqual({ ok: true, error: undefined });
    expect(db.run(statement)).toEqual({ ok: false, error });
    db.close();
  });

  it("runs twice with SQLite's own guards", () => {
    const db = openSqlite();
    const migration = [
      "CREATE TABLE IF NOT EXISTS t (a int, b int);",
      "CREATE INDEX IF NOT EXISTS ix_a ON t (a);",
      "CREATE VIEW IF NOT EXISTS v AS SELECT a FROM t;",
      "CREATE TRIGGER IF NOT EXISTS tr AFTER INSERT ON t BEGIN UPDATE t SET b = 1; END;",
      "DROP TRIGGER IF EXISTS tr;",
      "DROP VIEW IF EXISTS v;",
      "DROP INDEX IF EXISTS ix_a;",
      "DROP TABLE IF EXISTS gone;",
    ].join("\n");
    expect(db.run(migration).ok).toBe(true);
    expect(db.run(migration).ok).toBe(true);
    db.close();
  });

  // The PostgreSQL guards SQLite has no grammar for.
  it.each([
    ["ALTER TABLE t ADD COLUMN IF NOT EXISTS b int;", 'near "EXISTS": syntax error'],
    ["ALTER TABLE t DROP COLUMN IF EXISTS a;", 'near "EXISTS": syntax error'],
    ["ALTER TABLE IF EXISTS t ADD COLUMN b int;", 'near "EXISTS": syntax error'],
    ["CREATE OR REPLACE VIEW v AS SELECT a FROM t;", 'near "OR": syntax error'],
  ])("rejects %s as a syntax error", (statement, error) => {
    const db = openSqlite();
    expect(db.run("CREATE TABLE t (a int);").ok).toBe(true);
    const result = db.run(statement);
    expect(result).toEqual({ ok: false, error });
    expect(isSqliteSyntaxError(result)).toBe(true);
    expect(isSqliteSyntaxError(db.run("DROP TABLE gone;"))).toBe(false);
    db.close();
  });
});
