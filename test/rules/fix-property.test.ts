import { Linter } from "eslint";
import { loadModule, parseSync } from "libpg-query";
import { beforeAll, describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { seededRandom } from "../support/random.js";

/**
 * Property: for generated DDL, every autofix re-parses with PostgreSQL's parser, changes nothing in
 * the parse tree but the guard flag, and fixing the fixed text changes nothing more.
 */

const GUARD_FLAGS = new Set(["if_not_exists", "missing_ok", "replace", "skipIfNewValExists"]);

const IDENTIFIERS = ["apps", "app_versions", "owner_id", "\"Mixed Case\"", "café", "ix_apps_name", "status", "\"select\""];
const WHITESPACE = [" ", "  ", "\t", "\n  ", " /* note */ ", "\r\n"];

function generate(random: () => number): string {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const id = () => pick(IDENTIFIERS);
  const ws = () => pick(WHITESPACE);
  const templates = [
    () => `CREATE${ws()}TABLE${ws()}${id()} (id bigint, ${id()} text)`,
    () => `CREATE${ws()}UNIQUE INDEX${ws()}${id()} ON ${id()} (${id()})`,
    () => `CREATE INDEX${ws()}${id()}${ws()}ON ${id()} USING btree (${id()}) WHERE ${id()} IS NOT NULL`,
    () => `ALTER TABLE ${id()}${ws()}ADD${ws()}COLUMN ${id()} integer DEFAULT 0`,
    () => `ALTER TABLE ${id()} ADD ${id()} text, DROP COLUMN ${id()}`,
    () => `ALTER TABLE ${id()} DROP CONSTRAINT ${id()}`,
    () => `DROP${ws()}TABLE ${id()}, ${id()} CASCADE`,
    () => `DROP INDEX CONCURRENTLY ${id()}`,
    () => `DROP TYPE ${id()}`,
    () => `CREATE SCHEMA ${id()}`,
    () => `CREATE SEQUENCE ${id()} START 10`,
    () => `CREATE EXTENSION ${pick(["pg_trgm", "citext", "\"uuid-ossp\""])}`,
    () => `CREATE VIEW ${id()} AS SELECT 1 AS x`,
    () => `CREATE MATERIALIZED VIEW ${id()} AS SELECT 1 AS x`,
    () => `ALTER TYPE ${id()} ADD VALUE 'v${String(Math.floor(random() * 9))}'`,
    () => `CREATE FUNCTION ${id()}() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$`,
    () => `ALTER TABLE ${id()} RENAME TO ${id()}`,
  ];
  const count = 1 + Math.floor(random() * 5);
  const statements = Array.from({ length: count }, () => pick<() => string>(templates)());
  return `${statements.join(";\n")};\n`;
}

/** The parse tree without locations and guard flags: what must not change. */
function shape(sql: string): unknown {
  return JSON.parse(JSON.stringify(parseSync(sql)), (key: string, value: unknown) =>
    key === "location" || key === "stmt_location" || key === "stmt_len" || GUARD_FLAGS.has(key) ? undefined : value,
  );
}

function guardFlags(sql: string): number {
  let count = 0;
  JSON.stringify(parseSync(sql), (key: string, value: unknown) => {
    if (GUARD_FLAGS.has(key) && value === true) {
      count++;
    }
    return value;
  });
  return count;
}

describe("autofix property over generated SQL", () => {
  beforeAll(async () => {
    await loadModule();
  });

  const linter = new Linter({ configType: "flat" });
  const config = [
    {
      files: ["**/*.sql"],
      plugins: { migrations: plugin },
      language: "migrations/sql",
      rules: { "migrations/idempotent-ddl": "error" },
    },
  ] as Linter.Config[];
  const filename = "db/migrations/0001_generated.sql";

  it("re-parses, changes only guards, and is idempotent (300 generated files)", () => {
    const random = seededRandom(20261129);
    let fixedFiles = 0;
    for (let sample = 0; sample < 300; sample++) {
      const sql = generate(random);
      const once = linter.verifyAndFix(sql, config, { filename });
      expect(once.messages.filter((message) => message.fatal === true), sql).toEqual([]);
      if (!once.fixed) {
        continue;
      }
      fixedFiles++;
      expect(() => parseSync(once.output), once.output).not.toThrow();
      expect(shape(once.output), `${sql}\n--- fixed ---\n${once.output}`).toEqual(shape(sql));
      expect(guardFlags(once.output)).toBeGreaterThan(guardFlags(sql));
      const twice = linter.verifyAndFix(once.output, config, { filename });
      expect(twice.output).toBe(once.output);
    }
    expect(fixedFiles).toBeGreaterThan(250);
  });
});
