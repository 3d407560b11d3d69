/**
 * A `.sql` file is often a psql script: psql, not PostgreSQL, reads it first. Lines of psql's own
 * (`\set`, `\connect`, `\i`, `\if` …), the data of `COPY … FROM stdin` up to its `\.` line, and
 * psql variables (`:name`, `:'name'`, `:"name"`) never reach the server as they are written. This
 * module finds them the way psql's lexer (psqlscan.l) does and gives the SQL core a text of the same
 * length that it can parse, so every offset of the analysis is still an offset of the file.
 */
import { blockCommentEnd } from "./document.js";

export interface PsqlScript {
  /**
   * The file as SQL: meta-commands and COPY data blanked (line breaks kept), a meta-command that
   * sends the query buffer (`\g`, `\gset`, `\gexec` …) turned into the `;` it stands for, and each
   * variable replaced by a placeholder of its length.
   */
  sql: string;
  /** Each variable's placeholder (its name after `PLACEHOLDER_MARK`) and how the file first spelled it. */
  variables: Map<string, string>;
}

/**
 * Starts a variable's placeholder: `:name` becomes `ǂname`, `:"name"` becomes `"ǂname"` (identifiers
 * PostgreSQL accepts wherever a name is expected; a mark outside ASCII, since any character past
 * ASCII may be part of an identifier) and `:'name'` becomes `'ǂname'`, a string literal. A fix inserts
 * next to a placeholder token, never inside it, and the same variable is the same object.
 */
export const PLACEHOLDER_MARK = "ǂ";

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const DOLLAR = 0x24;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const DASH = 0x2d;
const SLASH = 0x2f;
const STAR = 0x2a;
const SPACE = 0x20;

/** psql's meta-commands that send the query buffer, as `;` does. */
const SENDS_BUFFER = /\\(?:g|gx|gset|gexec|gdesc|crosstabview|watch|sendpipeline)(?![A-Za-z])/uy;
// psql's and PostgreSQL's name characters: ASCII letters, digits, `_`, and anything past ASCII.
const DOLLAR_TAG = /\$(?:[A-Za-z_\u{80}-\u{10ffff}][\w\u{80}-\u{10ffff}]*)?\$/uy;
/** A bare name may not start with a digit: `a[x:2]` is an array slice, not variable `2`. */
const VARIABLE = /:(?:([A-Za-z_\u{80}-\u{10ffff}][\w\u{80}-\u{10ffff}]*)|'([\w\u{80}-\u{10ffff}]+)'|"([\w\u{80}-\u{10ffff}]+)")/uy;
const PLACEHOLDER = new RegExp(`${PLACEHOLDER_MARK}([\\w\\u{80}-\\u{10ffff}]+)`, "gu");
/**
 * The `\copy` meta-command and the SQL `COPY` read their data from the script when it comes from
 * stdin (`pstdin` is psql's own standard input, not the script).
 */
const COPY_META_FROM_STDIN = /\\copy\b[^\r\n]*\bfrom[ \t]+stdin\b/iuy;
const COPY = /copy\b/iuy;
const COPY_FROM_STDIN = /\bfrom\s+stdin\b/iu;

/** Whether the text may hold anything of psql's; most migrations hold none and are left as they are. */
function mayBePsql(text: string): boolean {
  return text.includes("\\") || text.includes(":") || /stdin/iu.test(text);
}

export function readPsqlScript(text: string): PsqlScript {
  const variables = new Map<string, string>();
  if (!mayBePsql(text)) return { sql: text, variables };
  const sql = new SameLengthCopy(text);

  // Where the statement being read starts, to tell a `COPY … FROM stdin` when its `;` comes.
  let statementStart = -1;
  let index = 0;
  while (index < text.length) {
    const unit = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (unit === DASH && next === DASH) {
      index = lineEnd(text, index);
      continue;
    }
    if (unit === SLASH && next === STAR) {
      index = blockCommentEnd(text, index, text.length);
      continue;
    }
    if (isSpace(unit)) {
      index++;
      continue;
    }
    if (unit === BACKSLASH) {
      if (next === SEMICOLON) {
        // `\;` puts a `;` in the query buffer without sending it: for the server, the same `;`.
        sql.blank(index, index + 1);
        index += 1;
        continue;
      }
      const end = lineEnd(text, index);
      sql.blank(index, end);
      if (matchesAt(SENDS_BUFFER, text, index)) {
        sql.write(index, ";");
        statementStart = -1;
      }
      index = matchesAt(COPY_META_FROM_STDIN, text, index) ? copyDataEnd(text, end, sql) : end;
      continue;
    }
    if (statementStart === -1) statementStart = index;
    if (unit === SEMICOLON) {
      const copy = matchesAt(COPY, text, statementStart) && COPY_FROM_STDIN.test(text.slice(statementStart, index));
      statementStart = -1;
      index = copy ? copyDataEnd(text, lineEnd(text, index), sql) : index + 1;
      continue;
    }
    if (unit === QUOTE) {
      index = stringEnd(text, index, isEscapeString(text, index));
      continue;
    }
    if (unit === DOUBLE_QUOTE) {
      index = stringEnd(text, index, false);
      continue;
    }
    if (unit === DOLLAR && !isWordPart(text.charCodeAt(index - 1))) {
      DOLLAR_TAG.lastIndex = index;
      const tag = DOLLAR_TAG.exec(text)?.[0];
      if (tag) {
        const close = text.indexOf(tag, index + tag.length);
        index = close === -1 ? text.length : close + tag.length;
        continue;
      }
    }
    if (unit === COLON) {
      if (next === COLON) {
        // A `::` cast; the name after it is a type, not a variable.
        index += 2;
        continue;
      }
      VARIABLE.lastIndex = index;
      // Glued to a name or number before it, as in the slice `a[1:n]`, it is read as SQL: psql would
      // leave an unset `:n` as it is, and a variable is rarely written there.
      const variable = isWordPart(text.charCodeAt(index - 1)) ? null : VARIABLE.exec(text);
      if (variable) {
        const [spelling, bare, literal, identifier] = variable;
        const name = bare ?? literal ?? identifier ?? "";
        if (!variables.has(name)) variables.set(name, spelling);
        const placeholder = bare !== undefined ? `${PLACEHOLDER_MARK}${name}` : literal !== undefined ? `'${PLACEHOLDER_MARK}${name}'` : `"${PLACEHOLDER_MARK}${name}"`;
        sql.write(index, placeholder);
        index += spelling.length;
        continue;
      }
    }
    if (isWordStart(unit)) {
      // A name or keyword; a `$` inside it (`a$b$`) starts no dollar quote.
      index++;
      while (index < text.length && isWordPart(text.charCodeAt(index))) index++;
      continue;
    }
    index++;
  }
  return { sql: sql.result(), variables };
}

