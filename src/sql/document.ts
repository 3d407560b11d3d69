import { asciiOffsets, byteToIndex, codePointToIndex } from "./offsets.js";
import type { ByteToIndex } from "./offsets.js";
import { parseSql, scanSql, scanTokens } from "./parser.js";
import type { RawStatement } from "./parser.js";
import { NestedTooDeeply, plpgsqlFragments } from "./plpgsql.js";
import { isSqlSpace, splitStatements, statementTokens } from "./split.js";
import type { StatementPiece } from "./split.js";
import type { PlpgsqlGuard, SqlComment, SqlDocument, SqlStatement, SqlSyntaxError, SqlToken } from "./types.js";

/**
 * Analyses SQL text: parses it once, takes the statement boundaries from the parse, and looks into
 * PL/pgSQL bodies. Scanning costs more than parsing and most statements never need their tokens, so
 * a statement is scanned on its own when its tokens are first read; only text that does not parse
 * is scanned whole, to split it into statements that are parsed one by one. Every offset in the
 * result, including the `location`s inside `node`, is a string index into `text`. libpg-query leaves
 * out fields whose value is zero, so a node whose `location` is missing starts at index 0.
 *
 * With `start` and `end`, only that part of `text` is analysed (a piece that a migration tool sends
 * on its own), with offsets still into the whole `text`. A missing `location` would then read as 0
 * rather than `start`; the pieces that tools cut start with their marker comment, where no node is.
 */
export function analyzeSql(text: string, start = 0, end = text.length): SqlDocument {
  const piece = start === 0 && end === text.length ? text : text.slice(start, end);
  const placement: Placement = start === 0 ? TOP_LEVEL : { ...TOP_LEVEL, toDocument: (index) => index + start };
  const { statements, comments, error } = analyzeText(piece, placement);
  return { text, statements, comments, error };
}

/** Where an analysed text sits in the document: the document itself, or SQL run by a PL/pgSQL body. */
interface Placement {
  /** Maps an index of the analysed text to an index of the document; null when they coincide. */
  toDocument: ((index: number) => number) | null;
  /** SQL run by a PL/pgSQL body: what look like its comments are string content of the document. */
  nested: boolean;
  /** The analysed text is a contiguous, unescaped copy of its span of the document. */
  verbatim: boolean;
  guard: PlpgsqlGuard | null;
}

const TOP_LEVEL: Placement = { toDocument: null, nested: false, verbatim: true, guard: null };

interface Analysis {
  statements: SqlStatement[];
  comments: SqlComment[];
  error: SqlSyntaxError | null;
}

interface ParsedPiece {
  kind: string | null;
  node: Record<string, unknown> | null;
  error: SqlSyntaxError | null;
}

const UNPARSED: ParsedPiece = { kind: null, node: null, error: null };

/**
 * Nested text is parsed behind one space: libpg-query omits a zero `location`, and a node at the
 * start of such a text must still get its document offset.
 */
function analyzeText(text: string, placement: Placement): Analysis {
  const whole = parseSql(placement.nested ? ` ${text}` : text);
  return whole.ok ? fromWholeParse(text, whole.statements, placement) : statementByStatement(text, placement);
}

function fromWholeParse(text: string, raws: readonly RawStatement[], placement: Placement): Analysis {
  const shift = placement.nested ? 1 : 0;
  const toIndex = byteToIndex(text);
  const place = placement.toDocument;
  const convert = place === null && toIndex === asciiOffsets ? null : (byte: number) => (place ?? sameIndex)(toIndex(byte - shift));
  const comments: SqlComment[] | null = placement.nested ? null : [];
  const commentStarts = new CommentStarts(text);
  let gapStart = 0;
  const statements = raws.map((raw) => {
    const byteStart = (raw.stmt_location ?? 0) - shift;
    const start = toIndex(byteStart);
    // The parser's statement runs to its `;` (or the end of the text), trailing comments included.
    let end = raw.stmt_len ? toIndex(byteStart + raw.stmt_len) : text.length;
    if (comments) gapComments(text, gapStart, start, comments);
    gapStart = end;
    let scanned: SqlToken[] | null = null;
    if (commentStarts.within(start, end)) {
      // Only a scan tells a comment from `--` or `/*` inside a quote; its tokens are kept, being paid for.
      scanned = new StatementTokens(text, start, end, byteStart, toIndex).all(comments);
      end = scanned.at(-1)?.end ?? start;
    } else {
      while (end > start && isSqlSpace(text.charCodeAt(end - 1))) end--;
    }
    return statementOf(text, new StatementTokens(text, start, end, byteStart, toIndex, scanned), fromRaw(raw, convert), placement);
  });
  if (comments) gapComments(text, gapStart, text.length, comments);
  return { statements, comments: placeComments(comments ?? [], place), error: null };
}

