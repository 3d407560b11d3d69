import { RuleTester } from "eslint";
import rule from "../../rules/idempotent-ddl.js";
import plugin from "../../src/index.js";
import { MIGRATION_FILE, pythonRuleTester, SQL_FILE, sqlRuleTester } from "./rule-tester.js";

function sqlRuleTesterFor(dialect: string): RuleTester {
  return new RuleTester({ files: ["**/*.sql"], plugins: { migrations: plugin }, language: "migrations/sql", languageOptions: { dialect } });
}

const missing = (subject: string, error: string, spelling: string) =>
  `${subject} is not retry-safe: if the migration is retried after a partial run, the retry fails with '${error}'. Add \`${spelling}\` so that a retry skips it.`;

const MYSQL_CHECK = "check information_schema.statistics before it in the migration tool, or run it from a stored procedure or a prepared statement that checks first.";

const rejected = (subject: string, error: string, database: string, spelling: string, statement: string, remedy: string) =>
  `${subject} is not retry-safe (the retry fails with '${error}') and ${database} has no option to guard it. There is no ${spelling} for ${statement}: ${remedy}`;

const SQLITE_CHECK =
  "check sqlite_master or pragma_table_info() before it in the migration tool. SQLite's DDL is transactional: a migration run as one transaction leaves nothing behind when it fails.";

/** MySQL syntax that PostgreSQL's parser rejects; every statement of it must be read and checked. */
const MYSQL_FILE = `CREATE TABLE \`apps\` (
  \`id\` INT AUTO_INCREMENT PRIMARY KEY,
  \`updated_at\` TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
) ENGINE=InnoDB; # apps
CREATE INDEX \`ix_apps_updated\` ON \`apps\` (\`updated_at\`);
ALTER TABLE apps ADD COLUMN owner_id INT AFTER id, MODIFY updated_at DATETIME, DROP INDEX ix_old;
DROP INDEX ix_apps_updated ON apps;
/*!40101 SET NAMES utf8mb4 */;
DROP TABLE apps;
`;

const MARIADB_FILE = `CREATE INDEX \`ix_apps_updated\` ON \`apps\` (\`updated_at\`);
ALTER TABLE apps ADD COLUMN owner_id INT AFTER id, DROP COLUMN legacy, DROP FOREIGN KEY fk_a;
DROP INDEX ix_apps_updated ON apps;
`;

const SQLITE_FILE = `CREATE TABLE apps (id INTEGER PRIMARY KEY, slug TEXT) WITHOUT ROWID;
create unique index ix_apps_slug on apps (slug);
ALTER TABLE apps ADD COLUMN owner_id INTEGER;
ALTER TABLE apps DROP COLUMN legacy;
CREATE TRIGGER apps_touch AFTER UPDATE ON apps BEGIN UPDATE apps SET slug = lower(slug); END;
DROP INDEX ix_old;
`;

