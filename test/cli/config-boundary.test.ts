// When repository code runs: an eslint.config.* is code, so the command looks for one only up to
// the repository root (and, outside any repository, only in the working directory), and the
// documented pre-commit hooks never load one. Each config here leaves a marker file when it is
// loaded, so the test sees whether it ran.

import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliBin, findings, linkPlugin, makeProject, repo, requireBuild, runCli, runNode } from "./run-cli.js";

const UNSAFE = "CREATE INDEX ix_b ON t (b);\n";
const FIXED = "CREATE INDEX IF NOT EXISTS ix_b ON t (b);\n";
const FINDING = {
  ruleId: "migrations/idempotent-ddl",
  severity: 2,
  message:
    "CREATE INDEX ix_b is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"ix_b\" already exists'. Add `IF NOT EXISTS` so that a retry skips it.",
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 27,
};

/** A config that records being loaded beside itself, then lints migrations with the rule as a warning. */
const MARKING_CONFIG = `import fs from "node:fs";
import migrations from "eslint-plugin-migrations";

fs.writeFileSync(new URL("./config-ran", import.meta.url), "");
export default [{ ...migrations.configs.recommended[1], rules: { "migrations/idempotent-ddl": "warn" } }];
`;

const roots: string[] = [];

beforeAll(requireBuild);
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = makeProject(files);
  roots.push(root);
  linkPlugin(root);
  return root;
}

describe("the config lookup", () => {
  it("does not run a config above the repository root", () => {
    const top = tree({ "eslint.config.js": MARKING_CONFIG, "repo/.git/HEAD": "ref: refs/heads/main\n", "repo/migrations/0001.sql": UNSAFE });
    const run = runCli(["--format", "json"], path.join(top, "repo"));
    expect(run.status, run.stderr).toBe(1);
    expect(findings(run.stdout, path.join(top, "repo"))).toEqual([{ file: "migrations/0001.sql", messages: [FINDING] }]);
    expect(fs.existsSync(path.join(top, "config-ran"))).toBe(false);
  });

  it("outside any repository, does not run a config in a parent folder", () => {
    const top = tree({ "eslint.config.js": MARKING_CONFIG, "work/migrations/0001.sql": UNSAFE });
    const run = runCli(["--format", "json"], path.join(top, "work"));
    expect(run.status, run.stderr).toBe(1);
    expect(findings(run.stdout, path.join(top, "work"))).toEqual([{ file: "migrations/0001.sql", messages: [FINDING] }]);
    expect(fs.existsSync(path.join(top, "config-ran"))).toBe(false);
  });

  it("runs the repository's own config from a subfolder", () => {
    const top = tree({ ".git/HEAD": "ref: refs/heads/main\n", "eslint.config.js": MARKING_CONFIG, "backend/migrations/0001.sql": UNSAFE });
    const run = runCli(["--format", "json", "."], path.join(top, "backend"));
    expect(run.status, run.stderr).toBe(0);
    expect(findings(run.stdout, path.join(top, "backend"))).toEqual([{ file: "migrations/0001.sql", messages: [{ ...FINDING, severity: 1 }] }]);
    expect(fs.existsSync(path.join(top, "config-ran"))).toBe(true);
  });
});

describe("with the repository's config", () => {
  it("ESLint's CLI is told to ignore links that leave the working directory, so --fix writes only inside", () => {
    const top = tree({
      "outside/secret.sql": UNSAFE,
      "repo/.git/HEAD": "ref: refs/heads/main\n",
      "repo/eslint.config.js": MARKING_CONFIG,
      "repo/migrations/0001.sql": UNSAFE,
    });
    const project = path.join(top, "repo");
    linkPlugin(project);
    fs.symlinkSync("../../outside/secret.sql", path.join(project, "migrations/0002.sql"));
    fs.symlinkSync("/etc/passwd", path.join(project, "migrations/0003.sql"));

    const run = runCli(["--fix", "--format", "json", "."], project);

    expect(run.status, run.stderr).toBe(0);
    // With a config, ESLint also lints JavaScript files such as the config itself.
    expect(findings(run.stdout, project)).toEqual([
      { file: "eslint.config.js", messages: [] },
      { file: "migrations/0001.sql", messages: [] },
    ]);
    const skipped = (link: string) =>
      `Skipped ${link}: a symbolic link that leads outside the folders being linted, which the command never reads or fixes.\n`;
    expect(run.stderr).toBe(skipped("migrations/0002.sql") + skipped("migrations/0003.sql"));
    expect(fs.readFileSync(path.join(project, "migrations/0001.sql"), "utf8")).toBe(FIXED);
    expect(fs.readFileSync(path.join(top, "outside/secret.sql"), "utf8")).toBe(UNSAFE);
    expect(fs.existsSync(path.join(project, "config-ran"))).toBe(true);
  });
});

/** The hooks' `entry` lines from .pre-commit-hooks.yaml, split as pre-commit splits them (shlex). */
function hookEntries(): string[][] {
  const manifest = fs.readFileSync(path.join(repo, ".pre-commit-hooks.yaml"), "utf8");
  return [...manifest.matchAll(/^\s*entry:\s*(.+)$/gm)].map((match) => (match[1] ?? "").trim().split(/\s+/));
}

describe("the documented pre-commit hooks", () => {
  it("lint and fix a staged migration without loading the repository's config", () => {
    const entries = hookEntries();
    expect(entries.map((entry) => entry[0])).toEqual(["eslint-plugin-migrations", "eslint-plugin-migrations"]);
    const [check, fix] = entries.map((entry) => entry.slice(1));
    const top = tree({ ".git/HEAD": "ref: refs/heads/main\n", "eslint.config.js": MARKING_CONFIG, "migrations/0001.sql": UNSAFE });

    const checked = runNode(cliBin, [...(check ?? []), "--format", "json", "migrations/0001.sql"], top);
    expect(checked.status, checked.stderr).toBe(1);
    expect(findings(checked.stdout, top)).toEqual([{ file: "migrations/0001.sql", messages: [FINDING] }]);

    const fixed = runNode(cliBin, [...(fix ?? []), "migrations/0001.sql"], top);
    expect(fixed).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(fs.readFileSync(path.join(top, "migrations/0001.sql"), "utf8")).toBe(FIXED);
    expect(fs.existsSync(path.join(top, "config-ran"))).toBe(false);
  });
});
