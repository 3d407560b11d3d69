import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ESLint, Linter } from "eslint";

/** The repository root, ESLint's own CLI in it, and the built plugin a temp project's config imports. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ESLINT_BIN = path.join(REPO, "node_modules/eslint/bin/eslint.js");
export const BUILT_PLUGIN = pathToFileURL(path.join(REPO, "dist/src/index.js")).href;

/** What `eslint --format json` prints: ESLint's own result objects. */
export type LintResult = ESLint.LintResult;
export type LintMessage = Linter.LintMessage;
