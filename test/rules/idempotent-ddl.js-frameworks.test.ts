import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import rule from "../../rules/idempotent-ddl.js";
import "./rule-tester.js";

// Issue 17: which tool a JS/TS migration belongs to, what counts as a statement, one finding per statement.

const noGuardIn = (provider: string, subject: string, failure: string, advice: string) =>
  `${subject} is not retry-safe (the retry fails with '${failure}') and ${provider} has no option to guard it. ${advice}`;
const missing = (subject: string, failure: string, spelling: string) =>
  `${subject} is not retry-safe: if the migration is retried after a partial run, ${failure}. Add \`${spelling}\` so that a retry skips it.`;

// sequelize-cli's older template: the promises are returned and chained, never awaited.
const SEQUELIZE_RETURNED = `'use strict'
module.exports = {
  up: function (queryInterface, Sequelize) {
    return queryInterface.createTable('Temp', {
      id: { type: Sequelize.STRING, primaryKey: true },
      createdAt: Sequelize.DATE
    }).then(function () {
      return queryInterface.addColumn('Notes', 'alias', { type: Sequelize.STRING })
    })
  },
  down: function (queryInterface, Sequelize) {
    return queryInterface.dropTable('Temp')
  }
}
`;

const SEQUELIZE_PROMISE_ALL = `module.exports = {
  up: (queryInterface, Sequelize) => Promise.all([
    queryInterface.addIndex('notes', ['ownerId']),
    queryInterface.removeColumn('notes', 'legacy'),
  ]),
  down: (queryInterface) => queryInterface.dropTable('notes'),
};
`;

const PGM_ADD_INDEX = `import type { MigrationBuilder } from 'node-pg-migrate';

export const up = (pgm: MigrationBuilder) => {
  pgm.createTable('zonefiles', { id: { type: 'serial', primaryKey: true }, zonefile_hash: { type: 'string', notNull: true } });
  pgm.addIndex('zonefiles', 'zonefile_hash');
  pgm.addConstraint('zonefiles', 'zonefiles_hash_key', 'UNIQUE(zonefile_hash)');
};
`;

new RuleTester({ languageOptions: { parser: tseslint.parser } }).run("idempotent-ddl (which tool a migration belongs to)", rule, {
  valid: [
    {
      name: "Sequelize's createTable and dropTable emit IF NOT EXISTS / IF EXISTS, whatever the parameters are called",
      code: "exports.up = (db, DataTypes) => db.createTable('t', { id: { type: DataTypes.INTEGER, allowNull: false } });\nexports.down = (db) => db.dropTable('t');\n",
    },
    {
      name: "an import of sequelize decides, even for a call left unawaited",
      code: "import { QueryInterface } from 'sequelize';\n\nexport async function up(queryInterface: QueryInterface) {\n  queryInterface.createTable('t', {});\n}\n",
    },
    {
      name: "a call on a parameter nothing identifies is left alone rather than guessed at",
      code: "exports.up = (x) => x.createTable('t', {});\n",
    },
  ],
  invalid: [
    {
      name: "Sequelize returned and .then-chained: only addColumn, with Sequelize's advice",
      code: SEQUELIZE_RETURNED,
      errors: [
        {
          message: noGuardIn("Sequelize", "queryInterface.addColumn()", 'column "alias" of relation "Notes" already exists', 'Run it as queryInterface.sequelize.query("ALTER TABLE … ADD COLUMN IF NOT EXISTS …").'),
          line: 8,
          column: 14,
          endLine: 8,
          endColumn: 84,
        },
      ],
    },
    {
      name: "Sequelize in Promise.all, with arrow functions",
      code: SEQUELIZE_PROMISE_ALL,
      errors: [
        {
          message: "queryInterface.addIndex() is not retry-safe (the retry fails because the index already exists) and Sequelize has no option to guard it. Create it with queryInterface.sequelize.query(\"CREATE INDEX IF NOT EXISTS …\").",
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 50,
        },
        {
          message: noGuardIn("Sequelize", "queryInterface.removeColumn()", 'column "legacy" of relation "notes" does not exist', 'Run it as queryInterface.sequelize.query("ALTER TABLE … DROP COLUMN IF EXISTS …").'),
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 51,
        },
      ],
    },
    {
      name: "node-pg-migrate's addIndex is its createIndex: the options get ifNotExists",
      code: PGM_ADD_INDEX,
      output: PGM_ADD_INDEX.replace("notNull: true } })", "notNull: true } }, { ifNotExists: true })").replace(
        "'zonefile_hash');",
        "'zonefile_hash', { ifNotExists: true });",
      ),
      errors: [
        { message: missing("pgm.createTable()", "the retry fails with 'relation \"zonefiles\" already exists'", "ifNotExists: true"), line: 4, column: 3, endLine: 4, endColumn: 127 },
        { message: missing("pgm.addIndex()", "the retry fails because the index already exists", "ifNotExists: true"), line: 5, column: 3, endLine: 5, endColumn: 45 },
        {
          message: noGuardIn(
            "node-pg-migrate",
            "pgm.addConstraint()",
            'constraint "zonefiles_hash_key" for relation "zonefiles" already exists',
            "Drop it first with pgm.dropConstraint(table, name, { ifExists: true }), or add it with pgm.sql() in a DO block that catches duplicate_object.",
          ),
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 80,
        },
      ],
    },
  ],
});

