import { describe, expect, it } from "vitest";
import { apply, current, extract, fixed, single } from "./helpers.js";

const pgm = (body: string) => `exports.up = (pgm) => {\n  ${body}\n};\n`;
const kysely = (body: string) => `export async function up(db) {\n  ${body}\n}\n`;

describe("node-pg-migrate", () => {
  it.each([
    ['pgm.createIndex("users", "email")', 'pgm.createIndex("users", "email", { ifNotExists: true })', "index", "create"],
    ['pgm.dropIndex("users", ["email"])', 'pgm.dropIndex("users", ["email"], { ifExists: true })', "index", "drop"],
    ['pgm.createTable("users", { id: "id" })', 'pgm.createTable("users", { id: "id" }, { ifNotExists: true })', "table", "create"],
    ['pgm.dropTable("users")', 'pgm.dropTable("users", { ifExists: true })', "table", "drop"],
    ['pgm.addColumns("users", { email: "text" })', 'pgm.addColumns("users", { email: "text" }, { ifNotExists: true })', "column", "create"],
    ['pgm.addColumn("users", { email: "text" })', 'pgm.addColumn("users", { email: "text" }, { ifNotExists: true })', "column", "create"],
    ['pgm.dropColumns("users", ["email"])', 'pgm.dropColumns("users", ["email"], { ifExists: true })', "column", "drop"],
    ['pgm.dropColumn("users", "email")', 'pgm.dropColumn("users", "email", { ifExists: true })', "column", "drop"],
    ['pgm.dropConstraint("users", "users_email_key")', 'pgm.dropConstraint("users", "users_email_key", { ifExists: true })', "constraint", "drop"],
  ])("%s appends the options argument", (call, expected, type, action) => {
    const text = pgm(call);
    const operation = single(text);
    expect(operation).toMatchObject({ host: "js", guardProvider: "node-pg-migrate", action, object: { type }, subject: `pgm.${call.slice(4, call.indexOf("("))}()` });
    expect(operation.guard).toMatchObject({ kind: "option", requires: [[]] });
    expect(fixed(text)).toBe(pgm(expected));
  });

  it("names the object in the retry failure", () => {
    expect(single(pgm('pgm.dropColumn("users", "email")')).retryFailure).toBe(`the retry fails with 'column "email" of relation "users" does not exist'`);
    expect(single(pgm('pgm.createTable("users", {})')).retryFailure).toBe(`the retry fails with 'relation "users" already exists'`);
    expect(single(pgm('pgm.createIndex("users", "email", { name: "ix_email", unique: true })')).object).toEqual({ type: "index", name: "ix_email", table: "users" });
  });

  it("uses the first parameter whatever its name, and only inside up/down", () => {
    const text = `const helper = (pgm) => pgm.dropTable("a");\nexport const up = (m) => { m.dropTable("b"); };\nexport const down = (m) => { other.dropTable("c"); };\n`;
    expect(extract(text).map((o) => o.subject)).toEqual(["m.dropTable()"]);
  });

  it.each([
    ['pgm.createIndex("t", "c", {})', 'pgm.createIndex("t", "c", { ifNotExists: true })'],
    ['pgm.createIndex("t", "c", { unique: true })', 'pgm.createIndex("t", "c", { unique: true, ifNotExists: true })'],
    ['pgm.createIndex("t", "c", { unique: true, })', 'pgm.createIndex("t", "c", { unique: true, ifNotExists: true, })'],
    ['pgm.createIndex("t", "c", {\n    unique: true,\n  })', 'pgm.createIndex("t", "c", {\n    unique: true,\n    ifNotExists: true,\n  })'],
    ['pgm.createIndex("t", "c", {\n    unique: true\n  })', 'pgm.createIndex("t", "c", {\n    unique: true,\n    ifNotExists: true\n  })'],
  ])("adds the option in the literal's formatting: %s", (call, expected) => {
    expect(fixed(pgm(call))).toBe(pgm(expected));
  });

  it("turns a false option on", () => {
    const text = pgm('pgm.dropTable("t", { ifExists: false })');
    const state = current(single(text));
    expect(state).toMatchObject({ state: "disabled", written: "ifExists: false", enabled: "ifExists: true" });
    expect(state.state === "disabled" && apply(text, state.enable)).toBe(pgm('pgm.dropTable("t", { ifExists: true })'));
  });

  it("renames the opposite option, which node-pg-migrate ignores", () => {
    const text = pgm('pgm.createTable("t", {}, { ifExists: true })');
    const state = current(single(text));
    expect(state).toMatchObject({ state: "misnamed", writtenAs: "ifExists" });
    expect(state.state === "misnamed" && apply(text, state.rename)).toBe(pgm('pgm.createTable("t", {}, { ifNotExists: true })'));
  });

  it("only suggests when options may already hold the guard", () => {
    const variable = pgm('pgm.dropTable("t", opts)');
    const fromVariable = current(single(variable));
    expect(fromVariable).toMatchObject({ state: "missing", certain: false });
    expect(fromVariable.state === "missing" && apply(variable, fromVariable.add)).toBe(pgm('pgm.dropTable("t", { ...opts, ifExists: true })'));

    const spread = pgm('pgm.dropTable("t", { ...opts })');
    const fromSpread = current(single(spread));
    expect(fromSpread).toMatchObject({ state: "missing", certain: false });
    expect(fromSpread.state === "missing" && apply(spread, fromSpread.add)).toBe(pgm('pgm.dropTable("t", { ...opts, ifExists: true })'));

    expect(current(single(pgm('pgm.dropTable("t", { ifExists: flag })'))).state).toBe("dynamic");
  });

  it("has no fix when the columns argument is missing", () => {
    expect(current(single(pgm('pgm.createIndex("t")')))).toEqual({ state: "missing", add: null, certain: true });
  });

  it("reports addConstraint as unguardable", () => {
    const operation = single(pgm('pgm.addConstraint("t", "t_a_key", { unique: "a" })'));
    expect(operation).toMatchObject({ action: "create", object: { type: "constraint", name: "t_a_key", table: "t" }, guard: { kind: "none", reason: "unsupported-by-host" } });
    expect(operation.guard.kind === "none" && operation.guard.advice).toContain('pgm.dropConstraint(table, name, { ifExists: true })');
  });

  it("asks a concurrent build to drop the index first, unless a concurrent guarded drop precedes it", () => {
    const build = 'pgm.createIndex("t", ["a"], { concurrently: true, ifNotExists: true });';
    const lone = single(pgm(`pgm.noTransaction();\n  ${build}`));
    expect(lone).toMatchObject({ concurrently: true, transaction: "autocommit" });
    expect(lone.guard).toEqual({ kind: "drop-first", dropStatement: 'pgm.dropIndex("t", ["a"], { concurrently: true, ifExists: true })', edits: null });

    const covered = extract(pgm(`pgm.dropIndex("t", "a", { concurrently: true, ifExists: true });\n  ${build}`));
    expect(covered[1]?.guard.kind).toBe("covered");

    const otherColumns = extract(pgm(`pgm.dropIndex("t", "b", { concurrently: true, ifExists: true });\n  ${build}`));
    expect(otherColumns[1]?.guard.kind).toBe("drop-first");
  });
});

