import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import rule from "../../rules/idempotent-ddl.js";
import plugin from "../../src/index.js";
import { MIGRATION_FILE, SQL_FILE, pythonRuleTester, sqlRuleTester } from "./rule-tester.js";

const HEADER = "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n";

/** A repository whose env.py reaches a MetaData with a naming convention through two imports. */
function projectWithConvention(): string {
  const root = mkdtempSync(path.join(tmpdir(), "naming-convention-"));
  for (const folder of [".git", "migrations/versions", "app"]) {
    mkdirSync(path.join(root, folder), { recursive: true });
  }
  writeFileSync(path.join(root, "migrations/env.py"), "from alembic import context\nfrom app.models import Base\n\ntarget_metadata = Base.metadata\n");
  writeFileSync(path.join(root, "app/models.py"), "from app.db import Base\n");
  writeFileSync(
    path.join(root, "app/db.py"),
    [
      "from sqlalchemy import MetaData",
      "from sqlalchemy.orm import declarative_base",
      "",
      "NAMING_CONVENTION = {",
      '    "uq": "uq_%(table_name)s_%(column_0_name)s",',
      '    "ck": "ck_%(table_name)s_%(constraint_name)s",',
      '    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",',
      '    "pk": "pk_%(table_name)s",',
      "}",
      "Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))",
      "",
    ].join("\n"),
  );
  return path.join(root, "migrations/versions/0001_a.py");
}

const conventionFile = projectWithConvention();
const FK = '    op.create_foreign_key(None, "orders", "users", ["user_id"], ["id"])\n';
const noGuard = (callee: string, failure: string, advice: string) =>
  `${callee}() is not retry-safe (${failure}) and Alembic has no option to guard it. ${advice}`;

