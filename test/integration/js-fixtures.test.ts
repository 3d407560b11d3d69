// The JS/TS fixture projects (one per migration framework), linted the way a user lints them: the
// ESLint class with nothing but `configs.recommended`, cwd at fixtures/js-migrations. Every finding
// is listed literally, then `eslint --fix` runs in memory (the fixtures are never written) and every
// fixed file is spelled out as literal edits of the original. The replay on PostgreSQL is in
// test/replay/js-fixtures.test.ts.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseTypeScript } from "@typescript-eslint/parser";
import type { ESLint, Linter } from "eslint";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT, relativePath } from "../replay/projects.js";
import { APP_FILE, JS_FIXTURES, JS_PROJECTS, jsEslint, replaceEach, type Replacement } from "../replay/js-projects.js";
import { readmeConfig } from "../support/eslint-cli.js";

type Fixability = "autofix" | "report only" | { suggestion: string };
const AUTOFIX: Fixability = "autofix";
const REPORT_ONLY: Fixability = "report only";

interface ExpectedFinding {
  file: string;
  /** line, column, endLine, endColumn */
  at: [number, number, number, number];
  message: string;
  fix: Fixability;
}

function finding(file: string, at: ExpectedFinding["at"], message: string, fix: Fixability): ExpectedFinding {
  return { file, at, message, fix };
}

/** The message of a missing guard that the framework (or SQL) has, with its autofix. */
function missing(file: string, at: ExpectedFinding["at"], subject: string, error: string, spelling: string): ExpectedFinding {
  const message = `${subject} is not retry-safe: if the migration is retried after a partial run, the retry fails with '${error}'. Add \`${spelling}\` so that a retry skips it.`;
  return { file, at, message, fix: AUTOFIX };
}

const DB_MIGRATE_ACTOR = "db-migrate/migrations/20240301090000-audit-log-actor.js";
const HOME_ACCOUNTS = "home-grown/migrations/001_create_accounts.js";
const HOME_PLANS = "home-grown/migrations/002_account_plans.ts";
const HOME_AUDIT = "home-grown/migrations/003_audit_events.js";
const KNEX_INVOICES = "knex/migrations/20240305141500_create_invoices.js";
const KNEX_LEGACY = "knex/migrations/20240412080000_drop_legacy_invoice_number.mjs";
const KYSELY_ORDERS = "kysely/migrations/2024_02_01_0001_create_orders.ts";
const KYSELY_REFUNDS = "kysely/migrations/2024_03_12_0002_refunds.ts";
const MIKRO_BOOK = "mikro-orm/src/migrations/Migration20240315083000.ts";
const PGM_MEMBERS = "node-pg-migrate/migrations/1709100000000_project-members.js";
const PGM_CONCURRENT = "node-pg-migrate/migrations/1709200000000_index-projects-by-creation.js";
const SEQUELIZE_EMAIL = "sequelize/migrations/20240220093000-add-user-email-index.js";
const SEQUELIZE_SESSIONS = "sequelize/migrations/20240301100000-create-sessions.js";
const TYPEORM_API_KEY = "typeorm/src/migrations/1708000000000-AddApiKey.ts";
const TYPEORM_USAGE = "typeorm/src/migrations/1708500000000-ApiKeyUsage.ts";

const HAS_TABLE_SUGGESTION = 'Wrap it in `if (!(await knex.schema.hasTable("invoices")))`.';

/** Every file the recommended config lints under fixtures/js-migrations, findings or not. */
const LINTED = [
  "db-migrate/migrations/20240110120000-create-audit-log.js",
  DB_MIGRATE_ACTOR,
  // The runner and its sql tag are application code: outside migrations/, no rule runs.
  "home-grown/db/migrate.js",
  "home-grown/db/sql.js",
  HOME_ACCOUNTS,
  HOME_PLANS,
  HOME_AUDIT,
  "home-grown/migrations/004_account_names.js",
  // ESLint lints every .js/.mjs/.cjs it is pointed at; without a matching config entry, no rule runs.
  "knex/knexfile.js",
  "knex/migrations/20240110093000_create_customers.js",
  KNEX_INVOICES,
  KNEX_LEGACY,
  APP_FILE,
  KYSELY_ORDERS,
  KYSELY_REFUNDS,
  "mikro-orm/src/migrations/Migration20240301120000.ts",
  MIKRO_BOOK,
  "node-pg-migrate/migrations/1709000000000_create-projects.js",
  PGM_MEMBERS,
  PGM_CONCURRENT,
  "sequelize/migrations/20240115120000-create-user.js",
  SEQUELIZE_EMAIL,
  SEQUELIZE_SESSIONS,
  "typeorm/src/migrations/1707123456789-CreateWorkspace.ts",
  TYPEORM_API_KEY,
  TYPEORM_USAGE,
];

