import fs from "node:fs";
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

/**
 * The ```js block that follows `<!-- tested by <testFile>: <name> -->` in README.md, so that the
 * README's examples are the code the tests run.
 */
export function readmeConfig(testFile: string, name: string): string {
  const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  const marker = `<!-- tested by ${testFile}: ${name} -->\n\`\`\`js\n`;
  const start = readme.indexOf(marker);
  if (start === -1) {
    throw new Error(`README.md has no config marked ${name}`);
  }
  const code = readme.slice(start + marker.length);
  return code.slice(0, code.indexOf("```\n"));
}

/**
 * Installs packages into a temp project as links to this repository's copies, so that ESLint finds
 * them from the project's folder (`--format @scope/name` resolves from the working directory) the
 * way it would after `npm install` there — never from whatever lies above the temp directory.
 */
export function installFromThisProject(project: string, packages: readonly string[]): void {
  for (const name of packages) {
    const link = path.join(project, "node_modules", name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(REPO, "node_modules", name), link, "dir");
  }
}
