import type { RuleDefinition } from "@eslint/core";
import type { Linter } from "eslint";
import { PythonLanguage } from "./languages/python/language.js";
import { SqlLanguage } from "./languages/sql/language.js";
import { lazyTypeScriptParser } from "./languages/typescript/parser.js";
import idempotentDdl from "../rules/idempotent-ddl.js";
import hookCallSignature from "../rules/hook-call-signature.js";
import uncheckedSql from "../rules/unchecked-sql.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./meta.js";

const rules = {
  "idempotent-ddl": idempotentDdl,
  "unchecked-sql": uncheckedSql,
  // typescript-eslint types this rule's context with its own AST; at run time it is ESLint's context.
  "hook-call-signature": hookCallSignature as unknown as RuleDefinition,
};

/** Where Alembic keeps migrations in the layouts `alembic init` and Flask-Migrate create. */
export const ALEMBIC_MIGRATION_FILES = ["**/alembic/versions/**/*.py", "**/migrations/versions/**/*.py", "**/migration/versions/**/*.py"];

/**
 * Where SQL migration tools keep their files: `migrations/` (Prisma, Supabase, golang-migrate,
 * dbmate, goose, node-pg-migrate's SQL files), Flyway's `db/migration/` and Drizzle's `drizzle/`.
 */
export const SQL_MIGRATION_FILES = ["**/migrations/**/*.sql", "**/migration/**/*.sql", "**/drizzle/**/*.sql"];

/**
 * Where the JS/TS migration tools keep their files by default or by habit: knex, node-pg-migrate,
 * Sequelize (sequelize-cli), MikroORM and db-migrate use `migrations/`; TypeORM projects use
 * `src/migrations/` or `src/migration/`; Kysely's Migrator reads whichever folder it is given,
 * which is `migrations/` in its docs.
 */
export const JS_MIGRATION_FILES = ["**/migrations/**/*.{js,cjs,mjs,ts,cts,mts}", "**/migration/**/*.{js,cjs,mjs,ts,cts,mts}"];

/**
 * Declaration files hold no migration, and a build's copy of a TypeORM migration (`dist/migrations/`)
 * would repeat every finding of its source.
 */
export const JS_MIGRATION_IGNORES = ["**/*.d.{ts,cts,mts}", "**/dist/**", "**/build/**"];

const plugin = {
  meta: { name: PLUGIN_NAME, version: PLUGIN_VERSION },
  languages: {
    python: new PythonLanguage(),
    sql: new SqlLanguage(),
  },
  rules,
  configs: {} as { recommended: Linter.Config[]; "recommended-type-checked": Linter.Config[] },
};

plugin.configs.recommended = [
  {
    name: "migrations/recommended/alembic",
    files: ALEMBIC_MIGRATION_FILES,
    plugins: { migrations: plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
    language: "migrations/python",
    rules: {
      "migrations/idempotent-ddl": "error",
      // Code that could not be checked is worth a look, not a failed build.
      "migrations/unchecked-sql": "warn",
    },
  },
  {
    name: "migrations/recommended/sql",
    files: SQL_MIGRATION_FILES,
    plugins: { migrations: plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
    language: "migrations/sql",
    rules: {
      "migrations/idempotent-ddl": "error",
      "migrations/unchecked-sql": "warn",
    },
  },
  {
    name: "migrations/recommended/js",
    files: JS_MIGRATION_FILES,
    ignores: JS_MIGRATION_IGNORES,
    plugins: { migrations: plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
    // typescript-eslint's parser reads JavaScript too, so one entry covers both.
    languageOptions: { parser: lazyTypeScriptParser },
    rules: {
      "migrations/idempotent-ddl": "error",
      "migrations/unchecked-sql": "warn",
    },
  },
];

/**
 * The files whose calls `hook-call-signature` checks: JavaScript and TypeScript only, never the
 * Python and SQL files that the plugin's own languages parse.
 */
export const TYPED_SOURCE_FILES = ["**/*.{ts,tsx,mts,cts,js,jsx}"];

// `recommended` plus the type-aware rule; typescript-eslint's project service gives it the program
// of the tsconfig.json nearest to each file.
plugin.configs["recommended-type-checked"] = [
  ...plugin.configs.recommended,
  {
    name: "migrations/recommended-type-checked/hooks",
    files: TYPED_SOURCE_FILES,
    plugins: { migrations: plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
    languageOptions: { parser: lazyTypeScriptParser, parserOptions: { projectService: true } },
    rules: {
      "migrations/hook-call-signature": "error",
    },
  },
];

export default plugin;
// What `require("eslint-plugin-migrations")` returns from a CommonJS eslint.config.cjs (Node's
// require(esm) interop): the plugin itself, not the module namespace.
export { plugin as "module.exports" };
export { discoveredConfigs } from "./cli/discovered-configs.js";
export { PythonLanguage };
export { PythonSourceCode } from "./languages/python/source-code.js";
export { SqlLanguage };
export { SqlSourceCode } from "./languages/sql/source-code.js";
export { detectConventions } from "./languages/sql/conventions.js";
export type { IdempotentDdlOptions } from "../rules/idempotent-ddl.js";
export type { HookCallSignatureOptions } from "../rules/hook-call-signature.js";
