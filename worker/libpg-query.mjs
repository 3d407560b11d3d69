/**
 * Answers libpg-query calls synchronously for `src/sql/parser.ts` (through synckit) while the main
 * thread's copy of the WASM module is still loading. It returns the same outcome shape as the
 * in-process path, so SQL errors cross the thread boundary as data, not as exceptions.
 * (`tsconfig.json` beside this file lets the type-aware lint and `tsc` check it through JSDoc.)
 */
import { hasSqlDetails, loadModule, parsePlPgSQLSync, parseSync, scanSync } from "libpg-query";
import { runAsWorker } from "synckit";

const operations = { parse: parseSync, scan: scanSync, plpgsql: parsePlPgSQLSync };

/**
 * @param {keyof typeof operations} operation
 * @param {string} text
 */
async function answer(operation, text) {
  await loadModule();
  try {
    return { ok: true, value: operations[operation](text) };
  } catch (error) {
    return {
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      cursorPosition: hasSqlDetails(error) ? (error.sqlDetails?.cursorPosition ?? null) : null,
    };
  }
}

runAsWorker(answer);
