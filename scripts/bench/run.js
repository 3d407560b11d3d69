#!/usr/bin/env node
// `npm run bench`: how fast the plugin lints a large migration history, next to squawk (a native
// SQL migration linter) and next to ESLint's own floor (the same ESLint command with a language
// that parses nothing), and next to ESLint reporting the plugin's own findings on that language
// (scripts/bench/findings-replay.js: ESLint's cost of the findings alone). Every tool runs as a
// child process on the same generated corpus; wall and CPU time are the medians of the runs, peak
// RSS the largest seen.
//
//   node scripts/bench/run.js [--files 2000] [--runs 3] [--alembic] [--alembic-files 1000] [--keep]
//                             [--typed] [--components 300] [--only-growth]
//
// It starts with discovery's cost on a 50,000-file tree (scripts/bench/discovery.js), then the time growth of one file with 250, 1,000 and 4,000 statements per host
// (scripts/bench/growth.js); --only-growth stops after it.
//
// After the SQL table it times an editor's first file (scripts/bench/editor.js): one
// `eslint --stdin` run per .sql and .py file, next to the no-op language.
//
// --typed adds migrations/hook-call-signature in a typed ESLint run against `tsc --noEmit` on a
// generated React app of --components components (scripts/bench/typed.js).

import { spawn, spawnSync } from "node:child_process";
import console from "node:console";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateAlembicCorpus, generateSqlCorpus } from "./corpus.js";
import { writeFindings } from "./findings-replay.js";
import { discoveryBench } from "./discovery.js";
import { editorBench } from "./editor.js";
import { growthBench } from "./growth.js";
import { typedBench } from "./typed.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const pluginFile = path.join(repo, "dist", "src", "index.js");
const eslintBin = path.join(repo, "node_modules", "eslint", "bin", "eslint.js");
const cliBin = path.join(repo, "bin", "eslint-plugin-migrations.js");
const noopFile = path.join(here, "noop-language.js");
const replayFile = path.join(here, "findings-replay.js");
const rssReporter = path.join(here, "report-rss.js");
const TIME_BIN = "/usr/bin/time";

/** @param {string} name @param {number} fallback */
function numberOption(name, fallback) {
  const index = process.argv.indexOf(name);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} needs a positive integer`);
    process.exit(2);
  }
  return value;
}

const options = {
  files: numberOption("--files", 2000),
  runs: numberOption("--runs", 3),
  alembic: process.argv.includes("--alembic"),
  alembicFiles: numberOption("--alembic-files", 1000),
  keep: process.argv.includes("--keep"),
  typed: process.argv.includes("--typed"),
  components: numberOption("--components", 300),
  onlyGrowth: process.argv.includes("--only-growth"),
};

if (!fs.existsSync(pluginFile)) {
  console.error(`The plugin has not been built: ${path.relative(repo, pluginFile)} is missing. Run \`npm run build\` first.`);
  process.exit(1);
}

/** @type {{ rules?: Record<string, { meta?: { languages?: string[] } }>, languages?: Record<string, unknown> }} */
let plugin;
try {
  ({ default: plugin } = await import(pathToFileURL(pluginFile).href));
} catch (error) {
  console.error(`The built plugin does not load (${path.relative(repo, pluginFile)}); run \`npm run build\` and check its errors.`);
  throw error;
}
const eslintVersion = JSON.parse(fs.readFileSync(path.join(repo, "node_modules", "eslint", "package.json"), "utf8")).version;

const SQUAWK_VERSION = "2.66.0";

/**
 * The native squawk binary, from squawk-cli installed into node_modules/.cache on first use.
 * squawk-cli is not a devDependency: its platform packages for macOS, Windows and ARM are not all
 * served by the registry this project installs from, and `npm ci` refuses a lock file without
 * them. node_modules/.bin/squawk would be a Node wrapper that spawns the binary; timing it would add
 * a Node start-up to squawk's time and make its RSS the wrapper's, so the binary is run directly.
 * @returns {{ command: string, via: string }}
 */
