#!/usr/bin/env node
// Writes the README's rules table, the generated header of each rules/<name>.md and the options
// table in its "Options" section, all from the rules' metadata, with eslint-doc-generator.
// `--check` writes nothing and fails with a diff when any of them is out of date, or when a rule
// doc lacks an "Options" section mentioning each option (test/docs/rule-docs.test.ts runs it in
// `npm test`). The plugin is read as users get it, through package.json from dist/, so build first:
//
//   npm run docs                                  (builds, then writes)
//   node scripts/docs/rules-table.js --check [plugin-root]

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const generatorPackage = require.resolve("eslint-doc-generator/package.json");
/** @type {{ bin: Record<string, string> }} */
const { bin } = require(generatorPackage);
const generatorBin = path.join(path.dirname(generatorPackage), bin["eslint-doc-generator"] ?? "");

/** Where our docs differ from eslint-doc-generator's defaults. */
const options = [
  // Each rule's doc lives beside its source, not in docs/rules/.
  ["--path-rule-doc", "rules/{name}.md"],
  ["--path-rule-list", "README.md"],
  ["--rule-doc-title-format", "prefix-name"],
  // Name, description, the configs that enable it, 🔧 fixable, 💡 suggestions, 💭 type-checked.
  ["--rule-list-columns", "name,description,configsError,configsWarn,configsOff,fixable,hasSuggestions,requiresTypeChecking,deprecated"],
  ["--rule-doc-notices", "description,deprecated,configs,fixableAndHasSuggestions,requiresTypeChecking,options"],
].flat();

const args = process.argv.slice(2);
const check = args.includes("--check");
const root = path.resolve(args.find((arg) => !arg.startsWith("--")) ?? repo);
// The root goes first: `--check` takes an optional value and would swallow an argument after it.
const run = spawnSync(process.execPath, [generatorBin, root, ...options, ...(check ? ["--check"] : [])], {
  cwd: root,
  stdio: "inherit",
});
process.exitCode = run.status ?? 1;