pythonRuleTester().run("idempotent-ddl (Alembic: what a retry of an unnamed constraint does)", rule, {
  valid: [
    {
      name: "a drop of PostgreSQL's default name before an unnamed foreign key covers it",
      filename: MIGRATION_FILE,
      code: `${HEADER}    op.drop_constraint("orders_user_id_fkey", "orders", type_="foreignkey", if_exists=True)\n${FK}`,
    },
    {
      name: "a drop of the convention's name before it covers it",
      filename: conventionFile,
      code: `${HEADER}    op.drop_constraint("fk_orders_user_id_users", "orders", type_="foreignkey", if_exists=True)\n${FK}`,
    },
    {
      name: "create_table with prefixes=[\"TEMPORARY\"] is session-scoped",
      filename: MIGRATION_FILE,
      code: `${HEADER}    op.create_table("scratch", sa.Column("id", sa.Integer()), prefixes=["TEMPORARY"])\n`,
    },
    {
      name: "a TEMP table in op.execute() is not a finding, nor what is done to it",
      filename: MIGRATION_FILE,
      code: `${HEADER}    op.execute("CREATE TEMP TABLE moved AS SELECT id FROM orders")\n    op.execute("CREATE INDEX ix_moved ON moved (id)")\n    op.execute("DROP TABLE moved")\n`,
    },
  ],
  invalid: [
    {
      name: "without a naming convention PostgreSQL names it and a retry adds a duplicate",
      filename: MIGRATION_FILE,
      code: HEADER + FK,
      errors: [
        {
          message: noGuard(
            "op.create_foreign_key",
            'a retry does not fail but silently adds a duplicate foreign key, "orders_user_id_fkey1"',
            'Unnamed, no naming convention is set on the project\'s MetaData, so PostgreSQL names it "orders_user_id_fkey": write that name in and drop it first with op.drop_constraint("orders_user_id_fkey", "orders", if_exists=True), or guard it in SQL with a DO block.',
          ),
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 72,
          suggestions: [
            {
              desc: 'Name it "orders_user_id_fkey", as PostgreSQL does (drop it with if_exists=True before to make it retry-safe).',
              output: `${HEADER}    op.create_foreign_key("orders_user_id_fkey", "orders", "users", ["user_id"], ["id"])\n`,
            },
          ],
        },
      ],
    },
    {
      name: "a drop of another default name does not cover it; unique and check are named by their columns",
      filename: MIGRATION_FILE,
      code: `${HEADER}    op.drop_constraint("orders_id_fkey", "orders", type_="foreignkey", if_exists=True)\n${FK}    op.create_unique_constraint(None, "orders", ["email"])\n    op.create_check_constraint(None, "orders", "a > b")\n`,
      errors: [
        { line: 7, column: 5, endLine: 7, endColumn: 72, message: /duplicate foreign key, "orders_user_id_fkey1"/u, suggestions: 1 },
        { line: 8, column: 5, endLine: 8, endColumn: 59, message: /duplicate unique constraint, "orders_email_key1"/u, suggestions: 1 },
        { line: 9, column: 5, endLine: 9, endColumn: 56, message: /duplicate constraint, "orders_check1"/u, suggestions: 1 },
      ],
    },
    {
      name: "an unnamed primary key fails on a retry",
      filename: MIGRATION_FILE,
      code: `${HEADER}    op.create_primary_key(None, "orders", ["id"])\n`,
      errors: [
        {
          message: noGuard(
            "op.create_primary_key",
            "the retry fails with 'multiple primary keys for table \"orders\" are not allowed'",
            'Unnamed, no naming convention is set on the project\'s MetaData, so PostgreSQL names it "orders_pkey": write that name in and drop it first with op.drop_constraint("orders_pkey", "orders", if_exists=True), or guard it in SQL with a DO block.',
          ),
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 50,
          suggestions: [
            {
              desc: 'Name it "orders_pkey", as PostgreSQL does (drop it with if_exists=True before to make it retry-safe).',
              output: `${HEADER}    op.create_primary_key("orders_pkey", "orders", ["id"])\n`,
            },
          ],
        },
      ],
    },
    {
      name: "with env.py's naming convention Alembic names it and the retry fails",
      filename: conventionFile,
      code: HEADER + FK,
      errors: [
        {
          message: noGuard(
            "op.create_foreign_key",
            "the retry fails with 'constraint \"fk_orders_user_id_users\" for relation \"orders\" already exists'",
            'The naming convention in app/db.py names it; drop it first with op.drop_constraint("fk_orders_user_id_users", "orders", if_exists=True), or guard it in SQL with a DO block that catches duplicate_object.',
          ),
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 72,
          suggestions: [
            {
              desc: 'Write the name the convention gives it, op.f("fk_orders_user_id_users").',
              output: `${HEADER}    op.create_foreign_key(op.f("fk_orders_user_id_users"), "orders", "users", ["user_id"], ["id"])\n`,
            },
          ],
        },
      ],
    },
    {
      name: "a convention that needs %(constraint_name)s makes an unnamed constraint fail on its first run",
      filename: conventionFile,
      code: `${HEADER}    op.create_check_constraint(None, "orders", "qty > 0")\n`,
      errors: [
        {
          message: noGuard(
            "op.create_check_constraint",
            "even the first run fails: the naming convention in app/db.py needs %(constraint_name)s, which an unnamed constraint lacks",
            "Name the constraint.",
          ),
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 58,
        },
      ],
    },
    {
      name: "a branch on the URL's scheme is checked for that database",
      filename: MIGRATION_FILE,
      code: `${HEADER}    url = str(op.get_bind().engine.url)\n    if url.startswith("mysql"):\n        op.drop_constraint("awards_ibfk_1", "awards", type_="foreignkey")\n`,
      errors: [
        {
          message:
            "op.drop_constraint() is not retry-safe (the retry fails because the constraint awards_ibfk_1 of awards is already gone) and MySQL 8.0 has no option to guard it. There is no IF EXISTS for op.drop_constraint(): check information_schema.table_constraints before it in the migration tool, or run it from a stored procedure or a prepared statement that checks first.",
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 74,
        },
      ],
    },
    {
      name: "PostgreSQL's default names are not claimed for another database",
      filename: MIGRATION_FILE,
      code: `${HEADER}    if op.get_context().dialect.name == "mysql":\n    ${FK}`,
      errors: [{ line: 7, column: 9, endLine: 7, endColumn: 76, message: /^op\.create_foreign_key\(\) is not retry-safe \(the retry fails because the foreign key of orders already exists\) and Alembic has no option to guard it\. Guard it in SQL/u }],
    },
    {
      name: "a convention in the migration itself counts too",
      filename: MIGRATION_FILE,
      code: `${HEADER}    meta = sa.MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0_N_name)s"})\n    op.create_unique_constraint(None, "orders", ["tenant_id", "email"])\n`,
      errors: [{ line: 7, column: 5, endLine: 7, endColumn: 72, message: /^op\.create_unique_constraint\(\) is not retry-safe \(the retry fails with 'relation "uq_orders_tenant_id_email" already exists'\)/u, suggestions: 1 }],
    },
  ],
});

