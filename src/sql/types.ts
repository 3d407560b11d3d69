/**
 * The SQL core's view of a piece of SQL text: its statements, each parsed once by libpg-query, with
 * character offsets into that text. Hosts (a `.sql` file, a Python string, a JS template literal)
 * map these offsets back to their own file.
 */

export type Range = [number, number];

export type SqlTokenKind = "keyword" | "identifier" | "string" | "number" | "operator" | "punctuation" | "parameter" | "other";

export interface SqlToken {
  /** Character offsets (UTF-16 indexes) into the SQL text, not libpg-query's byte offsets. */
  start: number;
  end: number;
  kind: SqlTokenKind;
  /** Upper-cased text for keywords, the exact text otherwise. */
  text: string;
}

export interface SqlComment {
  /** `--` line comment or `/* … *\/` block comment (nested block comments are one comment). */
  kind: "line" | "block";
  start: number;
  end: number;
  /** Text without the comment markers. */
  value: string;
}

export interface SqlSyntaxError {
  message: string;
  /** Character offset of the error in the SQL text. */
  offset: number;
  /**
   * Set when PostgreSQL accepts the statement but its PL/pgSQL blocks nest deeper than the walk over
   * them can follow (thousands of levels); otherwise PostgreSQL's parser rejected it.
   */
  nesting?: true;
}

/** How a statement nested in PL/pgSQL is protected against running twice. */
export interface PlpgsqlGuard {
  /** Condition names caught by the enclosing `EXCEPTION WHEN …` handlers (lower case), e.g. `duplicate_object`, `others`. */
  caughtConditions: string[];
  /** The statement runs under `IF NOT EXISTS (SELECT … )` (or `IF … IS NULL`, `NOT FOUND` checks): a hand-written existence check. */
  existenceCheck: boolean;
  /** The statement runs under `IF EXISTS (SELECT … )` (or `IS NOT NULL`, `FOUND`, a positive `count(*)`): a hand-written check that the object is there, which guards a drop. */
  presenceCheck: boolean;
}

/** Whose grammar read a statement: libpg-query's, or the MySQL/MariaDB or SQLite one in src/sql/dialect/. */
export type SqlGrammar = "postgresql" | "mysql" | "sqlite";

export interface SqlStatement {
  grammar: SqlGrammar;
  /** The statement without surrounding whitespace, comments or the terminating `;`. */
  range: Range;
  /** libpg-query's node type of the statement, e.g. `IndexStmt`, `AlterTableStmt`; `null` when it did not parse. */
  kind: string | null;
  /** libpg-query's statement node (the value under `kind`), or `null`. */
  node: Record<string, unknown> | null;
  /** Set when this statement alone failed to parse; the rest of the text is still analysed. */
  error: SqlSyntaxError | null;
  /** Tokens of the statement, comments excluded; computed on first read (a scan of the statement's text). */
  readonly tokens: SqlToken[];
  /** Statements found inside PL/pgSQL bodies (DO blocks, functions, `EXECUTE '…'` literals), with offsets in the same text. */
  nested: SqlStatement[];
  /** For a nested statement: what guards it; `null` at top level. */
  plpgsqlGuard: PlpgsqlGuard | null;
  /**
   * For a nested statement whose characters are not a contiguous copy of the source (inside an
   * `EXECUTE '…'` literal with doubled quotes): false, so no fix may edit it.
   */
  editable: boolean;
}

export interface SqlDocument {
  text: string;
  statements: SqlStatement[];
  comments: SqlComment[];
  /** A lexical error that stopped the whole text from being tokenized (an unterminated quote). */
  error: SqlSyntaxError | null;
}
