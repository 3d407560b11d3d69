import type { SyntaxNode, Tree } from "@lezer/common";
import type { SyntaxProblem } from "./convert.js";

/**
 * @lezer/lr's guard against trees too deep to walk: after about 300 left-associative reductions at
 * one place (`Rec.MaxLeftAssociativeReductionCount`) it closes the production by force, and what
 * follows becomes a syntax error that CPython would not report.
 */
const FORCED_AFTER = 300;

/** How far up from the error the chain's node can be: the operator token, its expression, one more. */
const LEVELS = 3;

/**
 * The problem to report instead of a syntax error at `errorOffset` that is the parser's guard
 * cutting a long chain (`"a" + "b" + …`, `x and y and …`) short; `null` for a real syntax error.
 */
export function chainCutShort(tree: Tree, errorOffset: number): SyntaxProblem | null {
  let node: SyntaxNode | null = tree.resolveInner(errorOffset, -1);
  for (let level = 0; node && level < LEVELS; level++, node = node.parent) {
    let length = 1;
    for (let inner = node.firstChild; inner && inner.name === node.name; inner = inner.firstChild) {
      length++;
    }
    if (length >= FORCED_AFTER) {
      return {
        offset: node.from,
        message: `too long to parse: this expression chains more than ${String(FORCED_AFTER)} operators, and the Python parser this plugin uses (@lezer/python) stops there. Split it into shorter expressions`,
      };
    }
  }
  return null;
}

/** Where the first syntax error node of the tree starts, or `null`. */
export function firstErrorOffset(tree: Tree): number | null {
  let found: number | null = null;
  tree.iterate({
    enter(node) {
      if (found !== null) {
        return false;
      }
      if (node.type.isError) {
        found = node.from;
        return false;
      }
      return undefined;
    },
  });
  return found;
}
