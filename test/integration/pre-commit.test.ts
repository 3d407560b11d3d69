import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecommendedFiles } from "../../src/cli/recommended.js";
import { DEBIAN_BIN_DIRS, ensureDebianTool, findExecutable } from "../support/debian-package.js";
import { copyWorkingTree } from "../support/snapshot.js";

/**
 * The pre-commit hooks used the way a Python team uses them: a repository with nothing but an
 * Alembic folder and a .pre-commit-config.yaml naming this repository and a hook id, the real
 * `pre-commit` (Debian's package), and `git commit`. pre-commit clones the hook repository at a
 * commit, `npm install`s it (which builds it) and installs its `npm pack` tarball, so the test
 * commits a snapshot of this working tree and points `rev` at it. When pre-commit is missing the
 * set-up installs Debian's package (PyPI is out of reach here) and fails, never skips, if it cannot.
 */

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const UNSAFE = 'from alembic import op\n\n\ndef upgrade():\n    op.create_index("ix_apps_name", "apps", ["name"])\n';
const SAFE = UNSAFE.replace('["name"])', '["name"], if_not_exists=True)');
const FINDING =
  "  5:5  error  op.create_index() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"ix_apps_name\" already exists'. Add `if_not_exists=True` so that a retry skips it  migrations/idempotent-ddl";

interface HookManifest {
  id: string;
  entry: string;
  language: string;
  files: string;
  exclude: string;
}

