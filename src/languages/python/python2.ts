import type { SyntaxNode, Tree } from "@lezer/common";

/**
 * Finds the first piece of Python 2 syntax in a file. @lezer/python accepts some of it as it is
 * (`print "x"`, `except E, e:`, `raise E, "x"`, `<>`, `0777`), so such a file would be linted as if
 * Python 3 could run it; the rest (`ur""`, `10L`, backticks, `exec "…"`) is a syntax error that the
 * parser may only notice lines later. Python 3 rejects all of it, and a migration that Python 3 cannot
 * import is not checked: the file gets one message, at that construct.
 */
export function findPython2(tree: Tree, text: string): Python2Construct | null {
  const cursor = tree.cursor();
  do {
    // Asking the cursor for its node builds an object; most nodes are ruled out by name alone.
    if (!CANDIDATES.has(cursor.name)) continue;
    const found = python2At(cursor.node, text);
    if (found) return found;
  } while (cursor.next());
  return null;
}

/** The node names python2At looks at. */
const CANDIDATES = new Set(["PrintStatement", "TryStatement", "RaiseStatement", "CompareOp", "Number", "⚠"]);

export interface Python2Construct {
  offset: number;
  /** What it is, for messages: "a print statement". */
  construct: string;
}

export const PYTHON2_NOT_SUPPORTED = "this file looks like a Python 2 migration, which is not supported (only Python 3 is)";

// An integer with a leading zero: Python 2's octal literal; Python 3 allows only zeros (`00`).
const OLD_OCTAL = /^0\d*[1-9]\d*$/u;
const STRING_QUOTE = /^["']/u;

function python2At(node: SyntaxNode, text: string): Python2Construct | null {
  switch (node.name) {
    case "PrintStatement":
      return { offset: node.from, construct: "a print statement" };
    case "TryStatement":
      // Python 3 spells several exceptions as a tuple, `except (A, B):`, a node of its own.
      return hasComma(node) ? { offset: exceptClause(node), construct: "`except E, name:`" } : null;
    case "RaiseStatement":
      return hasComma(node) ? { offset: node.from, construct: "`raise E, message`" } : null;
    case "CompareOp":
      return text.slice(node.from, node.to) === "<>" ? { offset: node.from, construct: "the `<>` operator" } : null;
    case "Number":
      return OLD_OCTAL.test(text.slice(node.from, node.to)) ? { offset: node.from, construct: "an octal literal without `0o`" } : null;
    case "⚠":
      return rejectedConstruct(node.from, text);
    default:
      return null;
  }
}

function hasComma(node: SyntaxNode): boolean {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === ",") return true;
  }
  return false;
}

/** The `except` keyword before the first `,` of a try statement. */
function exceptClause(node: SyntaxNode): number {
  let clause = node.from;
  for (let child = node.firstChild; child && child.name !== ","; child = child.nextSibling) {
    if (child.name === "except") clause = child.from;
  }
  return clause;
}

/** Python 2 syntax that @lezer/python rejects, recognised by the text around the error at `at`. */
function rejectedConstruct(at: number, text: string): Python2Construct | null {
  const before = text.slice(Math.max(0, at - 40), at);
  const here = text.slice(at, at + 1);
  if (here === "`") return { offset: at, construct: "a backtick repr" };
  if (/(?<![\w.])[uU][rR]$/u.test(before) && STRING_QUOTE.test(here)) return { offset: at - 2, construct: "the `ur` string prefix" };
  const digits = /\d+$/u.exec(before);
  if (digits && /^[lL]$/u.test(here) && !/[\w.]$/u.test(before.slice(0, -digits[0].length))) {
    return { offset: at - digits[0].length, construct: "a long integer (`L` suffix)" };
  }
  const exec = /(?<![\w.])exec[ \t]*$/u.exec(before);
  if (exec) return { offset: at - exec[0].length, construct: "an exec statement" };
  return null;
}
