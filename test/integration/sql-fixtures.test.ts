// The SQL fixture projects (one per migration tool) and the raw-SQL Alembic project, linted the way
// a user lints them: the ESLint class, `configs.recommended`, cwd at the project's root. Every
// finding is listed literally; each position and each quoted error was checked by hand against the
// file and against PostgreSQL 15 (test/replay runs the migrations for real).

import fs from "node:fs";
import type { ESLint, Linter } from "eslint";
import { describe, expect, it } from "vitest";
import { PYTHON_PROJECT, SQL_PROJECTS, projectEslint, relativePath, type SqlProjectName } from "../replay/projects.js";

type Spelling = "IF NOT EXISTS" | "IF EXISTS" | "OR REPLACE";

interface ExpectedFinding {
  file: string;
  /** line, column, endLine, endColumn */
  at: [number, number, number, number];
  subject: string;
  /** What PostgreSQL 15 prints when the statement runs a second time. */
  error: string;
  spelling: Spelling;
  /**
   * What the message quotes instead of `error` today, a plugin bug that was reported: when the
   * plugin is fixed this expectation fails, and the entry loses this field.
   */
}

function finding(file: string, at: ExpectedFinding["at"], subject: string, error: string, spelling: Spelling): ExpectedFinding {
  return { file, at, subject, error, spelling };
}

function message({ subject, error, spelling }: ExpectedFinding): string {
  const outcome = spelling === "OR REPLACE" ? "replaces it" : "skips it";
  return `${subject} is not retry-safe: if the migration is retried after a partial run, the retry fails with '${error}'. Add \`${spelling}\` so that a retry ${outcome}.`;
}

const PRISMA_TAGS = "prisma/migrations/20240405143000_post_tags/migration.sql";
const FLYWAY_V2 = "db/migration/V2__order_search.sql";
const DBMATE_EMAILS = "db/migrations/20240220120000_account_emails.sql";
const GOOSE_COMMENTS = "migrations/00003_task_comments.sql";
const GOLANG_UP = "migrations/000002_sessions.up.sql";
const GOLANG_DOWN = "migrations/000002_sessions.down.sql";
const DRIZZLE_0001 = "drizzle/0001_brave_sentry.sql";
const SUPABASE_ACTIVITY = "supabase/migrations/20240318143000_profile_activity.sql";
const ALEMBIC_0001 = "alembic/versions/20250110_0001_create_catalog.py";

interface ExpectedProject {
  /** Every file the recommended config lints, findings or not. */
  files: string[];
  findings: ExpectedFinding[];
}

