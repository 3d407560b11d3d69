// An editor's first file: what one `eslint --stdin --stdin-filename <file>` costs, start-up and
// config loading included, for a SQL and an Alembic migration, next to the same command with a
// language that parses nothing (ESLint's own floor). Editors that start ESLint per file, and the
// first file an ESLint server lints, pay this.

import { Buffer } from "node:buffer";
import { spawnSync } from "node:child_process";
import console from "node:console";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { generateAlembicCorpus, generateSqlCorpus } from "./corpus.js";

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * @param {{ scratch: string, eslintBin: string, pluginFile: string, noopFile: string, runs: number }} options
 */
export function editorBench({ scratch, eslintBin, pluginFile, noopFile, runs }) {
  const dir = path.join(scratch, "editor");
  fs.mkdirSync(dir, { recursive: true });
  generateSqlCorpus(path.join(dir, "sql"), { count: 1 });
  const alembic = generateAlembicCorpus(path.join(dir, "py"), { count: 1 });
  /** @param {string} root */
  const firstFile = (root) => {
    /** @type {string[]} */
    const found = fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((name) => /\.(?:sql|py)$/u.test(name));
    return path.join(root, /** @type {string} */ (found.sort()[0]));
  };
  const files = [
    { label: ".sql", file: firstFile(path.join(dir, "sql")), name: "migrations/20240101000000_init/migration.sql" },
    { label: ".py", file: firstFile(alembic.root), name: "alembic/versions/0001_init.py" },
  ];
  const pluginConfig = path.join(dir, "eslint.plugin.config.js");
  fs.writeFileSync(pluginConfig, `import migrations from ${JSON.stringify(pathToFileURL(pluginFile).href)};\n\nexport default [...migrations.configs.recommended];\n`);
  const noopConfig = path.join(dir, "eslint.noop.config.js");
  fs.writeFileSync(
    noopConfig,
    `import noop from ${JSON.stringify(pathToFileURL(noopFile).href)};\n\nexport default [{ files: ["**/*.sql", "**/*.py"], plugins: { noop }, language: "noop/text" }];\n`,
  );

  console.log(`\nEditor's first file: one \`eslint --stdin --stdin-filename <file>\` per run (median of ${runs}, alternating)`);
  for (const { label, file, name } of files) {
    const input = fs.readFileSync(file, "utf8");
    /** @type {Record<string, number[]>} */
    const walls = { plugin: [], noop: [] };
    for (let run = 0; run < runs; run++) {
      for (const [which, config] of /** @type {const} */ ([["plugin", pluginConfig], ["noop", noopConfig]])) {
        const start = performance.now();
        const child = spawnSync(process.execPath, [eslintBin, "--config", config, "--format", "json", "--stdin", "--stdin-filename", name], {
          cwd: dir,
          input,
          encoding: "utf8",
        });
        walls[which]?.push((performance.now() - start) / 1000);
        if (child.status !== 0 && child.status !== 1) throw new Error(`eslint --stdin (${which}, ${label}) exited with ${child.status}:\n${child.stderr}`);
        if (which === "plugin" && !/"ruleId":"migrations\//u.test(child.stdout) && run === 0) {
          console.log(`  note: no finding of the plugin's in ${name}; the bench file may have changed`);
        }
      }
    }
    const plugin = median(walls.plugin ?? []);
    const noop = median(walls.noop ?? []);
    console.log(
      `  ${label} (${(Buffer.byteLength(input) / 1024).toFixed(1)} KiB): ESLint + plugin ${plugin.toFixed(2)} s, ESLint + no-op language ${noop.toFixed(2)} s, ratio ${(plugin / noop).toFixed(2)}×, difference ${((plugin - noop) * 1000).toFixed(0)} ms`,
    );
  }
  console.log(`  command: (cd ${dir} && node ${eslintBin} --config eslint.plugin.config.js --stdin --stdin-filename ${files[0]?.name} < <file>)`);
}
