import fs from "node:fs";
import path from "node:path";
import type { RecommendedFiles } from "./recommended.js";

/**
 * Directories the walk never enters: installed packages, build output, caches and virtual
 * environments (a `.venv` holds other projects' migrations), and hidden directories such as `.git`.
 * A directory named on the command line is walked even when it is one of these.
 */
const SKIPPED_DIRECTORIES = new Set(["node_modules", "dist", "__pycache__", "venv", "site-packages"]);

export interface FileList {
  /** Absolute paths to lint, sorted, each once. */
  files: string[];
  /**
   * Files named on the command line that the recommended globs do not cover, linted as a migration
   * of their language: absolute path → index of the recommended entry for their extension.
   */
  named: Map<string, number>;
  /** Files named on the command line that no recommended entry can lint (an unknown extension). */
  unlintable: string[];
  /** Command-line paths that matched nothing: missing, or a directory without migrations. */
  unmatched: string[];
}

export function collectFiles(paths: readonly string[], cwd: string, recommended: RecommendedFiles): FileList {
  const found = new Set<string>();
  const named = new Map<string, number>();
  const unlintable: string[] = [];
  const unmatched: string[] = [];
  const extensions = recommended.extensions;

  /** Adds the matching files under `directory` and says how many there were. */
  const walk = (directory: string, relative: string): number => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch {
      // Unreadable (permissions, removed meanwhile): ESLint would not find files there either.
      return 0;
    }
    let count = 0;
    for (const entry of entries) {
      const name = entry.name;
      const child = relative === "" ? name : `${relative}/${name}`;
      let isFile = entry.isFile();
      let isDirectory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        // Followed to files only: a link to a directory can loop back up the tree.
        isFile = statOrNull(path.join(directory, name))?.isFile() === true;
        isDirectory = false;
      }
      if (isDirectory) {
        if (name.startsWith(".") || SKIPPED_DIRECTORIES.has(name)) continue;
        count += walk(path.join(directory, name), child);
      } else if (isFile && (extensions === null || extensions.has(path.extname(name))) && recommended.matches(child)) {
        found.add(path.join(directory, name));
        count++;
      }
    }
    return count;
  };

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stats = statOrNull(absolute);
    if (stats === null) {
      unmatched.push(given);
      continue;
    }
    const relative = path.relative(cwd, absolute).split(path.sep).join("/");
    if (stats.isDirectory()) {
      // Outside the working directory ESLint matches no config, so neither does the walk.
      const outside = relative === ".." || relative.startsWith("../") || path.isAbsolute(relative);
      if (outside || walk(absolute, relative) === 0) unmatched.push(given);
      continue;
    }
    if (recommended.matches(relative)) {
      found.add(absolute);
      continue;
    }
    const entry = recommended.entryForExtension(path.extname(absolute));
    if (entry === null) {
      unlintable.push(absolute);
    } else {
      named.set(absolute, entry);
      found.add(absolute);
    }
  }
  return { files: [...found].sort(), named, unlintable, unmatched };
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}
