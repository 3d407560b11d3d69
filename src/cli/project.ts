import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { repositoryRoot } from "../project/read-project-file.js";
import { ignoreArguments, linksLeaving } from "./outside-links.js";

/** The names ESLint 10 looks for, in its order. */
const CONFIG_FILES = ["eslint.config.js", "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts", "eslint.config.mts", "eslint.config.cts"];

/**
 * The project's own config: in `cwd` or the nearest directory above that has one, as ESLint finds
 * it, but never above the repository root (the nearest directory with `.git`), and outside any
 * repository only in `cwd` itself. A config is code that runs: one in a parent folder of a
 * checkout (a shared /tmp, a home directory) belongs to someone else.
 */
export function findProjectConfig(cwd: string): string | null {
  const start = path.resolve(cwd);
  const root = repositoryRoot(start);
  for (let directory = start; ; directory = path.dirname(directory)) {
    for (const name of CONFIG_FILES) {
      const candidate = path.join(directory, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    if (directory === root || path.dirname(directory) === directory) return null;
  }
}

/**
 * Runs ESLint's own CLI with the same arguments, so a project that has a config gets exactly what
 * `eslint` gives it: its config, every ESLint option, ESLint's output and exit code, except that
 * links leaving the working directory are ignored. The project's ESLint is preferred; without
 * one, the ESLint this package was installed with.
 */
export async function runEslintCli(argv: readonly string[], cwd: string): Promise<number> {
  const bin = eslintBin(cwd);
  const outside = linksLeaving(cwd);
  for (const link of outside) {
    process.stderr.write(`Skipped ${link}: a symbolic link that leads outside the folders being linted, which the command never reads or fixes.\n`);
  }
  // Before the user's arguments, which may end with `--` and file names.
  const child = spawn(process.execPath, [bin, ...ignoreArguments(outside), ...argv], { cwd, stdio: "inherit" });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    // Killed by a signal: no verdict, which is ESLint's 2.
    child.on("close", (code) => {
      resolve(code ?? 2);
    });
  });
}

function eslintBin(cwd: string): string {
  for (const from of [path.join(cwd, "package.json"), import.meta.filename]) {
    try {
      const manifest = createRequire(from).resolve("eslint/package.json");
      const { bin } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { bin: string | Record<string, string> };
      return path.join(path.dirname(manifest), typeof bin === "string" ? bin : (bin.eslint ?? "bin/eslint.js"));
    } catch {
      // Not installed there: try the next place.
    }
  }
  throw new Error("ESLint is not installed: run `npm install --save-dev eslint`");
}
