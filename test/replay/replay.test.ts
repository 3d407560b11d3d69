// The fixture projects replayed on a real PostgreSQL 15, as a retried deploy would run them: the
// original last migration fails on its second run with the error the plugin quotes, and the same
// migration after `eslint --fix` runs twice. If PostgreSQL cannot start, beforeAll throws and every
// case fails: a replay that skips proves nothing.

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractPythonSql } from "../../src/hosts/python-sql/extract.js";
import { PythonLanguage } from "../../src/languages/python/language.js";
import type { PsqlResult } from "../support/postgres.js";
import { replayCluster, runQueries } from "./cluster.js";
import { PYTHON_PROJECT, SQL_PROJECTS, fixedProject, projectEslint, type SqlProject, type SqlProjectName } from "./projects.js";

const freshDatabase = replayCluster("fixture_replay");


/** What PostgreSQL prints when the last, unsafe migration of each project runs a second time. */
const RETRY_ERRORS: Record<SqlProjectName, string> = {
  prisma: 'enum label "MODERATOR" already exists',
  flyway: 'extension "pg_trgm" already exists',
  dbmate: 'extension "citext" already exists',
  goose: 'relation "task_comments" already exists',
  "golang-migrate": 'relation "sessions" already exists',
  drizzle: 'enum label "archived" already exists',
  supabase: 'extension "hstore" already exists',
};

function readMigrations(project: SqlProject): string[] {
  return project.migrations.map((file) => fs.readFileSync(path.join(project.dir, file), "utf8"));
}

/** What PostgreSQL prints when the last migration's down direction runs a second time. */
const DOWN_RETRY_ERRORS: Partial<Record<SqlProjectName, string>> = {
  // The first run dropped the schema too, so the view's lookup fails on the schema.
  dbmate: 'schema "reporting" does not exist',
  goose: 'relation "task_comments" does not exist',
  "golang-migrate": 'relation "user_events" does not exist',
};

/** Applies every migration in order on a fresh database, then the last one again. */
function applyThenRetryLast(project: SqlProject, texts: string[]): { applied: PsqlResult[]; retry: PsqlResult } {
  const db = freshDatabase();
  const applied = texts.map((text) => runQueries(db, project.upQueries(text)));
  const last = texts.at(-1) ?? "";
  return { applied, retry: runQueries(db, project.upQueries(last)) };
}

describe.each(SQL_PROJECTS)("replaying fixture project $name", (project) => {
  it("has the unsafe migration last, and its second run fails with the error the plugin quotes", async () => {
    const { applied, retry } = applyThenRetryLast(project, readMigrations(project));
    applied.forEach((result, index) => {
      expect(result.stderr, project.migrations[index]).not.toContain("ERROR");
      expect(result.ok, project.migrations[index]).toBe(true);
    });
    expect(retry.ok).toBe(false);
    expect(retry.error).toBe(RETRY_ERRORS[project.name]);

    // The first finding of the last migration is its first statement, the one the retry stops at.
    const last = project.migrations.at(-1) ?? "";
    const [result] = await projectEslint(project.dir).lintFiles([last]);
    expect(result?.messages[0]?.message).toContain(`the retry fails with '${RETRY_ERRORS[project.name]}'`);
  });

  it("runs the fixed migrations in order, and the fixed last migration a second time", async () => {
    const fixed = await fixedProject(project.dir, project.checksummed);
    const texts = project.migrations.map((file) => {
      const text = fixed.get(file);
      if (text === undefined) throw new Error(`${file} was not linted`);
      return text;
    });
    // The fix must have touched the last migration, or this case would replay the original.
    expect(texts.at(-1)).not.toBe(readMigrations(project).at(-1));

    const { applied, retry } = applyThenRetryLast(project, texts);
    applied.forEach((result, index) => {
      expect(result.stderr, project.migrations[index]).not.toContain("ERROR");
      expect(result.ok, project.migrations[index]).toBe(true);
    });
    expect(retry.stderr).not.toContain("ERROR");
    expect(retry.ok).toBe(true);
  });
});

