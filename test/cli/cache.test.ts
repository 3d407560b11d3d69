import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeProject, requireBuild, runCli } from "./run-cli.js";

const MIGRATION = 'from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    op.add_column("apps", sa.Column("owner_id", sa.Integer()))\n';
const CACHE = "node_modules/.cache/eslint-plugin-migrations/results-1-of-1.json";

const roots: string[] = [];

beforeAll(() => {
  requireBuild();
});

afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function project(url: string): string {
  const root = makeProject({ "alembic.ini": `[alembic]\nscript_location = alembic\nsqlalchemy.url = ${url}\n`, "alembic/versions/0001_owner.py": MIGRATION });
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
    const root = project("postgresql://localhost/app");
    expect(runCli(["--no-cache"], root).status).toBe(1);
    expect(fs.existsSync(path.join(root, "node_modules"))).toBe(false);
    expect(runCli(["--cache-location", "tmp/lint-cache"], root).status).toBe(1);
    expect(fs.readdirSync(path.join(root, "tmp/lint-cache"))).toEqual(["results-1-of-1.json"]);
    expect(fs.existsSync(path.join(root, "node_modules"))).toBe(false);
  });
});
