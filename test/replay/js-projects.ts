// The JS/TS fixture projects of fixtures/js-migrations, described once for the integration test
// (what ESLint reports and fixes) and the replay test (what the frameworks do on PostgreSQL with the
// fixed migrations).

import path from "node:path";
import { ESLint, type Linter } from "eslint";
import plugin from "../../src/index.js";
import { ROOT } from "./projects.js";

export const JS_FIXTURES = path.join(ROOT, "fixtures", "js-migrations");

export type JsFramework = "knex" | "node-pg-migrate" | "kysely" | "typeorm" | "sequelize" | "mikro-orm" | "db-migrate" | "home-grown";

export interface JsProject {
  framework: JsFramework;
  /** The migration files in the order the tool applies them, relative to JS_FIXTURES. */
  migrations: string[];
}

const project = (framework: JsFramework, folder: string, files: string[]): JsProject => ({
  framework,
  migrations: files.map((file) => `${framework}/${folder}/${file}`),
});

export const JS_PROJECTS: readonly JsProject[] = [
  project("knex", "migrations", [
    "20240110093000_create_customers.js",
    "20240305141500_create_invoices.js",
    "20240412080000_drop_legacy_invoice_number.mjs",
  ]),
  project("node-pg-migrate", "migrations", [
    "1709000000000_create-projects.js",
    "1709100000000_project-members.js",
    "1709200000000_index-projects-by-creation.js",
  ]),
  project("kysely", "migrations", ["2024_02_01_0001_create_orders.ts", "2024_03_12_0002_refunds.ts"]),
  project("typeorm", "src/migrations", ["1707123456789-CreateWorkspace.ts", "1708000000000-AddApiKey.ts", "1708500000000-ApiKeyUsage.ts"]),
  project("sequelize", "migrations", ["20240115120000-create-user.js", "20240220093000-add-user-email-index.js", "20240301100000-create-sessions.js"]),
  project("mikro-orm", "src/migrations", ["Migration20240301120000.ts", "Migration20240315083000.ts"]),
  project("db-migrate", "migrations", ["20240110120000-create-audit-log.js", "20240301090000-audit-log-actor.js"]),
  // A service's own runner (db/migrate.js): object-literal and SQL-text migrations on a pg Pool.
  project("home-grown", "migrations", ["001_create_accounts.js", "002_account_plans.ts", "003_audit_events.js", "004_account_names.js"]),
];

/** An application file outside every migration folder: its `up` is not a migration. */
export const APP_FILE = "knex/src/search/rebuild-index.js";

/** ESLint as a user runs it from the fixtures' root with nothing but `configs.recommended`. */
export function jsEslint(fix = false): ESLint {
  const config: Linter.Config[] = [...plugin.configs.recommended];
  return new ESLint({ cwd: JS_FIXTURES, overrideConfigFile: true, overrideConfig: config, fix });
}

/** A literal text replacement: `before` must occur exactly once in the text it applies to. */
export type Replacement = readonly [before: string, after: string];

export function replaceEach(text: string, replacements: readonly Replacement[], label: string): string {
  return replacements.reduce((current, [before, after]) => {
    const first = current.indexOf(before);
    if (first === -1 || current.indexOf(before, first + 1) !== -1) {
      throw new Error(`${label}: expected exactly one ${JSON.stringify(before)}`);
    }
    return current.slice(0, first) + after + current.slice(first + before.length);
  }, text);
}

/**
 * What a developer writes for the findings that have no autofix, following the advice of each
 * message, applied to the `eslint --fix` output. The knex createTable finding comes with a
 * suggestion, which the tests apply through ESLint instead.
 */
