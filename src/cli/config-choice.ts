import path from "node:path";
import { PLUGIN_NAME } from "../meta.js";
import { configCoverage, listFiles } from "./config-coverage.js";
import { collectFiles } from "./files.js";
import { type CliOptions, parseOptions, UsageError } from "./options.js";
import { runEslintCli } from "./project.js";
import { RecommendedFiles } from "./recommended.js";
import { lintWithRecommended } from "./zero-config.js";

const HOW_TO_INCLUDE = "add `...migrations.configs.recommended` (or a block with this plugin's rules for those files) to it";

/**
 * An `eslint.config.*` was found above the working folder. It is used as it is when it lints at least
 * one of the migrations found here with this plugin; a config written for another part of the
 * repository (a frontend's, at a monorepo's root) would ignore them all, so they are linted with the
 * recommended config instead, and one line on stderr says so.
 */
export async function lintBesideProjectConfig(argv: readonly string[], cwd: string, configFile: string): Promise<number> {
  const options = zeroConfigOptions(argv);
  // ESLint options this command does not implement: the user is asking for ESLint with that config.
  if (options === null) return runEslintCli(argv, cwd);
  const migrations = collectFiles(options.paths, cwd, new RecommendedFiles()).files;
  if (migrations.length === 0) return runEslintCli(argv, cwd);
  const shown = path.relative(cwd, configFile);
  let coverage;
  try {
    coverage = await configCoverage(migrations, cwd);
  } catch (error) {
    note(`${shown} could not be loaded (${firstLine(error)}); linted ${count(migrations)} found here with the recommended config instead.`);
    return lintWithRecommended(options, cwd);
  }
  if (coverage.covered.length === 0) {
    note(
      `${shown} does not lint the ${count(migrations)} found here with this plugin; linted ${them(migrations)} with the recommended config instead ` +
        `(to use ${shown}, ${HOW_TO_INCLUDE}; --no-config-lookup skips this check).`,
    );
    return lintWithRecommended(options, cwd);
  }
  if (coverage.uncovered.length > 0) {
    note(`${shown} does not lint ${count(coverage.uncovered)} found here with this plugin (${listFiles(coverage.uncovered, cwd)}); to lint ${them(coverage.uncovered)}, ${HOW_TO_INCLUDE}.`);
  }
  return runEslintCli(argv, cwd);
}

/**
 * `-c <config>`: the user asked for that config, so it is used, but a config that leaves out every
 * migration found here gets an answer that says which and how to include them, not ESLint's
 * "all of the files … are ignored" crash text.
 */
export async function lintWithChosenConfig(argv: readonly string[], cwd: string, configFile: string): Promise<number> {
  const options = zeroConfigOptions(argv);
  if (options === null) return runEslintCli(argv, cwd);
  const migrations = collectFiles(options.paths, cwd, new RecommendedFiles()).files;
  if (migrations.length === 0) return runEslintCli(argv, cwd);
  let coverage;
  try {
    coverage = await configCoverage(migrations, cwd, configFile);
  } catch (error) {
    note(`the config ${configFile} could not be loaded: ${firstLine(error)}`);
    return 2;
  }
  if (coverage.covered.length === 0) {
    note(
      `${configFile} does not lint any of the ${count(migrations)} found here (${listFiles(migrations, cwd)}): its ignores or \`files\` patterns leave them out, ` +
        `or it does not turn on this plugin's rules for them. To lint ${them(migrations)} with it, ${HOW_TO_INCLUDE}; without -c the recommended config lints ${them(migrations)}.`,
    );
    return 2;
  }
  if (coverage.uncovered.length > 0) {
    note(`${configFile} does not lint ${count(coverage.uncovered)} found here (${listFiles(coverage.uncovered, cwd)}); to lint ${them(coverage.uncovered)}, ${HOW_TO_INCLUDE}.`);
  }
  return runEslintCli(argv, cwd);
}

/** The zero-config reading of the command line, or null when it holds options only ESLint's CLI has. */
function zeroConfigOptions(argv: readonly string[]): CliOptions | null {
  try {
    return parseOptions(argv);
  } catch (error) {
    if (error instanceof UsageError) return null;
    throw error;
  }
}

function count(files: readonly string[]): string {
  return files.length === 1 ? "1 migration file" : `${String(files.length)} migration files`;
}

function them(files: readonly string[]): string {
  return files.length === 1 ? "it" : "them";
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim().split("\n", 1)[0] ?? text;
}

function note(text: string): void {
  process.stderr.write(`${PLUGIN_NAME}: ${text}\n`);
}
