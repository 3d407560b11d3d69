import { spawnSync } from "node:child_process";
import path from "node:path";
import { UsageError } from "./options.js";

/**
 * The files added or changed since `ref`, as git itself reports them (absolute paths): committed,
 * staged or only in the working tree, and new files git does not ignore. Renamed files count as
 * added; deleted ones are gone and are not linted.
 */
export function changedSince(ref: string, cwd: string): Set<string> {
  // The top as a path from `cwd`, so that the files compare equal to the walk's, links and all.
  const top = path.resolve(cwd, git(["rev-parse", "--show-cdup"], cwd, () => `--since needs a git repository, and ${cwd} is not in one`).trim());
  // `--end-of-options`: a ref that starts with `-` is a ref, never an option.
  const changed = git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=AM", "--end-of-options", ref, "--"], top, (stderr) => `--since ${ref}: ${stderr.trim().split("\n")[0] ?? ""}`);
  const untracked = git(["ls-files", "-z", "--others", "--exclude-standard"], top, (stderr) => stderr.trim());
  return new Set(
    `${changed}${untracked}`
      .split("\0")
      .filter((name) => name !== "")
      .map((name) => path.join(top, name)),
  );
}

function git(args: string[], cwd: string, failure: (stderr: string) => string): string {
  const run = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new UsageError(`--since needs git, which could not be run (${run.error.message})`);
  if (run.status !== 0) throw new UsageError(failure(run.stderr));
  return run.stdout;
}