/**
 * A copy of a text that is only ever overwritten in place, so it keeps the text's length. It is made
 * on the first change, as UTF-16 units: building the result from slices costs a file of many short
 * meta-command lines or COPY rows more in garbage than in work.
 */
class SameLengthCopy {
  #units: Uint16Array | null = null;

  constructor(private readonly text: string) {}

  /** Puts `replacement` over the units from `at`. */
  write(at: number, replacement: string): void {
    const units = this.#copy();
    for (let offset = 0; offset < replacement.length; offset++) units[at + offset] = replacement.charCodeAt(offset);
  }

  /** Puts a space over every unit of text[from, to) but line breaks (a character outside the BMP gets two). */
  blank(from: number, to: number): void {
    const units = this.#copy();
    for (let index = from; index < to; index++) {
      const unit = this.text.charCodeAt(index);
      if (unit !== NEWLINE && unit !== RETURN) units[index] = SPACE;
    }
  }

  result(): string {
    return this.#units ? Buffer.from(this.#units.buffer, this.#units.byteOffset, this.#units.byteLength).toString("utf16le") : this.text;
  }

  #copy(): Uint16Array {
    if (this.#units) return this.#units;
    const units = new Uint16Array(this.text.length);
    for (let index = 0; index < this.text.length; index++) units[index] = this.text.charCodeAt(index);
    this.#units = units;
    return units;
  }
}

function matchesAt(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

/** Shows each placeholder in `text` as the file spelled its variable. */
export function withPsqlVariablesShown(text: string, variables: ReadonlyMap<string, string>): string {
  if (variables.size === 0) return text;
  return text.replace(PLACEHOLDER, (placeholder, name: string) => variables.get(name) ?? placeholder);
}

/**
 * Blanks the COPY data that starts after the line break at `lineEndIndex`, up to and including its
 * `\.` line (or to the end of the text, as psql reads it), and returns where SQL resumes.
 */
function copyDataEnd(text: string, lineEndIndex: number, sql: SameLengthCopy): number {
  const dataStart = lineEndIndex + lineBreakLength(text, lineEndIndex);
  let lineStart = dataStart;
  while (lineStart < text.length) {
    const end = lineEnd(text, lineStart);
    if (text.slice(lineStart, end) === "\\.") {
      sql.blank(dataStart, end);
      return end;
    }
    lineStart = end + lineBreakLength(text, end);
  }
  sql.blank(dataStart, text.length);
  return text.length;
}

function lineEnd(text: string, from: number): number {
  let index = from;
  while (index < text.length && text.charCodeAt(index) !== NEWLINE && text.charCodeAt(index) !== RETURN) index++;
  return index;
}

function lineBreakLength(text: string, at: number): number {
  if (text.charCodeAt(at) === RETURN) return text.charCodeAt(at + 1) === NEWLINE ? 2 : 1;
  return at < text.length ? 1 : 0;
}

/** Past the quote that closes the one at `start` (doubled quotes stay inside), or the end of the text. */
function stringEnd(text: string, start: number, backslashEscapes: boolean): number {
  const quote = text.charCodeAt(start);
  let index = start + 1;
  while (index < text.length) {
    const unit = text.charCodeAt(index);
    if (backslashEscapes && unit === BACKSLASH) {
      index += 2;
    } else if (unit === quote) {
      if (text.charCodeAt(index + 1) !== quote) return index + 1;
      index += 2;
    } else {
      index++;
    }
  }
  return index;
}

/** `E'…'`: the `E` is a word of its own, not the end of an identifier such as `tablE`. */
function isEscapeString(text: string, quote: number): boolean {
  const prefix = text.charCodeAt(quote - 1);
  return (prefix === 0x45 || prefix === 0x65) && !isWordPart(text.charCodeAt(quote - 2));
}

function isSpace(unit: number): boolean {
  return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
}

function isWordStart(unit: number): boolean {
  return (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x61 && unit <= 0x7a) || unit === 0x5f || unit >= 0x80;
}

function isWordPart(unit: number): boolean {
  return isWordStart(unit) || (unit >= 0x30 && unit <= 0x39) || unit === DOLLAR;
}