describe("Kysely", () => {
  it.each([
    ['await db.schema.createTable("users").addColumn("id", "serial").execute();', 'await db.schema.createTable("users").ifNotExists().addColumn("id", "serial").execute();', "table"],
    ['await db.schema.createIndex("ix_email").on("users").column("email").execute();', 'await db.schema.createIndex("ix_email").ifNotExists().on("users").column("email").execute();', "index"],
    ['await db.schema.dropTable("users").execute();', 'await db.schema.dropTable("users").ifExists().execute();', "table"],
    ['await db.schema.dropIndex("ix_email").execute();', 'await db.schema.dropIndex("ix_email").ifExists().execute();', "index"],
  ])("%s", (call, expected, type) => {
    const text = kysely(call);
    expect(single(text)).toMatchObject({ host: "js", guardProvider: "Kysely", object: { type }, subject: `db.schema.${call.slice(16, call.indexOf("("))}()` });
    expect(fixed(text)).toBe(kysely(expected));
  });

  it("reads an index's table and recognises a guarded chain", () => {
    const operation = single(kysely('await db.schema.createIndex("ix").ifNotExists().on("users").columns(["a"]).execute();'));
    expect(operation.object).toEqual({ type: "index", name: "ix", table: "users" });
    expect(current(operation).state).toBe("enabled");
  });

  it("guards each added column in its definition callback", () => {
    const text = kysely('await db.schema.alterTable("users").addColumn("a", "text").addColumn("b", "text", (col) => col.notNull()).execute();');
    const [a, b] = extract(text);
    expect(a).toMatchObject({ kind: "addColumn", subject: "db.schema.alterTable().addColumn()", object: { type: "column", name: "a", table: "users" } });
    expect(b?.object.name).toBe("b");
    const edits = [a, b].flatMap((operation) => {
      const state = operation ? current(operation) : null;
      return state?.state === "missing" ? (state.add ?? []) : [];
    });
    const after = apply(text, edits);
    expect(after).toBe(
      kysely('await db.schema.alterTable("users").addColumn("a", "text", (col) => col.ifNotExists()).addColumn("b", "text", (col) => col.notNull().ifNotExists()).execute();'),
    );
    expect(extract(after).map((operation) => current(operation).state)).toEqual(["enabled", "enabled"]);
  });

  it("only suggests for a chain finished elsewhere", () => {
    expect(current(single(kysely('const builder = db.schema.createTable("t");')))).toMatchObject({ state: "missing", certain: false });
  });

  it("reads TypeScript migrations", () => {
    const text = 'import type { Kysely } from "kysely";\nexport async function down(db: Kysely<unknown>): Promise<void> {\n  await db.schema.dropTable("users" as const).execute();\n}\n';
    expect(single(text, "typescript").object.name).toBeNull();
    const plain = 'export async function down(db: Kysely<unknown>): Promise<void> {\n  await db.schema.dropTable("users").execute();\n}\n';
    expect(fixed(plain, "typescript")).toBe(plain.replace('("users")', '("users").ifExists()'));
  });

  it("ignores application code outside up/down", () => {
    expect(extract('export async function seed(db) {\n  await db.schema.dropTable("t").execute();\n}\n')).toEqual([]);
  });
});
