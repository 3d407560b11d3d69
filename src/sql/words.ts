/**
 * The words and punctuation of a stretch of plain SQL, read in JavaScript without asking
 * libpg-query's scanner. A guard's insertion point needs the first few tokens of a statement
 * (`CREATE INDEX "ix" ON`, `ALTER TABLE "apps" ADD`), and a scan of them costs a WebAssembly call
 * and a JSON round trip each, which over a large migration history costs more than the parse.
 *
 * Only text whose tokens are beyond doubt is read: ASCII words, quoted identifiers, plain string
 * literals, integers and single punctuation characters. Anything else (a comment, a dollar quote, a
 * string with a prefix, backslash or continuation, a number with a fraction, an operator of two
 * characters, a non-ASCII character) gives null, and the caller scans.
 */

/** A token as the guard finders compare it: its place, and its text, upper-cased for a bare word. */
export interface WordToken {
  start: number;
  end: number;
  /**
   * Upper-cased for a bare word, whether or not it is a keyword: the callers look for keywords, and
   * an ASCII word upper-cases to a keyword's spelling only when it is that keyword.
   */
  text: string;
}

const QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const DOT = 0x2e;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Characters that PostgreSQL's scanner joins into one operator when they follow each other. */
const OPERATOR_CHARS = new Set("+-*/<>=~!@#%^&|`?".split("").map((char) => char.charCodeAt(0)));
/** Characters that are always a token of their own. */
const PUNCTUATION = new Set("(),;[]".split("").map((char) => char.charCodeAt(0)));

function isSpace(unit: number): boolean {
  return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
}

function isLetter(unit: number): boolean {
  return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a) || unit === 0x5f;
}

function isDigit(unit: number): boolean {
  return unit >= 0x30 && unit <= 0x39;
}

function isWordPart(unit: number): boolean {
  return isLetter(unit) || isDigit(unit) || unit === 0x24;
}

/** The tokens of `text` from `start` to `end`, with indexes into `text`; null when the stretch needs the real scanner. */
export function plainWords(text: string, start: number, end: number): WordToken[] | null {
  const tokens: WordToken[] = [];
  let index = start;
  while (index < end) {
    const unit = text.charCodeAt(index);
    if (isSpace(unit)) {
      index++;
      continue;
    }
    const tokenStart = index;
    if (isLetter(unit)) {
      while (index < end && isWordPart(text.charCodeAt(index))) index++;
      const next = text.charCodeAt(index);
      // E'…', B'…', X'…', N'…' and U&'…' are prefixed literals; U&"…" an escaped identifier.
      if (next === QUOTE || next === 0x26 || next > 0x7f) return null;
      tokens.push({ start: tokenStart, end: index, text: text.slice(tokenStart, index).toUpperCase() });
    } else if (unit === DOUBLE_QUOTE) {
      index = closingQuote(text, index, end, DOUBLE_QUOTE);
      // A zero-length quoted identifier is an error the scanner reports.
      if (index === -1 || index === tokenStart + 2) return null;
      tokens.push({ start: tokenStart, end: index, text: text.slice(tokenStart, index) });
    } else if (unit === QUOTE) {
      index = closingQuote(text, index, end, QUOTE);
      if (index === -1 || text.slice(tokenStart, index).includes("\\") || continues(text, index, end)) return null;
      tokens.push({ start: tokenStart, end: index, text: text.slice(tokenStart, index) });
    } else if (isDigit(unit)) {
      while (index < end && isDigit(text.charCodeAt(index))) index++;
      const next = text.charCodeAt(index);
      // A fraction, an exponent, 0x…, 1_000 or trailing junk: the scanner's rules, not these.
      if (isWordPart(next) || next === DOT || next === QUOTE || next === DOUBLE_QUOTE || next > 0x7f) return null;
      tokens.push({ start: tokenStart, end: index, text: text.slice(tokenStart, index) });
    } else if (PUNCTUATION.has(unit) || unit === DOT || OPERATOR_CHARS.has(unit)) {
      const next = text.charCodeAt(index + 1);
      // `..`, `.5`, and operators of several characters (`--` and `/*` start comments) are not read here.
      if (unit === DOT && (next === DOT || isDigit(next))) return null;
      if (OPERATOR_CHARS.has(unit) && OPERATOR_CHARS.has(next)) return null;
      index++;
      tokens.push({ start: tokenStart, end: index, text: text.charAt(tokenStart) });
    } else {
      return null;
    }
  }
  return tokens;
}

/** Past the quote that closes the one at `open` (a doubled quote is part of the content), or -1. */
function closingQuote(text: string, open: number, end: number, quote: number): number {
  let index = open + 1;
  while (index < end) {
    if (text.charCodeAt(index) === quote) {
      if (text.charCodeAt(index + 1) !== quote) return index + 1;
      index += 2;
    } else {
      index++;
    }
  }
  return -1;
}

/**
 * Whether the literal that ends at `index` may go on: PostgreSQL joins two literals separated by
 * whitespace with a newline into one, and a comment there is not read here either.
 */
function continues(text: string, index: number, end: number): boolean {
  let newline = false;
  let at = index;
  while (at < end && isSpace(text.charCodeAt(at))) {
    const unit = text.charCodeAt(at);
    newline ||= unit === NEWLINE || unit === CARRIAGE_RETURN;
    at++;
  }
  const next = text.charCodeAt(at);
  return (newline && next === QUOTE) || next === 0x2d || next === 0x2f;
}
