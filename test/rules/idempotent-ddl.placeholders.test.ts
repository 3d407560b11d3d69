import { RuleTester } from "eslint";
import rule from "../../rules/idempotent-ddl.js";
import { MIGRATION_FILE, pythonRuleTester, sqlRuleTester } from "./rule-tester.js";

const missing = (subject: string, error: string, spelling: string) =>
  `${subject} is not retry-safe: if the migration is retried after a partial run, the retry fails with '${error}'. Add \`${spelling}\` so that a retry skips it.`;

const lines = (...text: string[]) => `${text.join("\n")}\n`;
const NAMESPACE = '{{ index .Options "Namespace" }}';
const POP_FILE = "migrations/20240101000000_sessions.up.sql";

sqlRuleTester().run("idempotent-ddl (Go templates in SQL files)", rule, {
  valid: [
    {
      name: "guarded statements around template actions, inside quotes too",
      filename: POP_FILE,
      code: lines(
        `alter table ${NAMESPACE}.sessions add column if not exists aal text;`,
        `create index if not exists identities_user_id_idx on "${NAMESPACE}".identities using btree (user_id);`,
        `{{ if .IsSQLite }}select 1;{{ end }}`,
      ),
    },
  ],
  invalid: [
    {
      name: "an action that is part of a name: reported as written and fixed before it",
      filename: POP_FILE,
      code: lines(`alter table ${NAMESPACE}.sessions add column aal text;`, `create table ${NAMESPACE}refresh_tokens (id bigserial primary key);`),
      output: lines(
        `alter table ${NAMESPACE}.sessions add column if not exists aal text;`,
        `create table if not exists ${NAMESPACE}refresh_tokens (id bigserial primary key);`,
      ),
      errors: [
        { message: missing(`ALTER TABLE ${NAMESPACE}.sessions ADD COLUMN aal`, 'column "aal" of relation "sessions" already exists', "IF NOT EXISTS"), line: 1, column: 55, endLine: 1, endColumn: 74 },
        {
          message: missing(`CREATE TABLE ${NAMESPACE}refresh_tokens`, `relation "${NAMESPACE}refresh_tokens" already exists`, "IF NOT EXISTS"),
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 87,
        },
      ],
    },
    {
      name: "an action that is the whole name may expand to more than a name: a suggestion, no fix before it",
      filename: POP_FILE,
      code: lines("create index {{ .IndexName }} on sessions (user_id);"),
      output: null,
      errors: [
        {
          message: missing("CREATE INDEX {{ .IndexName }}", 'relation "{{ .IndexName }}" already exists', "IF NOT EXISTS"),
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 52,
          suggestions: [
            {
              desc: "Add `IF NOT EXISTS` (check that `{{ .IndexName }}` holds only the name).",
              output: lines("create index if not exists {{ .IndexName }} on sessions (user_id);"),
            },
          ],
        },
      ],
    },
    {
      name: "both branches of an if are read; comments and control actions are not SQL",
      filename: POP_FILE,
      code: lines("{{/* sessions */}}", "{{ if eq .Dialect \"postgres\" }}", "drop index ix_sessions_aal;", "{{ end }}"),
      output: lines("{{/* sessions */}}", "{{ if eq .Dialect \"postgres\" }}", "drop index if exists ix_sessions_aal;", "{{ end }}"),
      errors: [{ message: missing("DROP INDEX ix_sessions_aal", 'index "ix_sessions_aal" does not exist', "IF EXISTS"), line: 3, column: 1, endLine: 3, endColumn: 27 }],
    },
  ],
});

const python = (...body: string[]) => lines("from alembic import op", "import sqlalchemy as sa", "", "", "def upgrade():", ...body.map((line) => `    ${line}`));

