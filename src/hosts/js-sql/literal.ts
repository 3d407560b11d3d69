import type { Range } from "../../sql/types.js";
import { NAME_CHAR, interpolationPlaceholder, interpolationShown, isSurrogatePair, type EmbeddedSql } from "../embedded-sql.js";

export type Quote = "'" | '"' | "`";

/** The characters of one string literal, or of one template element between `${…}`. */
export interface LiteralPart {
  kind: "literal";
  /** Host offsets of the text between the delimiters. */
  content: Range;
  /** The value the parser decoded, to check this module's decoding against. */
  cooked: string;
  quote: Quote;
}

/** A value the linter cannot know: a `${…}`, or `name` in `"…" + name + "…"`; `range` is the host code it stands for. */
export interface UnknownPart {
  kind: "unknown";
  range: Range;
}

/**
 * A `${NAME}` whose value is known: a module constant holding a plain name (`const TABLE = "apps"`).
 * The SQL reads the name; its units all map to the interpolation, where no edit may go inside.
 */
export interface KnownPart {
  kind: "known";
  range: Range;
  value: string;
}

/**
 * A stretch of the SQL text that the tool rewrites before the database sees it, found by the host
 * adapter: knex's `?` binding becomes a value (`replacement: null`, a placeholder), its `\?` a
 * plain `?`.
 */
export interface Substitution {
  start: number;
  end: number;
  replacement: string | null;
}

/** One UTF-16 unit of the SQL text and the host characters it came from. */
interface Unit {
  char: string;
  /** Host offsets of the unit's source: one character, a whole escape, a whole `${…}`. */
  start: number;
  end: number;
  part: number;
  /** Where the unit's source starts and ends in its part's decoded value. */
  cookedStart: number;
  cookedEnd: number;
  /** Only `text` units may have an insertion next to them: a placeholder stands for unknown code, `known` for a constant's name. */
  kind: "text" | "placeholder" | "known";
}

/** The placeholder of the `index`-th value the linter cannot know. */
export function placeholder(index: number): string {
  return interpolationPlaceholder("js", index);
}

/**
 * SQL carried by JS string and template literals (one literal, or a `+` chain of them), mapped back
 * to their characters. `substitute` names the stretches the tool rewrites (query bindings). `null`
 * when a literal's escapes decode differently from what the parser says, so that no finding points
 * at the wrong characters.
 */
export function embedLiteral(
  text: string,
  parts: readonly (LiteralPart | UnknownPart | KnownPart)[],
  sink: string,
  substitute: (sql: string) => Substitution[] = () => [],
): EmbeddedSql | null {
  let units: Unit[] = [];
  // Each literal part's own units, before substitutions; none for an unknown part.
  const partUnits: Unit[][] = [];
  let unknowns = 0;
  for (const [index, part] of parts.entries()) {
    if (part.kind === "known") {
      partUnits.push([]);
      for (const char of part.value) {
        units.push({ char, start: part.range[0], end: part.range[1], part: index, cookedStart: 0, cookedEnd: 0, kind: "known" });
      }
      continue;
    }
    if (part.kind === "unknown") {
      partUnits.push([]);
      for (const char of placeholder(unknowns++)) {
        units.push({ char, start: part.range[0], end: part.range[1], part: index, cookedStart: 0, cookedEnd: 0, kind: "placeholder" });
      }
      continue;
    }
    const decoded = decodePart(text, part.content, part.quote, index);
    if (!decoded || joined(decoded) !== part.cooked) {
      return null;
    }
    partUnits.push(decoded);
    for (const unit of decoded) {
      units.push(unit);
    }
  }
  const written = joined(units);
  const substitutions = substitute(written);
  // Where each boundary of the substituted text lies in the text as written, to re-check edits there.
  let writtenOffsets = Array.from({ length: units.length + 1 }, (_, index) => index);
  if (substitutions.length > 0) {
    ({ units, writtenOffsets } = applySubstitutions(units, substitutions, () => placeholder(unknowns++)));
  }
  const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";
  const opening = parts[0];
  const start = opening?.kind === "literal" ? opening.content[0] : (opening?.range[0] ?? 0);

  return {
    text: joined(units),
    sink,
    hostRange([from, to]) {
      const first = Math.max(0, Math.min(from, units.length));
      const last = Math.max(first, Math.min(to, units.length));
      const head = units[first];
      const tail = units[last - 1];
      if (last === first || !head || !tail) {
        const point = units[first - 1]?.end ?? head?.start ?? start;
        return [point, point];
      }
      return [head.start, tail.end];
    },
    insert(offset, insertion) {
      // PostgreSQL refuses a NUL in query text, so no fix needs one.
      if (!Number.isInteger(offset) || offset < 0 || offset > units.length || insertion.includes("\0")) {
        return null;
      }
      const before = units[offset - 1];
      const after = units[offset];
      // Next to an interpolation the text would join its value, except before one that starts a word:
      // a constant's name is certain there, an unknown value gets a suggestion (see `beside`).
      const startsWord = before?.kind === "text" && !NAME_CHAR.test(before.char);
      const beside = after?.kind === "placeholder" && startsWord ? after : null;
      if (before?.kind === "placeholder" || before?.kind === "known" || (after?.kind === "placeholder" && !beside) || (after?.kind === "known" && !startsWord)) {
        return null;
      }
      // Also refuses the middle of one `\u{…}` escape, whose two units share its source.
      if (before && after && (before.start === after.start || isSurrogatePair(before.char, after.char))) {
        return null;
      }
      const partIndex = before?.part ?? after?.part ?? 0;
      const part = parts[partIndex];
      if (part?.kind !== "literal") {
        return null;
      }
      const point = before?.end ?? after?.start ?? part.content[0];
      const local = before?.cookedEnd ?? after?.cookedStart ?? 0;
      const escaped = writeInLiteral(insertion, part.quote, lineBreak);
      // Decoding the result catches every merge with a neighbour (`\0` + `1`, `$` + `{`) without
      // listing them. Only the units next to the insertion can merge with it: checking them alone
      // keeps a string with thousands of fixes linear.
      const window = windowAround(partUnits[partIndex] ?? [], local, part.content);
      const source = text.slice(window.source[0], point) + escaped + text.slice(point, window.source[1]);
      const check = decodePart(source, [0, source.length], part.quote, partIndex);
      if (!check || joined(check) !== part.cooked.slice(window.from, local) + insertion + part.cooked.slice(local, window.to)) {
        return null;
      }
      // The tool's rewriting must see the same stretches after the edit, shifted, and no new one.
      if (!substitutionsKept(written, writtenOffsets[offset] ?? 0, insertion, substitute)) {
        return null;
      }
      return { range: [point, point], text: escaped, ...(beside ? { beside: interpolationShown(withDelimiters(text, beside)) } : {}) };
    },
  };
}

