import path from "node:path";
import { describe, expect, it } from "vitest";
import { Discovery, hasSqlMigrationName, isAlembicRevision, isJsMigration } from "../../src/project/discovery.js";
import { temporaryRepositories } from "../support/temp-repository.js";

const project = temporaryRepositories("discovery");

/** The sources the named configs give, with paths relative to the project. */
function sources(files: Record<string, string>, configs: string[]) {
  const root = project(files);
  const discovery = new Discovery();
  for (const config of configs) discovery.addConfig(path.join(root, config));
  return discovery.sources.map((source) => ({
    folder: path.relative(root, source.folder).split(path.sep).join("/"),
    pattern: source.pattern,
    config: path.relative(root, source.config).split(path.sep).join("/"),
    detail: source.detail,
  }));
}

describe("alembic.ini and pyproject.toml", () => {
  it("reads every section, %(here)s, package:path and version_locations", () => {
    const ini = [
      "[alembic]",
      "script_location = %(here)s/_migrations",
      "version_locations = %(here)s/_migrations/versions/main %(here)s/_migrations/versions/extra  # two folders",
      "sqlalchemy.url = postgresql://localhost/app",
      "",
      "[tenant]",
      "script_location = shop.database:revisions/tenant",
      "",
      "[loggers]",
      "keys = root",
      "",
    ].join("\n");
    expect(sources({ "src/shop/alembic.ini": ini, "src/shop/shop/database/__init__.py": "" }, ["src/shop/alembic.ini"])).toEqual([
      { folder: "src/shop/_migrations/versions/main", pattern: "**/*.py", config: "src/shop/alembic.ini", detail: "[alembic] version_locations" },
      { folder: "src/shop/_migrations/versions/extra", pattern: "**/*.py", config: "src/shop/alembic.ini", detail: "[alembic] version_locations" },
      { folder: "src/shop/shop/database/revisions/tenant/versions", pattern: "**/*.py", config: "src/shop/alembic.ini", detail: "[tenant] script_location" },
    ]);
  });

  it("takes sections that set only version_locations, version_path_separator, and package:path entries in version_locations", () => {
    const ini = [
      "[alembic]",
      "script_location = alembic",
      "version_path_separator = space",
      "version_locations = %(here)s/alembic/versions vendor.audit:alembic/versions",
      "",
      "[dev]",
      "version_path_separator = os",
      "version_locations = %(here)s/alembic/versions_dev:%(here)s/alembic/shared",
      "",
    ].join("\n");
    expect(sources({ "alembic.ini": ini, "vendor/audit/alembic/versions/0001.py": "" }, ["alembic.ini"])).toEqual([
      { folder: "alembic/versions", pattern: "**/*.py", config: "alembic.ini", detail: "[alembic] version_locations" },
      { folder: "vendor/audit/alembic/versions", pattern: "**/*.py", config: "alembic.ini", detail: "[alembic] version_locations" },
      { folder: "alembic/versions_dev", pattern: "**/*.py", config: "alembic.ini", detail: "[dev] version_locations" },
      { folder: "alembic/shared", pattern: "**/*.py", config: "alembic.ini", detail: "[dev] version_locations" },
    ]);
  });

  it("finds a package:path location in a src/ layout, and Flask-Migrate's alembic.ini that names none", () => {
    expect(sources({ "alembic.ini": "[alembic]\nscript_location = app.db:migration\n", "src/app/db/migration/env.py": "" }, ["alembic.ini"])).toEqual([
      { folder: "src/app/db/migration/versions", pattern: "**/*.py", config: "alembic.ini", detail: "[alembic] script_location" },
    ]);
    expect(sources({ "migrations/alembic.ini": "[alembic]\n# template used to generate migration files\n", "migrations/env.py": "" }, ["migrations/alembic.ini"])).toEqual([
      { folder: "migrations/versions", pattern: "**/*.py", config: "migrations/alembic.ini", detail: "(Flask-Migrate: the folder of alembic.ini)" },
    ]);
  });

  it("reads [tool.alembic] in pyproject.toml; a pyproject.toml without it says nothing", () => {
    const toml = '[project]\nname = "app"\n\n[tool.alembic]\nscript_location = "%(here)s/db"\nversion_locations = ["%(here)s/db/revisions"]\n';
    expect(sources({ "pyproject.toml": toml }, ["pyproject.toml"])).toEqual([
      { folder: "db/revisions", pattern: "**/*.py", config: "pyproject.toml", detail: "[tool.alembic] version_locations" },
    ]);
    const discovery = new Discovery();
    const root = project({ "pyproject.toml": '[project]\nname = "app"\n' });
    discovery.addConfig(path.join(root, "pyproject.toml"));
    expect(discovery).toMatchObject({ configs: [], sources: [] });
  });
});

