// Docs that cannot drift from the rules' metadata. scripts/docs/rules-table.js (eslint-doc-generator)
// owns the README's rules table, each rule doc's header (title, description, configs, fixable,
// suggestions, type-checked, configurable) and the options table in its "Options" section; its
// --check fails on any difference. The checks here cover what it does not: every rule in
// `plugin.rules` has its source and doc side by side and a `meta.docs.url` pointing at that doc.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import plugin from "../../src/index.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const script = path.join(repo, "scripts/docs/rules-table.js");
const OPTIONS_LIST = "<!-- begin auto-generated rule options list -->";

const packageJson = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")) as {
  repository?: { url?: string };
  files?: string[];
};
/** https://github.com/owner/name, from package.json's `repository.url` (git+https://…/name.git). */
const repositoryWeb = (packageJson.repository?.url ?? "").replace(/^git\+/u, "").replace(/\.git$/u, "");

const rules = Object.entries(plugin.rules);

/** The named options of a rule's schema: the properties of its object-valued entries. */
function optionNames(schema: unknown): string[] {
  const entries: unknown[] = Array.isArray(schema) ? schema : [schema];
  return entries.flatMap((entry) =>
    typeof entry === "object" && entry !== null && "properties" in entry && typeof entry.properties === "object" && entry.properties !== null
      ? Object.keys(entry.properties)
      : [],
  );
}
const scratch: string[] = [];

afterAll(() => {
  for (const directory of scratch) {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

function runCheck(root: string) {
  const run = spawnSync(process.execPath, [script, "--check", root], { cwd: repo, encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A copy of what the generator reads (package.json, README, rule docs) beside the real dist/. */
function copyOfDocs(edit: (name: string, text: string) => string) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-docs-"));
  scratch.push(root);
  fs.mkdirSync(path.join(root, "rules"));
  fs.symlinkSync(path.join(repo, "dist"), path.join(root, "dist"));
  for (const name of ["package.json", "README.md", ...rules.map(([rule]) => `rules/${rule}.md`)]) {
    fs.writeFileSync(path.join(root, name), edit(name, fs.readFileSync(path.join(repo, name), "utf8")));
  }
  return root;
}

describe("README and rule docs agree with the rules' metadata", () => {
  it("`scripts/docs/rules-table.js --check` finds nothing to change (run `npm run docs` if it does)", () => {
    const { status, output } = runCheck(repo);
    expect(output).toBe("");
    expect(status).toBe(0);
  });

  it("the check fails when the README's table says something the metadata does not", () => {
    const description = rules[0]?.[1].meta?.docs?.description ?? "";
    expect(description).not.toBe("");
    const root = copyOfDocs((file, text) => (file === "README.md" ? text.replace(`| ${description}`, "| Something else") : text));
    const { status, output } = runCheck(root);
    expect(status).toBe(1);
    expect(output).toContain("The rules table in README.md is out-of-date.");
  });

  it("the check fails when a rule doc leaves out an option", () => {
    const [name, option] =
      rules.flatMap(([rule, definition]) => optionNames(definition.meta?.schema).map((candidate) => [rule, candidate] as const))[0] ?? [];
    expect(option).toBeDefined();
    const doc = `rules/${String(name)}.md`;
    const root = copyOfDocs((file, text) => (file === doc ? text.replaceAll(String(option), "somethingElse") : text));
    const { status, output } = runCheck(root);
    expect(status).toBe(1);
    expect(output).toContain(`A rule doc is out-of-date: ${doc}`);
  });
});

describe.each(rules)("rule %s", (name, rule) => {
  const docs = rule.meta?.docs;

  it("has its source and its doc side by side in rules/, and the doc is published", () => {
    expect(fs.existsSync(path.join(repo, "rules", `${name}.ts`))).toBe(true);
    expect(fs.existsSync(path.join(repo, "rules", `${name}.md`))).toBe(true);
    expect(packageJson.files).toContain("rules/*.md");
  });

  it("links its doc from meta.docs.url", () => {
    expect(repositoryWeb).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+$/u);
    expect(docs?.url).toBe(`${repositoryWeb}/blob/main/rules/${name}.md`);
  });

  it("has a one-sentence description without a final period (the generator adds it)", () => {
    expect(docs?.description).toMatch(/^[A-Z][^.]*[^.\s]$/u);
  });

  it("has a generated options table when it takes options", () => {
    const doc = fs.readFileSync(path.join(repo, "rules", `${name}.md`), "utf8");
    expect(doc.includes(OPTIONS_LIST)).toBe(optionNames(rule.meta?.schema).length > 0);
  });
});

describe("rules/", () => {
  it("holds exactly the rules that plugin.rules exports, each with its doc", () => {
    const files = fs.readdirSync(path.join(repo, "rules")).filter((file) => /\.(?:ts|md)$/u.test(file));
    const names = rules.map(([name]) => name);
    expect(files.sort()).toEqual(names.flatMap((name) => [`${name}.md`, `${name}.ts`]).sort());
  });
});
