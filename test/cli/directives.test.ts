// The command runs only this plugin's rules: a directive for another rule (the project's no-console)
// must not be reported as unused, nor removed by --fix.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeProject, requireBuild, runCli } from "./run-cli.js";

const MIGRATION = `exports.up = async (knex) => {
  // eslint-disable-next-line no-console
  console.info("adding the owner index");
  await knex.raw("CREATE INDEX ix_apps_owner ON apps (owner_id)");
};
`;

const roots: string[] = [];

beforeAll(() => {
  requireBuild();
});

afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

describe("eslint-disable directives for the project's other rules", () => {
  it("are neither reported as unused nor removed by --fix", () => {
    const root = makeProject({ "migrations/20240101_owner.js": MIGRATION });
    roots.push(root);
    const report = runCli(["--no-cache", "--format", "json"], root);
    expect(report.status).toBe(1);
    const [result] = JSON.parse(report.stdout) as { messages: { ruleId: string | null; line: number }[] }[];
    expect(result?.messages.map((message) => [message.ruleId, message.line])).toEqual([["migrations/idempotent-ddl", 4]]);
    expect(runCli(["--no-cache", "--fix"], root).status).toBe(0);
    expect(fs.readFileSync(path.join(root, "migrations/20240101_owner.js"), "utf8")).toBe(MIGRATION.replace("CREATE INDEX ix_apps_owner", "CREATE INDEX IF NOT EXISTS ix_apps_owner"));
  });
});
