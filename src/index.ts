import type { Linter } from "eslint";
import { PythonLanguage } from "./languages/python/language.js";
import idempotentDdl from "../rules/idempotent-ddl.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./meta.js";

const rules = {
  "idempotent-ddl": idempotentDdl,
};

/** Where Alembic keeps migrations in the layouts `alembic init` and Flask-Migrate create. */
export const ALEMBIC_MIGRATION_FILES = ["**/alembic/versions/**/*.py", "**/migrations/versions/**/*.py"];

const plugin = {
  meta: { name: PLUGIN_NAME, version: PLUGIN_VERSION },
  languages: {
    python: new PythonLanguage(),
  },
  rules,
  configs: {} as { recommended: Linter.Config[] },
};

plugin.configs.recommended = [
  {
    name: "migrations/recommended/alembic",
    files: ALEMBIC_MIGRATION_FILES,
    plugins: { migrations: plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
    language: "migrations/python",
    rules: {
      "migrations/idempotent-ddl": "error",
    },
  },
];

export default plugin;
export { PythonLanguage };
export { PythonSourceCode } from "./languages/python/source-code.js";
export type { IdempotentDdlOptions } from "../rules/idempotent-ddl.js";
