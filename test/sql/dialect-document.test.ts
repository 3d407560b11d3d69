import { describe, expect, it } from "vitest";
import { analyzeDialectSql } from "../../src/sql/dialect/document.js";

const texts = (sql: string, dialect: "mysql" | "mariadb" | "sqlite") => {
  const document = analyzeDialectSql(sql, dialect);
  return {
    statements: document.statements.map((statement) => ({ text: sql.slice(...statement.range), error: statement.error?.message ?? null })),
    comments: document.comments.map((comment) => [comment.kind, comment.value]),
  };
};

describe("MySQL and MariaDB text", () => {
  it("reads backticks, AUTO_INCREMENT, ENGINE=, ON UPDATE CURRENT_TIMESTAMP, DROP INDEX … ON, MODIFY and MySQL's comments", () => {
    const sql = [
      "CREATE TABLE `apps` (",
      "  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,",
      "  `updated_at` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,",
      "  PRIMARY KEY (`id`)",
      ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4; # the table",
      "/*!40101 SET @saved = @@character_set_client */;",
      "-- a comment",
      "DROP INDEX `ix_a` ON `apps`;",
      "ALTER TABLE apps MODIFY `name` VARCHAR (2048) NOT NULL, DROP CONSTRAINT `fk_a`;",
      "UPDATE apps SET note = 'it''s \\'quoted\\'; still text' WHERE id = ?;",
      "",
    ].join("\n");
    expect(texts(sql, "mysql")).toEqual({
      statements: [
        { text: sql.slice(0, sql.indexOf(";")), error: null },
        { text: "DROP INDEX `ix_a` ON `apps`", error: null },
        { text: "ALTER TABLE apps MODIFY `name` VARCHAR (2048) NOT NULL, DROP CONSTRAINT `fk_a`", error: null },
        { text: "UPDATE apps SET note = 'it''s \\'quoted\\'; still text' WHERE id = ?", error: null },
      ],
      comments: [
        ["line", " the table"],
        ["block", "!40101 SET @saved = @@character_set_client "],
        ["line", " a comment"],
      ],
    });
  });

  it("reads MariaDB's guards, which node-sql-parser does not", () => {
    const sql = "CREATE INDEX IF NOT EXISTS ix_a ON apps (a);\nALTER TABLE apps DROP COLUMN IF EXISTS b, ADD COLUMN IF NOT EXISTS c INT;\nDROP INDEX IF EXISTS ix_a ON apps;\n";
    expect(texts(sql, "mariadb").statements.map((statement) => statement.error)).toEqual([null, null, null]);
  });

  it("keeps a trigger's BEGIN … END in one statement, and reports a statement neither parser reads", () => {
    const sql = "CREATE TRIGGER t BEFORE INSERT ON apps FOR EACH ROW BEGIN\n  IF NEW.a IS NULL THEN SET NEW.a = 0; END IF;\n  SET NEW.b = 1;\nEND;\nCREATE TABLE t (a INT) PARTITION BY NOTHING;\n";
    const { statements } = texts(sql, "mysql");
    expect(statements.map((statement) => statement.text)).toEqual([sql.slice(0, sql.indexOf("END;") + 3), "CREATE TABLE t (a INT) PARTITION BY NOTHING"]);
    expect(statements[1]?.error).toMatch(/^Syntax Error: Unexpected "PARTITION"$/u);
  });
});

describe("SQLite text", () => {
  it("reads WITHOUT ROWID, [bracketed] names, triggers and a backslash in a string, which is not an escape", () => {
    const sql = [
      "CREATE TABLE [apps] (id INTEGER PRIMARY KEY, path TEXT DEFAULT 'C:\\') WITHOUT ROWID;",
      "CREATE TRIGGER IF NOT EXISTS touch AFTER UPDATE ON apps BEGIN",
      "  UPDATE apps SET path = CASE WHEN path IS NULL THEN '' ELSE path END;",
      "END;",
      "--no space needed",
      "DROP INDEX IF EXISTS ix_old;",
    ].join("\n");
    expect(texts(sql, "sqlite")).toEqual({
      statements: [
        { text: "CREATE TABLE [apps] (id INTEGER PRIMARY KEY, path TEXT DEFAULT 'C:\\') WITHOUT ROWID", error: null },
        { text: sql.slice(sql.indexOf("CREATE TRIGGER"), sql.lastIndexOf("END;") + 3), error: null },
        { text: "DROP INDEX IF EXISTS ix_old", error: null },
      ],
      comments: [["line", "no space needed"]],
    });
  });

  it("stops at an unterminated quote, where it starts", () => {
    const document = analyzeDialectSql("SELECT 1;\nSELECT 'open;\n", "sqlite");
    expect(document.error).toEqual({ message: "unterminated ' quote", offset: 17 });
  });
});
