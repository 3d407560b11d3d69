import { describe, expect, it } from "vitest";
import { advice, apply, current, extract, fixed, single } from "./helpers.js";

const knex = (body: string) => `export async function up(knex) {\n  ${body}\n}\n`;

describe("knex", () => {
  it("renames dropTable to dropTableIfExists", () => {
    const text = knex('await knex.schema.dropTable("users");');
    expect(single(text)).toMatchObject({
      guardProvider: "knex",
      kind: "dropTable",
      action: "drop",
      subject: "knex.schema.dropTable()",
      object: { type: "table", name: "users", table: null },
      retryFailure: `the retry fails with 'table "users" does not exist'`,
      guard: { kind: "option", requires: [[]] },
    });
    expect(fixed(text)).toBe(knex('await knex.schema.dropTableIfExists("users");'));
  });

  it("reads each operation of a chained schema builder, and a returned one", () => {
    const text = 'exports.down = function (db) {\n  return db.schema.dropTable("a").dropTable("b");\n};\n';
    expect(extract(text).map((o) => [o.subject, o.object.name])).toEqual([
      ["db.schema.dropTable()", "a"],
      ["db.schema.dropTable()", "b"],
    ]);
  });

  it("suggests wrapping an awaited createTable in a hasTable check", () => {
    const text = knex('await knex.schema.createTable("users", (table) => {\n    table.increments("id");\n\n    table.text("email");\n  });');
    const operation = single(text);
    expect(operation).toMatchObject({ kind: "createTable", action: "create", subject: "knex.schema.createTable()", object: { type: "table", name: "users" } });
    expect(advice(operation.guard)).toBe('Guard it with `if (!(await knex.schema.hasTable("users")))`.');
    const after = apply(text, operation.guard.kind === "none" ? operation.guard.suggestion?.edits : null);
    expect(after).toBe(
      knex('if (!(await knex.schema.hasTable("users"))) {\n    await knex.schema.createTable("users", (table) => {\n      table.increments("id");\n\n      table.text("email");\n    });\n  }'),
    );
    expect(single(after).guard).toEqual({ kind: "covered", by: "if (!(await knex.schema.hasTable(…)))" });
  });

  it("has no suggestion when createTable is not a whole awaited statement", () => {
    const operation = single('exports.up = (knex) => knex.schema.createTable("t", (t) => {});\n');
    expect(operation.guard).toMatchObject({ kind: "none", suggestion: null });
  });

  it("reports indexes in table callbacks, covered with a created table's check", () => {
    const text = knex('await knex.schema.alterTable("users", (t) => {\n    t.index(["email"], "ix_email");\n    t.dropColumn("legacy");\n  });');
    const [index, drop] = extract(text);
    expect(index).toMatchObject({ kind: "index", subject: "t.index() in knex.schema.alterTable()", object: { type: "index", name: "ix_email", table: "users" } });
    expect(index && advice(index.guard)).toContain('knex.raw("CREATE INDEX IF NOT EXISTS …")');
    expect(drop).toMatchObject({ kind: "dropColumn", action: "drop", object: { type: "column", name: "legacy", table: "users" } });
    expect(drop && advice(drop.guard)).toContain("hasColumn");

    const created = extract(knex('if (!(await knex.schema.hasTable("u"))) {\n    await knex.schema.createTable("u", (t) => { t.index("a"); });\n  }'));
    expect(created.map((o) => o.guard.kind)).toEqual(["covered", "covered"]);
    const checked = single(knex('if (await knex.schema.hasColumn("u", "a")) {\n    await knex.schema.table("u", (t) => { t.dropColumn("a"); });\n  }'));
    expect(checked.guard.kind).toBe("covered");
  });

  it("leaves a Kysely chain to Kysely, and ignores calls outside up/down", () => {
    expect(single(knex('await knex.schema.dropTable("t").execute();')).guardProvider).toBe("Kysely");
    expect(extract('export async function seed(knex) {\n  await knex.schema.dropTable("t");\n}\n')).toEqual([]);
  });
});