/** Text that does not parse: split at the scanner's `;`s and parse each statement alone, so that one bad statement does not hide the others. */
function statementByStatement(text: string, placement: Placement): Analysis {
  const place = placement.toDocument ?? sameIndex;
  const scanned = scanSql(text);
  if (!scanned.ok) {
    const offset = place(codePointToIndex(text, scanned.error.codePointOffset));
    return { statements: [], comments: [], error: { message: scanned.error.message, offset } };
  }
  const toIndex = byteToIndex(text);
  const { pieces, comments } = splitStatements(scanned.tokens, toIndex);
  const statements = pieces.map((piece) => {
    const tokens = new StatementTokens(text, piece.start, piece.end, piece.byteStart, toIndex, piece.tokens);
    return statementOf(text, tokens, parsePiece(text, piece, toIndex, place), placement);
  });
  return { statements, comments: placeComments(comments, placement.toDocument), error: null };
}

function statementOf(text: string, tokens: StatementTokens, { kind, node, error }: ParsedPiece, placement: Placement): SqlStatement {
  const { start, end } = tokens;
  const { toDocument } = placement;
  const inDocument = (found: SqlToken[]) =>
    toDocument ? found.map((token) => ({ ...token, start: toDocument(token.start), end: toDocument(token.end) })) : found;
  let all: SqlToken[] | null = null;
  const statement: SqlStatement = {
    grammar: "postgresql",
    range: toDocument ? [toDocument(start), toDocument(end)] : [start, end],
    kind,
    node,
    error,
    get tokens() {
      return (all ??= inDocument(tokens.all()));
    },
    nested: [],
    plpgsqlGuard: placement.guard,
    editable: placement.verbatim,
  };
  if (node && (kind === "DoStmt" || kind === "CreateFunctionStmt")) {
    try {
      statement.nested = nestedStatements(text, { kind, node, start, end, tokens: () => tokens.all() }, placement);
    } catch (error) {
      // The statement is reported as unchecked, and the rest of the file is still checked.
      if (!(error instanceof NestedTooDeeply)) {
        throw error;
      }
      statement.error = { message: error.message, offset: statement.range[0], nesting: true };
    }
  }
  return statement;
}

function sameIndex(index: number): number {
  return index;
}

/** Scans one statement of the analysed text when its tokens are first needed. */
class StatementTokens {
  #all: SqlToken[] | null;

  constructor(
    private readonly text: string,
    readonly start: number,
    readonly end: number,
    /** The byte offset of `start`. */
    private readonly byteStart: number,
    private readonly toIndex: ByteToIndex,
    all: SqlToken[] | null = null,
  ) {
    this.#all = all;
  }

  /** Every token; the first call may also collect the statement's comments. */
  all(comments: SqlComment[] | null = null): SqlToken[] {
    // Part of a text that parsed, so it always scans.
    this.#all ??= statementTokens(scanTokens(this.text.slice(this.start, this.end)) ?? [], this.#inText(), comments);
    return this.#all;
  }

  /** Maps byte offsets of the statement's own text to indexes of the analysed text. */
  #inText(): ByteToIndex {
    const { start, byteStart, toIndex } = this;
    return toIndex === asciiOffsets ? (byte) => start + byte : (byte) => toIndex(byteStart + byte);
  }
}

function placeComments(comments: SqlComment[], place: ((index: number) => number) | null): SqlComment[] {
  return place ? comments.map((comment) => ({ ...comment, start: place(comment.start), end: place(comment.end) })) : comments;
}

/**
 * Finds `--` and `/*` for statements visited in text order: each search resumes at the statement,
 * so the whole text is searched about once.
 */
class CommentStarts {
  #line: number;
  #block: number;

  constructor(private readonly text: string) {
    this.#line = text.indexOf("--");
    this.#block = text.indexOf("/*");
  }

