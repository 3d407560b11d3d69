// SQL sent through any query call of a migration function (home-grown runners, drivers, SQL template
// libraries), object-literal and SQL-string migrations, and same-module helpers (issue 10, items 1 and 3).
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import rule from "../../rules/idempotent-ddl.js";
import "./rule-tester.js";

const missing = (subject: string, error: string, spelling: string) =>
  `${subject} is not retry-safe: if the migration is retried after a partial run, the retry fails with '${error}'. Add \`${spelling}\` so that a retry skips it.`;

const TYPED_OBJECT = `import type { Pool } from "pg";
import { sql } from "slonik";
import type { Migration } from "../runner";

const migration: Migration = {
  up: async (pool: Pool) => {
    await pool.query("CREATE TABLE accounts (id bigint PRIMARY KEY, email text)");
    await pool.query(sql.unsafe\`CREATE INDEX accounts_email_idx ON accounts (email)\`);
  },
  async down(client) {
    await client.query(\`DROP TABLE accounts\`);
  },
};

export default migration;
`;

const DRIZZLE = `import { sql } from "drizzle-orm";

export default {
  async up(db) {
    await db.execute(sql\`ALTER TABLE accounts ADD COLUMN plan text\`);
    await db.execute(sql.raw("CREATE SCHEMA billing"));
  },
} satisfies Migration;
`;

const POSTGRES_JS = `export async function up(sql) {
  await sql\`CREATE TABLE invoices (id serial PRIMARY KEY)\`;
  await sql.unsafe("CREATE INDEX invoices_id_idx ON invoices (id)");
  await sql.begin(async (tx) => {
    await tx.unsafe(\`CREATE INDEX \${name} ON invoices (id)\`);
    await tx\`DROP TABLE invoices_old\`;
  });
}
`;

