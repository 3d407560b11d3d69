import rule from "../../rules/idempotent-ddl.js";
import { MIGRATION_FILE, pythonRuleTester } from "./rule-tester.js";

const HEADER = "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    inspector = sa.inspect(op.get_bind())\n";
const migration = (body: string) => HEADER + body;
const missing = (callee: string, failure: string, spelling: string) =>
  `${callee}() is not retry-safe: if the migration is retried after a partial run, the retry fails with '${failure}'. Add \`${spelling}\` so that a retry skips it.`;
const CREATE_AUDIT = '        op.create_table("audit", sa.Column("id", sa.Integer(), primary_key=True))\n';
const createAuditFixed = '        op.create_table("audit", sa.Column("id", sa.Integer(), primary_key=True), if_not_exists=True)\n';

pythonRuleTester().run("idempotent-ddl (Alembic: guards written with SQLAlchemy's inspector)", rule, {
  valid: [
    {
      name: "a table created where get_table_names() says it is absent, with what is created on it",
      filename: MIGRATION_FILE,
      code: migration(`    if "audit" not in inspector.get_table_names():\n${CREATE_AUDIT}        op.create_index("ix_audit_id", "audit", ["id"])\n`),
    },
    {
      name: "has_table, negated; a drop where it is present, in the else branch",
      filename: MIGRATION_FILE,
      code: migration(`    if not inspector.has_table("audit"):\n${CREATE_AUDIT}    else:\n        op.drop_table("audit")\n`),
    },
    {
      name: "a local bound to a foreign-key check guards an unnamed foreign key on that table",
      filename: MIGRATION_FILE,
      code: migration(
        '    has_fk = any(fk["referred_table"] == "users" for fk in inspector.get_foreign_keys("orders"))\n    if not has_fk:\n        op.create_foreign_key(None, "orders", "users", ["user_id"], ["id"])\n',
      ),
    },
    {
      name: "a set of column names bound to a local, and `and` of two checks",
      filename: MIGRATION_FILE,
      code: migration(
        '    columns = {c["name"] for c in inspector.get_columns("users")}\n    if "email" not in columns and "users" in inspector.get_table_names():\n        op.add_column("users", sa.Column("email", sa.String()))\n    if "legacy" in columns:\n        op.drop_column("users", "legacy")\n',
      ),
    },
    {
      name: "a same-file helper whose result is an inspector check, with a module constant",
      filename: MIGRATION_FILE,
      code: [
        "from alembic import op",
        "import sqlalchemy as sa",
        "",
        '_TABLE = "audit"',
        "",
        "",
        "def _index_exists(table, name):",
        "    inspector = sa.inspect(op.get_bind())",
        '    return any(index["name"] == name for index in inspector.get_indexes(table))',
        "",
        "",
        "def upgrade():",
        '    if not _index_exists(_TABLE, "ix_audit_at"):',
        '        op.create_index("ix_audit_at", _TABLE, ["at"])',
        "",
      ].join("\n"),
    },
    {
      name: "`if …: return` guards what follows it",
      filename: MIGRATION_FILE,
      code: migration(`    if inspector.has_table("audit"):\n        return\n    op.create_table("audit", sa.Column("id", sa.Integer(), primary_key=True))\n`),
    },
    {
      name: "what follows the checked operation in its branch runs only when that operation has not run",
      filename: MIGRATION_FILE,
      code: migration(
        '    columns = {c["name"] for c in inspector.get_columns("results")}\n    if "review_status" not in columns:\n        op.add_column("results", sa.Column("review_status", sa.String(20)))\n        op.create_check_constraint("ck_results_review_status", "results", "review_status IN (\'a\', \'b\')")\n',
      ),
    },
    {
      name: "a drop that runs only when the constraint is there leaves it gone, so the create after it is safe",
      filename: MIGRATION_FILE,
      code: migration(
        '    uqs = {u["name"] for u in inspector.get_unique_constraints("cards")}\n    if "uq_cards_band" in uqs:\n        op.drop_constraint("uq_cards_band", "cards", type_="unique")\n    op.create_unique_constraint("uq_cards_band", "cards", ["a", "b"])\n',
      ),
    },
    {
      name: "a local bound to a negated check, `continue` and `raise` leave the block",
      filename: MIGRATION_FILE,
      code: migration(
        '    columns = {c["name"] for c in inspector.get_columns("groups")}\n    legacy = "faculty_id" not in columns\n    if legacy:\n        op.add_column("groups", sa.Column("faculty_id", sa.Integer()))\n    for name in ("a", "b"):\n        if name in columns:\n            continue\n        op.add_column("groups", sa.Column(name, sa.Integer()))\n    if inspector.has_table("audit"):\n        raise RuntimeError("already there")\n    op.create_table("audit", sa.Column("id", sa.Integer()))\n',
      ),
    },
    {
      name: "SQL in op.execute() inside the guarded branch",
      filename: MIGRATION_FILE,
      code: migration('    if not inspector.has_table("audit"):\n        op.execute("CREATE TABLE audit (id int)")\n'),
    },
  ],
  invalid: [
    {
      name: "a reflected row's key is not an object name: a column called \"name\" is not checked by c[\"name\"]",
      filename: MIGRATION_FILE,
      code: migration('    columns = [c["name"] for c in inspector.get_columns("users")]\n    if "x" not in columns:\n        op.add_column("users", sa.Column("name", sa.String()))\n'),
      output: migration('    columns = [c["name"] for c in inspector.get_columns("users")]\n    if "x" not in columns:\n        op.add_column("users", sa.Column("name", sa.String()), if_not_exists=True)\n'),
      errors: [{ message: missing("op.add_column", 'column "name" of relation "users" already exists', "if_not_exists=True"), line: 9, column: 9, endLine: 9, endColumn: 63 }],
    },
    {
      name: "what comes before the checked operation in its branch is not covered",
      filename: MIGRATION_FILE,
      code: migration(
        '    columns = {c["name"] for c in inspector.get_columns("results")}\n    if "review_status" not in columns:\n        op.create_index("ix_results_at", "results", ["at"])\n        op.add_column("results", sa.Column("review_status", sa.String(20)))\n',
      ),
      output: migration(
        '    columns = {c["name"] for c in inspector.get_columns("results")}\n    if "review_status" not in columns:\n        op.create_index("ix_results_at", "results", ["at"], if_not_exists=True)\n        op.add_column("results", sa.Column("review_status", sa.String(20)))\n',
      ),
      errors: [{ message: missing("op.create_index", 'relation "ix_results_at" already exists', "if_not_exists=True"), line: 9, column: 9, endLine: 9, endColumn: 60 }],
    },
    {
      name: "a guard on a different table still reports",
      filename: MIGRATION_FILE,
      code: migration(`    if "events" not in inspector.get_table_names():\n${CREATE_AUDIT}`),
      output: migration(`    if "events" not in inspector.get_table_names():\n${createAuditFixed}`),
      errors: [{ message: missing("op.create_table", 'relation "audit" already exists', "if_not_exists=True"), line: 8, column: 9, endLine: 8, endColumn: 82 }],
    },
    {
      name: "the branch where the table exists guards no create",
      filename: MIGRATION_FILE,
      code: migration(`    if inspector.has_table("audit"):\n${CREATE_AUDIT}`),
      output: migration(`    if inspector.has_table("audit"):\n${createAuditFixed}`),
      errors: [{ message: missing("op.create_table", 'relation "audit" already exists', "if_not_exists=True"), line: 8, column: 9, endLine: 8, endColumn: 82 }],
    },
    {
      name: "`or` tells nothing inside its branch; a column check on another table does not guard",
      filename: MIGRATION_FILE,
      code: migration(
        `    if not inspector.has_table("audit") or flag:\n${CREATE_AUDIT}    if "email" not in [c["name"] for c in inspector.get_columns("accounts")]:\n        op.add_column("users", sa.Column("email", sa.String()))\n`,
      ),
      output: migration(
        `    if not inspector.has_table("audit") or flag:\n${createAuditFixed}    if "email" not in [c["name"] for c in inspector.get_columns("accounts")]:\n        op.add_column("users", sa.Column("email", sa.String()), if_not_exists=True)\n`,
      ),
      errors: [
        { message: missing("op.create_table", 'relation "audit" already exists', "if_not_exists=True"), line: 8, column: 9, endLine: 8, endColumn: 82 },
        { message: missing("op.add_column", 'column "email" of relation "users" already exists', "if_not_exists=True"), line: 10, column: 9, endLine: 10, endColumn: 64 },
      ],
    },
  ],
});
