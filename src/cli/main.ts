import { ESLint } from "eslint";
import { PLUGIN_NAME, PLUGIN_VERSION } from "../meta.js";
import { HELP, parseOptions, readMode, UsageError } from "./options.js";
import { lintBesideProjectConfig, lintWithChosenConfig } from "./config-choice.js";
import { findProjectConfig } from "./project.js";
import { collectFiles } from "./files.js";
import { RecommendedFiles } from "./recommended.js";
import { listSources } from "./sources.js";
import { starterConfig } from "./starter-config.js";
import { lintWithRecommended } from "./zero-config.js";

/**
 * The `eslint-plugin-migrations` (alias `migrations-lint`) command. Resolves to the exit code:
 * 0 no problems, 1 lint errors or too many warnings, 2 a usage, config or internal error.
 */
export async function main(argv: readonly string[], cwd = process.cwd()): Promise<number> {
  try {
    const mode = readMode(argv);
    if (mode.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (mode.version) {
      process.stdout.write(`${PLUGIN_NAME} v${PLUGIN_VERSION} (ESLint v${ESLint.version})\n`);
      return 0;
    }
    if (mode.printConfig || mode.listSources) {
      const options = parseOptions(argv);
      const list = collectFiles(options.paths, cwd, new RecommendedFiles());
      process.stdout.write(mode.printConfig ? starterConfig(list, cwd) : listSources(list, cwd));
      return 0;
    }
    const projectConfig = mode.configLookup && mode.config === undefined ? findProjectConfig(cwd) : null;
    if (mode.since && (mode.config !== undefined || projectConfig !== null)) {
      throw new UsageError(
        `--since picks the changed migrations for the recommended config; with ${mode.config ?? projectConfig ?? ""} pass the changed files to eslint instead, or add --no-config-lookup`,
      );
    }
    if (mode.config !== undefined) return await lintWithChosenConfig(argv, cwd, mode.config);
    if (projectConfig !== null) return await lintBesideProjectConfig(argv, cwd, projectConfig);
    return await lintWithRecommended(parseOptions(argv), cwd);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${PLUGIN_NAME}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`${PLUGIN_NAME} failed:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}
