// The typed part of `npm run bench -- --typed`: migrations/hook-call-signature alone in a typed
// ESLint run, next to `tsc --noEmit` on the same generated React app, and next to the same ESLint
// run with no rule at all (what typed parsing costs by itself). TIMING=1 gives the rule's own time.
// HOOK_CALL_SIGNATURE_OPTIONS='{"checkLibraryHooks":true}' runs the rule with those options.

import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { generateTypedApp } from "./typed-corpus.js";

export const RULE_ID = "migrations/hook-call-signature";

/**
 * @typedef {{ label: string, command: string, args: string[], cwd: string, node: boolean,
 *   okStatus: number[], stdoutFile?: string, env?: Record<string, string> }} Job
 */

/**
 * Generates the app and describes the three jobs.
 * @param {{ scratch: string, repo: string, pluginFile: string, eslintBin: string, components: number }} setup
 */
export function typedBench({ scratch, repo, pluginFile, eslintBin, components }) {
  const app = generateTypedApp(scratch, path.join(repo, "node_modules"), { components });
  const parserUrl = pathToFileURL(path.join(repo, "node_modules", "@typescript-eslint", "parser", "dist", "index.js")).href;
  /** @param {string} name @param {Record<string, string>} rules */
  const config = (name, rules) => {
    const file = path.join(scratch, `eslint.${name}.config.js`);
    fs.writeFileSync(
      file,
      `import migrations from ${JSON.stringify(pathToFileURL(pluginFile).href)};\n` +
        `import parser from ${JSON.stringify(parserUrl)};\n\n` +
        `export default [{\n  files: ["**/*.{ts,tsx}"],\n  plugins: { migrations },\n` +
        `  languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: ${JSON.stringify(app.root)} } },\n` +
        `  rules: ${JSON.stringify(rules)},\n}];\n`,
    );
    return file;
  };
  /** @param {string} label @param {string} configFile @param {string} name @returns {Job} */
  const eslint = (label, configFile, name) => ({
    label,
    command: process.execPath,
    args: [eslintBin, "--config", configFile, "--format", "json", "--output-file", path.join(scratch, `${name}.json`), "src"],
    cwd: app.root,
    node: true,
    okStatus: [0, 1],
    // TIMING prints its table of rule times on stdout; the findings go to the JSON file.
    stdoutFile: path.join(scratch, `${name}.timing.txt`),
    env: { TIMING: "1" },
  });
  const typescriptVersion = JSON.parse(fs.readFileSync(path.join(repo, "node_modules", "typescript", "package.json"), "utf8")).version;
  /** @type {Job} */
  const tsc = {
    label: `tsc --noEmit (TypeScript ${typescriptVersion})`,
    command: process.execPath,
    args: [path.join(repo, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."],
    cwd: app.root,
    node: true,
    // 2: type errors found (the generated stale calls).
    okStatus: [0, 1, 2],
    stdoutFile: path.join(scratch, "tsc.txt"),
  };
  const ruleOptions = ruleOptionsFromEnvironment();
  const rule = eslint(
    `ESLint typed, ${RULE_ID} only${ruleOptions === null ? "" : ` ${JSON.stringify(ruleOptions)}`}`,
    config("typed-rule", { [RULE_ID]: ruleOptions === null ? "error" : ["error", ruleOptions] }),
    "typed-rule",
  );
  const floor = eslint("ESLint typed, no rules", config("typed-floor", {}), "typed-floor");
  return {
    app,
    jobs: { tsc, rule, floor },
    /** @returns {string} */
    tscSummary: () => {
      const errors = fs.readFileSync(path.join(scratch, "tsc.txt"), "utf8").match(/error TS\d+/g) ?? [];
      return `${errors.length} type errors`;
    },
    /**
     * The rule's own milliseconds in the last run, from ESLint's TIMING table.
     * @returns {number | undefined}
     */
    ruleMilliseconds: () => {
      const table = fs.readFileSync(path.join(scratch, "typed-rule.timing.txt"), "utf8");
      const row = table.split("\n").find((line) => line.startsWith(RULE_ID));
      const cell = row?.split("|")[1];
      return cell === undefined ? undefined : Number(cell.trim());
    },
  };
}

/**
 * The rule's options from HOOK_CALL_SIGNATURE_OPTIONS (a JSON object), or null for its defaults.
 * @returns {Record<string, unknown> | null}
 */
function ruleOptionsFromEnvironment() {
  const text = process.env.HOOK_CALL_SIGNATURE_OPTIONS;
  if (text === undefined || text === "") return null;
  /** @type {unknown} */
  const options = JSON.parse(text);
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new Error(`HOOK_CALL_SIGNATURE_OPTIONS must be a JSON object, not ${text}`);
  }
  return /** @type {Record<string, unknown>} */ (options);
}
