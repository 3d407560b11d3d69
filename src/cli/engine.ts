import { setImmediate } from "node:timers/promises";
import { ESLint, type Linter } from "eslint";
import type { Dialect } from "../dialects.js";
import { loadModule } from "libpg-query";
import { RecommendedFiles } from "./recommended.js";

/** What a linting thread needs to build the same ESLint as every other thread; cloneable. */
export interface EngineSettings {
  cwd: string;
  fix: boolean;
  /** Files named on the command line outside the recommended globs: absolute path, recommended entry. */
  named: [string, number][];
  /** `--dialect`: set on the SQL language and in `settings.migrations` for the other hosts. */
  dialect?: Dialect | undefined;
  /** ESLint's result cache for this thread (see result-cache.ts), or `null` with `--no-cache`. */
  cache: { file: string; projectFingerprint: string } | null;
}

/**
 * This command runs only the plugin's rules, so a migration's `// eslint-disable-next-line no-console`
 * always looks unused to it: reporting it would be a false alarm, and `--fix` would delete a comment
 * that the project's own lint needs.
 */
const OTHER_RULES_DIRECTIVES: Linter.Config = { linterOptions: { reportUnusedDisableDirectives: "off" } };

/**
 * ESLint with the recommended configs and no config file lookup: the files are already known, so
 * nothing is searched per directory, and nothing is ignored that the walk chose to lint.
 */
export async function createEngine(settings: EngineSettings): Promise<ESLint> {
  const engine = new ESLint({
    cwd: settings.cwd,
    overrideConfigFile: true,
    overrideConfig: [
      ...withCacheKey(withDialect(new RecommendedFiles().configFor(new Map(settings.named)), settings.dialect), settings.cache),
      OTHER_RULES_DIRECTIVES,
    ],
    ignore: false,
    fix: settings.fix,
    // By content, not modification time: a checkout or a rebase touches files without changing them.
    ...(settings.cache === null ? {} : { cache: true, cacheLocation: settings.cache.file, cacheStrategy: "content" as const }),
  });
  // The SQL parser answers from a helper thread until its WebAssembly module has loaded in this
  // one (src/sql/parser.ts); waiting here keeps that extra thread and module out of the run. The
  // macrotask boundary lets the parser's own continuation on the same load run first.
  await loadModule();
  await setImmediate();
  return engine;
}

/** ESLint's cache hashes each file's config; the project's fingerprint in it drops entries when the project changes. */
function withCacheKey(configs: Linter.Config[], cache: EngineSettings["cache"]): Linter.Config[] {
  if (cache === null) return configs;
  return configs.map((config) => ({ ...config, settings: { ...config.settings, "migrations/project-fingerprint": cache.projectFingerprint } }));
}

function withDialect(configs: Linter.Config[], dialect: Dialect | undefined): Linter.Config[] {
  if (dialect === undefined) return configs;
  return configs.map((config) =>
    config.language === "migrations/sql"
      ? { ...config, languageOptions: { ...config.languageOptions, dialect } }
      : { ...config, settings: { ...config.settings, migrations: { dialect } } },
  );
}
