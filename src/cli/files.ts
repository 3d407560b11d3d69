import fs from "node:fs";
import path from "node:path";
import { isInside } from "../project/read-project-file.js";
import { boundaryOfNamedFile, describeError, realPath, screenFile, type Screening } from "./boundary.js";
import { Discovery, hasSqlMigrationName, isAlembicRevision, isFrameworkConfig, isJsMigration, mayHoldJsMigrations, mayHoldRevisions } from "../project/discovery.js";
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
   * Files outside the recommended globs linted as a migration of their language: named on the
   * command line, or found by discovery. Absolute path → index of the recommended entry for their extension.
   */
  named: Map<string, number>;
  /** What found the files to lint: each folder with what pointed at it and how many files it gave. */
  sources: FoundSource[];
  /** The framework configs that were read, absolute. */
  configs: string[];
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

export interface FoundSource {
  /** Absolute. */
  folder: string;
  /** What pointed at it: a config and where in it, the recommended globs, or the files' content. */
  origin: string;
  files: number;
}

/** The JS/TS extensions, whose files in a `migrations/` folder must also look like a migration. */
const JS_EXTENSIONS = new Set([".js", ".cjs", ".mjs", ".ts", ".cts", ".mts"]);

/** A file the recommended globs do not match, decided once every config has been read. */
interface Candidate {
  file: string;
  shown: string;
  boundary: string;
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
  const discovery = new Discovery();
  const candidates: Candidate[] = [];
  /** Files found by their content or name rather than a glob or a config: file → how. */
  const recognized = new Map<string, string>();

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

  /** Notes the framework configs and the possible migrations under `directory`, which must stay inside `boundary`. */
  const walk = (directory: string, relative: string, boundary: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      unreadableFolders.push({ path: directory, reason: describeError(error) });
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      const child = relative === "" ? name : `${relative}/${name}`;
      const full = path.join(directory, name);
      if (entry.isDirectory()) {
        if (name.startsWith(".") || SKIPPED_DIRECTORIES.has(name)) continue;
        walk(full, child, boundary);
        continue;
      }
      if (isFrameworkConfig(child) && !entry.isSymbolicLink()) discovery.addConfig(full);
      const extension = path.extname(name);
      if (extensions !== null && !extensions.has(extension)) continue;
      if (entry.isSymbolicLink()) {
        // Followed to files only: a link to a directory can loop back up the tree. A broken link is no file.
        const target = statOrNull(full);
        if (target === null || target.isDirectory()) continue;
      }
      if (!recommended.matches(child)) {
        candidates.push({ file: full, shown: child, boundary });
      } else if (!JS_EXTENSIONS.has(extension) || contentSays(full, boundary, isJsMigration) !== false) {
        consider(full, child, boundary);
      }
    }
  };

  /** Lints a candidate that a config names, or that is a migration by its content or name. */
  const decide = ({ file, shown, boundary }: Candidate): void => {
    const entry = recommended.entryForExtension(path.extname(file));
    if (entry === null) return;
    let how: string | null = null;
    if (discovery.sourceOf(file) === null) {
      if (file.endsWith(".py") && mayHoldRevisions(shown) && contentSays(file, boundary, isAlembicRevision) === true) how = "Alembic revisions (by their content)";
      else if (file.endsWith(".sql") && hasSqlMigrationName(path.basename(file))) how = "SQL migrations (by their file names)";
      else if (JS_EXTENSIONS.has(path.extname(file)) && mayHoldJsMigrations(shown) && contentSays(file, boundary, isJsMigration) === true) how = "JS/TS migrations (by their content)";
      else return;
    }
    if (consider(file, shown, boundary) !== "lint") return;
    named.set(file, entry);
    if (how !== null) recognized.set(file, how);
  };

  const walkedFolders: string[] = [];
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
      if (outside) unmatched.push(given);
      else {
        walk(absolute, relative, realPath(absolute));
        walkedFolders.push(given);
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
  for (const candidate of candidates) decide(candidate);
  for (const given of walkedFolders) {
    const folder = path.resolve(cwd, given);
    const holds = (file: string) => isInside(file, folder);
    // A folder with an unreadable subfolder or file is reported as such, not as holding nothing.
    if (![...found].some(holds) && !unreadableFiles.some((item) => holds(item.path)) && !unreadableFolders.some((item) => holds(item.path))) {
      unmatched.push(given);
    }
  }
  const sources = foundSources(found, discovery, recognized, cwd);
  return { files: [...found].sort(), named, sources, configs: discovery.configs, unlintable, unmatched, boundaries, outsideLinks, unreadableFiles, unreadableFolders };
}

/** Groups the files to lint by what found them, for `--list-sources`. */
function foundSources(found: ReadonlySet<string>, discovery: Discovery, recognized: ReadonlyMap<string, string>, cwd: string): FoundSource[] {
  const groups = new Map<string, FoundSource>();
  for (const file of found) {
    const source = discovery.sourceOf(file);
    const folder = source?.folder ?? migrationFolderOf(file);
    const origin = source ? `${path.relative(cwd, source.config) || path.basename(source.config)} ${source.detail}` : (recognized.get(file) ?? "the recommended globs");
    const key = `${origin}\0${folder}`;
    const group = groups.get(key);
    if (group) group.files++;
    else groups.set(key, { folder, origin, files: 1 });
  }
  return [...groups.values()].sort((a, b) => a.folder.localeCompare(b.folder) || a.origin.localeCompare(b.origin));
}

/** The folder a migration found by a glob or its content belongs to: the nearest one named like a migrations folder. */
function migrationFolderOf(file: string): string {
  for (let folder = path.dirname(file); path.dirname(folder) !== folder; folder = path.dirname(folder)) {
    if (/^(?:migrations?|versions|drizzle|alembic)$/u.test(path.basename(folder))) return folder;
  }
  return path.dirname(file);
}

/**
 * Whether a file's text passes `test`: null when it cannot be read here, in which case linting it
 * reports why. Screened first, so a link out of the tree or a FIFO is never opened for its content.
 */
function contentSays(file: string, boundary: string, test: (text: string) => boolean): boolean | null {
  if (screenFile(file, boundary).verdict !== "lint") return null;
  try {
    return test(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}
