import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

/**
 * The README's lint-staged setup, run as a JS project runs it: a git repository whose pre-commit
 * hook runs lint-staged (what husky's hook does), the real lint-staged, and `git commit`. The
 * packages are links into this repository's node_modules, as npm would install them.
 */

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const UNSAFE = "CREATE TABLE apps (id int);\n";
const SAFE = "CREATE TABLE IF NOT EXISTS apps (id int);\n";
const UNFIXABLE = "CREATE TYPE app_status AS ENUM ('draft', 'live');\n";
const UNFIXABLE_FINDING =
  "  1:1  error  CREATE TYPE app_status is not retry-safe (the retry fails with 'type \"app_status\" already exists') and PostgreSQL has no option to guard it. Wrap it in a DO block that catches duplicate_object (DO $$ BEGIN … EXCEPTION WHEN duplicate_object THEN NULL; END $$), or drop it with IF EXISTS first  migrations/idempotent-ddl";

/** The configuration the README documents, for a project with an eslint.config.js and for one without. */
const WITH_ESLINT_CONFIG = {
  "**/{migrations,migration,drizzle}/**/*.sql": "eslint --fix",
  "**/{alembic,migrations}/versions/**/*.py": "eslint --fix",
};
const WITHOUT_CONFIG = {
  "**/{migrations,migration,drizzle}/**/*.sql": "eslint-plugin-migrations --fix",
  "**/{alembic,migrations}/versions/**/*.py": "eslint-plugin-migrations --fix",
};

/** A developer's environment: without vitest's NODE_ENV=test, which switches lint-staged to its test renderer. */
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "NODE_ENV" && !name.startsWith("VITEST")));
const env = {
  ...userEnv,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};

const projects: string[] = [];

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function git(cwd: string, ...args: string[]): string {
  const result = run("git", args, cwd);
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed:\n${result.output}`);
  return result.output;
}

function link(root: string, name: string, target: string): void {
  fs.mkdirSync(path.dirname(path.join(root, "node_modules", name)), { recursive: true });
  fs.symlinkSync(target, path.join(root, "node_modules", name));
}

/** A JS project with lint-staged in its package.json and its pre-commit hook, and one commit. */
function makeProject(lintStaged: Record<string, string>, eslintConfig: boolean): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-lint-staged-"));
  projects.push(root);
  fs.writeFileSync(path.join(root, "package.json"), `${JSON.stringify({ name: "app", private: true, type: "module", "lint-staged": lintStaged }, null, 2)}\n`);
  if (eslintConfig) {
    fs.writeFileSync(
      path.join(root, "eslint.config.js"),
      'import migrations from "eslint-plugin-migrations";\n\nexport default [...migrations.configs.recommended];\n',
    );
  }
  link(root, "eslint", path.join(repo, "node_modules/eslint"));
  link(root, "lint-staged", path.join(repo, "node_modules/lint-staged"));
  link(root, "eslint-plugin-migrations", repo);
  link(root, ".bin/eslint", path.join(repo, "node_modules/eslint/bin/eslint.js"));
  link(root, ".bin/lint-staged", path.join(repo, "node_modules/lint-staged/bin/lint-staged.js"));
  link(root, ".bin/eslint-plugin-migrations", path.join(repo, "bin/eslint-plugin-migrations.js"));
  fs.writeFileSync(path.join(root, ".gitignore"), "node_modules/\n");
  git(root, "init", "--quiet");
  git(root, "add", "--all");
  git(root, "commit", "--quiet", "--message", "init");
  // What `npx husky init` sets up, without husky: the hook runs lint-staged.
  fs.writeFileSync(path.join(root, ".git/hooks/pre-commit"), "#!/bin/sh\nexec node_modules/.bin/lint-staged\n", { mode: 0o755 });
  fs.mkdirSync(path.join(root, "prisma/migrations/20240101000000_init"), { recursive: true });
  fs.mkdirSync(path.join(root, "db/migrations"), { recursive: true });
  return root;
}

beforeAll(() => {
  if (!fs.existsSync(path.join(repo, "dist/src/cli/main.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before the integration tests");
  }
});

afterEach(() => {
  for (const root of projects.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe.each([
  { setup: "eslint --fix with the project's eslint.config.js", lintStaged: WITH_ESLINT_CONFIG, eslintConfig: true },
  { setup: "the zero-config command, without an ESLint config", lintStaged: WITHOUT_CONFIG, eslintConfig: false },
])("lint-staged: $setup", ({ lintStaged, eslintConfig }) => {
  it("commits a staged unsafe migration with its guard added", () => {
    const root = makeProject(lintStaged, eslintConfig);
    fs.writeFileSync(path.join(root, "db/migrations/20240101_init.sql"), UNSAFE);
    // Not staged: lint-staged hides it during the run and leaves it as it was.
    fs.writeFileSync(path.join(root, "db/migrations/20240102_draft.sql"), UNSAFE);
    git(root, "add", "db/migrations/20240101_init.sql");
    const commit = run("git", ["commit", "--message", "init schema"], root);
    expect(commit.status).toBe(0);
    expect(git(root, "show", "HEAD:db/migrations/20240101_init.sql")).toBe(SAFE);
    expect(fs.readFileSync(path.join(root, "db/migrations/20240101_init.sql"), "utf8")).toBe(SAFE);
    expect(fs.readFileSync(path.join(root, "db/migrations/20240102_draft.sql"), "utf8")).toBe(UNSAFE);
    expect(git(root, "status", "--porcelain")).toBe("?? db/migrations/20240102_draft.sql\n");
  });

  it("refuses a staged migration that no fix can make safe, with the finding", () => {
    const root = makeProject(lintStaged, eslintConfig);
    fs.writeFileSync(path.join(root, "db/migrations/20240101_types.sql"), UNFIXABLE);
    git(root, "add", "db/migrations/20240101_types.sql");
    const commit = run("git", ["commit", "--message", "types"], root);
    expect(commit.status).toBe(1);
    expect(commit.output).toContain(`${path.join(root, "db/migrations/20240101_types.sql")}\n${UNFIXABLE_FINDING}\n`);
    expect(commit.output).toContain("✖ 1 problem (1 error, 0 warnings)");
    expect(git(root, "log", "--format=%s")).toBe("init\n");
    // lint-staged restores the index it started from.
    expect(git(root, "diff", "--cached", "--name-only")).toBe("db/migrations/20240101_types.sql\n");
  });
});
