import fs from "node:fs";
import path from "node:path";
import { boundaryOfNamedFile, describeError, realPath, screenFile, type Screening } from "./boundary.js";
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
  /** Each file to lint → the real path of the folder it must stay in, checked again before a fix is written. */
  boundaries: Map<string, string>;
  /** Links the recommended globs match that lead outside the folder they were found in, as given or relative to it. */
  outsideLinks: string[];
  /** Files the globs match, or named, that cannot be linted (unreadable, a FIFO, …), with why. */
  unreadableFiles: Unreadable[];
  /** Folders the walk could not list, with why. */
  unreadableFolders: Unreadable[];
}

export interface Unreadable {
  path: string;
  reason: string;
}

export function collectFiles(paths: readonly string[], cwd: string, recommended: RecommendedFiles): FileList {
  const found = new Set<string>();
  const named = new Map<string, number>();
  const unlintable: string[] = [];
  const unmatched: string[] = [];
  const boundaries = new Map<string, string>();
  const outsideLinks: string[] = [];
  const unreadableFiles: Unreadable[] = [];
  const unreadableFolders: Unreadable[] = [];
  const extensions = recommended.extensions;

  /** Screens a file to lint and files it under what it turned out to be. */
  const consider = (file: string, shown: string, boundary: string): Screening["verdict"] => {
    const screening = screenFile(file, boundary);
    if (screening.verdict === "outside") {
      outsideLinks.push(shown);
    } else if (screening.verdict === "unreadable") {
      unreadableFiles.push({ path: file, reason: screening.reason });
    } else {
      found.add(file);
      boundaries.set(file, boundary);
    }
    return screening.verdict;
  };

  /** Adds the matching files under `directory`, which must stay inside `boundary`, and says how many there were. */
  const walk = (directory: string, relative: string, boundary: string): number => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      unreadableFolders.push({ path: directory, reason: describeError(error) });
      return 0;
    }
    let count = 0;
    for (const entry of entries) {
      const name = entry.name;
      const child = relative === "" ? name : `${relative}/${name}`;
      const full = path.join(directory, name);
      if (entry.isDirectory()) {
        if (name.startsWith(".") || SKIPPED_DIRECTORIES.has(name)) continue;
        count += walk(full, child, boundary);
        continue;
      }
      if ((extensions !== null && !extensions.has(path.extname(name))) || !recommended.matches(child)) continue;
      if (entry.isSymbolicLink()) {
        // Followed to files only: a link to a directory can loop back up the tree. A broken link is no file.
        const target = statOrNull(full);
        if (target === null || target.isDirectory()) continue;
      }
      // An unreadable file is reported, so the folder did hold a migration.
      if (consider(full, child, boundary) !== "outside") count++;
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
      // A folder with an unreadable subfolder is reported as such, not as holding nothing.
      const unreadableBefore = unreadableFolders.length;
      if (outside || (walk(absolute, relative, realPath(absolute)) === 0 && unreadableFolders.length === unreadableBefore)) {
        unmatched.push(given);
      }
      continue;
    }
    const matched = recommended.matches(relative);
    const entry = matched ? null : recommended.entryForExtension(path.extname(absolute));
    if (!matched && entry === null) {
      // ESLint answers for it without reading it: "File ignored because no matching configuration…".
      unlintable.push(absolute);
    } else if (consider(absolute, given, boundaryOfNamedFile(absolute, cwd)) === "lint" && entry !== null) {
      named.set(absolute, entry);
    }
  }
  return { files: [...found].sort(), named, unlintable, unmatched, boundaries, outsideLinks, unreadableFiles, unreadableFolders };
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}
