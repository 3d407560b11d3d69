import type { PyNode, Range, StringPart, StringQuote } from "./ast.js";
import { isNodeType } from "./ast.js";
import { codePointNamed } from "./unicode-names.js";

export function readStringDelimiters(
  text: string,
  range: Range,
): { prefix: string; quote: StringQuote; contentRange: Range } {
  const [start, end] = range;
  let quoteStart = start;
  while (quoteStart < end && /[a-zA-Z]/u.test(text[quoteStart] as string)) {
    quoteStart++;
  }
  const prefix = text.slice(start, quoteStart).toLowerCase();
  const opening = text.slice(quoteStart, quoteStart + 3);
  const quote: StringQuote =
    opening === '"""' || opening === "'''" ? opening : (text[quoteStart] as "'" | '"');
  const closingLength = text.slice(end - quote.length, end) === quote ? quote.length : 0;
  return {
    prefix,
    quote,
    contentRange: [quoteStart + quote.length, Math.max(quoteStart + quote.length, end - closingLength)],
  };
}

/**
 * The value of a string literal together with where each character of it came from, so that a
 * position inside the value can be turned back into a position in the source file.
 */
export interface DecodedString {
  value: string;
  /** `sourceOffsets[i]` is the source offset of `value[i]`; one extra entry marks the end. */
  sourceOffsets: number[];
  /** False when the value could not be recovered exactly (an f-string replacement, `\N{…}` with an unknown name). */
  exact: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** Decodes one string part as Python would (escapes, raw strings, line continuations). */
export function decodeStringPart(text: string, part: StringPart): DecodedString {
  const raw = part.prefix.includes("r");
  const bytes = part.prefix.includes("b");
  const format = part.type === "FormatString";
  const [start, end] = part.contentRange;
  let value = "";
  const sourceOffsets: number[] = [];
  let exact = true;
  const replacements = new Map(
    format ? part.children.flatMap((child) => (child.type === "FormatReplacement" ? [[child.range[0], child] as const] : [])) : [],
  );
  let index = start;
  while (index < end) {
    const replacement = replacements.get(index);
    if (replacement) {
      // An interpolation has no static value; keep one placeholder character that maps to it.
      value += "\uFFFC";
      sourceOffsets.push(index);
      exact = false;
      index = replacement.range[1];
      continue;
    }
    const char = text[index] as string;
    if (format && (char === "{" || char === "}") && text[index + 1] === char) {
      value += char;
      sourceOffsets.push(index);
      index += 2;
      continue;
    }
    if (char === "\r") {
      // Python's tokenizer reads `\r\n` and a lone `\r` as `\n` before the string is decoded.
      value += "\n";
      sourceOffsets.push(index);
      index += text[index + 1] === "\n" ? 2 : 1;
      continue;
    }
    if (char !== "\\" || raw) {
      value += char;
      sourceOffsets.push(index);
      index++;
      continue;
    }
    const next = text[index + 1] ?? "";
    if (next === "\n" || next === "\r") {
      index += next === "\r" && text[index + 2] === "\n" ? 3 : 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      sourceOffsets.push(index);
      index += 2;
      continue;
    }
    const octal = /^[0-7]{1,3}/u.exec(text.slice(index + 1, index + 4));
    const hexLength = next === "x" ? 2 : next === "u" && !bytes ? 4 : next === "U" && !bytes ? 8 : 0;
    if (octal) {
      value += String.fromCodePoint(Number.parseInt(octal[0], 8));
      sourceOffsets.push(index);
      index += 1 + octal[0].length;
    } else if (hexLength > 0 && /^[0-9a-fA-F]+$/u.test(text.slice(index + 2, index + 2 + hexLength))) {
      const codePoint = Number.parseInt(text.slice(index + 2, index + 2 + hexLength), 16);
      const decoded = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : "\uFFFD";
      // One offset per UTF-16 unit: an astral character is two entries of `value`.
      value += decoded;
      for (let unit = 0; unit < decoded.length; unit++) {
        sourceOffsets.push(index);
      }
      index += 2 + hexLength;
    } else if (next === "N" && !bytes && text[index + 2] === "{") {
      const close = text.indexOf("}", index);
      const stop = close === -1 || close >= end ? end : close + 1;
      const codePoint = close === -1 || close >= end ? null : codePointNamed(text.slice(index + 3, close));
      // An unknown name is a SyntaxError in Python; its value stays unknown.
      const decoded = codePoint === null ? "\uFFFD" : String.fromCodePoint(codePoint);
      value += decoded;
      for (let unit = 0; unit < decoded.length; unit++) {
        sourceOffsets.push(index);
      }
      exact &&= codePoint !== null;
      index = stop;
    } else {
      // Python keeps unknown escapes such as `\d` as they are.
      value += "\\";
      sourceOffsets.push(index);
      index++;
    }
  }
  sourceOffsets.push(end);
  return { value, sourceOffsets, exact };
}

/** The string parts of a literal expression: one for `"a"`, several for `"a" "b"`. */
export function stringParts(node: PyNode): StringPart[] | null {
  if (isNodeType(node, "String") || isNodeType(node, "FormatString")) {
    return [node];
  }
  if (isNodeType(node, "ContinuedString")) {
    return (node).children;
  }
  return null;
}

/** The value of a plain string literal, or `null` when the node is not one or has interpolations. */
export function staticStringValue(text: string, node: PyNode): string | null {
  const parts = stringParts(node);
  if (!parts || parts.some((part) => part.prefix.includes("b"))) {
    return null;
  }
  let value = "";
  for (const part of parts) {
    const decoded = decodeStringPart(text, part);
    if (!decoded.exact) {
      return null;
    }
    value += decoded.value;
  }
  return value;
}