const sqlNoGuard = (subject: string, failure: string, advice: string) =>
  `${subject} is not retry-safe (${failure}) and PostgreSQL has no option to guard it. ${advice}`;

sqlRuleTester().run("idempotent-ddl (SQL: PostgreSQL's default names, session-scoped tables)", rule, {
  valid: [
    {
      name: "DROP CONSTRAINT IF EXISTS of <table>_pkey covers an unnamed ADD PRIMARY KEY",
      filename: SQL_FILE,
      code: "ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_pkey;\nALTER TABLE orders ADD PRIMARY KEY (id);\n",
    },
    {
      name: "a drop of the default name covers an unnamed foreign key and an unnamed index",
      filename: SQL_FILE,
      code: "ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_user_id_fkey;\nALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);\nDROP INDEX IF EXISTS orders_user_id_idx;\nCREATE INDEX ON orders (user_id);\n",
    },
    {
      name: "TEMP and TEMPORARY tables, views and sequences live for one session",
      filename: SQL_FILE,
      code: "CREATE TEMP TABLE moved AS SELECT id FROM orders;\nCREATE INDEX ix_moved ON moved (id);\nALTER TABLE moved ADD COLUMN done boolean;\nDROP TABLE moved;\nCREATE TEMPORARY TABLE t2 (a int);\nCREATE TEMP VIEW v AS SELECT 1;\nCREATE TEMP SEQUENCE s;\n",
    },
  ],
  invalid: [
    {
      name: "a drop of a different default name does not cover ADD PRIMARY KEY",
      filename: SQL_FILE,
      code: "ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_id_pkey;\nALTER TABLE orders ADD PRIMARY KEY (id);\n",
      errors: [
        {
          message: sqlNoGuard(
            "ALTER TABLE orders ADD PRIMARY KEY",
            "the retry fails with 'multiple primary keys for table \"orders\" are not allowed'",
            "Run ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_pkey first (orders_pkey is the name PostgreSQL gives it), or add it in a DO block that catches invalid_table_definition.",
          ),
          line: 2,
          column: 20,
          endLine: 2,
          endColumn: 40,
        },
      ],
    },
    {
      name: "an unnamed foreign key: a retry adds a duplicate silently; the suggestion names it",
      filename: SQL_FILE,
      code: "ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);\n",
      errors: [
        {
          message: sqlNoGuard(
            "ALTER TABLE orders ADD CONSTRAINT",
            'a retry does not fail but silently adds a duplicate foreign key, "orders_user_id_fkey1"',
            "Name it orders_user_id_fkey (the name PostgreSQL gives it) and run ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_user_id_fkey first.",
          ),
          line: 1,
          column: 20,
          endLine: 1,
          endColumn: 67,
          suggestions: [
            {
              desc: "Name the constraint orders_user_id_fkey.",
              output: "ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);\n",
            },
          ],
        },
      ],
    },
    {
      name: "unnamed UNIQUE and CHECK are named by their columns; a permanent table next to a temp one is still checked",
      filename: SQL_FILE,
      code: "CREATE TEMP TABLE scratch (a int);\nALTER TABLE orders ADD UNIQUE (email);\nALTER TABLE orders ADD CHECK (qty > 0);\nCREATE TABLE scratch2 (a int);\n",
      errors: [
        { line: 2, column: 20, endLine: 2, endColumn: 38, message: /duplicate unique constraint, "orders_email_key1"/u, suggestions: 1 },
        { line: 3, column: 20, endLine: 3, endColumn: 39, message: /duplicate constraint, "orders_qty_check1"/u, suggestions: 1 },
        { line: 4, column: 1, endLine: 4, endColumn: 30, message: /^CREATE TABLE scratch2 is not retry-safe/u },
      ],
      output: "CREATE TEMP TABLE scratch (a int);\nALTER TABLE orders ADD UNIQUE (email);\nALTER TABLE orders ADD CHECK (qty > 0);\nCREATE TABLE IF NOT EXISTS scratch2 (a int);\n",
    },
  ],
});

