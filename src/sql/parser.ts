import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hasSqlDetails, loadModule, parsePlPgSQLSync, parseSync, scanSync } from "libpg-query";
import type { ScanToken } from "libpg-query";
import { createSyncFn } from "synckit";

/**
 * Synchronous access to libpg-query. ESLint calls `parse()` and rules synchronously, but the WASM
 * module loads asynchronously and its sync functions throw until it has. The module starts loading
 * when this file is imported; a call that comes before it is ready (a RuleTester right after
 * import, the first file of a CLI run) is answered by a worker thread that loads its own copy and
 * replies synchronously. Top-level `await` is not an option: a CommonJS `eslint.config.cjs` loads
 * the plugin with `require()`, and Node refuses to `require()` a module graph that contains one.
 */

export type { ScanToken };

/** A libpg-query statement: `stmt` has one key, the node type (`IndexStmt`, …). */
export interface RawStatement {
  stmt: Record<string, Record<string, unknown>>;
  /** UTF-8 byte offset in the parsed text; absent means 0. */
  stmt_location?: number;
  /** UTF-8 byte length; absent or 0 means "to the end of the text". */
  stmt_len?: number;
}

export interface SqlParseError {
  message: string;
  /** Position of the error in code points (not bytes: PostgreSQL converts its error cursor to characters). */
  codePointOffset: number;
}

export type ParseSqlResult = { ok: true; statements: RawStatement[] } | { ok: false; error: SqlParseError };
export type ScanSqlResult = { ok: true; tokens: ScanToken[] } | { ok: false; error: SqlParseError };
/** PL/pgSQL errors carry no position. */
export type ParsePlpgsqlResult = { ok: true; functions: unknown[] } | { ok: false; error: { message: string } };

type Operation = "parse" | "scan" | "plpgsql";

/** One libpg-query call's outcome, in a shape that crosses the worker boundary unchanged. */
type RawOutcome = { ok: true; value: unknown } | { ok: false; message: string; cursorPosition: number | null };

const operations: Record<Operation, (text: string) => unknown> = {
  parse: parseSync,
  scan: scanSync,
  plpgsql: parsePlPgSQLSync,
};

let inProcess = false;

/** Internal hooks for tests only; not part of the plugin's API. */
export const __testing = {
  /** Answer every call through the worker, as happens before the in-process module has loaded. */
  forceWorker: false,
  /** How many calls the worker has answered. */
  workerCalls: 0,
  /** Settles once the in-process module is in use. */
  ready: loadModule().then(
    () => {
      inProcess = true;
    },
    // A module that cannot load here cannot load in the worker either; the worker call reports it.
    () => undefined,
  ),
};

function callInProcess(operation: Operation, text: string): RawOutcome {
  try {
    return { ok: true, value: operations[operation](text) };
  } catch (error) {
    return {
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      cursorPosition: hasSqlDetails(error) ? (error.sqlDetails?.cursorPosition ?? null) : null,
    };
  }
}

let workerCall: ((operation: Operation, text: string) => RawOutcome) | undefined;

function callWorker(operation: Operation, text: string): RawOutcome {
  // Started on first need only: once the in-process module is ready, no thread is ever spawned.
  workerCall ??= createSyncFn<(operation: Operation, text: string) => RawOutcome>(workerPath());
  __testing.workerCalls++;
  return workerCall(operation, text);
}

function call(operation: Operation, text: string): RawOutcome {
  return inProcess && !__testing.forceWorker ? callInProcess(operation, text) : callWorker(operation, text);
}

/**
 * The worker file sits at the package root, and this module runs from `src/sql/` under vitest and
 * from `dist/src/sql/` when built or installed, so walk up to the package's own package.json.
 */
function workerPath(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, "package.json");
    if (existsSync(candidate)) {
      const parsed = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string };
      if (parsed.name === "eslint-plugin-migrations") return path.join(directory, "worker", "libpg-query.mjs");
    }
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error("eslint-plugin-migrations: cannot find its own package.json");
    directory = parent;
  }
}