// Positions were checked by hand against the files: a raw-SQL finding spans the statement (or the
// ALTER TABLE subcommand) inside the literal, a builder finding the whole call.
const FINDINGS: ExpectedFinding[] = [
    missing(DB_MIGRATE_ACTOR, [18, 42, 18, 66], "ALTER TABLE audit_log ADD COLUMN actor_ip in db.runSql()", "column \"actor_ip\" of relation \"audit_log\" already exists", "IF NOT EXISTS"),
    missing(DB_MIGRATE_ACTOR, [19, 20, 19, 90], "CREATE INDEX audit_log_actor_idx in db.runSql()", "relation \"audit_log_actor_idx\" already exists", "IF NOT EXISTS"),
    missing(DB_MIGRATE_ACTOR, [23, 20, 23, 50], "DROP INDEX audit_log_actor_idx in db.runSql()", "index \"audit_log_actor_idx\" does not exist", "IF EXISTS"),
    missing(DB_MIGRATE_ACTOR, [24, 42, 24, 62], "ALTER TABLE audit_log DROP COLUMN actor_ip in db.runSql()", "column \"actor_ip\" of relation \"audit_log\" does not exist", "IF EXISTS"),
    missing(HOME_ACCOUNTS, [3, 23, 3, 92], "CREATE TABLE accounts in pool.query()", "relation \"accounts\" already exists", "IF NOT EXISTS"),
    missing(HOME_ACCOUNTS, [4, 23, 4, 81], "CREATE INDEX accounts_email_key in pool.query()", "relation \"accounts_email_key\" already exists", "IF NOT EXISTS"),
    missing(HOME_ACCOUNTS, [7, 23, 7, 42], "DROP TABLE accounts in pool.query()", "table \"accounts\" does not exist", "IF EXISTS"),
    // The sql`…` constant that up sends, and the helper that up calls.
    missing(HOME_PLANS, [9, 43, 9, 87], "ALTER TABLE accounts ADD COLUMN plan in client.query()", "column \"plan\" of relation \"accounts\" already exists", "IF NOT EXISTS"),
    missing(HOME_PLANS, [12, 23, 12, 72], "CREATE INDEX accounts_plan_idx in client.query()", "relation \"accounts_plan_idx\" already exists", "IF NOT EXISTS"),
    missing(HOME_PLANS, [21, 28, 21, 56], "DROP INDEX accounts_plan_idx in client.query()", "index \"accounts_plan_idx\" does not exist", "IF EXISTS"),
    missing(HOME_PLANS, [22, 49, 22, 65], "ALTER TABLE accounts DROP COLUMN plan in client.query()", "column \"plan\" of relation \"accounts\" does not exist", "IF EXISTS"),
    missing(HOME_AUDIT, [3, 3, 3, 117], "CREATE TABLE audit_events in exported up", "relation \"audit_events\" already exists", "IF NOT EXISTS"),
    missing(HOME_AUDIT, [4, 3, 4, 82], "CREATE INDEX audit_events_account_idx in exported up", "relation \"audit_events_account_idx\" already exists", "IF NOT EXISTS"),
    missing(HOME_AUDIT, [7, 17, 7, 40], "DROP TABLE audit_events in exported down", "table \"audit_events\" does not exist", "IF EXISTS"),
    missing(KNEX_INVOICES, [2, 3, 4, 27], "CREATE INDEX invoices_status_due_at_idx in knex.raw()", "relation \"invoices_status_due_at_idx\" already exists", "IF NOT EXISTS"),
    finding(KNEX_INVOICES, [8, 9, 15, 5], "knex.schema.createTable() is not retry-safe (the retry fails with 'relation \"invoices\" already exists') and knex has no option to guard it. Guard it with `if (!(await knex.schema.hasTable(\"invoices\")))`.", { suggestion: HAS_TABLE_SUGGESTION }),
    finding(KNEX_INVOICES, [14, 5, 14, 61], "table.index() in knex.schema.createTable() is not retry-safe (the retry fails with 'relation \"invoices_customer_id_idx\" already exists') and knex has no option to guard it. Create it with knex.raw(\"CREATE INDEX IF NOT EXISTS …\"), or wrap the createTable in a hasTable check, which covers its indexes too.", REPORT_ONLY),
    missing(KNEX_INVOICES, [17, 41, 17, 70], "ALTER TABLE customers ADD COLUMN billing_email in knex.raw()", "column \"billing_email\" of relation \"customers\" already exists", "IF NOT EXISTS"),
    missing(KNEX_INVOICES, [21, 41, 21, 66], "ALTER TABLE customers DROP COLUMN billing_email in knex.raw()", "column \"billing_email\" of relation \"customers\" does not exist", "IF EXISTS"),
    missing(KNEX_INVOICES, [22, 9, 22, 42], "knex.schema.dropTable()", "table \"invoices\" does not exist", "dropTableIfExists"),
    finding(KNEX_LEGACY, [4, 5, 4, 38], "table.dropColumn() in knex.schema.alterTable() is not retry-safe (the retry fails with 'column \"legacy_number\" of relation \"invoices\" does not exist') and knex has no option to guard it. Check `if (await knex.schema.hasColumn(\"invoices\", \"legacy_number\"))` first.", REPORT_ONLY),
    missing(KNEX_LEGACY, [6, 26, 6, 50], "CREATE EXTENSION pg_trgm in knex.schema.raw()", "extension \"pg_trgm\" already exists", "IF NOT EXISTS"),
    missing(KNEX_LEGACY, [11, 26, 11, 48], "DROP EXTENSION pg_trgm in knex.schema.raw()", "extension \"pg_trgm\" does not exist", "IF EXISTS"),
    missing(KYSELY_REFUNDS, [4, 9, 5, 28], "db.schema.createTable()", "relation \"refunds\" already exists", ".ifNotExists()"),
    missing(KYSELY_REFUNDS, [12, 9, 12, 54], "db.schema.createIndex()", "relation \"refunds_order_id_idx\" already exists", ".ifNotExists()"),
    missing(KYSELY_REFUNDS, [14, 9, 14, 79], "db.schema.alterTable().addColumn()", "column \"refunded_at\" of relation \"orders\" already exists", ".ifNotExists()"),
    missing(KYSELY_REFUNDS, [16, 13, 16, 102], "CREATE INDEX orders_refunded_at_idx in sql`\u2026`", "relation \"orders_refunded_at_idx\" already exists", "IF NOT EXISTS"),
    missing(KYSELY_REFUNDS, [20, 13, 20, 46], "DROP INDEX orders_refunded_at_idx in sql`\u2026`", "index \"orders_refunded_at_idx\" does not exist", "IF EXISTS"),
    missing(KYSELY_REFUNDS, [21, 32, 21, 55], "ALTER TABLE orders DROP COLUMN refunded_at in sql`\u2026`", "column \"refunded_at\" of relation \"orders\" does not exist", "IF EXISTS"),
    missing(KYSELY_REFUNDS, [22, 9, 22, 52], "db.schema.dropIndex()", "index \"refunds_order_id_idx\" does not exist", ".ifExists()"),
    missing(KYSELY_REFUNDS, [23, 9, 23, 39], "db.schema.dropTable()", "table \"refunds\" does not exist", ".ifExists()"),
    missing(MIKRO_BOOK, [6, 18, 6, 120], "CREATE TABLE book in this.addSql()", "relation \"book\" already exists", "IF NOT EXISTS"),
    missing(MIKRO_BOOK, [7, 18, 7, 77], "CREATE INDEX book_author_id_index in this.addSql()", "relation \"book_author_id_index\" already exists", "IF NOT EXISTS"),
    finding(MIKRO_BOOK, [8, 37, 8, 147], "ALTER TABLE book ADD CONSTRAINT book_author_id_foreign in this.addSql() is not retry-safe (the retry fails with 'constraint \"book_author_id_foreign\" for relation \"book\" already exists') and PostgreSQL has no option to guard it. Run ALTER TABLE book DROP CONSTRAINT IF EXISTS book_author_id_foreign first, or add it in a DO block that catches duplicate_object.", REPORT_ONLY),
    missing(MIKRO_BOOK, [9, 39, 9, 69], "ALTER TABLE author ADD COLUMN born_on in this.addSql()", "column \"born_on\" of relation \"author\" already exists", "IF NOT EXISTS"),
    missing(MIKRO_BOOK, [13, 39, 13, 60], "ALTER TABLE author DROP COLUMN born_on in this.addSql()", "column \"born_on\" of relation \"author\" does not exist", "IF EXISTS"),
    missing(PGM_MEMBERS, [4, 3, 8, 5], "pgm.createTable()", "relation \"project_members\" already exists", "ifNotExists: true"),
    finding(PGM_MEMBERS, [9, 3, 9, 85], "pgm.createIndex() is not retry-safe: if the migration is retried after a partial run, the retry fails because the index already exists. Add `ifNotExists: true` so that a retry skips it.", AUTOFIX),
    finding(PGM_MEMBERS, [10, 3, 10, 111], "pgm.addConstraint() is not retry-safe (the retry fails with 'constraint \"project_members_role_check\" for relation \"project_members\" already exists') and node-pg-migrate has no option to guard it. Drop it first with pgm.dropConstraint(table, name, { ifExists: true }), or add it with pgm.sql() in a DO block that catches duplicate_object.", REPORT_ONLY),
    missing(PGM_MEMBERS, [11, 3, 11, 71], "pgm.addColumns()", "column \"archived_at\" of relation \"projects\" already exists", "ifNotExists: true"),
    missing(PGM_MEMBERS, [12, 12, 12, 105], "CREATE INDEX projects_archived_at_idx in pgm.sql()", "relation \"projects_archived_at_idx\" already exists", "IF NOT EXISTS"),
    missing(PGM_MEMBERS, [16, 12, 16, 47], "DROP INDEX projects_archived_at_idx in pgm.sql()", "index \"projects_archived_at_idx\" does not exist", "IF EXISTS"),
    missing(PGM_MEMBERS, [17, 3, 17, 47], "pgm.dropColumns()", "column \"archived_at\" of relation \"projects\" does not exist", "ifExists: true"),
    missing(PGM_MEMBERS, [18, 3, 18, 35], "pgm.dropTable()", "table \"project_members\" does not exist", "ifExists: true"),
    finding(PGM_CONCURRENT, [6, 3, 6, 87], "pgm.createIndex() is not retry-safe: a failed concurrent build leaves an INVALID index behind, which a retry trips over or, with IF NOT EXISTS, skips for good. Run `pgm.dropIndex(\"projects\", \"created_at\", { concurrently: true, ifExists: true })` before it.", REPORT_ONLY),
    missing(SEQUELIZE_EMAIL, [6, 43, 6, 66], "CREATE EXTENSION citext in queryInterface.sequelize.query()", "extension \"citext\" already exists", "IF NOT EXISTS"),
    missing(SEQUELIZE_EMAIL, [7, 63, 7, 99], "ALTER TABLE Users ADD COLUMN lastLoginAt in queryInterface.sequelize.query()", "column \"lastLoginAt\" of relation \"Users\" already exists", "IF NOT EXISTS"),
    finding(SEQUELIZE_EMAIL, [8, 11, 8, 97], "queryInterface.addIndex() is not retry-safe (the retry fails with 'relation \"users_email_key\" already exists') and Sequelize has no option to guard it. Create it with queryInterface.sequelize.query(\"CREATE UNIQUE INDEX IF NOT EXISTS …\").", REPORT_ONLY),
    missing(SEQUELIZE_EMAIL, [13, 63, 13, 88], "ALTER TABLE Users DROP COLUMN lastLoginAt in queryInterface.sequelize.query()", "column \"lastLoginAt\" of relation \"Users\" does not exist", "IF EXISTS"),
    // Returned, chained promises are Sequelize's: its createTable and dropTable are guarded already.
    finding(SEQUELIZE_SESSIONS, [13, 14, 13, 127], "queryInterface.addColumn() is not retry-safe (the retry fails with 'column \"sessionCount\" of relation \"Users\" already exists') and Sequelize has no option to guard it. Run it as queryInterface.sequelize.query(\"ALTER TABLE … ADD COLUMN IF NOT EXISTS …\").", REPORT_ONLY),
    finding(SEQUELIZE_SESSIONS, [18, 12, 18, 64], "queryInterface.removeColumn() is not retry-safe (the retry fails with 'column \"sessionCount\" of relation \"Users\" does not exist') and Sequelize has no option to guard it. Run it as queryInterface.sequelize.query(\"ALTER TABLE … DROP COLUMN IF EXISTS …\").", REPORT_ONLY),
    missing(TYPEORM_API_KEY, [8, 8, 8, 247], "CREATE TABLE apikey in queryRunner.query()", "relation \"apikey\" already exists", "IF NOT EXISTS"),
    missing(TYPEORM_API_KEY, [10, 30, 10, 95], "CREATE INDEX IDX_apikey_workspaceId in queryRunner.query()", "relation \"IDX_apikey_workspaceId\" already exists", "IF NOT EXISTS"),
    finding(TYPEORM_API_KEY, [12, 29, 12, 162], "ALTER TABLE apikey ADD CONSTRAINT FK_apikey_workspaceId in queryRunner.query() is not retry-safe (the retry fails with 'constraint \"FK_apikey_workspaceId\" for relation \"apikey\" already exists') and PostgreSQL has no option to guard it. Run ALTER TABLE apikey DROP CONSTRAINT IF EXISTS \"FK_apikey_workspaceId\" first, or add it in a DO block that catches duplicate_object.", REPORT_ONLY),
    // One finding for the statement, whose fix adds both guards.
    finding(
      TYPEORM_API_KEY,
      [17, 30, 17, 90],
      "ALTER TABLE apikey DROP CONSTRAINT FK_apikey_workspaceId in queryRunner.query() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'constraint \"FK_apikey_workspaceId\" of relation \"apikey\" does not exist', or with 'relation \"apikey\" does not exist' once the DROP TABLE after it has run. Add `ALTER TABLE IF EXISTS … DROP CONSTRAINT IF EXISTS` so that a retry skips it.",
      AUTOFIX,
    ),
    missing(TYPEORM_API_KEY, [18, 30, 18, 74], "DROP INDEX public.IDX_apikey_workspaceId in queryRunner.query()", "index \"IDX_apikey_workspaceId\" does not exist", "IF EXISTS"),
    missing(TYPEORM_API_KEY, [19, 30, 19, 49], "DROP TABLE apikey in queryRunner.query()", "table \"apikey\" does not exist", "IF EXISTS"),
    missing(TYPEORM_USAGE, [5, 11, 14, 6], "queryRunner.createTable()", "relation \"apikey_usage\" already exists", "true as argument 2 (ifNotExist)"),
    finding(TYPEORM_USAGE, [15, 11, 18, 6], "queryRunner.createIndex() is not retry-safe (the retry fails with 'relation \"IDX_apikey_usage_apiKeyId_day\" already exists') and TypeORM has no option to guard it. Create it with queryRunner.query(\"CREATE INDEX IF NOT EXISTS …\").", REPORT_ONLY),
    missing(TYPEORM_USAGE, [22, 11, 22, 81], "queryRunner.dropIndex()", "index \"IDX_apikey_usage_apiKeyId_day\" does not exist", "true as argument 3 (ifExists)"),
    missing(TYPEORM_USAGE, [23, 11, 23, 48], "queryRunner.dropTable()", "table \"apikey_usage\" does not exist", "true as argument 2 (ifExist)"),
];