export const BY_HAND: Readonly<Record<string, readonly Replacement[]>> = {
  // "Check `if (await knex.schema.hasColumn("invoices", "legacy_number"))` first."
  "knex/migrations/20240412080000_drop_legacy_invoice_number.mjs": [
    [
      `  await knex.schema.alterTable("invoices", (table) => {
    table.dropColumn("legacy_number");
  });
`,
      `  if (await knex.schema.hasColumn("invoices", "legacy_number")) {
    await knex.schema.alterTable("invoices", (table) => {
      table.dropColumn("legacy_number");
    });
  }
`,
    ],
  ],
  "node-pg-migrate/migrations/1709100000000_project-members.js": [
    // "… or add it with pgm.sql() in a DO block that catches duplicate_object." (Dropping it first with
    // pgm.dropConstraint, the other advice, leaves the finding in place: reported to the lead.)
    [
      `  pgm.addConstraint("project_members", "project_members_role_check", { check: "role IN ('owner', 'member')" });\n`,
      `  pgm.sql(\`DO $$ BEGIN
    ALTER TABLE project_members ADD CONSTRAINT project_members_role_check CHECK (role IN ('owner', 'member'));
  EXCEPTION WHEN duplicate_object THEN NULL;
  END $$\`);\n`,
    ],
  ],
  // "Run `pgm.dropIndex("projects", "created_at", { concurrently: true, ifExists: true })` before it."
  "node-pg-migrate/migrations/1709200000000_index-projects-by-creation.js": [
    [
      `  pgm.createIndex("projects", "created_at", { concurrently: true, ifNotExists: true });\n`,
      `  pgm.dropIndex("projects", "created_at", { concurrently: true, ifExists: true });
  pgm.createIndex("projects", "created_at", { concurrently: true, ifNotExists: true });\n`,
    ],
  ],
  // "Run ALTER TABLE … DROP CONSTRAINT IF EXISTS … first": in the same statement, with the identifiers
  // quoted as the migration quotes them (a separate, earlier call is not recognised: reported).
  "typeorm/src/migrations/1708000000000-AddApiKey.ts": [
    [`\`ALTER TABLE "apikey" ADD CONSTRAINT`, `\`ALTER TABLE "apikey" DROP CONSTRAINT IF EXISTS "FK_apikey_workspaceId", ADD CONSTRAINT`],
  ],
  // "Create it with queryRunner.query("CREATE INDEX IF NOT EXISTS …")."
  "typeorm/src/migrations/1708500000000-ApiKeyUsage.ts": [
    [
      `    await queryRunner.createIndex(
      "apikey_usage",
      new TableIndex({ name: "IDX_apikey_usage_apiKeyId_day", columnNames: ["apiKeyId", "day"], isUnique: true }),
    );
`,
      `    await queryRunner.query(
      \`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_apikey_usage_apiKeyId_day" ON "apikey_usage" ("apiKeyId", "day")\`,
    );
`,
    ],
    [`import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";`, `import { MigrationInterface, QueryRunner, Table } from "typeorm";`],
  ],
  // "Create it with queryInterface.sequelize.query("CREATE UNIQUE INDEX IF NOT EXISTS …")."
  "sequelize/migrations/20240220093000-add-user-email-index.js": [
    [
      `await queryInterface.addIndex('Users', ['email'], { name: 'users_email_key', unique: true });`,
      `await queryInterface.sequelize.query('CREATE UNIQUE INDEX IF NOT EXISTS "users_email_key" ON "Users" ("email")');`,
    ],
  ],
  // "Run it as queryInterface.sequelize.query("ALTER TABLE … ADD COLUMN IF NOT EXISTS …")." (and DROP COLUMN IF EXISTS)
  "sequelize/migrations/20240301100000-create-sessions.js": [
    [
      `return queryInterface.addColumn('Users', 'sessionCount', { type: Sequelize.INTEGER, allowNull: false, defaultValue: 0 });`,
      `return queryInterface.sequelize.query('ALTER TABLE "Users" ADD COLUMN IF NOT EXISTS "sessionCount" integer NOT NULL DEFAULT 0');`,
    ],
    [`return queryInterface.removeColumn('Users', 'sessionCount')`, `return queryInterface.sequelize.query('ALTER TABLE "Users" DROP COLUMN IF EXISTS "sessionCount"')`],
  ],
  "mikro-orm/src/migrations/Migration20240315083000.ts": [
    [`this.addSql(\`alter table "book" add constraint`, `this.addSql(\`alter table "book" drop constraint if exists "book_author_id_foreign", add constraint`],
  ],
};
