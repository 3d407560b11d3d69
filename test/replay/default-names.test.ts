// What PostgreSQL really does with unnamed constraints and indexes run twice, and with TEMP tables in
// a new session: the facts the rule's messages and "dropped before" checks rest on, checked against
// src/sql/default-names.ts on a real server. If PostgreSQL cannot start, beforeAll throws and every
// case fails.

import { describe, expect, it } from "vitest";
import { defaultConstraintName, defaultIndexName } from "../../src/sql/default-names.js";
import type { PostgresDatabase } from "../support/postgres.js";
import { replayCluster } from "./cluster.js";

const freshDatabase = replayCluster("default_names");

/** The names of a table's constraints (or indexes), one query, in name order. */
function names(db: PostgresDatabase, query: string): string[] {
  const result = db.run(`\\pset tuples_only on\n\\pset format unaligned\n${query}\n`);
  expect(result.error).toBeUndefined();
  return result.stdout.split("\n").filter((line) => line !== "");
}

const constraintsOf = (db: PostgresDatabase, table: string) =>
  names(db, `SELECT conname FROM pg_constraint WHERE conrelid = '${table}'::regclass ORDER BY conname;`);

const SCHEMA = "CREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE orders (id int NOT NULL, user_id int, email text, qty int, a int, b int);\n";

describe("unnamed constraints run twice on PostgreSQL", () => {
  it("a foreign key, unique and check constraint: the second run succeeds and adds a copy with the next number", () => {
    const db = freshDatabase();
    expect(db.run(SCHEMA).ok).toBe(true);
    const migration =
      "ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);\nALTER TABLE orders ADD UNIQUE (email);\nALTER TABLE orders ADD CHECK (qty > 0);\nALTER TABLE orders ADD CHECK (a > b);\n";
    expect(db.run(migration).ok).toBe(true);
    expect(db.run(migration).ok).toBe(true);
    const expected = [
      defaultConstraintName("orders", ["user_id"], "fkey"),
      defaultConstraintName("orders", ["user_id"], "fkey", 1),
      defaultConstraintName("orders", ["email"], "key"),
      defaultConstraintName("orders", ["email"], "key", 1),
      defaultConstraintName("orders", ["qty"], "check"),
      defaultConstraintName("orders", ["qty"], "check", 1),
      defaultConstraintName("orders", ["a", "b"], "check"),
      defaultConstraintName("orders", ["a", "b"], "check", 1),
    ].sort();
    expect(constraintsOf(db, "orders")).toEqual(expected);
    expect(expected).toContain("orders_user_id_fkey1");
  });

  it("a primary key: the second run fails, and a drop of <table>_pkey first makes it retry-safe", () => {
    const db = freshDatabase();
    expect(db.run(SCHEMA).ok).toBe(true);
    expect(db.run("ALTER TABLE orders ADD PRIMARY KEY (id);").ok).toBe(true);
    expect(db.run("ALTER TABLE orders ADD PRIMARY KEY (id);").error).toBe('multiple primary keys for table "orders" are not allowed');
    const guarded = "ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_pkey;\nALTER TABLE orders ADD PRIMARY KEY (id);\n";
    expect(db.run(guarded).ok).toBe(true);
    expect(db.run(guarded).ok).toBe(true);
    expect(constraintsOf(db, "orders")).toEqual([defaultConstraintName("orders", ["id"], "pkey")]);
  });

  it("names cut to 63 bytes, and an unnamed index, are what the rule computes", () => {
    const db = freshDatabase();
    const table = "t".repeat(40);
    const column = "c".repeat(40);
    expect(db.run(`CREATE TABLE ${table} (${column} int UNIQUE, x int);\nCREATE INDEX ON ${table} (x);\n`).ok).toBe(true);
    expect(constraintsOf(db, table)).toEqual([defaultConstraintName(table, [column], "key")]);
    expect(names(db, `SELECT indexname FROM pg_indexes WHERE tablename = '${table}' ORDER BY indexname;`)).toContain(defaultIndexName(table, ["x"]));
  });
});

describe("session-scoped tables", () => {
  it("a TEMP table and what is done to it run again in a new session", () => {
    const db = freshDatabase();
    const migration = "CREATE TEMP TABLE moved AS SELECT 1 AS id;\nCREATE INDEX ix_moved ON moved (id);\nDROP TABLE moved;\nCREATE TEMPORARY TABLE t2 (a int);\n";
    expect(db.run(migration).ok).toBe(true);
    expect(db.run(migration).ok).toBe(true);
  });
});