const KNEX_FRAGMENTS = `exports.up = async function (knex) {
  if (!(await knex.schema.hasTable("invoices"))) {
    await knex.schema.createTable("invoices", (table) => {
      table.uuid("id").primary().defaultTo(knex.raw("uuid_generate_v4()"));
      table.specificType("tags", knex.raw("text[]"));
      table.timestamp("created_at").defaultTo(knex.raw("now()"));
    });
  }
  await knex("invoices").update({ total: knex.raw("?? + 1", ["total"]) });
  await knex("invoices").where(knex.raw("?? = ?", ["status", "paid"])).del();
  return knex.raw("CREATE INDEX invoices_tags_idx ON invoices USING gin (tags)").then(() => knex.raw("DROP INDEX old_idx"));
};
`;

new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "commonjs" } }).run("idempotent-ddl (knex.raw as a value is not a statement)", rule, {
  valid: [
    {
      name: "Sequelize replacements (:key, ?) are values, not SQL the parser must read",
      code: `module.exports = {
  async up(queryInterface) {
    await queryInterface.sequelize.query('UPDATE documents SET "text" = :text WHERE id = :id', { replacements: { text: "", id: 1 } });
    await queryInterface.sequelize.query("UPDATE documents SET title = ? WHERE id = ?", { replacements: ["", 1] });
    await queryInterface.sequelize.query("SELECT * FROM users WHERE id = :userId", { replacements: values });
  },
};
`,
    },
  ],
  invalid: [
    {
      name: "advice about a statement built from interpolations shows them as {…}, not as parser placeholders",
      code: 'module.exports = {\n  async up(queryInterface) {\n    await queryInterface.sequelize.query(`alter table "${table}" add constraint "${name}" foreign key ("documentId") references documents (id)`);\n  },\n};\n',
      errors: [
        {
          message: noGuardIn(
            "PostgreSQL",
            "ALTER TABLE {…} ADD CONSTRAINT {…} in queryInterface.sequelize.query()",
            'constraint "{…}" for relation "{…}" already exists',
            "Run ALTER TABLE {…} DROP CONSTRAINT IF EXISTS {…} first, or add it in a DO block that catches duplicate_object.",
          ),
          line: 3,
          column: 66,
          endLine: 3,
          endColumn: 143,
        },
      ],
    },
    {
      name: "defaults, column types and query values built with knex.raw are left alone; raw statements that run are checked",
      code: KNEX_FRAGMENTS,
      output: KNEX_FRAGMENTS.replace("CREATE INDEX invoices", "CREATE INDEX IF NOT EXISTS invoices").replace("DROP INDEX old_idx", "DROP INDEX IF EXISTS old_idx"),
      errors: [
        {
          message: missing("CREATE INDEX invoices_tags_idx in knex.raw()", "the retry fails with 'relation \"invoices_tags_idx\" already exists'", "IF NOT EXISTS"),
          line: 11,
          column: 20,
          endLine: 11,
          endColumn: 79,
        },
        { message: missing("DROP INDEX old_idx in knex.raw()", "the retry fails with 'index \"old_idx\" does not exist'", "IF EXISTS"), line: 11, column: 103, endLine: 11, endColumn: 121 },
      ],
    },
  ],
});

