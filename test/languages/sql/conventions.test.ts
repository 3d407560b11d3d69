import { describe, expect, it } from "vitest";
import type { SqlNode, SqlSection } from "../../../src/languages/sql/ast.js";
import { detectConventions } from "../../../src/languages/sql/conventions.js";
import { lint, parse, statements, textOf } from "./helpers.js";

/** The tree without locations: sections with their flags, statements by kind. */
function outline(node: SqlNode): unknown {
  switch (node.type) {
    case "SqlScript":
      return node.children.map(outline);
    case "SqlSection":
      return { [node.direction]: node.children.map(outline), transaction: node.transaction };
    case "SqlStatement":
      return node.children.length > 0 ? { [node.kind ?? "unparsed"]: node.children.map(outline) } : (node.kind ?? "unparsed");
  }
}

describe("detectConventions", () => {
  it.each([
    ["drizzle/0000_clever_hulk.sql", "CREATE TABLE a (id int);", { framework: "drizzle", transactional: true }],
    ["src/db/out/0001_x.sql", "CREATE TABLE a (id int);\n--> statement-breakpoint\nSELECT 1;", { framework: "drizzle", transactional: true }],
    ["db/migrations/20240101_init.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n", { framework: "dbmate", transactional: true }],
    [
      "db/migrations/20240101_init.sql",
      "-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\n",
      { framework: "dbmate", transactional: false },
    ],
    ["migrations/00001_init.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\n", { framework: "goose", transactional: true }],
    ["migrations/00001_init.sql", "-- +goose NO TRANSACTION\n-- +goose up\nSELECT 1;\n", { framework: "goose", transactional: false }],
    ["migrations/000001_create_users.up.sql", "SELECT 1;", { framework: "golang-migrate", transactional: false }],
    ["migrations\\000001_create_users.down.sql", "SELECT 1;", { framework: "golang-migrate", transactional: false }],
    ["prisma/migrations/20240101000000_init/migration.sql", "SELECT 1;", { framework: "prisma", transactional: false }],
    ["C:\\app\\prisma\\migrations\\20240101000000_init\\migration.sql", "", { framework: "prisma", transactional: false }],
    ["src/main/resources/db/migration/V1__init.sql", "SELECT 1;", { framework: "flyway", transactional: true }],
    ["db/migration/V1_2__add_index.sql", "SELECT 1;", { framework: "flyway", transactional: true }],
    ["db/migration/V2024.01.01__x.sql", "SELECT 1;", { framework: "flyway", transactional: true }],
    ["db/migration/R__views.sql", "SELECT 1;", { framework: "flyway", transactional: true }],
    ["db/migration/U1__undo.sql", "SELECT 1;", { framework: "flyway", transactional: true }],
    ["db/migration/v1__lower_case.sql", "SELECT 1;", { framework: "plain", transactional: false }],
    ["schema.sql", "SELECT 1;", { framework: "plain", transactional: false }],
    ["schema.sql", "  -- +goose Up\n  -- migrate:up\nSELECT 1;", { framework: "plain", transactional: false }],
  ])("reads %s", (path, text, expected) => {
    expect(detectConventions(path, text)).toEqual(expected);
  });

  it("puts the file's own markers before what its path suggests", () => {
    expect(detectConventions("db/migration/V1__init.sql", "-- +goose Up\nSELECT 1;")).toEqual({
      framework: "goose",
      transactional: true,
    });
  });

  it("is exposed on the root node", () => {
    expect(parse("SELECT 1;", "prisma/migrations/1_init/migration.sql").conventions).toEqual({
      framework: "prisma",
      transactional: false,
    });
  });
});

describe("drizzle", () => {
  const path = "drizzle/0000_init.sql";

  it("splits on `--> statement-breakpoint`, which may replace the `;`", () => {
    const text =
      'CREATE TABLE "a" (\n\t"id" integer\n)\n--> statement-breakpoint\nCREATE TABLE "b" ("id" integer);--> statement-breakpoint\nCREATE INDEX "ix" ON "b" ("id");';
    const ast = parse(text, path);
    expect(outline(ast)).toEqual(["CreateStmt", "CreateStmt", "IndexStmt"]);
    expect(statements(ast).map((node) => textOf(text, node))).toEqual([
      'CREATE TABLE "a" (\n\t"id" integer\n)',
      'CREATE TABLE "b" ("id" integer)',
      'CREATE INDEX "ix" ON "b" ("id")',
    ]);
    expect(statements(ast).map((node) => node.loc.start)).toEqual([
      { line: 1, column: 0 },
      { line: 5, column: 0 },
      { line: 6, column: 0 },
    ]);
    expect(ast.comments.map((comment) => comment.value)).toEqual(["> statement-breakpoint", "> statement-breakpoint"]);
  });

  it("moves every offset of a later piece into the file, tokens included", () => {
    const text = "SELECT 1;\n--> statement-breakpoint\nCREATE TABEL b (id int);\n--> statement-breakpoint\nCREATE INDEX ix ON c (id);";
    const [, bad, index] = statements(parse(text, path));
    expect(bad?.error?.offset).toBe(text.indexOf("TABEL"));
    expect(bad?.statement.tokens[0]).toMatchObject({ start: text.indexOf("CREATE"), text: "CREATE" });
    expect(bad?.statement.range).toEqual(bad?.range);
    expect(index?.statement.node).toMatchObject({ relation: { relname: "c", location: text.indexOf("c (id)") } });
  });

  it("reports a lexical error in a later piece at its place in the file", () => {
    expect(lint("SELECT 1;\n--> statement-breakpoint\nSELECT $$oops;", path)).toEqual([
      expect.objectContaining({ ruleId: null, line: 3, column: 8 }),
    ]);
  });
});