new RuleTester({ languageOptions: { parser: tseslint.parser } }).run("idempotent-ddl (query calls of home-grown runners)", rule, {
  valid: [
    {
      name: "a function that up/down do not call is application code",
      code: 'export const up = async (pool) => {\n  await pool.query("SELECT 1");\n};\n\nexport function reindex(pool) {\n  return pool.query("CREATE INDEX ix_a ON t (a)");\n}\n',
    },
    {
      name: "text that does not start like SQL is not sent to a database: logs, cache keys, commands",
      code: 'export const up = async (pool) => {\n  console.log("create index on accounts");\n  await cache.run("drop-all");\n  await pool.query(NAME);\n  await pool.query(`${"CREATE"} TABLE t (a int)`);\n};\n',
    },
    {
      name: "Sequelize's replacements on any query call: :name is a value",
      code: 'export const up = async (sequelize) => {\n  await sequelize.query("UPDATE accounts SET plan = :plan WHERE id = :id", { replacements: { plan, id } });\n};\n',
    },
    {
      name: "a sql fragment that is not sent is a value, not a statement",
      code: 'export const up = async (db) => {\n  await db.insert(accounts).values({ created: sql`CREATE` });\n};\n',
    },
  ],
  invalid: [
    {
      name: "an object literal exported through a typed constant: pool.query, slonik's sql.unsafe, client.query",
      code: TYPED_OBJECT,
      output: TYPED_OBJECT.replace("CREATE TABLE accounts", "CREATE TABLE IF NOT EXISTS accounts")
        .replace("CREATE INDEX accounts_email_idx", "CREATE INDEX IF NOT EXISTS accounts_email_idx")
        .replace("DROP TABLE accounts", "DROP TABLE IF EXISTS accounts"),
      errors: [
        {
          message: missing("CREATE TABLE accounts in pool.query()", 'relation "accounts" already exists', "IF NOT EXISTS"),
          line: 7,
          column: 23,
          endLine: 7,
          endColumn: 80,
        },
        {
          message: missing("CREATE INDEX accounts_email_idx in pool.query()", 'relation "accounts_email_idx" already exists', "IF NOT EXISTS"),
          line: 8,
          column: 33,
          endLine: 8,
          endColumn: 84,
        },
        {
          message: missing("DROP TABLE accounts in client.query()", 'table "accounts" does not exist', "IF EXISTS"),
          line: 11,
          column: 25,
          endLine: 11,
          endColumn: 44,
        },
      ],
    },
    {
      name: "Drizzle's db.execute with sql`…` and sql.raw(…) in an object with `satisfies`",
      code: DRIZZLE,
      output: DRIZZLE.replace("ADD COLUMN plan", "ADD COLUMN IF NOT EXISTS plan").replace("CREATE SCHEMA billing", "CREATE SCHEMA IF NOT EXISTS billing"),
      errors: [
        {
          message: missing("ALTER TABLE accounts ADD COLUMN plan in db.execute()", 'column "plan" of relation "accounts" already exists', "IF NOT EXISTS"),
          line: 5,
          column: 47,
          endLine: 5,
          endColumn: 67,
        },
        {
          message: missing("CREATE SCHEMA billing in db.execute()", 'schema "billing" already exists', "IF NOT EXISTS"),
          line: 6,
          column: 31,
          endLine: 6,
          endColumn: 52,
        },
      ],
    },
    {
      name: "postgres.js: a sql`…` that runs by itself, sql.unsafe, a transaction's tx.unsafe; a suggestion before ${…}",
      code: POSTGRES_JS,
      output: POSTGRES_JS.replace("CREATE TABLE invoices", "CREATE TABLE IF NOT EXISTS invoices")
        .replace("CREATE INDEX invoices_id_idx", "CREATE INDEX IF NOT EXISTS invoices_id_idx")
        .replace("DROP TABLE invoices_old", "DROP TABLE IF EXISTS invoices_old"),
      errors: [
        {
          message: missing("CREATE TABLE invoices in sql`…`", 'relation "invoices" already exists', "IF NOT EXISTS"),
          line: 2,
          column: 13,
          endLine: 2,
          endColumn: 58,
        },
        {
          message: missing("CREATE INDEX invoices_id_idx in sql.unsafe()", 'relation "invoices_id_idx" already exists', "IF NOT EXISTS"),
          line: 3,
          column: 21,
          endLine: 3,
          endColumn: 66,
        },
        {
          message: missing("CREATE INDEX {…} in tx.unsafe()", 'relation "{…}" already exists', "IF NOT EXISTS"),
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 59,
          suggestions: [
            {
              desc: "Add `IF NOT EXISTS` (check that `${name}` holds only the name).",
              output: POSTGRES_JS.replace("CREATE INDEX ${name}", "CREATE INDEX IF NOT EXISTS ${name}"),
            },
          ],
        },
        {
          message: missing("DROP TABLE invoices_old in tx`…`", 'table "invoices_old" does not exist', "IF EXISTS"),
          line: 6,
          column: 14,
          endLine: 6,
          endColumn: 37,
        },
      ],
    },
  ],
});

const HELPERS = `const ADD_PLAN = "ALTER TABLE accounts ADD COLUMN plan text";

async function addIndexes(db) {
  await db.query("CREATE INDEX accounts_plan_idx ON accounts (plan)");
}

async function notCalled(db) {
  await db.query("CREATE INDEX never_idx ON accounts (plan)");
}

module.exports = {
  up: async (db) => {
    await db.query(ADD_PLAN);
    await addIndexes(db);
  },
  down: "DROP INDEX accounts_plan_idx",
};
`;

const STATEMENT_LIST = `const db = require("../lib/db");

const statements = [
  "BEGIN",
  "ALTER TABLE deals ADD COLUMN closed_at timestamptz",
  'CREATE INDEX deals_closed_at_idx ON deals (closed_at)',
  "COMMIT",
];

const run = async () => {
  const conn = await db.connect();
  for (const sql of statements) {
    await conn.query(sql);
  }
  conn.release();
};

exports.up = (cb) => {
  run().then(cb).catch(cb);
};
`;

const SQL_EXPORTS = `exports.up = \`
  CREATE TABLE audit (id bigint);
  CREATE INDEX audit_id_idx ON audit (id);
\`;
exports.down = DROP;
const DROP = "DROP TABLE audit";
`;

