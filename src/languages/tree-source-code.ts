import type { FileProblem, RulesConfig, SourceLocation, TraversalStep } from "@eslint/core";
import { TextSourceCodeBase, VisitNodeStep, type Directive } from "@eslint/plugin-kit";
import {
  isDirectiveComment,
  readDisableDirectives,
  readInlineConfigs,
  type DirectiveComment,
} from "./comment-directives.js";

interface TreeNode {
  type: string;
  range: [number, number];
  loc: SourceLocation;
  children: readonly TreeNode[];
}

/**
 * What the plugin's languages share once they have a tree whose nodes list their `children` and a
 * list of comments: parents, an iterative traversal (deep nesting cannot overflow the stack), and
 * ESLint's inline directives read from the language's own comments.
 */
export abstract class TreeSourceCode<
  LangOptions extends Record<string, unknown>,
  Root extends Node,
  Node extends TreeNode,
  Comment extends DirectiveComment,
> extends TextSourceCodeBase<{
  LangOptions: LangOptions;
  RootNode: Root;
  SyntaxElementWithLoc: Node | Comment;
  ConfigNode: Comment;
}> {
  readonly comments: Comment[];
  readonly #parents = new WeakMap<Node | Comment, Node>();
  #parentsBuilt = false;

  protected constructor({ text, ast, comments }: { text: string; ast: Root; comments: Comment[] }) {
    // Python's universal newlines and PostgreSQL's scanner both end a line at \r\n, \n or a lone \r.
    super({ text, ast, lineEndingPattern: /\r\n|[\r\n]/u });
    this.comments = comments;
  }

  override getParent(node: Node | Comment): Node | undefined {
    if (!this.#parentsBuilt) {
      this.#parentsBuilt = true;
      const stack: Node[] = [this.ast];
      while (stack.length > 0) {
        const parent = stack.pop() as Node;
        for (const child of parent.children as readonly Node[]) {
          this.#parents.set(child, parent);
          stack.push(child);
        }
      }
    }
    return this.#parents.get(node);
  }

  /** Depth-first enter/exit steps, generated as ESLint consumes them (a large file has millions). */
  override *traverse(): Iterable<TraversalStep> {
    const stack: { node: Node; parent: Node | undefined; exiting: boolean }[] = [
      { node: this.ast, parent: undefined, exiting: false },
    ];
    while (stack.length > 0) {
      const { node, parent, exiting } = stack.pop() as (typeof stack)[number];
      if (exiting) {
        yield new VisitNodeStep({ target: node, phase: 2, args: [node, parent] });
        continue;
      }
      yield new VisitNodeStep({ target: node, phase: 1, args: [node, parent] });
      stack.push({ node, parent, exiting: true });
      for (let index = node.children.length - 1; index >= 0; index--) {
        stack.push({ node: node.children[index] as Node, parent: node, exiting: false });
      }
    }
  }

  getInlineConfigNodes(): Comment[] {
    return this.comments.filter(isDirectiveComment);
  }

  getDisableDirectives(): { directives: Directive[]; problems: FileProblem[] } {
    return readDisableDirectives(this.getInlineConfigNodes());
  }

  applyInlineConfig(): {
    configs: { config: { rules: RulesConfig }; loc: SourceLocation }[];
    problems: FileProblem[];
  } {
    return readInlineConfigs(this.getInlineConfigNodes());
  }
}