/** `eslint --fix` output of every file with an autofix, as literal edits of the original. */
const FIXED: Record<string, Replacement[]> = {
  [DB_MIGRATE_ACTOR]: [
    ["'ALTER TABLE audit_log ADD COLUMN actor_ip inet'", "'ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS actor_ip inet'"],
    ['"CREATE INDEX audit_log_actor_idx ON', '"CREATE INDEX IF NOT EXISTS audit_log_actor_idx ON'],
    ["'DROP INDEX audit_log_actor_idx'", "'DROP INDEX IF EXISTS audit_log_actor_idx'"],
    ["'ALTER TABLE audit_log DROP COLUMN actor_ip'", "'ALTER TABLE audit_log DROP COLUMN IF EXISTS actor_ip'"],
  ],
  [HOME_ACCOUNTS]: [
    ['"CREATE TABLE accounts (', '"CREATE TABLE IF NOT EXISTS accounts ('],
    ["`CREATE UNIQUE INDEX accounts_email_key ON", "`CREATE UNIQUE INDEX IF NOT EXISTS accounts_email_key ON"],
    ['"DROP TABLE accounts"', '"DROP TABLE IF EXISTS accounts"'],
  ],
  [HOME_PLANS]: [
    ["sql`ALTER TABLE accounts ADD COLUMN plan", "sql`ALTER TABLE accounts ADD COLUMN IF NOT EXISTS plan"],
    ['"CREATE INDEX accounts_plan_idx ON', '"CREATE INDEX IF NOT EXISTS accounts_plan_idx ON'],
    ["sql`DROP INDEX accounts_plan_idx`", "sql`DROP INDEX IF EXISTS accounts_plan_idx`"],
    ["sql`ALTER TABLE accounts DROP COLUMN plan`", "sql`ALTER TABLE accounts DROP COLUMN IF EXISTS plan`"],
  ],
  [HOME_AUDIT]: [
    ["  CREATE TABLE audit_events (", "  CREATE TABLE IF NOT EXISTS audit_events ("],
    ["  CREATE INDEX audit_events_account_idx ON", "  CREATE INDEX IF NOT EXISTS audit_events_account_idx ON"],
    ['"DROP TABLE audit_events"', '"DROP TABLE IF EXISTS audit_events"'],
  ],
  [KNEX_INVOICES]: [
    ["  CREATE INDEX invoices_status_due_at_idx\n", "  CREATE INDEX IF NOT EXISTS invoices_status_due_at_idx\n"],
    ['"ALTER TABLE customers ADD COLUMN billing_email text"', '"ALTER TABLE customers ADD COLUMN IF NOT EXISTS billing_email text"'],
    ["'ALTER TABLE customers DROP COLUMN billing_email'", "'ALTER TABLE customers DROP COLUMN IF EXISTS billing_email'"],
    ['await knex.schema.dropTable("invoices");', 'await knex.schema.dropTableIfExists("invoices");'],
  ],
  [KNEX_LEGACY]: [
    ["`CREATE EXTENSION pg_trgm`", "`CREATE EXTENSION IF NOT EXISTS pg_trgm`"],
    ["`DROP EXTENSION pg_trgm`", "`DROP EXTENSION IF EXISTS pg_trgm`"],
  ],
  [KYSELY_REFUNDS]: [
    ['    .createTable("refunds")\n', '    .createTable("refunds").ifNotExists()\n'],
    ['createIndex("refunds_order_id_idx").on("refunds")', 'createIndex("refunds_order_id_idx").ifNotExists().on("refunds")'],
    ['.addColumn("refunded_at", "timestamptz").execute()', '.addColumn("refunded_at", "timestamptz", (col) => col.ifNotExists()).execute()'],
    ["sql`CREATE INDEX orders_refunded_at_idx ON", "sql`CREATE INDEX IF NOT EXISTS orders_refunded_at_idx ON"],
    ["sql`DROP INDEX orders_refunded_at_idx`", "sql`DROP INDEX IF EXISTS orders_refunded_at_idx`"],
    ["sql`ALTER TABLE orders DROP COLUMN refunded_at`", "sql`ALTER TABLE orders DROP COLUMN IF EXISTS refunded_at`"],
    ['dropIndex("refunds_order_id_idx").execute()', 'dropIndex("refunds_order_id_idx").ifExists().execute()'],
    ['dropTable("refunds").execute()', 'dropTable("refunds").ifExists().execute()'],
  ],
  [MIKRO_BOOK]: [
    ['`create table "book" (', '`create table if not exists "book" ('],
    ['`create index "book_author_id_index" on', '`create index if not exists "book_author_id_index" on'],
    ['`alter table "author" add column "born_on" date null;`', '`alter table "author" add column if not exists "born_on" date null;`'],
    ['`alter table "author" drop column "born_on";`', '`alter table "author" drop column if exists "born_on";`'],
  ],
  [PGM_MEMBERS]: [
    ['    role: { type: "text", notNull: true, default: "member" },\n  });', '    role: { type: "text", notNull: true, default: "member" },\n  }, { ifNotExists: true });'],
    ['["project_id", "user_email"], { unique: true });', '["project_id", "user_email"], { unique: true, ifNotExists: true });'],
    ['{ archived_at: { type: "timestamptz" } });', '{ archived_at: { type: "timestamptz" } }, { ifNotExists: true });'],
    ["pgm.sql(`CREATE INDEX projects_archived_at_idx ON", "pgm.sql(`CREATE INDEX IF NOT EXISTS projects_archived_at_idx ON"],
    ["pgm.sql(`DROP INDEX projects_archived_at_idx`);", "pgm.sql(`DROP INDEX IF EXISTS projects_archived_at_idx`);"],
    ['pgm.dropColumns("projects", ["archived_at"]);', 'pgm.dropColumns("projects", ["archived_at"], { ifExists: true });'],
    ['pgm.dropTable("project_members");', 'pgm.dropTable("project_members", { ifExists: true });'],
  ],
  [SEQUELIZE_EMAIL]: [
    ["'CREATE EXTENSION citext'", "'CREATE EXTENSION IF NOT EXISTS citext'"],
    [`'ALTER TABLE "Users" ADD COLUMN "lastLoginAt" timestamptz'`, `'ALTER TABLE "Users" ADD COLUMN IF NOT EXISTS "lastLoginAt" timestamptz'`],
    [`'ALTER TABLE "Users" DROP COLUMN "lastLoginAt"'`, `'ALTER TABLE "Users" DROP COLUMN IF EXISTS "lastLoginAt"'`],
  ],
  [TYPEORM_API_KEY]: [
    ['`CREATE TABLE "apikey" (', '`CREATE TABLE IF NOT EXISTS "apikey" ('],
    ['`CREATE INDEX "IDX_apikey_workspaceId" ON', '`CREATE INDEX IF NOT EXISTS "IDX_apikey_workspaceId" ON'],
    ['`ALTER TABLE "apikey" DROP CONSTRAINT "FK_apikey_workspaceId"`', '`ALTER TABLE IF EXISTS "apikey" DROP CONSTRAINT IF EXISTS "FK_apikey_workspaceId"`'],
    ['`DROP INDEX "public"."IDX_apikey_workspaceId"`', '`DROP INDEX IF EXISTS "public"."IDX_apikey_workspaceId"`'],
    ['`DROP TABLE "apikey"`', '`DROP TABLE IF EXISTS "apikey"`'],
  ],
  [TYPEORM_USAGE]: [
    ['          { name: "requests", type: "integer", default: 0 },\n        ],\n      }),\n', '          { name: "requests", type: "integer", default: 0 },\n        ],\n      }),\n      true,\n'],
    ['queryRunner.dropIndex("apikey_usage", "IDX_apikey_usage_apiKeyId_day");', 'queryRunner.dropIndex("apikey_usage", "IDX_apikey_usage_apiKeyId_day", true);'],
    ['queryRunner.dropTable("apikey_usage");', 'queryRunner.dropTable("apikey_usage", true);'],
  ],
};

