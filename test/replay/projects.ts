// The fixture projects of fixtures/sql-migrations and fixtures/alembic-raw-sql, described once for
// the integration test (what ESLint reports and fixes) and the replay test (what PostgreSQL does
// with the original and the fixed migrations).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint, type Linter } from "eslint";
import plugin, { SQL_MIGRATION_FILES } from "../../src/index.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type SqlProjectName = "prisma" | "flyway" | "dbmate" | "goose" | "golang-migrate" | "drizzle" | "supabase";

export interface SqlProject {
  name: SqlProjectName;
  dir: string;
  /** The files the tool applies on the way up, in its order, relative to `dir`; the last one is unsafe. */
  migrations: string[];
  /** Prisma and Flyway checksum applied files, so their fixes are suggestions unless the user opts in. */
  checksummed: boolean;
  /** The SQL the tool sends to the database for the up direction of one file, query by query. */
  upQueries(text: string): string[];
  /** Where the last migration's down direction is written, for tools that have one. */
  lastDown: { file: string; queries(text: string): string[] } | null;
}

const whole = (text: string): string[] => [text];

const DBMATE_DOWN = /^-- migrate:down/m;
const GOOSE_DOWN = /^-- \+goose Down/m;

/** The text before `marker`: the up section of a file whose down section follows it. */
const before =
  (marker: RegExp) =>
  (text: string): string[] => {
    const match = marker.exec(text);
    return [match ? text.slice(0, match.index) : text];
  };

/** The text from `marker` on: the down section. */
const from =
  (marker: RegExp) =>
  (text: string): string[] => {
    const match = marker.exec(text);
    return match ? [text.slice(match.index)] : [];
  };

function project(
  name: SqlProjectName,
  migrations: string[],
  upQueries: (text: string) => string[] = whole,
  lastDown: SqlProject["lastDown"] = null,
): SqlProject {
  return {
    name,
    dir: path.join(ROOT, "fixtures", "sql-migrations", name),
    migrations,
    checksummed: name === "prisma" || name === "flyway",
    upQueries,
    lastDown,
  };
}

export const SQL_PROJECTS: readonly SqlProject[] = [
  project("prisma", [
    "prisma/migrations/20240312101500_init/migration.sql",
    "prisma/migrations/20240405143000_post_tags/migration.sql",
  ]),
  project("flyway", ["db/migration/V1__create_orders.sql", "db/migration/V2__order_search.sql"]),
  project(
    "dbmate",
    ["db/migrations/20240115093000_create_accounts.sql", "db/migrations/20240220120000_account_emails.sql"],
    before(DBMATE_DOWN),
    { file: "db/migrations/20240220120000_account_emails.sql", queries: from(DBMATE_DOWN) },
  ),
  project(
    "goose",
    ["migrations/00001_create_projects.sql", "migrations/00002_index_tasks_by_project.sql", "migrations/00003_task_comments.sql"],
    before(GOOSE_DOWN),
    { file: "migrations/00003_task_comments.sql", queries: from(GOOSE_DOWN) },
  ),
  project("golang-migrate", ["migrations/000001_create_users.up.sql", "migrations/000002_sessions.up.sql"], whole, {
    file: "migrations/000002_sessions.down.sql",
    queries: whole,
  }),
  // drizzle's migrator sends each piece between breakpoints as its own query, wherever the marker sits.
  project("drizzle", ["drizzle/0000_gifted_wolverine.sql", "drizzle/0001_brave_sentry.sql"], (text) =>
    text.split("--> statement-breakpoint"),
  ),
  project("supabase", [
    "supabase/migrations/20240301090000_create_profiles.sql",
    "supabase/migrations/20240318143000_profile_activity.sql",
  ]),
];

export const PYTHON_PROJECT = {
  dir: path.join(ROOT, "fixtures", "alembic-raw-sql"),
  migration: "alembic/versions/20250110_0001_create_catalog.py",
};

export interface LintOptions {
  fix?: boolean;
  /** The rule option that lets `--fix` edit Prisma and Flyway migrations despite their checksums. */
  fixChecksummedMigrations?: boolean;
}

/** ESLint as a user runs it from the project's root with `configs.recommended`. */
export function projectEslint(dir: string, { fix = false, fixChecksummedMigrations = false }: LintOptions = {}): ESLint {
  const config: Linter.Config[] = [...plugin.configs.recommended];
  if (fixChecksummedMigrations) {
    config.push({ files: SQL_MIGRATION_FILES, rules: { "migrations/idempotent-ddl": ["error", { fixChecksummedMigrations: true }] } });
  }
  return new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, fix });
}

/** A path relative to `dir`, with `/` on every platform, as the expected lists spell them. */
export function relativePath(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join("/");
}

/**
 * Every linted file of the project after `eslint --fix` (the rule option allowing it where the tool
 * checksums files), by relative path; files without a fix keep their text.
 */
export async function fixedProject(dir: string, checksummed: boolean): Promise<Map<string, string>> {
  const results = await projectEslint(dir, { fix: true, fixChecksummedMigrations: checksummed }).lintFiles(["."]);
  const texts = new Map<string, string>();
  for (const result of results) {
    if (result.messages.length > 0) {
      throw new Error(`eslint --fix left findings in ${result.filePath}: ${JSON.stringify(result.messages)}`);
    }
    texts.set(relativePath(dir, result.filePath), result.output ?? fs.readFileSync(result.filePath, "utf8"));
  }
  return texts;
}
