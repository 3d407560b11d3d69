// Vitest global setup: the commands the tests run (the CLI, pre-commit hooks, lint-staged) keep
// their result cache in the user's cache folder when a project has no node_modules. The whole run
// gets a temporary one instead, so a local `npm test` leaves nothing in ~/.cache.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";

export default function setup(): () => void {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-test-cache-"));
  process.env.XDG_CACHE_HOME = folder;
  return () => {
    fs.rmSync(folder, { recursive: true, force: true });
  };
}