/** The source of a placeholder, with the `${` and `}` of a template's interpolation around its expression. */
function withDelimiters(text: string, { start, end }: Unit): string {
  const opening = /\$\{\s*$/u.exec(text.slice(Math.max(0, start - 40), start));
  const closing = /^\s*\}/u.exec(text.slice(end, end + 40));
  return opening && closing ? `${opening[0]}${text.slice(start, end)}${closing[0]}` : text.slice(start, end);
}

/** How many units on each side of an insertion can merge with it: `\0` + `1`, `$` + `{`. */
const WINDOW_UNITS = 2;

/**
 * The units of a part around cooked offset `local` (a part has one unit per cooked UTF-16 unit),
 * cut at unit starts that do not split an escape; and the source they span, with the part's
 * delimiters' inner edges at its ends.
 */
function windowAround(units: readonly Unit[], local: number, content: Range): { from: number; to: number; source: Range } {
  const splitsEscape = (index: number) => units[index]?.start === units[index - 1]?.start;
  let from = Math.max(0, local - WINDOW_UNITS);
  while (from > 0 && splitsEscape(from)) {
    from--;
  }
  let to = Math.min(units.length, local + WINDOW_UNITS);
  while (to < units.length && splitsEscape(to)) {
    to++;
  }
  const start = from === 0 ? content[0] : (units[from] as Unit).start;
  const end = to === units.length ? content[1] : (units[to] as Unit).start;
  return { from, to, source: [start, end] };
}

/**
 * Whether inserting `insertion` at `at` of `written` leaves the tool's substitutions as they were,
 * shifted. Knex's bindings (`?`, `??`, `\?`, `:key:`) are runs of non-space characters that look at
 * no character across a space, so only the run around the insertion, with the space on each side,
 * can change.
 */
function substitutionsKept(written: string, at: number, insertion: string, substitute: (sql: string) => Substitution[]): boolean {
  let start = at;
  while (start > 0 && !/\s/u.test(written[start - 1] as string)) {
    start--;
  }
  let end = at;
  while (end < written.length && !/\s/u.test(written[end] as string)) {
    end++;
  }
  const around = written.slice(Math.max(0, start - 1), Math.min(written.length, end + 1));
  const local = at - Math.max(0, start - 1);
  const spans = (found: Substitution[], shiftFrom: number, by: number) =>
    found.map(({ start: from, end: to }) => (from >= shiftFrom ? `${from + by}:${to + by}` : `${from}:${to}`)).join(" ");
  const edited = around.slice(0, local) + insertion + around.slice(local);
  return spans(substitute(around), local, insertion.length) === spans(substitute(edited), Infinity, 0);
}

/**
 * `units` with each substituted stretch replaced: by a placeholder's units, or by plain text spanning
 * the stretch's source; and, for each boundary of the result, the offset in the text before.
 */
