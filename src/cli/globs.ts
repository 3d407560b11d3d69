/**
 * The zero-config CLI walks the tree itself instead of asking ESLint about every file, so it needs
 * the recommended configs' `files` globs as plain matchers. Only the glob syntax those configs use
 * is supported (`**`, `*`, `?`, `{a,b}`); anything else throws, so a new pattern that this matcher
 * would misread fails the CLI's tests instead of silently linting the wrong files. Semantics follow
 * ESLint's (minimatch with `dot: true`, relative to the working directory, `/` separators).
 */

const UNSUPPORTED = /[[\]!()+@]/u;

/** Compiles one glob to a regular expression over a `/`-separated relative path. */
export function globToRegExp(glob: string): RegExp {
  if (UNSUPPORTED.test(glob)) {
    throw new Error(`eslint-plugin-migrations CLI: unsupported glob syntax in ${JSON.stringify(glob)}`);
  }
  let source = "";
  let braces = 0;
  for (let index = 0; index < glob.length; index++) {
    const char = glob.charAt(index);
    const atSegmentStart = index === 0 || glob.charAt(index - 1) === "/";
    if (char === "*" && glob.charAt(index + 1) === "*" && atSegmentStart) {
      const next = glob.charAt(index + 2);
      if (next === "/") {
        // `**/`: any number of directories, none included.
        source += "(?:[^/]+/)*";
        index += 2;
        continue;
      }
      if (next === "") {
        source += ".*";
        index += 1;
        continue;
      }
    }
    switch (char) {
      case "*":
        source += "[^/]*";
        break;
      case "?":
        source += "[^/]";
        break;
      case "{":
        braces++;
        source += "(?:";
        break;
      case "}":
        if (braces === 0) throw new Error(`eslint-plugin-migrations CLI: unbalanced braces in ${JSON.stringify(glob)}`);
        braces--;
        source += ")";
        break;
      case ",":
        source += braces > 0 ? "|" : ",";
        break;
      default:
        source += char.replace(/[.^$|\\/+]/u, "\\$&");
    }
  }
  if (braces !== 0) throw new Error(`eslint-plugin-migrations CLI: unbalanced braces in ${JSON.stringify(glob)}`);
  return new RegExp(`^${source}$`, "u");
}

/** The file name extensions a glob can match, e.g. `.py` for `**\/versions/**\/*.py`; null when any. */
export function extensionsOf(glob: string): string[] | null {
  const last = glob.slice(glob.lastIndexOf("/") + 1);
  const braced = /^\*\.\{([\w,]+)\}$/u.exec(last);
  if (braced) return (braced[1] ?? "").split(",").map((extension) => `.${extension}`);
  const plain = /^\*(\.\w+)$/u.exec(last);
  return plain ? [plain[1] ?? ""] : null;
}
