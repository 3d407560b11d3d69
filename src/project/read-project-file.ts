/**
 * The one way project facts (dependency files, lock files, package manifests) are read. A linter
 * runs in pre-commit hooks and CI on checkouts nobody vetted, so a committed `poetry.lock` that is
 * a link to `/dev/zero`, a `-r /dev/stdin` line or a FIFO must cost nothing: only regular files
 * inside the repository are read, and only up to a size no real dependency file reaches.
 */

import fs from "node:fs";
import path from "node:path";
import { warnOnce } from "./warnings.js";

/**
 * 16 MiB. The largest lock files of big monorepos (uv.lock and poetry.lock listing every wheel's
 * hash) are a few MiB; beyond this a file is generated data, not a dependency list.
 */
export const PROJECT_FILE_SIZE_LIMIT = 16 * 1024 * 1024;

// Opening a FIFO for reading blocks until a writer appears; O_NONBLOCK makes the open return at
// once so fstat can refuse it. O_NOFOLLOW refuses a link swapped in after realpath resolved it.
// (Windows lacks both constants; `|` reads the missing ones as 0.)
const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW;

/**
 * The text of `file`, or null when it does not exist or may not be read: not inside `root` once
 * links are resolved, not a regular file, larger than {@link PROJECT_FILE_SIZE_LIMIT}, or
 * unreadable. Every refusal but a missing file is warned about once (naming the file whose `-r`
 * line led there, `includedBy`), so the user learns why a version was not found, and the caller
 * goes on as if the file were absent.
 */
export function readProjectFile(file: string, root: string, includedBy?: string): string | null {
  const refusal = (reason: string): null => {
    const shown = includedBy === undefined ? file : `${file} (included by ${includedBy})`;
    warnOnce(`skipped ${shown}: ${reason}; the versions it names are not used.`);
    return null;
  };
  // Lexically first: `-r /dev/stdin` names a path whose real form is no path at all.
  if (!isInside(path.resolve(file), path.resolve(root))) return refusal(`it is outside the repository (${root})`);
  let real: string;
  try {
    real = fs.realpathSync.native(file);
  } catch (error) {
    return isMissing(error) ? null : refusal(describeError(error));
  }
  if (!isInside(real, realRoot(root))) return refusal(`it is a link that leads outside the repository (${root})`);
  // A stat before opening names what a special file is; opening a socket fails with a bare ENXIO.
  const kind = kindOf(fs.statSync(real, { throwIfNoEntry: false }));
  if (kind !== null) return refusal(`it is ${kind}, not a regular file`);
  let descriptor: number;
  try {
    descriptor = fs.openSync(real, OPEN_FLAGS);
  } catch (error) {
    return isMissing(error) ? null : refusal(describeError(error));
  }
  try {
    // Again on what was opened: the path may have been replaced since the stat.
    const stats = fs.fstatSync(descriptor);
    const opened = kindOf(stats);
    if (opened !== null) return refusal(`it is ${opened}, not a regular file`);
    if (stats.size > PROJECT_FILE_SIZE_LIMIT) {
      return refusal(`it is ${String(stats.size)} bytes, more than the ${String(PROJECT_FILE_SIZE_LIMIT)}-byte limit`);
    }
    const text = readAtMost(descriptor, PROJECT_FILE_SIZE_LIMIT);
    return text ?? refusal(`it grew past the ${String(PROJECT_FILE_SIZE_LIMIT)}-byte limit while being read`);
  } catch (error) {
    return refusal(describeError(error));
  } finally {
    fs.closeSync(descriptor);
  }
}

/**
 * The repository root around `directory`: the nearest directory at or above it holding `.git`
 * (a folder, or a file in worktrees and submodules). Without one (an exported tarball, a Docker
 * build context), the folder the command runs in when `directory` lies inside it, as ESLint's own
 * base; otherwise `directory` itself, so such a project reads only from where the file was found.
 */
export function repositoryRoot(directory: string): string {
  const start = path.resolve(directory);
  for (let current = start; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, ".git"))) return current;
    if (path.dirname(current) === current) break;
  }
  const cwd = process.cwd();
  return path.parse(cwd).root !== cwd && isInside(start, cwd) ? cwd : start;
}

/** Whether `inner` is `outer` or lies under it; both absolute, already free of links. */
export function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function realRoot(root: string): string {
  try {
    return fs.realpathSync.native(root);
  } catch {
    return path.resolve(root);
  }
}

/** Reads to the end, or null once more than `limit` bytes arrive (a file that grows while read). */
function readAtMost(descriptor: number, limit: number): string | null {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, limit + 1 - total));
    const read = fs.readSync(descriptor, chunk, 0, chunk.length, null);
    if (read === 0) return Buffer.concat(chunks, total).toString("utf8");
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (total > limit) return null;
  }
}

/** What a path that is not a regular file is, for the warning; null for a regular or missing file. */
function kindOf(stats: fs.Stats | undefined): string | null {
  if (stats === undefined || stats.isFile()) return null;
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "a special file";
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === undefined ? String(error) : `it cannot be read (${code})`;
}
