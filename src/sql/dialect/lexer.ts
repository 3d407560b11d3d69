import type { SqlComment, SqlToken } from "../types.js";

/**
 * Tokens, comments and statement boundaries of MySQL, MariaDB and SQLite text. The parsers that
 * check these dialects' grammar (see validate.ts) give no positions for most of what a fix needs
 * (where `IF NOT EXISTS` goes), so the positions come from here.
 *
 * What differs from PostgreSQL: backtick-quoted identifiers (and SQLite's `[name]`), `#` line
 * comments and `/*! … *\/` version comments (MySQL), backslash escapes in MySQL strings, and the
 * `;`s inside a trigger's or routine's `BEGIN … END`, which do not end the statement.
 */
export type LexDialect = "mysql" | "sqlite";

export interface LexedStatement {
  start: number;
  end: number;
  tokens: SqlToken[];
}

export interface Lexed {
  statements: LexedStatement[];
  comments: SqlComment[];
  /** An unterminated quote or comment, at its start. */
  error: { message: string; offset: number } | null;
}

const WORD = /[A-Za-z0-9_$\u0080-\uffff]/u;

export function lex(text: string, dialect: LexDialect, start = 0, end = text.length): Lexed {
  const comments: SqlComment[] = [];
  const statements: LexedStatement[] = [];
  let tokens: SqlToken[] = [];
  let index = start;
  const close = () => {
    const first = tokens[0];
    const last = tokens.at(-1);
    if (first && last) statements.push({ start: first.start, end: last.end, tokens });
    tokens = [];
  };
  while (index < end) {
    const char = text[index] ?? "";
    const next = text[index + 1] ?? "";
    if (/\s/u.test(char)) {
      index++;
    } else if ((char === "-" && next === "-" && (dialect === "sqlite" || /[\s]|^$/u.test(text[index + 2] ?? ""))) || (char === "#" && dialect === "mysql")) {
      const from = index;
      const markerLength = char === "#" ? 1 : 2;
      while (index < end && text[index] !== "\n" && text[index] !== "\r") index++;
      comments.push({ kind: "line", start: from, end: index, value: text.slice(from + markerLength, index) });
    } else if (char === "/" && next === "*") {
      const closing = text.indexOf("*/", index + 2);
      if (closing === -1 || closing + 2 > end) return { statements, comments, error: { message: "unterminated /* comment", offset: index } };
      comments.push({ kind: "block", start: index, end: closing + 2, value: text.slice(index + 2, closing) });
      index = closing + 2;
    } else if (char === "'" || char === '"' || char === "`" || (char === "[" && dialect === "sqlite")) {
      const closing = quoteEnd(text, index, end, char === "[" ? "]" : char, dialect === "mysql" && char !== "`");
      if (closing === -1) return { statements, comments, error: { message: `unterminated ${char} quote`, offset: index } };
      tokens.push({ start: index, end: closing, kind: char === "'" ? "string" : "identifier", text: text.slice(index, closing) });
      index = closing;
    } else if (WORD.test(char)) {
      const from = index;
      while (index < end && WORD.test(text[index] ?? "")) index++;
      const word = text.slice(from, index);
      tokens.push({ start: from, end: index, kind: /^\d/u.test(word) ? "number" : "keyword", text: word.toUpperCase() });
    } else if (char === ";" && !inRoutineBody(tokens)) {
      close();
      index++;
    } else {
      tokens.push({ start: index, end: index + 1, kind: "punctuation", text: char });
      index++;
    }
  }
  close();
  return { statements, comments, error: null };
}

/** Past the closing quote; a doubled quote (and in MySQL strings a backslash) escapes. */
function quoteEnd(text: string, start: number, end: number, quote: string, backslash: boolean): number {
  let index = start + 1;
  while (index < end) {
    const char = text[index];
    if (backslash && char === "\\") {
      index += 2;
    } else if (char === quote) {
      if (text[index + 1] === quote && quote !== "]") index += 2;
      else return index + 1;
    } else {
      index++;
    }
  }
  return -1;
}

/**
 * Whether the statement so far is a trigger, routine or event whose `BEGIN` has not met its `END`:
 * a `;` there belongs to the body. `CASE … END` and `IF … END IF` nest inside it.
 */
function inRoutineBody(tokens: readonly SqlToken[]): boolean {
  if (tokens[0]?.text !== "CREATE" || !tokens.some((token) => ["TRIGGER", "PROCEDURE", "FUNCTION", "EVENT"].includes(token.text))) {
    return false;
  }
  let depth = 0;
  for (const [position, token] of tokens.entries()) {
    if (token.kind !== "keyword") continue;
    const previous = tokens[position - 1]?.text;
    if (token.text === "BEGIN" || (token.text === "CASE" && previous !== "END")) depth++;
    else if ((token.text === "IF" || token.text === "LOOP" || token.text === "WHILE" || token.text === "REPEAT") && previous !== "END" && isBlockOpener(tokens, position)) depth++;
    else if (token.text === "END") depth--;
  }
  return depth > 0;
}

/** `IF cond THEN`, `LOOP`, `WHILE cond DO`, `REPEAT` open a block; `IF NOT EXISTS` and `IF(…)` do not. */
function isBlockOpener(tokens: readonly SqlToken[], position: number): boolean {
  const token = tokens[position];
  if (token?.text !== "IF") return true;
  const following = tokens[position + 1]?.text;
  if (following === "(" || following === "EXISTS" || (following === "NOT" && tokens[position + 2]?.text === "EXISTS")) return false;
  return tokens.slice(position + 1).some((later) => later.text === "THEN");
}
