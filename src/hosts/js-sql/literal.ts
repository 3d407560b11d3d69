import type { Range } from "../../sql/types.js";
import { interpolationPlaceholder, type EmbeddedSql } from "../embedded-sql.js";

export type Quote = "'" | '"' | "`";

/** The characters of one string literal, or of one template element between `${…}`. */
export interface LiteralPart {
  /** Host offsets of the text between the delimiters. */
  content: Range;
  /** The value the parser decoded, to check this module's decoding against. */
  cooked: string;
}

/** One UTF-16 unit of the SQL text and the host characters it came from. */
interface Unit {
  char: string;
  /** Host offsets of the unit's source: one character, a whole escape, a whole `${…}`. */
  start: number;
  end: number;
  part: number;
  /** Only `text` units may have an insertion next to them: a placeholder stands for unknown code. */
  kind: "text" | "placeholder";
}

/** The placeholder of the `index`-th `${…}` of a template literal. */
export function placeholder(index: number): string {
  return interpolationPlaceholder("js", index);
}

/**
 * SQL carried by one JS string or template literal, mapped back to its characters. `null` when the
 * literal's escapes decode differently from what the parser says, so that no finding points at the
 * wrong characters.
 */
export function embedLiteral(text: string, quote: Quote, parts: readonly LiteralPart[], sink: string): EmbeddedSql | null {
  const units: Unit[] = [];
  const firstUnitOf: number[] = [];
  for (const [index, part] of parts.entries()) {
    const previous = parts[index - 1];
    if (previous) {
      for (const char of placeholder(index - 1)) {
        units.push({ char, start: previous.content[1], end: part.content[0], part: index, kind: "placeholder" });
      }
    }
    const decoded = decodePart(text, part.content, quote, index);
    if (!decoded || joined(decoded) !== part.cooked) {
      return null;
    }
    firstUnitOf.push(units.length);
    units.push(...decoded);
  }
  const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";
  const start = parts[0]?.content[0] ?? 0;

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
      if (before?.kind === "placeholder" || after?.kind === "placeholder") {
        return null;
      }
      // Also refuses the middle of one `\u{…}` escape, whose two units share its source.
      if (before && after && isSurrogatePair(before.char, after.char)) {
        return null;
      }
      const partIndex = before?.part ?? after?.part ?? 0;
      const part = parts[partIndex];
      const firstUnit = firstUnitOf[partIndex];
      if (!part || firstUnit === undefined) {
        return null;
      }
      const point = before?.end ?? after?.start ?? part.content[0];
      const written = writeInLiteral(insertion, quote, lineBreak);
      const local = offset - firstUnit;
      const expected = part.cooked.slice(0, local) + insertion + part.cooked.slice(local);
      // Decoding the result catches every merge with a neighbour (`\0` + `1`, `$` + `{`) without listing them.
      const edited = text.slice(0, point) + written + text.slice(point);
      const check = decodePart(edited, [part.content[0], part.content[1] + written.length], quote, partIndex);
      if (!check || joined(check) !== expected) {
        return null;
      }
      return { range: [point, point], text: written };
    },
  };
}

function joined(units: readonly Unit[]): string {
  return units.map((unit) => unit.char).join("");
}

function isSurrogatePair(high: string, low: string): boolean {
  return /^[\uD800-\uDBFF]$/u.test(high) && /^[\uDC00-\uDFFF]$/u.test(low);
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
      units.push({ char: "\n", start: index, end: index + width, part, kind: "text" });
      index += width;
      continue;
    }
    if (char !== "\\") {
      units.push({ char, start: index, end: index + 1, part, kind: "text" });
      index++;
      continue;
    }
    const escape = readEscape(text.slice(index, end), quote === "`");
    if (!escape) {
      return null;
    }
    for (const unit of escape.value.split("")) {
      units.push({ char: unit, start: index, end: index + escape.length, part, kind: "text" });
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