describe("JS/TS tools' configs, read without running them", () => {
  it("knexfile: migrations.directory as a string, an array, path.join(__dirname, …), or knex's default", () => {
    const knexfile = 'const path = require("path");\nmodule.exports = {\n  client: "pg",\n  migrations: { directory: [path.join(__dirname, "db", "alterations"), "./db/changes"] },\n};\n';
    expect(sources({ "knexfile.js": knexfile }, ["knexfile.js"])).toEqual([
      { folder: "db/alterations", pattern: "*", config: "knexfile.js", detail: "migrations.directory" },
      { folder: "db/changes", pattern: "*", config: "knexfile.js", detail: "migrations.directory" },
    ]);
    const typed = 'import type { Knex } from "knex";\nconst config: Record<string, Knex.Config> = { development: { client: "sqlite3", migrations: { directory: `./src/db/steps` } } };\nexport default config;\n';
    expect(sources({ "knexfile.ts": typed }, ["knexfile.ts"])).toEqual([{ folder: "src/db/steps", pattern: "*", config: "knexfile.ts", detail: "migrations.directory" }]);
    expect(sources({ "knexfile.mjs": "export default { client: 'pg' };\n" }, ["knexfile.mjs"])).toEqual([
      { folder: "migrations", pattern: "*", config: "knexfile.mjs", detail: "(knex's default)" },
    ]);
  });

  it(".sequelizerc migrations-path with path.resolve", () => {
    const rc = "const path = require('path');\nmodule.exports = {\n  'config': path.resolve('server/config', 'database.js'),\n  'migrations-path': path.resolve('server', 'migrations'),\n};\n";
    expect(sources({ ".sequelizerc": rc }, [".sequelizerc"])).toEqual([{ folder: "server/migrations", pattern: "*", config: ".sequelizerc", detail: "migrations-path" }]);
  });

  it("TypeORM: migrations globs relative to the package, __dirname-based ones, and ormconfig.json", () => {
    const dataSource = 'import { DataSource } from "typeorm";\nexport default new DataSource({ type: "postgres", migrations: ["src/database/changes/*.ts"] });\n';
    expect(sources({ "package.json": "{}", "src/data-source.ts": dataSource }, ["src/data-source.ts"])).toEqual([
      { folder: "src/database/changes", pattern: "*.ts", config: "src/data-source.ts", detail: "migrations" },
    ]);
    const dirnamed = 'import { DataSource } from "typeorm";\nexport const source = new DataSource({ type: "postgres", migrations: [__dirname + "/db/changes/*{.ts,.js}", `${__dirname}/db/more/*.ts`, Init1700000000000] });\n';
    expect(sources({ "package.json": "{}", "src/datasource.ts": dirnamed }, ["src/datasource.ts"])).toEqual([
      { folder: "src/db/changes", pattern: "*{.ts,.js}", config: "src/datasource.ts", detail: "migrations" },
      { folder: "src/db/more", pattern: "*.ts", config: "src/datasource.ts", detail: "migrations" },
    ]);
    expect(sources({ "ormconfig.json": '{ "type": "mysql", "migrations": ["db/versions/**/*.js"] }' }, ["ormconfig.json"])).toEqual([
      { folder: "db/versions", pattern: "**/*.js", config: "ormconfig.json", detail: "migrations" },
    ]);
  });

  it("drizzle out, MikroORM pathTs, kysely-ctl migrationFolder, node-pg-migrate -m in package.json scripts", () => {
    expect(sources({ "packages/db/drizzle.config.ts": 'export default defineConfig({ dialect: "postgresql", out: "./schema-changes" });\n' }, ["packages/db/drizzle.config.ts"])).toEqual([
      { folder: "packages/db/schema-changes", pattern: "**/*.sql", config: "packages/db/drizzle.config.ts", detail: "out" },
    ]);
    expect(sources({ "mikro-orm.config.ts": "export default { migrations: { path: './dist/db', pathTs: './src/db' } };\n" }, ["mikro-orm.config.ts"])).toEqual([
      { folder: "src/db", pattern: "*", config: "mikro-orm.config.ts", detail: "migrations.path" },
    ]);
    expect(sources({ "kysely.config.ts": 'export default defineConfig({ migrations: { migrationFolder: "db/steps" } });\n' }, ["kysely.config.ts"])).toEqual([
      { folder: "db/steps", pattern: "*", config: "kysely.config.ts", detail: "migrationFolder" },
    ]);
    const manifest = JSON.stringify({ scripts: { migrate: "node-pg-migrate -m db/pg-steps up", build: "tsc" } });
    expect(sources({ "package.json": manifest }, ["package.json"])).toEqual([
      { folder: "db/pg-steps", pattern: "*", config: "package.json", detail: "scripts (node-pg-migrate -m)" },
    ]);
    expect(sources({ "package.json": JSON.stringify({ scripts: { build: "tsc" } }) }, ["package.json"])).toEqual([]);
  });
});

