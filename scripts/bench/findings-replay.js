// ESLint's own cost of the plugin's findings: a language that parses nothing and one rule that
// reports, file by file, exactly the problems the plugin reported (same locations, messages, fixes
// and suggestions), read from the plugin's JSON output. Timed beside the no-op floor, the
// difference is what ESLint spends building, filtering and formatting that many findings, which no
// change to the plugin's analysis can remove.

import fs from "node:fs";
import path from "node:path";
import { TextDecoder } from "node:util";
import { TextSourceCodeBase, VisitNodeStep } from "@eslint/plugin-kit";

/**
 * One finding: line, column, end line, end column (ESLint's 1-based columns), message, fix, suggestions.
 * @typedef {{ range: [number, number], text: string }} Fix
 * @typedef {[number, number, number, number, string, Fix | null, { desc: string, fix: Fix }[] | null]} Finding
 */

/**
 * Writes the findings of ESLint's JSON output `resultsFile` into `findingsDir`, one file per linted
 * file, so that the rule reads only the linted file's findings and the run holds no more of them
 * than the plugin's own run does.
 * @param {string} resultsFile
 * @param {string} findingsDir
 * @returns {number} how many findings
 */
export function writeFindings(resultsFile, findingsDir) {
  /** @type {{ filePath: string, messages: { line: number, column: number, endLine?: number, endColumn?: number, message: string, fix?: Fix, suggestions?: { desc: string, fix: Fix }[] }[] }[]} */
  const results = JSON.parse(fs.readFileSync(resultsFile, "utf8"));
  fs.mkdirSync(findingsDir, { recursive: true });
  let count = 0;
  for (const result of results) {
    /** @type {Finding[]} */
    const found = result.messages.map((message) => [
      message.line,
      message.column,
      message.endLine ?? message.line,
      message.endColumn ?? message.column,
      message.message,
      message.fix ?? null,
      message.suggestions?.map(({ desc, fix }) => ({ desc, fix })) ?? null,
    ]);
    count += found.length;
    fs.writeFileSync(findingsFileOf(findingsDir, result.filePath), JSON.stringify(found));
  }
  return count;
}

/** @param {string} findingsDir @param {string} linted */
function findingsFileOf(findingsDir, linted) {
  return path.join(findingsDir, `${encodeURIComponent(linted)}.json`);
}

class ReplaySourceCode extends TextSourceCodeBase {
  /** Visits the root only: the rule reports everything from there. */
  *traverse() {
    yield new VisitNodeStep({ target: this.ast, phase: 1, args: [this.ast, null] });
  }
}

const language = {
  fileType: /** @type {const} */ ("text"),
  lineStart: /** @type {const} */ (1),
  columnStart: /** @type {const} */ (0),
  nodeTypeKey: "type",
  visitorKeys: { Root: [] },
  defaultLanguageOptions: {},
  validateLanguageOptions() {},
  /** @param {{ body: string | Uint8Array }} file */
  parse(file) {
    const text = typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
    return { ok: true, ast: { type: "Root", range: [0, text.length], loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } } } };
  },
  /** @param {{ body: string | Uint8Array }} file @param {{ ast: { type: string } }} parseResult */
  createSourceCode(file, parseResult) {
    const text = typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
    return new ReplaySourceCode({ text, ast: parseResult.ast });
  },
};

/** @type {import("eslint").Rule.RuleModule} */
const findings = {
  meta: { type: "problem", fixable: "code", hasSuggestions: true, schema: [{ type: "string" }] },
  create(context) {
    const file = findingsFileOf(/** @type {string} */ (context.options[0]), context.physicalFilename);
    /** @type {Finding[]} */
    const mine = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : [];
    return {
      Root() {
        for (const [line, column, endLine, endColumn, message, fix, suggestions] of mine) {
          context.report({
            loc: { start: { line, column: column - 1 }, end: { line: endLine, column: endColumn - 1 } },
            message,
            fix: fix === null ? null : (fixer) => fixer.replaceTextRange(fix.range, fix.text),
            suggest: suggestions?.map(({ desc, fix: suggested }) => ({ desc, fix: (fixer) => fixer.replaceTextRange(suggested.range, suggested.text) })),
          });
        }
      },
    };
  },
};

export default {
  meta: { name: "bench-findings-replay", version: "0.0.0" },
  languages: { text: language },
  rules: { findings },
};
