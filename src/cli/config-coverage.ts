import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { PLUGIN_NAME } from "../meta.js";

/** Which of the migration files the command found a project's ESLint config lints with this plugin. */
export interface ConfigCoverage {
  covered: string[];
  /** Ignored by the config, matched by none of its blocks, or matched with every rule of this plugin off. */
  uncovered: string[];
}

/**
 * Asks ESLint itself, with the config it would use (`configFile`, or its own lookup), what it would do
 * with each file: the answer must match what `eslint` then does, including ignores and `files` globs.
 * Throws when the config cannot be loaded (a syntax error, a plugin that is not installed).
 */
export async function configCoverage(files: readonly string[], cwd: string, configFile?: string): Promise<ConfigCoverage> {
  const engine = new ESLint(configFile === undefined ? { cwd } : { cwd, overrideConfigFile: path.resolve(cwd, configFile) });
  const coverage: ConfigCoverage = { covered: [], uncovered: [] };
  for (const file of files) {
    const applied = !(await engine.isPathIgnored(file)) && appliesThisPlugin((await engine.calculateConfigForFile(file)) as Linter.Config | undefined);
    (applied ? coverage.covered : coverage.uncovered).push(file);
  }
  return coverage;
}

/**
 * A config applies the plugin when one of its namespaces holds this plugin (by its meta name, so a
 * copy installed under any namespace counts) and turns at least one of that namespace's rules on.
 */
function appliesThisPlugin(config: Linter.Config | undefined): boolean {
  if (!config) return false;
  const namespaces = Object.entries(config.plugins ?? {})
    .filter(([, plugin]) => plugin.meta?.name === PLUGIN_NAME)
    .map(([namespace]) => `${namespace}/`);
  return Object.entries(config.rules ?? {}).some(([ruleId, entry]) => namespaces.some((namespace) => ruleId.startsWith(namespace)) && isOn(entry));
}

function isOn(entry: Linter.RuleEntry | undefined): boolean {
  const severity = Array.isArray(entry) ? entry[0] : entry;
  return severity !== undefined && severity !== 0 && severity !== "off";
}

/** At most `limit` paths relative to `cwd`, then how many more: a message stays one readable line. */
export function listFiles(files: readonly string[], cwd: string, limit = 3): string {
  const shown = files.slice(0, limit).map((file) => path.relative(cwd, file) || ".");
  const rest = files.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${String(rest)} more` : shown.join(", ");
}
