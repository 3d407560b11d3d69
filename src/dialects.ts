/**
 * The databases a migration can target, and which guard keywords each one accepts. A file may
 * serve several (a dialect-less file beside per-database files, Prisma's `mysql` provider, which
 * may be MySQL or MariaDB): it then gets only the guards that every one of them accepts.
 */

export const DIALECTS = ["postgresql", "mysql", "mariadb", "sqlite", "cockroachdb"] as const;
export type Dialect = (typeof DIALECTS)[number];

export function isDialect(value: unknown): value is Dialect {
  return typeof value === "string" && (DIALECTS as readonly string[]).includes(value);
}

/** How messages name a database: the versions whose grammar the tables below describe. */
export const DIALECT_NAMES: Record<Dialect, string> = {
  postgresql: "PostgreSQL",
  mysql: "MySQL 8.0",
  mariadb: "MariaDB 10.5+",
  sqlite: "SQLite",
  cockroachdb: "CockroachDB",
};

/** Dialects read with PostgreSQL's own parser. */
export function parsesAsPostgres(dialects: readonly Dialect[]): boolean {
  return dialects.some((dialect) => dialect === "postgresql" || dialect === "cockroachdb");
}

/**
 * A guard's grammatical form: the statement (or the host operation) and the keyword that guards it.
 * Forms that no table row names are PostgreSQL's own and accepted by PostgreSQL and CockroachDB only.
 */
type Acceptance = Partial<Record<Dialect, true>>;

const ALL: Acceptance = { postgresql: true, mysql: true, mariadb: true, sqlite: true, cockroachdb: true };
const NOT_MYSQL: Acceptance = { postgresql: true, mariadb: true, sqlite: true, cockroachdb: true };
const POSTGRES_AND_MARIADB: Acceptance = { postgresql: true, mariadb: true, cockroachdb: true };

/**
 * From each engine's documentation, and for MariaDB 10.11 and SQLite 3.46 from runs on the engine
 * (FACTS.md "Other databases"). MySQL 8.0 has table guards only; SQLite has no ALTER TABLE guard.
 */
const ACCEPTED: Record<string, Acceptance> = {
  "create table IF NOT EXISTS": ALL,
  "create index IF NOT EXISTS": NOT_MYSQL,
  "add column IF NOT EXISTS": POSTGRES_AND_MARIADB,
  "drop column IF EXISTS": POSTGRES_AND_MARIADB,
  // `DROP INDEX IF EXISTS ix` (SQLite, PostgreSQL), `DROP INDEX IF EXISTS ix ON t` (MariaDB).
  "drop index IF EXISTS": NOT_MYSQL,
  "alter drop index IF EXISTS": POSTGRES_AND_MARIADB,
  "drop foreign key IF EXISTS": { mariadb: true },
  "drop constraint IF EXISTS": POSTGRES_AND_MARIADB,
  "alter table IF EXISTS": POSTGRES_AND_MARIADB,
  "drop table IF EXISTS": ALL,
  "drop view IF EXISTS": ALL,
  "drop trigger IF EXISTS": ALL,
  "create view OR REPLACE": { postgresql: true, mysql: true, mariadb: true, cockroachdb: true },
  "create view IF NOT EXISTS": { sqlite: true, mariadb: true },
  // MySQL 8.0.29 added IF NOT EXISTS to CREATE TRIGGER; PostgreSQL 14 has OR REPLACE.
  "create trigger IF NOT EXISTS": { mysql: true, mariadb: true, sqlite: true },
  "create trigger OR REPLACE": { postgresql: true, mariadb: true },
  "create schema IF NOT EXISTS": { postgresql: true, mysql: true, mariadb: true, cockroachdb: true },
  "create sequence IF NOT EXISTS": POSTGRES_AND_MARIADB,
  "drop sequence IF EXISTS": POSTGRES_AND_MARIADB,
  "drop schema IF EXISTS": { postgresql: true, mysql: true, mariadb: true, cockroachdb: true },
  "create function OR REPLACE": POSTGRES_AND_MARIADB,
  "create procedure OR REPLACE": POSTGRES_AND_MARIADB,
  "drop function IF EXISTS": { postgresql: true, mysql: true, mariadb: true, cockroachdb: true },
  "drop procedure IF EXISTS": { postgresql: true, mysql: true, mariadb: true, cockroachdb: true },
  "add value IF NOT EXISTS": { postgresql: true, cockroachdb: true },
};

/** Whether every one of `dialects` accepts the guard `spelling` on a statement of `form`. */
export function acceptsGuard(dialects: readonly Dialect[], form: string, spelling: string): boolean {
  const accepted = ACCEPTED[`${form} ${spelling}`];
  return dialects.every((dialect) => (accepted ? accepted[dialect] === true : dialect === "postgresql" || dialect === "cockroachdb"));
}

/** The dialects in `dialects` that reject the guard, for messages. */
export function rejectingDialects(dialects: readonly Dialect[], form: string, spelling: string): Dialect[] {
  return dialects.filter((dialect) => !acceptsGuard([dialect], form, spelling));
}

/** `MySQL 8.0`, `MySQL 8.0 and SQLite`. */
export function dialectList(dialects: readonly Dialect[]): string {
  const names = dialects.map((dialect) => DIALECT_NAMES[dialect]);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`;
}
