import { describe, expect, it } from "vitest";
import { advice, extract, single } from "./helpers.js";

/** The tool each call was read as, by the provider it names. */
const providers = (text: string, parser: "espree" | "typescript" = "espree") => extract(text, parser).map((o) => `${o.subject} ${o.guardProvider}`);

describe("node-pg-migrate or Sequelize: what decides", () => {
  it("an import of the tool's package, or a JSDoc import() type, decides before anything else", () => {
    // Unawaited statement calls would otherwise count for node-pg-migrate.
    expect(providers('const { DataTypes } = require("sequelize");\nexports.up = (m) => {\n  m.addColumn("t", "c", {});\n};\n')).toEqual(["m.addColumn() Sequelize"]);
    expect(providers('import { MigrationBuilder } from "node-pg-migrate";\nexport async function up(queryInterface) {\n  await queryInterface.addColumn("t", { c: "text" });\n}\n')).toEqual([
      "queryInterface.addColumn() node-pg-migrate",
    ]);
    expect(providers("/** @type {import('sequelize-cli').Migration} */\nmodule.exports = {\n  up(pgm) {\n    pgm.addIndex('t', ['a']);\n  },\n};\n")).toEqual([
      "pgm.addIndex() Sequelize",
    ]);
  });

  it("so does the parameter's type annotation", () => {
    expect(providers("export async function up(qi: QueryInterface) {\n  qi.addIndex('t', ['a']);\n}\n", "typescript")).toEqual(["qi.addIndex() Sequelize"]);
    expect(providers("export function up(db: MigrationBuilder) {\n  return db.addIndex('t', 'a');\n}\n", "typescript")).toEqual(["db.addIndex() node-pg-migrate"]);
  });

  it("another tool's import leaves calls on the parameter alone", () => {
    expect(extract('import { Knex } from "knex";\nexport async function up(knex) {\n  knex.createTable("t", {});\n}\n')).toEqual([]);
  });

  it("without either, what the functions do is weighed: one alias does not decide", () => {
    // node-pg-migrate: calls queued as statements, `notNull`, `pgm.func`; addIndex is its alias of createIndex.
    const pgm = 'exports.up = (pgm) => {\n  pgm.createTable("t", { id: "id", at: { type: "timestamptz", notNull: true, default: pgm.func("now()") } });\n  pgm.addIndex("t", "at");\n};\n';
    expect(providers(pgm)).toEqual(["pgm.createTable() node-pg-migrate", "pgm.addIndex() node-pg-migrate"]);
    // Sequelize: returned and chained promises, `Sequelize.STRING`, `allowNull`.
    const returned = "module.exports = {\n  up: function (queryInterface, Sequelize) {\n    return queryInterface.createTable('t', { id: { type: Sequelize.INTEGER, allowNull: false } }).then(() => queryInterface.addIndex('t', ['id']));\n  },\n};\n";
    expect(providers(returned)).toEqual(["queryInterface.addIndex() Sequelize"]);
  });

  it("nothing to tell by leaves the calls unread", () => {
    expect(extract("exports.up = (x) => x.createTable('t', {});\n")).toEqual([]);
  });
});

describe("Sequelize's addIndex advice", () => {
  it.each(["{ unique: true }", "{ type: 'UNIQUE' }", "{ indicesType: 'UNIQUE' }"])("names a unique index for %s", (options) => {
    const text = `module.exports = {\n  up(queryInterface, Sequelize) {\n    return queryInterface.addIndex('t', ['a'], ${options});\n  },\n};\n`;
    expect(advice(single(text).guard)).toBe('Create it with queryInterface.sequelize.query("CREATE UNIQUE INDEX IF NOT EXISTS …").');
  });
});
