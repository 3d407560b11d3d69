/**
 * First words of the statements a migration sends: SQL's data definition, data changes, queries,
 * transaction control and session settings, in PostgreSQL, MySQL and SQLite.
 */
const STATEMENT_KEYWORDS = new Set([
  "alter", "analyze", "begin", "call", "cluster", "comment", "commit", "copy", "create", "deallocate", "declare", "delete",
  "discard", "do", "drop", "end", "execute", "explain", "grant", "import", "insert", "lock", "merge", "notify", "pragma",
  "refresh", "reindex", "release", "rename", "replace", "reset", "revoke", "rollback", "savepoint", "security", "select",
  "set", "show", "start", "table", "truncate", "update", "upsert", "use", "vacuum", "values", "with",
]);

/** Leading blanks, `-- …` line comments, `/* … *\/` block comments and opening parentheses. */
const LEADING = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/u;

/**
 * Whether a string found only by the call it is given to (`anything.query(x)`) reads as SQL: its
 * first word is a statement keyword. A log message, a cache key or a shell command is not.
 */
export function startsLikeSql(text: string): boolean {
  const rest = text.slice(LEADING.exec(text)?.[0].length ?? 0);
  // A word of its own: `drop-all` and `create_user` are not statements.
  const word = /^[A-Za-z]+(?=[\s;(]|$)/u.exec(rest)?.[0].toLowerCase();
  return word !== undefined && STATEMENT_KEYWORDS.has(word);
}
