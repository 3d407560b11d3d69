import { RuleTester } from "eslint";
import rule from "../../rules/idempotent-ddl.js";
import { MIGRATION_FILE, pythonRuleTester, SQL_FILE, sqlRuleTester } from "./rule-tester.js";

// Issue 13: a drop before a creation covers it only when both name the same object after schema
// resolution.

const missing = (subject: string, failure: string, spelling: string) =>
  `${subject} is not retry-safe: if the migration is retried after a partial run, ${failure}. Add \`${spelling}\` so that a retry skips it.`;

const noGuard = (subject: string, failure: string, advice: string) =>
  `${subject} is not retry-safe (${failure}) and PostgreSQL has no option to guard it. ${advice}`;

const DUPLICATE_OBJECT_ADVICE =
  "Wrap it in a DO block that catches duplicate_object (DO $$ BEGIN … EXCEPTION WHEN duplicate_object THEN NULL; END $$), or drop it with IF EXISTS first.";

/** The statements of a file, one a line. */
const lines = (...statements: string[]) => `${statements.join("\n")}\n`;

sqlRuleTester().run("idempotent-ddl (schemas of a drop and a creation)", rule, {
  valid: [
    {
      name: "both name the same schema",
      filename: SQL_FILE,
      code: lines(
        "DROP INDEX IF EXISTS storage.ix_objects_name;",
        "CREATE INDEX ix_objects_name ON storage.objects (name);",
        "DROP TYPE IF EXISTS storage.mood;",
        "CREATE TYPE storage.mood AS ENUM ('calm');",
        "ALTER TABLE storage.objects DROP CONSTRAINT IF EXISTS fk_objects_bucket;",
        "ALTER TABLE storage.objects ADD CONSTRAINT fk_objects_bucket FOREIGN KEY (bucket_id) REFERENCES storage.buckets (id);",
      ),
    },
    {
      name: "neither names a schema: the same search_path is assumed",
      filename: SQL_FILE,
      code: lines("DROP INDEX IF EXISTS ix_objects_name;", "CREATE INDEX ix_objects_name ON objects (name);", "DROP TYPE IF EXISTS mood;", "CREATE TYPE mood AS ENUM ('calm');"),
    },
    {
      name: "an unqualified name and public.name are the same object",
      filename: SQL_FILE,
      code: lines(
        "DROP INDEX IF EXISTS ix_objects_name;",
        "CREATE INDEX ix_objects_name ON public.objects (name);",
        "DROP TYPE IF EXISTS public.mood;",
        "CREATE TYPE mood AS ENUM ('calm');",
        "ALTER TABLE public.objects DROP CONSTRAINT IF EXISTS fk_objects_bucket;",
        "ALTER TABLE objects ADD CONSTRAINT fk_objects_bucket FOREIGN KEY (bucket_id) REFERENCES buckets (id);",
      ),
    },
    {
      name: "names compare as PostgreSQL folds them: unquoted lower-cased, quoted exact",
      filename: SQL_FILE,
      code: lines('DROP INDEX IF EXISTS STORAGE.IX_Objects_Name;', 'CREATE INDEX ix_objects_name ON "storage".objects (name);', 'DROP TYPE IF EXISTS "Billing"."Mood";', 'CREATE TYPE "Billing"."Mood" AS ENUM (\'calm\');'),
    },
    {
      name: "SET search_path earlier in the file decides where an unqualified name is",
      filename: SQL_FILE,
      code: lines("SET search_path TO storage, public;", "DROP INDEX IF EXISTS ix_objects_name;", "CREATE INDEX ix_objects_name ON storage.objects (name);"),
    },
    {
      name: "SET LOCAL and set_config() set it too",
      filename: SQL_FILE,
      code: lines(
        "SET LOCAL search_path = storage;",
        "DROP TYPE IF EXISTS mood;",
        "CREATE TYPE storage.mood AS ENUM ('calm');",
        "SELECT set_config('search_path', 'billing, public', true);",
        "ALTER TABLE invoices DROP CONSTRAINT IF EXISTS fk_invoices_owner;",
        "ALTER TABLE billing.invoices ADD CONSTRAINT fk_invoices_owner FOREIGN KEY (owner_id) REFERENCES users (id);",
      ),
    },
    {
      name: "a search_path that cannot be read: the names are taken as the same",
      filename: SQL_FILE,
      code: lines("SELECT set_config('search_path', current_setting('app.tenant_schema'), true);", "DROP INDEX IF EXISTS ix_objects_name;", "CREATE INDEX ix_objects_name ON storage.objects (name);"),
    },
    {
      name: "settings.migrations.searchPath: the runner's search_path decides where unqualified names are",
      filename: SQL_FILE,
      settings: { migrations: { searchPath: "storage, public, extensions" } },
      code: lines(
        "DROP INDEX IF EXISTS idx_iceberg_tables_namespace_id;",
        "CREATE UNIQUE INDEX idx_iceberg_tables_namespace_id ON storage.iceberg_tables (namespace_id, name);",
        "ALTER TABLE buckets DROP CONSTRAINT IF EXISTS buckets_owner_fkey;",
        "ALTER TABLE storage.buckets ADD CONSTRAINT buckets_owner_fkey FOREIGN KEY (owner) REFERENCES auth.users (id);",
      ),
    },
    {
      name: "settings.migrations.searchPath as a list of schemas",
      filename: SQL_FILE,
      settings: { migrations: { searchPath: ["$user", "storage"] } },
      code: lines("DROP TYPE IF EXISTS mood;", "CREATE TYPE storage.mood AS ENUM ('calm');"),
    },
    {
      name: "a SET search_path inside a function body may not run during the migration: the names are taken as the same",
      filename: SQL_FILE,
      code: lines(
        "CREATE OR REPLACE FUNCTION storage.touch() RETURNS void LANGUAGE plpgsql AS $$ BEGIN SET search_path TO storage; END $$;",
        "DROP INDEX IF EXISTS ix_objects_name;",
        "CREATE INDEX ix_objects_name ON archive.objects (name);",
      ),
    },
    {
      name: "RESET search_path goes back to public",
      filename: SQL_FILE,
      code: lines("SET search_path TO storage;", "RESET search_path;", "DROP TYPE IF EXISTS mood;", "CREATE TYPE public.mood AS ENUM ('calm');"),
    },
    {
      name: "a DROP TABLE of a table in another schema later does not make the ALTER TABLE need IF EXISTS",
      filename: SQL_FILE,
      code: lines("ALTER TABLE objects DROP CONSTRAINT IF EXISTS fk_objects_bucket;", "DROP TABLE IF EXISTS storage.objects;"),
    },
  ],
  invalid: [
    {
      name: "the issue's pair: an unqualified DROP INDEX does not find the index in its table's schema",
      filename: SQL_FILE,
      code: lines(
        "DROP INDEX IF EXISTS idx_iceberg_tables_namespace_id;",
        "CREATE UNIQUE INDEX idx_iceberg_tables_namespace_id ON storage.iceberg_tables (namespace_id, name);",
      ),
      output: lines(
        "DROP INDEX IF EXISTS idx_iceberg_tables_namespace_id;",
        "CREATE UNIQUE INDEX IF NOT EXISTS idx_iceberg_tables_namespace_id ON storage.iceberg_tables (namespace_id, name);",
      ),
      errors: [
        {
          message: missing(
            "CREATE INDEX idx_iceberg_tables_namespace_id",
            `the retry fails with 'relation "idx_iceberg_tables_namespace_id" already exists'; the DROP INDEX at line 1 looks "idx_iceberg_tables_namespace_id" up through search_path, not in schema "storage"`,
            "IF NOT EXISTS",
          ),
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 99,
        },
      ],
    },
    {
      name: "a drop in another schema, and a quoted schema that differs in case",
      filename: SQL_FILE,
      code: lines("DROP INDEX IF EXISTS archive.ix_a;", "CREATE INDEX ix_a ON storage.objects (a);", 'DROP INDEX IF EXISTS "Storage".ix_b;', "CREATE INDEX ix_b ON storage.objects (b);"),
      output: lines("DROP INDEX IF EXISTS archive.ix_a;", "CREATE INDEX IF NOT EXISTS ix_a ON storage.objects (a);", 'DROP INDEX IF EXISTS "Storage".ix_b;', "CREATE INDEX IF NOT EXISTS ix_b ON storage.objects (b);"),
      errors: [
        {
          message: missing("CREATE INDEX ix_a", `the retry fails with 'relation "ix_a" already exists'; the DROP INDEX at line 1 names schema "archive", not "storage"`, "IF NOT EXISTS"),
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 41,
        },
        {
          message: missing("CREATE INDEX ix_b", `the retry fails with 'relation "ix_b" already exists'; the DROP INDEX at line 3 names schema "Storage", not "storage"`, "IF NOT EXISTS"),
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 41,
        },
      ],
    },
    {
      name: "an unguarded drop through search_path: both are reported, and the creation says why the drop misses it",
      filename: SQL_FILE,
      code: lines("DROP INDEX ix_objects_name;", "CREATE INDEX ix_objects_name ON storage.objects (name);"),
      output: lines("DROP INDEX IF EXISTS ix_objects_name;", "CREATE INDEX IF NOT EXISTS ix_objects_name ON storage.objects (name);"),
      errors: [
        {
          message: missing("DROP INDEX ix_objects_name", `the retry fails with 'index "ix_objects_name" does not exist'`, "IF EXISTS"),
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 27,
        },
        {
          message: missing(
            "CREATE INDEX ix_objects_name",
            `the retry fails with 'relation "ix_objects_name" already exists'; the DROP INDEX at line 1 looks "ix_objects_name" up through search_path, not in schema "storage"`,
            "IF NOT EXISTS",
          ),
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 55,
        },
      ],
    },
    {
      // A CREATE TABLE in SQL gets IF NOT EXISTS whatever was dropped before it, as it always has.
      name: "a table: CREATE TABLE in SQL is reported with its fix whichever schema the drop names",
      filename: SQL_FILE,
      code: lines("DROP TABLE IF EXISTS audit;", "CREATE TABLE storage.audit (id int);"),
      output: lines("DROP TABLE IF EXISTS audit;", "CREATE TABLE IF NOT EXISTS storage.audit (id int);"),
      errors: [
        { message: missing("CREATE TABLE storage.audit", `the retry fails with 'relation "audit" already exists'`, "IF NOT EXISTS"), line: 2, column: 1, endLine: 2, endColumn: 36 },
      ],
    },
    {
      name: "a type: the suggestion qualifies the drop, since CREATE TYPE has no guard",
      filename: SQL_FILE,
      code: lines("DROP TYPE IF EXISTS mood;", "CREATE TYPE storage.mood AS ENUM ('calm');"),
      errors: [
        {
          message: noGuard(
            "CREATE TYPE storage.mood",
            `the retry fails with 'type "mood" already exists'; the DROP TYPE at line 1 looks "mood" up through search_path, not in schema "storage"`,
            DUPLICATE_OBJECT_ADVICE,
          ),
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 42,
          suggestions: [
            {
              messageId: "applySuggestion",
              data: { description: 'Make the DROP TYPE at line 1 name schema "storage"' },
              output: lines("DROP TYPE IF EXISTS storage.mood;", "CREATE TYPE storage.mood AS ENUM ('calm');"),
            },
          ],
        },
      ],
    },
    {
      name: "settings.migrations.searchPath moves unqualified names away from public too",
      filename: SQL_FILE,
      settings: { migrations: { searchPath: "storage" } },
      code: lines("DROP TYPE IF EXISTS mood;", "CREATE TYPE public.mood AS ENUM ('calm');"),
      errors: [
        {
          message: noGuard(
            "CREATE TYPE public.mood",
            `the retry fails with 'type "mood" already exists'; the DROP TYPE at line 1 looks "mood" up through search_path, not in schema "public"`,
            DUPLICATE_OBJECT_ADVICE,
          ),
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 41,
          suggestions: [
            {
              messageId: "applySuggestion",
              data: { description: 'Make the DROP TYPE at line 1 name schema "public"' },
              output: lines("DROP TYPE IF EXISTS public.mood;", "CREATE TYPE public.mood AS ENUM ('calm');"),
            },
          ],
        },
      ],
    },
    {
      name: "a type dropped from public and created unqualified after SET search_path TO storage",
      filename: SQL_FILE,
      code: lines("SET search_path TO storage, public;", "DROP TYPE IF EXISTS public.mood;", "CREATE TYPE mood AS ENUM ('calm');"),
      errors: [
        {
          message: noGuard(
            "CREATE TYPE mood",
            `the retry fails with 'type "mood" already exists'; the DROP TYPE at line 2 names schema "public", but search_path puts "mood" in schema "storage"`,
            DUPLICATE_OBJECT_ADVICE,
          ),
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 34,
        },
      ],
    },
    {
      name: "a constraint is dropped from the table the ALTER TABLE names: the suggestion qualifies that table",
      filename: SQL_FILE,
      code: lines(
        "ALTER TABLE objects DROP CONSTRAINT IF EXISTS fk_objects_bucket;",
        "ALTER TABLE storage.objects ADD CONSTRAINT fk_objects_bucket FOREIGN KEY (bucket_id) REFERENCES storage.buckets (id);",
      ),
      errors: [
        {
          message: noGuard(
            "ALTER TABLE storage.objects ADD CONSTRAINT fk_objects_bucket",
            `the retry fails with 'constraint "fk_objects_bucket" for relation "objects" already exists'; the ALTER TABLE … DROP CONSTRAINT at line 1 looks "objects" up through search_path, not in schema "storage"`,
            "Run ALTER TABLE storage.objects DROP CONSTRAINT IF EXISTS fk_objects_bucket first, or add it in a DO block that catches duplicate_object.",
          ),
          line: 2,
          column: 29,
          endLine: 2,
          endColumn: 117,
          suggestions: [
            {
              messageId: "applySuggestion",
              data: { description: 'Make the ALTER TABLE … DROP CONSTRAINT at line 1 name schema "storage"' },
              output: lines(
                "ALTER TABLE storage.objects DROP CONSTRAINT IF EXISTS fk_objects_bucket;",
                "ALTER TABLE storage.objects ADD CONSTRAINT fk_objects_bucket FOREIGN KEY (bucket_id) REFERENCES storage.buckets (id);",
              ),
            },
          ],
        },
      ],
    },
    {
      name: "a concurrent build on a qualified table: the drop it needs first names the table's schema",
      filename: SQL_FILE,
      code: lines("DROP INDEX CONCURRENTLY IF EXISTS ix_objects_name;", "CREATE INDEX CONCURRENTLY ix_objects_name ON storage.objects (name);"),
      errors: [
        {
          message:
            "CREATE INDEX CONCURRENTLY ix_objects_name is not retry-safe: a failed concurrent build leaves an INVALID index behind, which a retry trips over or, with IF NOT EXISTS, skips for good. Run `DROP INDEX CONCURRENTLY IF EXISTS storage.ix_objects_name;` before it.",
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 68,
          suggestions: [
            {
              messageId: "insertDrop",
              output: lines(
                "DROP INDEX CONCURRENTLY IF EXISTS ix_objects_name;",
                "DROP INDEX CONCURRENTLY IF EXISTS storage.ix_objects_name;",
                "CREATE INDEX CONCURRENTLY ix_objects_name ON storage.objects (name);",
              ),
            },
          ],
        },
      ],
    },
  ],
});

