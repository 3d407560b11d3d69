import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { RuleTester } from "eslint";
import { afterAll } from "vitest";
import tseslint from "typescript-eslint";
import rule from "../../rules/idempotent-ddl.js";
import "./rule-tester.js";

const missing = (subject: string, error: string, spelling: string) =>
  `${subject} is not retry-safe: if the migration is retried after a partial run, the retry fails with '${error}'. Add \`${spelling}\` so that a retry skips it.`;

const KNEX = `export async function up(knex) {
  await knex.raw("CREATE INDEX ix_apps_name ON apps (name)");
  await knex.raw(\`ALTER TABLE apps ADD COLUMN \${column} int\`);
}

export async function down(knex) {
  await knex.raw('DROP INDEX ix_apps_name');
}

export function search(knex) {
  return knex.raw("CREATE INDEX ix_not_a_migration ON t (x)");
}
`;

new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "module" } }).run("idempotent-ddl (SQL in JavaScript migrations)", rule, {
  valid: [
    {
      name: "application code outside up/down is not a migration",
      code: 'export function search(knex) {\n  return knex.raw("CREATE INDEX ix_a ON t (a)");\n}\n',
    },
    {
      name: "guarded SQL",
      code: 'export const up = (pgm) => {\n  pgm.sql("CREATE TABLE IF NOT EXISTS apps (id int)");\n};\n',
    },
  ],
  invalid: [
    {
      name: "knex.raw with string and template literals; a suggestion before an interpolation",
      code: KNEX,
      output: KNEX.replace('"CREATE INDEX ix_apps_name', '"CREATE INDEX IF NOT EXISTS ix_apps_name').replace(
        "'DROP INDEX ix_apps_name'",
        "'DROP INDEX IF EXISTS ix_apps_name'",
      ),
      errors: [
        {
          message: missing("CREATE INDEX ix_apps_name in knex.raw()", 'relation "ix_apps_name" already exists', "IF NOT EXISTS"),
          line: 2,
          column: 19,
          endLine: 2,
          endColumn: 59,
        },
        {
          messageId: "missingGuard",
          line: 3,
          column: 36,
          endLine: 3,
          endColumn: 60,
          suggestions: [
            {
              desc: "Add `IF NOT EXISTS` (check that `${column}` holds only the name).",
              output: KNEX.replace("ADD COLUMN ${column}", "ADD COLUMN IF NOT EXISTS ${column}"),
            },
          ],
        },
        {
          message: missing("DROP INDEX ix_apps_name in knex.raw()", 'index "ix_apps_name" does not exist', "IF EXISTS"),
          line: 7,
          column: 19,
          endLine: 7,
          endColumn: 42,
        },
      ],
    },
  ],
});

const TYPEORM = `import { MigrationInterface, QueryRunner } from "typeorm";

export class AddIndex1700000000000 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`CREATE INDEX "idx_apikey_workspaceId" ON "apikey"("workspaceId")\`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`DROP INDEX "public"."idx_apikey_workspaceId"\`);
  }
}
`;

new RuleTester({ languageOptions: { parser: tseslint.parser } }).run("idempotent-ddl (SQL in TypeScript migrations)", rule, {
  valid: [],
  invalid: [
    {
      name: "TypeORM queryRunner.query in a migration class",
      filename: "src/migrations/1700000000000-AddIndex.ts",
      code: TYPEORM,
      output: TYPEORM.replace('CREATE INDEX "idx', 'CREATE INDEX IF NOT EXISTS "idx').replace('DROP INDEX "public"', 'DROP INDEX IF EXISTS "public"'),
      errors: [
        {
          message: missing(
            "CREATE INDEX idx_apikey_workspaceId in queryRunner.query()",
            'relation "idx_apikey_workspaceId" already exists',
            "IF NOT EXISTS",
          ),
          line: 5,
          column: 30,
          endLine: 5,
          endColumn: 94,
        },
        {
          message: missing("DROP INDEX public.idx_apikey_workspaceId in queryRunner.query()", 'index "idx_apikey_workspaceId" does not exist', "IF EXISTS"),
          line: 9,
          column: 30,
          endLine: 9,
          endColumn: 74,
        },
      ],
    },
  ],
});

