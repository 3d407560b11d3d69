import rule from "../../rules/idempotent-ddl.js";
import { SQL_FILE, sqlRuleTester } from "./rule-tester.js";

const missing = (subject: string, error: string, spelling: string, outcome = "skips it") =>
  `${subject} is not retry-safe: if the migration is retried after a partial run, the retry fails with '${error}'. Add \`${spelling}\` so that a retry ${outcome}.`;

const noGuard = (subject: string, failure: string, advice: string) =>
  `${subject} is not retry-safe (${failure}) and PostgreSQL has no option to guard it. ${advice}`;

const DUPLICATE_OBJECT_ADVICE =
  "Wrap it in a DO block that catches duplicate_object (DO $$ BEGIN … EXCEPTION WHEN duplicate_object THEN NULL; END $$), or drop it with IF EXISTS first.";

/** One statement per case: the finding spans the statement on line 1 from column 1. */
function single(code: string, output: string, message: string) {
  return {
    filename: SQL_FILE,
    code,
    output,
    errors: [{ message, line: 1, column: 1, endLine: 1, endColumn: code.replace(/;\s*$/u, "").length + 1 }],
  };
}

sqlRuleTester().run("idempotent-ddl (SQL files)", rule, {
  valid: [
    {
      name: "statements with their guards",
      filename: SQL_FILE,
      code: [
        "CREATE TABLE IF NOT EXISTS apps (id bigint PRIMARY KEY);",
        "CREATE UNIQUE INDEX IF NOT EXISTS ix_apps_slug ON apps (slug);",
        "ALTER TABLE apps ADD COLUMN IF NOT EXISTS owner_id bigint;",
        "ALTER TABLE apps DROP COLUMN IF EXISTS legacy;",
        "CREATE SCHEMA IF NOT EXISTS billing;",
        "CREATE SEQUENCE IF NOT EXISTS invoice_no;",
        "CREATE EXTENSION IF NOT EXISTS vector;",
        "CREATE MATERIALIZED VIEW IF NOT EXISTS app_stats AS SELECT 1;",
        "CREATE OR REPLACE VIEW app_names AS SELECT name FROM apps;",
        "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;",
        "CREATE OR REPLACE TRIGGER apps_touch BEFORE UPDATE ON apps FOR EACH ROW EXECUTE FUNCTION touch();",
        "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'calm';",
        "DROP TABLE IF EXISTS old_apps;",
        "DROP INDEX IF EXISTS ix_old;",
        "DROP TYPE IF EXISTS old_mood;",
        "ALTER TABLE IF EXISTS apps RENAME TO applications;",
        "",
      ].join("\n"),
    },
    {
      name: "statements that are safe to run twice",
      filename: SQL_FILE,
      code: [
        "ALTER TABLE apps ALTER COLUMN status SET DEFAULT 'draft';",
        "ALTER TABLE apps ALTER COLUMN status SET NOT NULL;",
        "ALTER TABLE apps ENABLE ROW LEVEL SECURITY;",
        "ALTER TABLE apps VALIDATE CONSTRAINT fk_apps_owner;",
        "COMMENT ON TABLE apps IS 'Applications';",
        "GRANT SELECT ON apps TO reader;",
        "UPDATE apps SET status = 'draft' WHERE status IS NULL;",
        "",
      ].join("\n"),
    },
    {
      name: "a DO block that catches duplicate_object guards CREATE TYPE",
      filename: SQL_FILE,
      code: "DO $$\nBEGIN\n  CREATE TYPE mood AS ENUM ('happy', 'sad');\nEXCEPTION\n  WHEN duplicate_object THEN NULL;\nEND\n$$;\n",
    },
    {
      name: "a DO block with an existence check guards ADD CONSTRAINT",
      filename: SQL_FILE,
      code: "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'fk_apps_owner') THEN\n    ALTER TABLE apps ADD CONSTRAINT fk_apps_owner FOREIGN KEY (owner_id) REFERENCES users (id);\n  END IF;\nEND\n$$;\n",
    },
    {
      name: "a DO block that checks the index is there guards its drop and rename (supabase/auth's shape)",
      filename: SQL_FILE,
      code: [
        "DO $$",
        "BEGIN",
        "  IF (SELECT count(*) = 2 FROM pg_indexes WHERE indexname IN ('ix_a', 'ix_b')) THEN",
        "    EXECUTE 'DROP INDEX public.ix_a';",
        "  END IF;",
        "  IF EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'ix_b') THEN",
        "    EXECUTE 'ALTER INDEX public.ix_b RENAME TO ix_c';",
        "  END IF;",
        "END",
        "$$;",
        "",
      ].join("\n"),
    },
    {
      name: "a constraint dropped with IF EXISTS just before it is added",
      filename: SQL_FILE,
      code: "ALTER TABLE apps DROP CONSTRAINT IF EXISTS fk_apps_owner;\nALTER TABLE apps ADD CONSTRAINT fk_apps_owner FOREIGN KEY (owner_id) REFERENCES users (id);\n",
    },
    {
      name: "a concurrent build dropped first",
      filename: SQL_FILE,
      code: "DROP INDEX CONCURRENTLY IF EXISTS ix_apps_name;\nCREATE INDEX CONCURRENTLY ix_apps_name ON apps (name);\n",
    },
    {
      name: "a type dropped with IF EXISTS first",
      filename: SQL_FILE,
      code: "DROP TYPE IF EXISTS mood;\nCREATE TYPE mood AS ENUM ('happy');\n",
    },
  ],
  invalid: [
    {
      name: "SQL that a DO block EXECUTEs from a plain '…' literal gets its guard inside the literal",
      filename: SQL_FILE,
      code: "DO $$\nBEGIN\n  EXECUTE 'CREATE INDEX ix_a ON apps (a)';\n  EXECUTE 'CREATE INDEX ix_b ON apps (b) WHERE c <> ''x''';\nEND\n$$;\n",
      output: "DO $$\nBEGIN\n  EXECUTE 'CREATE INDEX IF NOT EXISTS ix_a ON apps (a)';\n  EXECUTE 'CREATE INDEX ix_b ON apps (b) WHERE c <> ''x''';\nEND\n$$;\n",
      errors: [
        { messageId: "missingGuard", line: 3, column: 12, endLine: 3, endColumn: 41 },
        // Doubled quotes make the literal's text differ from the SQL: reported, not edited.
        { messageId: "missingGuard", line: 4, column: 12, endLine: 4, endColumn: 58 },
      ],
    },
    single(
      "CREATE TABLE apps (id bigint PRIMARY KEY);",
      "CREATE TABLE IF NOT EXISTS apps (id bigint PRIMARY KEY);",
      missing("CREATE TABLE apps", 'relation "apps" already exists', "IF NOT EXISTS"),
    ),
    single(
      "CREATE UNLOGGED TABLE cache (k text);",
      "CREATE UNLOGGED TABLE IF NOT EXISTS cache (k text);",
      missing("CREATE TABLE cache", 'relation "cache" already exists', "IF NOT EXISTS"),
    ),
    single(
      "CREATE TABLE app_copy AS SELECT * FROM apps;",
      "CREATE TABLE IF NOT EXISTS app_copy AS SELECT * FROM apps;",
      missing("CREATE TABLE AS app_copy", 'relation "app_copy" already exists', "IF NOT EXISTS"),
    ),
    single(
      "CREATE UNIQUE INDEX ix_apps_slug ON apps (slug);",
      "CREATE UNIQUE INDEX IF NOT EXISTS ix_apps_slug ON apps (slug);",
      missing("CREATE INDEX ix_apps_slug", 'relation "ix_apps_slug" already exists', "IF NOT EXISTS"),
    ),
    single(
      "CREATE SCHEMA billing;",
      "CREATE SCHEMA IF NOT EXISTS billing;",
      missing("CREATE SCHEMA billing", 'schema "billing" already exists', "IF NOT EXISTS"),
    ),
    single(
      "CREATE SEQUENCE invoice_no START 1000;",
      "CREATE SEQUENCE IF NOT EXISTS invoice_no START 1000;",
      missing("CREATE SEQUENCE invoice_no", 'relation "invoice_no" already exists', "IF NOT EXISTS"),
    ),
    single(
      "CREATE EXTENSION vector;",
      "CREATE EXTENSION IF NOT EXISTS vector;",
      missing("CREATE EXTENSION vector", 'extension "vector" already exists', "IF NOT EXISTS"),
    ),
    single(
      "CREATE MATERIALIZED VIEW app_stats AS SELECT count(*) FROM apps;",
      "CREATE MATERIALIZED VIEW IF NOT EXISTS app_stats AS SELECT count(*) FROM apps;",
      missing("CREATE MATERIALIZED VIEW app_stats", 'relation "app_stats" already exists', "IF NOT EXISTS"),
    ),
    single(
      "ALTER TYPE mood ADD VALUE 'calm';",
      "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'calm';",
      missing("ALTER TYPE mood ADD VALUE 'calm'", 'enum label "calm" already exists', "IF NOT EXISTS"),
    ),
    single(
      "CREATE VIEW app_names AS SELECT name FROM apps;",
      "CREATE OR REPLACE VIEW app_names AS SELECT name FROM apps;",
      missing("CREATE VIEW app_names", 'relation "app_names" already exists', "OR REPLACE", "replaces it"),
    ),
    single(
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;",
      "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;",
      missing("CREATE FUNCTION touch", 'function "touch" already exists with same argument types', "OR REPLACE", "replaces it"),
    ),
    single(
      "CREATE TRIGGER apps_touch BEFORE UPDATE ON apps FOR EACH ROW EXECUTE FUNCTION touch();",
      "CREATE OR REPLACE TRIGGER apps_touch BEFORE UPDATE ON apps FOR EACH ROW EXECUTE FUNCTION touch();",
      missing("CREATE TRIGGER apps_touch", 'trigger "apps_touch" for relation "apps" already exists', "OR REPLACE", "replaces it"),
    ),
    single(
      "DROP TABLE old_apps CASCADE;",
      "DROP TABLE IF EXISTS old_apps CASCADE;",
      missing("DROP TABLE old_apps", 'table "old_apps" does not exist', "IF EXISTS"),
    ),
    single(
      "DROP MATERIALIZED VIEW app_stats;",
      "DROP MATERIALIZED VIEW IF EXISTS app_stats;",
      missing("DROP MATERIALIZED VIEW app_stats", 'materialized view "app_stats" does not exist', "IF EXISTS"),
    ),
    single(
      "DROP INDEX CONCURRENTLY ix_old;",
      "DROP INDEX CONCURRENTLY IF EXISTS ix_old;",
      missing("DROP INDEX ix_old", 'index "ix_old" does not exist', "IF EXISTS"),
    ),
    single(
      "DROP TYPE mood;",
      "DROP TYPE IF EXISTS mood;",
      missing("DROP TYPE mood", 'type "mood" does not exist', "IF EXISTS"),
    ),
    single(
      "DROP SCHEMA billing;",
      "DROP SCHEMA IF EXISTS billing;",
      missing("DROP SCHEMA billing", 'schema "billing" does not exist', "IF EXISTS"),
    ),
    single(
      "DROP TRIGGER apps_touch ON apps;",
      "DROP TRIGGER IF EXISTS apps_touch ON apps;",
      missing("DROP TRIGGER apps_touch", 'trigger "apps_touch" for table "apps" does not exist', "IF EXISTS"),
    ),
    single(
      "ALTER TABLE apps RENAME TO applications;",
      "ALTER TABLE IF EXISTS apps RENAME TO applications;",
      missing("ALTER TABLE apps RENAME TO applications", 'relation "apps" does not exist', "IF EXISTS"),
    ),
    {
      name: "ALTER TABLE subcommands are reported one by one",
      filename: SQL_FILE,
      code: "ALTER TABLE apps\n  ADD COLUMN owner_id bigint,\n  DROP COLUMN legacy,\n  DROP CONSTRAINT fk_old,\n  ALTER COLUMN status SET DEFAULT 'draft';\n",
      output:
        "ALTER TABLE apps\n  ADD COLUMN IF NOT EXISTS owner_id bigint,\n  DROP COLUMN IF EXISTS legacy,\n  DROP CONSTRAINT IF EXISTS fk_old,\n  ALTER COLUMN status SET DEFAULT 'draft';\n",
      errors: [
        {
          message: missing("ALTER TABLE apps ADD COLUMN owner_id", 'column "owner_id" of relation "apps" already exists', "IF NOT EXISTS"),
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 29,
        },
        {
          message: missing("ALTER TABLE apps DROP COLUMN legacy", 'column "legacy" of relation "apps" does not exist', "IF EXISTS"),
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 21,
        },
        {
          message: missing("ALTER TABLE apps DROP CONSTRAINT fk_old", 'constraint "fk_old" of relation "apps" does not exist', "IF EXISTS"),
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 25,
        },
      ],
    },
    {
      name: "ADD CONSTRAINT has no guard",
      filename: SQL_FILE,
      code: "ALTER TABLE apps ADD CONSTRAINT fk_apps_owner FOREIGN KEY (owner_id) REFERENCES users (id);",
      output: null,
      errors: [
        {
          message: noGuard(
            "ALTER TABLE apps ADD CONSTRAINT fk_apps_owner",
            "the retry fails with 'constraint \"fk_apps_owner\" for relation \"apps\" already exists'",
            "Run ALTER TABLE apps DROP CONSTRAINT IF EXISTS fk_apps_owner first, or add it in a DO block that catches duplicate_object.",
          ),
          line: 1,
          column: 18,
          endLine: 1,
          endColumn: 91,
        },
      ],
    },
    {
      name: "CREATE TYPE, DOMAIN, POLICY and RENAME COLUMN have no guard",
      filename: SQL_FILE,
      code: "CREATE TYPE mood AS ENUM ('happy');\nCREATE DOMAIN email AS text;\nCREATE POLICY owner_only ON apps USING (owner_id = 1);\nALTER TABLE apps RENAME COLUMN name TO title;\n",
      output: null,
      errors: [
        {
          message: noGuard("CREATE TYPE mood", "the retry fails with 'type \"mood\" already exists'", DUPLICATE_OBJECT_ADVICE),
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 35,
        },
        {
          message: noGuard("CREATE DOMAIN email", "the retry fails with 'type \"email\" already exists'", DUPLICATE_OBJECT_ADVICE),
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 28,
        },
        {
          message: noGuard(
            "CREATE POLICY owner_only",
            "the retry fails with 'policy \"owner_only\" for table \"apps\" already exists'",
            DUPLICATE_OBJECT_ADVICE,
          ),
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 54,
        },
        {
          message: noGuard(
            "ALTER TABLE apps RENAME COLUMN name",
            "the retry fails with 'column \"name\" does not exist'",
            'Rename in a DO block that first checks information_schema.columns for "name" (or catches undefined_column), so that a finished rename to "title" is skipped.',
          ),
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 45,
        },
      ],
    },
    {
      name: "an unnamed index gets a suggested name, not an autofix",
      filename: SQL_FILE,
      code: "CREATE INDEX ON apps (owner_id, created_at);",
      output: null,
      errors: [
        {
          message: noGuard(
            "CREATE INDEX ON apps",
            "every run adds another copy of the index",
            "IF NOT EXISTS needs an index name: name it (PostgreSQL would call it apps_owner_id_created_at_idx) and add IF NOT EXISTS.",
          ),
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 44,
          suggestions: [
            {
              messageId: "applySuggestion",
              output: "CREATE INDEX IF NOT EXISTS apps_owner_id_created_at_idx ON apps (owner_id, created_at);",
            },
          ],
        },
      ],
    },
    {
      name: "an unnamed index on a schema-qualified table is named after the table alone",
      filename: SQL_FILE,
      code: "create index on reporting.daily (total);",
      output: null,
      errors: [
        {
          message: noGuard(
            "CREATE INDEX ON reporting.daily",
            "every run adds another copy of the index",
            "IF NOT EXISTS needs an index name: name it (PostgreSQL would call it daily_total_idx) and add IF NOT EXISTS.",
          ),
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 40,
          suggestions: [{ messageId: "applySuggestion", output: "create index if not exists daily_total_idx on reporting.daily (total);" }],
        },
      ],
    },
    {
      name: "CREATE INDEX CONCURRENTLY needs a DROP INDEX CONCURRENTLY IF EXISTS first",
      filename: SQL_FILE,
      code: "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_apps_name ON apps (name);\n",
      output: null,
      errors: [
        {
          message:
            "CREATE INDEX CONCURRENTLY ix_apps_name is not retry-safe: a failed concurrent build leaves an INVALID index behind, which a retry trips over or, with IF NOT EXISTS, skips for good. Run `DROP INDEX CONCURRENTLY IF EXISTS ix_apps_name;` before it.",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 68,
          suggestions: [
            {
              messageId: "insertDrop",
              output:
                "DROP INDEX CONCURRENTLY IF EXISTS ix_apps_name;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ix_apps_name ON apps (name);\n",
            },
          ],
        },
      ],
    },
    {
      name: "DDL inside a DO block without a handler is checked, at its position in the file",
      filename: SQL_FILE,
      code: "DO $$\nBEGIN\n  CREATE INDEX ix_apps_name ON apps (name);\nEND\n$$;\n",
      output: "DO $$\nBEGIN\n  CREATE INDEX IF NOT EXISTS ix_apps_name ON apps (name);\nEND\n$$;\n",
      errors: [
        {
          message: missing("CREATE INDEX ix_apps_name", 'relation "ix_apps_name" already exists', "IF NOT EXISTS"),
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 43,
        },
      ],
    },
    {
      name: "a handler for another condition does not guard the statement",
      filename: SQL_FILE,
      code: "DO $$ BEGIN CREATE TABLE apps (id int); EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
      output: "DO $$ BEGIN CREATE TABLE IF NOT EXISTS apps (id int); EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
      errors: [
        {
          message: missing("CREATE TABLE apps", 'relation "apps" already exists', "IF NOT EXISTS"),
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 39,
        },
      ],
    },
    {
      name: "non-ASCII text before a statement (character, not byte, columns)",
      filename: SQL_FILE,
      code: "-- café ☕ 🚀 migration\nCREATE INDEX ix_é ON \"Äpps\" (name);",
      output: "-- café ☕ 🚀 migration\nCREATE INDEX IF NOT EXISTS ix_é ON \"Äpps\" (name);",
      errors: [
        {
          message: missing("CREATE INDEX ix_é", 'relation "ix_é" already exists', "IF NOT EXISTS"),
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 35,
        },
      ],
    },
    {
      name: "CRLF, tabs and comments between keywords",
      filename: SQL_FILE,
      code: "CREATE\tINDEX /* name */ ix_a\r\n\tON apps (a);\r\n",
      output: "CREATE\tINDEX /* name */ IF NOT EXISTS ix_a\r\n\tON apps (a);\r\n",
      errors: [{ messageId: "missingGuard", line: 1, column: 1, endLine: 2, endColumn: 13 }],
    },
    {
      name: "a statement the parser rejects is left to unchecked-sql and the rest is still checked",
      filename: SQL_FILE,
      code: "CREATE TABLE apps (id int);\nCREATE INDX ix_a ON apps (a);\nDROP TABLE old;\n",
      output: "CREATE TABLE IF NOT EXISTS apps (id int);\nCREATE INDX ix_a ON apps (a);\nDROP TABLE IF EXISTS old;\n",
      errors: [
        { messageId: "missingGuard", line: 1, column: 1, endLine: 1, endColumn: 27 },
        { messageId: "missingGuard", line: 3, column: 1, endLine: 3, endColumn: 15 },
      ],
    },
    {
      name: "postgresVersion: OR REPLACE for triggers needs PostgreSQL 14",
      filename: SQL_FILE,
      options: [{ postgresVersion: "13" }],
      code: "CREATE TRIGGER apps_touch BEFORE UPDATE ON apps FOR EACH ROW EXECUTE FUNCTION touch();",
      output: null,
      errors: [
        {
          message:
            "CREATE TRIGGER apps_touch is not retry-safe (the retry fails with 'trigger \"apps_touch\" for relation \"apps\" already exists'), and `OR REPLACE` does not work with PostgreSQL 13 (from option postgresVersion): it needs PostgreSQL >= 14. Use a newer PostgreSQL, or guard the statement in a DO block.",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 86,
        },
      ],
    },
    {
      name: "Prisma migrations are checksummed: the fix is a suggestion",
      filename: "prisma/migrations/20261128120000_add_index/migration.sql",
      code: "CREATE INDEX ix_apps_name ON apps (name);",
      output: null,
      errors: [
        {
          message: missing("CREATE INDEX ix_apps_name", 'relation "ix_apps_name" already exists', "IF NOT EXISTS"),
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 41,
          suggestions: [
            {
              messageId: "addGuard",
              output: "CREATE INDEX IF NOT EXISTS ix_apps_name ON apps (name);",
            },
          ],
        },
      ],
    },
    {
      name: "Flyway migrations with fixChecksummedMigrations are autofixed",
      filename: "db/migration/V3__add_index.sql",
      options: [{ fixChecksummedMigrations: true }],
      code: "CREATE INDEX ix_apps_name ON apps (name);",
      output: "CREATE INDEX IF NOT EXISTS ix_apps_name ON apps (name);",
      errors: [{ messageId: "missingGuard", line: 1, column: 1, endLine: 1, endColumn: 41 }],
    },
    {
      name: "dbmate sections are checked separately: a drop in the down section does not guard the up section",
      filename: "db/migrations/20261128_apps.sql",
      code: "-- migrate:up\nCREATE TYPE mood AS ENUM ('a');\n\n-- migrate:down\nDROP TYPE IF EXISTS mood;\n",
      output: null,
      errors: [{ messageId: "noGuard", line: 2, column: 1, endLine: 2, endColumn: 31 }],
    },
    {
      name: "Drizzle statement breakpoints",
      filename: "drizzle/0001_init.sql",
      code: 'CREATE TABLE "apps" (\n\t"id" serial PRIMARY KEY NOT NULL\n);\n--> statement-breakpoint\nCREATE INDEX "apps_id_idx" ON "apps" USING btree ("id");',
      output:
        'CREATE TABLE IF NOT EXISTS "apps" (\n\t"id" serial PRIMARY KEY NOT NULL\n);\n--> statement-breakpoint\nCREATE INDEX IF NOT EXISTS "apps_id_idx" ON "apps" USING btree ("id");',
      errors: [
        { messageId: "missingGuard", line: 1, column: 1, endLine: 3, endColumn: 2 },
        { messageId: "missingGuard", line: 5, column: 1, endLine: 5, endColumn: 56 },
      ],
    },
    {
      name: "goose StatementBegin/End keeps a function body together",
      filename: "db/migrations/00001_touch.sql",
      code: "-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION touch() RETURNS trigger AS $$\nBEGIN\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n-- +goose StatementEnd\n",
      output:
        "-- +goose Up\n-- +goose StatementBegin\nCREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $$\nBEGIN\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n-- +goose StatementEnd\n",
      errors: [{ messageId: "missingGuard", line: 3, column: 1, endLine: 7, endColumn: 20 }],
    },
  ],
});

