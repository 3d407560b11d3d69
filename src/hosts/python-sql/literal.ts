import type { PyNode, Range, StringPart, StringQuote } from "../../languages/python/ast.js";
import { decodeStringPart } from "../../languages/python/strings.js";
import { NAME_CHAR, interpolationPlaceholder, interpolationShown, isSurrogatePair, type EmbeddedSql } from "../embedded-sql.js";

/** One UTF-16 unit of the SQL text and the host characters it came from. */
export interface MappedChar {
  char: string;
  /** Host offsets of the source of this unit: one character, a whole escape, a whole `{…}` replacement. */
  start: number;
  end: number;
  /** Host offset right after this unit's source in its part, line continuations included: where an insertion after it goes. */
  after: number;
  /** Index of the string part the unit came from. */
  part: number;
  /** Index of the unit in its part's decoded value. */
  local: number;
  /** Only `text` units may have an insertion next to them: the others stand for something else (`known`: a constant's name, see embedLiteral). */
  kind: "text" | "placeholder" | "bind" | "known";
  /** Index of the unit in the decoded text before SQLAlchemy's processing (see SqlProcessing). */
  pre: number;
}

/**
 * What SQLAlchemy does to a string between Python and the database: `text()` turns `:name` into bind
 * parameters, `DDL()` applies `%` formatting, a driver-level call passes it through.
 */
export interface SqlProcessing {
  /** The units the database receives, from the decoded units; `nextPlaceholder` numbers new placeholders. */
  apply(chars: readonly MappedChar[], nextPlaceholder: number): MappedChar[];
  /**
   * What to write into the decoded string so that the database receives `insertion` at `offset` of
   * `decoded`; `null` when nothing can.
   */
  escape(decoded: string, offset: number, insertion: string): string | null;
}

/** The placeholder of the `index`-th f-string replacement. */
export function placeholder(index: number): string {
  return interpolationPlaceholder("pyfmt", index);
}

/**
 * SQL carried by the string parts of one Python literal, mapped back to their characters. `known`
 * gives the value of an f-string field that is a constant holding a plain name (`{TABLE}` after
 * `TABLE = "apps"`): the SQL reads that name, and only the place before it takes an edit.
 */
export function embedLiteral(
  text: string,
  parts: readonly StringPart[],
  processing: SqlProcessing,
  sink: string,
  known: (replacement: PyNode) => string | null = () => null,
): EmbeddedSql {
  const decoded = decodeParts(text, parts, known);
  const chars = processing.apply(decoded.chars, decoded.placeholders);
  const decodedText = decoded.chars.map((unit) => unit.char).join("");
  const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";

  const pointAfter = (offset: number): number => {
    const before = chars[offset - 1];
    return before ? before.after : (parts[0]?.contentRange[0] ?? 0);
  };

  return {
    text: chars.map((unit) => unit.char).join(""),
    sink,
    hostRange([from, to]) {
      const start = Math.max(0, Math.min(from, chars.length));
      const end = Math.max(start, Math.min(to, chars.length));
      const first = chars[start];
      const last = chars[end - 1];
      if (end === start || !first || !last) {
        const point = pointAfter(start);
        return [point, point];
      }
      // A bind parameter's stand-in is `$1` and spaces, which the SQL core leaves out of a range
      // that ends with it: the span covers the whole `:name` or `%(name)s`.
      let stop = end;
      while (last.kind === "bind" && chars[stop]?.kind === "bind" && chars[stop]?.char === " ") {
        stop++;
      }
      return [first.start, (chars[stop - 1] ?? last).end];
    },
    insert(offset, insertion) {
      if (!Number.isInteger(offset) || offset < 0 || offset > chars.length || insertion.includes("\0")) {
        // PostgreSQL refuses a NUL in query text, so no fix needs one.
        return null;
      }
      const before = chars[offset - 1];
      const after = chars[offset];
      // Next to a replacement the text would join its value, except before one that starts a word:
      // a constant's name is certain there, an unknown value gets a suggestion (see `beside`).
      const startsWord = before?.kind === "text" && !NAME_CHAR.test(before.char);
      const beside = after?.kind === "placeholder" && startsWord ? after : null;
      if ((before && before.kind !== "text") || (after && after.kind !== "text" && !beside && !(after.kind === "known" && startsWord))) {
        return null;
      }
      if (before && after && isSurrogatePair(before.char, after.char)) {
        return null;
      }
      // At a boundary between two parts of `"a" "b"` this is the end of the earlier part.
      const partIndex = before ? before.part : 0;
      const part = parts[partIndex];
      const value = decoded.values[partIndex];
      if (!part || value === undefined || decoded.locked.has(partIndex)) {
        return null;
      }
      const forSql = processing.escape(decodedText, before ? before.pre + 1 : 0, insertion);
      if (forSql === null) {
        return null;
      }
      const written = writeInLiteral(forSql, part, lineBreak);
      const local = before ? before.local + 1 : 0;
      const point = pointAfter(offset);
      const window = windowAround(text, part, decoded.offsets[partIndex] ?? [], local);
      const expected = value.slice(window.from, local) + forSql + value.slice(local, window.to);
      if (!rewriteIsExact(text, part, window.source, point, written, expected)) {
        return null;
      }
      return { range: [point, point], text: written, ...(beside ? { beside: interpolationShown(text.slice(beside.start, beside.end)) } : {}) };
    },
  };
}

