import { createRequire } from "node:module";
import type ts from "typescript";

const require = createRequire(import.meta.url);
let loaded: typeof ts | undefined;

/**
 * The TypeScript compiler, loaded at the first call the rule checks (typescript-eslint's parser has
 * loaded it by then). Importing it with the plugin would cost every Alembic- or SQL-only project a
 * few hundred milliseconds.
 */
export function typescript(): typeof ts {
  loaded ??= require("typescript") as typeof ts;
  return loaded;
}
