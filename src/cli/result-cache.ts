import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isInside } from "../project/read-project-file.js";
import { stampOf } from "../project/file-stamps.js";

/**
 * Where the command keeps ESLint's result cache unless `--cache-location` names another folder:
 * `node_modules/.cache/eslint-plugin-migrations` when the working directory has `node_modules`
 * (which JS projects already ignore); otherwise the user's cache folder, one subfolder per working
 * directory, so that a Python project's checkout gains no untracked folder. `null` in CI (the `CI`
 * variable set), where every run is a first run and a cache only costs time.
 */
export function defaultCacheLocation(cwd: string, env: NodeJS.ProcessEnv): string | null {
  if (env.CI !== undefined && env.CI !== "" && env.CI !== "false" && env.CI !== "0") return null;
  const nodeModules = path.join(cwd, "node_modules");
  if (fs.statSync(nodeModules, { throwIfNoEntry: false })?.isDirectory() === true) {
    return path.join(nodeModules, ".cache", "eslint-plugin-migrations");
  }
  const userCache = env.XDG_CACHE_HOME !== undefined && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), ".cache");
  return path.join(userCache, "eslint-plugin-migrations", createHash("sha256").update(cwd).digest("hex").slice(0, 16));
}

/**
 * Files beside the migrations that decide their findings: the dependency manifests and lock files
 * the plugin reads a framework's version from, and Alembic's `env.py` (its naming convention).
 * The framework configs the walk read are added to them.
 */
const PROJECT_FILE = /^(?:package\.json|package-lock\.json|pnpm-lock\.yaml|yarn\.lock|pyproject\.toml|poetry\.lock|uv\.lock|pipfile\.lock|requirements.*\.txt|env\.py)$/iu;

/**
 * A digest of the project files that decide a migration's findings without being linted (an
 * alembic.ini's database URL, the Alembic version in poetry.lock): the configs read, and the
 * manifests in every folder from each linted file's up to the working directory. It goes into the
 * config, which ESLint's cache hashes with its own version and the plugin's name and version: when
 * any of these changes, every cached result is dropped.
 */
export function projectFingerprint(configs: readonly string[], files: readonly string[], cwd: string): string {
  const folders = new Set<string>([cwd]);
  for (const file of files) {
    for (let folder = path.dirname(path.resolve(cwd, file)); isInside(folder, cwd) && !folders.has(folder); folder = path.dirname(folder)) {
      folders.add(folder);
    }
  }
  const watched = [...configs];
  for (const folder of [...folders].sort()) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(folder);
    } catch {
      // An unreadable folder holds nothing the plugin could have read either.
    }
    watched.push(...names.filter((name) => PROJECT_FILE.test(name)).sort().map((name) => path.join(folder, name)));
  }
  const hash = createHash("sha256");
  for (const file of watched) {
    hash.update(`${file}\0${stampOf(file) ?? "absent"}\0`);
  }
  return hash.digest("hex").slice(0, 16);
}

/** The cache file of one of `threads` threads: each thread's ESLint reads and writes its own. */
export function threadCacheFile(location: string, thread: number, threads: number): string {
  return path.join(location, `results-${String(thread + 1)}-of-${String(threads)}.json`);
}

/**
 * The thread that lints `file` in a cached run: the same one run after run (for the same number of
 * threads), so that the file's cached result is in the cache file that thread reads. FNV-1a.
 */
export function threadOf(file: string, threads: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < file.length; index++) {
    hash = Math.imul(hash ^ file.charCodeAt(index), 0x01000193);
  }
  return (hash >>> 0) % threads;
}