const TYPEORM_DOWN = `import { MigrationInterface, QueryRunner } from "typeorm";

export class ApiKey1708000000000 implements MigrationInterface {
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`ALTER TABLE "apikey" DROP CONSTRAINT "FK_apikey_workspaceId"\`);
    await queryRunner.query(\`ALTER TABLE "apikey" DROP CONSTRAINT IF EXISTS "FK_apikey_ownerId"\`);
    await queryRunner.query(\`ALTER TABLE "apikey" DROP COLUMN "a", DROP COLUMN "b"\`);
    await queryRunner.query(\`DROP TABLE IF EXISTS "apikey"\`);
  }
}
`;

new RuleTester({ languageOptions: { parser: tseslint.parser } }).run("idempotent-ddl (one finding per ALTER TABLE before a DROP TABLE)", rule, {
  valid: [],
  invalid: [
    {
      name: "TypeORM's generated down: one finding per statement, whose fix adds every guard it needs",
      code: TYPEORM_DOWN,
      output: TYPEORM_DOWN.replace('ALTER TABLE "apikey" DROP CONSTRAINT "FK', 'ALTER TABLE IF EXISTS "apikey" DROP CONSTRAINT IF EXISTS "FK')
        .replace('ALTER TABLE "apikey" DROP CONSTRAINT IF EXISTS', 'ALTER TABLE IF EXISTS "apikey" DROP CONSTRAINT IF EXISTS')
        .replace('ALTER TABLE "apikey" DROP COLUMN "a", DROP COLUMN "b"', 'ALTER TABLE IF EXISTS "apikey" DROP COLUMN IF EXISTS "a", DROP COLUMN IF EXISTS "b"'),
      errors: [
        {
          message: missing(
            "ALTER TABLE apikey DROP CONSTRAINT FK_apikey_workspaceId in queryRunner.query()",
            "the retry fails with 'constraint \"FK_apikey_workspaceId\" of relation \"apikey\" does not exist', or with 'relation \"apikey\" does not exist' once the DROP TABLE after it has run",
            "ALTER TABLE IF EXISTS … DROP CONSTRAINT IF EXISTS",
          ),
          line: 5,
          column: 30,
          endLine: 5,
          endColumn: 90,
        },
        {
          message: missing("ALTER TABLE apikey in queryRunner.query()", "the retry fails with 'relation \"apikey\" does not exist' once the DROP TABLE after it has run", "IF EXISTS"),
          line: 6,
          column: 30,
          endLine: 6,
          endColumn: 96,
        },
        {
          message: missing(
            "ALTER TABLE apikey in queryRunner.query()",
            "the retry fails with 'column \"a\" of relation \"apikey\" does not exist', with 'column \"b\" of relation \"apikey\" does not exist', or with 'relation \"apikey\" does not exist' once the DROP TABLE after it has run",
            "ALTER TABLE IF EXISTS … DROP COLUMN IF EXISTS … DROP COLUMN IF EXISTS",
          ),
          line: 7,
          column: 30,
          endLine: 7,
          endColumn: 83,
        },
      ],
    },
  ],
});
