#!/usr/bin/env node
// Lints the example Alembic project in fixtures/alembic-project with the plugin's recommended
// config, then the React app in fixtures/react-query-app with configs["recommended-type-checked"],
// and shows what `eslint --fix` would change in each, without writing anything.
//
//   npm run demo            (after `npm install`, whose `prepare` script builds dist/)

import console from "node:console";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { styleText } from "node:util";
import { ESLint } from "eslint";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pluginFile = path.join(root, "dist", "src", "index.js");
const projectDir = path.join(root, "fixtures", "alembic-project");
const target = "alembic/versions";
const CONTEXT_LINES = 1;

const useColor = process.stdout.isTTY && process.env.NO_COLOR === undefined && process.env.TERM !== "dumb";
/** @type {(format: Parameters<typeof styleText>[0], text: string) => string} */
const paint = (format, text) => (useColor ? styleText(format, text) : text);

if (!fs.existsSync(pluginFile)) {
  console.error(
    `The plugin has not been built: ${path.relative(root, pluginFile)} is missing.\n` +
      "Run `npm run build` first (`npm install` does it too, through the `prepare` script).",
  );
  process.exit(1);
}

const { default: plugin } = await import(pathToFileURL(pluginFile).href);

/** @param {boolean} fix */
function createESLint(fix) {
  return new ESLint({
    cwd: projectDir,
    overrideConfigFile: true,
    overrideConfig: plugin.configs.recommended,
    fix,
  });
}

/** @param {string} file */
const displayPath = (file) => path.relative(projectDir, file).split(path.sep).join("/");

/** @param {ESLint.LintResult[]} results */
const countProblems = (results) => results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);

/**
 * A line diff of two texts as a list of kept (" "), removed ("-") and added ("+") lines, from the
 * longest common subsequence of their lines.
 * @param {string[]} before
 * @param {string[]} after
 * @returns {{ kind: " " | "-" | "+", text: string }[]}
 */
function diffLines(before, after) {
  const n = before.length;
  const m = after.length;
  // lcs[i][j]: length of the LCS of before[i..] and after[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  /** @type {{ kind: " " | "-" | "+", text: string }[]} */
  const ops = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      ops.push({ kind: " ", text: before[i] });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // On a tie take the removal first, so that a changed line prints as `-old` then `+new`.
      ops.push({ kind: "-", text: before[i] });
      i++;
    } else {
      ops.push({ kind: "+", text: after[j] });
      j++;
    }
  }
  return ops;
}

/**
 * A unified diff (`@@ -a,b +c,d @@` hunks with CONTEXT_LINES lines of context).
 * @param {string} name
 * @param {string} before
 * @param {string} after
 */
function unifiedDiff(name, before, after) {
  const ops = diffLines(before.split("\n"), after.split("\n"));
  const changed = ops.flatMap((op, index) => (op.kind === " " ? [] : [index]));
  /** @type {[number, number][]} */
  const ranges = [];
  for (const index of changed) {
    const start = Math.max(0, index - CONTEXT_LINES);
    const end = Math.min(ops.length, index + CONTEXT_LINES + 1);
    const last = ranges.at(-1);
    if (last && start <= last[1]) {
      last[1] = Math.max(last[1], end);
    } else {
      ranges.push([start, end]);
    }
  }
  // 1-based line numbers in the old and new text at the start of each op.
  const oldLine = [];
  const newLine = [];
  let a = 1;
  let b = 1;
  for (const op of ops) {
    oldLine.push(a);
    newLine.push(b);
    if (op.kind !== "+") a++;
    if (op.kind !== "-") b++;
  }
  const out = [paint("bold", `--- a/${name}`), paint("bold", `+++ b/${name} (fixed)`)];
  for (const [start, end] of ranges) {
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((op) => op.kind !== "+").length;
    const newCount = hunk.filter((op) => op.kind !== "-").length;
    out.push(paint("cyan", `@@ -${oldLine[start]},${oldCount} +${newLine[start]},${newCount} @@`));
    for (const op of hunk) {
      const line = `${op.kind}${op.text}`;
      out.push(op.kind === "+" ? paint("green", line) : op.kind === "-" ? paint("red", line) : line);
    }
  }
  return out.join("\n");
}

console.log(paint("bold", `eslint-plugin-migrations demo: linting ${target}/ in ${path.relative(root, projectDir)}`));

const linter = createESLint(false);
const results = await linter.lintFiles([target]);
const found = countProblems(results);
const formatter = await linter.loadFormatter("stylish");
const report = await formatter.format(results, { color: useColor });
console.log(report.trim() === "" ? "No problems found." : report);

/**
 * Prints the diff of each file `eslint --fix` would change, from results linted with `fix: true`.
 * @param {ESLint.LintResult[]} results
 * @param {(file: string) => string} name
 */
const printFixes = (results, name) => {
  const fixedFiles = results.filter((result) => typeof result.output === "string");
  if (fixedFiles.length === 0) {
    return;
  }
  console.log(paint("bold", "What `eslint --fix` would change (nothing is written):"));
  for (const result of fixedFiles) {
    const original = fs.readFileSync(result.filePath, "utf8");
    console.log(`\n${unifiedDiff(name(result.filePath), original, /** @type {string} */ (result.output))}`);
  }
  console.log("");
};

const fixedResults = await createESLint(true).lintFiles([target]);
const remaining = countProblems(fixedResults);
printFixes(fixedResults, displayPath);

/**
 * @param {number} found
 * @param {number} remaining
 */
const fixSummary = (found, remaining) => {
  const summary = `${found} ${found === 1 ? "problem" : "problems"} found, ${found - remaining} fixed automatically`;
  return paint("bold", remaining > 0 ? `${summary}, ${remaining} left to fix by hand.` : `${summary}.`);
};
console.log(fixSummary(found, remaining));

// Part two: migrations/hook-call-signature on a React + TanStack Query app whose `useApps` hook
// changed signature, with typed linting through the project's own tsconfig.json.
const appDir = path.join(root, "fixtures", "react-query-app");
/** @param {boolean} fix */
const createTypedESLint = (fix) =>
  new ESLint({ cwd: appDir, overrideConfigFile: true, overrideConfig: plugin.configs["recommended-type-checked"], fix });
/** @param {string} file */
const appPath = (file) => path.relative(appDir, file).split(path.sep).join("/");

console.log(
  "\n" + paint("bold", `eslint-plugin-migrations demo: linting ${path.relative(root, appDir)} with configs["recommended-type-checked"]`),
);
const appResults = await createTypedESLint(false).lintFiles(["."]);
const appFound = countProblems(appResults);
const appReport = await formatter.format(appResults, { color: useColor });
console.log(appReport.trim() === "" ? "No problems found." : appReport);

const suggestions = appResults.flatMap((result) =>
  result.messages.flatMap((message) =>
    (message.suggestions ?? []).map((suggestion) => `  ${appPath(result.filePath)}:${message.line}:${message.column}  ${suggestion.desc}`),
  ),
);
if (suggestions.length > 0) {
  console.log(paint("bold", "Suggestions (from the editor's quick-fix menu; `--fix` does not apply them):"));
  console.log(`${suggestions.join("\n")}\n`);
}

const appFixed = await createTypedESLint(true).lintFiles(["."]);
const appRemaining = countProblems(appFixed);
printFixes(appFixed, appPath);
console.log(fixSummary(appFound, appRemaining));