sqlRuleTesterFor("mysql").run("idempotent-ddl (SQL files, mysql)", rule, {
  valid: [
    {
      name: "MySQL: guarded tables and statements that are safe to run twice",
      filename: SQL_FILE,
      code: [
        "CREATE TABLE IF NOT EXISTS `apps` (`id` INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;",
        "CREATE OR REPLACE VIEW app_ids AS SELECT id FROM apps;",
        "ALTER TABLE apps MODIFY COLUMN name VARCHAR(255) BINARY;",
        "ALTER TABLE apps CHANGE old_name new_name INT;",
        "INSERT INTO apps (id) VALUES (1) ON DUPLICATE KEY UPDATE id = id;",
        "DROP TABLE IF EXISTS old_apps;",
        "",
      ].join("\n"),
    },
  ],
  invalid: [
    {
      name: "MySQL 8.0: table guards are fixed, index and column operations reported with what works",
      filename: SQL_FILE,
      code: MYSQL_FILE,
      output: MYSQL_FILE.replace("CREATE TABLE `apps`", "CREATE TABLE IF NOT EXISTS `apps`").replace("DROP TABLE apps", "DROP TABLE IF EXISTS apps"),
      errors: [
        { message: missing("CREATE TABLE apps", "Table 'apps' already exists", "IF NOT EXISTS"), line: 1, column: 1, endLine: 4, endColumn: 16 },
        {
          message: rejected("CREATE INDEX ix_apps_updated", "Duplicate key name 'ix_apps_updated'", "MySQL 8.0", "IF NOT EXISTS", "CREATE INDEX", MYSQL_CHECK),
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 56,
        },
        {
          message: rejected(
            "ALTER TABLE apps ADD COLUMN owner_id",
            "Duplicate column name 'owner_id'",
            "MySQL 8.0",
            "IF NOT EXISTS",
            "ALTER TABLE apps ADD COLUMN",
            MYSQL_CHECK.replace("statistics", "columns"),
          ),
          line: 6,
          column: 18,
          endLine: 6,
          endColumn: 50,
        },
        {
          message: rejected("ALTER TABLE apps DROP INDEX ix_old", "Can't DROP 'ix_old'; check that column/key exists", "MySQL 8.0", "IF EXISTS", "ALTER TABLE apps DROP INDEX", MYSQL_CHECK),
          line: 6,
          column: 80,
          endLine: 6,
          endColumn: 97,
        },
        {
          message: rejected("DROP INDEX ix_apps_updated", "Can't DROP 'ix_apps_updated'; check that column/key exists", "MySQL 8.0", "IF EXISTS", "DROP INDEX", MYSQL_CHECK),
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 35,
        },
        { message: missing("DROP TABLE apps", "Unknown table 'apps'", "IF EXISTS"), line: 9, column: 1, endLine: 9, endColumn: 16 },
      ],
    },
    {
      name: "MySQL or MariaDB (a MySQL driver): only what both accept",
      filename: SQL_FILE,
      code: "ALTER TABLE apps DROP FOREIGN KEY fk_a;\n",
      output: null,
      errors: [
        {
          message: rejected("ALTER TABLE apps DROP FOREIGN KEY fk_a", "Can't DROP 'fk_a'; check that column/key exists", "MySQL 8.0", "IF EXISTS", "ALTER TABLE apps DROP FOREIGN KEY", MYSQL_CHECK.replace("statistics", "table_constraints")),
          line: 1,
          column: 18,
          endLine: 1,
          endColumn: 39,
        },
      ],
    },
  ],
});

sqlRuleTesterFor("sqlite").run("idempotent-ddl (SQL files, sqlite)", rule, {
  valid: [
    {
      name: "SQLite: a trigger body's statements belong to the trigger",
      filename: SQL_FILE,
      code: "CREATE TRIGGER IF NOT EXISTS t AFTER INSERT ON apps BEGIN\n  INSERT INTO log VALUES (1);\n  UPDATE apps SET n = CASE WHEN n > 0 THEN n ELSE 0 END;\nEND;\n",
    },
  ],
  invalid: [
    {
      name: "SQLite: IF NOT EXISTS for tables, indexes and triggers, IF EXISTS for drops; columns reported without a fix",
      filename: SQL_FILE,
      code: SQLITE_FILE,
      output: SQLITE_FILE.replace("CREATE TABLE apps", "CREATE TABLE IF NOT EXISTS apps")
        .replace("index ix_apps_slug", "index if not exists ix_apps_slug")
        .replace("TRIGGER apps_touch", "TRIGGER IF NOT EXISTS apps_touch")
        .replace("DROP INDEX ix_old", "DROP INDEX IF EXISTS ix_old"),
      errors: [
        { message: missing("CREATE TABLE apps", "table apps already exists", "IF NOT EXISTS"), line: 1, column: 1, endLine: 1, endColumn: 68 },
        { message: missing("CREATE UNIQUE INDEX ix_apps_slug", "index ix_apps_slug already exists", "IF NOT EXISTS"), line: 2, column: 1, endLine: 2, endColumn: 48 },
        {
          message: rejected("ALTER TABLE apps ADD COLUMN owner_id", "duplicate column name: owner_id", "SQLite", "IF NOT EXISTS", "ALTER TABLE apps ADD COLUMN", SQLITE_CHECK),
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 45,
        },
        {
          message: rejected("ALTER TABLE apps DROP COLUMN legacy", 'no such column: "legacy"', "SQLite", "IF EXISTS", "ALTER TABLE apps DROP COLUMN", SQLITE_CHECK),
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 36,
        },
        { message: missing("CREATE TRIGGER apps_touch", "trigger apps_touch already exists", "IF NOT EXISTS"), line: 5, column: 1, endLine: 5, endColumn: 93 },
        { message: missing("DROP INDEX ix_old", "no such index: ix_old", "IF EXISTS"), line: 6, column: 1, endLine: 6, endColumn: 18 },
      ],
    },
    {
      name: "SQLite: a guard SQLite rejects is reported",
      filename: SQL_FILE,
      code: "ALTER TABLE apps ADD COLUMN IF NOT EXISTS owner_id INTEGER;\n",
      output: null,
      errors: [
        {
          message: rejected("ALTER TABLE apps ADD COLUMN owner_id", "duplicate column name: owner_id", "SQLite", "IF NOT EXISTS", "ALTER TABLE apps ADD COLUMN", SQLITE_CHECK).replace(
            "There is no",
            "SQLite rejects IF NOT EXISTS here: remove it. There is no",
          ),
          line: 1,
          column: 18,
          endLine: 1,
          endColumn: 59,
        },
      ],
    },
  ],
});