  /** Whether `--` or `/*` starts in `start`…`end`; no later call may ask about an earlier `start`. */
  within(start: number, end: number): boolean {
    if (this.#line !== -1 && this.#line < start) this.#line = this.text.indexOf("--", start);
    if (this.#block !== -1 && this.#block < start) this.#block = this.text.indexOf("/*", start);
    return (this.#line !== -1 && this.#line < end) || (this.#block !== -1 && this.#block < end);
  }
}

const DASH = 0x2d;
const SLASH = 0x2f;
const STAR = 0x2a;

/**
 * The comments between two statements of text that parsed. The parser saw nothing there but
 * whitespace, `;`s and comments, so every `--` or `/*` starts a comment and no scan is needed.
 */
function gapComments(text: string, from: number, to: number, comments: SqlComment[]): void {
  let index = from;
  while (index < to) {
    const unit = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (unit === DASH && next === DASH) {
      // PostgreSQL ends a `--` comment at \r as well as \n.
      let end = index + 2;
      while (end < to && text.charCodeAt(end) !== 0x0a && text.charCodeAt(end) !== 0x0d) end++;
      comments.push({ kind: "line", start: index, end, value: text.slice(index + 2, end) });
      index = end;
    } else if (unit === SLASH && next === STAR) {
      const end = blockCommentEnd(text, index, to);
      comments.push({ kind: "block", start: index, end, value: text.slice(index + 2, end - 2) });
      index = end;
    } else {
      index++;
    }
  }
}

/** Past the `*\/` that closes the block comment at `start`, or `to`; block comments nest. */
export function blockCommentEnd(text: string, start: number, to: number): number {
  let depth = 0;
  let index = start;
  while (index < to) {
    const unit = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (unit === SLASH && next === STAR) {
      depth++;
      index += 2;
    } else if (unit === STAR && next === SLASH) {
      index += 2;
      if (--depth === 0) return index;
    } else {
      index++;
    }
  }
  return to;
}

interface Routine {
  kind: string;
  node: Record<string, unknown>;
  start: number;
  end: number;
  tokens: () => SqlToken[];
}

function nestedStatements(text: string, routine: Routine, placement: Placement): SqlStatement[] {
  const { kind, node, start, end, tokens } = routine;
  const place = placement.toDocument ?? sameIndex;
  // A fragment that does not even scan (an EXECUTE string with an open quote) adds nothing: it is
  // run-time SQL, not a syntax error of this document.
  return plpgsqlFragments({ kind, node, text: text.slice(start, end), start, tokens }).flatMap(
    (fragment) =>
      analyzeText(fragment.text, {
        toDocument: (index) => place(fragment.toContaining(index)),
        nested: true,
        verbatim: placement.verbatim && fragment.verbatim,
        guard: fragment.guard,
      }).statements,
  );
}

/** Parses one statement of text that did not parse whole, behind a space for the reason analyzeText gives. */
function parsePiece(text: string, piece: StatementPiece, toIndex: ByteToIndex, place: (index: number) => number): ParsedPiece {
  const statementText = text.slice(piece.start, piece.end);
  const result = parseSql(` ${statementText}`);
  if (!result.ok) {
    const inStatement = codePointToIndex(statementText, Math.max(0, result.error.codePointOffset - 1));
    return { kind: null, node: null, error: { message: result.error.message, offset: place(piece.start + inStatement) } };
  }
  const raw = result.statements[0];
  return raw ? fromRaw(raw, (byte) => place(toIndex(piece.byteStart + byte - 1))) : UNPARSED;
}

function fromRaw(raw: RawStatement, convert: ((byte: number) => number) | null): ParsedPiece {
  const kind = Object.keys(raw.stmt)[0];
  const node = kind === undefined ? undefined : raw.stmt[kind];
  if (kind === undefined || node === undefined) return UNPARSED;
  if (convert) relocate(node, convert);
  return { kind, node, error: null };
}

/** Rewrites libpg-query's byte `location`s in place (-1 means unknown and stays). */
function relocate(value: unknown, convert: (byte: number) => number): void {
  if (Array.isArray(value)) {
    for (const item of value) relocate(item, convert);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const child = record[key];
    if (typeof child === "object") relocate(child, convert);
    else if (typeof child === "number" && child >= 0 && (key === "location" || key === "name_location")) {
      record[key] = convert(child);
    }
  }
}
