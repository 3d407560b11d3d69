import rule from "../../rules/idempotent-ddl.js";
import { SQL_FILE, sqlRuleTester } from "./rule-tester.js";

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