sqlRuleTesterFor("mariadb").run("idempotent-ddl (SQL files, mariadb)", rule, {
  valid: [

  ],
  invalid: [
    {
      name: "MariaDB: its own guards for indexes, columns and foreign keys",
      filename: SQL_FILE,
      code: MARIADB_FILE,
      output: [
        "CREATE INDEX IF NOT EXISTS `ix_apps_updated` ON `apps` (`updated_at`);",
        "ALTER TABLE apps ADD COLUMN IF NOT EXISTS owner_id INT AFTER id, DROP COLUMN IF EXISTS legacy, DROP FOREIGN KEY IF EXISTS fk_a;",
        "DROP INDEX IF EXISTS ix_apps_updated ON apps;",
        "",
      ].join("\n"),
      errors: [
        { message: missing("CREATE INDEX ix_apps_updated", "Duplicate key name 'ix_apps_updated'", "IF NOT EXISTS"), line: 1, column: 1, endLine: 1, endColumn: 56 },
        { message: missing("ALTER TABLE apps ADD COLUMN owner_id", "Duplicate column name 'owner_id'", "IF NOT EXISTS"), line: 2, column: 18, endLine: 2, endColumn: 50 },
        { message: missing("ALTER TABLE apps DROP COLUMN legacy", "Can't DROP 'legacy'; check that column/key exists", "IF EXISTS"), line: 2, column: 52, endLine: 2, endColumn: 70 },
        { message: missing("ALTER TABLE apps DROP FOREIGN KEY fk_a", "Can't DROP 'fk_a'; check that column/key exists", "IF EXISTS"), line: 2, column: 72, endLine: 2, endColumn: 93 },
        { message: missing("DROP INDEX ix_apps_updated", "Can't DROP 'ix_apps_updated'; check that column/key exists", "IF EXISTS"), line: 3, column: 1, endLine: 3, endColumn: 35 },
      ],
    },
  ],
});

sqlRuleTesterFor("cockroachdb").run("idempotent-ddl (SQL files, cockroachdb)", rule, {
  valid: [

  ],
  invalid: [
    {
      name: "CockroachDB: its own index clauses are read, and PostgreSQL's guards fixed",
      filename: SQL_FILE,
      code: "CREATE INDEX ix_a ON apps (a) STORING (b);\nDROP INDEX apps@ix_old;\n",
      output: "CREATE INDEX IF NOT EXISTS ix_a ON apps (a) STORING (b);\nDROP INDEX IF EXISTS apps@ix_old;\n",
      errors: [
        { message: missing("CREATE INDEX ix_a", 'relation "ix_a" already exists', "IF NOT EXISTS"), line: 1, column: 1 },
        { message: missing("DROP INDEX apps.ix_old", 'index "ix_old" does not exist', "IF EXISTS"), line: 2, column: 1, endLine: 2, endColumn: 23 },
      ],
    },
  ],
});

sqlRuleTester().run("idempotent-ddl (SQL files, dialect from the file)", rule, {
  valid: [

  ],
  invalid: [
    {
      name: "the dialect from the file's name: a .sqlite3.up.sql file",
      filename: "db/migrations/20200101000000_apps.sqlite3.up.sql",
      code: "ALTER TABLE apps ADD COLUMN owner_id INTEGER;\n",
      output: null,
      errors: [
        {
          message: rejected("ALTER TABLE apps ADD COLUMN owner_id", "duplicate column name: owner_id", "SQLite", "IF NOT EXISTS", "ALTER TABLE apps ADD COLUMN", SQLITE_CHECK),
          line: 1,
          column: 18,
        },
      ],
    },
  ],
});

