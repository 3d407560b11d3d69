import { RuleTester } from "eslint";
import rule from "../../rules/unchecked-sql.js";
import plugin from "../../src/index.js";
import { MIGRATION_FILE, pythonRuleTester, SQL_FILE, sqlRuleTester } from "./rule-tester.js";

const rejected = (parser: string, message: string) =>
  `This statement was not checked: ${parser} rejects it (${message}). Fix the SQL so that it can be checked.`;
const POSTGRES = "PostgreSQL's parser";

sqlRuleTester().run("unchecked-sql (SQL files)", rule, {
  valid: [
    {
      name: "statements that parse",
      filename: SQL_FILE,
      code: "CREATE TABLE apps (id int);\nDROP INDEX ix_a;\n",
    },
    {
      name: "a rejected statement that cannot hold DDL: a query, a data change, a session command",
      filename: SQL_FILE,
      code: "SELECT * FROM apps WHERE;\nDELETE FROM apps WHERE id IN;\nUPDATE apps SET;\nSHOW COLUMNS FROM apps;\n(SELECT 1 FROM);\n",
    },
  ],
  invalid: [
    {
      name: "a misspelled keyword: what it does cannot be told, so it could be DDL",
      filename: SQL_FILE,
      code: "CREATE TABLE apps (id int);\nCREATE INDX ix_a ON apps (a);\n",
      errors: [{ message: rejected(POSTGRES, 'syntax error at or near "INDX"'), line: 2, column: 1, endLine: 2, endColumn: 29 }],
    },
    {
      name: "a psql variable where PostgreSQL expects a number: quoted as written",
      filename: SQL_FILE,
      code: "ALTER SEQUENCE invoice_no RESTART WITH :start;\n",
      errors: [{ message: rejected(POSTGRES, 'syntax error at or near ":start"'), line: 1, column: 1, endLine: 1, endColumn: 46 }],
    },
  ],
});

new RuleTester({ files: ["**/*.sql"], plugins: { migrations: plugin }, language: "migrations/sql", languageOptions: { dialect: "sqlite" } }).run(
  "unchecked-sql (SQL files, sqlite)",
  rule,
  {
    valid: [],
    invalid: [
      {
        name: "a statement the SQLite grammar rejects",
        filename: SQL_FILE,
        code: "CREATE TABLE IF NOT EXISTS apps (id INTEGER PRIMARY KEY);\nALTER TABLE apps ALTER COLUMN id SET NOT NULL;\n",
        errors: [{ message: rejected("the SQLite grammar", 'Syntax Error: Unexpected " "'), line: 2, column: 1, endLine: 2, endColumn: 46 }],
      },
    ],
  },
);

pythonRuleTester().run("unchecked-sql (SQL strings in Python)", rule, {
  valid: [
    {
      name: "SQLAlchemy's expanding bind in a DELETE, an f-string clause in a SELECT and UPDATE, MySQL's SHOW COLUMNS",
      filename: MIGRATION_FILE,
      code: [
        "from alembic import op",
        "import sqlalchemy as sa",
        "",
        "",
        "def upgrade():",
        '    op.execute(sa.text("DELETE FROM apps WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True)))',
        '    op.execute(f"SELECT id FROM apps {where_clause} {order_by}")',
        '    op.execute(f"UPDATE apps SET {assignments}")',
        '    op.get_bind().execute(sa.text("SHOW COLUMNS FROM apps"))',
        "",
      ].join("\n"),
    },
    {
      name: "a shared WITH clause interpolated before a data change: the statement changes rows, whatever the clause holds",
      filename: MIGRATION_FILE,
      code: ["from alembic import op", "", "", "def upgrade():", '    op.execute(f"{losers_cte} UPDATE apps SET owner_id = l.survivor FROM losers l")', ""].join("\n"),
    },
  ],
  invalid: [
    {
      name: "DDL around an f-string field that PostgreSQL cannot read as a name or value",
      filename: MIGRATION_FILE,
      code: ["from alembic import op", "", "", "def upgrade():", '    op.execute(f"ALTER TABLE apps {action}")', ""].join("\n"),
      errors: [{ message: rejected(POSTGRES, 'syntax error at or near "{…}"'), line: 5, column: 18, endLine: 5, endColumn: 43 }],
    },
    {
      name: "a statement whose leading keyword is a placeholder: what it does cannot be told",
      filename: MIGRATION_FILE,
      code: ["from alembic import op", "", "", "def upgrade():", '    op.execute(f"{verb} TABLE apps")', ""].join("\n"),
      errors: [{ message: rejected(POSTGRES, 'syntax error at or near "{…}"'), line: 5, column: 18, endLine: 5, endColumn: 35 }],
    },
    {
      name: "without parameters a driver sends % as it is: %s is no parameter there, and PostgreSQL rejects it",
      filename: MIGRATION_FILE,
      code: ["from alembic import op", "", "", "def upgrade():", '    conn.exec_driver_sql("CREATE INDEX ix_a ON apps (a) WHERE b = %s")', ""].join("\n"),
      errors: [{ message: rejected(POSTGRES, 'syntax error at or near "%"'), line: 5, column: 27, endLine: 5, endColumn: 69 }],
    },
  ],
});
