// The product's premise, proved on a real server: unguarded DDL fails when a migration is run a
// second time, guarded DDL does not, and CONCURRENTLY cannot run in a transaction. The error texts
// asserted here are the ones the plugin's messages quote, so a change in them must fail loudly.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PostgresCluster, type PostgresDatabase } from "./postgres.js";

let pg: PostgresCluster;
let databases = 0;

beforeAll(async () => {
  pg = await startPostgres();
});

afterAll(async () => {
  await pg.stop();
});

/** Each case replays into its own empty database, so no case sees another's leftovers. */
function freshDatabase(): PostgresDatabase {
  databases += 1;
  return pg.createDatabase(`replay_${databases}`);
}

/** Applies `setup`, then `replay` twice, as a retried migration would, and returns both results. */
function applyTwice(setup: string, replay: string) {
  const db = freshDatabase();
  const prepared = db.run(setup);
  expect(prepared.stderr).toBe("");
  expect(prepared.ok).toBe(true);
  return { first: db.run(replay), second: db.run(replay) };
}

describe("startPostgres", () => {
  it("runs a real server on 127.0.0.1", () => {
    expect(pg.url).toBe(`postgresql://postgres@127.0.0.1:${pg.port}/postgres`);
    expect(pg.version).toMatch(/^\d+\.\d+/);
    const result = pg.run("SELECT inet_server_addr() AS addr, current_setting('fsync') AS fsync;");
    expect(result.ok).toBe(true);
    expect(result.stdout).toContain("off");
  });

  it("fails loudly, with the server log, when the server cannot start", async () => {
    const failure = startPostgres({ settings: { shared_buffers: "'lots'" } });
    await expect(failure).rejects.toThrow(/PostgreSQL did not start[\s\S]*server log tail[\s\S]*invalid value for parameter "shared_buffers": "lots"/);
  });

  it("gives each database its own catalog", () => {
    const a = freshDatabase();
    const b = freshDatabase();
    expect(a.run("CREATE TABLE t (a int);").ok).toBe(true);
    expect(b.run("CREATE TABLE t (a int);").ok).toBe(true);
    expect(() => pg.createDatabase(a.name)).toThrow(`database "${a.name}" already exists`);
  });
});

