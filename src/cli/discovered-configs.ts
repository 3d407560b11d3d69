import type { Linter } from "eslint";
import { collectFiles } from "./files.js";
import { RecommendedFiles } from "./recommended.js";

/**
 * For an eslint.config.js: `configs.recommended` plus the migrations discovery finds under `root`
 * outside its globs (the folders the project's framework configs name, Alembic revisions found by
 * their content), each with the recommended entry for its language. It is the config the
 * zero-config command lints with, so the editor and pre-commit lint what the command lints.
 * The tree is walked each time ESLint loads the config.
 */
export function discoveredConfigs(root: string): Linter.Config[] {
  const recommended = new RecommendedFiles();
  return recommended.configFor(collectFiles(["."], root, recommended).named);
}