describe.each(SQL_PROJECTS.filter((project) => project.lastDown !== null))("rolling back fixture project $name", (project) => {
  const down = project.lastDown ?? { file: "", queries: () => [] };

  /** Applies the up migrations, then the last migration's down direction twice. */
  function rollBackTwice(ups: string[], downText: string): { ups: PsqlResult[]; first: PsqlResult; second: PsqlResult } {
    const db = freshDatabase();
    const applied = ups.map((text) => runQueries(db, project.upQueries(text)));
    const queries = down.queries(downText);
    expect(queries).not.toEqual([]);
    return { ups: applied, first: runQueries(db, queries), second: runQueries(db, queries) };
  }

  it("fails on the second rollback as written", () => {
    const { ups, first, second } = rollBackTwice(readMigrations(project), fs.readFileSync(path.join(project.dir, down.file), "utf8"));
    expect(ups.every((result) => result.ok)).toBe(true);
    expect(first.stderr).not.toContain("ERROR");
    expect(first.ok).toBe(true);
    expect(second.ok).toBe(false);
    expect(second.error).toBe(DOWN_RETRY_ERRORS[project.name]);
  });

  it("rolls back twice after eslint --fix", async () => {
    const fixed = await fixedProject(project.dir, project.checksummed);
    const ups = project.migrations.map((file) => fixed.get(file) ?? "");
    const { ups: applied, first, second } = rollBackTwice(ups, fixed.get(down.file) ?? "");
    expect(applied.every((result) => result.ok)).toBe(true);
    expect(first.stderr).not.toContain("ERROR");
    expect(first.ok).toBe(true);
    expect(second.stderr).not.toContain("ERROR");
    expect(second.ok).toBe(true);
  });
});

describe("replaying fixtures/alembic-raw-sql", () => {
  const language = new PythonLanguage();
  const file = path.join(PYTHON_PROJECT.dir, PYTHON_PROJECT.migration);
  const original = fs.readFileSync(file, "utf8");

  /**
   * The SQL strings upgrade() sends, one per op.execute(), in call order. downgrade() comes after
   * upgrade() in the file; a string written before it (a module-level constant) belongs to upgrade().
   */
  function upgradeSql(text: string): string[] {
    const parsed = language.parse({ body: text, path: file, physicalPath: file, bom: false });
    if (!parsed.ok) throw new Error(`the migration does not parse: ${JSON.stringify(parsed.errors)}`);
    const downgrade = text.indexOf("\ndef downgrade(");
    expect(downgrade).toBeGreaterThan(0);
    return extractPythonSql(text, parsed.ast)
      .filter((embedded) => embedded.hostRange([0, 0])[0] < downgrade)
      .map((embedded) => embedded.text);
  }

  /** Runs upgrade()'s statements twice on a fresh database, as a retried `alembic upgrade` would. */
  function upgradeTwice(statements: string[]): { first: PsqlResult; second: PsqlResult } {
    const db = freshDatabase();
    return { first: runQueries(db, statements), second: runQueries(db, statements) };
  }

  it("extracts the seven statements of upgrade() in call order", () => {
    expect(upgradeSql(original).map((sql) => /^\s*(CREATE (?:UNIQUE )?\w+ \w+)/.exec(sql)?.[1])).toEqual([
      "CREATE TABLE brands",
      "CREATE TABLE products",
      "CREATE UNIQUE INDEX ix_products_sku",
      "CREATE EXTENSION pg_trgm",
      "CREATE INDEX ix_products_name_trgm",
      "CREATE INDEX ix_products_sku_trgm",
      "CREATE INDEX ix_brands_name_trgm",
    ]);
  });

  it("fails on the second run as written", () => {
    const { first, second } = upgradeTwice(upgradeSql(original));
    expect(first.stderr).toBe("");
    expect(first.ok).toBe(true);
    expect(second.ok).toBe(false);
    expect(second.error).toBe('relation "brands" already exists');
  });

  it("runs twice after eslint --fix", async () => {
    const [result] = await projectEslint(PYTHON_PROJECT.dir, { fix: true }).lintFiles([PYTHON_PROJECT.migration]);
    expect(result?.messages).toEqual([]);
    const fixed = result?.output ?? "";
    expect(fixed).not.toBe(original);

    const statements = upgradeSql(fixed);
    expect(statements).toHaveLength(7);
    const { first, second } = upgradeTwice(statements);
    expect(first.stderr).toBe("");
    expect(first.ok).toBe(true);
    expect(second.stderr).not.toContain("ERROR");
    expect(second.ok).toBe(true);
    expect(second.stderr).toContain('NOTICE:  relation "ix_brands_name_trgm" already exists, skipping');
  });
});
