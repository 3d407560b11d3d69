import type { FileProblem, RulesConfig, SourceLocation, TraversalStep } from "@eslint/core";
import { TextSourceCodeBase, VisitNodeStep, type Directive } from "@eslint/plugin-kit";
import {
  isDirectiveComment,
  readDisableDirectives,
  readInlineConfigs,
} from "../comment-directives.js";
import type { SqlCommentNode, SqlNode, SqlScript } from "./ast.js";
import type { SqlLanguageOptions } from "./language-options.js";

type Element = SqlNode | SqlCommentNode;

export class SqlSourceCode extends TextSourceCodeBase<{
  LangOptions: SqlLanguageOptions;
  RootNode: SqlScript;
  SyntaxElementWithLoc: Element;
  ConfigNode: SqlCommentNode;
}> {
  /** `--` and `/* *\/` comments in source order, including the migration tools' marker comments. */
  readonly comments: SqlCommentNode[];
  readonly #parents = new WeakMap<Element, SqlNode>();
  #steps: VisitNodeStep[] | null = null;

  constructor({ text, ast }: { text: string; ast: SqlScript }) {
    // PostgreSQL's scanner ends a `--` comment at either \r or \n, so a lone \r ends a line too.
    super({ text, ast, lineEndingPattern: /\r\n|[\r\n]/u });
    this.comments = ast.comments;
  }

  override getParent(node: Element): SqlNode | undefined {
    this.#ensureTraversed();
    return this.#parents.get(node);
  }

  /** Depth-first enter/exit steps; computed once, iteratively, so deep PL/pgSQL nesting cannot overflow. */
  override traverse(): Iterable<TraversalStep> {
    this.#ensureTraversed();
    return this.#steps as VisitNodeStep[];
  }

  #ensureTraversed(): void {
    if (this.#steps) {
      return;
    }
    const steps: VisitNodeStep[] = [];
    const stack: { node: SqlNode; parent: SqlNode | undefined; exiting: boolean }[] = [
      { node: this.ast, parent: undefined, exiting: false },
    ];
    while (stack.length > 0) {
      const { node, parent, exiting } = stack.pop() as (typeof stack)[number];
      if (exiting) {
        steps.push(new VisitNodeStep({ target: node, phase: 2, args: [node, parent] }));
        continue;
      }
      if (parent) {
        this.#parents.set(node, parent);
      }
      steps.push(new VisitNodeStep({ target: node, phase: 1, args: [node, parent] }));
      stack.push({ node, parent, exiting: true });
      for (let index = node.children.length - 1; index >= 0; index--) {
        stack.push({ node: node.children[index] as SqlNode, parent: node, exiting: false });
      }
    }
    this.#steps = steps;
  }

  getInlineConfigNodes(): SqlCommentNode[] {
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
