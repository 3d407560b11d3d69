import { parse as parseTs } from "@typescript-eslint/parser";
import * as espree from "espree";
import type { Program } from "estree";
import { describe, expect, it } from "vitest";
import type { EmbeddedSql } from "../../../src/hosts/embedded-sql.js";
import { extractJsSql } from "../../../src/hosts/js-sql/extract.js";

type Parser = "espree" | "typescript";

// Both parsers produce ESTree; their own node types only widen it with TypeScript nodes.
function parse(body: string, parser: Parser): Program {
  const ast =
    parser === "espree"
      ? espree.parse(body, { ecmaVersion: "latest", sourceType: "module", range: true })
      : parseTs(body, { range: true, loc: true });
  return ast as unknown as Program;
}

function extract(body: string, parser: Parser = "espree"): EmbeddedSql[] {
  return extractJsSql(body, parse(body, parser));
}

function single(body: string, parser: Parser = "espree"): EmbeddedSql {
  const found = extract(body, parser);
  expect(found).toHaveLength(1);
  return found[0] as EmbeddedSql;
}

function hostText(body: string, sql: EmbeddedSql, range: [number, number]): string {
  const [start, end] = sql.hostRange(range);
  return body.slice(start, end);
}

/** Offset of the only occurrence of `needle`. */
function unique(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index === -1 || text.indexOf(needle, index + 1) !== -1) {
    throw new Error(`expected exactly one ${JSON.stringify(needle)} in ${JSON.stringify(text)}`);
  }
  return index;
}

function sqlRange(sql: EmbeddedSql, needle: string): [number, number] {
  const start = unique(sql.text, needle);
  return [start, start + needle.length];
}

/** Applies the insertion, checks the host edit, and re-extracts the edited file to check the SQL. */
function expectInsert(body: string, at: string, insertion: string, written: string, parser: Parser = "espree"): string {
  const sql = single(body, parser);
  const offset = unique(sql.text, at);
  const edit = sql.insert(offset, insertion);
  expect(edit?.text).toBe(written);
  if (!edit) {
    throw new Error("expected an edit");
  }
  const edited = body.slice(0, edit.range[0]) + edit.text + body.slice(edit.range[1]);
  const again = single(edited, parser);
  expect(again.text).toBe(sql.text.slice(0, offset) + insertion + sql.text.slice(offset));
  return edited;
}

