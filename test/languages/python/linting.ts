import type { Linter } from "eslint";
import plugin from "../../../src/index.js";

/** Relative, so that the rule finds no dependency file and assumes current Alembic and SQLAlchemy. */
export const FILENAME = "alembic/versions/a.py";

export const UNGUARDED = 'op.create_index("ix_a", "t", ["a"])';

export function lintConfig(
  extra: Omit<Linter.Config, "files" | "plugins" | "language"> = {},
): Linter.Config[] {
  return [
    {
      files: ["**/*.py"],
      plugins: { migrations: plugin },
      language: "migrations/python",
      rules: { "migrations/idempotent-ddl": "error" },
      ...extra,
    },
  ];
}
