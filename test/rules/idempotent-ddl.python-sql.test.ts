import rule from "../../rules/idempotent-ddl.js";
import { MIGRATION_FILE, pythonRuleTester } from "./rule-tester.js";

const missing = (subject: string, error: string, spelling: string) =>
  `${subject} is not retry-safe: if the migration is retried after a partial run, the retry fails with '${error}'. Add \`${spelling}\` so that a retry skips it.`;

const FORMS = `from alembic import op
import sqlalchemy as sa

INDEX_SQL = """
CREATE INDEX ix_apps_name
    ON apps (name)
"""


def upgrade():
    op.execute("CREATE INDEX ix_a ON apps (a)")
    op.execute(sa.text("ALTER TABLE apps ADD COLUMN b int"))
    op.execute("CREATE TABLE t " "(id int)")
    op.execute(f"CREATE INDEX ix_{name} ON apps (c)")
    op.execute(f"CREATE INDEX ix_d ON {table} (d)")
    op.execute(INDEX_SQL)
    op.execute(r"DROP TABLE old")
`;

pythonRuleTester().run("idempotent-ddl (SQL strings in Python)", rule, {
  valid: [
    {
      name: "guarded SQL in every literal form",
      filename: MIGRATION_FILE,
      code: 'from alembic import op\nimport sqlalchemy as sa\n\nop.execute("CREATE INDEX IF NOT EXISTS ix_a ON apps (a)")\nop.execute(sa.text("DROP TABLE IF EXISTS old"))\nop.execute("""\nDO $$ BEGIN\n  CREATE TYPE mood AS ENUM (\'a\');\nEXCEPTION WHEN duplicate_object THEN NULL;\nEND $$\n""")\n',
    },
    {
      name: "a string that is not sent to the database",
      filename: MIGRATION_FILE,
      code: 'from alembic import op\n\nlog.info("CREATE INDEX ix_a ON apps (a)")\n',
    },
  ],
  invalid: [
    {
      name: "every literal form: the finding points inside the literal and the fix edits it",
      filename: MIGRATION_FILE,
      code: FORMS,
      output: FORMS.replace("CREATE INDEX ix_apps_name", "CREATE INDEX IF NOT EXISTS ix_apps_name")
        .replace("CREATE INDEX ix_a ON", "CREATE INDEX IF NOT EXISTS ix_a ON")
        .replace("ADD COLUMN b", "ADD COLUMN IF NOT EXISTS b")
        .replace('"CREATE TABLE t "', '"CREATE TABLE IF NOT EXISTS t "')
        .replace("CREATE INDEX ix_{name}", "CREATE INDEX IF NOT EXISTS ix_{name}")
        .replace("CREATE INDEX ix_d", "CREATE INDEX IF NOT EXISTS ix_d")
        .replace('r"DROP TABLE old"', 'r"DROP TABLE IF EXISTS old"'),
      errors: [
        { message: missing("CREATE INDEX ix_apps_name in op.execute()", 'relation "ix_apps_name" already exists', "IF NOT EXISTS"), line: 5, column: 1, endLine: 6, endColumn: 19 },
        { message: missing("CREATE INDEX ix_a in op.execute()", 'relation "ix_a" already exists', "IF NOT EXISTS"), line: 11, column: 17, endLine: 11, endColumn: 46 },
        { message: missing("ALTER TABLE apps ADD COLUMN b in sa.text()", 'column "b" of relation "apps" already exists', "IF NOT EXISTS"), line: 12, column: 42, endLine: 12, endColumn: 58 },
        { message: missing("CREATE TABLE t in op.execute()", 'relation "t" already exists', "IF NOT EXISTS"), line: 13, column: 17, endLine: 13, endColumn: 43 },
        { message: missing("CREATE INDEX ix_{…} in op.execute()", 'relation "ix_{…}" already exists', "IF NOT EXISTS"), line: 14, column: 18, endLine: 14, endColumn: 52 },
        { message: missing("CREATE INDEX ix_d in op.execute()", 'relation "ix_d" already exists', "IF NOT EXISTS"), line: 15, column: 18, endLine: 15, endColumn: 50 },
        { message: missing("DROP TABLE old in op.execute()", 'table "old" does not exist', "IF EXISTS"), line: 17, column: 18, endLine: 17, endColumn: 32 },
      ],
    },
    {
      name: "before an interpolation the guard is a suggestion: its value may hold more than the name",
      filename: MIGRATION_FILE,
      code: 'from alembic import op\n\nop.execute(f"CREATE INDEX {name} ON apps (c)")\n',
      output: null,
      errors: [
        {
          messageId: "missingGuard",
          line: 3,
          column: 14,
          endLine: 3,
          endColumn: 45,
          suggestions: [
            {
              desc: "Add `IF NOT EXISTS` (check that `{name}` holds only the name).",
              output: 'from alembic import op\n\nop.execute(f"CREATE INDEX IF NOT EXISTS {name} ON apps (c)")\n',
            },
          ],
        },
      ],
    },
    {
      name: "a named escape is read as its character, in the message and for the fix",
      filename: MIGRATION_FILE,
      code: 'from alembic import op\n\nop.execute("CREATE INDEX ix_caf\\N{LATIN SMALL LETTER E WITH ACUTE} ON apps (c)")\n',
      output: 'from alembic import op\n\nop.execute("CREATE INDEX IF NOT EXISTS ix_caf\\N{LATIN SMALL LETTER E WITH ACUTE} ON apps (c)")\n',
      errors: [
        {
          message: missing("CREATE INDEX ix_café in op.execute()", 'relation "ix_café" already exists', "IF NOT EXISTS"),
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 79,
        },
      ],
    },
    {
      name: "several statements in one string are reported one by one",
      filename: MIGRATION_FILE,
      code: 'from alembic import op\n\nop.execute("DROP TABLE old; CREATE TABLE t (id int)")\n',
      output: 'from alembic import op\n\nop.execute("DROP TABLE IF EXISTS old; CREATE TABLE IF NOT EXISTS t (id int)")\n',
      errors: [
        { messageId: "missingGuard", line: 3, column: 13, endLine: 3, endColumn: 27 },
        { messageId: "missingGuard", line: 3, column: 29, endLine: 3, endColumn: 52 },
      ],
    },
  ],
});