describe("SQL tools' configs", () => {
  it("Prisma's lock file names its folder; Flyway locations; diesel.toml", () => {
    expect(sources({ "packages/prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n' }, ["packages/prisma/migrations/migration_lock.toml"])).toEqual([
      { folder: "packages/prisma/migrations", pattern: "*/migration.sql", config: "packages/prisma/migrations/migration_lock.toml", detail: "provider" },
    ]);
    expect(sources({ "flyway.conf": "flyway.url=jdbc:postgresql://db/app\nflyway.locations=filesystem:sql/schema,classpath:db/changes\n" }, ["flyway.conf"])).toEqual([
      { folder: "sql/schema", pattern: "**/*.sql", config: "flyway.conf", detail: "locations" },
      { folder: "src/main/resources/db/changes", pattern: "**/*.sql", config: "flyway.conf", detail: "locations" },
    ]);
    expect(sources({ "flyway.toml": '[environments.default]\nurl = "jdbc:postgresql://db/app"\n\n[flyway]\nlocations = ["filesystem:database/flyway"]\n' }, ["flyway.toml"])).toEqual([
      { folder: "database/flyway", pattern: "**/*.sql", config: "flyway.toml", detail: "locations" },
    ]);
    expect(sources({ "diesel.toml": '[migrations_directory]\ndir = "db/diesel"\n' }, ["diesel.toml"])).toEqual([
      { folder: "db/diesel", pattern: "*/*.sql", config: "diesel.toml", detail: "migrations_directory.dir" },
    ]);
  });

  it("a config that does not parse names nothing but its tool's default", () => {
    expect(sources({ "knexfile.js": "module.exports = {{{ migrations" }, ["knexfile.js"])).toEqual([
      { folder: "migrations", pattern: "*", config: "knexfile.js", detail: "(knex's default)" },
    ]);
  });
});

describe("recognising migrations no config names", () => {
  it("an Alembic revision by its content", () => {
    expect(isAlembicRevision('"""add column"""\nrevision = "b37fb68807ea"\ndown_revision = None\n\ndef upgrade():\n    pass\n')).toBe(true);
    expect(isAlembicRevision('revision: str = "1a2b"\n\ndef upgrade() -> None:\n    pass\n')).toBe(true);
    expect(isAlembicRevision("def upgrade(plugin):\n    plugin.install()\n")).toBe(false);
  });

  it("JS/TS migrations of every tool, and not a React component in a migrations route folder", () => {
    for (const text of [
      "exports.up = function (knex) {};\n",
      "export async function up(db: Kysely<unknown>) {}\n",
      "export const up = (pgm) => {};\n",
      "module.exports = { async up(queryInterface) {} };\n",
      "export class Init1700000000000 implements MigrationInterface {}\n",
      "export class Migration2024 extends Migration {}\n",
    ]) {
      expect(isJsMigration(text), text).toBe(true);
    }
    expect(isJsMigration('export default function MigrationsPage() {\n  return createElement("div", { onKeyDown: close }, "Migrations");\n}\n')).toBe(false);
  });

  it("SQL migrations by golang-migrate's and Flyway's file names", () => {
    expect(["000001_init.up.sql", "20240101_init.down.sql", "V1__init.sql", "V2_1__more.sql", "R__views.sql"].map(hasSqlMigrationName)).toEqual([true, true, true, true, true]);
    expect(["schema.sql", "seed.up.sql", "v1_init.sql"].map(hasSqlMigrationName)).toEqual([false, false, false]);
  });
});
