import fs from "node:fs";
import path from "node:path";
import { escape } from "minimatch";
import { isInside } from "../project/read-project-file.js";
import { realPath } from "./boundary.js";

/** Folders ESLint never lints, so links in them cannot reach a file it would read. */
const UNLINTED_FOLDERS = new Set(["node_modules", ".git"]);

/**
 * When ESLint's own CLI runs with the project's config, its walk follows links. Before handing
 * the run over, the command finds the links under `cwd` whose targets leave it and turns each
 * into an `--ignore-pattern`, so ESLint neither reads nor fixes what they point at. Returns the
 * links as `/`-separated paths relative to `cwd`, sorted.
 */
export function linksLeaving(cwd: string): string[] {
  const boundary = realPath(cwd);
  const found: string[] = [];
  const walk = (directory: string, relative: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch {
      // ESLint reports what it cannot read itself.
      return;
    }
    for (const entry of entries) {
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory() && !UNLINTED_FOLDERS.has(entry.name)) {
        walk(full, child);
      } else if (entry.isSymbolicLink() && !isInside(realPath(full), boundary)) {
        found.push(child);
      }
    }
  };
  walk(path.resolve(cwd), "");
  return found.sort();
}

/** ESLint CLI arguments that ignore these paths, each matched literally (and everything under it, for a link to a folder). */
export function ignoreArguments(links: readonly string[]): string[] {
  return links.flatMap((link) => ["--ignore-pattern", escape(link), "--ignore-pattern", `${escape(link)}/**`]);
}
