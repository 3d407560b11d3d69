import type { Dialect } from "../../dialects.js";
/**
 * The plain-object AST of a `.sql` file that ESLint traverses. It is deliberately shallow: the SQL
 * core has already parsed each statement, and rules read the core's result from `statement` rather
 * than walking SQL syntax, so the tree only has to carry locations, the migration sections and the
 * statements nested in PL/pgSQL bodies.
 */
import type { SourceLocation } from "@eslint/core";
import type { Range, SqlStatement, SqlSyntaxError } from "../../sql/types.js";
import type { SqlConventions } from "./conventions.js";

interface BaseNode {
  range: Range;
  /** 1-based line, 0-based column in UTF-16 code units, as ESLint's JavaScript locations. */
  loc: SourceLocation;
}

export interface SqlScript extends BaseNode {
  type: "SqlScript";
  /** Statements before the first section marker, then the sections; or only statements when the file has no sections. */
  children: (SqlSection | SqlStatementNode)[];
  comments: SqlCommentNode[];
  conventions: SqlConventions;
  /**
   * The file as the database receives it from psql or a templating tool, which every statement's
   * offsets and tokens refer to: as long as the file, with psql's meta-commands and COPY data blanked,
   * and psql variables and Go template actions replaced by placeholders (src/sql/psql.ts,
   * src/sql/go-template.ts).
   */
  sql: string;
  /** psql variables by placeholder name, with the file's spelling, for messages. */
  psqlVariables: ReadonlyMap<string, string>;
  /** Go template actions: where they are, and how each value action is spelled, for messages and fixes. */
  template: { actions: Range[]; spellings: string[] };
  /** The databases the file runs on (src/project/dialect.ts); a fix is only what all of them accept. */
  dialects: Dialect[];
}

/** A block of a migration that runs in one direction: dbmate's `-- migrate:up`, goose's `-- +goose Down`, or a whole golang-migrate file. */
export interface SqlSection extends BaseNode {
  type: "SqlSection";
  direction: "up" | "down";
  /** Whether the migration tool wraps this section in a transaction it opens itself. */
  transaction: boolean;
  children: SqlStatementNode[];
}

export interface SqlStatementNode extends BaseNode {
  type: "SqlStatement";
  /** libpg-query's statement type, e.g. `IndexStmt`; `null` when the statement did not parse. */
  kind: string | null;
  /** Why this statement alone did not parse; the rest of the file is still checked. */
  error: SqlSyntaxError | null;
  /** The SQL core's analysis, with every offset (range, tokens, error, nested) an offset in the file. */
  statement: SqlStatement;
  /** Statements nested in this one's PL/pgSQL body (`DO` blocks, functions, `EXECUTE '…'`). */
  children: SqlStatementNode[];
}

export interface SqlCommentNode {
  type: "Comment";
  kind: "line" | "block";
  /** Text without the markers: after `--`, or between `/*` and `*\/`. */
  value: string;
  range: Range;
  loc: SourceLocation;
}

export type SqlNode = SqlScript | SqlSection | SqlStatementNode;