const typeorm = (body: string) =>
  `import { MigrationInterface, QueryRunner, Table, TableIndex } from "typeorm";\nexport class Init1700000000000 implements MigrationInterface {\n  async up(queryRunner: QueryRunner): Promise<void> {\n    ${body}\n  }\n}\n`;

describe("TypeORM", () => {
  it.each([
    ['await queryRunner.createTable(new Table({ name: "users", columns: [] }));', 'await queryRunner.createTable(new Table({ name: "users", columns: [] }), true);', "table", "users", null, "0.2.0"],
    ['await queryRunner.dropTable("users");', 'await queryRunner.dropTable("users", true);', "table", "users", null, "0.2.0"],
    ['await queryRunner.dropIndex("users", "ix_email");', 'await queryRunner.dropIndex("users", "ix_email", true);', "index", "ix_email", "users", "1.0.0"],
  ])("%s appends true", (call, expected, type, name, table, since) => {
    const text = typeorm(call);
    expect(single(text, "typescript")).toMatchObject({
      guardProvider: "TypeORM",
      subject: `queryRunner.${call.slice(18, call.indexOf("("))}()`,
      object: { type, name, table },
      guard: { kind: "option", requires: [[{ package: "typeorm", minimum: since }]] },
    });
    expect(fixed(text, "typescript")).toBe(typeorm(expected));
  });

  it("turns a false flag on, and has no fix when a required argument is missing", () => {
    const text = typeorm('await queryRunner.dropIndex("users", "ix", false);');
    const state = current(single(text, "typescript"));
    expect(state).toMatchObject({ state: "disabled", written: "false", enabled: "true" });
    expect(state.state === "disabled" && apply(text, state.enable)).toBe(typeorm('await queryRunner.dropIndex("users", "ix", true);'));
    expect(current(single(typeorm('await queryRunner.dropIndex("users");'), "typescript"))).toEqual({ state: "missing", add: null, certain: true });
    expect(current(single(typeorm('await queryRunner.dropTable("users", flag);'), "typescript")).state).toBe("dynamic");
  });

  it("reports createIndex as unguardable", () => {
    const operation = single(typeorm('await queryRunner.createIndex("users", new TableIndex({ name: "ix_email", columnNames: ["email"] }));'), "typescript");
    expect(operation).toMatchObject({ kind: "createIndex", action: "create", subject: "queryRunner.createIndex()", object: { type: "index", name: "ix_email", table: "users" } });
    expect(advice(operation.guard)).toContain('queryRunner.query("CREATE INDEX IF NOT EXISTS …")');
  });

  it("ignores other class methods", () => {
    const text = 'export class A {\n  async seed(queryRunner) {\n    await queryRunner.dropTable("t");\n  }\n}\n';
    expect(extract(text, "typescript")).toEqual([]);
  });
});

const sequelize = (body: string) => `module.exports = {\n  async up(queryInterface, Sequelize) {\n    ${body}\n  },\n};\n`;

describe("Sequelize", () => {
  it("reports addIndex as unguardable", () => {
    const operation = single(sequelize('await queryInterface.addIndex("users", ["email"], { name: "ix_email" });'));
    expect(operation).toMatchObject({
      guardProvider: "Sequelize",
      kind: "addIndex",
      subject: "queryInterface.addIndex()",
      object: { type: "index", name: "ix_email", table: "users" },
      retryFailure: `the retry fails with 'relation "ix_email" already exists'`,
    });
    expect(advice(operation.guard)).toContain('queryInterface.sequelize.query("CREATE INDEX IF NOT EXISTS …")');
  });

  it("does not report what Sequelize guards itself", () => {
    const body = 'await queryInterface.createTable("users", {});\n    await queryInterface.dropTable("old");\n    await queryInterface.removeIndex("users", "ix");';
    expect(extract(sequelize(body))).toEqual([]);
  });

  it("ignores calls outside up/down", () => {
    expect(extract('module.exports = {\n  async seed(queryInterface) {\n    await queryInterface.addIndex("t", ["a"]);\n  },\n};\n')).toEqual([]);
  });
});
