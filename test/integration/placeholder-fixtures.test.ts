// fixtures/placeholders: a pop-style `.sql` migration with Go template actions, an Alembic migration
// that passes driver parameters and SQLAlchemy binds, and a Sequelize migration with `bind` and
// `replacements`, linted the way a user lints them (the ESLint class, `configs.recommended`). Every
// finding is listed literally; the SQL and Python migrations are then replayed twice on a real
// PostgreSQL with their placeholders filled in as the tool or driver fills them in.

import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { extractPythonSql } from "../../src/hosts/python-sql/extract.js";
import { PythonLanguage } from "../../src/languages/python/language.js";
import { replayCluster, runQueries } from "../replay/cluster.js";
import { ROOT, relativePath } from "../replay/projects.js";

const DIR = path.join(ROOT, "fixtures", "placeholders");
const ALEMBIC = "alembic/versions/20250112_0001_flags.py";
const SEQUELIZE = "db/migrations/20240301120000_flag_audit.js";
const POP = "migrations/20240101000000_sessions.up.sql";

const missing = (subject: string, error: string) =>
  `${subject} is not retry-safe: if the migration is retried after a partial run, the retry fails with '${error}'. Add \`IF NOT EXISTS\` so that a retry skips it.`;

function eslint(fix = false): ESLint {
  return new ESLint({ cwd: DIR, overrideConfigFile: true, overrideConfig: [...plugin.configs.recommended], fix });
}

const freshDatabase = replayCluster("placeholder_replay");


/** What pop's text/template makes of the file with `Namespace: public` on PostgreSQL. */
function expandTemplate(text: string): string {
  return text
    .replaceAll('{{ index .Options "Namespace" }}', "public")
    .replaceAll('{{ if eq .Dialect "postgres" }}', "")
    .replaceAll("{{ end }}", "");
}

/**
 * upgrade()'s statements as the database receives them: each `$1` stand-in of a bind or driver
 * parameter, and each f-string field, replaced by the value the call passes.
 */
function alembicUpgrade(text: string): string[] {
  const parsed = new PythonLanguage().parse({ body: text, path: ALEMBIC, physicalPath: ALEMBIC, bom: false });
  if (!parsed.ok) throw new Error(`the migration does not parse: ${JSON.stringify(parsed.errors)}`);
  const values = ["false", "'ops'", "'legacy'", "(1, 2)", "WHERE name IS NOT NULL"];
  const downgrade = text.indexOf("\ndef downgrade(");
  return extractPythonSql(text, parsed.ast)
    .filter((embedded) => embedded.hostRange([0, 0])[0] < downgrade)
    .map((embedded, index) => embedded.text.replace(/\$1|__pyfmt_0__/u, values[index] ?? ""));
}

describe("fixtures/placeholders", () => {
  it("reports exactly the listed findings, with the placeholders as written", async () => {
    const results = await eslint().lintFiles(["."]);
    const found = results
      .sort((a, b) => a.filePath.localeCompare(b.filePath))
      .flatMap((result) =>
        result.messages.map(({ ruleId, severity, line, column, endLine, endColumn, message }) => ({
          file: relativePath(DIR, result.filePath),
          ruleId,
          severity,
          at: [line, column, endLine, endColumn],
          message,
        })),
      );
    const error = (file: string, at: number[], message: string) => ({ file, ruleId: "migrations/idempotent-ddl", severity: 2, at, message });
    expect(found).toEqual([
      error(ALEMBIC, [21, 45, 21, 84], missing("ALTER TABLE flags ADD COLUMN owner in conn.exec_driver_sql()", 'column "owner" of relation "flags" already exists')),
      error(ALEMBIC, [22, 27, 22, 95], missing("CREATE INDEX flags_owner_idx in sa.text()", 'relation "flags_owner_idx" already exists')),
      error(SEQUELIZE, [5, 66, 5, 100], missing("ALTER TABLE flag_audit ADD COLUMN note in queryInterface.sequelize.query()", 'column "note" of relation "flag_audit" already exists')),
      error(POP, [3, 55, 3, 74], missing('ALTER TABLE {{ index .Options "Namespace" }}.sessions ADD COLUMN aal', 'column "aal" of relation "sessions" already exists')),
      error(POP, [4, 1, 4, 89], missing("CREATE INDEX sessions_user_id_idx", 'relation "sessions_user_id_idx" already exists')),
    ]);
  });

  it("fixes every finding outside the placeholders, and the fixed files have nothing left to report", async () => {
    const results = await eslint(true).lintFiles(["."]);
    const output = (file: string) => results.find((result) => relativePath(DIR, result.filePath) === file)?.output;
    const original = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");
    expect(results.flatMap((result) => result.messages)).toEqual([]);
    expect(output(POP)).toBe(
      original(POP)
        .replace("add column aal", "add column if not exists aal")
        .replace("create index sessions_user_id_idx", "create index if not exists sessions_user_id_idx"),
    );
    expect(output(ALEMBIC)).toBe(
      original(ALEMBIC).replace("ADD COLUMN owner", "ADD COLUMN IF NOT EXISTS owner").replace("CREATE INDEX flags_owner_idx", "CREATE INDEX IF NOT EXISTS flags_owner_idx"),
    );
    expect(output(SEQUELIZE)).toBe(original(SEQUELIZE).replace("ADD COLUMN note", "ADD COLUMN IF NOT EXISTS note"));
  });

  describe("replayed twice on PostgreSQL", () => {
    it("the pop migration fails on the retry as written and runs twice once fixed", async () => {
      const [fixed] = await eslint(true).lintFiles([POP]);
      const asWritten = expandTemplate(fs.readFileSync(path.join(DIR, POP), "utf8"));
      const db = freshDatabase();
      expect(db.run(asWritten).ok).toBe(true);
      expect(db.run(asWritten).error).toBe('column "aal" of relation "sessions" already exists');
      const again = freshDatabase();
      const fixedSql = expandTemplate(fixed?.output ?? "");
      expect(again.run(fixedSql).ok).toBe(true);
      const second = again.run(fixedSql);
      expect(second.stderr).not.toContain("ERROR");
      expect(second.ok).toBe(true);
    });

    it("the Alembic migration fails on the retry as written and runs twice once fixed", async () => {
      const [fixed] = await eslint(true).lintFiles([ALEMBIC]);
      const asWritten = alembicUpgrade(fs.readFileSync(path.join(DIR, ALEMBIC), "utf8"));
      expect(asWritten).toHaveLength(5);
      const db = freshDatabase();
      expect(runQueries(db, asWritten)).toMatchObject({ ok: true, stderr: "" });
      expect(runQueries(db, asWritten).error).toBe('column "owner" of relation "flags" already exists');
      const statements = alembicUpgrade(fixed?.output ?? "");
      const again = freshDatabase();
      expect(runQueries(again, statements).ok).toBe(true);
      const second = runQueries(again, statements);
      expect(second.stderr).not.toContain("ERROR");
      expect(second.ok).toBe(true);
    });
  });
});