function applySubstitutions(
  units: readonly Unit[],
  substitutions: readonly Substitution[],
  nextPlaceholder: () => string,
): { units: Unit[]; writtenOffsets: number[] } {
  const result: Unit[] = [];
  const writtenOffsets: number[] = [0];
  const keep = (from: number, to: number) => {
    for (let index = from; index < to; index++) {
      result.push(units[index] as Unit);
      writtenOffsets.push(index + 1);
    }
  };
  let next = 0;
  for (const { start, end, replacement } of substitutions) {
    keep(next, start);
    const first = units[start];
    const last = units[end - 1];
    if (first && last) {
      const span = { start: first.start, end: last.end, part: first.part, cookedStart: first.cookedStart, cookedEnd: last.cookedEnd };
      const kind = replacement === null ? "placeholder" : "text";
      for (const char of replacement ?? nextPlaceholder()) {
        result.push({ char, ...span, kind });
        // Inside a substituted stretch no edit is allowed; its end maps to the stretch's end.
        writtenOffsets.push(end);
      }
    }
    next = end;
  }
  keep(next, units.length);
  return { units: result, writtenOffsets };
}

function joined(units: readonly Unit[]): string {
  return units.map((unit) => unit.char).join("");
}

/** `value` spelled for a literal delimited by `quote`. */
function writeInLiteral(value: string, quote: Quote, lineBreak: string): string {
  const special = quote === "`" ? /[\\`]|\$(?=\{)/gu : quote === "'" ? /[\\']/gu : /[\\"]/gu;
  return value
    .replace(special, (char) => `\\${char}`)
    .replace(/\r/gu, "\\r")
    .replace(/\n/gu, quote === "`" ? lineBreak : "\\n");
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v" };

/**
 * The units of the literal text in `content`; `null` when it is not the inside of one literal: an
 * unescaped delimiter, a `${` in a template, a line break in a quoted string, a malformed escape.
 */
function decodePart(text: string, [start, end]: Range, quote: Quote, part: number): Unit[] | null {
  const units: Unit[] = [];
  let index = start;
  while (index < end) {
    const char = text[index] as string;
    if (char === quote || (quote === "`" && char === "$" && index + 1 < end && text[index + 1] === "{")) {
      return null;
    }
    if (char === "\r" || char === "\n") {
      if (quote !== "`") {
        return null;
      }
      // A template reads CRLF and CR as `\n`.
      const width = char === "\r" && index + 1 < end && text[index + 1] === "\n" ? 2 : 1;
      units.push({ char: "\n", start: index, end: index + width, part, cookedStart: units.length, cookedEnd: units.length + 1, kind: "text" });
      index += width;
      continue;
    }
    if (char !== "\\") {
      units.push({ char, start: index, end: index + 1, part, cookedStart: units.length, cookedEnd: units.length + 1, kind: "text" });
      index++;
      continue;
    }
    const escape = readEscape(text.slice(index, end), quote === "`");
    if (!escape) {
      return null;
    }
    const cookedStart = units.length;
    const cookedEnd = cookedStart + escape.value.length;
    for (const unit of escape.value.split("")) {
      units.push({ char: unit, start: index, end: index + escape.length, part, cookedStart, cookedEnd, kind: "text" });
    }
    index += escape.length;
  }
  return units;
}

/** The escape at the start of `source` (which starts with a backslash): its value and source length. */
function readEscape(source: string, template: boolean): { value: string; length: number } | null {
  const next = source[1];
  if (next === undefined) {
    return null;
  }
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) {
    return { value: simple, length: 2 };
  }
  const continuation = /^\\(\r\n|[\r\n\u2028\u2029])/u.exec(source);
  if (continuation) {
    return { value: "", length: continuation[0].length };
  }
  const hex = /^\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]+)\})/u.exec(source);
  if (hex) {
    const code = Number.parseInt(hex[1] ?? hex[2] ?? hex[3] ?? "", 16);
    return code > 0x10ffff ? null : { value: String.fromCodePoint(code), length: hex[0].length };
  }
  if (next === "x" || next === "u") {
    return null;
  }
  if (/^\\0(?![0-9])/u.test(source)) {
    return { value: "\0", length: 2 };
  }
  if (/[0-9]/u.test(next)) {
    // Templates forbid legacy octal and `\8`/`\9`; sloppy-mode strings decode them.
    const octal = /^\\(?:[0-3][0-7]{0,2}|[4-7][0-7]?)/u.exec(source);
    if (template) {
      return null;
    }
    return octal
      ? { value: String.fromCharCode(Number.parseInt(octal[0].slice(1), 8)), length: octal[0].length }
      : { value: next, length: 2 };
  }
  const identity = String.fromCodePoint(source.codePointAt(1) ?? 0);
  return { value: identity, length: 1 + identity.length };
}
