import rule from "../../rules/idempotent-ddl.js";
import { SQL_FILE, sqlRuleTester } from "./rule-tester.js";

// psql scripts and pg_dump output: what psql reads itself (meta-commands, COPY data, variables)
// is not SQL, and the DDL around it is checked and fixed at its own place in the file.

const missing = (subject: string, error: string) =>
  `${subject} is not retry-safe: if the migration is retried after a partial run, the retry fails with '${error}'. Add \`IF NOT EXISTS\` so that a retry skips it.`;

const lines = (...all: string[]) => `${all.join("\n")}\n`;

/** A pg_dump of one table, shaped like PostgreSQL 17.6's output (with its `\restrict` lines). */
const PG_DUMP = lines(
  "--",
  "-- PostgreSQL database dump",
  "--",
  "",
  "\\restrict 8hLqGm2cN0aXyZ",
  "",
  "SET statement_timeout = 0;",
  "SET client_encoding = 'UTF8';",
  "SET standard_conforming_strings = on;",
  "SELECT pg_catalog.set_config('search_path', '', false);",
  "SET check_function_bodies = false;",
  "",
  "\\connect app",
  "",
  "CREATE TABLE public.notes (",
  "    id integer NOT NULL,",
  "    body text",
  ");",
  "",
  "COPY public.notes (id, body) FROM stdin;",
  "1\tit's a note; CREATE INDEX not_sql ON notes (body);",
  "2\tcafé \\N tab\\there",
  "3\t\\\\",
  "\\.",
  "",
  "CREATE INDEX notes_body_idx ON public.notes USING btree (body);",
  "",
  "\\unrestrict 8hLqGm2cN0aXyZ",
  "",
);

sqlRuleTester().run("idempotent-ddl (psql scripts)", rule, {
  valid: [
    {
      name: "meta-commands, COPY data and variables around guarded DDL",
      filename: SQL_FILE,
      code: lines(
        "\\set ON_ERROR_STOP on",
        "\\if :{?schema}",
        "\\else",
        "  \\set schema public",
        "\\endif",
        "CREATE TABLE IF NOT EXISTS :\"schema\".apps (id bigint, name text DEFAULT :'default_name');",
        "COPY :\"schema\".apps (id, name) FROM stdin;",
        "1\tO'Brien",
        "\\.",
        "SELECT count(*) AS n FROM apps \\gset",
        "\\echo :n apps",
      ),
    },
  ],
  invalid: [
    {
      name: "pg_dump output: DDL before and after COPY data is checked, the data is not",
      filename: SQL_FILE,
      code: PG_DUMP,
      output: PG_DUMP.replace("CREATE TABLE public", "CREATE TABLE IF NOT EXISTS public").replace(
        "CREATE INDEX notes_body_idx",
        "CREATE INDEX IF NOT EXISTS notes_body_idx",
      ),
      errors: [
        { message: missing("CREATE TABLE public.notes", 'relation "notes" already exists'), line: 15, column: 1, endLine: 18, endColumn: 2 },
        { message: missing("CREATE INDEX notes_body_idx", 'relation "notes_body_idx" already exists'), line: 26, column: 1, endLine: 26, endColumn: 63 },
      ],
    },
    {
      name: "a meta-command line does not swallow the statement after it",
      filename: SQL_FILE,
      code: lines("\\set ON_ERROR_STOP on", "\\echo 'adding the index'", "CREATE INDEX ix_apps_name ON apps (name);", "\\i seed.sql"),
      output: lines("\\set ON_ERROR_STOP on", "\\echo 'adding the index'", "CREATE INDEX IF NOT EXISTS ix_apps_name ON apps (name);", "\\i seed.sql"),
      errors: [{ message: missing("CREATE INDEX ix_apps_name", 'relation "ix_apps_name" already exists'), line: 3, column: 1, endLine: 3, endColumn: 41 }],
    },
    {
      name: "\\gset ends the query before it, as ; does",
      filename: SQL_FILE,
      code: lines("SELECT max(id) AS top FROM apps \\gset", "CREATE INDEX ix_apps_id ON apps (id);"),
      output: lines("SELECT max(id) AS top FROM apps \\gset", "CREATE INDEX IF NOT EXISTS ix_apps_id ON apps (id);"),
      errors: [{ message: missing("CREATE INDEX ix_apps_id", 'relation "ix_apps_id" already exists'), line: 2, column: 1, endLine: 2, endColumn: 37 }],
    },
    {
      name: "variables: shown as written, the guard inserted before the placeholder, never inside it",
      filename: SQL_FILE,
      code: lines("\\set ix ix_apps_name", "CREATE INDEX :\"ix\" ON :schema.apps (name);"),
      output: lines("\\set ix ix_apps_name", "CREATE INDEX IF NOT EXISTS :\"ix\" ON :schema.apps (name);"),
      errors: [{ message: missing('CREATE INDEX :"ix"', 'relation ":"ix"" already exists'), line: 2, column: 1, endLine: 2, endColumn: 42 }],
    },
    {
      name: "\\copy … from stdin data with CRLF line ends and a character outside the BMP",
      filename: SQL_FILE,
      code: "\\copy apps (name) from stdin\r\n😀 it's\r\n\\.\r\nCREATE TABLE tags (name text);\r\n",
      output: "\\copy apps (name) from stdin\r\n😀 it's\r\n\\.\r\nCREATE TABLE IF NOT EXISTS tags (name text);\r\n",
      errors: [{ message: missing("CREATE TABLE tags", 'relation "tags" already exists'), line: 4, column: 1, endLine: 4, endColumn: 30 }],
    },
  ],
});