const PGM = `exports.up = (pgm) => {
  pgm.createTable("apps", { id: "id" });
  pgm.createIndex("apps", "owner_id", { unique: true });
};
exports.down = (pgm) => {
  pgm.dropTable("apps");
};
`;

new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "commonjs" } }).run("idempotent-ddl (node-pg-migrate builders)", rule, {
  valid: [
    {
      name: "builder calls with their options",
      code: 'exports.up = (pgm) => {\n  pgm.createTable("apps", { id: "id" }, { ifNotExists: true });\n  pgm.dropIndex("apps", "owner_id", { ifExists: true });\n};\n',
    },
  ],
  invalid: [
    {
      name: "the options object is created or extended",
      code: PGM,
      output: PGM.replace('{ id: "id" })', '{ id: "id" }, { ifNotExists: true })')
        .replace("{ unique: true }", "{ unique: true, ifNotExists: true }")
        .replace('dropTable("apps")', 'dropTable("apps", { ifExists: true })'),
      errors: [
        {
          message:
            "pgm.createTable() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"apps\" already exists'. Add `ifNotExists: true` so that a retry skips it.",
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 40,
        },
        { messageId: "missingGuard", line: 3, column: 3, endLine: 3, endColumn: 56 },
        { messageId: "missingGuard", line: 6, column: 3, endLine: 6, endColumn: 24 },
      ],
    },
  ],
});

const KNEX_FORMS = `exports.up = async (knex) => {
  await knex.raw("CREATE INDEX ix_apps_owner " +
    "ON apps (owner_id)");
  await knex.raw("CREATE INDEX ?? ON apps (b) WHERE c = ?", [name, 1]);
  await knex.raw("CREATE INDEX ix_apps_c ON apps (c) WHERE data \\\\? 'k' AND d = ?", [1]);
  await knex.transaction(async (trx) => {
    await trx.raw("ALTER TABLE apps ADD COLUMN " + column + " int");
  });
};
`;

new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "commonjs" } }).run("idempotent-ddl (knex concatenation, bindings, transactions)", rule, {
  valid: [
    {
      name: "jsonb's `?` operator without bindings is SQL, not a binding",
      code: "exports.up = async (knex) => {\n  await knex.raw(\"CREATE INDEX IF NOT EXISTS ix ON t (a) WHERE data ? 'k'\");\n};\n",
    },
  ],
  invalid: [
    {
      name: "a `+` chain, `??`/`?` bindings and `\\?`, a transaction's `trx.raw`; a suggestion before a binding or an operand",
      code: KNEX_FORMS,
      output: KNEX_FORMS.replace('"CREATE INDEX ix_apps_owner', '"CREATE INDEX IF NOT EXISTS ix_apps_owner').replace(
        '"CREATE INDEX ix_apps_c',
        '"CREATE INDEX IF NOT EXISTS ix_apps_c',
      ),
      errors: [
        {
          message: missing("CREATE INDEX ix_apps_owner in knex.raw()", 'relation "ix_apps_owner" already exists', "IF NOT EXISTS"),
          line: 2,
          column: 19,
          endLine: 3,
          endColumn: 24,
        },
        {
          message: missing("CREATE INDEX {…} in knex.raw()", 'relation "{…}" already exists', "IF NOT EXISTS"),
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 58,
          suggestions: [
            {
              desc: "Add `IF NOT EXISTS` (check that `??` holds only the name).",
              output: KNEX_FORMS.replace('"CREATE INDEX ??', '"CREATE INDEX IF NOT EXISTS ??'),
            },
          ],
        },
        {
          message: missing("CREATE INDEX ix_apps_c in knex.raw()", 'relation "ix_apps_c" already exists', "IF NOT EXISTS"),
          line: 5,
          column: 19,
          endLine: 5,
          endColumn: 82,
        },
        {
          message: missing("ALTER TABLE apps ADD COLUMN {…} in trx.raw()", 'column "{…}" of relation "apps" already exists', "IF NOT EXISTS"),
          line: 7,
          column: 37,
          endLine: 7,
          endColumn: 66,
          suggestions: [
            {
              desc: "Add `IF NOT EXISTS` (check that `column` holds only the name).",
              output: KNEX_FORMS.replace('"ALTER TABLE apps ADD COLUMN "', '"ALTER TABLE apps ADD COLUMN IF NOT EXISTS "'),
            },
          ],
        },
      ],
    },
  ],
});

