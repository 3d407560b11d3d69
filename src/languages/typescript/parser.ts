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
  let source: ts.SourceFile;
  try {
    source = compiler.createSourceFile(jsx ? "file.tsx" : "file.ts", code, compiler.ScriptTarget.Latest, true);
  } catch (error) {
    // TypeScript's parser recurses into brackets: `[[[…]]]` thousands deep stops it too.
    if (!(error instanceof RangeError)) {
      throw error;
    }
    const brackets = deepestBrackets(code);
    return brackets.depth < DEEP_RUN
      ? original
      : parserError(
          `too deeply nested: brackets nest ${String(brackets.depth)} deep from here, and TypeScript's parser runs out of stack reading them. Split the expression into shorter ones.`,
          code,
          brackets.offset,
        );
  }
  const deepest = longestNestedRun(compiler, source);
  if (deepest.length < DEEP_RUN) {
    return original;
  }
  const kind = compiler.SyntaxKind[deepest.node.kind];
  return parserError(
    `too deeply nested: ${String(deepest.length)} ${kind} nodes inside each other from here, and typescript-eslint's parser runs out of stack converting them. Split the expression into shorter ones.`,
    code,
    deepest.node.getStart(source),
  );
}

function parserError(message: string, code: string, offset: number): ParserError {
  const before = code.slice(0, offset).split(/\r\n|[\r\n\u2028\u2029]/u);
  const error = new Error(message) as ParserError;
  error.lineNumber = before.length;
  error.column = (before.at(-1) ?? "").length + 1;
  return error;
}

const CLOSING: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/**
 * The deepest run of one kind of bracket nested in itself, and where its outermost bracket is: a
 * count of the raw text, for when no parser can read it. Quotes and comments are not skipped, so
 * the depth is what the text looks like, which is what the message is about.
 */
function deepestBrackets(code: string): { depth: number; offset: number } {
  // Each open bracket with the index in `open` where its run of the same bracket starts.
  const open: { char: string; runStart: number }[] = [];
  const offsets: number[] = [];
  let best = { depth: 0, offset: 0 };
  for (let index = 0; index < code.length; index++) {
    const char = code[index] as string;
    if (char in CLOSING) {
      const below = open.at(-1);
      const runStart = below?.char === char ? below.runStart : open.length;
      open.push({ char, runStart });
      offsets[open.length - 1] = index;
      if (open.length - runStart > best.depth) {
        best = { depth: open.length - runStart, offset: offsets[runStart] ?? 0 };
      }
    } else if (open.length > 0 && CLOSING[open.at(-1)?.char ?? ""] === char) {
      open.pop();
    }
  }
  return best;
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