new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "commonjs" } }).run("idempotent-ddl (constants, helpers, SQL exports)", rule, {
  valid: [
    {
      name: "one level of helpers: what a helper calls in turn is not followed",
      code: 'async function inner(db) {\n  await db.query("CREATE INDEX deep_idx ON t (a)");\n}\n\nasync function outer(db) {\n  await inner(db);\n}\n\nexports.up = async (db) => {\n  await outer(db);\n};\n',
    },
  ],
  invalid: [
    {
      name: "a constant sent by up, a helper that up calls, and an up/down that is SQL text",
      code: HELPERS,
      output: HELPERS.replace("ADD COLUMN plan", "ADD COLUMN IF NOT EXISTS plan")
        .replace("CREATE INDEX accounts_plan_idx", "CREATE INDEX IF NOT EXISTS accounts_plan_idx")
        .replace("DROP INDEX accounts_plan_idx", "DROP INDEX IF EXISTS accounts_plan_idx"),
      errors: [
        {
          message: missing("ALTER TABLE accounts ADD COLUMN plan in db.query()", 'column "plan" of relation "accounts" already exists', "IF NOT EXISTS"),
          line: 1,
          column: 40,
          endLine: 1,
          endColumn: 60,
        },
        {
          message: missing("CREATE INDEX accounts_plan_idx in db.query()", 'relation "accounts_plan_idx" already exists', "IF NOT EXISTS"),
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 68,
        },
        {
          message: missing("DROP INDEX accounts_plan_idx in exported down", 'index "accounts_plan_idx" does not exist', "IF EXISTS"),
          line: 16,
          column: 10,
          endLine: 16,
          endColumn: 38,
        },
      ],
    },
    {
      name: "a list of statements that a helper sends one by one in a for…of loop",
      code: STATEMENT_LIST,
      output: STATEMENT_LIST.replace("ADD COLUMN closed_at", "ADD COLUMN IF NOT EXISTS closed_at").replace(
        "CREATE INDEX deals_closed_at_idx",
        "CREATE INDEX IF NOT EXISTS deals_closed_at_idx",
      ),
      errors: [
        {
          message: missing("ALTER TABLE deals ADD COLUMN closed_at in conn.query()", 'column "closed_at" of relation "deals" already exists', "IF NOT EXISTS"),
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 54,
        },
        {
          message: missing("CREATE INDEX deals_closed_at_idx in conn.query()", 'relation "deals_closed_at_idx" already exists', "IF NOT EXISTS"),
          line: 6,
          column: 4,
          endLine: 6,
          endColumn: 57,
        },
      ],
    },
    {
      name: "exports.up as a multi-statement template, exports.down as a constant",
      code: SQL_EXPORTS,
      output: SQL_EXPORTS.replace("CREATE TABLE audit", "CREATE TABLE IF NOT EXISTS audit")
        .replace("CREATE INDEX audit_id_idx", "CREATE INDEX IF NOT EXISTS audit_id_idx")
        .replace("DROP TABLE audit", "DROP TABLE IF EXISTS audit"),
      errors: [
        {
          message: missing("CREATE TABLE audit in exported up", 'relation "audit" already exists', "IF NOT EXISTS"),
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 33,
        },
        {
          message: missing("CREATE INDEX audit_id_idx in exported up", 'relation "audit_id_idx" already exists', "IF NOT EXISTS"),
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 42,
        },
        {
          message: missing("DROP TABLE audit in exported down", 'table "audit" does not exist', "IF EXISTS"),
          line: 6,
          column: 15,
          endLine: 6,
          endColumn: 31,
        },
      ],
    },
  ],
});

const TYPEORM_HELPER = `import { MigrationInterface, QueryRunner } from "typeorm";

export class Reports1710000000000 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.createReports(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`DROP TABLE "report"\`);
  }

  private async createReports(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`
      CREATE TABLE "report" ("id" SERIAL NOT NULL, "name" varchar NOT NULL);
      CREATE INDEX "IDX_report_name" ON "report" ("name");
    \`);
  }
}
`;

