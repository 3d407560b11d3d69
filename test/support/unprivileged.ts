// Tests of unreadable files make them unreadable with `chmod 000`, which stops every user but
// root. CI containers and the development machines run as root, so there the command under test
// runs as the `nobody` user instead (setpriv, from util-linux, which every Debian system has);
// elsewhere it runs as is. Either way the mode really refuses the read, and nothing is simulated.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import process from "node:process";
import { findExecutable } from "./debian-package.js";

const NOBODY = 65534;

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` in `cwd` as a user whom file modes bind. */
export function runNodeUnprivileged(args: readonly string[], cwd: string): Run {
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  let command = process.execPath;
  let argv = [...args];
  if (asRoot) {
    const setpriv = findExecutable("setpriv", ["/usr/bin", "/bin"]);
    if (setpriv === undefined) throw new Error("setpriv is missing: apt-get install util-linux");
    command = setpriv;
    argv = [`--reuid=${String(NOBODY)}`, `--regid=${String(NOBODY)}`, "--clear-groups", process.execPath, ...args];
  }
  const run = spawnSync(command, argv, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Lets the unprivileged user into a temporary tree (mkdtemp makes it private to its creator):
 * every folder may be entered and listed, every file read, as in a normal checkout.
 */
export function openToEveryone(root: string): void {
  fs.chmodSync(root, 0o755);
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue;
    fs.chmodSync(`${entry.parentPath}/${entry.name}`, entry.isDirectory() ? 0o755 : 0o644);
  }
}
