// The README's quick start on a fresh clone: `npm install && npm run demo`. A file the build or the
// demo needs but git does not hold, or a tool the project does not install itself, fails here rather
// than on a new user's machine. `npm ci` installs from the lock file, offline from npm's cache (the
// suite's own install filled it), and PATH holds only Node's folder and the system's basic ones.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyWorkingTree } from "../support/snapshot.js";

let scratch: string;
let clone: string;

/** Node's own folder (npm and npx sit beside node) and the folders every system has. */
const PATH = [path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter);

function run(command: string, args: readonly string[]) {
  const result = spawnSync(command, args, {
    cwd: clone,
    encoding: "utf8",
    env: { HOME: process.env.HOME, PATH, NO_COLOR: "1", FORCE_COLOR: "0", CI: "true" },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 540_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-fresh-clone-"));
  clone = path.join(scratch, "eslint-plugin-migrations");
  copyWorkingTree(clone);
  const npm = path.join(path.dirname(process.execPath), "npm");
  let install = run(npm, ["ci", "--offline", "--no-audit", "--no-fund"]);
  // A package missing from the cache (a cleaned cache, a new machine): the registry is reachable here.
  if (install.status !== 0) install = run(npm, ["ci", "--prefer-offline", "--no-audit", "--no-fund"]);
  if (install.status !== 0) throw new Error(`npm ci failed in a fresh copy of the repository:\n${install.output.slice(-6000)}`);
}, 600_000);

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

describe("a fresh clone", () => {
  it("builds on npm ci and runs the demo: the findings of the example project, then the fixes", () => {
    const demo = run(path.join(path.dirname(process.execPath), "npm"), ["run", "demo"]);
    expect(demo.status, demo.output.slice(-6000)).toBe(0);
    expect(demo.output).toContain("eslint-plugin-migrations demo: linting alembic/versions/ in fixtures/alembic-project");
    expect(demo.output).toContain(
      "23:5   error  op.create_index() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"ix_apps_visibility\" already exists'.",
    );
    expect(demo.output).toContain("What `eslint --fix` would change (nothing is written):");
    expect(demo.output).toContain("+  const { data } = useApps();");
  }, 300_000);
});
