// psql scripts replayed through psql itself on a real PostgreSQL: a script with meta-commands, a
// variable and COPY data fails on its second run as written and runs twice after `eslint --fix`; a
// real pg_dump (COPY data with quotes, tabs, backslashes and `\.` in values) is linted without a
// parse error and restores after `eslint --fix`. If PostgreSQL cannot start, beforeAll throws and
// every case fails.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { replayCluster } from "./cluster.js";
import { projectEslint } from "./projects.js";

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
const dumped = path.join(tempDir, "db", "migrations", "0002_dump.sql");
fs.mkdirSync(path.dirname(migration), { recursive: true });

/** A database whose dump has what trips a plain SQL parser: COPY rows with quotes, `;`, tabs, backslashes and `\.`. */
const DUMPED_DATABASE = String.raw`
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE notes (id serial PRIMARY KEY, body text, mood mood, tags text[]);
CREATE INDEX notes_body_idx ON notes (body);
CREATE VIEW happy_notes AS SELECT * FROM notes WHERE mood = 'happy';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'it''s \. here'; RETURN NEW; END $$;
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch();
INSERT INTO notes (body, mood, tags) VALUES
  (E'it''s; CREATE INDEX not_sql ON notes (body);	tab
new line \ backslash', 'happy', '{a,"b c"}'),
  ('café 😀 \.', 'sad', NULL),
  (E'\.', NULL, '{}');
`;

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

describe("linting a real pg_dump", () => {
  it("finds the unguarded DDL and no parse error, and the fixed dump restores", async () => {
    const source = freshDatabase();
    const setup = source.run(DUMPED_DATABASE);
    expect(setup.stderr).toBe("");
    const dump = spawnSync(path.join(source.binDir, "pg_dump"), ["--no-owner", "-d", source.url], { encoding: "utf8" });
    expect(dump.stderr).toBe("");
    expect(dump.stdout).toContain("COPY public.notes (id, body, mood, tags) FROM stdin;");
    fs.writeFileSync(dumped, dump.stdout);

    const [result] = await projectEslint(tempDir).lintFiles([dumped]);
    const reported = (result?.messages ?? []).map((message) => message.message.slice(0, message.message.indexOf(" is not retry-safe")));
    expect(reported).toEqual([
      "CREATE TYPE public.mood",
      "CREATE FUNCTION public.touch",
      "CREATE TABLE public.notes",
      "CREATE VIEW public.happy_notes",
      "CREATE SEQUENCE public.notes_id_seq",
      "ALTER TABLE public.notes ADD PRIMARY KEY notes_pkey",
      "CREATE INDEX notes_body_idx",
      "CREATE TRIGGER notes_touch",
    ]);

    const [fixed] = await projectEslint(tempDir, { fix: true }).lintFiles([dumped]);
    // Left for a person: CREATE TYPE and ADD PRIMARY KEY have no guard to add.
    expect(fixed?.messages).toHaveLength(2);
    fs.writeFileSync(dumped, fixed?.output ?? "");
    const restored = freshDatabase();
    const restore = restored.runFile(dumped);
    expect(restore.stderr).toBe("");
    expect(restore.ok).toBe(true);
    const rows = "SELECT id, body, mood, tags FROM notes ORDER BY id;";
    expect(restored.run(rows).stdout).toBe(source.run(rows).stdout);
    const [again] = await projectEslint(tempDir, { fix: true }).lintFiles([dumped]);
    expect(again?.output).toBeUndefined();
  });
});