function squawkBinary() {
  const prefix = path.join(repo, "node_modules", ".cache", `squawk-cli-${SQUAWK_VERSION}`);
  const packageDir = path.join(prefix, "node_modules", "squawk-cli");
  if (!fs.existsSync(packageDir)) {
    console.error(`installing squawk-cli@${SQUAWK_VERSION} into ${path.relative(repo, prefix)} …`);
    const install = spawnSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", `squawk-cli@${SQUAWK_VERSION}`], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (install.status !== 0) {
      throw new Error(`could not install squawk-cli@${SQUAWK_VERSION} (npm exited with ${String(install.status)})`);
    }
  }
  const require = createRequire(path.join(packageDir, "package.json"));
  /** @type {{ getBinaryPath(): string }} */
  const squawk = require("./js/index.js");
  return { command: squawk.getBinaryPath(), via: `squawk-cli@${SQUAWK_VERSION}'s getBinaryPath(), what its bin script execs` };
}

const timeAvailable = (() => {
  try {
    fs.accessSync(TIME_BIN, fs.constants.X_OK);
    return spawnSync(TIME_BIN, ["-f", "%M", "true"], { encoding: "utf8" }).status === 0;
  } catch {
    return false;
  }
})();

/**
 * @typedef {{ label: string, command: string, args: string[], cwd: string, node: boolean,
 *   okStatus: number[], stdoutFile?: string, env?: Record<string, string> }} Job
 * @typedef {{ wall: number[], cpu: (number | undefined)[], rssKb: (number | undefined)[], lastStderr: string }} Measurement
 */

/**
 * One run of a job: wall time around the child process, CPU time (user + system, every thread of
 * the child) and peak RSS from GNU time, or, without it, peak RSS only, from the child's own
 * process.resourceUsage() (Node commands only). On a shared machine CPU time moves less with the
 * load than wall time does.
 * @param {Job} job
 * @param {string} scratch
 * @returns {Promise<{ wall: number, cpu: number | undefined, rssKb: number | undefined, stderr: string }>}
 */
