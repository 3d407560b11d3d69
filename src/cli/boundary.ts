import fs from "node:fs";
import path from "node:path";
import { isInside } from "../project/read-project-file.js";

/**
 * What the command may do with a path it found or was given: lint it, skip it because it is a
 * link that leaves the folder it was found in (the tree is untrusted: a committed link to
 * `/etc/passwd` must never be read, echoed or fixed), or report that it cannot be linted.
 */
export type Screening = { verdict: "lint" } | { verdict: "outside" } | { verdict: "unreadable"; reason: string };

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
const PROBE_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;

/**
 * Screens a file before ESLint reads it: its real path must lie in `boundary` (a real path), it
 * must be a regular file, and this process must be able to open it. ESLint itself would read
 * through the link, block on a FIFO, and end the whole run on one unreadable file.
 */
export function screenFile(file: string, boundary: string): Screening {
  let real: string;
  try {
    real = fs.realpathSync.native(file);
  } catch (error) {
    return { verdict: "unreadable", reason: describeError(error) };
  }
  if (!isInside(real, boundary)) return { verdict: "outside" };
  // A stat before opening names what a special file is; opening a socket fails with a bare ENXIO.
  const kind = specialKind(fs.statSync(real));
  if (kind !== null) return { verdict: "unreadable", reason: `it is ${kind}, not a regular file` };
  let descriptor: number;
  try {
    descriptor = fs.openSync(real, PROBE_FLAGS);
  } catch (error) {
    return { verdict: "unreadable", reason: describeError(error) };
  }
  try {
    const kind = specialKind(fs.fstatSync(descriptor));
    return kind === null ? { verdict: "lint" } : { verdict: "unreadable", reason: `it is ${kind}, not a regular file` };
  } finally {
    fs.closeSync(descriptor);
  }
}

/** The path with every link resolved, or the path itself when it cannot be resolved. */
export function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * The folder a file named on the command line must stay in: the working directory when the name
 * lies inside it (pre-commit and lint-staged pass paths relative to the repository root), else
 * the folder the name is in.
 */
export function boundaryOfNamedFile(absolute: string, cwd: string): string {
  return isInside(absolute, path.resolve(cwd)) ? realPath(cwd) : realPath(path.dirname(absolute));
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EACCES" || code === "EPERM") return `permission denied (${code})`;
  if (code === "ELOOP") return "it is a link that loops (ELOOP)";
  if (code === "ENOENT") return "it is a broken link or was removed (ENOENT)";
  return code === undefined ? String(error) : `it cannot be read (${code})`;
}

/** What a file that is not a regular one is, or null for a regular file. */
export function specialKind(stats: fs.Stats | fs.Dirent): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "a special file";
}
