import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnvironment, makeProject, requireBuild, runCli } from "./run-cli.js";

const MIGRATION = 'from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    op.add_column("apps", sa.Column("owner_id", sa.Integer()))\n';
const CACHE = "node_modules/.cache/eslint-plugin-migrations/results-1-of-1.json";

const roots: string[] = [];

beforeAll(() => {
  requireBuild();
});

afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

/** A project with `node_modules` (as a JS project has), where the cache goes by default. */
function project(url: string, extra: Record<string, string> = { "node_modules/.package-lock.json": "{}" }): string {
  const root = makeProject({ "alembic.ini": `[alembic]\nscript_location = alembic\nsqlalchemy.url = ${url}\n`, "alembic/versions/0001_owner.py": MIGRATION, ...extra });
  roots.push(root);
  return root;
}

const ON_SQLITE =
  "6:5 op.add_column() is not retry-safe (the retry fails because the column owner_id of apps already exists) and SQLite has no option to guard it. There is no IF NOT EXISTS for op.add_column(): check sqlite_master or pragma_table_info() before it in the migration tool. SQLite's DDL is transactional: a migration run as one transaction leaves nothing behind when it fails.";
const ON_POSTGRESQL =
  "6:5 op.add_column() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'column \"owner_id\" of relation \"apps\" already exists'. Add `if_not_exists=True` so that a retry skips it.";

function messages(stdout: string): string[] {
  const results = JSON.parse(stdout) as { messages: { line: number; column: number; message: string }[] }[];
  return results.flatMap((result) => result.messages.map((message) => `${String(message.line)}:${String(message.column)} ${message.message}`));
}

describe("the result cache", () => {
  it("keeps results in node_modules/.cache/eslint-plugin-migrations and gives the same report from them", () => {
    const root = project("sqlite:///app.db");
    const first = runCli(["--format", "json"], root);
    expect(first.status).toBe(1);
    expect(fs.readFileSync(path.join(root, CACHE), "utf8")).toContain("0001_owner.py");
    const second = runCli(["--format", "json"], root);
    expect(second).toEqual(first);
    expect(messages(second.stdout)).toEqual([ON_SQLITE]);
  });

  it("drops its results when a config the findings depend on changes", () => {
    const root = project("sqlite:///app.db");
    expect(messages(runCli(["--format", "json"], root).stdout)).toEqual([ON_SQLITE]);
    fs.writeFileSync(path.join(root, "alembic.ini"), "[alembic]\nscript_location = alembic\nsqlalchemy.url = postgresql://localhost/app\n");
    expect(messages(runCli(["--format", "json"], root).stdout)).toEqual([ON_POSTGRESQL]);
  });

  it("lints a cached file again for --fix, and writes its fix", () => {
    const root = project("postgresql://localhost/app");
    expect(runCli(["--format", "json"], root).status).toBe(1);
    const fixed = runCli(["--fix", "--format", "json"], root);
    expect(fixed.status).toBe(0);
    expect(fs.readFileSync(path.join(root, "alembic/versions/0001_owner.py"), "utf8")).toBe(
      MIGRATION.replace("sa.Integer()))", "sa.Integer()), if_not_exists=True)"),
    );
    const after = runCli(["--format", "json"], root);
    expect(after.status).toBe(0);
    expect(messages(after.stdout)).toEqual([]);
  });

  it("writes nothing with --no-cache, and where --cache-location says", () => {
    const root = project("postgresql://localhost/app", {});
    const userCache = makeProject({});
    roots.push(userCache);
    const env = cliEnvironment({ XDG_CACHE_HOME: userCache });
    expect(runCli(["--no-cache"], root, env).status).toBe(1);
    expect(fs.readdirSync(root).sort()).toEqual(["alembic", "alembic.ini"]);
    expect(fs.readdirSync(userCache)).toEqual([]);
    expect(runCli(["--cache-location", "tmp/lint-cache"], root, env).status).toBe(1);
    expect(fs.readdirSync(path.join(root, "tmp/lint-cache"))).toEqual(["results-1-of-1.json"]);
    expect(fs.readdirSync(userCache)).toEqual([]);
  });

  it("keeps a project without node_modules clean: the cache goes to the user's cache folder", () => {
    const root = project("postgresql://localhost/app", {});
    const userCache = makeProject({});
    roots.push(userCache);
    const first = runCli(["--format", "json"], root, cliEnvironment({ XDG_CACHE_HOME: userCache }));
    expect(first.status).toBe(1);
    expect(fs.readdirSync(root).sort()).toEqual(["alembic", "alembic.ini"]);
    const [folder, ...others] = fs.readdirSync(path.join(userCache, "eslint-plugin-migrations"));
    expect(others).toEqual([]);
    expect(folder).toMatch(/^[0-9a-f]{16}$/u);
    expect(fs.readFileSync(path.join(userCache, "eslint-plugin-migrations", folder ?? "", "results-1-of-1.json"), "utf8")).toContain("0001_owner.py");
    expect(runCli(["--format", "json"], root, cliEnvironment({ XDG_CACHE_HOME: userCache }))).toEqual(first);
  });

  it("keeps no cache in CI, where every run is a first run", () => {
    const root = project("postgresql://localhost/app");
    expect(runCli(["--format", "json"], root, cliEnvironment({ CI: "true" })).status).toBe(1);
    expect(fs.readdirSync(path.join(root, "node_modules"))).toEqual([".package-lock.json"]);
  });

  it("drops its results when a dependency file beside the migrations changes", () => {
    const root = project("postgresql://localhost/app", { "node_modules/.package-lock.json": "{}", "alembic/requirements.txt": "alembic==1.12.0\n" });
    const [before] = messages(runCli(["--format", "json"], root).stdout);
    expect(before).toMatch(/^6:5 op\.add_column\(\) is not retry-safe.*Alembic 1\.12\.0/u);
    fs.writeFileSync(path.join(root, "alembic/requirements.txt"), "alembic==1.16.0\n");
    expect(messages(runCli(["--format", "json"], root).stdout)).toEqual([ON_POSTGRESQL]);
  });
});