function read(file: string): string {
  return fs.readFileSync(path.join(JS_FIXTURES, file), "utf8");
}

function sorted(results: ESLint.LintResult[]): ESLint.LintResult[] {
  return [...results].sort((a, b) => relativePath(JS_FIXTURES, a.filePath).localeCompare(relativePath(JS_FIXTURES, b.filePath)));
}

function fixabilityOf(lint: Linter.LintMessage): Fixability {
  if (lint.fix) {
    expect(lint.suggestions ?? []).toEqual([]);
    return AUTOFIX;
  }
  const [suggestion, ...more] = lint.suggestions ?? [];
  expect(more).toEqual([]);
  return suggestion ? { suggestion: suggestion.desc } : REPORT_ONLY;
}

function actualFindings(results: ESLint.LintResult[]): ExpectedFinding[] {
  return sorted(results).flatMap((result) =>
    result.messages.map((lint) => {
      expect(lint.ruleId).toBe("migrations/idempotent-ddl");
      expect(lint.severity).toBe(2);
      return {
        file: relativePath(JS_FIXTURES, result.filePath),
        at: [lint.line, lint.column, lint.endLine ?? 0, lint.endColumn ?? 0] as ExpectedFinding["at"],
        message: lint.message,
        fix: fixabilityOf(lint),
      };
    }),
  );
}

