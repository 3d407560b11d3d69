import { createHash } from "node:crypto";
import path from "node:path";
import { stampOf } from "../project/file-stamps.js";

/** Where the command keeps ESLint's result cache unless `--cache-location` names another folder. */
export const DEFAULT_CACHE_LOCATION = path.join("node_modules", ".cache", "eslint-plugin-migrations");

/**
 * Files beside the migrations that decide their findings: the dependency manifests and lock files
 * the plugin reads a framework's version from. The framework configs the walk read are added to them.
 */
const PROJECT_MANIFESTS = [
  "package.json",
  "package-lock.json",
  "pnpm-lock.yaml",
  "yarn.lock",
  "pyproject.toml",
  "poetry.lock",
  "uv.lock",
  "Pipfile.lock",
  "requirements.txt",
];

/**
 * A digest of the project files that decide a migration's findings without being linted (an
 * alembic.ini's database URL, the Alembic version in poetry.lock). It goes into the config, which
 * ESLint's cache hashes with its own version and the plugin's name and version: when any of these
 * changes, every cached result is dropped.
 */
export function projectFingerprint(configs: readonly string[], cwd: string): string {
  const hash = createHash("sha256");
  for (const file of [...configs, ...PROJECT_MANIFESTS.map((name) => path.join(cwd, name))]) {
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