pythonRuleTester().run("idempotent-ddl (DBAPI parameters and SQLAlchemy binds in Python)", rule, {
  valid: [
    {
      name: "guarded DDL with parameters in every spelling",
      filename: MIGRATION_FILE,
      code: python(
        'op.get_bind().exec_driver_sql("ALTER TABLE apps ADD COLUMN IF NOT EXISTS flag int DEFAULT %s", (1,))',
        'conn.execute("CREATE INDEX IF NOT EXISTS ix_a ON apps (a) WHERE note LIKE \'x%%\' AND b = %(b)s", {"b": 1})',
        'op.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_b ON apps (b) WHERE c = :c").bindparams(c=1))',
      ),
    },
  ],
  invalid: [
    {
      name: "%s and %(name)s are values when the call passes parameters, and %% is one %",
      filename: MIGRATION_FILE,
      code: python(
        'op.get_bind().exec_driver_sql("ALTER TABLE apps ADD COLUMN flag int DEFAULT %s", (1,))',
        'conn.execute("CREATE INDEX ix_a ON apps (a) WHERE note LIKE \'x%%\' AND b = %(b)s", {"b": 1})',
        'conn.exec_driver_sql("DROP INDEX ix_old", parameters=None)',
      ),
      output: python(
        'op.get_bind().exec_driver_sql("ALTER TABLE apps ADD COLUMN IF NOT EXISTS flag int DEFAULT %s", (1,))',
        'conn.execute("CREATE INDEX IF NOT EXISTS ix_a ON apps (a) WHERE note LIKE \'x%%\' AND b = %(b)s", {"b": 1})',
        'conn.exec_driver_sql("DROP INDEX IF EXISTS ix_old", parameters=None)',
      ),
      errors: [
        {
          message: missing("ALTER TABLE apps ADD COLUMN flag in op.get_bind().exec_driver_sql()", 'column "flag" of relation "apps" already exists', "IF NOT EXISTS"),
          line: 6,
          column: 53,
          endLine: 6,
          endColumn: 83,
        },
        { message: missing("CREATE INDEX ix_a in conn.execute()", 'relation "ix_a" already exists', "IF NOT EXISTS"), line: 7, column: 19, endLine: 7, endColumn: 84 },
        { message: missing("DROP INDEX ix_old in conn.exec_driver_sql()", 'index "ix_old" does not exist', "IF EXISTS"), line: 8, column: 27, endLine: 8, endColumn: 44 },
      ],
    },
  ],
});

const SEQUELIZE_BIND = `module.exports = {
  async up(queryInterface) {
    await queryInterface.sequelize.query("ALTER TABLE apps ADD COLUMN flag int DEFAULT $flag", { bind: { flag: 1 } });
    await queryInterface.sequelize.query("CREATE INDEX ix_a ON apps (a) WHERE b = $1", { bind: [1] });
    await queryInterface.sequelize.query("ALTER TABLE apps ADD COLUMN $column int", { bind: { column: "c" } });
  },
};
`;

const PGM_ARGS = `exports.up = (pgm) => {
  pgm.sql("ALTER TABLE posts ADD COLUMN archived boolean DEFAULT {archived}", { archived: false });
  pgm.sql("CREATE INDEX posts_title_idx ON posts (title) WHERE title <> {skip}", args);
};
`;

new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "commonjs" } }).run("idempotent-ddl (bind parameters in JavaScript)", rule, {
  valid: [],
  invalid: [
    {
      name: "Sequelize's bind: $key and $1 are values; a suggestion before one",
      code: SEQUELIZE_BIND,
      output: SEQUELIZE_BIND.replace("ADD COLUMN flag", "ADD COLUMN IF NOT EXISTS flag").replace("CREATE INDEX ix_a", "CREATE INDEX IF NOT EXISTS ix_a"),
      errors: [
        {
          message: missing("ALTER TABLE apps ADD COLUMN flag in queryInterface.sequelize.query()", 'column "flag" of relation "apps" already exists', "IF NOT EXISTS"),
          line: 3,
          column: 60,
          endLine: 3,
          endColumn: 93,
        },
        { message: missing("CREATE INDEX ix_a in queryInterface.sequelize.query()", 'relation "ix_a" already exists', "IF NOT EXISTS"), line: 4, column: 43, endLine: 4, endColumn: 85 },
        {
          message: missing("ALTER TABLE apps ADD COLUMN {…} in queryInterface.sequelize.query()", 'column "{…}" of relation "apps" already exists', "IF NOT EXISTS"),
          line: 5,
          column: 60,
          endLine: 5,
          endColumn: 82,
          suggestions: [
            {
              desc: "Add `IF NOT EXISTS` (check that `$column` holds only the name).",
              output: SEQUELIZE_BIND.replace("ADD COLUMN $column", "ADD COLUMN IF NOT EXISTS $column"),
            },
          ],
        },
      ],
    },
    {
      name: "node-pg-migrate's pgm.sql(sql, args): each {key} is a value",
      code: PGM_ARGS,
      output: PGM_ARGS.replace("ADD COLUMN archived", "ADD COLUMN IF NOT EXISTS archived").replace("CREATE INDEX posts_title_idx", "CREATE INDEX IF NOT EXISTS posts_title_idx"),
      errors: [
        {
          message: missing("ALTER TABLE posts ADD COLUMN archived in pgm.sql()", 'column "archived" of relation "posts" already exists', "IF NOT EXISTS"),
          line: 2,
          column: 30,
          endLine: 2,
          endColumn: 76,
        },
        { message: missing("CREATE INDEX posts_title_idx in pgm.sql()", 'relation "posts_title_idx" already exists', "IF NOT EXISTS"), line: 3, column: 12, endLine: 3, endColumn: 79 },
      ],
    },
  ],
});