// A TypeORM 0.3 project: `dropIndex`'s ifExists flag arrived in 1.0, so there is nothing to fix with.
const typeorm03 = mkdtempSync(path.join(tmpdir(), "typeorm-0.3-"));
mkdirSync(path.join(typeorm03, ".git"));
mkdirSync(path.join(typeorm03, "src", "migrations"), { recursive: true });
writeFileSync(path.join(typeorm03, "package.json"), JSON.stringify({ dependencies: { typeorm: "^0.3.20" } }));
afterAll(() => {
  rmSync(typeorm03, { recursive: true, force: true });
});

const TYPEORM_BUILDERS = `import { MigrationInterface, QueryRunner, TableIndex } from "typeorm";

export class OwnerIndex1700000000001 implements MigrationInterface {
  transaction = false as const;

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex("apps", new TableIndex({ name: "ix_apps_owner", columnNames: ["owner_id"], isConcurrent: true }));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("apps", "ix_apps_owner");
  }
}
`;

new RuleTester({ languageOptions: { parser: tseslint.parser } }).run("idempotent-ddl (TypeORM builders and the project's TypeORM version)", rule, {
  valid: [],
  invalid: [
    {
      name: "a concurrent TableIndex gets the drop-first advice; dropIndex's flag is not offered on TypeORM 0.3",
      filename: path.join(typeorm03, "src", "migrations", "1700000000001-OwnerIndex.ts"),
      code: TYPEORM_BUILDERS,
      output: null,
      errors: [
        {
          message:
            "queryRunner.createIndex() is not retry-safe (the retry fails with 'relation \"ix_apps_owner\" already exists') and TypeORM has no option to guard it. A failed concurrent build also leaves an INVALID index behind: run queryRunner.query(\"DROP INDEX CONCURRENTLY IF EXISTS …\") and then queryRunner.query(\"CREATE INDEX CONCURRENTLY …\"), with `transaction = false` on the migration class.",
          line: 7,
          column: 11,
          endLine: 7,
          endColumn: 132,
        },
        {
          message:
            "queryRunner.dropIndex() is not retry-safe (the retry fails with 'index \"ix_apps_owner\" does not exist'), and `ifExists` does not work with TypeORM 0.3.20 (from package.json): it needs TypeORM >= 1.0.0. Upgrade TypeORM, or run guarded SQL with queryRunner.query().",
          line: 11,
          column: 11,
          endLine: 11,
          endColumn: 57,
        },
      ],
    },
  ],
});

const PGM_DROP_FIRST = `export const up = (pgm) => {
  pgm.dropConstraint("project_members", "project_members_role_check", { ifExists: true });
  pgm.addConstraint("project_members", "project_members_role_check", { check: "role IN ('owner', 'member')" });
};
export const down = (pgm) => {
  pgm.addConstraint("project_members", "project_members_role_check", { check: "true" });
};
`;

const MIKRO_DROP_FIRST = `import { Migration } from "@mikro-orm/migrations";

export class Migration20240101000000 extends Migration {
  async up(): Promise<void> {
    this.addSql('alter table "book" drop constraint if exists "book_author_fk";');
    this.addSql('alter table "book" add constraint "book_author_fk" foreign key ("author_id") references "author" ("id");');
  }
}
`;

new RuleTester({ languageOptions: { parser: tseslint.parser } }).run("idempotent-ddl (a drop with IF EXISTS in an earlier call)", rule, {
  valid: [{ name: "MikroORM: two addSql calls, the drop first", code: MIKRO_DROP_FIRST }],
  invalid: [
    {
      name: "node-pg-migrate: the drop covers the addConstraint after it in up, not the one in down",
      code: PGM_DROP_FIRST,
      errors: [
        {
          message:
            "pgm.addConstraint() is not retry-safe (the retry fails with 'constraint \"project_members_role_check\" for relation \"project_members\" already exists') and node-pg-migrate has no option to guard it. Drop it first with pgm.dropConstraint(table, name, { ifExists: true }), or add it with pgm.sql() in a DO block that catches duplicate_object.",
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 88,
        },
      ],
    },
  ],
});

