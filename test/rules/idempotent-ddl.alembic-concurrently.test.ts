import rule from "../../rules/idempotent-ddl.js";
import { MIGRATION_FILE, pythonRuleTester } from "./rule-tester.js";

const HEADER = "from alembic import op\n\n\ndef upgrade():\n    with op.get_context().autocommit_block():\n";
const CREATE = '        op.create_index("ix_a", "apps", ["a"], postgresql_concurrently=True, if_not_exists=True)\n';
const DROP = '        op.drop_index("ix_a", table_name="apps", postgresql_concurrently=True, if_exists=True)\n';

pythonRuleTester().run("idempotent-ddl (concurrent index builds in Alembic)", rule, {
  valid: [
    {
      name: "dropped concurrently with if_exists first",
      filename: MIGRATION_FILE,
      code: HEADER + DROP + CREATE,
    },
  ],
  invalid: [
    {
      name: "if_not_exists alone would skip an INVALID index forever",
      filename: MIGRATION_FILE,
      code: HEADER + CREATE,
      output: null,
      errors: [
        {
          message:
            'op.create_index() is not retry-safe: a failed concurrent build leaves an INVALID index behind, which a retry trips over or, with IF NOT EXISTS, skips for good. Run `op.drop_index("ix_a", table_name="apps", postgresql_concurrently=True, if_exists=True)` before it.',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 97,
          suggestions: [{ messageId: "insertDrop", output: HEADER + DROP + CREATE }],
        },
      ],
    },
    {
      // On a retry the drop removes an INVALID leftover or fails first, so the build is covered; only
      // the drop itself is reported, and its fix adds if_exists.
      name: "a drop without if_exists covers the build after it, and is reported itself",
      filename: MIGRATION_FILE,
      code: HEADER + DROP.replace(", if_exists=True", "") + CREATE,
      output: HEADER + DROP + CREATE,
      errors: [{ messageId: "missingGuard", line: 6, column: 9 }],
    },
  ],
});
