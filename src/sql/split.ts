import type { ScanToken } from "./parser.js";
import type { ByteToIndex } from "./offsets.js";
import type { SqlComment, SqlToken, SqlTokenKind } from "./types.js";

/** One statement of a text as the splitter sees it, before it is parsed. */
export interface StatementPiece {
  /** String indexes of the first and past the last token (comments and the `;` excluded). */
  start: number;
  end: number;
  /** The same boundaries as UTF-8 byte offsets, the unit of libpg-query's positions. */
  byteStart: number;
  byteEnd: number;
  tokens: SqlToken[];
}

export interface SplitText {
  pieces: StatementPiece[];
  comments: SqlComment[];
}

// libpg-query's token numbers (PostgreSQL's gram.h and single-character tokens). Its token names
// are "UNKNOWN" for most of them in this build, so the numbers are the reliable key.
const IDENT = 258;
const UIDENT = 259;
const FCONST = 260;
const SCONST = 261;
const XCONST = 264;
const OP = 265;
const ICONST = 266;
const PARAM = 267;
const TYPECAST = 268;
const NOT_EQUALS = 274;
const SQL_COMMENT = 275;
const C_COMMENT = 276;
const SEMICOLON = 59;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;

function tokenKind(token: ScanToken): SqlTokenKind {
  if (token.keywordKind !== 0) return "keyword";
  const type = token.tokenType;
  if (type === IDENT || type === UIDENT) return "identifier";
  if (type >= SCONST && type <= XCONST) return "string";
  if (type === ICONST || type === FCONST) return "number";
  if (type === PARAM) return "parameter";
  if (type === OP || (type >= TYPECAST && type <= NOT_EQUALS)) return "operator";
  switch (token.text) {
    case "+": case "-": case "*": case "/": case "%": case "^": case "<": case ">": case "=":
      return "operator";
    case "(": case ")": case "[": case "]": case ",": case ".": case ":": case ";":
      return "punctuation";
    default:
      return "other";
  }
}

/**
 * Splits scanned text into statements where psql would: at a `;` outside parentheses and outside
 * the `BEGIN … END` of a SQL-standard routine body (`CREATE FUNCTION … BEGIN ATOMIC …; …; END`).
 * Quotes, dollar quotes and comments are already single tokens, so a `;` inside them never splits.
 */
export function splitStatements(tokens: readonly ScanToken[], toIndex: ByteToIndex): SplitText {
  const pieces: StatementPiece[] = [];
  const comments: SqlComment[] = [];
  let current: SqlToken[] = [];
  let byteStart = 0;
  let byteEnd = 0;
  let parenDepth = 0;
  // psql's heuristic for routine bodies: the statement starts CREATE [OR REPLACE] FUNCTION|PROCEDURE.
  let words = 0;
  let routine = false;
  let beginDepth = 0;

  const finish = (): void => {
    const first = current[0];
    const last = current.at(-1);
    if (first && last) pieces.push({ start: first.start, end: last.end, byteStart, byteEnd, tokens: current });
    current = [];
    parenDepth = 0;
    words = 0;
    routine = false;
    beginDepth = 0;
  };

  for (const token of tokens) {
    const type = token.tokenType;
    if (type === SQL_COMMENT || type === C_COMMENT) {
      comments.push(commentOf(token, toIndex));
      continue;
    }
    if (type === SEMICOLON && parenDepth === 0 && beginDepth === 0) {
      finish();
      continue;
    }
    const kind = tokenKind(token);
    const text = kind === "keyword" ? token.text.toUpperCase() : token.text;
    if (type === OPEN_PAREN) parenDepth++;
    else if (type === CLOSE_PAREN && parenDepth > 0) parenDepth--;
    else if (kind === "keyword" || (type === IDENT && !token.text.startsWith('"'))) {
      if (words < 4) routine ||= startsRoutine(words, text, current);
      words++;
      if (routine && parenDepth === 0) {
        if (text === "BEGIN") beginDepth++;
        else if (text === "CASE" && beginDepth > 0) beginDepth++;
        else if (text === "END" && beginDepth > 0) beginDepth--;
      }
    }
    if (current.length === 0) byteStart = token.start;
    byteEnd = token.end;
    current.push({ start: toIndex(token.start), end: toIndex(token.end), kind, text });
  }
  finish();
  return { pieces, comments };
}

/**
 * The tokens of a text that holds one statement, comments left out; those are added to `comments`
 * when the caller wants them.
 */
export function statementTokens(tokens: readonly ScanToken[], toIndex: ByteToIndex, comments: SqlComment[] | null): SqlToken[] {
  const found: SqlToken[] = [];
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === SQL_COMMENT || type === C_COMMENT) {
      comments?.push(commentOf(token, toIndex));
      continue;
    }
    const kind = tokenKind(token);
    found.push({ start: toIndex(token.start), end: toIndex(token.end), kind, text: kind === "keyword" ? token.text.toUpperCase() : token.text });
  }
  return found;
}

function commentOf(token: ScanToken, toIndex: ByteToIndex): SqlComment {
  const line = token.tokenType === SQL_COMMENT;
  return {
    kind: line ? "line" : "block",
    start: toIndex(token.start),
    end: toIndex(token.end),
    value: line ? token.text.slice(2) : token.text.slice(2, -2),
  };
}

/** PostgreSQL's whitespace: space, \t, \n, \v, \f, \r. */
export function isSqlSpace(unit: number): boolean {
  return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
}

/** Whether the `index`-th word completes `CREATE [OR REPLACE] FUNCTION|PROCEDURE`. */
function startsRoutine(index: number, word: string, previous: readonly SqlToken[]): boolean {
  if (word !== "FUNCTION" && word !== "PROCEDURE") return false;
  if (index === 1) return previous[0]?.text === "CREATE";
  return index === 3 && previous[0]?.text === "CREATE" && previous[1]?.text === "OR" && previous[2]?.text === "REPLACE";
}