describe("sinks", () => {
  it.each([
    ["export async function up(knex) { await knex.raw('DROP TABLE t'); }", "knex.raw()"],
    ["export async function up(k) { await k.schema.raw('DROP TABLE t'); }", "k.schema.raw()"],
    ["export const down = (pgm) => { pgm.sql('DROP TABLE t'); };", "pgm.sql()"],
    ["export const up = async (migrator) => migrator.sql('DROP TABLE t');", "migrator.sql()"],
    ["module.exports = { async up(queryInterface) { await queryInterface.sequelize.query('DROP TABLE t'); } };", "queryInterface.sequelize.query()"],
    ["exports.up = function (db) { return db.runSql('DROP TABLE t'); };", "db.runSql()"],
    ["function up(knex) { return knex.raw('DROP TABLE t'); }\nmodule.exports = { up };", "knex.raw()"],
    ["export class M { async up(qr) { await qr.query('DROP TABLE t'); } }", "qr.query()"],
    ["export class M extends Migration { async up() { this.addSql('DROP TABLE t'); } }", "this.addSql()"],
    ["export class M extends Migration { async down() { await this.execute('DROP TABLE t'); } }", "this.execute()"],
    ["export async function up(db) { await sql`DROP TABLE t`.execute(db); }", "sql`…`"],
    ["export async function up(db) { await db.executeQuery(sql.raw('DROP TABLE t').compile(db)); }", "sql.raw()"],
    ["export default { up: async (knex) => knex.raw('DROP TABLE t') };", "knex.raw()"],
  ])("%s", (body, sink) => {
    const sql = single(body);
    expect(sql.text).toBe("DROP TABLE t");
    expect(sql.sink).toBe(sink);
    expect(hostText(body, sql, sqlRange(sql, "TABLE"))).toBe("TABLE");
  });

  it("reads a TypeORM migration parsed by typescript-eslint", () => {
    const body = [
      'import type { MigrationInterface, QueryRunner } from "typeorm";',
      "export class AddIndex1700000000000 implements MigrationInterface {",
      "  name = 'AddIndex1700000000000';",
      "  public async up(queryRunner: QueryRunner): Promise<void> {",
      '    await queryRunner.query(`CREATE INDEX "ix" ON "user" ("email")`);',
      "  }",
      "  public async down(runner: QueryRunner): Promise<void> {",
      "    await runner.query(\"DROP INDEX \\\"ix\\\"\");",
      "  }",
      "}",
    ].join("\n");
    const [up, down] = extract(body, "typescript");
    expect(up?.text).toBe('CREATE INDEX "ix" ON "user" ("email")');
    expect(up?.sink).toBe("queryRunner.query()");
    expect(down?.text).toBe('DROP INDEX "ix"');
    expect(down?.sink).toBe("runner.query()");
    expect(down && hostText(body, down, [11, 15])).toBe('\\"ix\\"');
    const edit = up?.insert(unique(up.text, '"ix"'), "IF NOT EXISTS ");
    const at = unique(body, '"ix" ON');
    expect(edit).toEqual({ range: [at, at], text: "IF NOT EXISTS " });
    const edited = edit ? body.slice(0, edit.range[0]) + edit.text + body.slice(edit.range[1]) : body;
    expect(extract(edited, "typescript")[0]?.text).toBe('CREATE INDEX IF NOT EXISTS "ix" ON "user" ("email")');
  });

  it("reads typed knex and Kysely migrations parsed by typescript-eslint", () => {
    const body = [
      'import type { Knex } from "knex";',
      "export async function up(knex: Knex): Promise<void> {",
      "  await knex.raw<void>('CREATE TABLE a (id int)');",
      "}",
      "export const down = async (db: Kysely<unknown>): Promise<void> => {",
      "  await sql<void>`DROP TABLE a`.execute(db);",
      "};",
    ].join("\n");
    expect(extract(body, "typescript").map((sql) => [sql.sink, sql.text])).toEqual([
      ["knex.raw()", "CREATE TABLE a (id int)"],
      ["sql`…`", "DROP TABLE a"],
    ]);
  });

  it("ignores application code outside up/down and raw calls on receivers that are not the tool's; any .query() is a sink", () => {
    const body = [
      "export async function seed(knex) { await knex.raw('DROP TABLE a'); }",
      "const helper = (knex) => knex.raw('DROP TABLE b');",
      "class Repo { async find(queryRunner) { return queryRunner.query('SELECT 1'); } }",
      "export async function up(knex, other) {",
      "  await other.raw('DROP TABLE c');",
      "  await knex.query('DROP TABLE d');",
      "  await knex.raw('DROP TABLE e');",
      "}",
    ].join("\n");
    expect(extract(body).map((sql) => [sql.sink, sql.text])).toEqual([
      ["knex.query()", "DROP TABLE d"],
      ["knex.raw()", "DROP TABLE e"],
    ]);
  });

  it("follows a module-level const and reports it once", () => {
    const body = [
      "const DDL = `CREATE INDEX ix ON t (a)`;",
      "export const NAME = 'DROP INDEX ix';",
      "export async function up(knex) { await knex.raw(DDL); await knex.raw(DDL); }",
      "export async function down(knex) { await knex.raw(NAME); }",
    ].join("\n");
    const found = extract(body);
    expect(found.map((sql) => sql.text)).toEqual(["CREATE INDEX ix ON t (a)", "DROP INDEX ix"]);
    expect(found[0] && hostText(body, found[0], [13, 15])).toBe("ix");
  });
});

