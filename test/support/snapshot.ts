import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Copies the files git would commit from this working tree (tracked, and untracked but not ignored)
 * to `target`: what a fresh clone of the next commit holds, without build output or node_modules.
 */
export function copyWorkingTree(target: string): void {
  fs.mkdirSync(target, { recursive: true });
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repo, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${repo}:\n${listed.stderr}`);
  for (const file of listed.stdout.split("\0")) {
    const source = path.join(repo, file);
    // Deleted but not yet staged as deleted, or a folder that is a nested repository.
    if (file === "" || !fs.statSync(source, { throwIfNoEntry: false })?.isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    fs.copyFileSync(source, path.join(target, file));
    fs.chmodSync(path.join(target, file), fs.statSync(source).mode);
  }
}
