// A real SQLite for replay tests, through Debian's `sqlite3` command (Node 20 has no node:sqlite, and
// a native binding would be built from source by every `npm ci`, including the pre-commit hook's
// install). A migration file runs the way SQLite migration tools hand it over: the whole text to
// sqlite3_exec, statement by statement in autocommit, stopping at the first error, with what ran
// before the error kept.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEBIAN_BIN_DIRS, ensureDebianTool, findExecutable } from "./debian-package.js";

/** Whether the whole text ran, and SQLite's message for the statement that stopped it. */
export interface SqliteResult {
  ok: boolean;
  /** SQLite's own text, e.g. `near "EXISTS": syntax error` or `table users already exists`. */
  error: string | undefined;
}

export interface SqliteDatabase {
  /** The engine's version, e.g. `3.40.1`. */
  version: string;
  run(sql: string): SqliteResult;
  runFile(file: string): SqliteResult;
  close(): void;
}

/** SQLite reports a statement it cannot parse with one of these; anything else is a run-time error. */
const SYNTAX_ERROR = /syntax error|incomplete input|unrecognized token/;
/** The shell's prefix before SQLite's own message: `Parse error near line 2: `, `Runtime error: `. */
const SHELL_PREFIX = /^(?:Parse error|Runtime error|Error)(?: near line \d+)?: /u;

export function isSqliteSyntaxError(result: SqliteResult): boolean {
  return result.error !== undefined && SYNTAX_ERROR.test(result.error);
}

let binary: string | undefined;

function sqlite3(): string {
  binary ??= ensureDebianTool({ packageName: "sqlite3", locate: () => findExecutable("sqlite3", DEBIAN_BIN_DIRS) });
  return binary;
}

/** An empty database in a temp folder: each replay gets its own, so no replay sees another's objects. */
export function openSqlite(): SqliteDatabase {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-sqlite-"));
  const file = path.join(folder, "replay.db");
  const command = sqlite3();
  const version = spawnSync(command, ["--version"], { encoding: "utf8" }).stdout.split(" ")[0] ?? "";
  const run = (sql: string): SqliteResult => {
    // -bail stops at the first error; what ran before it stays committed, as with sqlite3_exec.
    const result = spawnSync(command, ["-bail", "-batch", file], { input: sql, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw result.error;
    if (result.status === 0 && result.stderr === "") return { ok: true, error: undefined };
    const message = result.stderr.split("\n", 1)[0]?.replace(SHELL_PREFIX, "") ?? "";
    if (message === "") throw new Error(`sqlite3 exited with ${String(result.status)} and no message`);
    return { ok: false, error: message };
  };
  return {
    version,
    run,
    runFile: (sqlFile) => run(fs.readFileSync(sqlFile, "utf8")),
    close: () => {
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}