function toError(outcome: { message: string; cursorPosition: number | null }): SqlParseError {
  return { message: withShortExcerpt(outcome.message), codePointOffset: outcome.cursorPosition ?? 0 };
}

/** The longest excerpt of the SQL a message quotes. */
const EXCERPT_LENGTH = 40;

/**
 * PostgreSQL's message with the text it quotes (`at or near "…"`) cut to its first line and
 * EXCERPT_LENGTH characters: after an unterminated `$$`, `'` or `/*` that text is the rest of the
 * file, and a message is read on one line.
 */
export function withShortExcerpt(message: string): string {
  const quoted = /^(?<head>[\s\S]*? at or near ")(?<near>[\s\S]*)"$/u.exec(message);
  if (!quoted?.groups) {
    return message;
  }
  const { head = "", near = "" } = quoted.groups;
  const firstLine = near.split(/\r\n|[\r\n]/u)[0] ?? "";
  const cut = firstLine.length > EXCERPT_LENGTH ? firstLine.slice(0, EXCERPT_LENGTH) : firstLine;
  return `${head}${cut}${cut === near ? "" : "…"}"`;
}

/** Parses SQL text into statements; a syntax error is a result, never an exception. */
export function parseSql(text: string): ParseSqlResult {
  // libpg-query rejects the empty string instead of returning no statements.
  if (text === "") return { ok: true, statements: [] };
  const outcome = call("parse", text);
  if (!outcome.ok) return { ok: false, error: toError(outcome) };
  return { ok: true, statements: (outcome.value as { stmts?: RawStatement[] }).stmts ?? [] };
}

/**
 * libpg-query's scanner copies control characters other than \t, \n and \r into its JSON unescaped,
 * and the JSON then fails to parse. They can only stand in whitespace (\v, \f), comments and quotes,
 * or in text that does not parse, so a space in their place scans to the same tokens.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNESCAPED_IN_SCAN = /[\x01-\x08\x0b\x0c\x0e-\x1f]/gu;

/** Tokenizes SQL text, comments included; a lexical error (an unterminated quote) is a result. */
export function scanSql(text: string): ScanSqlResult {
  const tokens = scanTokens(text);
  if (tokens) return { ok: true, tokens };
  // scanSync reports a lexical error as bare text that it then fails to read as JSON, so the
  // message is useless; the parser meets the same error and reports it with its position.
  const parsed = call("parse", text);
  return { ok: false, error: parsed.ok ? { message: "lexical error", codePointOffset: 0 } : toError(parsed) };
}

/** Tokenizes SQL text, comments included, or gives null on a lexical error, for callers that need no message. */
export function scanTokens(text: string): ScanToken[] | null {
  if (text === "") return [];
  const scannable = text.replace(UNESCAPED_IN_SCAN, " ");
  const outcome = call("scan", scannable);
  if (!outcome.ok) return null;
  const tokens = (outcome.value as { tokens?: ScanToken[] }).tokens ?? [];
  return scannable === text ? tokens : withTextFrom(text, tokens);
}

/** The tokens with their text taken from `text` rather than from the scanned copy. */
function withTextFrom(text: string, tokens: ScanToken[]): ScanToken[] {
  const bytes = Buffer.from(text, "utf8");
  return tokens.map((token) => ({ ...token, text: bytes.toString("utf8", token.start, token.end) }));
}

/** Parses the PL/pgSQL bodies of the `CREATE FUNCTION`/`CREATE PROCEDURE` statements in `text`. */
export function parsePlpgsql(text: string): ParsePlpgsqlResult {
  const outcome = call("plpgsql", text);
  if (!outcome.ok) return { ok: false, error: { message: outcome.message } };
  return { ok: true, functions: (outcome.value as { plpgsql_funcs?: unknown[] }).plpgsql_funcs ?? [] };
}