const PYTHON_HEADER = "from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade() -> None:\n";
/** `upgrade()`'s body, one statement a line from line 6. */
const upgrade = (...body: string[]) => `${PYTHON_HEADER}${body.map((line) => `    ${line}\n`).join("")}`;
const ALEMBIC = { alembicVersion: "1.16.5", sqlalchemyVersion: "2.0.30" };

pythonRuleTester().run("idempotent-ddl (schemas in Alembic operations and Python strings)", rule, {
  valid: [
    {
      name: "schema= on the operation and the schema in the SQL string agree",
      filename: MIGRATION_FILE,
      options: [ALEMBIC],
      code: upgrade(
        'op.execute("DROP INDEX IF EXISTS storage.ix_objects_name")',
        'op.create_index("ix_objects_name", "objects", ["name"])',
        'op.drop_constraint("fk_objects_bucket", "objects", schema="storage", if_exists=True)',
        'op.execute("ALTER TABLE storage.objects ADD CONSTRAINT fk_objects_bucket FOREIGN KEY (bucket_id) REFERENCES storage.buckets (id)")',
      ).replace('["name"])', '["name"], schema="storage")'),
    },
    {
      name: "a table dropped in SQL and created by create_table(..., schema=...) in the same schema",
      filename: MIGRATION_FILE,
      options: [ALEMBIC],
      code: upgrade('op.execute("DROP TABLE IF EXISTS storage.audit")', 'op.create_table("audit", sa.Column("id", sa.Integer()), schema="storage")'),
    },
    {
      name: "SET search_path in one op.execute() holds for the strings and operations after it",
      filename: MIGRATION_FILE,
      options: [ALEMBIC],
      code: upgrade('op.execute("SET search_path TO storage, public")', 'op.execute("DROP INDEX IF EXISTS ix_objects_name")', 'op.create_index("ix_objects_name", "objects", ["name"], schema="storage")'),
    },
    {
      name: "a concurrent build after a concurrent drop in the same schema",
      filename: MIGRATION_FILE,
      options: [ALEMBIC],
      code: upgrade(
        "with op.get_context().autocommit_block():",
        '    op.drop_index("ix_objects_name", table_name="objects", schema="storage", postgresql_concurrently=True, if_exists=True)',
        '    op.create_index("ix_objects_name", "objects", ["name"], schema="storage", postgresql_concurrently=True)',
      ),
    },
    {
      name: "settings.migrations.searchPath holds for Alembic operations and strings",
      filename: MIGRATION_FILE,
      options: [ALEMBIC],
      settings: { migrations: { searchPath: "storage" } },
      code: upgrade('op.execute("DROP INDEX IF EXISTS ix_objects_name")', 'op.create_index("ix_objects_name", "objects", ["name"], schema="storage")'),
    },
    {
      name: "a schema filled in at run time (an f-string field) could be any schema",
      filename: MIGRATION_FILE,
      options: [ALEMBIC],
      code: upgrade('op.execute("DROP TYPE IF EXISTS mood")', "op.execute(f\"CREATE TYPE {SCHEMA}.mood AS ENUM ('calm')\")"),
    },
    {
      name: "a schema= that is not a literal could be any schema",
      filename: MIGRATION_FILE,
      options: [ALEMBIC],
      code: upgrade('op.drop_index("ix_objects_name", table_name="objects", schema=SCHEMA, if_exists=True)', 'op.create_index("ix_objects_name", "objects", ["name"], schema="storage")'),
    },
  ],
  invalid: [
    {
      name: "an unqualified DROP INDEX string before create_index(..., schema=...)",
      filename: MIGRATION_FILE,
      options: [ALEMBIC],
      code: upgrade('op.execute("DROP INDEX IF EXISTS ix_objects_name")', 'op.create_index("ix_objects_name", "objects", ["name"], schema="storage")'),
      output: upgrade('op.execute("DROP INDEX IF EXISTS ix_objects_name")', 'op.create_index("ix_objects_name", "objects", ["name"], schema="storage", if_not_exists=True)'),
      errors: [
        {
          message: missing(
            "op.create_index()",
            `the retry fails with 'relation "ix_objects_name" already exists'; the DROP INDEX at line 6 looks "ix_objects_name" up through search_path, not in schema "storage"`,
            "if_not_exists=True",
          ),
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 78,
        },
      ],
    },
    {
      name: "a concurrent drop through search_path does not cover a build in storage; the drop it needs names schema=",
      filename: MIGRATION_FILE,
      options: [ALEMBIC],
      code: upgrade(
        "with op.get_context().autocommit_block():",
        '    op.drop_index("ix_objects_name", table_name="objects", postgresql_concurrently=True, if_exists=True)',
        '    op.create_index("ix_objects_name", "objects", ["name"], schema="storage", postgresql_concurrently=True)',
      ),
      errors: [
        {
          message:
            'op.create_index() is not retry-safe: a failed concurrent build leaves an INVALID index behind, which a retry trips over or, with IF NOT EXISTS, skips for good. Run `op.drop_index("ix_objects_name", table_name="objects", schema="storage", postgresql_concurrently=True, if_exists=True)` before it.',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 112,
          suggestions: [
            {
              messageId: "insertDrop",
              output: upgrade(
                "with op.get_context().autocommit_block():",
                '    op.drop_index("ix_objects_name", table_name="objects", postgresql_concurrently=True, if_exists=True)',
                '    op.drop_index("ix_objects_name", table_name="objects", schema="storage", postgresql_concurrently=True, if_exists=True)',
                '    op.create_index("ix_objects_name", "objects", ["name"], schema="storage", postgresql_concurrently=True)',
              ),
            },
          ],
        },
      ],
    },
    {
      name: "drop_constraint without schema= before create_foreign_key(..., source_schema=...): the suggestion adds schema= to the drop",
      filename: MIGRATION_FILE,
      options: [ALEMBIC],
      code: upgrade(
        'op.drop_constraint("fk_objects_bucket", "objects", if_exists=True)',
        'op.create_foreign_key("fk_objects_bucket", "objects", "buckets", ["bucket_id"], ["id"], source_schema="storage")',
      ),
      errors: [
        {
          message:
            "op.create_foreign_key() is not retry-safe (the retry fails with 'constraint \"fk_objects_bucket\" for relation \"objects\" already exists'; the op.drop_constraint() at line 6 looks \"objects\" up through search_path, not in schema \"storage\") and Alembic has no option to guard it. Guard it in SQL: op.execute() a DO block that adds the constraint and catches duplicate_object (duplicate_table for a unique constraint), or drop it first with op.drop_constraint(..., if_exists=True).",
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 117,
          suggestions: [
            {
              messageId: "applySuggestion",
              data: { description: 'Make the op.drop_constraint() at line 6 name schema "storage"' },
              output: upgrade(
                'op.drop_constraint("fk_objects_bucket", "objects", if_exists=True, schema="storage")',
                'op.create_foreign_key("fk_objects_bucket", "objects", "buckets", ["bucket_id"], ["id"], source_schema="storage")',
              ),
            },
          ],
        },
      ],
    },
    {
      name: "a table dropped in its schema, created through search_path",
      filename: MIGRATION_FILE,
      options: [ALEMBIC],
      code: upgrade('op.drop_table("audit", schema="storage", if_exists=True)', 'op.create_table("audit", sa.Column("id", sa.Integer()))'),
      output: upgrade('op.drop_table("audit", schema="storage", if_exists=True)', 'op.create_table("audit", sa.Column("id", sa.Integer()), if_not_exists=True)'),
      errors: [
        {
          message: missing(
            "op.create_table()",
            `the retry fails with 'relation "audit" already exists'; the op.drop_table() at line 6 names schema "storage", but search_path puts "audit" in schema "public"`,
            "if_not_exists=True",
          ),
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 60,
        },
      ],
    },
    {
      name: "two op.execute() strings: the suggestion qualifies the drop in the earlier string",
      filename: MIGRATION_FILE,
      options: [ALEMBIC],
      code: upgrade('op.execute("DROP TYPE IF EXISTS mood")', "op.execute(\"CREATE TYPE storage.mood AS ENUM ('calm')\")"),
      errors: [
        {
          message: noGuard(
            "CREATE TYPE storage.mood in op.execute()",
            `the retry fails with 'type "mood" already exists'; the DROP TYPE at line 6 looks "mood" up through search_path, not in schema "storage"`,
            DUPLICATE_OBJECT_ADVICE,
          ),
          line: 7,
          column: 17,
          endLine: 7,
          endColumn: 58,
          suggestions: [
            {
              messageId: "applySuggestion",
              data: { description: 'Make the DROP TYPE at line 6 name schema "storage"' },
              output: upgrade('op.execute("DROP TYPE IF EXISTS storage.mood")', "op.execute(\"CREATE TYPE storage.mood AS ENUM ('calm')\")"),
            },
          ],
        },
      ],
    },
  ],
});