const EXPECTED: Record<SqlProjectName | "alembic-raw-sql", ExpectedProject> = {
  prisma: {
    files: ["prisma/migrations/20240312101500_init/migration.sql", PRISMA_TAGS],
    findings: [
      finding(PRISMA_TAGS, [2, 1, 2, 40], "ALTER TYPE Role ADD VALUE 'MODERATOR'", 'enum label "MODERATOR" already exists', "IF NOT EXISTS"),
      finding(PRISMA_TAGS, [5, 1, 5, 28], "DROP INDEX Post_title_idx", 'index "Post_title_idx" does not exist', "IF EXISTS"),
      finding(PRISMA_TAGS, [8, 20, 8, 39], "ALTER TABLE Post DROP COLUMN draft", 'column "draft" of relation "Post" does not exist', "IF EXISTS"),
      finding(PRISMA_TAGS, [9, 1, 9, 42], "ALTER TABLE Post ADD COLUMN publishedAt", 'column "publishedAt" of relation "Post" already exists', "IF NOT EXISTS"),
      finding(PRISMA_TAGS, [12, 1, 17, 2], "CREATE TABLE Tag", 'relation "Tag" already exists', "IF NOT EXISTS"),
      finding(PRISMA_TAGS, [20, 1, 20, 52], "CREATE INDEX Tag_name_key", 'relation "Tag_name_key" already exists', "IF NOT EXISTS"),
      finding(PRISMA_TAGS, [23, 1, 23, 61], "CREATE INDEX Post_publishedAt_idx", 'relation "Post_publishedAt_idx" already exists', "IF NOT EXISTS"),
    ],
  },
  flyway: {
    files: ["db/migration/V1__create_orders.sql", FLYWAY_V2],
    findings: [
      finding(FLYWAY_V2, [2, 1, 2, 25], "CREATE EXTENSION pg_trgm", 'extension "pg_trgm" already exists', "IF NOT EXISTS"),
      finding(FLYWAY_V2, [4, 1, 4, 90], "CREATE INDEX customers_full_name_trgm_idx", 'relation "customers_full_name_trgm_idx" already exists', "IF NOT EXISTS"),
      finding(FLYWAY_V2, [6, 1, 6, 51], "CREATE SEQUENCE invoice_number_seq", 'relation "invoice_number_seq" already exists', "IF NOT EXISTS"),
      finding(FLYWAY_V2, [8, 20, 8, 52], "ALTER TABLE orders ADD COLUMN invoice_number", 'column "invoice_number" of relation "orders" already exists', "IF NOT EXISTS"),
      finding(FLYWAY_V2, [10, 1, 14, 31], "CREATE VIEW unpaid_orders", 'relation "unpaid_orders" already exists', "OR REPLACE"),
      finding(FLYWAY_V2, [16, 1, 16, 45], "ALTER TYPE order_status ADD VALUE 'refunded'", 'enum label "refunded" already exists', "IF NOT EXISTS"),
    ],
  },
  dbmate: {
    files: ["db/migrations/20240115093000_create_accounts.sql", DBMATE_EMAILS],
    findings: [
      finding(DBMATE_EMAILS, [2, 1, 2, 24], "CREATE EXTENSION citext", 'extension "citext" already exists', "IF NOT EXISTS"),
      finding(DBMATE_EMAILS, [4, 22, 4, 45], "ALTER TABLE accounts ADD COLUMN email", 'column "email" of relation "accounts" already exists', "IF NOT EXISTS"),
      finding(DBMATE_EMAILS, [5, 1, 5, 59], "CREATE INDEX accounts_email_key", 'relation "accounts_email_key" already exists', "IF NOT EXISTS"),
      finding(DBMATE_EMAILS, [7, 22, 7, 40], "ALTER TABLE api_keys DROP COLUMN prefix", 'column "prefix" of relation "api_keys" does not exist', "IF EXISTS"),
      finding(DBMATE_EMAILS, [9, 1, 9, 24], "CREATE SCHEMA reporting", 'schema "reporting" already exists', "IF NOT EXISTS"),
      finding(DBMATE_EMAILS, [10, 1, 11, 64], "CREATE VIEW reporting.account_plans", 'relation "account_plans" already exists', "OR REPLACE"),
      // The down section.
      finding(DBMATE_EMAILS, [14, 1, 14, 34], "DROP VIEW reporting.account_plans", 'view "account_plans" does not exist', "IF EXISTS"),
      finding(DBMATE_EMAILS, [15, 1, 15, 22], "DROP SCHEMA reporting", 'schema "reporting" does not exist', "IF EXISTS"),
      finding(DBMATE_EMAILS, [16, 1, 16, 30], "DROP INDEX accounts_email_key", 'index "accounts_email_key" does not exist', "IF EXISTS"),
      finding(DBMATE_EMAILS, [17, 22, 17, 39], "ALTER TABLE accounts DROP COLUMN email", 'column "email" of relation "accounts" does not exist', "IF EXISTS"),
      finding(DBMATE_EMAILS, [18, 22, 18, 64], "ALTER TABLE api_keys ADD COLUMN prefix", 'column "prefix" of relation "api_keys" already exists', "IF NOT EXISTS"),
    ],
  },
  goose: {
    files: ["migrations/00001_create_projects.sql", "migrations/00002_index_tasks_by_project.sql", GOOSE_COMMENTS],
    findings: [
      finding(GOOSE_COMMENTS, [2, 1, 7, 2], "CREATE TABLE task_comments", 'relation "task_comments" already exists', "IF NOT EXISTS"),
      finding(GOOSE_COMMENTS, [8, 1, 8, 66], "CREATE INDEX task_comments_task_id_idx", 'relation "task_comments_task_id_idx" already exists', "IF NOT EXISTS"),
      finding(GOOSE_COMMENTS, [11, 1, 17, 3], "CREATE FUNCTION touch_task", 'function "touch_task" already exists with same argument types', "OR REPLACE"),
      finding(GOOSE_COMMENTS, [20, 1, 21, 47], "CREATE TRIGGER task_comments_touch_task", 'trigger "task_comments_touch_task" for relation "task_comments" already exists', "OR REPLACE"),
      finding(GOOSE_COMMENTS, [23, 19, 23, 54], "ALTER TABLE tasks ADD COLUMN completed_at", 'column "completed_at" of relation "tasks" already exists', "IF NOT EXISTS"),
      // The down section.
      finding(GOOSE_COMMENTS, [26, 1, 26, 55], "DROP TRIGGER task_comments_touch_task", 'trigger "task_comments_touch_task" for table "task_comments" does not exist', "IF EXISTS"),
      finding(GOOSE_COMMENTS, [27, 1, 27, 27], "DROP FUNCTION touch_task", "function touch_task() does not exist", "IF EXISTS"),
      finding(GOOSE_COMMENTS, [28, 1, 28, 25], "DROP TABLE task_comments", 'table "task_comments" does not exist', "IF EXISTS"),
      finding(GOOSE_COMMENTS, [29, 19, 29, 43], "ALTER TABLE tasks DROP COLUMN completed_at", 'column "completed_at" of relation "tasks" does not exist', "IF EXISTS"),
    ],
  },
  "golang-migrate": {
    files: ["migrations/000001_create_users.down.sql", "migrations/000001_create_users.up.sql", GOLANG_DOWN, GOLANG_UP],
    findings: [
      finding(GOLANG_DOWN, [3, 1, 3, 44], "ALTER TABLE user_events RENAME TO audit_log", 'relation "user_events" does not exist', "IF EXISTS"),
      finding(GOLANG_DOWN, [4, 1, 4, 56], "CREATE INDEX users_created_at_idx", 'relation "users_created_at_idx" already exists', "IF NOT EXISTS"),
      finding(GOLANG_DOWN, [5, 19, 5, 43], "ALTER TABLE users DROP COLUMN last_seen_at", 'column "last_seen_at" of relation "users" does not exist', "IF EXISTS"),
      finding(GOLANG_DOWN, [6, 1, 6, 20], "DROP TABLE sessions", 'table "sessions" does not exist', "IF EXISTS"),
      finding(GOLANG_UP, [3, 1, 7, 2], "CREATE TABLE sessions", 'relation "sessions" already exists', "IF NOT EXISTS"),
      finding(GOLANG_UP, [8, 1, 8, 56], "CREATE INDEX sessions_user_id_idx", 'relation "sessions_user_id_idx" already exists', "IF NOT EXISTS"),
      finding(GOLANG_UP, [10, 1, 10, 32], "DROP INDEX users_created_at_idx", 'index "users_created_at_idx" does not exist', "IF EXISTS"),
      finding(GOLANG_UP, [11, 19, 11, 54], "ALTER TABLE users ADD COLUMN last_seen_at", 'column "last_seen_at" of relation "users" already exists', "IF NOT EXISTS"),
      finding(GOLANG_UP, [12, 1, 12, 44], "ALTER TABLE audit_log RENAME TO user_events", 'relation "audit_log" does not exist', "IF EXISTS"),
    ],
  },
  drizzle: {
    files: ["drizzle/0000_gifted_wolverine.sql", DRIZZLE_0001],
    findings: [
      finding(DRIZZLE_0001, [1, 1, 1, 55], "ALTER TYPE public.post_status ADD VALUE 'archived'", 'enum label "archived" already exists', "IF NOT EXISTS"),
      finding(DRIZZLE_0001, [2, 1, 7, 2], "CREATE TABLE comments", 'relation "comments" already exists', "IF NOT EXISTS"),
      finding(DRIZZLE_0001, [9, 21, 9, 51], "ALTER TABLE posts ADD COLUMN slug", 'column "slug" of relation "posts" already exists', "IF NOT EXISTS"),
      finding(DRIZZLE_0001, [10, 1, 10, 74], "CREATE INDEX comments_post_id_idx", 'relation "comments_post_id_idx" already exists', "IF NOT EXISTS"),
      finding(DRIZZLE_0001, [11, 1, 11, 69], "CREATE INDEX posts_slug_idx", 'relation "posts_slug_idx" already exists', "IF NOT EXISTS"),
      finding(DRIZZLE_0001, [12, 1, 12, 33], "DROP INDEX posts_author_id_idx", 'index "posts_author_id_idx" does not exist', "IF EXISTS"),
      finding(DRIZZLE_0001, [13, 1, 13, 123], "CREATE VIEW public.published_posts", 'relation "published_posts" already exists', "OR REPLACE"),
    ],
  },
  supabase: {
    files: ["supabase/migrations/20240301090000_create_profiles.sql", SUPABASE_ACTIVITY],
    findings: [
      finding(SUPABASE_ACTIVITY, [1, 1, 1, 43], "CREATE EXTENSION hstore", 'extension "hstore" already exists', "IF NOT EXISTS"),
      finding(SUPABASE_ACTIVITY, [3, 1, 8, 2], "CREATE TABLE public.profile_activity", 'relation "profile_activity" already exists', "IF NOT EXISTS"),
      finding(SUPABASE_ACTIVITY, [10, 1, 10, 103], "CREATE INDEX profile_activity_profile_id_idx", 'relation "profile_activity_profile_id_idx" already exists', "IF NOT EXISTS"),
      finding(SUPABASE_ACTIVITY, [12, 29, 12, 52], "ALTER TABLE public.profiles ADD COLUMN website", 'column "website" of relation "profiles" already exists', "IF NOT EXISTS"),
      finding(SUPABASE_ACTIVITY, [14, 1, 21, 3], "CREATE FUNCTION public.handle_profile_update", 'function "handle_profile_update" already exists with same argument types', "OR REPLACE"),
      finding(SUPABASE_ACTIVITY, [23, 1, 25, 64], "CREATE TRIGGER on_profile_update", 'trigger "on_profile_update" for relation "profiles" already exists', "OR REPLACE"),
      finding(SUPABASE_ACTIVITY, [27, 1, 27, 33], "DROP TABLE public.profile_drafts", 'table "profile_drafts" does not exist', "IF EXISTS"),
    ],
  },
  "alembic-raw-sql": {
    files: [ALEMBIC_0001],
    findings: [
      // The module-level constant: the finding sits where the SQL is written, not at the call.
      finding(ALEMBIC_0001, [21, 20, 21, 92], "CREATE INDEX ix_brands_name_trgm in op.execute()", 'relation "ix_brands_name_trgm" already exists', "IF NOT EXISTS"),
      finding(ALEMBIC_0001, [28, 9, 31, 10], "CREATE TABLE brands in op.execute()", 'relation "brands" already exists', "IF NOT EXISTS"),
      finding(ALEMBIC_0001, [34, 19, 39, 6], "CREATE TABLE products in op.execute()", 'relation "products" already exists', "IF NOT EXISTS"),
      finding(ALEMBIC_0001, [40, 17, 40, 70], "CREATE INDEX ix_products_sku in op.execute()", 'relation "ix_products_sku" already exists', "IF NOT EXISTS"),
      finding(ALEMBIC_0001, [41, 17, 41, 41], "CREATE EXTENSION pg_trgm in op.execute()", 'extension "pg_trgm" already exists', "IF NOT EXISTS"),
      finding(ALEMBIC_0001, [42, 17, 42, 93], "CREATE INDEX ix_products_name_trgm in op.execute()", 'relation "ix_products_name_trgm" already exists', "IF NOT EXISTS"),
      finding(ALEMBIC_0001, [43, 25, 43, 99], "CREATE INDEX ix_products_sku_trgm in sa.text()", 'relation "ix_products_sku_trgm" already exists', "IF NOT EXISTS"),
    ],
  },
};

