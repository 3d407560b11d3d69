// Tests of unreadable files make them unreadable with `chmod 000`, which stops every user but
// root. CI containers and the development machines run as root, so there the command under test
// runs as root without capabilities (setpriv, from util-linux, which every Debian system has): file
// modes then bind it like any owner, while it can still enter a checkout under a private folder
// (a `mktemp -d` clone), which another user could not. Elsewhere it runs as is. Either way the mode
// really refuses the read, and nothing is simulated.

import { spawnSync } from "node:child_process";
import process from "node:process";
import { findExecutable } from "./debian-package.js";

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
    // No capability survives the exec, CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH included.
    argv = ["--bounding-set=-all", "--inh-caps=-all", process.execPath, ...args];
  }
  const run = spawnSync(command, argv, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
