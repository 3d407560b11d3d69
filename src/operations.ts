/**
 * The migration operation model: what every host adapter produces and every rule reads. A record
 * says what a migration does to the schema and how it is guarded, in words that do not depend on
 * whether it was written as `op.create_index(...)`, `CREATE INDEX ...` or `pgm.createIndex(...)`.
 */

export type Range = [number, number];

export interface Span {
  range: Range;
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** One text replacement; a fix is a list of them applied together. */
export interface Edit {
  range: Range;
  text: string;
}

/** What kind of schema object, in PostgreSQL's words: `index`, `table`, `column`, `foreign key`, `type`, … */
export type ObjectType = string;

export interface SchemaObject {
  type: ObjectType;
  /** The object's name when the migration states it literally. */
  name: string | null;
  /** The table it belongs to, when known. */
  table: string | null;
  /**
   * The schema a host's own argument names for it (Alembic's `schema=`, knex's `withSchema()`,
   * node-pg-migrate's `{ schema, name }`); for what lives on a table, the table's. Absent when the
   * call names none, `null` when it names one that is not a literal. SQL writes it in `name`/`table`.
   */
  schema?: string | null;
}

/** `create` fails on a retry when the object exists; `drop` fails when it is already gone. */
export type Action = "create" | "drop" | "rename";

/** A version constraint a guard depends on, e.g. Alembic >= 1.13.3. */
export interface Requirement {
  package: string;
  minimum: string;
}

/** How a host's own guard (a keyword, an option) is written on this operation. */
export type GuardState =
  | { state: "enabled" }
  /**
   * `certain` is false when the edit could be wrong: after `**kwargs`, which may hold the keyword, or
   * before an interpolation whose value may (`beside` names it).
   */
  | { state: "missing"; add: Edit[] | null; certain: boolean; beside?: string }
  /** `written` is how the source turns it off (`if_not_exists=False`), `enabled` how to turn it on (`if_not_exists=True`). */
  | { state: "disabled"; span: Span; written: string; enabled: string; enable: Edit[] }
  /**
   * The opposite keyword (`if_exists` on a create), which the host ignores; `consequence` says how,
   * in the host's terms, and `enabled` is the right spelling.
   */
  | { state: "misnamed"; span: Span; writtenAs: string; enabled: string; consequence: string; rename: Edit[] | null }
  /** Set from a variable or expression; whether it is on is not known statically. */
  | { state: "dynamic" };

export type Guard =
  | {
      kind: "option";
      /** How the guard is spelled in the host, e.g. `if_not_exists=True`, `IF NOT EXISTS`. */
      spelling: string;
      keyword: string;
      /** Any one inner list satisfied is enough. */
      requires: Requirement[][];
      current: GuardState;
      /** What to do when the project's versions lack the guard. */
      remedy: string;
    }
  /** The host offers no guard for this operation; `advice` says what makes it retry-safe. */
  | {
      kind: "none";
      reason: "unsupported-by-host" | "unsupported-in-batch";
      advice: string;
      suggestion: { description: string; edits: Edit[] } | null;
    }
  /**
   * `CREATE INDEX CONCURRENTLY`: a failed build leaves an INVALID index behind that `IF NOT EXISTS`
   * would skip forever; the retry-safe form drops it first.
   */
  | { kind: "drop-first"; dropStatement: string; edits: Edit[] | null }
  /** Retry-safe because of what surrounds it, e.g. a concurrent drop of the same index just before. */
  | { kind: "covered"; by: string };

/**
 * Something an operation emits besides its main statement that its guard does not cover, such as the
 * `CREATE INDEX` that `create_table(..., if_not_exists=True)` emits for an `index=True` column.
 */
export interface UnguardedSideEffect {
  what: "index" | "foreign key";
  /** What in the source causes it (`index=True`, `sa.Index(...)`, `sa.ForeignKey(...)`). */
  cause: string;
  /** The one statement the operation's guard does cover, e.g. `CREATE TABLE`. */
  guardedStatement: string;
  span: Span;
  advice: string;
}

export interface MigrationOperation {
  host: "alembic" | "sql" | "js";
  /** The host's name for the operation, e.g. `create_index`, `CREATE INDEX`. */
  kind: string;
  action: Action;
  object: SchemaObject;
  /** How findings name it: `op.create_index()`, `CREATE INDEX ix_a in op.execute()`. */
  subject: string;
  /** What a retry does, as a clause: `the retry fails with 'relation "ix_a" already exists'`. */
  retryFailure: string;
  /** Which product lacks the guard, for messages: `Alembic`, `PostgreSQL`. */
  guardProvider: string;
  guard: Guard;
  /** `CONCURRENTLY` / `postgresql_concurrently=True`. */
  concurrently: boolean;
  /** Whether the operation runs inside the migration's transaction or in an autocommit block. */
  transaction: "migration" | "autocommit";
  span: Span;
  sideEffects: UnguardedSideEffect[];
  /** Adds a keyword argument with the call's formatting (Alembic calls); `null` when not applicable. */
  addArgument: ((name: string, valueText: string) => Edit[] | null) | null;
  /** Keyword arguments that are present, by name (Alembic calls). */
  keywords: ReadonlySet<string>;
}

/** A statement the SQL parser could not read: reported, and the rest of the file is still checked. */
export interface UnparsedStatement {
  span: Span;
  message: string;
  /** Why it was not checked: its grammar rejects it, or its PL/pgSQL blocks nest too deeply to follow. */
  reason: "syntax" | "nesting";
  /** Which grammar rejected it, for messages: `PostgreSQL's parser`, `the SQLite grammar`. */
  parser: string;
}

/** Valid code in a host file that the host's parser could not read (a construct its grammar lacks). */
export interface UnreadableCode {
  span: Span;
  /** What the code is, e.g. "a decorator that is an arbitrary expression". */
  construct: string;
  /** The language version that introduced it, e.g. "Python 3.9". */
  since: string;
}
