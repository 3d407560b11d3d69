// A real SQLite for replay tests, through better-sqlite3 (Node 20 has no node:sqlite). A migration
// file runs the way SQLite migration tools hand it over: the whole text to sqlite3_exec, statement
// by statement in autocommit, stopping at the first error, with what ran before the error kept.

import fs from "node:fs";
import Database from "better-sqlite3";

/** Whether the whole text ran, and SQLite's message for the statement that stopped it. */
export interface SqliteResult {
  ok: boolean;
  /** SQLite's own text, e.g. `near "EXISTS": syntax error` or `table users already exists`. */
  error: string | undefined;
}

export interface SqliteDatabase {
  /** The library's SQLite, e.g. `3.53.2` (better-sqlite3 bundles its own, newer than Debian's). */
  version: string;
  run(sql: string): SqliteResult;
  runFile(file: string): SqliteResult;
  close(): void;
}

/** SQLite reports a statement it cannot parse with one of these; anything else is a run-time error. */
const SYNTAX_ERROR = /syntax error|incomplete input|unrecognized token/;

export function isSqliteSyntaxError(result: SqliteResult): boolean {
  return result.error !== undefined && SYNTAX_ERROR.test(result.error);
}

/** An empty in-memory database: each replay gets its own, so no replay sees another's objects. */
export function openSqlite(): SqliteDatabase {
  const db = new Database(":memory:");
  const { version } = db.prepare("SELECT sqlite_version() AS version").get() as { version: string };
  const run = (sql: string): SqliteResult => {
    try {
      db.exec(sql);
      return { ok: true, error: undefined };
    } catch (error) {
      // better-sqlite3 throws SqliteError for everything the engine refuses; anything else is a bug here.
      if (error instanceof Database.SqliteError) return { ok: false, error: error.message };
      throw error;
    }
  };
  return {
    version,
    run,
    runFile: (file) => run(fs.readFileSync(file, "utf8")),
    close: () => {
      db.close();
    },
  };
}