describe("literal forms and insert", () => {
  it("inserts into a single-quoted string, escaping the quote and a newline", () => {
    const body = "export const up = (pgm) => pgm.sql('CREATE TABLE t (a text)');";
    const edited = expectInsert(body, "t (a", "IF NOT EXISTS 'x'\n", "IF NOT EXISTS \\'x\\'\\n");
    expect(edited).toContain("pgm.sql('CREATE TABLE IF NOT EXISTS \\'x\\'\\nt (a text)')");
  });

  it("inserts into a double-quoted string with escapes", () => {
    const body = 'export async function up(knex) { await knex.raw("DROP\\tTABLE \\"t\\"\\\\x"); }';
    const sql = single(body);
    expect(sql.text).toBe('DROP\tTABLE "t"\\x');
    expect(hostText(body, sql, sqlRange(sql, '"t"'))).toBe('\\"t\\"');
    expectInsert(body, '"t"', 'IF EXISTS "a\\', 'IF EXISTS \\"a\\\\');
  });

  it("decodes hex, unicode and code point escapes and line continuations", () => {
    const body = "export async function up(knex) { await knex.raw('DROP \\x54ABLE \\u0074\\u{1F600}\\\nx'); }";
    const sql = single(body);
    expect(sql.text).toBe("DROP TABLE t\u{1F600}x");
    expect(hostText(body, sql, sqlRange(sql, "T"))).toBe("\\x54");
    expect(hostText(body, sql, sqlRange(sql, "\u{1F600}"))).toBe("\\u{1F600}");
    // Between the two units of one escape.
    expect(sql.insert(unique(sql.text, "\u{1F600}") + 1, "a")).toBeNull();
    // Next to an escape is fine; the continuation stays where it is.
    expectInsert(body, "x", "y", "y");
    expectInsert(body, "ABLE", "Z", "Z");
  });

  it("refuses an insertion that would merge with a `\\0` escape", () => {
    const body = "export async function up(knex) { await knex.raw('A\\0B'); }";
    const sql = single(body);
    expect(sql.text).toBe("A\0B");
    expect(sql.insert(2, "1")).toBeNull();
    expect(sql.insert(2, "x")).toEqual({ range: [52, 52], text: "x" });
  });

  it("maps a template's interpolations to placeholders, refuses edits in a name with one, and names one that starts a word", () => {
    const body = "export async function up(knex) { await knex.raw(`CREATE INDEX ix_${table} ON ${ table } (a)`); }";
    const sql = single(body);
    expect(sql.text).toBe("CREATE INDEX ix___js_0__ ON __js_1__ (a)");
    expect(hostText(body, sql, sqlRange(sql, "__js_1__"))).toBe("${ table }");
    expect(hostText(body, sql, sqlRange(sql, "ix___js_0__"))).toBe("ix_${table}");
    expect(sql.insert(unique(sql.text, "__js_0__"), "x")).toBeNull();
    expect(sql.insert(unique(sql.text, "__js_0__") + 2, "x")).toBeNull();
    expect(sql.insert(unique(sql.text, " ON"), "x")).toBeNull();
    expect(sql.insert(unique(sql.text, "__js_1__"), "x ")).toEqual({ range: [body.indexOf("${ table }"), body.indexOf("${ table }")], text: "x ", beside: "${ table }" });
    expect(sql.insert(unique(sql.text, "__js_1__") + 1, "x")).toBeNull();
    expectInsert(body, "ix_", "IF NOT EXISTS ", "IF NOT EXISTS ");
  });

  it("reads a module constant that holds a plain name as that name, and edits only before it", () => {
    const body = 'const TABLE = "apps";\nexport async function up(knex) { await knex.raw(`CREATE INDEX ix ON ${TABLE} (a)`); }';
    const sql = single(body);
    expect(sql.text).toBe("CREATE INDEX ix ON apps (a)");
    expect(hostText(body, sql, sqlRange(sql, "apps"))).toBe("TABLE");
    expect(sql.insert(unique(sql.text, "apps"), "ONLY ")).toEqual({ range: [body.indexOf("${TABLE}"), body.indexOf("${TABLE}")], text: "ONLY " });
    expect(sql.insert(unique(sql.text, "apps") + 1, "x")).toBeNull();
    expect(sql.insert(unique(sql.text, " (a)"), "x")).toBeNull();
  });

  it("escapes backticks, backslashes and `${` in a template", () => {
    const body = "export async function up(knex) { await knex.raw(`SELECT \\`a\\`, '\\${x}'`); }";
    const sql = single(body);
    expect(sql.text).toBe("SELECT `a`, '${x}'");
    expect(hostText(body, sql, sqlRange(sql, "${"))).toBe("\\${");
    expectInsert(body, ", '", " `b` \\ ${y} $$", " \\`b\\` \\\\ \\${y} $$");
    // `$` + `{` would open an interpolation.
    const dollar = single("export async function up(knex) { await knex.raw(`SELECT $1`); }");
    expect(dollar.insert(dollar.text.length - 1, "{")).toBeNull();
  });

  it("keeps CRLF line breaks in a template and maps offsets after them", () => {
    const body = "export async function up(knex) {\r\n  await knex.raw(`\r\n    CREATE INDEX ix ON t (a);\r\n  `);\r\n}\r\n";
    const sql = single(body);
    expect(sql.text).toBe("\n    CREATE INDEX ix ON t (a);\n  ");
    expect(hostText(body, sql, sqlRange(sql, "ix"))).toBe("ix");
    expect(hostText(body, sql, [0, 1])).toBe("\r\n");
    const edited = expectInsert(body, "ix", "IF NOT EXISTS\n", "IF NOT EXISTS\r\n");
    expect(edited).toContain("INDEX IF NOT EXISTS\r\nix ON");
  });

  it("maps past non-ASCII characters before and inside the SQL", () => {
    const body = "// Migration für Ärger 🚀\nexport async function up(knex) { await knex.raw(\"COMMENT ON TABLE t IS '🚀 ü'; DROP TABLE u\"); }";
    const sql = single(body);
    expect(sql.text).toBe("COMMENT ON TABLE t IS '🚀 ü'; DROP TABLE u");
    expect(hostText(body, sql, sqlRange(sql, "DROP TABLE u"))).toBe("DROP TABLE u");
    expect(hostText(body, sql, sqlRange(sql, "🚀 ü"))).toBe("🚀 ü");
    // Between the two units of 🚀.
    expect(sql.insert(unique(sql.text, "🚀") + 1, "x")).toBeNull();
    expectInsert(body, "u", "IF EXISTS ", "IF EXISTS ");
    expectInsert(body, "🚀", "ä", "ä");
  });

  it("inserts into an empty literal and at the end", () => {
    const body = "export async function up(knex) { await knex.raw(''); }";
    const sql = single(body);
    expect(sql.text).toBe("");
    expect(sql.hostRange([0, 0])).toEqual([49, 49]);
    expect(sql.insert(0, "SELECT 1")).toEqual({ range: [49, 49], text: "SELECT 1" });
    expect(sql.insert(1, "x")).toBeNull();
    const end = single("export async function up(knex) { await knex.raw('DROP TABLE t'); }");
    expect(end.insert(end.text.length, " CASCADE")).toEqual({ range: [61, 61], text: " CASCADE" });
  });
});