const DB_MIGRATE = `'use strict';

var dbm;

exports.setup = function (options, seedLink) {
  dbm = options.dbmigrate;
};

exports.up = async function (db) {
  await db.createTable("pets", { id: { type: "int", primaryKey: true }, name: "string" });
  await db.createTable("owners", { columns: { id: "int" }, ifNotExists: false });
  await db.addIndex("pets", "pets_name_idx", ["name"]);
  await db.addColumn("pets", "age", { type: "int" });
  await db.runSql("CREATE INDEX pets_age_idx ON pets (age)");
};

exports.down = function (db, callback) {
  db.dropTable("pets", callback);
  db.dropTable("owners");
  db.removeIndex("pets_name_idx");
};

exports._meta = { version: 1 };
`;

const noGuardIn = (provider: string, subject: string, failure: string, advice: string) =>
  `${subject} is not retry-safe (the retry fails with '${failure}') and ${provider} has no option to guard it. ${advice}`;

new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "commonjs" } }).run("idempotent-ddl (db-migrate builders)", rule, {
  valid: [
    {
      name: "the options forms db-migrate reads",
      code: 'exports.up = (db) => db.createTable("t", { columns: { id: "int" }, ifNotExists: true });\nexports.down = (db) => db.dropTable("t", { ifExists: true });\nexports._meta = { version: 1 };\n',
    },
  ],
  invalid: [
    {
      name: "createTable's column map moves under `columns`; dropTable's options go before the callback; the rest has no guard",
      code: DB_MIGRATE,
      output: DB_MIGRATE.replace(
        '{ id: { type: "int", primaryKey: true }, name: "string" }',
        '{ columns: { id: { type: "int", primaryKey: true }, name: "string" }, ifNotExists: true }',
      )
        .replace("ifNotExists: false", "ifNotExists: true")
        .replace("CREATE INDEX pets_age_idx", "CREATE INDEX IF NOT EXISTS pets_age_idx")
        .replace('dropTable("pets", callback)', 'dropTable("pets", { ifExists: true }, callback)')
        .replace('dropTable("owners")', 'dropTable("owners", { ifExists: true })'),
      errors: [
        { message: missing("db.createTable()", 'relation "pets" already exists', "{ columns: {…}, ifNotExists: true }"), line: 10, column: 9, endLine: 10, endColumn: 90 },
        {
          message: "`ifNotExists: false` turns the guard off, so db.createTable() is not retry-safe: the retry fails with 'relation \"owners\" already exists'. Set `ifNotExists: true`.",
          line: 11,
          column: 73,
          endLine: 11,
          endColumn: 78,
        },
        {
          message: noGuardIn("db-migrate", "db.addIndex()", 'relation "pets_name_idx" already exists', 'Run it as db.runSql("CREATE INDEX IF NOT EXISTS …").'),
          line: 12,
          column: 9,
          endLine: 12,
          endColumn: 55,
        },
        {
          message: noGuardIn("db-migrate", "db.addColumn()", 'column "age" of relation "pets" already exists', 'Run it as db.runSql("ALTER TABLE … ADD COLUMN IF NOT EXISTS …").'),
          line: 13,
          column: 9,
          endLine: 13,
          endColumn: 53,
        },
        { message: missing("CREATE INDEX pets_age_idx in db.runSql()", 'relation "pets_age_idx" already exists', "IF NOT EXISTS"), line: 14, column: 20, endLine: 14, endColumn: 59 },
        { message: missing("db.dropTable()", 'table "pets" does not exist', "{ ifExists: true }"), line: 18, column: 3, endLine: 18, endColumn: 33 },
        { message: missing("db.dropTable()", 'table "owners" does not exist', "{ ifExists: true }"), line: 19, column: 3, endLine: 19, endColumn: 25 },
        {
          message: noGuardIn("db-migrate", "db.removeIndex()", 'index "pets_name_idx" does not exist', 'Run it as db.runSql("DROP INDEX IF EXISTS …").'),
          line: 20,
          column: 3,
          endLine: 20,
          endColumn: 34,
        },
      ],
    },
  ],
});

const KNEX_ALTER = `exports.up = async function (knex) {
  await knex.schema.alterTable("invoices", (table) => {
    table.string("currency", 3).notNullable().defaultTo("EUR");
    table.integer("total").alter();
    table.index(["currency"]);
  });
  if (!(await knex.schema.hasColumn("invoices", "paid_at"))) {
    await knex.schema.alterTable("invoices", (table) => {
      table.timestamp("paid_at");
    });
  }
};
`;

