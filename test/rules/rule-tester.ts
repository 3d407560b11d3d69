import { RuleTester } from "eslint";
import { describe, it } from "vitest";
import plugin from "../../src/index.js";

// RuleTester reports through whatever test framework it is given.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export function pythonRuleTester(): RuleTester {
  return new RuleTester({
    files: ["**/*.py"],
    plugins: { migrations: plugin },
    language: "migrations/python",
  });
}

export const MIGRATION_FILE = "alembic/versions/0001_test.py";

export function sqlRuleTester(): RuleTester {
  return new RuleTester({
    files: ["**/*.sql"],
    plugins: { migrations: plugin },
    language: "migrations/sql",
  });
}

export const SQL_FILE = "db/migrations/0001_init.sql";
