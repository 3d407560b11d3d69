// Issue 13 on a real PostgreSQL: an unqualified DROP … IF EXISTS before a creation in another schema
// drops nothing, so the retry fails; the rule's fix (or, without a guard, its suggestion) makes the
// migration survive a second run. If PostgreSQL cannot start, beforeAll throws and every case fails.

import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { replayCluster } from "../replay/cluster.js";

const freshDatabase = replayCluster("schema_drops");

const FILENAME = "db/migrations/0001_schema_drops.sql";
const CONFIG: Linter.Config[] = [
  { files: ["**/*.sql"], plugins: { migrations: plugin }, language: "migrations/sql", rules: { "migrations/idempotent-ddl": "error" } },
];

function lint(code: string): Linter.LintMessage[] {
  return new Linter({ configType: "flat" }).verify(code, CONFIG, { filename: FILENAME });
}

function fixed(code: string): string {
  return new Linter({ configType: "flat" }).verifyAndFix(code, CONFIG, { filename: FILENAME }).output;
}

/** The code with the first finding's only suggestion applied. */
function suggested(code: string): string {
  const [finding] = lint(code);
  const [suggestion, ...others] = finding?.suggestions ?? [];
  expect(others).toEqual([]);
  if (!suggestion) throw new Error(`no suggestion in ${JSON.stringify(finding)}`);
  const [start, end] = suggestion.fix.range;
  return code.slice(0, start) + suggestion.fix.text + code.slice(end);
}

const SETUP =
  "CREATE SCHEMA storage;\nCREATE TABLE storage.buckets (id text PRIMARY KEY);\nCREATE TABLE storage.iceberg_tables (namespace_id text, name text);\nCREATE TABLE storage.objects (id int, bucket_id text);\n";

/** Runs the migration twice, as a retried deploy does, after SETUP; the second run's result. */
function retried(migration: string) {
  const db = freshDatabase();
  expect(db.run(SETUP).ok).toBe(true);
  const first = db.run(migration);
  expect(first.ok, first.stderr).toBe(true);
  return db.run(migration);
}

describe("a drop through search_path before a creation in storage, run twice on PostgreSQL", () => {
  it("the issue's index pair fails on the retry; after --fix it survives it, and a second --fix changes nothing", () => {
    const migration =
      "DROP INDEX IF EXISTS idx_iceberg_tables_namespace_id;\nCREATE UNIQUE INDEX idx_iceberg_tables_namespace_id ON storage.iceberg_tables (namespace_id, name);\n";
    expect(retried(migration).stderr).toContain('relation "idx_iceberg_tables_namespace_id" already exists');
    const output = fixed(migration);
    expect(output).toContain("CREATE UNIQUE INDEX IF NOT EXISTS idx_iceberg_tables_namespace_id");
    expect(fixed(output)).toBe(output);
    const retry = retried(output);
    expect(retry.ok, retry.stderr).toBe(true);
  });

  it("a type: the suggested schema-qualified drop makes it retry-safe, and the rule then accepts it", () => {
    const migration = "DROP TYPE IF EXISTS mood;\nCREATE TYPE storage.mood AS ENUM ('calm');\n";
    expect(retried(migration).stderr).toContain('type "mood" already exists');
    const output = suggested(migration);
    expect(output).toBe("DROP TYPE IF EXISTS storage.mood;\nCREATE TYPE storage.mood AS ENUM ('calm');\n");
    const retry = retried(output);
    expect(retry.ok, retry.stderr).toBe(true);
    expect(lint(output)).toEqual([]);
  });

  it("a constraint: the suggestion qualifies the table it is dropped from", () => {
    const migration =
      "ALTER TABLE IF EXISTS objects DROP CONSTRAINT IF EXISTS fk_objects_bucket;\nALTER TABLE storage.objects ADD CONSTRAINT fk_objects_bucket FOREIGN KEY (bucket_id) REFERENCES storage.buckets (id);\n";
    expect(retried(migration).stderr).toContain('constraint "fk_objects_bucket" for relation "objects" already exists');
    const output = suggested(migration);
    expect(output.startsWith("ALTER TABLE IF EXISTS storage.objects DROP CONSTRAINT IF EXISTS fk_objects_bucket;\n")).toBe(true);
    const retry = retried(output);
    expect(retry.ok, retry.stderr).toBe(true);
    expect(lint(output)).toEqual([]);
  });
});
