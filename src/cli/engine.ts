import { setImmediate } from "node:timers/promises";
import { ESLint } from "eslint";
import { loadModule } from "libpg-query";
import { RecommendedFiles } from "./recommended.js";

/** What a linting thread needs to build the same ESLint as every other thread; cloneable. */
export interface EngineSettings {
  cwd: string;
  fix: boolean;
  /** Files named on the command line outside the recommended globs: absolute path, recommended entry. */
  named: [string, number][];
}

/**
 * ESLint with the recommended configs and no config file lookup: the files are already known, so
 * nothing is searched per directory, and nothing is ignored that the walk chose to lint.
 */
export async function createEngine(settings: EngineSettings): Promise<ESLint> {
  const engine = new ESLint({
    cwd: settings.cwd,
    overrideConfigFile: true,
    overrideConfig: new RecommendedFiles().configFor(new Map(settings.named)),
    ignore: false,
    fix: settings.fix,
  });
  // The SQL parser answers from a helper thread until its WebAssembly module has loaded in this
  // one (src/sql/parser.ts); waiting here keeps that extra thread and module out of the run. The
  // macrotask boundary lets the parser's own continuation on the same load run first.
  await loadModule();
  await setImmediate();
  return engine;
}
