// Discovery's cost: the zero-config walk with discovery (collectFiles) against a plain walk with the
// same skips, on a generated 50,000-file tree: application code in many folders, a node_modules and
// a .venv that are never entered, and the configs of several frameworks (alembic.ini with two
// sections, a knexfile, a drizzle.config.ts, package.json files) whose folders hold migrations.
// Median of the runs, each in this process after a warm-up run, so file system caches are warm
// for both.

import console from "node:console";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

export const DISCOVERY_TREE_FILES = 50_000;
const SKIPPED = new Set(["node_modules", "dist", "__pycache__", "venv", "site-packages"]);

/** @param {string} root @param {Record<string, string>} files */
function write(root, files) {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

/** @param {string} root */
function generateTree(root) {
  /** @type {Record<string, string>} */
  const files = {
    "alembic.ini": "[alembic]\nscript_location = app.db:migration\n\n[tenant]\nscript_location = %(here)s/tenant_db\n",
    "knexfile.js": 'module.exports = { client: "pg", migrations: { directory: "./db/alterations" } };\n',
    "web/drizzle.config.ts": 'export default { dialect: "postgresql", out: "./schema" };\n',
    "package.json": JSON.stringify({ scripts: { build: "tsc" } }),
  };
  const revision = (index) => `revision = "r${index}"\n\ndef upgrade():\n    pass\n`;
  for (let index = 0; index < 200; index++) {
    files[`app/db/migration/versions/${index}_x.py`] = revision(index);
    files[`tenant_db/versions/${index}_x.py`] = revision(index);
    files[`db/alterations/${index}_x.js`] = "exports.up = async () => {};\n";
    files[`web/schema/${String(index).padStart(4, "0")}_x.sql`] = "SELECT 1;\n";
  }
  let count = Object.keys(files).length;
  for (let index = 0; count < DISCOVERY_TREE_FILES * 0.8; index++, count++) {
    const extension = [".py", ".ts", ".js", ".sql", ".md", ".json"][index % 6];
    files[`src/module${index % 400}/part${index % 7}/file${index}${extension}`] = "";
  }
  for (let index = 0; count < DISCOVERY_TREE_FILES; index++, count++) {
    files[`${index % 2 === 0 ? "node_modules/pkg" : ".venv/lib/site"}${index % 50}/migrations/file${index}.js`] = "";
  }
  write(root, files);
  return count;
}

/** @param {string} directory */
function plainWalk(directory) {
  let files = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!entry.name.startsWith(".") && !SKIPPED.has(entry.name)) files += plainWalk(path.join(directory, entry.name));
    } else files++;
  }
  return files;
}

/** @param {() => unknown} run @param {number} runs */
function medianMs(run, runs) {
  run();
  const times = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** @param {{ repo: string, runs: number }} options */
export async function discoveryBench({ repo, runs }) {
  const { collectFiles } = await import(pathToFileURL(path.join(repo, "dist/src/cli/files.js")).href);
  const { RecommendedFiles } = await import(pathToFileURL(path.join(repo, "dist/src/cli/recommended.js")).href);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-discovery-"));
  try {
    const total = generateTree(root);
    const recommended = new RecommendedFiles();
    let found = 0;
    const walk = medianMs(() => plainWalk(root), runs);
    const discovery = medianMs(() => {
      found = collectFiles(["."], root, recommended).files.length;
    }, runs);
    console.log(`\ndiscovery on a ${total.toLocaleString("en-US")}-file tree (median of ${runs}): plain walk ${walk.toFixed(0)} ms, walk with discovery ${discovery.toFixed(0)} ms (+${(discovery - walk).toFixed(0)} ms), ${found} migrations found`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
