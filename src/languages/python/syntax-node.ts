import type { LineIndex } from "../line-index.js";
import type { PyNode, Range, SourceLocation } from "./ast.js";

/**
 * A node of the Python AST. Its `loc` is worked out from `range` when first read: a migration has
 * tens of thousands of nodes and only the reported ones are ever located, so building every `loc`
 * up front (three objects and two line searches a node) was most of the conversion's garbage.
 */
export class SyntaxNode {
  type: string;
  range: Range;
  children: PyNode[];
  readonly #lines: LineIndex;
  #loc: SourceLocation | undefined;

  constructor(type: string, range: Range, children: PyNode[], lines: LineIndex) {
    this.type = type;
    this.range = range;
    this.children = children;
    this.#lines = lines;
  }

  get loc(): SourceLocation {
    this.#loc ??= { start: this.#lines.position(this.range[0]), end: this.#lines.position(this.range[1]) };
    return this.#loc;
  }
}