pythonRuleTester().run("idempotent-ddl (Alembic on MySQL)", rule, {
  valid: [],
  invalid: [
    {
      name: "an Alembic guard that emits syntax MySQL rejects, and SQL sent only to MySQL",
      filename: MIGRATION_FILE,
      settings: { migrations: { dialect: "mysql" } },
      code: [
        "from alembic import op",
        "",
        "",
        "def upgrade():",
        '    op.create_index("ix_a", "apps", ["a"], if_not_exists=True)',
        '    op.create_table("t", if_not_exists=False)',
        "",
      ].join("\n"),
      output: ["from alembic import op", "", "", "def upgrade():", '    op.create_index("ix_a", "apps", ["a"], if_not_exists=True)', '    op.create_table("t", if_not_exists=True)', ""].join("\n"),
      errors: [
        {
          message:
            "op.create_index() is not retry-safe (the retry fails because the index ix_a of apps already exists) and MySQL 8.0 has no option to guard it. " +
            `\`if_not_exists=True\` emits IF NOT EXISTS there, which MySQL 8.0 rejects: remove it. There is no IF NOT EXISTS for op.create_index(): ${MYSQL_CHECK}`,
          line: 5,
          column: 5,
        },
        { messageId: "guardDisabled", line: 6 },
      ],
    },
    {
      name: "an Alembic operation in a branch that runs only on MySQL gets MySQL's guards",
      filename: MIGRATION_FILE,
      code: [
        "from alembic import op",
        "",
        "",
        "def upgrade():",
        "    if op.get_bind().dialect.name == 'mysql':",
        '        op.create_index("ix_a", "apps", ["a"])',
        "    else:",
        '        op.create_index("ix_a", "apps", ["a"], postgresql_concurrently=False)',
        "",
      ].join("\n"),
      output: [
        "from alembic import op",
        "",
        "",
        "def upgrade():",
        "    if op.get_bind().dialect.name == 'mysql':",
        '        op.create_index("ix_a", "apps", ["a"])',
        "    else:",
        '        op.create_index("ix_a", "apps", ["a"], postgresql_concurrently=False, if_not_exists=True)',
        "",
      ].join("\n"),
      errors: [
        {
          message: `op.create_index() is not retry-safe (the retry fails because the index ix_a of apps already exists) and MySQL 8.0 has no option to guard it. There is no IF NOT EXISTS for op.create_index(): ${MYSQL_CHECK}`,
          line: 6,
          column: 9,
        },
        { messageId: "missingGuard", line: 8, column: 9 },
      ],
    },
    {
      name: "op.execute() under `if op.get_context().dialect.name == \"sqlite\":` is SQLite's SQL",
      filename: MIGRATION_FILE,
      code: [
        "from alembic import op",
        "",
        "",
        "def upgrade():",
        '    if op.get_context().dialect.name == "sqlite":',
        '        op.execute("ALTER TABLE apps ADD COLUMN b INTEGER")',
        "    else:",
        '        op.execute("ALTER TABLE apps ADD COLUMN b integer")',
        "",
      ].join("\n"),
      output: [
        "from alembic import op",
        "",
        "",
        "def upgrade():",
        '    if op.get_context().dialect.name == "sqlite":',
        '        op.execute("ALTER TABLE apps ADD COLUMN b INTEGER")',
        "    else:",
        '        op.execute("ALTER TABLE apps ADD COLUMN IF NOT EXISTS b integer")',
        "",
      ].join("\n"),
      errors: [
        {
          message: rejected("ALTER TABLE apps ADD COLUMN b in op.execute()", "duplicate column name: b", "SQLite", "IF NOT EXISTS", "ALTER TABLE apps ADD COLUMN", SQLITE_CHECK),
          line: 6,
          column: 38,
        },
        { message: missing("ALTER TABLE apps ADD COLUMN b in op.execute()", 'column "b" of relation "apps" already exists', "IF NOT EXISTS"), line: 8 },
      ],
    },
  ],
});

const javaScriptRuleTester = new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "module" } });

javaScriptRuleTester.run("idempotent-ddl (knex on SQLite)", rule, {
  valid: [],
  invalid: [
    {
      name: "raw SQL in a knex migration of a SQLite project gets SQLite's guards only",
      filename: "migrations/20200101_apps.js",
      settings: { migrations: { dialect: "sqlite" } },
      code: 'export async function up(knex) {\n  await knex.raw("CREATE INDEX ix_a ON apps (a)");\n  await knex.raw("ALTER TABLE apps ADD COLUMN b INTEGER");\n}\n',
      output: 'export async function up(knex) {\n  await knex.raw("CREATE INDEX IF NOT EXISTS ix_a ON apps (a)");\n  await knex.raw("ALTER TABLE apps ADD COLUMN b INTEGER");\n}\n',
      errors: [
        { message: missing("CREATE INDEX ix_a in knex.raw()", "index ix_a already exists", "IF NOT EXISTS"), line: 2, column: 19 },
        {
          message: rejected("ALTER TABLE apps ADD COLUMN b in knex.raw()", "duplicate column name: b", "SQLite", "IF NOT EXISTS", "ALTER TABLE apps ADD COLUMN", SQLITE_CHECK),
          line: 3,
          column: 36,
        },
      ],
    },
  ],
});