interface Case {
  name: SqlProjectName | "alembic-raw-sql";
  dir: string;
  /** `Prisma`/`Flyway` when the tool checksums applied files, so fixes must stay suggestions. */
  checksummedBy: string | null;
}

const CASES: Case[] = [
  ...SQL_PROJECTS.map((project) => ({
    name: project.name,
    dir: project.dir,
    checksummedBy: project.checksummed ? (project.name === "prisma" ? "Prisma" : "Flyway") : null,
  })),
  { name: "alembic-raw-sql", dir: PYTHON_PROJECT.dir, checksummedBy: null },
];

function sortedByFile(results: ESLint.LintResult[], dir: string): ESLint.LintResult[] {
  return [...results].sort((a, b) => relativePath(dir, a.filePath).localeCompare(relativePath(dir, b.filePath)));
}

function findingsOf(results: ESLint.LintResult[], dir: string) {
  return sortedByFile(results, dir).flatMap((result) =>
    result.messages.map((lint) => ({
      file: relativePath(dir, result.filePath),
      ruleId: lint.ruleId,
      line: lint.line,
      column: lint.column,
      endLine: lint.endLine,
      endColumn: lint.endColumn,
      messageId: lint.messageId,
      message: lint.message,
    })),
  );
}

/** The source with every suggestion of every message applied, as an editor's "fix all" would. */
function applySuggestions(source: string, messages: Linter.LintMessage[]): string {
  const edits = messages.flatMap((lint) => (lint.suggestions ?? []).map((suggestion) => suggestion.fix));
  edits.sort((a, b) => b.range[0] - a.range[0]);
  return edits.reduce((text, edit) => text.slice(0, edit.range[0]) + edit.text + text.slice(edit.range[1]), source);
}