describe("concatenation", () => {
  it("joins a `+` chain of literals with different quotes and maps each part back", () => {
    const body = "export async function up(knex) { await knex.raw(\"CREATE INDEX ix \" + 'ON t ' + `(a)`); }";
    const sql = single(body);
    expect(sql.text).toBe("CREATE INDEX ix ON t (a)");
    expect(hostText(body, sql, sqlRange(sql, "ix ON t"))).toBe("ix \" + 'ON t");
    expectInsert(body, "ix", "IF NOT EXISTS ", "IF NOT EXISTS ");
    // At a part's end the insertion goes into the part before, with that part's escaping.
    expectInsert(body, "(a)", "it's ", "it\\'s ");
  });

  it("turns an operand that is not a literal into a placeholder covering it and refuses edits next to it", () => {
    const body = "export async function up(knex) { await knex.raw(\"CREATE INDEX ix_\" + name + \" ON t (a)\"); }";
    const sql = single(body);
    expect(sql.text).toBe("CREATE INDEX ix___js_0__ ON t (a)");
    expect(hostText(body, sql, sqlRange(sql, "__js_0__"))).toBe('" + name + "');
    expect(sql.insert(unique(sql.text, " ON"), "x")).toBeNull();
    expectInsert(body, "ix_", "IF NOT EXISTS ", "IF NOT EXISTS ");
  });

  it("follows a module-level constant built by concatenation, ending in an unknown", () => {
    const body = 'const SQL = "DROP INDEX " + name;\nexport async function down(knex) { await knex.raw(SQL); }';
    const sql = single(body);
    expect(sql.text).toBe("DROP INDEX __js_0__");
    expect(hostText(body, sql, sqlRange(sql, "__js_0__"))).toBe('" + name');
  });

  it("ignores a chain without any literal", () => {
    expect(extract("export async function up(knex) { await knex.raw(a + b); }")).toEqual([]);
  });
});

