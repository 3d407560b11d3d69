import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeProject, requireBuild, runCli } from "./run-cli.js";

const SQL = "CREATE TABLE apps (id INT);\nALTER TABLE apps ADD COLUMN owner_id INT;\n";
const PYTHON = 'from alembic import op\n\n\ndef upgrade():\n    op.add_column("apps", sa.Column("owner_id", sa.Integer()))\n';

const roots: string[] = [];

beforeAll(() => {
  requireBuild();
});

afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function project(): string {
  const root = makeProject({ "db/migrations/0001_init.sql": SQL, "alembic/versions/0001_owner.py": PYTHON });
  roots.push(root);
  return root;
}

describe("--dialect", () => {
  it("sets the database of SQL files and of Python and JS/TS migrations; --fix writes only its guards", () => {
    const root = project();
    const run = runCli(["--dialect", "sqlite", "--fix", "--format", "json"], root);
    expect(run.stderr).toBe("");
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { line: number; message: string }[] }[];
    const messages = results.flatMap((result) => result.messages.map((message) => `${path.relative(root, result.filePath)}:${String(message.line)} ${message.message.slice(0, message.message.indexOf(" has no option"))}`));
    expect(messages).toEqual([
      "alembic/versions/0001_owner.py:5 op.add_column() is not retry-safe (the retry fails because the column owner_id of apps already exists) and SQLite",
      "db/migrations/0001_init.sql:2 ALTER TABLE apps ADD COLUMN owner_id is not retry-safe (the retry fails with 'duplicate column name: owner_id') and SQLite",
    ]);
    expect(fs.readFileSync(path.join(root, "db/migrations/0001_init.sql"), "utf8")).toBe(SQL.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"));
    expect(fs.readFileSync(path.join(root, "alembic/versions/0001_owner.py"), "utf8")).toBe(PYTHON);
    expect(run.status).toBe(1);
  });

  it("names the dialects it knows when given another", () => {
    expect(runCli(["--dialect", "oracle"], project())).toEqual({
      status: 2,
      stdout: "",
      stderr: 'eslint-plugin-migrations: --dialect needs one of postgresql, mysql, mariadb, sqlite, cockroachdb, not "oracle"\n',
    });
  });
});
