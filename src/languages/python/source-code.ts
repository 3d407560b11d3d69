import type { FileProblem, RulesConfig, SourceLocation, TraversalStep } from "@eslint/core";
import { TextSourceCodeBase, VisitNodeStep, type Directive } from "@eslint/plugin-kit";
import {
  isDirectiveComment,
  readDisableDirectives,
  readInlineConfigs,
} from "../comment-directives.js";
import type { Comment, PyNode, Script } from "./ast.js";
import type { PythonLanguageOptions } from "./language-options.js";

type Element = PyNode | Comment;

export class PythonSourceCode extends TextSourceCodeBase<{
  LangOptions: PythonLanguageOptions;
  RootNode: Script;
  SyntaxElementWithLoc: Element;
  ConfigNode: Comment;
}> {
  readonly comments: Comment[];
  readonly #parents = new WeakMap<Element, PyNode>();
  #parentsBuilt = false;

  constructor({ text, ast }: { text: string; ast: Script }) {
    // Python's universal newlines: \r\n, \n and a lone \r all end a line.
    super({ text, ast, lineEndingPattern: /\r\n|[\r\n]/u });
    this.comments = ast.comments;
  }

  override getParent(node: Element): PyNode | undefined {
    if (!this.#parentsBuilt) {
      this.#parentsBuilt = true;
      const stack: PyNode[] = [this.ast];
      while (stack.length > 0) {
        const parent = stack.pop() as PyNode;
        for (const child of parent.children) {
          this.#parents.set(child, parent);
          stack.push(child);
        }
      }
    }
    return this.#parents.get(node);
  }

  /**
   * Depth-first enter/exit steps, generated as ESLint consumes them (a large file has millions), and
   * iteratively, so deep nesting cannot overflow the stack.
   */
  override *traverse(): Iterable<TraversalStep> {
    const stack: { node: PyNode; parent: PyNode | undefined; exiting: boolean }[] = [
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
        stack.push({ node: node.children[index] as PyNode, parent: node, exiting: false });
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