const KNEX = `export async function up(knex) {
  await knex.raw("DROP TABLE IF EXISTS audit");
  await knex.schema.withSchema("storage").createTable("audit", (table) => {
    table.increments("id");
  });
  await knex.raw("DROP INDEX IF EXISTS ix_objects_name");
  await knex.raw("CREATE INDEX ix_objects_name ON storage.objects (name)");
}
`;

const PGM = `exports.up = (pgm) => {
  pgm.dropConstraint("objects", "fk_objects_bucket", { ifExists: true });
  pgm.addConstraint({ schema: "storage", name: "objects" }, "fk_objects_bucket", { foreignKeys: { columns: "bucket_id", references: "storage.buckets" } });
  pgm.dropIndex("objects", "b", { name: "ix_b", ifExists: true });
  pgm.createIndex({ schema: "storage", name: "objects" }, "b", { name: "ix_b" });
};
`;

new RuleTester({ languageOptions: { ecmaVersion: "latest", sourceType: "module" } }).run("idempotent-ddl (schemas in JavaScript migrations)", rule, {
  valid: [
    {
      name: "knex: withSchema() on both builders, and raw SQL naming the same schema",
      code: `export async function up(knex) {
  await knex.schema.withSchema("storage").dropTableIfExists("audit");
  await knex.schema.withSchema("storage").createTable("audit", (table) => {
    table.increments("id");
  });
  await knex.raw("DROP INDEX IF EXISTS storage.ix_objects_name");
  await knex.raw("CREATE INDEX ix_objects_name ON storage.objects (name)");
}
`,
    },
    {
      name: "node-pg-migrate: the drop names the same schema",
      code: 'exports.up = (pgm) => {\n  pgm.sql("DROP INDEX IF EXISTS storage.ix_a");\n  pgm.createIndex({ schema: "storage", name: "objects" }, "a", { name: "ix_a" });\n};\n',
    },
  ],
  invalid: [
    {
      name: "knex: a raw unqualified DROP before withSchema().createTable() and before a raw CREATE INDEX on a qualified table",
      code: KNEX,
      output: KNEX.replace('"CREATE INDEX ix_objects_name', '"CREATE INDEX IF NOT EXISTS ix_objects_name'),
      errors: [
        {
          message:
            'knex.schema.createTable() is not retry-safe (the retry fails with \'relation "audit" already exists\'; the DROP TABLE at line 2 looks "audit" up through search_path, not in schema "storage") and knex has no option to guard it. Guard it with `if (!(await knex.schema.hasTable("audit")))`.',
          line: 3,
          column: 9,
          endLine: 5,
          endColumn: 5,
          suggestions: [
            {
              messageId: "applySuggestion",
              data: { description: 'Make the DROP TABLE at line 2 name schema "storage"' },
              output: KNEX.replace('"DROP TABLE IF EXISTS audit"', '"DROP TABLE IF EXISTS storage.audit"'),
            },
          ],
        },
        {
          message: missing(
            "CREATE INDEX ix_objects_name in knex.raw()",
            `the retry fails with 'relation "ix_objects_name" already exists'; the DROP INDEX at line 6 looks "ix_objects_name" up through search_path, not in schema "storage"`,
            "IF NOT EXISTS",
          ),
          line: 7,
          column: 19,
          endLine: 7,
          endColumn: 73,
        },
      ],
    },
    {
      name: "node-pg-migrate: drops through search_path before builders on { schema, name }",
      code: PGM,
      output: PGM.replace('{ name: "ix_b" }', '{ name: "ix_b", ifNotExists: true }'),
      errors: [
        {
          message:
            "pgm.addConstraint() is not retry-safe (the retry fails with 'constraint \"fk_objects_bucket\" for relation \"objects\" already exists'; the pgm.dropConstraint() at line 2 looks \"objects\" up through search_path, not in schema \"storage\") and node-pg-migrate has no option to guard it. Drop it first with pgm.dropConstraint(table, name, { ifExists: true }), or add it with pgm.sql() in a DO block that catches duplicate_object.",
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 155,
        },
        {
          message: missing(
            "pgm.createIndex()",
            `the retry fails with 'relation "ix_b" already exists'; the pgm.dropIndex() at line 4 looks "ix_b" up through search_path, not in schema "storage"`,
            "ifNotExists: true",
          ),
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 81,
        },
      ],
    },
  ],
});
