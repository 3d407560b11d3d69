import { createRequire } from "node:module";
import type { Linter } from "eslint";
import type ts from "typescript";
import { typescript } from "../../typescript/compiler.js";

type TypeScriptParser = typeof import("@typescript-eslint/parser");

const require = createRequire(import.meta.url);
let loaded: TypeScriptParser | undefined;

/**
 * typescript-eslint's parser, loaded on the first TypeScript file. Loading it pulls in the
 * TypeScript compiler (a few hundred milliseconds), which a project that only lints Alembic or SQL
 * migrations should not pay for.
 */
function typescriptParser(): TypeScriptParser {
  loaded ??= require("@typescript-eslint/parser") as TypeScriptParser;
  return loaded;
}

const { version } = require("@typescript-eslint/parser/package.json") as { version: string };

export const lazyTypeScriptParser = {
  // ESLint keys its cache and `--print-config` on this name; it is the parser's own.
  meta: { name: "typescript-eslint/parser", version },
  parseForESLint(code: string, options?: Linter.ParserOptions): Linter.ESLintParseResult {
    try {
      // typescript-eslint's AST is ESTree with TypeScript nodes added; ESLint's types only know ESTree.
      return typescriptParser().parseForESLint(code, options) as unknown as Linter.ESLintParseResult;
    } catch (error) {
      // typescript-eslint converts TypeScript's tree recursively: a `+` chain of a thousand terms
      // exhausts the stack, and the bare RangeError would be a parse error at 0:0.
      if (error instanceof RangeError) {
        throw tooDeeplyNested(code, options, error);
      }
      throw withColumnFromOne(error);
    }
  },
} satisfies Linter.Parser;

/**
 * typescript-eslint's TSError counts `column` from 0 (TypeScript's `character`), where ESLint and
 * espree count from 1: a syntax error at the start of a line would show as column 0, one to the left
 * of where it is.
 */
function withColumnFromOne(error: unknown): unknown {
  if (error instanceof Error && "lineNumber" in error && typeof error.lineNumber === "number" && "column" in error && typeof error.column === "number") {
    const column = error.column + 1;
    // TSError's column is a getter over its location: define our own on the same object.
    Object.defineProperty(error, "column", { value: column, configurable: true, enumerable: true });
  }
  return error;
}

/** An error as ESLint reads a parser's: `lineNumber` from 1, `column` from 1. */
interface ParserError extends Error {
  lineNumber: number;
  column: number;
}

/**
 * The parse error for code nested too deeply to convert, at the start of its longest run of nodes
 * of one kind nested in each other (`a + b + …` is BinaryExpressions nested to the left), which
 * TypeScript's own parser, iterative there, still reads.
 */
function tooDeeplyNested(code: string, options: Linter.ParserOptions | undefined, original: RangeError): Error {
  const compiler = typescript();
  const jsx = options?.ecmaFeatures?.jsx === true;
  const source = compiler.createSourceFile(jsx ? "file.tsx" : "file.ts", code, compiler.ScriptTarget.Latest, true);
  const deepest = longestNestedRun(compiler, source);
  if (deepest.length < DEEP_RUN) {
    return original;
  }
  const { line, character } = source.getLineAndCharacterOfPosition(deepest.node.getStart(source));
  const kind = compiler.SyntaxKind[deepest.node.kind];
  const error = new Error(
    `too deeply nested: ${String(deepest.length)} ${kind} nodes inside each other from here, and typescript-eslint's parser runs out of stack converting them. Split the expression into shorter ones.`,
  ) as ParserError;
  error.lineNumber = line + 1;
  error.column = character + 1;
  return error;
}

/** A run this long is what exhausts the stack; a shorter one means the RangeError had another cause. */
const DEEP_RUN = 100;

/** The longest chain of nodes of one kind, each a child of the one before, and its outermost node. */
function longestNestedRun(compiler: typeof ts, source: ts.SourceFile): { node: ts.Node; length: number } {
  let best: { node: ts.Node; length: number } = { node: source, length: 0 };
  // With its own stack: the tree is deeper than the call stack allows, which is why we are here.
  const pending: { node: ts.Node; top: ts.Node; length: number }[] = [{ node: source, top: source, length: 1 }];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const { node, top, length } = entry;
    if (length > best.length) {
      best = { node: top, length };
    }
    compiler.forEachChild(node, (child) => {
      const continues = child.kind === node.kind;
      pending.push({ node: child, top: continues ? top : child, length: continues ? length + 1 : 1 });
    });
  }
  return best;
}