const ALTER_BEFORE_DROP = `from alembic import op


def downgrade():
    op.execute("ALTER TABLE apps DROP CONSTRAINT IF EXISTS fk_apps_owner")
    op.drop_table("apps", if_exists=True)


def upgrade():
    op.execute("ALTER TABLE apps DROP CONSTRAINT IF EXISTS fk_apps_owner")
`;

pythonRuleTester().run("idempotent-ddl (an ALTER TABLE in SQL before op.drop_table)", rule, {
  valid: [],
  invalid: [
    {
      name: "the op.drop_table later in downgrade() makes the ALTER TABLE need IF EXISTS; upgrade() has no drop",
      filename: MIGRATION_FILE,
      code: ALTER_BEFORE_DROP,
      output: ALTER_BEFORE_DROP.replace('op.execute("ALTER TABLE apps', 'op.execute("ALTER TABLE IF EXISTS apps'),
      errors: [
        {
          message: missing("ALTER TABLE apps in op.execute()", 'relation "apps" does not exist', "IF EXISTS").replace(
            "'. Add",
            "' once the DROP TABLE after it has run. Add",
          ),
          line: 5,
          column: 17,
          endLine: 5,
          endColumn: 73,
        },
      ],
    },
  ],
});

const FORMATTED = `from alembic import op

TABLE = "apps"
INDEX_SQL = "CREATE INDEX {name} ON {table} (id)"


def upgrade():
    op.execute("CREATE INDEX ix_b ON %s (id) WHERE note LIKE 'x%%'" % TABLE)
    op.execute("ALTER TABLE {0} ADD COLUMN c{1} int".format(TABLE, 1))
    op.execute("CREATE INDEX ix_d ON t (a) WHERE b = '{{}}'".format())
    op.execute(INDEX_SQL.format(name="ix_c", table=TABLE))
`;