interface DecodedParts {
  chars: MappedChar[];
  /** Each part's decoded value, with U+FFFC for each replacement as decodeStringPart gives it. */
  values: string[];
  /** Each part's source offset of each unit of its value, and of its end (decodeStringPart's sourceOffsets). */
  offsets: number[][];
  /** Parts the fix must not rewrite: their value has a `\N{…}` escape this module does not decode. */
  locked: Set<number>;
  placeholders: number;
}

function decodeParts(text: string, parts: readonly StringPart[], known: (replacement: PyNode) => string | null): DecodedParts {
  const chars: MappedChar[] = [];
  const values: string[] = [];
  const offsets: number[][] = [];
  const locked = new Set<number>();
  let placeholders = 0;
  for (const [partIndex, part] of parts.entries()) {
    const { value, sourceOffsets } = decodeStringPart(text, part);
    values.push(value);
    offsets.push(sourceOffsets);
    const raw = part.prefix.includes("r");
    const replacements = new Map(part.children.flatMap((child) => (child.type === "FormatReplacement" ? [[child.range[0], child] as const] : [])));
    for (let local = 0; local < value.length; local++) {
      const start = sourceOffsets[local] as number;
      // Both units of an astral character from one escape share its offset.
      let next = local + 1;
      while (sourceOffsets[next] === start) {
        next++;
      }
      const after = sourceOffsets[next] ?? start;
      const char = value[local] as string;
      const replacement = char === "\uFFFC" ? replacements.get(start) : undefined;
      const constant = replacement ? known(replacement) : null;
      if (constant !== null) {
        for (const unit of constant) {
          chars.push({ char: unit, start, end: after, after, part: partIndex, local, kind: "known", pre: chars.length });
        }
        continue;
      }
      if (replacement) {
        for (const unit of placeholder(placeholders++)) {
          chars.push({ char: unit, start, end: after, after, part: partIndex, local, kind: "placeholder", pre: chars.length });
        }
        continue;
      }
      if (char === "\uFFFD" && !raw && text.startsWith("\\N{", start)) {
        locked.add(partIndex);
      }
      const end = raw ? after : withoutContinuation(text, start, after);
      chars.push({ char, start, end, after, part: partIndex, local, kind: "text", pre: chars.length });
    }
  }
  return { chars, values, offsets, locked, placeholders };
}

/**
 * `end` without the backslash-newline continuations before it, which belong to no character. They
 * start after `start`: in `\\<newline>` the backslash before a newline character is its own escape.
 */
function withoutContinuation(text: string, start: number, end: number): number {
  let trimmed = end;
  for (;;) {
    if (trimmed - 3 > start && text.startsWith("\\\r\n", trimmed - 3)) {
      trimmed -= 3;
    } else if (trimmed - 2 > start && text[trimmed - 2] === "\\" && /[\r\n]/u.test(text[trimmed - 1] ?? "")) {
      trimmed -= 2;
    } else {
      return trimmed;
    }
  }
}

/**
 * `value` spelled for the literal `part`; rewriteIsExact then refuses what the literal cannot spell
 * (a newline in a raw `'…'`).
 */
function writeInLiteral(value: string, part: StringPart, lineBreak: string): string {
  const raw = part.prefix.includes("r");
  const format = part.type === "FormatString";
  const triple = part.quote.length === 3;
  const quoteChar = part.quote[0] as string;
  let written = "";
  for (const char of value) {
    if (format && (char === "{" || char === "}")) {
      written += char + char;
    } else if (char === "\n" && triple) {
      // Python reads CRLF in a literal as `\n`: keep the file's line breaks.
      written += lineBreak;
    } else if (raw) {
      // A raw literal has no escapes: whatever breaks it is caught by rewriteIsExact.
      written += char;
    } else if (char === "\\" || char === quoteChar) {
      written += `\\${char}`;
    } else if (char === "\n") {
      written += "\\n";
    } else if (char === "\r") {
      written += "\\r";
    } else {
      written += char;
    }
  }
  return written;
}