describe("dbmate", () => {
  const path = "db/migrations/20240101000000_init.sql";

  it("makes a section of each `-- migrate:up` and `-- migrate:down` block", () => {
    const text = "-- migrate:up\nCREATE TABLE a (id int);\nCREATE INDEX ix ON a (id);\n\n-- migrate:down\nDROP TABLE a;\n\n";
    const ast = parse(text, path);
    expect(outline(ast)).toEqual([
      { up: ["CreateStmt", "IndexStmt"], transaction: true },
      { down: ["DropStmt"], transaction: true },
    ]);
    const [up, down] = ast.children as SqlSection[];
    expect(up?.range).toEqual([0, text.indexOf(";\n\n") + 1]);
    expect(down?.loc).toEqual({ start: { line: 5, column: 0 }, end: { line: 6, column: 13 } });
  });

  it("reads `transaction:false` per section", () => {
    const text =
      "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY ix ON a (id);\n-- migrate:down\nDROP INDEX ix;\n";
    const ast = parse(text, path);
    expect(outline(ast)).toEqual([
      { up: ["IndexStmt"], transaction: false },
      { down: ["DropStmt"], transaction: true },
    ]);
    expect(ast.conventions).toEqual({ framework: "dbmate", transactional: false });
  });
});

describe("goose", () => {
  const path = "migrations/20240101000000_init.sql";

  it("keeps a StatementBegin … StatementEnd block together, with its PL/pgSQL statements nested", () => {
    const text = [
      "-- +goose Up",
      "-- +goose StatementBegin",
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$",
      "BEGIN",
      "  NEW.updated_at = now();",
      "  CREATE INDEX IF NOT EXISTS ix ON t (a);",
      "  RETURN NEW;",
      "END;",
      "$$;",
      "-- +goose StatementEnd",
      "CREATE TABLE t (id int);",
      "",
      "-- +goose Down",
      "-- +goose StatementBegin",
      "CREATE FUNCTION one() RETURNS int LANGUAGE sql",
      "BEGIN ATOMIC",
      "  SELECT 1;",
      "  SELECT 2;",
      "END;",
      "-- +goose StatementEnd",
      "DROP TABLE t;",
      "",
    ].join("\n");
    const ast = parse(text, path);
    expect(outline(ast)).toEqual([
      { up: [{ CreateFunctionStmt: ["IndexStmt"] }, "CreateStmt"], transaction: true },
      { down: ["CreateFunctionStmt", "DropStmt"], transaction: true },
    ]);
    const [up] = ast.children as SqlSection[];
    expect(up?.loc).toEqual({ start: { line: 1, column: 0 }, end: { line: 11, column: 24 } });
    expect(lint(text, path).map(({ line, message }) => ({ line, message }))).toEqual([
      { line: 3, message: "CreateFunctionStmt" },
      { line: 6, message: "IndexStmt" },
      { line: 11, message: "CreateStmt" },
      { line: 15, message: "CreateFunctionStmt" },
      { line: 21, message: "DropStmt" },
    ]);
  });

  it("marks every section non-transactional under `-- +goose NO TRANSACTION`", () => {
    const text = "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY ix ON t (a);\n-- +goose Down\nDROP INDEX ix;\n";
    expect(outline(parse(text, path))).toEqual([
      { up: ["IndexStmt"], transaction: false },
      { down: ["DropStmt"], transaction: false },
    ]);
  });

  it("keeps statements before the first section at the top", () => {
    expect(outline(parse("SELECT 1;\n-- +goose Up\nSELECT 2;\n", path))).toEqual([
      "SelectStmt",
      { up: ["SelectStmt"], transaction: true },
    ]);
  });
});

describe("golang-migrate", () => {
  it("makes the whole file one section in the direction its name says", () => {
    const text = "\nDROP INDEX ix;\nDROP TABLE t;\n\n";
    const ast = parse(text, "migrations/000002_add_index.down.sql");
    expect(outline(ast)).toEqual([{ down: ["DropStmt", "DropStmt"], transaction: false }]);
    expect(ast.children[0]?.range).toEqual([0, text.length - 2]);
    expect(outline(parse("CREATE TABLE t (id int);", "migrations/000002_add_index.up.sql"))).toEqual([
      { up: ["CreateStmt"], transaction: false },
    ]);
  });
});

describe("files read as one script", () => {
  it.each(["prisma/migrations/20240101000000_init/migration.sql", "db/migration/V1__init.sql", "schema.sql"])(
    "%s has statements and no sections",
    (path) => {
      expect(outline(parse("CREATE TABLE t (id int);\nSELECT 1; -- migrate:up only counts at the start of a line\n", path))).toEqual([
        "CreateStmt",
        "SelectStmt",
      ]);
    },
  );
});
