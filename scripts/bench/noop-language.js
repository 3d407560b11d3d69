// ESLint's floor for a custom language: parsing returns an empty root and the SourceCode offers no
// directives, comments or tokens. ESLint still finds, reads and reports every file, so timing it
// with this language separates the plugin's cost from ESLint's own.

import { TextDecoder } from "node:util";

/** @typedef {{ type: "Root", range: [number, number], loc: { start: { line: number, column: number }, end: { line: number, column: number } } }} NoopRoot */

/** @type {NoopRoot["loc"]} */
const ORIGIN = { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } };

class NoopSourceCode {
  /**
   * @param {string} text
   * @param {NoopRoot} ast
   */
  constructor(text, ast) {
    this.text = text;
    this.ast = ast;
    this.visitorKeys = noopLanguage.visitorKeys;
  }

  getLoc() {
    return ORIGIN;
  }

  /** @returns {[number, number]} */
  getRange() {
    return [0, 0];
  }

  /** No steps: not even the root is visited, so no rule (there are none) could run. */
  traverse() {
    return [];
  }
}

export const noopLanguage = {
  fileType: /** @type {const} */ ("text"),
  lineStart: /** @type {const} */ (1),
  columnStart: /** @type {const} */ (0),
  nodeTypeKey: "type",
  visitorKeys: { Root: [] },
  defaultLanguageOptions: {},
  validateLanguageOptions() {},
  /** @returns {{ ok: true, ast: NoopRoot }} */
  parse() {
    return { ok: true, ast: { type: "Root", range: [0, 0], loc: ORIGIN } };
  },
  /**
   * @param {{ body: string | Uint8Array }} file
   * @param {{ ast: NoopRoot }} parseResult
   */
  createSourceCode(file, parseResult) {
    const text = typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
    return new NoopSourceCode(text, parseResult.ast);
  },
};

/** A plugin exposing the language as `noop/text`, for any file extension. */
export default {
  meta: { name: "bench-noop", version: "0.0.0" },
  languages: { text: noopLanguage },
  rules: {},
};
