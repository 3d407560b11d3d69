// A psql script with meta-commands, a variable and COPY data, replayed through psql itself on a real
// PostgreSQL: as written, its second run fails; after `eslint --fix` it runs twice. If PostgreSQL
// cannot start, beforeAll throws and every case fails.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectEslint } from "./projects.js";
import { replayCluster } from "./cluster.js";

const freshDatabase = replayCluster("psql_replay");

const SCRIPT = [
  "\\set ON_ERROR_STOP on",
  "\\set idx notes_body_idx",
  "\\echo seeding notes",
  "CREATE TABLE notes (id integer, body text);",
  "TRUNCATE notes;",
  "COPY notes (id, body) FROM stdin;",
  "1\tit's; CREATE INDEX not_sql ON notes (body);",
  "2\tcafé \\N",
  "\\.",
  "CREATE INDEX :\"idx\" ON notes (body);",
  "SELECT count(*) AS n FROM notes \\gset",
  "\\echo :n notes",
  "ALTER TABLE notes ADD COLUMN created_at timestamptz;",
  "",
].join("\n");

const FIXED = SCRIPT.replace("CREATE TABLE notes", "CREATE TABLE IF NOT EXISTS notes")
  .replace('CREATE INDEX :"idx"', 'CREATE INDEX IF NOT EXISTS :"idx"')
  .replace("ADD COLUMN created_at", "ADD COLUMN IF NOT EXISTS created_at");

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "psql-replay-"));
const migration = path.join(tempDir, "db", "migrations", "0001_notes.sql");
fs.mkdirSync(path.dirname(migration), { recursive: true });

afterAll(() => {
  fs.rmSync(tempDir, { recursive: true, force: true });
});

describe("replaying a psql script with meta-commands and COPY data", () => {
  it("fails on the second run as written", () => {
    fs.writeFileSync(migration, SCRIPT);
    const db = freshDatabase();
    const first = db.runFile(migration);
    expect(first.stderr).toBe("");
    expect(first.ok).toBe(true);
    expect(first.stdout).toBe("seeding notes\n2 notes\n");
    const second = db.runFile(migration);
    expect(second.ok).toBe(false);
    expect(second.error).toBe('relation "notes" already exists');
  });

  it("runs twice after eslint --fix, with the data rows as they were", async () => {
    fs.writeFileSync(migration, SCRIPT);
    const [result] = await projectEslint(tempDir, { fix: true }).lintFiles([migration]);
    expect(result?.messages).toEqual([]);
    expect(result?.output).toBe(FIXED);
    fs.writeFileSync(migration, result?.output ?? "");

    const db = freshDatabase();
    for (const run of [db.runFile(migration), db.runFile(migration)]) {
      expect(run.stderr).not.toContain("ERROR");
      expect(run.ok).toBe(true);
      expect(run.stdout).toBe("seeding notes\n2 notes\n");
    }
    expect(db.run("SELECT string_agg(id || ':' || coalesce(body, 'NULL'), '|' ORDER BY id) FROM notes;").stdout).toContain(
      // In COPY's text format a backslash escapes the next character: `\N` alone is NULL, inside a value `N`.
      "1:it's; CREATE INDEX not_sql ON notes (body);|2:café N",
    );
    const [again] = await projectEslint(tempDir, { fix: true }).lintFiles([migration]);
    expect(again?.output).toBeUndefined();
  });
});
