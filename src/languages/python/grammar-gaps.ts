/**
 * Valid Python 3 that @lezer/python's grammar does not cover. Its error recovery marks these with an
 * error node and parses the rest of the file normally, so rejecting the file as a syntax error would
 * lose every finding in a valid migration. Each gap is recognised from where the error node sits;
 * any other error node stays a syntax error.
 */

/** A span the parser could not read, though it is valid Python; the rest of the file was read. */
export interface UnreadableSpan {
  range: [number, number];
  /** What the span holds, in the words of the Python docs. */
  construct: string;
  /** The first Python release that accepts it. */
  since: string;
}

/** An enclosing syntax node of an error node, innermost last (unnamed frames are ignored). */
export interface Ancestor {
  name: string;
  from: number;
}

/**
 * `"valid"` when the error node marks no real problem and nothing was lost (a bare `yield`), a span
 * when the parser skipped valid code there, `null` for a syntax error.
 */
export function classifyErrorNode(text: string, from: number, to: number, ancestors: readonly Ancestor[]): "valid" | UnreadableSpan | null {
  const parent = ancestors.at(-1);
  if (parent === undefined) return null;
  // `yield` with no value (`yield`, `x = yield`, `(yield)`): the grammar wants an operand, and its
  // recovery leaves an error node over nothing but the blanks after the keyword; the tree around it
  // is complete.
  const yieldKeyword = parent.name === "YieldStatement" || parent.name === "YieldExpression";
  if (yieldKeyword && text.slice(from, to).trim() === "" && /^yield\s*$/u.test(text.slice(parent.from, from))) {
    return "valid";
  }
  for (let index = ancestors.length - 1; index >= 0; index--) {
    const ancestor = ancestors[index] as Ancestor;
    const gap = compoundHeaderGap(text, ancestor, to);
    if (gap) return gap;
  }
  if (parent.name === "Decorator" || parent.name === "DecoratedStatement") {
    const decorator = ancestors.findLast((ancestor) => ancestor.name === "Decorator" || ancestor.name === "DecoratedStatement") as Ancestor;
    const lineEnd = text.indexOf("\n", decorator.from);
    return { range: [decorator.from, lineEnd === -1 ? text.length : lineEnd], construct: "a decorator that is an arbitrary expression", since: "3.9" };
  }
  if (parent.name === "MemberExpression" && text[from] === "*" && text.lastIndexOf("[", from) > parent.from) {
    const lineStart = text.lastIndexOf("\n", from - 1) + 1;
    const lineEnd = text.indexOf("\n", from);
    return { range: [lineStart, lineEnd === -1 ? text.length : lineEnd], construct: "a starred expression in a subscript", since: "3.11" };
  }
  return null;
}

/** Gaps in the header of a `with` or `for` statement that holds the error node. */
function compoundHeaderGap(text: string, ancestor: Ancestor, errorEnd: number): UnreadableSpan | null {
  if (ancestor.name !== "WithStatement" && ancestor.name !== "ForStatement") return null;
  const start = text.slice(ancestor.from, ancestor.from + HEADER_PREFIX);
  const parenthesizedWith = ancestor.name === "WithStatement" && /^(?:async[ \t]+)?with[ \t]*\(/u.test(start);
  const starredFor = ancestor.name === "ForStatement" && /^(?:async[ \t]+)?for\b[^\n]*?\bin[ \t]+\*/u.test(start);
  if (!parenthesizedWith && !starredFor) return null;
  const header = headerRange(text, ancestor.from);
  if (header === null || errorEnd > header[1]) return null;
  if (parenthesizedWith) {
    return { range: header, construct: "a parenthesized group of context managers", since: "3.10" };
  }
  // The recovery ends the loop at the error, so its body is read as statements of their own.
  return { range: [header[0], blockEnd(text, ancestor.from, header[1])], construct: "a starred expression after `in`", since: "3.9" };
}

/** The end of the indented block after a header that ends at `headerEnd`: its last non-blank line's end. */
function blockEnd(text: string, statementStart: number, headerEnd: number): number {
  const lineStart = text.lastIndexOf("\n", statementStart - 1) + 1;
  const indentation = statementStart - lineStart;
  let end = headerEnd;
  for (let next = headerEnd + 1; next < text.length; ) {
    const lineEnd = text.indexOf("\n", next) === -1 ? text.length : text.indexOf("\n", next);
    const line = text.slice(next, lineEnd);
    if (line.trim() !== "") {
      if (line.length - line.trimStart().length <= indentation) break;
      end = lineEnd;
    }
    next = lineEnd + 1;
  }
  return end;
}

/** How much of a statement is read to tell whether its header is one of the gaps. */
const HEADER_PREFIX = 200;
/** How far a header's closing `:` is looked for; a gap's header is a few lines, not a file. */
const HEADER_LIMIT = 20_000;

/**
 * A compound statement's header, from its keyword to the end of the line of the `:` that closes it
 * at bracket depth 0 (strings and comments skipped). Null when no such `:` is found.
 */
function headerRange(text: string, start: number): [number, number] | null {
  let depth = 0;
  const limit = Math.min(text.length, start + HEADER_LIMIT);
  for (let index = start; index < limit; index++) {
    const char = text[index];
    if (char === "#") {
      const lineEnd = text.indexOf("\n", index);
      if (lineEnd === -1) return null;
      index = lineEnd;
    } else if (char === '"' || char === "'") {
      const quote = text.startsWith(char.repeat(3), index) ? char.repeat(3) : char;
      let end = index + quote.length;
      while (end < text.length && !text.startsWith(quote, end)) end += text[end] === "\\" ? 2 : 1;
      index = end + quote.length - 1;
    } else if (char === "(" || char === "[" || char === "{") {
      depth++;
    } else if (char === ")" || char === "]" || char === "}") {
      depth--;
    } else if (char === ":" && depth === 0) {
      const lineEnd = text.indexOf("\n", index);
      return [start, lineEnd === -1 ? text.length : lineEnd];
    }
  }
  return null;
}