/** Where a finding without an autofix sits once its file's fixes, which may add lines, are applied. */
function afterFixes(want: ExpectedFinding): ExpectedFinding {
  const original = read(want.file);
  let shift = 0;
  for (const [from, to] of FIXED[want.file] ?? []) {
    const line = original.slice(0, original.indexOf(from)).split("\n").length;
    if (line < want.at[0]) {
      shift += to.split("\n").length - from.split("\n").length;
    }
  }
  return { ...want, at: [want.at[0] + shift, want.at[1], want.at[2] + shift, want.at[3]] };
}

describe("fixtures/js-migrations with configs.recommended", () => {
  it("lints every migration file of every framework and reports exactly the listed findings", async () => {
    const results = await jsEslint().lintFiles(["."]);
    expect(sorted(results).map((result) => relativePath(JS_FIXTURES, result.filePath))).toEqual(LINTED);
    expect(actualFindings(results)).toEqual(FINDINGS);
  });

  it("has an unsafe and a safe migration for every framework", () => {
    for (const { framework, migrations } of JS_PROJECTS) {
      const unsafe = migrations.filter((file) => FINDINGS.some((want) => want.file === file));
      expect(unsafe.length, framework).toBeGreaterThan(0);
      expect(unsafe.length, framework).toBeLessThan(migrations.length);
    }
  });

  it("leaves the application file alone: no rule applies outside the migration folders", async () => {
    const eslint = jsEslint();
    const [result] = await eslint.lintFiles([APP_FILE]);
    expect(result?.messages).toEqual([]);
    const config = (await eslint.calculateConfigForFile(path.join(JS_FIXTURES, APP_FILE))) as Linter.Config | undefined;
    expect(config?.rules?.["migrations/idempotent-ddl"]).toBeUndefined();
    // The same text inside a migrations folder is a migration, so the silence comes from the globs.
    const [asMigration] = await eslint.lintText(read(APP_FILE), { filePath: path.join(JS_FIXTURES, "knex/migrations/20240501000000_rebuild.js") });
    expect(asMigration?.messages.map((lint) => lint.message)).toEqual([
      "CREATE INDEX customers_email_trgm_idx in knex.raw() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"customers_email_trgm_idx\" already exists'. Add `IF NOT EXISTS` so that a retry skips it.",
    ]);
  });

  it("fixes exactly the autofixable findings, with the edits listed", async () => {
    const results = sorted(await jsEslint(true).lintFiles(["."]));
    const changed = results.filter((result) => result.output !== undefined).map((result) => relativePath(JS_FIXTURES, result.filePath));
    expect(changed).toEqual(Object.keys(FIXED).sort());
    expect(changed).toEqual([...new Set(FINDINGS.filter((want) => want.fix === AUTOFIX).map((want) => want.file))]);
    for (const result of results) {
      const file = relativePath(JS_FIXTURES, result.filePath);
      const edits = FIXED[file];
      if (edits) {
        expect(result.output, file).toBe(replaceEach(read(file), edits, file));
      }
      // What the fix leaves: the findings without an autofix, at the same places.
      expect(actualFindings([result]), file).toEqual(FINDINGS.filter((want) => want.file === file && want.fix !== AUTOFIX).map(afterFixes));
    }
  });

  it("writes fixed files that parse, relint to the same leftovers, and a second --fix leaves alone", async () => {
    const eslint = jsEslint();
    const fixer = jsEslint(true);
    for (const [file, edits] of Object.entries(FIXED)) {
      const filePath = path.join(JS_FIXTURES, file);
      const output = replaceEach(read(file), edits, file);
      // typescript-eslint's parser, as the recommended config uses, with TSX off for .ts files.
      expect(() => parseTypeScript(output, { filePath, range: true, loc: true, sourceType: "module" }), file).not.toThrow();
      const [relinted] = await eslint.lintText(output, { filePath });
      expect(relinted?.messages.filter((lint) => lint.fatal === true), file).toEqual([]);
      expect(actualFindings(relinted ? [relinted] : []), file).toEqual(FINDINGS.filter((want) => want.file === file && want.fix !== AUTOFIX).map(afterFixes));
      const [again] = await fixer.lintText(output, { filePath });
      expect(again?.output ?? output, file).toBe(output);
    }
  });

  it("suggests wrapping knex's createTable in a hasTable check, which also covers the index it creates", async () => {
    const [result] = await jsEslint().lintFiles([KNEX_INVOICES]);
    const suggested = result?.messages.flatMap((lint) => lint.suggestions ?? []) ?? [];
    expect(suggested.map((suggestion) => suggestion.desc)).toEqual([HAS_TABLE_SUGGESTION]);
    const [only] = suggested;
    if (!only) throw new Error("no suggestion");
    const original = read(KNEX_INVOICES);
    const applied = original.slice(0, only.fix.range[0]) + only.fix.text + original.slice(only.fix.range[1]);
    expect(applied).toBe(
      replaceEach(original, [[KNEX_CREATE_TABLE, KNEX_CREATE_TABLE_CHECKED]], KNEX_INVOICES),
    );
    const [relinted] = await jsEslint().lintText(applied, { filePath: path.join(JS_FIXTURES, KNEX_INVOICES) });
    // The createTable and the table.index() findings both go; the raw SQL ones stay for --fix.
    expect(relinted?.messages.map((lint) => lint.line)).toEqual([2, 19, 23, 24]);
    expect(relinted?.messages.every((lint) => lint.fix !== undefined)).toBe(true);
  });
});

