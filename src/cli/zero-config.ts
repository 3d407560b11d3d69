import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import { createEngine, type EngineSettings } from "./engine.js";
import { collectFiles, type FileList } from "./files.js";
import type { CliOptions, Concurrency } from "./options.js";
import { lintOnThreads } from "./pool.js";
import { Progress } from "./progress.js";
import { defaultCacheLocation, projectFingerprint, threadCacheFile } from "./result-cache.js";
import { RecommendedFiles } from "./recommended.js";
import { changedSince } from "./since.js";
import { configsRead } from "./sources.js";
import { unreadableResults } from "./unreadable-results.js";
import { writeFixes } from "./write-fixes.js";

/**
 * Below this many files a second thread costs more than it saves: each thread loads ESLint, the
 * plugin and the SQL parser's WebAssembly module (about a third of a second of CPU).
 */
const FILES_PER_THREAD = 150;

/**
 * Lints with the recommended configs and no config file, the way `eslint` would with a config of
 * `...migrations.configs.recommended`: same results, same formatters, same exit codes.
 */
export async function lintWithRecommended(options: CliOptions, cwd: string): Promise<number> {
  const recommended = new RecommendedFiles();
  const list = collectFiles(options.paths, cwd, recommended);
  if (options.since !== undefined) onlyChanged(list, changedSince(options.since, cwd));
  for (const link of list.outsideLinks) {
    process.stderr.write(`Skipped ${link}: a symbolic link that leads outside the folders being linted, which the command never reads or fixes.\n`);
  }
  if (list.unmatched.length > 0 && options.errorOnUnmatchedPattern) {
    const globs = recommended.configs.flatMap((config) => config.files ?? []).flat();
    for (const pattern of list.unmatched) {
      process.stderr.write(`No files matching the pattern "${pattern}" were found.\n`);
    }
    process.stderr.write(
      `eslint-plugin-migrations looks for migrations in ${globs.filter((glob) => typeof glob === "string").join(", ")}; ` +
        "name a file to lint it anyway, or pass --no-error-on-unmatched-pattern.\n",
    );
    process.stderr.write(`${configsRead(list.configs, cwd)}\n`);
    return 2;
  }

  const threads = threadCount(options.concurrency, list.files.length);
  const cacheLocation = options.cacheLocation === undefined ? defaultCacheLocation(cwd, process.env) : options.cacheLocation;
  const fingerprint = cacheLocation === null ? "" : projectFingerprint(list.configs, list.files, cwd);
  const settingsFor = (thread: number): EngineSettings => ({
    cwd,
    fix: options.fix,
    named: [...list.named],
    dialect: options.dialect,
    cache: cacheLocation === null ? null : { file: threadCacheFile(path.resolve(cwd, cacheLocation), thread, threads), projectFingerprint: fingerprint },
  });
  const engine = await createEngine(settingsFor(0));
  // Before linting, unlike ESLint: a misspelt formatter should not cost a whole run.
  let formatter: ESLint.LoadedFormatter;
  try {
    formatter = await engine.loadFormatter(options.format);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  // ESLint itself answers for files no config can lint ("File ignored because no matching configuration…").
  const files = [...list.files, ...list.unlintable];
  const progress = new Progress(process.stderr, files.length);
  let results: ESLint.LintResult[];
  try {
    results = await lintOnThreads(files, engine, settingsFor, threads, (linted) => {
      progress.update(linted);
    });
  } finally {
    progress.end();
  }
  results = results.concat(unreadableResults(list));
  if (options.fix) {
    for (const file of await writeFixes(results, list.boundaries)) {
      process.stderr.write(`Did not write the fix of ${file}: it no longer resolves inside the folder it was linted in.\n`);
    }
  }

  // Formatters ask the engine for rule metadata, which it keeps per loaded config; the workers
  // did the linting, so load it here.
  if (files[0] !== undefined) await engine.calculateConfigForFile(files[0]);
  const counts = { errorCount: 0, fatalErrorCount: 0, warningCount: 0 };
  for (const result of results) {
    counts.errorCount += result.errorCount;
    counts.fatalErrorCount += result.fatalErrorCount;
    counts.warningCount += result.warningCount;
  }
  const tooManyWarnings = options.maxWarnings >= 0 && counts.warningCount > options.maxWarnings;
  const meta: ESLint.ResultsMeta & { color?: boolean } = {};
  if (options.color !== undefined) meta.color = options.color;
  if (tooManyWarnings) meta.maxWarningsExceeded = { maxWarnings: options.maxWarnings, foundWarnings: counts.warningCount };

  const output = await formatter.format(options.quiet ? ESLint.getErrorResults(results) : results, meta);
  if (options.outputFile !== undefined) {
    const file = path.resolve(cwd, options.outputFile);
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, output);
    } catch (error) {
      process.stderr.write(`There was a problem writing the output file:\n${String(error)}\n`);
      return 2;
    }
  } else if (output !== "") {
    // As ESLint's CLI prints it (console.log), so the two outputs compare byte for byte.
    process.stdout.write(`${output}\n`);
  }
  if (counts.errorCount === 0 && tooManyWarnings) {
    process.stderr.write(`ESLint found too many warnings (maximum: ${options.maxWarnings}).\n`);
  }
  return counts.errorCount > 0 || tooManyWarnings ? 1 : 0;
}

/**
 * Keeps the migrations git reports as changed. A folder that holds migrations, none of them changed,
 * is not "unmatched": the run lints nothing and exits with 0, as a pull request without migrations should.
 */
function onlyChanged(list: FileList, changed: ReadonlySet<string>): void {
  list.files = list.files.filter((file) => changed.has(file));
  for (const file of list.named.keys()) if (!changed.has(file)) list.named.delete(file);
  list.unreadableFiles = list.unreadableFiles.filter((file) => changed.has(file.path));
}

function threadCount(concurrency: Concurrency, files: number): number {
  if (concurrency === "off") return 1;
  if (typeof concurrency === "number") return concurrency;
  return Math.max(1, Math.min(os.availableParallelism(), Math.floor(files / FILES_PER_THREAD)));
}