describe("with every recommended rule on", () => {
  it("finds the naming convention whichever rule asks for the file's facts first", () => {
    const linter = new Linter({ configType: "flat", cwd: path.resolve(conventionFile, "../../..") });
    // unchecked-sql comes first, so it is the rule that fills the shared facts cache.
    const config = [{ ...plugin.configs.recommended[0], rules: { "migrations/unchecked-sql": "warn", "migrations/idempotent-ddl": "error" } }] as Linter.Config[];
    const messages = linter.verify(HEADER + FK, config, { filename: conventionFile });
    expect(messages.map((message) => message.message)).toEqual([
      noGuard(
        "op.create_foreign_key",
        "the retry fails with 'constraint \"fk_orders_user_id_users\" for relation \"orders\" already exists'",
        'The naming convention in app/db.py names it; drop it first with op.drop_constraint("fk_orders_user_id_users", "orders", if_exists=True), or guard it in SQL with a DO block that catches duplicate_object.',
      ),
    ]);
  });
});

const DROP_COLUMN = '    op.drop_column("queries", "schedule")\n';
const ADD_COLUMN = '    op.add_column("queries", sa.Column("schedule", sa.Text()))\n';

pythonRuleTester().run("idempotent-ddl (Alembic: a column dropped before it is added again)", rule, {
  valid: [
    {
      name: "a guarded drop of the column covers adding it again",
      filename: MIGRATION_FILE,
      code: HEADER + DROP_COLUMN.replace('"schedule")', '"schedule", if_exists=True)') + ADD_COLUMN,
    },
  ],
  invalid: [
    {
      name: "an unguarded drop covers the add after it too; only the drop is reported",
      filename: MIGRATION_FILE,
      code: HEADER + DROP_COLUMN + ADD_COLUMN,
      output: HEADER + DROP_COLUMN.replace('"schedule")', '"schedule", if_exists=True)') + ADD_COLUMN,
      errors: [
        {
          message:
            "op.drop_column() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'column \"schedule\" of relation \"queries\" does not exist'. Add `if_exists=True` so that a retry skips it.",
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 42,
        },
      ],
    },
    {
      name: "a drop of the same column name in another table does not cover it",
      filename: MIGRATION_FILE,
      code: HEADER + DROP_COLUMN.replace('"queries"', '"dashboards"').replace('"schedule")', '"schedule", if_exists=True)') + ADD_COLUMN,
      output: HEADER + DROP_COLUMN.replace('"queries"', '"dashboards"').replace('"schedule")', '"schedule", if_exists=True)') + ADD_COLUMN.replace("sa.Text()))", "sa.Text()), if_not_exists=True)"),
      errors: [
        {
          message:
            "op.add_column() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'column \"schedule\" of relation \"queries\" already exists'. Add `if_not_exists=True` so that a retry skips it.",
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 63,
        },
      ],
    },
  ],
});