describe("a retried migration", () => {
  it("fails the second time when CREATE INDEX is unguarded", () => {
    const db = freshDatabase();
    const migration = "CREATE TABLE t (a int);\nCREATE INDEX ix_a ON t (a);\n";
    expect(db.run(migration)).toMatchObject({ ok: true, stderr: "" });
    const retry = db.run(migration);
    expect(retry.ok).toBe(false);
    expect(retry.status).toBe(3);
    // The table comes first, so that is where the retry stops.
    expect(retry.error).toBe('relation "t" already exists');
    expect(db.run("CREATE INDEX ix_a ON t (a);").error).toBe('relation "ix_a" already exists');
  });

  it("succeeds twice when every statement is guarded", () => {
    const db = freshDatabase();
    const migration = "CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX IF NOT EXISTS ix_a ON t (a);\n";
    expect(db.run(migration).ok).toBe(true);
    const retry = db.run(migration);
    expect(retry.ok).toBe(true);
    // A skipped statement is a NOTICE, not an error.
    expect(retry.stderr).toContain('NOTICE:  relation "ix_a" already exists, skipping');
  });

  it("runs CREATE INDEX CONCURRENTLY in autocommit, statement by statement", () => {
    const db = freshDatabase();
    const result = db.run("CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON t (a);\n");
    expect(result).toMatchObject({ ok: true, stderr: "" });
  });

  it("cannot run CREATE INDEX CONCURRENTLY inside a transaction", () => {
    const db = freshDatabase();
    expect(db.run("CREATE TABLE t (a int);").ok).toBe(true);
    const result = db.run("BEGIN;\nCREATE INDEX CONCURRENTLY ix_a ON t (a);\nCOMMIT;\n");
    expect(result.ok).toBe(false);
    expect(result.error).toBe("CREATE INDEX CONCURRENTLY cannot run inside a transaction block");

    // The same file run the way many migration tools run files: wrapped in one transaction.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replay-file-"));
    try {
      const file = path.join(dir, "migration.sql");
      fs.writeFileSync(file, "CREATE INDEX CONCURRENTLY ix_a ON t (a);\n");
      expect(db.runFile(file, { singleTransaction: true }).error).toBe(
        "CREATE INDEX CONCURRENTLY cannot run inside a transaction block",
      );
      expect(db.runFile(file).ok).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("PostgreSQL's error texts for DDL replayed on a database that already has it", () => {
  // [name, setup, statement applied twice (or once, on a database where it cannot apply), exact error]
  const cases: [string, string, string, string][] = [
    ["DROP INDEX of a missing index", "CREATE TABLE t (a int); CREATE INDEX ix_a ON t (a);", "DROP INDEX ix_a;", 'index "ix_a" does not exist'],
    ["DROP TABLE of a missing table", "CREATE TABLE t (a int);", "DROP TABLE t;", 'table "t" does not exist'],
    ["ADD COLUMN of an existing column", "CREATE TABLE t (a int);", "ALTER TABLE t ADD COLUMN b int;", 'column "b" of relation "t" already exists'],
    ["DROP COLUMN of a missing column", "CREATE TABLE t (a int, b int);", "ALTER TABLE t DROP COLUMN b;", 'column "b" of relation "t" does not exist'],
    [
      "DROP CONSTRAINT of a missing constraint",
      "CREATE TABLE t (a int CONSTRAINT x CHECK (a > 0));",
      "ALTER TABLE t DROP CONSTRAINT x;",
      'constraint "x" of relation "t" does not exist',
    ],
    [
      "ADD CONSTRAINT FOREIGN KEY of an existing constraint",
      "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (a int);",
      "ALTER TABLE t ADD CONSTRAINT x FOREIGN KEY (a) REFERENCES p (id);",
      'constraint "x" for relation "t" already exists',
    ],
    [
      "ADD CONSTRAINT CHECK of an existing constraint",
      "CREATE TABLE t (a int);",
      "ALTER TABLE t ADD CONSTRAINT x CHECK (a > 0);",
      'constraint "x" for relation "t" already exists',
    ],
    // A unique constraint is backed by an index of the same name, and the index collides first.
    ["ADD CONSTRAINT UNIQUE of an existing constraint", "CREATE TABLE t (a int);", "ALTER TABLE t ADD CONSTRAINT x UNIQUE (a);", 'relation "x" already exists'],
    ["a second primary key", "CREATE TABLE t (a int);", "ALTER TABLE t ADD PRIMARY KEY (a);", 'multiple primary keys for table "t" are not allowed'],
    ["RENAME of a table already renamed", "CREATE TABLE t (a int);", "ALTER TABLE t RENAME TO u;", 'relation "t" does not exist'],
    ["CREATE TYPE of an existing type", "SELECT 1;", "CREATE TYPE x AS ENUM ('a', 'b');", 'type "x" already exists'],
    ["CREATE SCHEMA of an existing schema", "SELECT 1;", "CREATE SCHEMA s;", 'schema "s" already exists'],
  ];

  it.each(cases)("%s", (_name, setup, statement, expected) => {
    const { first, second } = applyTwice(setup, statement);
    expect(first).toMatchObject({ ok: true, stderr: "" });
    expect(second.ok).toBe(false);
    expect(second.error).toBe(expected);
  });

  it("CREATE EXTENSION of an installed extension", () => {
    const db = freshDatabase();
    // plpgsql is installed in every database, so the error needs no contrib package.
    expect(db.run("CREATE EXTENSION plpgsql;").error).toBe('extension "plpgsql" already exists');
    // Replayed for real with a contrib extension when the server ships one (Debian's does).
    const available = db.run(
      "SELECT name FROM pg_available_extensions WHERE installed_version IS NULL AND name IN ('pg_trgm', 'hstore', 'citext') ORDER BY name LIMIT 1;",
    );
    const name = /^\s*(citext|hstore|pg_trgm)\s*$/m.exec(available.stdout)?.[1];
    if (name !== undefined) {
      expect(db.run(`CREATE EXTENSION ${name};`)).toMatchObject({ ok: true, stderr: "" });
      expect(db.run(`CREATE EXTENSION ${name};`).error).toBe(`extension "${name}" already exists`);
    }
  });
});
