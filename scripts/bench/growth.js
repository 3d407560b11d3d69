// Time growth: how lint time grows with the number of statements in one file, per host. One
// generated file per host and size, each statement an unguarded CREATE INDEX (one finding and one
// fix each); linted in this process with ESLint's Linter after a warm-up, so that start-up and file
// reading do not hide the growth. Linear time shows as 4× from 1,000 to 4,000 statements; the
// quadratic mapping of issue 19 showed as 16× and more.

import console from "node:console";
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";

export const GROWTH_SIZES = [250, 1000, 4000];

/** A size that takes longer than this is the last one measured for its host. */
const GIVE_UP_SECONDS = 60;

/** @param {number} count */
const statements = (count) => Array.from({ length: count }, (_, index) => `CREATE INDEX ix_${index} ON t (c${index});`);

/** @type {{ label: string, file: string, text: (count: number) => string }[]} */
const HOSTS = [
  {
    label: 'Python: one op.execute("""…""")',
    file: "alembic/versions/0001_growth.py",
    text: (count) => `from alembic import op\n\n\ndef upgrade():\n    op.execute("""\n${statements(count).join("\n")}\n""")\n`,
  },
  {
    label: "JS: one knex.raw(`…`)",
    file: "migrations/0001_growth.js",
    text: (count) => `exports.up = async function (knex) {\n  await knex.raw(\`\n${statements(count).join("\n")}\n\`);\n};\n`,
  },
  {
    label: "SQL: one .sql file",
    file: "db/migrations/0001_growth.sql",
    text: (count) => `${statements(count).join("\n")}\n`,
  },
];

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return /** @type {number} */ (sorted[Math.floor(sorted.length / 2)]);
}

/**
 * Lints each host's file at each size `runs` times and prints the median times and the growth.
 * @param {{ repo: string, pluginFile: string, runs: number, sizes?: number[] }} options
 */
export async function growthBench({ repo, pluginFile, runs, sizes = GROWTH_SIZES }) {
  const require = createRequire(path.join(repo, "package.json"));
  const { Linter } = require("eslint");
  const { loadModule } = require("libpg-query");
  await loadModule();
  const { default: plugin } = await import(pathToFileURL(pluginFile).href);
  const linter = new Linter({ configType: "flat" });
  const config = [...plugin.configs.recommended];

  console.log(`\nTime growth: one file with N unguarded statements (each a finding with a fix), linted in-process, median of ${runs} runs`);
  const header = ["host", ...sizes.map((size) => `N=${size.toLocaleString("en-US")}`), `${sizes.at(-1)} / ${sizes.at(-2)}`];
  /** @type {string[][]} */
  const lines = [header];
  for (const host of HOSTS) {
    // Warm-up at the smallest size, so that the first measured size does not pay for compilation.
    linter.verify(host.text(sizes[0] ?? 10), config, host.file);
    /** @type {(number | undefined)[]} */
    const seconds = [];
    for (const size of sizes) {
      const text = host.text(size);
      /** @type {number[]} */
      const wall = [];
      let findings = 0;
      for (let run = 0; run < runs; run++) {
        const start = performance.now();
        const messages = linter.verify(text, config, host.file);
        wall.push((performance.now() - start) / 1000);
        findings = messages.filter((message) => message.fix !== undefined).length;
      }
      if (findings !== size) {
        throw new Error(`${host.label}, N=${size}: ${findings} fixable findings, expected ${size}`);
      }
      const time = median(wall);
      seconds.push(time);
      process.stderr.write(`  ${host.label}, N=${size}: ${time.toFixed(3)} s\n`);
      if (time > GIVE_UP_SECONDS) {
        break;
      }
    }
    const [previous, last] = seconds.slice(sizes.length - 2);
    lines.push([
      host.label,
      ...sizes.map((_size, index) => (seconds[index] === undefined ? "not run" : `${(/** @type {number} */ (seconds[index])).toFixed(2)} s`)),
      previous !== undefined && last !== undefined ? `${(last / previous).toFixed(1)}×` : "—",
    ]);
  }
  const widths = header.map((_cell, index) => Math.max(...lines.map((line) => (line[index] ?? "").length)));
  for (const line of lines) {
    console.log(`  ${line.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join("  ")}`);
  }
  console.log(`  linear growth is ${(/** @type {number} */ (sizes.at(-1)) / /** @type {number} */ (sizes.at(-2))).toFixed(0)}× in the last column; quadratic is its square`);
}
