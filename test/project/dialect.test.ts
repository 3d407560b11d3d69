import path from "node:path";
import { describe, expect, it } from "vitest";
import { fileDialects } from "../../src/project/dialect.js";
import { temporaryRepositories } from "../support/temp-repository.js";

const project = temporaryRepositories("dialect");

describe("a file's dialects", () => {
  it("an explicit setting wins over everything else", () => {
    const root = project({ "prisma/migrations/migration_lock.toml": 'provider = "mysql"\n', "prisma/migrations/1_init/migration.sql": "" });
    expect(fileDialects(path.join(root, "prisma/migrations/1_init/migration.sql"), "mariadb")).toEqual(["mariadb"]);
  });

  it("reads the framework's own config, statically", () => {
    const cases: [Record<string, string>, string, string[]][] = [
      [{ "prisma/migrations/migration_lock.toml": '# Please do not edit\nprovider = "mysql"\n' }, "prisma/migrations/1_init/migration.sql", ["mysql", "mariadb"]],
      [{ "prisma/migrations/migration_lock.toml": 'provider = "sqlite"\n' }, "prisma/migrations/1_init/migration.sql", ["sqlite"]],
      [{ "alembic.ini": "[alembic]\nsqlalchemy.url = mariadb+mariadbconnector://u@h/db\n" }, "alembic/versions/0001_init.py", ["mariadb"]],
      [{ "knexfile.js": "module.exports = { client: 'better-sqlite3', connection: {} };\n" }, "migrations/20200101_init.js", ["sqlite"]],
      [{ "knexfile.ts": 'export default { development: { client: "mysql2" } };\n' }, "migrations/20200101_init.ts", ["mysql", "mariadb"]],
      [{ "drizzle.config.ts": 'export default defineConfig({ dialect: "sqlite", out: "./drizzle" });\n' }, "drizzle/0000_init.sql", ["sqlite"]],
      [{ "ormconfig.json": '{ "type": "mariadb", "host": "localhost" }\n' }, "src/migrations/1700000000000-Init.ts", ["mariadb"]],
      [{ "config/config.json": '{ "development": { "dialect": "sqlite", "storage": "db.sqlite" } }\n' }, "migrations/20200101-init.js", ["sqlite"]],
      [{ "flyway.conf": "flyway.url=jdbc:mysql://localhost:3306/app\n" }, "sql/V1__init.sql", ["mysql", "mariadb"]],
      [{ "mikro-orm.config.ts": 'import { defineConfig } from "@mikro-orm/core";\nimport { SqliteDriver } from "@mikro-orm/sqlite";\n' }, "src/migrations/Migration1.ts", ["sqlite"]],
      [{ "alembic.ini": "[alembic]\nsqlalchemy.url = postgresql+psycopg://u@h/db\n" }, "alembic/versions/0001_init.py", ["postgresql"]],
    ];
    for (const [files, file, expected] of cases) {
      const root = project(files);
      expect(fileDialects(path.join(root, file), undefined), file).toEqual(expected);
    }
  });

  it("reads the file's name, then the folders on its path", () => {
    const root = project({});
    expect(fileDialects(path.join(root, "migrations/sql/20200101000000_init.sqlite3.up.sql"), undefined)).toEqual(["sqlite"]);
    expect(fileDialects(path.join(root, "migrations/sql/20200101000000_init.cockroach.down.sql"), undefined)).toEqual(["cockroachdb"]);
    expect(fileDialects(path.join(root, "migrations/sql/20200101000000_init.mysql.autocommit.up.sql"), undefined)).toEqual(["mysql"]);
    expect(fileDialects(path.join(root, "src/migrations/mariadb/1700000000000-Init.ts"), undefined)).toEqual(["mariadb"]);
    expect(fileDialects(path.join(root, "src/migrations/postgres/1700000000000-Init.ts"), undefined)).toEqual(["postgresql"]);
  });

  it("gives a dialect-less file every database of its history that has no file of its own for that version", () => {
    const root = project({
      "sql/1_a.mysql.up.sql": "",
      "sql/1_a.sqlite3.up.sql": "",
      "sql/1_a.up.sql": "",
      "sql/2_b.sqlite.up.sql": "",
      "sql/2_b.up.sql": "",
      "sql/3_c.up.sql": "",
      "sql/3_c.postgres.down.sql": "",
    });
    const at = (name: string) => fileDialects(path.join(root, "sql", name), undefined);
    expect(at("1_a.up.sql")).toEqual(["postgresql"]);
    expect(at("2_b.up.sql")).toEqual(["mysql", "postgresql"]);
    expect(at("3_c.up.sql")).toEqual(["mysql", "sqlite", "postgresql"]);
  });

  it("is PostgreSQL when nothing says otherwise", () => {
    const root = project({ "db/migrations/0001_init.sql": "" });
    expect(fileDialects(path.join(root, "db/migrations/0001_init.sql"), undefined)).toEqual(["postgresql"]);
  });
});