describe.each(CASES)("fixture project $name", ({ name, dir, checksummedBy }) => {
  const expected = EXPECTED[name];
  const fixChecksummedMigrations = checksummedBy !== null;

  it("reports exactly the listed findings, and none in the safe migrations", async () => {
    const results = await projectEslint(dir).lintFiles(["."]);
    expect(sortedByFile(results, dir).map((result) => relativePath(dir, result.filePath))).toEqual(expected.files);
    expect(findingsOf(results, dir)).toEqual(
      expected.findings.map((want) => ({
        file: want.file,
        ruleId: "migrations/idempotent-ddl",
        line: want.at[0],
        column: want.at[1],
        endLine: want.at[2],
        endColumn: want.at[3],
        messageId: "missingGuard",
        message: message(want),
      })),
    );
  });

  if (checksummedBy !== null) {
    it(`offers suggestions, not autofixes, because ${checksummedBy} checksums applied migrations`, async () => {
      const results = await projectEslint(dir).lintFiles(["."]);
      const messages = sortedByFile(results, dir).flatMap((result) => result.messages);
      expect(messages).toHaveLength(expected.findings.length);
      messages.forEach((lint, index) => {
        const spelling = expected.findings[index]?.spelling ?? "?";
        expect(lint.fix).toBeUndefined();
        expect(lint.suggestions?.map(({ messageId, desc }) => ({ messageId, desc }))).toEqual([
          { messageId: "addGuard", desc: `Add \`${spelling}\` (changes the checksum of an applied ${checksummedBy} migration).` },
        ]);
      });
      const fixed = await projectEslint(dir, { fix: true }).lintFiles(["."]);
      expect(fixed.filter((result) => result.output !== undefined)).toEqual([]);
    });

    it("makes the same edits when the autofix is opted into as its suggestions do", async () => {
      const suggested = await projectEslint(dir).lintFiles(["."]);
      const fixed = await projectEslint(dir, { fix: true, fixChecksummedMigrations: true }).lintFiles(["."]);
      for (const result of suggested.filter((each) => each.messages.length > 0)) {
        const output = fixed.find((each) => each.filePath === result.filePath)?.output;
        expect(output).toBeTypeOf("string");
        expect(applySuggestions(fs.readFileSync(result.filePath, "utf8"), result.messages)).toBe(output);
      }
    });
  } else {
    it("offers every finding as an autofix", async () => {
      const messages = (await projectEslint(dir).lintFiles(["."])).flatMap((result) => result.messages);
      expect(messages).toHaveLength(expected.findings.length);
      for (const lint of messages) {
        expect(lint.fix).toBeDefined();
        expect(lint.suggestions ?? []).toEqual([]);
      }
    });
  }

  it("fixes every finding: the output re-lints clean, and a second --fix changes nothing", async () => {
    const results = await projectEslint(dir, { fix: true, fixChecksummedMigrations }).lintFiles(["."]);
    expect(results.flatMap((result) => result.messages)).toEqual([]);
    const changed = sortedByFile(results, dir).filter((result) => result.output !== undefined);
    expect(changed.map((result) => relativePath(dir, result.filePath))).toEqual([...new Set(expected.findings.map((want) => want.file))]);

    for (const result of changed) {
      const output = result.output ?? "";
      const [relinted] = await projectEslint(dir).lintText(output, { filePath: result.filePath });
      expect(relinted?.messages).toEqual([]);
      const [again] = await projectEslint(dir, { fix: true, fixChecksummedMigrations }).lintText(output, { filePath: result.filePath });
      expect(again?.output ?? output).toBe(output);
    }
  });

  it("adds only the guards: removing them from the output gives back the original", async () => {
    const results = await projectEslint(dir, { fix: true, fixChecksummedMigrations }).lintFiles(["."]);
    // Guards follow the statement's case: `create table if not exists` in lower-case SQL.
    const guard = /(?:IF NOT EXISTS|IF EXISTS|OR REPLACE) /gi;
    for (const result of results.filter((each) => each.output !== undefined)) {
      const original = fs.readFileSync(result.filePath, "utf8");
      const output = result.output ?? "";
      expect(output.replace(guard, "")).toBe(original.replace(guard, ""));
      const file = relativePath(dir, result.filePath);
      const added = (output.match(guard) ?? []).length - (original.match(guard) ?? []).length;
      expect(added).toBe(expected.findings.filter((want) => want.file === file).length);
    }
  });
});