const KNEX_CREATE_TABLE = `  await knex.schema.createTable("invoices", (table) => {
    table.increments("id");
    table.integer("customer_id").notNullable().references("customers.id");
    table.string("status").notNullable().defaultTo("open");
    table.timestamp("due_at");
    table.string("legacy_number");
    table.index(["customer_id"], "invoices_customer_id_idx");
  });
`;

const KNEX_CREATE_TABLE_CHECKED = `  if (!(await knex.schema.hasTable("invoices"))) {
    await knex.schema.createTable("invoices", (table) => {
      table.increments("id");
      table.integer("customer_id").notNullable().references("customers.id");
      table.string("status").notNullable().defaultTo("open");
      table.timestamp("due_at");
      table.string("legacy_number");
      table.index(["customer_id"], "invoices_customer_id_idx");
    });
  }
`;

describe("the README's config for JS/TS migrations in another folder", () => {
  it("lints db/migrate/*.ts with typescript-eslint's parser, through the ESLint CLI", () => {
    const builtPlugin = path.join(ROOT, "dist/src/index.js");
    if (!fs.existsSync(builtPlugin)) {
      throw new Error("dist/ is missing: run `npm run build` (npm test does) before the integration tests");
    }
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-js-readme-"));
    try {
      // The project's own node_modules would hold typescript-eslint; the repository's stands in for it.
      fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(project, "node_modules"), "dir");
      const config = readmeConfig("test/integration/js-fixtures.test.ts", "other-folder").replace('from "eslint-plugin-migrations"', `from ${JSON.stringify(pathToFileURL(builtPlugin).href)}`);
      fs.writeFileSync(path.join(project, "eslint.config.js"), config);
      fs.writeFileSync(path.join(project, "package.json"), '{ "type": "module" }\n');
      fs.mkdirSync(path.join(project, "db/migrate"), { recursive: true });
      fs.copyFileSync(path.join(JS_FIXTURES, TYPEORM_API_KEY), path.join(project, "db/migrate/1708000000000-AddApiKey.ts"));
      const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/eslint/bin/eslint.js"), "--format", "json", "db/migrate"], {
        cwd: project,
        encoding: "utf8",
      });
      expect(run.stderr).toBe("");
      const [result] = JSON.parse(run.stdout) as ESLint.LintResult[];
      expect(result?.messages.map((lint) => [lint.line, lint.column, lint.message])).toEqual(
        FINDINGS.filter((want) => want.file === TYPEORM_API_KEY).map((want) => [want.at[0], want.at[1], want.message]),
      );
      expect(run.status).toBe(1);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});

