import type { Range } from "../sql/types.js";
import { INTERPOLATION_PATTERN } from "../sql/interpolation.js";

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
   * position is not literal text the fix can safely touch: inside or after an interpolation, in an
   * escape sequence, or in a literal whose text the host cannot rewrite (bytes, `\N{…}`). Right before
   * an interpolation the edit is made but `beside` names it: its value may already hold what the
   * insertion adds (`CONCURRENTLY ix`), so the edit is only a suggestion.
   */
  insert(offset: number, insertion: string): { range: Range; text: string; beside?: string } | null;
  /** The call or literal the SQL came from, for messages: e.g. `op.execute()`. */
  sink: string;
  /** SQL text for messages with the host's own placeholders written as in the file (psql's `:name`). */
  shown?: (sql: string) => string;
}

export { interpolationPlaceholder } from "../sql/interpolation.js";

const INTERPOLATIONS = new RegExp(INTERPOLATION_PATTERN, "gu");

/** SQL text for messages: each interpolation placeholder reads as `{…}`. */
export function withInterpolationsShown(text: string): string {
  return text.replace(INTERPOLATIONS, "{…}");
}

/** A character that continues an SQL name, so that an interpolation after it is part of that name. */
export const NAME_CHAR = /[\p{L}\p{N}_$\uD800-\uDFFF]/u;

/**
 * Whether a constant's value is a plain name, optionally schema-qualified (`apps`, `billing.invoices`):
 * the only values the hosts read into SQL in place of an interpolation, since nothing else they
 * could hold (`CONCURRENTLY ix`, `apps; …`) changes where a guard goes.
 */
export function isPlainName(value: string): boolean {
  return /^[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?$/u.test(value);
}

/** How a suggestion names an interpolation: as written (`${name}`, `{}`, `%s`), a `+` operand without the `" + … + "` around it. */
export function interpolationShown(source: string): string {
  return sourceShown(source.replace(/^["'`]\s*\+\s*|\s*\+\s*["'`]$/gu, ""));
}

/** Host source quoted in a message: at most 40 characters, on one line. */
export function sourceShown(source: string): string {
  const line = source.replace(/\s+/gu, " ");
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}

/**
 * Whether two UTF-16 units are the halves of one character: an insertion between them would split
 * it, in any host's literal.
 */
export function isSurrogatePair(high: string, low: string): boolean {
  return /^[\uD800-\uDBFF]$/u.test(high) && /^[\uDC00-\uDFFF]$/u.test(low);
}
