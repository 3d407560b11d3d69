// The throwaway MariaDB of test/support/mariadb.ts, and the premise of the MySQL/MariaDB replays
// proved on it: unguarded DDL fails on its second run with the errors asserted here, MariaDB's
// guards make it pass, and its DDL is not transactional (a failed migration stays half applied).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MARIADB_SYNTAX_ERROR, startMariadb, type MariadbDatabase, type MariadbServer } from "./mariadb.js";

let server: MariadbServer;
let databases = 0;

beforeAll(async () => {
  server = await startMariadb();
}, 900_000);

afterAll(async () => {
  await server.stop();
});

function freshDatabase(): MariadbDatabase {
  databases += 1;
  return server.createDatabase(`replay_${String(databases)}`);
}

describe("startMariadb", () => {
  it("runs a real MariaDB on a unix socket only", () => {
    expect(server.version).toMatch(/^\d+\.\d+\.\d+-MariaDB/);
    expect(server.socket).toMatch(/\/mariadb-replay-[^/]+\/mariadbd\.sock$/);
    const result = server.run("SELECT @@skip_networking, @@lc_messages;");
    expect(result).toMatchObject({ ok: true, stderr: "" });
    expect(result.stdout).toBe("@@skip_networking\t@@lc_messages\n1\ten_US\n");
  });

  it("fails loudly, with the server log, when the server cannot start", async () => {
    const failure = startMariadb({ settings: { "innodb-buffer-pool-size": "lots" } });
    await expect(failure).rejects.toThrow(/MariaDB did not start[\s\S]*mariadbd exited[\s\S]*server log tail[\s\S]*innodb-buffer-pool-size/);
  });

  it("gives each database its own tables", () => {
    const a = freshDatabase();
    const b = freshDatabase();
    expect(a.run("CREATE TABLE t (a int);").ok).toBe(true);
    expect(b.run("CREATE TABLE t (a int);").ok).toBe(true);
    expect(() => server.createDatabase(a.name)).toThrow(`Can't create database '${a.name}'; database exists`);
  });
});

describe("a retried MariaDB migration", () => {
  // [name, setup, statement run twice, the second run's error number and text (<db>: the database)]
  const cases: [string, string, string, number, string][] = [
    ["CREATE TABLE", "SELECT 1;", "CREATE TABLE t (a int);", 1050, "Table 't' already exists"],
    ["CREATE INDEX", "CREATE TABLE t (a int);", "CREATE INDEX ix_a ON t (a);", 1061, "Duplicate key name 'ix_a'"],
    ["ADD COLUMN", "CREATE TABLE t (a int);", "ALTER TABLE t ADD COLUMN b int;", 1060, "Duplicate column name 'b'"],
    ["DROP COLUMN", "CREATE TABLE t (a int, b int);", "ALTER TABLE t DROP COLUMN b;", 1091, "Can't DROP COLUMN `b`; check that it exists"],
    ["DROP INDEX … ON", "CREATE TABLE t (a int, KEY ix_a (a));", "DROP INDEX ix_a ON t;", 1091, "Can't DROP INDEX `ix_a`; check that it exists"],
    ["DROP TABLE", "CREATE TABLE t (a int);", "DROP TABLE t;", 1051, "Unknown table '<db>.t'"],
  ];

  it.each(cases)("%s fails on its second run", (_name, setup, statement, code, error) => {
    const db = freshDatabase();
    expect(db.run(setup)).toMatchObject({ ok: true, stderr: "" });
    expect(db.run(statement)).toMatchObject({ ok: true, stderr: "" });
    const retry = db.run(statement);
    expect(retry).toMatchObject({ ok: false, status: 1, code, error: error.replace("<db>", db.name) });
  });

  it("runs twice with MariaDB's own guards", () => {
    const db = freshDatabase();
    const migration = [
      "CREATE TABLE IF NOT EXISTS t (a int, b int);",
      "CREATE INDEX IF NOT EXISTS ix_a ON t (a);",
      "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int;",
      "ALTER TABLE t DROP COLUMN IF EXISTS b;",
      "DROP INDEX IF EXISTS ix_a ON t;",
      "CREATE OR REPLACE VIEW v AS SELECT a FROM t;",
      "DROP TABLE IF EXISTS gone;",
    ].join("\n");
    expect(db.run(migration)).toMatchObject({ ok: true, stderr: "" });
    expect(db.run(migration)).toMatchObject({ ok: true, stderr: "" });
  });

  it("reports PostgreSQL-only syntax as a syntax error", () => {
    const db = freshDatabase();
    expect(db.run("CREATE TABLE t (a int);").ok).toBe(true);
    const result = db.run("CREATE INDEX CONCURRENTLY ix_a ON t (a);");
    expect(result.code).toBe(MARIADB_SYNTAX_ERROR);
    expect(result.error).toMatch(/^You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'ix_a ON t \(a\)' at line 1$/);
  });

  it("keeps what ran before the error: DDL commits implicitly, even inside a transaction", () => {
    const db = freshDatabase();
    const result = db.run("BEGIN;\nCREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN a int;\nCOMMIT;\n");
    expect(result).toMatchObject({ ok: false, code: 1060, error: "Duplicate column name 'a'" });
    expect(db.run("SELECT count(*) FROM t;")).toMatchObject({ ok: true, stdout: "count(*)\n0\n" });
  });
});
