import path from "node:path";
import type { Linter } from "eslint";
import plugin from "../index.js";
import { extensionsOf, globMatcher, type PathMatcher } from "./globs.js";

/** One entry of `configs.recommended` as the walk sees it. */
interface EntryMatcher {
  index: number;
  files: PathMatcher[];
  ignores: PathMatcher[];
  /** The extensions its `files` can match; null when a pattern does not end in one. */
  extensions: string[] | null;
}

/**
 * Which files the recommended configs lint, decided from their globs without ESLint, and the
 * config array that lints them plus the files named on the command line outside those globs.
 */
export class RecommendedFiles {
  readonly #entries: EntryMatcher[] = [];
  readonly #globalIgnores: PathMatcher[] = [];
  /** Every extension any entry can match, to skip most files before any regular expression runs. */
  readonly extensions: ReadonlySet<string> | null;

  constructor(readonly configs: readonly Linter.Config[] = plugin.configs.recommended) {
    configs.forEach((config, index) => {
      const ignores = (config.ignores ?? []).map(ignorePattern);
      if (config.files === undefined) {
        // An entry with only `ignores` ignores globally, as in any flat config.
        if (Object.keys(config).every((key) => key === "ignores" || key === "name")) this.#globalIgnores.push(...ignores);
        return;
      }
      const globs = config.files.flat().filter((pattern): pattern is string => typeof pattern === "string");
      const perGlob = globs.map(extensionsOf);
      const known = perGlob.includes(null) ? null : perGlob.flatMap((found) => found ?? []);
      this.#entries.push({ index, files: globs.map(globMatcher), ignores, extensions: known });
    });
    const all = this.#entries.map((entry) => entry.extensions);
    this.extensions = all.includes(null) ? null : new Set(all.flatMap((found) => found ?? []));
  }

  /** Whether the recommended configs lint this path (relative to the working directory, `/`-separated). */
  matches(relative: string): boolean {
    if (this.#globalIgnores.some((ignored) => ignored(relative))) return false;
    return this.#entries.some((entry) => entry.files.some((matches) => matches(relative)) && !entry.ignores.some((ignored) => ignored(relative)));
  }

  /**
   * The entry that lints a file of this extension when the file is named on the command line
   * outside the recommended folders: the first whose globs end in that extension.
   */
  entryForExtension(extension: string): number | null {
    return this.#entries.find((entry) => entry.extensions?.includes(extension))?.index ?? null;
  }

  /**
   * The configs to lint with: the recommended ones, then one copy of an entry for the files named
   * on the command line or discovered outside their globs, which it lints by their extension. `named` maps absolute paths to entry indexes.
   */
  configFor(named: ReadonlyMap<string, number>): Linter.Config[] {
    const byEntry = new Map<number, Set<string>>();
    for (const [file, index] of named) {
      let files = byEntry.get(index);
      if (!files) byEntry.set(index, (files = new Set()));
      files.add(path.resolve(file));
    }
    const extra = [...byEntry].map(([index, files]): Linter.Config => {
      const entry = this.configs[index] ?? {};
      // A function matcher, not the path as a glob: a file name may contain glob syntax. ESLint's
      // config arrays accept functions in `files` (they get the absolute path); its types do not say so.
      const named = [(file: string) => files.has(file)] as unknown as NonNullable<Linter.Config["files"]>;
      return { ...entry, name: `${entry.name ?? "migrations/recommended"}/outside-its-globs`, files: named };
    });
    return [...this.configs, ...extra];
  }
}

/** A flat-config `ignores` pattern; one ending in `/` ignores a directory and so everything in it. */
function ignorePattern(pattern: string): PathMatcher {
  return globMatcher(pattern.endsWith("/") ? `${pattern}**` : pattern);
}
