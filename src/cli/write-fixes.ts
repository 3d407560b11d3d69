import fs from "node:fs/promises";
import type { ESLint } from "eslint";
import { realPath, screenFile } from "./boundary.js";

/**
 * ESLint.outputFixes, confined: a fixed file is written only when it was screened for this run
 * and still resolves inside its folder, so a link swapped in after the walk cannot make `--fix`
 * write outside the folders the command was given. Returns the files it refused to write.
 */
export async function writeFixes(results: readonly ESLint.LintResult[], boundaries: ReadonlyMap<string, string>): Promise<string[]> {
  const refused: string[] = [];
  for (const result of results) {
    if (result.output === undefined) continue;
    const boundary = boundaries.get(result.filePath);
    if (boundary === undefined || screenFile(result.filePath, boundary).verdict !== "lint") {
      refused.push(result.filePath);
      continue;
    }
    await fs.writeFile(realPath(result.filePath), result.output);
  }
  return refused;
}