const DOWN = [
  "ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_customer_fk;",
  "ALTER TABLE customers DROP COLUMN IF EXISTS last_order_id;",
  "ALTER TABLE IF EXISTS orders DROP COLUMN IF EXISTS note;",
  "DROP TABLE IF EXISTS orders;",
  "",
].join("\n");

sqlRuleTester().run("idempotent-ddl (ALTER TABLE before a DROP TABLE of the same table)", rule, {
  valid: [
    {
      name: "a dbmate up section is not affected by its down section's DROP TABLE",
      filename: "db/migrations/20240101000000_orders.sql",
      code: "-- migrate:up\nALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_customer_fk;\n\n-- migrate:down\nDROP TABLE IF EXISTS orders;\n",
    },
    {
      name: "an ALTER TABLE that adds something is left alone: IF EXISTS would let it skip silently",
      filename: SQL_FILE,
      code: "ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;\nDROP TABLE IF EXISTS orders;\n",
    },
  ],
  invalid: [
    {
      name: "only the ALTER TABLE whose table is dropped later gets IF EXISTS; it may already have it",
      filename: SQL_FILE,
      code: DOWN,
      output: DOWN.replace("ALTER TABLE orders DROP CONSTRAINT", "ALTER TABLE IF EXISTS orders DROP CONSTRAINT"),
      errors: [
        {
          message:
            "ALTER TABLE orders is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"orders\" does not exist' once the DROP TABLE after it has run. Add `IF EXISTS` so that a retry skips it.",
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 64,
        },
      ],
    },
  ],
});
