import * as espree from "espree";
import type { Program } from "estree";
import { describe, expect, it } from "vitest";
import { extractJsSql } from "../../../src/hosts/js-sql/extract.js";

/** The SQL texts a knex migration's `up` sends as statements. */
function statements(body: string): string[] {
  const text = `exports.up = async (knex) => {\n${body}\n};\n`;
  const program = espree.parse(text, { ecmaVersion: "latest", sourceType: "module", range: true }) as unknown as Program;
  return extractJsSql(text, program).map((sql) => sql.text);
}

describe("a knex raw call is a statement where the migration runs it", () => {
  it.each([
    ['await knex.raw("A");', ["A"]],
    ['knex.raw("A");', ["A"]],
    ['return knex.raw("A");', ["A"]],
    ['return knex.raw("A").then(() => knex.raw("B"));', ["A", "B"]],
    ['await Promise.all([knex.raw("A"), knex.schema.raw("B")]);', ["A", "B"]],
    ['await Promise.all(names.map((name) => knex.raw("DROP TABLE " + name)));', ["DROP TABLE __js_0__"]],
    ['await (flag ? knex.raw("A") : knex.raw("B"));', ["A", "B"]],
    ['await knex.transaction(async (trx) => { await trx.raw("A"); });', ["A"]],
    ['await knex.raw("A").transacting(trx);', ["A"]],
  ])("%s", (body, expected) => {
    expect(statements(body)).toEqual(expected);
  });

  it.each([
    'await knex.schema.alterTable("t", (table) => { table.uuid("id").defaultTo(knex.raw("gen_random_uuid()")); });',
    'await knex("t").insert({ id: knex.raw("uuid_generate_v4()") });',
    'await knex("t").where(knex.raw("?? = ?", ["a", 1])).del();',
    'await knex.select(columns.map((column) => knex.raw("??", [column]))).from("t");',
    'const now = knex.raw("now()");',
  ])("not as a value: %s", (body) => {
    expect(statements(body)).toEqual([]);
  });
});