new RuleTester({ languageOptions: { parser: tseslint.parser } }).run("idempotent-ddl (private methods of migration classes)", rule, {
  valid: [],
  invalid: [
    {
      name: "a private method that up calls on this; a multi-statement string",
      code: TYPEORM_HELPER,
      output: TYPEORM_HELPER.replace('CREATE TABLE "report"', 'CREATE TABLE IF NOT EXISTS "report"')
        .replace('CREATE INDEX "IDX_report_name"', 'CREATE INDEX IF NOT EXISTS "IDX_report_name"')
        .replace('DROP TABLE "report"', 'DROP TABLE IF EXISTS "report"'),
      errors: [
        {
          message: missing("DROP TABLE report in queryRunner.query()", 'table "report" does not exist', "IF EXISTS"),
          line: 9,
          column: 30,
          endLine: 9,
          endColumn: 49,
        },
        {
          message: missing("CREATE TABLE report in queryRunner.query()", 'relation "report" already exists', "IF NOT EXISTS"),
          line: 14,
          column: 7,
          endLine: 14,
          endColumn: 76,
        },
        {
          message: missing("CREATE INDEX IDX_report_name in queryRunner.query()", 'relation "IDX_report_name" already exists', "IF NOT EXISTS"),
          line: 15,
          column: 7,
          endLine: 15,
          endColumn: 58,
        },
      ],
    },
  ],
});

const NAMED_BY_CONSTANTS = `const TABLE = "apps";
const QUALIFIED = "billing.invoices";
const SUFFIX = "apps; DROP TABLE x";

export async function up(pool) {
  await pool.query(\`CREATE TABLE \${TABLE} (id serial PRIMARY KEY)\`);
  await pool.query("CREATE INDEX ix_name ON " + TABLE + " (name)");
  await pool.query("CREATE TABLE " + QUALIFIED + " (id int)");
  await pool.query(\`CREATE TABLE \${SUFFIX} (id int)\`);
  await pool.query(\`DROP INDEX IF EXISTS ix_\${TABLE}_id\`);
  await pool.query(\`CREATE INDEX ix_\${TABLE}_id ON \${TABLE} (id)\`);
}
`;

new RuleTester({ languageOptions: { parser: tseslint.parser } }).run("idempotent-ddl (module constants that hold a name)", rule, {
  valid: [],
  invalid: [
    {
      name: "a constant holding a plain name is read into the SQL: named in the message, fixed before it, matched by a drop",
      code: NAMED_BY_CONSTANTS,
      output: NAMED_BY_CONSTANTS.replace("CREATE TABLE ${TABLE}", "CREATE TABLE IF NOT EXISTS ${TABLE}")
        .replace('"CREATE INDEX ix_name ON "', '"CREATE INDEX IF NOT EXISTS ix_name ON "')
        .replace('"CREATE TABLE " + QUALIFIED', '"CREATE TABLE IF NOT EXISTS " + QUALIFIED'),
      errors: [
        { message: missing("CREATE TABLE apps in pool.query()", 'relation "apps" already exists', "IF NOT EXISTS"), line: 6, column: 21, endLine: 6, endColumn: 66 },
        { message: missing("CREATE INDEX ix_name in pool.query()", 'relation "ix_name" already exists', "IF NOT EXISTS"), line: 7, column: 21, endLine: 7, endColumn: 65 },
        {
          message: missing("CREATE TABLE billing.invoices in pool.query()", 'relation "invoices" already exists', "IF NOT EXISTS"),
          line: 8,
          column: 21,
          endLine: 8,
          endColumn: 60,
        },
        {
          // Not a plain name: unknown text, so the guard before it is only a suggestion.
          message: missing("CREATE TABLE {…} in pool.query()", 'relation "{…}" already exists', "IF NOT EXISTS"),
          line: 9,
          column: 21,
          endLine: 9,
          endColumn: 52,
          suggestions: [
            {
              desc: "Add `IF NOT EXISTS` (check that `${SUFFIX}` holds only the name).",
              output: NAMED_BY_CONSTANTS.replace("CREATE TABLE ${SUFFIX}", "CREATE TABLE IF NOT EXISTS ${SUFFIX}"),
            },
          ],
        },
      ],
    },
  ],
});