/** A stretch of a part's value around an insertion: value indexes `from`–`to` and the source they come from. */
interface Window {
  from: number;
  to: number;
  source: Range;
}

/** How many units on each side of an insertion can merge with it: `\1` + `2`, `\` + `"` in a raw literal. */
const WINDOW_UNITS = 2;

/**
 * The stretch of `part` around value index `local` that an insertion there can affect, cut where
 * decoding can restart as it does from the start of the part: at a unit start that is not the
 * second half of an escape's astral character, nor right after a backslash (a raw literal's `\"`),
 * nor right after a quote character (a triple-quoted literal's `""` before its neighbour).
 * Checking the stretch instead of the whole part keeps a string with thousands of fixes linear.
 */
function windowAround(text: string, part: StringPart, sourceOffsets: readonly number[], local: number): Window {
  const length = sourceOffsets.length - 1;
  const quoteChar = part.quote[0] as string;
  const cutsSomething = (index: number): boolean => {
    const at = sourceOffsets[index] as number;
    return sourceOffsets[index - 1] === at || text[at - 1] === "\\" || text[at - 1] === quoteChar;
  };
  let from = Math.max(0, local - WINDOW_UNITS);
  while (from > 0 && cutsSomething(from)) {
    from--;
  }
  let to = Math.min(length, local + WINDOW_UNITS);
  while (to < length && cutsSomething(to)) {
    to++;
  }
  const source: Range = [from === 0 ? part.contentRange[0] : (sourceOffsets[from] as number), to === length ? part.contentRange[1] : (sourceOffsets[to] as number)];
  return { from, to, source };
}

/**
 * Whether inserting `written` at `point` leaves the `window` of `part` text that decodes to
 * `expected` and that ends no literal. Checking the result covers every way an insertion can merge
 * with its neighbours (`\1` + `2` is one octal escape, an insertion after the backslash of an
 * unknown escape `\d`, a quote next to a raw literal's backslash) without listing them.
 */
function rewriteIsExact(text: string, part: StringPart, [start, end]: Range, point: number, written: string, expected: string): boolean {
  const edited = text.slice(start, point) + written + text.slice(point, end);
  // The window on its own, as the content of a literal of the same kind.
  const shift = (offset: number): number => (offset >= point ? offset + written.length : offset) - start;
  const replacements = part.children
    .filter((child) => child.type === "FormatReplacement" && child.range[0] >= start && child.range[1] <= end)
    .map((child) => ({ ...child, range: [shift(child.range[0]), shift(child.range[1])] as Range }));
  const rewritten: StringPart = { ...part, contentRange: [0, edited.length], children: replacements };
  if (decodeStringPart(edited, rewritten).value !== expected) {
    return false;
  }
  // Blanked so that quotes inside `{x["a"]}` do not count as the literal's own.
  let content = edited;
  for (const { range: [from, to] } of replacements) {
    content = content.slice(0, from) + " ".repeat(to - from) + content.slice(to);
  }
  return isOneLiteral(content, part.quote, part.prefix.includes("r"));
}

const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Whether Python reads this content as one literal that ends exactly at its closing quote, with no
 * truncated escape (`\x4`, `\N` without `{name}`), which decodeStringPart passes but Python rejects.
 */
function isOneLiteral(content: string, quote: StringQuote, raw: boolean): boolean {
  const source = content + quote;
  let index = 0;
  while (index < source.length) {
    if (source.startsWith(quote, index)) {
      return index === content.length;
    }
    const char = source[index];
    const next = source[index + 1] ?? "";
    const digits = HEX_DIGITS[next] ?? 0;
    if (char === "\\" && !raw && digits > 0 && !new RegExp(`^[0-9a-fA-F]{${digits}}`, "u").test(source.slice(index + 2))) {
      return false;
    }
    if (char === "\\" && !raw && next === "N" && !/^\{[^}]+\}/u.test(source.slice(index + 2))) {
      return false;
    }
    if (char === "\\") {
      index += source.startsWith("\r\n", index + 1) ? 3 : 2;
    } else if (quote.length === 1 && (char === "\n" || char === "\r")) {
      return false;
    } else {
      index++;
    }
  }
  return false;
}
