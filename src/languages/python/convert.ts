import type { Tree } from "@lezer/common";
import { LineIndex } from "../line-index.js";
import type {
  ArgList,
  Comment,
  ImportedName,
  Name,
  PyNode,
  Range,
  Script,
  WithItem,
} from "./ast.js";
import { isNodeType } from "./ast.js";
import { readStringDelimiters } from "./strings.js";

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
  let problem: SyntaxProblem | null = null;

  const loc = (from: number, to: number) => ({
    start: lines.position(from),
    end: lines.position(to),
  });

  const build = (frame: Frame): Item | null => {
    const { name, from, to, items } = frame;
    if (name === "⚠") {
      problem ??= describeError(text, from, to);
      return null;
    }
    if (name === "Comment") {
      const comment: Comment = {
        type: "Comment",
        value: text.slice(from + 1, to),
        range: [from, to],
        loc: loc(from, to),
      };
      comments.push(comment);
      return comment;
    }
    if (!isSyntaxNodeName(name)) {
      return { token: name, from, to };
    }
    const children = items.filter((item): item is PyNode => !isToken(item) && !isComment(item));
    const base = { type: name, range: [from, to] as Range, loc: loc(from, to), children };
    return specialise(base, items, text, loc);
  };

  const root: Frame = { name: "", from: 0, to: 0, items: [] };
  const stack: Frame[] = [root];
  const cursor = tree.cursor();
  for (;;) {
    stack.push({ name: cursor.name, from: cursor.from, to: cursor.to, items: [] });
    if (cursor.firstChild()) {
      continue;
    }
    let done = false;
    for (;;) {
      const frame = stack.pop() as Frame;
      const built = build(frame);
      if (built) {
        stack.at(-1)?.items.push(built);
      }
      if (cursor.nextSibling()) {
        break;
      }
      if (!cursor.parent()) {
        done = true;
        break;
      }
    }
    if (done) {
      break;
    }
  }

  const script = root.items[0] as PyNode;
  const ast = {
    ...script,
    type: "Script",
    range: [0, text.length],
    loc: loc(0, text.length),
    comments,
  } as Script;
  return { ast, problem };
}

function describeError(text: string, from: number, to: number): SyntaxProblem {
  if (from >= text.length) {
    return { offset: text.length, message: "invalid syntax: unexpected end of file" };
  }
  const unexpected = text.slice(from, Math.max(to, from + 1)).split(/\r\n|[\r\n]/u)[0] ?? "";
  const shown = unexpected.length > 20 ? `${unexpected.slice(0, 20)}…` : unexpected;
  return {
    offset: from,
    message: shown.trim() === "" ? "invalid syntax" : `invalid syntax at '${shown}'`,
  };
}

type LocFn = (from: number, to: number) => PyNode["loc"];

interface Base {
  type: string;
  range: Range;
  loc: PyNode["loc"];
  children: PyNode[];
}

function specialise(base: Base, items: Item[], text: string, loc: LocFn): PyNode {
  const nodes = base.children;
  switch (base.type) {
    case "VariableName":
    case "PropertyName":
      return { ...base, name: text.slice(base.range[0], base.range[1]) } as Name;
    case "Boolean":
      return { ...base, value: text.slice(base.range[0], base.range[1]) === "True" } as PyNode;
    case "String":
    case "FormatString":
      return { ...base, ...readStringDelimiters(text, base.range) };
    case "MemberExpression": {
      const computed = items.some((item) => isToken(item) && item.token === "[");
      return { ...base, object: nodes[0], property: nodes[1], computed } as PyNode;
    }
    case "CallExpression": {
      const argList = nodes.at(-1);
      return { ...base, callee: nodes[0], argList } as PyNode;
    }
    case "ArgList":
      return buildArgList(base, items, loc);
    case "ImportStatement":
      return { ...base, ...readImport(items, text) };
    case "WithStatement":
      return buildWith(base, items, loc);
    case "FunctionDefinition": {
      const name = nodes.find((node) => node.type === "VariableName");
      return { ...base, name: name ? text.slice(name.range[0], name.range[1]) : "" } as PyNode;
    }
    default:
      return base;
  }
}

/**
 * The grammar keeps arguments flat (`VariableName AssignOp value`, `* value`); this groups them into
 * one node per argument so that rules can ask for "the keyword argument `unique`".
 */
function buildArgList(base: Base, items: Item[], loc: LocFn): ArgList {
  const children: PyNode[] = [];
  const commas: number[] = [];
  let generator = false;
  let pendingStar: Token | null = null;
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as Item;
    if (isComment(item)) {
      continue;
    }
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
      children.push({
        type: "KeywordArgument",
        name: item,
        value,
        range: [item.range[0], value.range[1]],
        loc: loc(item.range[0], value.range[1]),
        children: [item, value],
      });
      index += 2;
      continue;
    }
    if (pendingStar) {
      children.push({
        type: pendingStar.token === "*" ? "StarArgument" : "DoubleStarArgument",
        value: item,
        range: [pendingStar.from, item.range[1]],
        loc: loc(pendingStar.from, item.range[1]),
        children: [item],
      });
      pendingStar = null;
      continue;
    }
    children.push(item);
  }
  return { ...base, type: "ArgList", children, commas, generator };
}

function buildWith(base: Base, items: Item[], loc: LocFn): PyNode {
  const withItems: WithItem[] = [];
  let context = null as PyNode | null;
  let target = null as PyNode | null;
  let afterAs = false;
  let body: PyNode | null = null;
  const flush = () => {
    if (context) {
      const end = (target ?? context).range[1];
      withItems.push({
        type: "WithItem",
        context,
        target,
        range: [context.range[0], end],
        loc: loc(context.range[0], end),
        children: target ? [context, target] : [context],
      });
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
  return { ...base, type: "WithStatement", items: withItems, body, children };
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
