import { Minimatch } from "minimatch";

/** Whether a `/`-separated path relative to the working directory matches a glob. */
export type PathMatcher = (relative: string) => boolean;

/**
 * The zero-config CLI walks the tree itself instead of asking ESLint about every file, so it needs
 * the recommended configs' globs as plain matchers: minimatch's, with the option ESLint's config
 * arrays give it (`dot: true`).
 */
export function globMatcher(glob: string): PathMatcher {
  const matcher = new Minimatch(glob, { dot: true });
  return (relative) => matcher.match(relative);
}

/** The file name extensions a glob can match, e.g. `.py` for `**\/versions/**\/*.py`; null when any. */
export function extensionsOf(glob: string): string[] | null {
  const last = glob.slice(glob.lastIndexOf("/") + 1);
  const braced = /^\*\.\{([\w,]+)\}$/u.exec(last);
  if (braced) return (braced[1] ?? "").split(",").map((extension) => `.${extension}`);
  const plain = /^\*(\.\w+)$/u.exec(last);
  return plain ? [plain[1] ?? ""] : null;
}