pythonRuleTester().run("idempotent-ddl (Python's own formatting of SQL strings)", rule, {
  valid: [
    {
      name: "guarded statements formatted with % and str.format",
      filename: MIGRATION_FILE,
      code: 'from alembic import op\n\nop.execute("CREATE INDEX IF NOT EXISTS %s ON apps (a)" % name)\nop.execute("DROP TABLE IF EXISTS {}".format(name))\n',
    },
  ],
  invalid: [
    {
      name: "`%` and str.format fields are unknown text; `%%`, `{{` and `}}` stay as they are in the fix",
      filename: MIGRATION_FILE,
      code: FORMATTED,
      output: FORMATTED.replace("CREATE INDEX ix_b", "CREATE INDEX IF NOT EXISTS ix_b")
        .replace("ADD COLUMN c{1}", "ADD COLUMN IF NOT EXISTS c{1}")
        .replace("CREATE INDEX ix_d", "CREATE INDEX IF NOT EXISTS ix_d"),
      errors: [
        {
          messageId: "missingGuard",
          line: 4,
          column: 14,
          endLine: 4,
          endColumn: 49,
          suggestions: [
            {
              desc: "Add `IF NOT EXISTS` (check that `{name}` holds only the name).",
              output: FORMATTED.replace('INDEX_SQL = "CREATE INDEX {name}', 'INDEX_SQL = "CREATE INDEX IF NOT EXISTS {name}'),
            },
          ],
        },
        { message: missing("CREATE INDEX ix_b in op.execute()", 'relation "ix_b" already exists', "IF NOT EXISTS"), line: 8, column: 17, endLine: 8, endColumn: 67 },
        {
          message: missing("ALTER TABLE {…} ADD COLUMN c{…} in op.execute()", 'column "c{…}" of relation "{…}" already exists', "IF NOT EXISTS"),
          line: 9,
          column: 33,
          endLine: 9,
          endColumn: 52,
        },
        { message: missing("CREATE INDEX ix_d in op.execute()", 'relation "ix_d" already exists', "IF NOT EXISTS"), line: 10, column: 17, endLine: 10, endColumn: 60 },
      ],
    },
    {
      name: "a guard right before a format field is a suggestion",
      filename: MIGRATION_FILE,
      code: 'from alembic import op\n\nop.execute("CREATE TABLE %s (id int)" % name)\n',
      output: null,
      errors: [
        {
          messageId: "missingGuard",
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 37,
          suggestions: [
            {
              desc: "Add `IF NOT EXISTS` (check that `%s` holds only the name).",
              output: 'from alembic import op\n\nop.execute("CREATE TABLE IF NOT EXISTS %s (id int)" % name)\n',
            },
          ],
        },
      ],
    },
  ],
});

const NAMED_BY_CONSTANTS = `from alembic import op

TABLE = "apps"
ODD = "apps; x"


def upgrade():
    op.execute(f"CREATE TABLE {TABLE} (id int)")
    op.execute(f"CREATE TABLE {ODD} (id int)")
    op.execute(f"DROP INDEX IF EXISTS ix_{TABLE}")
    op.execute(f"CREATE INDEX ix_{TABLE} ON {TABLE} (id)")


def downgrade():
    TABLE = "other"
    op.execute(f"DROP TABLE {TABLE}")
`;

pythonRuleTester().run("idempotent-ddl (f-string fields that are constants holding a name)", rule, {
  valid: [],
  invalid: [
    {
      name: "a field naming a constant that holds a plain name is read as that name, in the scope Python looks it up in",
      filename: MIGRATION_FILE,
      code: NAMED_BY_CONSTANTS,
      output: NAMED_BY_CONSTANTS.replace('f"CREATE TABLE {TABLE}', 'f"CREATE TABLE IF NOT EXISTS {TABLE}').replace('f"DROP TABLE {TABLE}', 'f"DROP TABLE IF EXISTS {TABLE}'),
      errors: [
        { message: missing("CREATE TABLE apps in op.execute()", 'relation "apps" already exists', "IF NOT EXISTS"), line: 8, column: 18, endLine: 8, endColumn: 47 },
        {
          message: missing("CREATE TABLE {…} in op.execute()", 'relation "{…}" already exists', "IF NOT EXISTS"),
          line: 9,
          column: 18,
          endLine: 9,
          endColumn: 45,
          suggestions: [
            {
              desc: "Add `IF NOT EXISTS` (check that `{ODD}` holds only the name).",
              output: NAMED_BY_CONSTANTS.replace('f"CREATE TABLE {ODD}', 'f"CREATE TABLE IF NOT EXISTS {ODD}'),
            },
          ],
        },
        { message: missing("DROP TABLE other in op.execute()", 'table "other" does not exist', "IF EXISTS"), line: 16, column: 18, endLine: 16, endColumn: 36 },
      ],
    },
  ],
});
