import type { Tree } from "@lezer/common";
import { LineIndex } from "../line-index.js";
import type {
  ArgList,
  Comment,
  ImportedName,
  PyNode,
  Range,
  Script,
  StringPart,
  WithItem,
} from "./ast.js";
import { isNodeType } from "./ast.js";
import { classifyErrorNode, type UnreadableSpan } from "./grammar-gaps.js";
import { readStringDelimiters } from "./strings.js";
import { SyntaxNode } from "./syntax-node.js";

/** A keyword or punctuation token of the grammar; kept only while its parent node is built. */
interface Token {
  token: string;
  from: number;
  to: number;
}

type Item = PyNode | Comment | Token;

interface Frame {
  name: string;
  from: number;
  to: number;
  items: Item[];
}

export interface SyntaxProblem {
  offset: number;
  message: string;
}

export interface ConvertResult {
  ast: Script;
  problem: SyntaxProblem | null;
}

function isToken(item: Item): item is Token {
  return "token" in item;
}

function isComment(item: Item): item is Comment {
  return !isToken(item) && item.type === "Comment";
}

/** Node names that start with an upper-case letter are syntax nodes; the rest are keywords and punctuation. */
function isSyntaxNodeName(name: string): boolean {
  return /^[A-Z]/u.test(name);
}

/**
 * Converts a @lezer/python tree into the plain-object AST. Iterative, so deeply nested input cannot
 * overflow the stack.
 */