async function runOnce(job, scratch) {
  const rssFile = path.join(scratch, `rss-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  let command = job.command;
  let args = job.args;
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, NO_COLOR: "1", ...job.env };
  if (timeAvailable) {
    args = ["-f", "%U %S %M", "-o", rssFile, command, ...args];
    command = TIME_BIN;
  } else if (job.node) {
    args = ["--import", pathToFileURL(rssReporter).href, ...args];
    env.BENCH_RSS_FILE = rssFile;
  }
  const stdout = job.stdoutFile === undefined ? "ignore" : fs.openSync(job.stdoutFile, "w");
  const start = performance.now();
  const { status, stderr } = await new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: job.cwd, env, stdio: ["ignore", stdout, "pipe"] });
    let err = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ status: code, stderr: err });
    });
  });
  const wall = (performance.now() - start) / 1000;
  if (typeof stdout === "number") fs.closeSync(stdout);
  if (!job.okStatus.includes(status)) {
    throw new Error(`${job.label} exited with ${status}:\n${stderr.slice(-4000)}`);
  }
  let rssKb;
  let cpu;
  try {
    // GNU time's line comes last (after any "Command exited with non-zero status"): user, system, RSS.
    const numbers = fs.readFileSync(rssFile, "utf8").trim().split(/\s+/).map(Number);
    rssKb = numbers.at(-1);
    if (timeAvailable) cpu = /** @type {number} */ (numbers.at(-3)) + /** @type {number} */ (numbers.at(-2));
    fs.rmSync(rssFile);
  } catch {
    rssKb = undefined;
  }
  return { wall, cpu, rssKb, stderr };
}

/**
 * Runs the jobs round-robin, so slow drift on a shared machine hits every tool alike.
 * @param {Job[]} jobs
 * @param {string} scratch
 * @returns {Promise<Map<Job, Measurement>>}
 */
async function measure(jobs, scratch) {
  /** @type {Map<Job, Measurement>} */
  const results = new Map(jobs.map((job) => [job, { wall: [], cpu: [], rssKb: [], lastStderr: "" }]));
  for (let run = 0; run < options.runs; run++) {
    for (const job of jobs) {
      const once = await runOnce(job, scratch);
      const result = /** @type {Measurement} */ (results.get(job));
      result.wall.push(once.wall);
      result.cpu.push(once.cpu);
      result.rssKb.push(once.rssKb);
      result.lastStderr = once.stderr;
      process.stderr.write(`  ${job.label}: run ${run + 1}/${options.runs} ${once.wall.toFixed(2)} s\n`);
    }
  }
  return results;
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? /** @type {number} */ (sorted[middle]) : (/** @type {number} */ (sorted[middle - 1]) + /** @type {number} */ (sorted[middle])) / 2;
}

/** @param {string} word */
const shellWord = (word) => (/^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);
/** @param {Job} job */
const commandLine = (job) => `(cd ${shellWord(job.cwd)} && ${[job.command, ...job.args].map(shellWord).join(" ")})`;
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * @param {string} file ESLint's JSON output
 * @returns {string}
 */
function eslintSummary(file) {
  /** @type {{ messages: { fatal?: boolean, ruleId?: string | null }[] }[]} */
  const results = JSON.parse(fs.readFileSync(file, "utf8"));
  const count = (/** @type {(message: { fatal?: boolean, ruleId?: string | null }) => boolean} */ test) =>
    results.reduce((sum, result) => sum + result.messages.filter(test).length, 0);
  const messages = count(() => true);
  const fatal = count((message) => message.fatal === true);
  // Statements the plugin could not check: a placeholder it stopped reading shows up here first.
  const unchecked = count((message) => message.ruleId === "migrations/unchecked-sql");
  return `${integer.format(results.length)} files linted, ${integer.format(messages)} problems, ${integer.format(unchecked)} not checked${fatal > 0 ? ` (${fatal} parse errors)` : ""}`;
}

/** @param {string} file squawk's JSON output */
function squawkSummary(file) {
  try {
    /** @type {{ file: string }[]} */
    const violations = JSON.parse(fs.readFileSync(file, "utf8"));
    return `${integer.format(new Set(violations.map((v) => v.file)).size)} files with findings, ${integer.format(violations.length)} problems`;
  } catch {
    return "output not JSON";
  }
}

/**
 * @typedef {{ label: string, job?: Job, unavailable?: string, summary?: () => string }} Row
 * @param {string} title
 * @param {{ files: number, statements: number, bytes: number }} corpus
 * @param {string} unit
 * @param {Row[]} rows
 * @param {Map<Job, Measurement>} results
 * @param {[string, string][]} ratios pairs of row labels: numerator, denominator
 */
function printTable(title, corpus, unit, rows, results, ratios) {
  const mib = (corpus.bytes / 1024 / 1024).toFixed(1);
  console.log(`\n${title}: ${integer.format(corpus.files)} files, ${integer.format(corpus.statements)} ${unit}, ${mib} MiB`);
  const header = ["tool", "files", unit, "wall (median)", "min–max", "CPU (median)", "files/s", `${unit}/s`, "peak RSS"];
  /** @type {string[][]} */
  const lines = [header];
  /** @type {Map<string, { wall: number, cpu: number | undefined, rss: number | undefined }>} */
  const stats = new Map();
  for (const row of rows) {
    const result = row.job === undefined ? undefined : results.get(row.job);
    if (result === undefined) {
      lines.push([row.label, row.unavailable ?? "not run"]);
      continue;
    }
    const wall = median(result.wall);
    const rssValues = result.rssKb.filter((v) => v !== undefined);
    const rss = rssValues.length > 0 ? Math.max(...rssValues) / 1024 : undefined;
    const cpuValues = result.cpu.filter((v) => v !== undefined);
    const cpu = cpuValues.length > 0 ? median(cpuValues) : undefined;
    stats.set(row.label, { wall, cpu, rss });
    lines.push([
      row.label,
      integer.format(corpus.files),
      integer.format(corpus.statements),
      `${wall.toFixed(2)} s`,
      `${Math.min(...result.wall).toFixed(2)}–${Math.max(...result.wall).toFixed(2)} s`,
      cpu === undefined ? "n/a" : `${cpu.toFixed(2)} s`,
      integer.format(corpus.files / wall),
      integer.format(corpus.statements / wall),
      rss === undefined ? "n/a" : `${integer.format(rss)} MB`,
    ]);
  }
  const widths = header.map((_h, i) => Math.max(...lines.map((line) => (line.length === 2 && i === 1 ? 0 : (line[i] ?? "").length))));
  for (const line of lines) {
    if (line.length === 2) {
      console.log(`  ${(line[0] ?? "").padEnd(widths[0] ?? 0)}  ${line[1]}`);
      continue;
    }
    console.log(`  ${line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ")}`);
  }
  for (const [top, bottom] of ratios) {
    const a = stats.get(top);
    const b = stats.get(bottom);
    if (a === undefined || b === undefined) continue;
    const cpu = a.cpu !== undefined && b.cpu !== undefined ? `, CPU ${(a.cpu / b.cpu).toFixed(1)}×` : "";
    const rss = a.rss !== undefined && b.rss !== undefined ? `, peak RSS ${(a.rss / b.rss).toFixed(1)}×` : "";
    console.log(`  ratio ${top} / ${bottom}: wall ${(a.wall / b.wall).toFixed(1)}×${cpu}${rss}`);
  }
  console.log("  output of the last run:");
  for (const row of rows) {
    if (row.job !== undefined && row.summary !== undefined) console.log(`    ${row.label}: ${row.summary()}`);
  }
  console.log(`  commands${options.keep ? "" : " (the corpus and config files are deleted on exit; --keep keeps them)"}:`);
  for (const row of rows) {
    if (row.job !== undefined) console.log(`    ${row.label}: ${commandLine(row.job)}`);
  }
}

/**
 * The plugin's rules that ESLint would accept for a language (ESLint 10 refuses a rule whose
 * meta.languages excludes the config's language).
 * @param {string} language e.g. "migrations/sql"
 * @returns {Record<string, "error">}
 */
function rulesFor(language) {
  const rules = plugin.rules ?? {};
  const [pluginName] = language.split("/");
  return Object.fromEntries(
    Object.entries(rules)
      .filter(([, rule]) => {
        const languages = rule.meta?.languages;
        return languages === undefined || languages.some((entry) => entry === "*" || entry === language || entry === `${pluginName}/*`);
      })
      .map(([name]) => [`migrations/${name}`, "error"]),
  );
}

/**
 * @param {string} label
 * @param {string} cwd
 * @param {string} configFile
 * @param {string} target
 * @param {string} outputFile
 * @returns {Job}
 */
function eslintJob(label, cwd, configFile, target, outputFile) {
  return {
    label,
    command: process.execPath,
    args: [eslintBin, "--config", configFile, "--format", "json", "--output-file", outputFile, target],
    cwd,
    node: true,
    // 1: problems found, which is the point; 2 is a crash or a config error.
    okStatus: [0, 1],
  };
}

const REPLAY_LABEL = "ESLint + the same findings, replayed";

/**
 * The row that times ESLint's own cost of the plugin's findings (scripts/bench/findings-replay.js):
 * one untimed run of the plugin writes them, a replay rule reports them again on a language that
 * parses nothing.
 * @param {Job} pluginJob
 * @returns {Row}
 */
function findingsReplayRow(pluginJob) {
  const scratch = pluginJob.cwd;
  const resultsFile = path.join(scratch, "plugin.json");
  const once = spawnSync(pluginJob.command, pluginJob.args, { cwd: scratch, stdio: ["ignore", "ignore", "inherit"] });
  if (once.status === null || !pluginJob.okStatus.includes(once.status)) {
    throw new Error(`${pluginJob.label} exited with ${String(once.status)} in the run that writes the findings to replay`);
  }
  const findingsDir = path.join(scratch, "findings");
  writeFindings(resultsFile, findingsDir);
  const configFile = path.join(scratch, "eslint.replay.config.js");
  fs.writeFileSync(
    configFile,
    `import replay from ${JSON.stringify(pathToFileURL(replayFile).href)};\n\n` +
      `export default [{ files: ["**/*.sql"], plugins: { replay }, language: "replay/text", rules: { "replay/findings": ["error", ${JSON.stringify(findingsDir)}] } }];\n`,
  );
  const outputFile = path.join(scratch, "replay.json");
  return { label: REPLAY_LABEL, job: eslintJob(REPLAY_LABEL, scratch, configFile, "migrations", outputFile), summary: () => eslintSummary(outputFile) };
}

console.log(`eslint-plugin-migrations bench: ESLint ${eslintVersion}, Node ${process.version}, ${os.cpus().length} CPUs`);
await discoveryBench({ repo, runs: options.runs });
await growthBench({ repo, pluginFile, runs: options.runs });
if (options.onlyGrowth) {
  process.exit(0);
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-bench-"));
try {
  console.log(`eslint-plugin-migrations bench: ESLint ${eslintVersion}, Node ${process.version}, ${os.cpus().length} CPUs, ${options.runs} runs each`);
  console.log(`peak RSS from ${timeAvailable ? `${TIME_BIN} -f %M, CPU (user + system) from ${TIME_BIN} -f "%U %S"` : "process.resourceUsage().maxRSS in the child (Node commands only)"}`);
  console.log(`corpus in ${scratch}${options.keep ? " (kept)" : ""}`);

  const sql = generateSqlCorpus(scratch, { count: options.files });
  const squawk = squawkBinary();
  const squawkVersion = spawnSync(squawk.command, ["--version"], { encoding: "utf8" }).stdout.trim() || "squawk";
  const noopConfig = path.join(scratch, "eslint.noop.config.js");
  fs.writeFileSync(
    noopConfig,
    `import noop from ${JSON.stringify(pathToFileURL(noopFile).href)};\n\n` +
      `export default [{ files: ["**/*.sql", "**/*.py"], plugins: { noop }, language: "noop/text" }];\n`,
  );

  /** @type {Job} */
  const squawkJob = {
    label: squawkVersion,
    command: squawk.command,
    // squawk takes globs, not directories; it expands this one itself.
    args: ["--reporter", "json", "migrations/**/*.sql"],
    cwd: scratch,
    node: false,
    okStatus: [0, 1],
    stdoutFile: path.join(scratch, "squawk.json"),
  };
  const noopJob = eslintJob("ESLint + no-op language", scratch, noopConfig, "migrations", path.join(scratch, "noop.json"));

  /** @type {Row[]} */
  const rows = [{ label: squawkVersion, job: squawkJob, summary: () => squawkSummary(path.join(scratch, "squawk.json")) }];
  const pluginLabel = "ESLint + migrations/sql";
  if (plugin.languages?.sql === undefined) {
    rows.push({ label: pluginLabel, unavailable: "SQL language not available in this build" });
    console.log("SQL language not available in this build: timing squawk and ESLint's floor only");
  } else {
    const rules = rulesFor("migrations/sql");
    const configFile = path.join(scratch, "eslint.plugin.config.js");
    fs.writeFileSync(
      configFile,
      `import migrations from ${JSON.stringify(pathToFileURL(pluginFile).href)};\n\n` +
        `export default [{ files: ["**/*.sql"], plugins: { migrations }, language: "migrations/sql", rules: ${JSON.stringify(rules)} }];\n`,
    );
    console.log(`SQL rules on: ${Object.keys(rules).join(", ") || "(none: parsing only)"}`);
    const job = eslintJob(pluginLabel, scratch, configFile, "migrations", path.join(scratch, "plugin.json"));
    rows.push({ label: pluginLabel, job, summary: () => eslintSummary(path.join(scratch, "plugin.json")) });
    rows.push(findingsReplayRow(job));
  }
  // The package's own command: no config file, configs.recommended, its own file walk, a thread per core.
  const cliLabel = "eslint-plugin-migrations CLI (zero-config)";
  /** @type {Job} */
  const cliJob = {
    label: cliLabel,
    command: process.execPath,
    // Every run lints every file, as a first run or CI does; the cached row below times a run after it.
    args: [cliBin, "--no-config-lookup", "--no-cache", "--format", "json", "--output-file", path.join(scratch, "cli.json"), "migrations"],
    cwd: scratch,
    node: true,
    okStatus: [0, 1],
  };
  rows.push({ label: cliLabel, job: cliJob, summary: () => eslintSummary(path.join(scratch, "cli.json")) });
  // Its default: ESLint's result cache, here warm from a first run before the timed ones, with no file changed.
  const cachedLabel = "eslint-plugin-migrations CLI, cache warm";
  /** @type {Job} */
  const cachedJob = {
    label: cachedLabel,
    command: process.execPath,
    args: [cliBin, "--no-config-lookup", "--cache-location", "cli-cache", "--format", "json", "--output-file", path.join(scratch, "cli-cached.json"), "migrations"],
    cwd: scratch,
    node: true,
    okStatus: [0, 1],
  };
  await runOnce(cachedJob, scratch);
  rows.push({ label: cachedLabel, job: cachedJob, summary: () => eslintSummary(path.join(scratch, "cli-cached.json")) });
  rows.push({ label: noopJob.label, job: noopJob, summary: () => eslintSummary(path.join(scratch, "noop.json")) });

  const jobs = rows.flatMap((row) => (row.job === undefined ? [] : [row.job]));
  const results = await measure(jobs, scratch);
  printTable("SQL migrations (Prisma layout)", sql, "statements", rows, results, [
    [pluginLabel, noopJob.label],
    [REPLAY_LABEL, noopJob.label],
    [pluginLabel, squawkVersion],
    [cliLabel, squawkVersion],
    [cliLabel, pluginLabel],
    [cachedLabel, squawkVersion],
  ]);
  console.log(`  squawk binary: ${squawk.via}`);
  editorBench({ scratch, eslintBin, pluginFile, noopFile, runs: options.runs });

  if (options.alembic) {
    const alembic = generateAlembicCorpus(scratch, { count: options.alembicFiles });
    const configFile = path.join(scratch, "eslint.alembic.config.js");
    fs.writeFileSync(
      configFile,
      `import migrations from ${JSON.stringify(pathToFileURL(pluginFile).href)};\n\nexport default [...migrations.configs.recommended];\n`,
    );
    const target = path.join("alembic", "versions");
    const pythonLabel = "ESLint + migrations/python (recommended)";
    const pythonJob = eslintJob(pythonLabel, scratch, configFile, target, path.join(scratch, "alembic.json"));
    const floorJob = eslintJob("ESLint + no-op language", scratch, noopConfig, target, path.join(scratch, "alembic-noop.json"));
    const alembicResults = await measure([pythonJob, floorJob], scratch);
    printTable(
      "Alembic versions",
      alembic,
      "operations",
      [
        { label: pythonLabel, job: pythonJob, summary: () => eslintSummary(path.join(scratch, "alembic.json")) },
        { label: floorJob.label, job: floorJob, summary: () => eslintSummary(path.join(scratch, "alembic-noop.json")) },
      ],
      alembicResults,
      [[pythonLabel, floorJob.label]],
    );
  }

  if (options.typed) {
    const typed = typedBench({ scratch, repo, pluginFile, eslintBin, components: options.components });
    const { tsc, rule, floor } = typed.jobs;
    const typedResults = await measure([tsc, rule, floor], scratch);
    printTable(
      `Typed linting: a React + TanStack Query app of ${integer.format(options.components)} components (${integer.format(typed.app.stale)} stale hook calls)`,
      typed.app,
      "hook calls",
      [
        { label: tsc.label, job: tsc, summary: typed.tscSummary },
        { label: rule.label, job: rule, summary: () => eslintSummary(path.join(scratch, "typed-rule.json")) },
        { label: floor.label, job: floor, summary: () => eslintSummary(path.join(scratch, "typed-floor.json")) },
      ],
      typedResults,
      [
        [rule.label, tsc.label],
        [floor.label, tsc.label],
      ],
    );
    const ruleMs = typed.ruleMilliseconds();
    const lastWall = typedResults.get(rule)?.wall.at(-1);
    if (ruleMs !== undefined && lastWall !== undefined) {
      const share = ruleMs / 1000 / lastWall;
      console.log(`  ${rule.label}, last run: the rule itself (TIMING=1) ${(ruleMs / 1000).toFixed(2)} s of ${lastWall.toFixed(2)} s = ${(share * 100).toFixed(1)}% (target: under 10%)`);
    }
    const tscWall = median(typedResults.get(tsc)?.wall ?? []);
    const ruleWall = median(typedResults.get(rule)?.wall ?? []);
    console.log(`  typed ESLint run / tsc --noEmit: ${(ruleWall / tscWall).toFixed(2)}× (target: within 1.3×)`);
  }
} finally {
  if (!options.keep) fs.rmSync(scratch, { recursive: true, force: true });
}
