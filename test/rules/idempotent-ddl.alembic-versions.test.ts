import rule from "../../rules/idempotent-ddl.js";
import { pythonRuleTester } from "./rule-tester.js";

const OLD_PROJECT = "fixtures/alembic-versions/alembic-1.10/alembic/versions/0007_add_index.py";
const LOCKED_PROJECT = "fixtures/alembic-versions/alembic-1.16-lock/migrations/versions/0003_columns.py";

pythonRuleTester().run("idempotent-ddl reads the project's Alembic version", rule, {
  valid: [
    {
      name: "uv.lock pins 1.16.4 although pyproject.toml allows 1.12: add_column's guard works",
      filename: LOCKED_PROJECT,
      code: 'from alembic import op\nimport sqlalchemy as sa\n\nop.add_column("t", sa.Column("c", sa.Integer()), if_not_exists=True)\n',
    },
  ],
  invalid: [
    {
      name: "requirements.txt pins Alembic 1.10.4: no if_not_exists is added",
      filename: OLD_PROJECT,
      code: 'from alembic import op\n\nop.create_index("ix_a", "t", ["a"])\n',
      output: null,
      errors: [
        {
          message:
            "op.create_index() is not retry-safe (the retry fails with 'relation \"ix_a\" already exists'), and `if_not_exists` does not work with Alembic 1.10.4 (from requirements.txt) and SQLAlchemy 1.4.52 (from requirements.txt): it needs Alembic >= 1.13.0, or Alembic >= 1.11.2 with SQLAlchemy >= 2.0.0. Upgrade, or emit guarded SQL with op.execute().",
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },
    {
      name: "an option overrides the dependency files",
      filename: OLD_PROJECT,
      options: [{ alembicVersion: "1.16.0", sqlalchemyVersion: "2.0.30" }],
      code: 'from alembic import op\n\nop.create_index("ix_a", "t", ["a"])\n',
      output: 'from alembic import op\n\nop.create_index("ix_a", "t", ["a"], if_not_exists=True)\n',
      errors: [{ messageId: "missingGuard", line: 3, column: 1, endLine: 3, endColumn: 36 }],
    },
  ],
});