export function convertTree(tree: Tree, text: string): ConvertResult {
  const lines = new LineIndex(text);
  const comments: Comment[] = [];
  const commentEnds = new Set<number>();
  let problem = null as SyntaxProblem | null;
  // Found by checks of our own, which the parser lets through: bad indentation, unterminated strings.
  let lexicalProblem = null as SyntaxProblem | null;
  const blocks: Block[] = [];
  const unreadable: UnreadableSpan[] = [];
  const reportLexical = (found: SyntaxProblem) => {
    if (!lexicalProblem || found.offset < lexicalProblem.offset) {
      lexicalProblem = found;
    }
  };

  const loc = (from: number, to: number) => ({
    start: lines.position(from),
    end: lines.position(to),
  });

  const build = (frame: Frame): PyNode | Comment | null => {
    const { name, from, to, items } = frame;
    if (name === "⚠") {
      // Recovery from a grammar gap can leave more error nodes in the span it skipped.
      if (unreadable.some(({ range }) => range[0] <= from && from <= range[1])) return null;
      const gap = classifyErrorNode(text, from, to, stack);
      if (gap === null) {
        problem ??= describeError(text, from, to);
      } else if (gap !== "valid") {
        unreadable.push(gap);
      }
      return null;
    }
    if (name === "Comment") {
      // One node for what were several comment lines, when PythonLanguage.parse joined them for the parser.
      let first: Comment | null = null;
      for (const match of text.slice(from, to).matchAll(/#[^\r\n]*/gu)) {
        const start = from + match.index;
        const end = start + match[0].length;
        const comment: Comment = { type: "Comment", value: match[0].slice(1), range: [start, end], loc: loc(start, end) };
        comments.push(comment);
        commentEnds.add(end);
        first ??= comment;
      }
      return first;
    }
    if (name === "Escape" && text[from] === "\r") {
      // A backslash-CRLF was parsed as ` \<LF>` (see PythonLanguage.parse); the escape starts at the backslash.
      return new SyntaxNode(name, [from - 1, to], [], lines);
    }
    const children = items.filter((item): item is PyNode => !isToken(item) && !isComment(item));
    if (name === "Script" || name === "Body" || name === "MatchBody") {
      blocks.push({ topLevel: name === "Script", starts: lineStarts(text, children, commentEnds) });
    }
    const end = nodeEnd(text, to, items);
    const node = specialise(new SyntaxNode(name, [from, end], children, lines), items, text, lines);
    if ((isNodeType(node, "String") || isNodeType(node, "FormatString")) && isUnterminated(text, node)) {
      reportLexical({ offset: from, message: "unterminated string literal" });
    }
    return node;
  };

  const root: Frame = { name: "", from: 0, to: 0, items: [] };
  const stack: Frame[] = [root];
  const finish = () => {
    const built = build(stack.pop() as Frame);
    if (built) {
      stack.at(-1)?.items.push(built);
    }
  };
  const cursor = tree.cursor();
  for (;;) {
    const { name } = cursor;
    if (name !== "⚠" && !isSyntaxNodeName(name)) {
      // A keyword or punctuation, always a leaf: no frame of its own, kept only while its parent is built.
      stack.at(-1)?.items.push({ token: name, from: cursor.from, to: cursor.to });
    } else {
      stack.push({ name, from: cursor.from, to: cursor.to, items: [] });
      if (cursor.firstChild()) {
        continue;
      }
      finish();
    }
    let done = false;
    while (!cursor.nextSibling()) {
      if (!cursor.parent()) {
        done = true;
        break;
      }
      finish();
    }
    if (done) {
      break;
    }
  }

  const ast = Object.assign(root.items[0] as SyntaxNode, {
    type: "Script",
    range: [0, text.length] as Range,
    comments,
    unreadable,
  }) as Script;
  const indentation = checkIndentation(blocks);
  if (indentation) {
    reportLexical(indentation);
  }
  // Indentation inside a span the parser could not read follows from how it recovered, not from the source.
  const lexicalOffset = lexicalProblem?.offset;
  if (lexicalOffset !== undefined && unreadable.some(({ range }) => range[0] <= lexicalOffset && lexicalOffset <= range[1])) {
    lexicalProblem = null;
  }
  // On the same line the parser's error is usually a consequence of ours, which says more.
  if (lexicalProblem && (!problem || lines.position(lexicalProblem.offset).line <= lines.position(problem.offset).line)) {
    problem = lexicalProblem;
  }
  return { ast, problem };
}

/**
 * Where a node that ends with a line break (a body, a statement with its newline) really ends: after
 * the first line break that follows its last token. The parser sees blank and comment-only lines
 * joined onto the line before them (see PythonLanguage.parse) and would stretch such nodes over them.
 */
function nodeEnd(text: string, to: number, items: Item[]): number {
  if (text[to - 1] !== "\n" && text[to - 1] !== "\r") {
    return to;
  }
  let lastEnd = -1;
  for (const item of items) {
    if (!isComment(item)) {
      lastEnd = Math.max(lastEnd, isToken(item) ? item.to : item.range[1]);
    }
  }
  if (lastEnd === -1 || text[lastEnd - 1] === "\n" || text[lastEnd - 1] === "\r") {
    return lastEnd === -1 ? to : lastEnd;
  }
  const lineBreak = /\r\n|[\r\n]/u.exec(text.slice(lastEnd, to));
  return lineBreak ? lastEnd + lineBreak.index + lineBreak[0].length : to;
}

function describeError(text: string, from: number, to: number): SyntaxProblem {
  if (from >= text.length) {
    return { offset: text.length, message: "invalid syntax: unexpected end of file" };
  }
  const unexpected = text.slice(from, Math.max(to, from + 1)).split(/\r\n|[\r\n]/u)[0] ?? "";
  const shown = unexpected.length > 20 ? `${unexpected.slice(0, 20)}…` : unexpected;
  return {
    // The parser reads a CRLF as ` \n` (see PythonLanguage.parse): an error at its LF is at its CR.
    offset: text[from] === "\n" && text[from - 1] === "\r" ? from - 1 : from,
    message: shown.trim() === "" ? "invalid syntax" : `invalid syntax at '${shown}'`,
  };
}

/** Where a statement begins a line, with CPython's two measures of its indentation. */
interface LineStart {
  offset: number;
  /** Tabs to the next multiple of 8. */
  column: number;
  /** Tabs as one column; two lines that agree on `column` but not on this mix tabs and spaces. */
  alternate: number;
}

/** The statements of one block (the top level, a body) that begin their own logical line. */
interface Block {
  topLevel: boolean;
  starts: LineStart[];
}

/**
 * @lezer/python ignores an indent it cannot use and lets a dedent land on any column, so
 * `x = 1\n    y = 2` parses. CPython rejects such files, and so does this: the statements of a
 * block must line up (at column 0 for the top level). The message follows CPython's, comparing with
 * the line before: deeper is an unexpected indent, shallower a dedent to no enclosing level.
 */
function checkIndentation(blocks: Block[]): SyntaxProblem | null {
  let first: { start: LineStart; expected: LineStart | { column: number; alternate: number } } | null = null;
  for (const { topLevel, starts } of blocks) {
    const expected = topLevel ? { column: 0, alternate: 0 } : starts[0];
    const wrong = expected && starts.find((start) => start.column !== expected.column || start.alternate !== expected.alternate);
    if (expected && wrong && (!first || wrong.offset < first.start.offset)) {
      first = { start: wrong, expected };
    }
  }
  if (!first) {
    return null;
  }
  const { start, expected } = first;
  let previous: LineStart | null = null;
  for (const block of blocks) {
    for (const candidate of block.starts) {
      if (candidate.offset < start.offset && (!previous || candidate.offset > previous.offset)) {
        previous = candidate;
      }
    }
  }
  const message =
    start.column === expected.column
      ? "inconsistent use of tabs and spaces in indentation"
      : !previous || start.column > previous.column
        ? "unexpected indent"
        : "unindent does not match any outer indentation level";
  return { offset: start.offset, message };
}

function lineStarts(text: string, statements: PyNode[], commentEnds: Set<number>): LineStart[] {
  const starts: LineStart[] = [];
  for (const statement of statements) {
    const indentation = lineIndentation(text, statement.range[0], commentEnds);
    if (indentation) {
      starts.push({ offset: statement.range[0], ...indentation });
    }
  }
  return starts;
}

/** The indentation before `offset`, or `null` when something else precedes it on its logical line. */
function lineIndentation(
  text: string,
  offset: number,
  commentEnds: Set<number>,
): { column: number; alternate: number } | null {
  let start = offset;
  while (start > 0 && text[start - 1] !== "\n" && text[start - 1] !== "\r") {
    start--;
  }
  const indentation = { column: 0, alternate: 0 };
  for (let index = start; index < offset; index++) {
    const char = text[index];
    if (char === " ") {
      indentation.column++;
      indentation.alternate++;
    } else if (char === "\t") {
      indentation.column = (Math.floor(indentation.column / 8) + 1) * 8;
      indentation.alternate++;
    } else if (char === "\f") {
      // CPython resets the column at a form feed, and its versions disagree on what follows; no check.
      return null;
    } else {
      return null;
    }
  }
  // A backslash before the line break joins the lines, unless it is the end of a comment.
  const lineBreak = text.startsWith("\r\n", start - 2) ? start - 2 : start - 1;
  if (lineBreak > 0 && text[lineBreak - 1] === "\\" && !commentEnds.has(lineBreak)) {
    return null;
  }
  return indentation;
}

/**
 * The parser ends a one-line string at the end of its line whether or not the quote is there; Python
 * does not. A closing quote after an odd run of backslashes is escaped, raw strings included.
 */
function isUnterminated(text: string, part: StringPart): boolean {
  const [start, end] = part.range;
  const contentStart = start + part.prefix.length + part.quote.length;
  const closing = end - part.quote.length;
  if (closing < contentStart || text.slice(closing, end) !== part.quote) {
    return true;
  }
  let backslashes = 0;
  while (closing - backslashes - 1 >= contentStart && text[closing - backslashes - 1] === "\\") {
    backslashes++;
  }
  return backslashes % 2 === 1;
}

function specialise(base: SyntaxNode, items: Item[], text: string, lines: LineIndex): PyNode {
  const nodes = base.children;
  switch (base.type) {
    case "VariableName":
    case "PropertyName":
      return Object.assign(base, { name: text.slice(base.range[0], base.range[1]) });
    case "Boolean":
      return Object.assign(base, { value: text.slice(base.range[0], base.range[1]) === "True" });
    case "String":
    case "FormatString":
      return Object.assign(base, readStringDelimiters(text, base.range));
    case "MemberExpression": {
      const computed = items.some((item) => isToken(item) && item.token === "[");
      return Object.assign(base, { object: nodes[0], property: nodes[1], computed });
    }
    case "CallExpression": {
      const argList = nodes.at(-1);
      return Object.assign(base, { callee: nodes[0], argList });
    }
    case "ArgList":
      return buildArgList(base, items, lines);
    case "ImportStatement":
      return Object.assign(base, readImport(items, text));
    case "WithStatement":
      return buildWith(base, items, lines);
    case "FunctionDefinition": {
      const name = nodes.find((node) => node.type === "VariableName");
      return Object.assign(base, { name: name ? text.slice(name.range[0], name.range[1]) : "" });
    }
    default:
      return base;
  }
}

/**
 * The grammar keeps arguments flat (`VariableName AssignOp value`, `* value`); this groups them into
 * one node per argument so that rules can ask for "the keyword argument `unique`".
 */
function buildArgList(base: SyntaxNode, allItems: Item[], lines: LineIndex): ArgList {
  const children: PyNode[] = [];
  const commas: number[] = [];
  let generator = false;
  let pendingStar: Token | null = null;
  // Dropped up front so that `name=  # comment` still pairs the name with the value after the comment.
  const items = allItems.filter((item): item is PyNode | Token => !isComment(item));
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as PyNode | Token;
    if (isToken(item)) {
      if (item.token === ",") {
        commas.push(item.from);
      } else if (item.token === "for") {
        generator = true;
      } else if (item.token === "*" || item.token === "**") {
        pendingStar = item;
      }
      continue;
    }
    const next = items[index + 1];
    if (
      isNodeType(item, "VariableName") &&
      next &&
      !isToken(next) &&
      next.type === "AssignOp" &&
      items[index + 2] &&
      !isToken(items[index + 2] as Item)
    ) {
      const value = items[index + 2] as PyNode;
      children.push(
        Object.assign(new SyntaxNode("KeywordArgument", [item.range[0], value.range[1]], [item, value], lines), {
          name: item,
          value,
        }),
      );
      index += 2;
      continue;
    }
    if (pendingStar) {
      const type = pendingStar.token === "*" ? "StarArgument" : "DoubleStarArgument";
      children.push(Object.assign(new SyntaxNode(type, [pendingStar.from, item.range[1]], [item], lines), { value: item }));
      pendingStar = null;
      continue;
    }
    children.push(item);
  }
  return Object.assign(base, { children, commas, generator }) as ArgList;
}

