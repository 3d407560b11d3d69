import { createRequire } from "node:module";
import type { Linter } from "eslint";

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
    // typescript-eslint's AST is ESTree with TypeScript nodes added; ESLint's types only know ESTree.
    return typescriptParser().parseForESLint(code, options) as unknown as Linter.ESLintParseResult;
  },
} satisfies Linter.Parser;
