import { INTERPOLATION_PATTERN } from "./interpolation.js";

/**
 * Whether a statement the parser rejected could change the schema, read from its leading keyword.
 * A statement that could not be checked is only worth a warning when it may be the DDL the rules
 * exist for: `DELETE … WHERE id IN :ids` or `SELECT … {clause}` cannot fail a retry on an object
 * that already exists, however its placeholders are filled in.
 */

/**
 * Leading keywords of statements that read or change data, control a session or a transaction, or
 * ask the server something (PostgreSQL, MySQL/MariaDB, SQLite): none creates, alters or drops a
 * schema object. `WITH` leads a query or a data change; `TABLE t` is `SELECT * FROM t`.
 */
const NO_DDL = new Set([
  "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "WITH", "VALUES", "TABLE",
  "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "SET", "RESET", "USE", "PRAGMA",
  "COPY", "ANALYZE", "ANALYSE", "VACUUM", "CHECKPOINT", "DISCARD", "LOAD",
  "BEGIN", "START", "COMMIT", "ROLLBACK", "END", "ABORT", "SAVEPOINT", "RELEASE", "LOCK", "UNLOCK",
  "LISTEN", "NOTIFY", "UNLISTEN", "FETCH", "MOVE", "CLOSE", "DECLARE", "DEALLOCATE",
  "HANDLER", "CHECKSUM", "OPTIMIZE", "KILL", "FLUSH",
]);

/**
 * The statement's first word, upper-cased, past any opening parentheses (`(SELECT …) UNION …`) and
 * comments; `null` when it does not start with a word (a placeholder, a `{…}` template action,
 * anything the scan cannot read), which says nothing about what it does.
 */
function leadingWord(sql: string): string | null {
  let index = 0;
  for (;;) {
    const rest = sql.slice(index);
    const skipped = /^(?:\s+|\(|--[^\n]*|\/\*[\s\S]*?\*\/)/u.exec(rest);
    if (!skipped) {
      break;
    }
    index += skipped[0].length;
  }
  const word = /^[A-Za-z]+(?![\w$\u0080-\uFFFF])/u.exec(sql.slice(index));
  return word ? word[0].toUpperCase() : null;
}

/**
 * Data changes that may follow a leading interpolation, such as a shared `WITH …` clause
 * (`${cte} UPDATE t SET …`): whatever the interpolation holds, the statement changes rows.
 */
const DATA_CHANGE = new Set(["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"]);

/** Host interpolations at the start of a statement (src/hosts/embedded-sql.ts's stand-ins). */
const LEADING_INTERPOLATIONS = new RegExp(String.raw`^(?:\s*${INTERPOLATION_PATTERN})+`, "u");

/** Whether the statement could hold DDL: its leading keyword says so, or it cannot be told. */
export function couldHoldDdl(sql: string): boolean {
  const word = leadingWord(sql);
  if (word !== null) {
    return !NO_DDL.has(word);
  }
  const interpolated = LEADING_INTERPOLATIONS.exec(sql);
  const after = interpolated ? leadingWord(sql.slice(interpolated[0].length)) : null;
  return after === null || !DATA_CHANGE.has(after);
}