/** The pre-commit executable: on PATH, or installed from Debian's package by the set-up. */
let preCommit: string;
let scratch: string;
let project: string;
let env: NodeJS.ProcessEnv;

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function git(args: readonly string[], cwd = project) {
  const result = run("git", args, cwd);
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed:\n${result.output}`);
  return result.output;
}

/** This working tree as a commit of its own: what is about to be committed, not the last commit. */
function snapshotRepository(target: string): string {
  copyWorkingTree(target);
  git(["init", "--quiet"], target);
  git(["add", "--all"], target);
  git(["commit", "--quiet", "--message", "snapshot"], target);
  return git(["rev-parse", "HEAD"], target).trim();
}

beforeAll(() => {
  preCommit = ensureDebianTool({ packageName: "pre-commit", locate: () => findExecutable("pre-commit", DEBIAN_BIN_DIRS) });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-pre-commit-"));
  env = {
    ...process.env,
    // Its own cache: the hook environment is built from this snapshot, not reused from elsewhere.
    PRE_COMMIT_HOME: path.join(scratch, "cache"),
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
    NO_COLOR: "1",
  };
  const rev = snapshotRepository(path.join(scratch, "eslint-plugin-migrations"));

  project = path.join(scratch, "service");
  fs.mkdirSync(path.join(project, "alembic/versions"), { recursive: true });
  fs.writeFileSync(
    path.join(project, ".pre-commit-config.yaml"),
    [
      "repos:",
      `  - repo: ${path.join(scratch, "eslint-plugin-migrations")}`,
      `    rev: ${rev}`,
      "    hooks:",
      "      - id: migrations-lint",
      "      - id: migrations-lint-fix",
      "        stages: [manual]",
      "",
    ].join("\n"),
  );
  git(["init", "--quiet"]);
  git(["add", ".pre-commit-config.yaml"]);
  git(["commit", "--quiet", "--no-verify", "--message", "pre-commit config"]);
  expect(run(preCommit, ["install"], project).status).toBe(0);
  const start = performance.now();
  const install = run(preCommit, ["install-hooks"], project);
  if (install.status !== 0) throw new Error(`pre-commit install-hooks failed:\n${install.output}`);
  // The one-time cost a developer pays on the first commit: clone, npm install (with the build), npm pack, install.
  console.info(`pre-commit install-hooks: ${((performance.now() - start) / 1000).toFixed(1)} s`);
}, 600_000);

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** The Python that runs pre-commit, so that the manifest is read and its patterns matched as pre-commit does. */
function preCommitPython(): string {
  const shebang = /^#!\s*(\S+)/u.exec(fs.readFileSync(preCommit, "utf8"))?.[1];
  return shebang ?? "python3";
}

function python(script: string, ...args: string[]): unknown {
  const result = spawnSync(preCommitPython(), ["-c", script, ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`python failed:\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

describe(".pre-commit-hooks.yaml", () => {
  const manifest = path.join(repo, ".pre-commit-hooks.yaml");

  it("is a valid pre-commit manifest", () => {
    expect(run(preCommit, ["validate-manifest", manifest], repo)).toEqual({ status: 0, output: "" });
  });

  const hooks = () => python("import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", manifest) as HookManifest[];

  it("defines a check hook and a fix hook on the CLI, as node hooks", () => {
    expect(hooks().map(({ id, entry, language }) => ({ id, entry, language }))).toEqual([
      { id: "migrations-lint", entry: "eslint-plugin-migrations --no-config-lookup", language: "node" },
      { id: "migrations-lint-fix", entry: "eslint-plugin-migrations --no-config-lookup --fix", language: "node" },
    ]);
  });

  it("passes exactly the files that configs.recommended lints (Python's re, as pre-commit matches)", () => {
    const paths = [
      "alembic/versions/0001_init.py",
      "services/api/alembic/versions/2024/0002.py",
      "migrations/versions/0003.py",
      "alembic/env.py",
      "migrations/env.py",
      "app/models.py",
      "prisma/migrations/20240101000000_init/migration.sql",
      "db/migrations/20240101_init.up.sql",
      "src/main/resources/db/migration/V1__init.sql",
      "drizzle/0000_init.sql",
      "schema.sql",
      "scripts/seed.sql",
      "migrations/20240101_create.js",
      "src/migrations/1700000000000-Init.ts",
      "src/migration/1700000000000-Init.mts",
      "migrations/helpers.cjs",
      "migrations/types.d.ts",
      "src/index.ts",
      "node_modules/pkg/migrations/0001.sql",
      ".venv/lib/python3.12/site-packages/x/alembic/versions/1.py",
      "dist/migrations/0001.js",
      "migrations/README.md",
    ];
    const script = [
      "import json, re, sys",
      "hooks = json.loads(sys.argv[1])",
      "paths = json.loads(sys.argv[2])",
      "print(json.dumps([[bool(re.search(h['files'], p)) and not re.search(h['exclude'], p) for p in paths] for h in hooks]))",
    ].join("\n");
    const matched = python(script, JSON.stringify(hooks()), JSON.stringify(paths)) as boolean[][];
    const recommended = new RecommendedFiles();
    const expected = paths.map((file) => recommended.matches(file) && !/(^|\/)(node_modules|dist|\.[^/]+)\//u.test(file));
    expect(expected.filter(Boolean)).toHaveLength(11);
    for (const passed of matched) {
      expect(Object.fromEntries(paths.map((file, index) => [file, passed[index]]))).toEqual(
        Object.fromEntries(paths.map((file, index) => [file, expected[index]])),
      );
    }
  });
});

describe("a Python repository using the hooks through pre-commit", () => {
  it("fails the commit of an unsafe migration with the finding; the fix hook fixes it; the commit passes", () => {
    fs.writeFileSync(path.join(project, "alembic/versions/0001_apps.py"), UNSAFE);
    // Not a migration: the same call elsewhere is not passed to the hook.
    fs.mkdirSync(path.join(project, "app"));
    fs.writeFileSync(path.join(project, "app/models.py"), UNSAFE);
    git(["add", "alembic/versions/0001_apps.py", "app/models.py"]);
    // Never staged: not part of the commit, so not checked.
    fs.writeFileSync(path.join(project, "alembic/versions/0002_draft.py"), UNSAFE.replaceAll("ix_apps_name", "ix_draft"));

    const refused = run("git", ["commit", "--message", "Add the apps index"], project);
    expect(refused.status).toBe(1);
    expect(refused.output).toContain("- hook id: migrations-lint\n- exit code: 1\n");
    expect(refused.output).toContain(`${path.join(project, "alembic/versions/0001_apps.py")}\n${FINDING}\n`);
    expect(refused.output).toContain("✖ 1 problem (1 error, 0 warnings)");
    expect(refused.output).not.toContain("0002_draft.py");
    expect(refused.output).not.toContain("models.py");

    const fixed = run(preCommit, ["run", "--hook-stage", "manual", "migrations-lint-fix"], project);
    // pre-commit fails any hook that changes files, so that the change is looked at and staged.
    expect(fixed.status).toBe(1);
    expect(fixed.output).toContain("- hook id: migrations-lint-fix\n- files were modified by this hook");
    expect(fs.readFileSync(path.join(project, "alembic/versions/0001_apps.py"), "utf8")).toBe(SAFE);
    expect(fs.readFileSync(path.join(project, "alembic/versions/0002_draft.py"), "utf8")).toContain('["name"])\n');

    git(["add", "alembic/versions/0001_apps.py"]);
    const accepted = run("git", ["commit", "--message", "Add the apps index"], project);
    expect(accepted.output).toMatch(/migrations retry-safe \(eslint-plugin-migrations\)\.+Passed/u);
    expect(accepted.status).toBe(0);
    expect(git(["show", "HEAD:alembic/versions/0001_apps.py"])).toBe(SAFE);
  });

  it("checks what is staged, not the working copy", () => {
    const file = path.join(project, "alembic/versions/0003_staged.py");
    fs.writeFileSync(file, UNSAFE.replaceAll("ix_apps_name", "ix_staged"));
    git(["add", "alembic/versions/0003_staged.py"]);
    // Fixed in the working copy only: the commit would still record the unsafe version.
    fs.writeFileSync(file, SAFE.replaceAll("ix_apps_name", "ix_staged"));
    const refused = run("git", ["commit", "--message", "Staged"], project);
    expect(refused.status).toBe(1);
    expect(refused.output).toContain("relation \"ix_staged\" already exists");
    expect(fs.readFileSync(file, "utf8")).toBe(SAFE.replaceAll("ix_apps_name", "ix_staged"));
  });
});