function buildWith(base: SyntaxNode, items: Item[], lines: LineIndex): PyNode {
  const withItems: WithItem[] = [];
  let context = null as PyNode | null;
  let target = null as PyNode | null;
  let afterAs = false;
  let body: PyNode | null = null;
  const flush = () => {
    if (context) {
      const end = (target ?? context).range[1];
      withItems.push(
        Object.assign(new SyntaxNode("WithItem", [context.range[0], end], target ? [context, target] : [context], lines), {
          context,
          target,
        }) as WithItem,
      );
    }
    context = null;
    target = null;
    afterAs = false;
  };
  for (const item of items) {
    if (isComment(item)) {
      continue;
    }
    if (isToken(item)) {
      if (item.token === "as") {
        afterAs = true;
      } else if (item.token === ",") {
        flush();
      }
      continue;
    }
    if (item.type === "Body") {
      flush();
      body = item;
    } else if (afterAs) {
      target = item;
    } else {
      context = item;
    }
  }
  flush();
  const children: PyNode[] = body ? [...withItems, body] : withItems;
  return Object.assign(base, { items: withItems, body, children });
}

/** Reads `from a.b import c as d, e` and `import a.b as c, d` into module and (name, alias) pairs. */
function readImport(items: Item[], text: string): { from: string | null; names: ImportedName[] } {
  const words = items.filter((item) => !isComment(item));
  const first = words[0];
  const isFrom = first !== undefined && isToken(first) && first.token === "from";
  let from: string | null = null;
  const names: ImportedName[] = [];
  let current = "";
  let alias: string | null = null;
  let phase: "module" | "name" | "alias" = isFrom ? "module" : "name";
  const flushName = () => {
    if (current !== "") {
      names.push({ name: current, alias });
    }
    current = "";
    alias = null;
  };
  for (const item of words.slice(1)) {
    const value = isToken(item) ? item.token : text.slice(item.range[0], item.range[1]);
    if (isToken(item)) {
      if (item.token === "import") {
        from = current;
        current = "";
        phase = "name";
      } else if (item.token === "as") {
        phase = "alias";
      } else if (item.token === ",") {
        flushName();
        phase = "name";
      } else if (item.token === ".") {
        current += ".";
      } else if (item.token === "*") {
        current = "*";
      }
      continue;
    }
    if (item.type === "Ellipsis") {
      // The tokenizer reads the `...` of `from ...pkg import x` as one Ellipsis node.
      current += "...";
      continue;
    }
    if (item.type !== "VariableName") {
      continue;
    }
    if (phase === "alias") {
      alias = value;
    } else {
      current += value;
    }
  }
  flushName();
  return { from, names };
}