const KYSELY_ALTER = `import { Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("orders").dropConstraint("orders_total_check").execute();
  await db.schema.alterTable("orders").addCheckConstraint("orders_total_check", sql\`total >= 0\`).execute();
  await db.schema.alterTable("orders").dropConstraint("orders_ref_key").ifExists().execute();
  await db.schema.alterTable("orders").addUniqueConstraint("orders_ref_key", ["ref"]).execute();
  await db.schema.alterTable("orders").dropColumn("legacy").execute();
}
`;

const SEQUELIZE_COLUMNS = `'use strict';
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.addColumn("users", "nickname", { type: Sequelize.STRING });
    await queryInterface.sequelize.query('ALTER TABLE users DROP CONSTRAINT IF EXISTS "users_nickname_key"');
    await queryInterface.addConstraint("users", { fields: ["nickname"], type: "unique", name: "users_nickname_key" });
  },
  async down(queryInterface) {
    await queryInterface.removeConstraint("users", "users_nickname_key");
    await queryInterface.removeColumn("users", "nickname");
  },
};
`;

new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "commonjs" } }).run("idempotent-ddl (knex column adds, Sequelize columns and constraints)", rule, {
  valid: [],
  invalid: [
    {
      name: "an ADD COLUMN in alterTable is reported unless a hasColumn check surrounds it; .alter() changes a column",
      code: KNEX_ALTER,
      errors: [
        {
          message: noGuardIn("knex", "table.string() in knex.schema.alterTable()", 'column "currency" of relation "invoices" already exists', 'Check `if (!(await knex.schema.hasColumn("invoices", "currency")))` first.'),
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 32,
        },
        {
          message: "table.index() in knex.schema.alterTable() is not retry-safe (the retry fails because the index already exists) and knex has no option to guard it. Create it with knex.raw(\"CREATE INDEX IF NOT EXISTS …\").",
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 30,
        },
      ],
    },
    {
      name: "Sequelize addColumn, removeConstraint and removeColumn; an addConstraint after a DROP CONSTRAINT IF EXISTS is covered",
      code: SEQUELIZE_COLUMNS,
      errors: [
        {
          message: noGuardIn("Sequelize", "queryInterface.addColumn()", 'column "nickname" of relation "users" already exists', 'Run it as queryInterface.sequelize.query("ALTER TABLE … ADD COLUMN IF NOT EXISTS …").'),
          line: 4,
          column: 11,
          endLine: 4,
          endColumn: 84,
        },
        {
          message: noGuardIn("Sequelize", "queryInterface.removeConstraint()", 'constraint "users_nickname_key" of relation "users" does not exist', 'Run it as queryInterface.sequelize.query("ALTER TABLE … DROP CONSTRAINT IF EXISTS …").'),
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 73,
        },
        {
          message: noGuardIn("Sequelize", "queryInterface.removeColumn()", 'column "nickname" of relation "users" does not exist', 'Run it as queryInterface.sequelize.query("ALTER TABLE … DROP COLUMN IF EXISTS …").'),
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 59,
        },
      ],
    },
  ],
});

new RuleTester({ languageOptions: { parser: tseslint.parser } }).run("idempotent-ddl (Kysely alterTable)", rule, {
  valid: [],
  invalid: [
    {
      name: "dropConstraint gets .ifExists(); the constraint added after it is covered by that drop; dropColumn has no guard",
      code: KYSELY_ALTER,
      output: KYSELY_ALTER.replace('dropConstraint("orders_total_check")', 'dropConstraint("orders_total_check").ifExists()'),
      errors: [
        {
          message: missing("db.schema.alterTable().dropConstraint()", 'constraint "orders_total_check" of relation "orders" does not exist', ".ifExists()"),
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 76,
        },
        {
          message: noGuardIn("Kysely", "db.schema.alterTable().dropColumn()", 'column "legacy" of relation "orders" does not exist', "Run sql`ALTER TABLE … DROP COLUMN IF EXISTS …`.execute(db) instead."),
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 60,
        },
      ],
    },
  ],
});
