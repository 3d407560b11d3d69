import type { Range } from "../sql/types.js";

/**
 * SQL text that a host file carries inside a string literal (`op.execute("CREATE INDEX …")`,
 * `knex.raw(`…`)`) or as the whole file (`.sql`), with the map back to the host file. The SQL core
 * works on `text`; findings and fixes go through `hostRange` and `edit`.
 */
export interface EmbeddedSql {
  /** The SQL as the database receives it: escapes decoded, implicit concatenation joined, interpolations replaced by placeholders. */
  text: string;
  /** Host-file offsets of a range of `text`. */
  hostRange(range: Range): Range;
  /**
   * Edits to the host file that insert `insertion` at `offset` of `text`, escaped as the literal there
   * needs (a `"` inside a `"…"` literal, a backtick inside a template literal). `null` when the
   * position is not literal text the fix can safely touch: inside or next to an interpolation, in an
   * escape sequence, or in a literal whose text the host cannot rewrite (bytes, `\N{…}`).
   */
  insert(offset: number, insertion: string): { range: Range; text: string } | null;
  /** The call or literal the SQL came from, for messages: e.g. `op.execute()`. */
  sink: string;
}

/**
 * Stands for an interpolation (`{name}` in an f-string, `${name}` in a template literal) that the
 * linter cannot know. A plain identifier parses wherever PostgreSQL expects a name or a value
 * (`CREATE INDEX __pyfmt_0__ ON …`, `= __pyfmt_0__`), also glued to other identifier characters
 * (`ix_{table}` reads as one name) and inside a quoted literal.
 */
export function interpolationPlaceholder(host: "pyfmt" | "js", index: number): string {
  return `__${host}_${String(index)}__`;
}

/** SQL text for messages: each interpolation placeholder reads as `{…}`. */
export function withInterpolationsShown(text: string): string {
  return text.replace(/__(?:pyfmt|js)_\d+__/gu, "{…}");
}

/**
 * Whether two UTF-16 units are the halves of one character: an insertion between them would split
 * it, in any host's literal.
 */
export function isSurrogatePair(high: string, low: string): boolean {
  return /^[\uD800-\uDBFF]$/u.test(high) && /^[\uDC00-\uDFFF]$/u.test(low);
}
