// ESTree helpers shared by the JS/TS host adapters; they read espree's and typescript-eslint's trees alike.
import type { Node } from "estree";

export function isIdentifier(node: Node, name: string): boolean {
  return node.type === "Identifier" && node.name === name;
}

/** The name of a non-computed key: `up`, `"up"`. */
export function keyName(node: Node): string | null {
  if (node.type === "Identifier") {
    return node.name;
  }
  return node.type === "Literal" && typeof node.value === "string" ? node.value : null;
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

// ESLint links each node to its `parent`, and a Program carries its tokens and comments: none are children.
const NOT_CHILDREN = new Set(["parent", "tokens", "comments", "loc", "range"]);

/** The nodes directly below `node`. Walks unknown node types (TypeScript's) generically. */
export function children(node: Node): Node[] {
  const found: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (NOT_CHILDREN.has(key)) {
      continue;
    }
    for (const child of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (isNode(child)) {
        found.push(child);
      }
    }
  }
  return found;
}

/**
 * `root` and every node below it, parents first. With its own stack: a `+` chain of thousands of
 * terms is a tree that deep.
 */
export function* descendants(root: Node): Generator<Node> {
  const pending: Node[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    yield node;
    const below = children(node);
    // Reversed onto the stack, so that the first child comes off first.
    for (let index = below.length - 1; index >= 0; index--) {
      pending.push(below[index] as Node);
    }
  }
}