/** The code blocks of one framework's section of the rule doc, with the sentence that introduces each. */
function docExamples(): { framework: string; intro: string; code: string }[] {
  const doc = fs.readFileSync(path.join(ROOT, "rules/idempotent-ddl.md"), "utf8");
  const start = doc.indexOf("## JavaScript and TypeScript migrations\n");
  const section = doc.slice(start, doc.indexOf("\n## ", start + 1));
  const folders: Record<string, string> = {
    knex: "knex",
    "node-pg-migrate": "node-pg-migrate",
    Kysely: "kysely",
    TypeORM: "typeorm",
    Sequelize: "sequelize",
    MikroORM: "mikro-orm",
    "db-migrate": "db-migrate",
    "Home-grown runners": "home-grown",
  };
  return section.split("\n### ").flatMap((part) => {
    const framework = folders[part.slice(0, part.indexOf("\n"))];
    if (framework === undefined) return [];
    return [...part.matchAll(/([^\n]*(?:\n[^\n`]+)*)\n\n```(?:js|ts)\n([\s\S]*?)```/g)].map((match) => ({
      framework,
      intro: (match[1] ?? "").trim(),
      code: match[2] ?? "",
    }));
  });
}

describe("the rule doc's JS/TS examples", () => {
  const examples = docExamples();

  it("show an incorrect and a correct example for every framework", () => {
    const frameworks = JS_PROJECTS.map((project) => project.framework);
    for (const kind of ["**incorrect**", "**correct**"]) {
      expect([...new Set(examples.filter((example) => example.intro.includes(kind)).map((example) => example.framework))].sort()).toEqual([...frameworks].sort());
    }
  });

  it.each(examples.filter((example) => /\*\*(?:in)?correct\*\*|half-built/.test(example.intro)))(
    "$framework: $intro",
    async ({ framework, intro, code }) => {
      // The file the example comes from, or any migration of that framework's fixture.
      const file = /\(`([^`]+)`/.exec(intro)?.[1] ?? JS_PROJECTS.find((project) => project.framework === framework)?.migrations[0]?.split("/").slice(1).join("/");
      const [result] = await jsEslint().lintText(code, { filePath: path.join(JS_FIXTURES, framework, file ?? "") });
      const messages = result?.messages ?? [];
      expect(messages.filter((lint) => lint.fatal === true)).toEqual([]);
      if (intro.includes("**incorrect**")) {
        expect(messages.length).toBeGreaterThan(0);
      } else {
        expect(messages).toEqual([]);
      }
    },
  );
});

describe("the TypeScript fixtures", () => {
  /** Type errors of the TypeORM and Kysely migrations against the installed packages, with `texts` in place of the files. */
  function typeErrors(texts: ReadonlyMap<string, string>): string[] {
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ["node"],
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (fileName) => texts.get(path.resolve(fileName)) ?? readFile(fileName);
    const program = ts.createProgram([...texts.keys()], options, host);
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
  }

  // MikroORM is not installed, so its migrations are left out.
  const files = JS_PROJECTS.filter((project) => project.framework === "typeorm" || project.framework === "kysely").flatMap((project) => project.migrations);

  it("type-check against TypeORM 1.1 and Kysely 0.28, before and after --fix", async () => {
    const originals = new Map(files.map((file) => [path.join(JS_FIXTURES, file), read(file)]));
    expect(typeErrors(originals)).toEqual([]);
    const results = await jsEslint(true).lintFiles(files);
    const fixed = new Map(results.map((result) => [result.filePath, result.output ?? fs.readFileSync(result.filePath, "utf8")]));
    expect([...fixed.values()]).not.toEqual([...originals.values()]);
    expect(typeErrors(fixed)).toEqual([]);
  });
});