describe("knex bindings and transactions", () => {
  it("reads `?` and `??` as bindings when an array is passed, and `\\?` as a literal `?`", () => {
    const body = 'export async function up(knex) { await knex.raw("CREATE INDEX ?? ON t (a) WHERE b = ? AND c \\\\? \'k\'", [name, 1]); }';
    const sql = single(body);
    expect(sql.text).toBe("CREATE INDEX __js_0__ ON t (a) WHERE b = __js_1__ AND c ? 'k'");
    expect(hostText(body, sql, sqlRange(sql, "__js_0__"))).toBe("??");
    expect(hostText(body, sql, sqlRange(sql, "?"))).toBe("\\\\?");
    expect(sql.insert(unique(sql.text, "__js_0__"), "IF NOT EXISTS ")).toEqual({ range: [body.indexOf("??"), body.indexOf("??")], text: "IF NOT EXISTS ", beside: "??" });
    // An insertion that adds a binding would shift knex's values.
    expect(sql.insert(unique(sql.text, " WHERE"), " ?")).toBeNull();
    expect(sql.insert(unique(sql.text, " WHERE"), " x")).toEqual({ range: [body.indexOf(" WHERE"), body.indexOf(" WHERE")], text: " x" });
    expectInsert(body, "ON t", "ONLY ", "ONLY ");
  });

  it("leaves `?` alone without bindings: jsonb's operator", () => {
    const sql = single("export async function up(knex) { await knex.raw(\"SELECT data ? 'k' FROM t\"); }");
    expect(sql.text).toBe("SELECT data ? 'k' FROM t");
  });

  it("reads `:key` and `:key:` for the keys of an object, and leaves casts and other keys alone", () => {
    const body = 'export async function up(knex) { await knex.raw("CREATE INDEX :name: ON t (a) WHERE b::text = :v AND c = :other", { name: "ix", v: 1 }); }';
    const sql = single(body);
    expect(sql.text).toBe("CREATE INDEX __js_0__ ON t (a) WHERE b::text = __js_1__ AND c = :other");
    expect(hostText(body, sql, sqlRange(sql, "__js_0__"))).toBe(":name:");
  });

  it("reads SQL sent through a knex.transaction callback's parameter", () => {
    const body = 'export async function up(db) { await db.transaction(async (trx) => { await trx.raw("DROP TABLE t"); }); }';
    const sql = single(body);
    expect(sql.sink).toBe("trx.raw()");
    expect(sql.text).toBe("DROP TABLE t");
  });
});
