import fs from "node:fs";
import path from "node:path";
import { NO_FACTS, sourceAt, type Framework, type MigrationSource } from "./framework.js";
import { StaticJsConfig, type StaticValue } from "./static-js.js";

const JS_CONFIG = ["js", "ts", "cjs", "mjs", "cts", "mts"];
const named = (base: string) => JS_CONFIG.map((extension) => `${base}.${extension}`);
const asList = (value: StaticValue): string[] => (typeof value === "string" ? [value] : value);

/** knex: `migrations.directory` (a folder or a list of them), relative to the knexfile; default `./migrations`. Knex reads each folder's top level only. */
export const knex: Framework = {
  name: "knex",
  configFiles: named("knexfile"),
  read(file, text) {
    const config = new StaticJsConfig(text, file);
    const here = path.dirname(file);
    const written = config.values("directory", "migrations").flatMap(asList);
    const folders = written.length > 0 ? written : ["migrations"];
    const detail = written.length > 0 ? "migrations.directory" : "(knex's default)";
    return { driver: config.string("client"), sources: unique(folders.map((folder) => sourceAt(here, folder, file, detail, "*"))) };
  },
};

/** sequelize-cli: `.sequelizerc` `migrations-path`, default `migrations/`; `config/config.json` names the dialect. */
export const sequelize: Framework = {
  name: "Sequelize",
  configFiles: [".sequelizerc", "config/config.json", "config/config.js"],
  read(file, text) {
    const config = file.endsWith(".json") ? null : new StaticJsConfig(text, file);
    const dialect = config?.string("dialect") ?? /"dialect"\s*:\s*"([\w-]+)"/u.exec(text)?.[1] ?? null;
    if (path.basename(file) !== ".sequelizerc") return { driver: dialect, sources: [] };
    const written = config?.string("migrations-path") ?? null;
    const source = sourceAt(path.dirname(file), written ?? "migrations", file, written === null ? "(sequelize-cli's default)" : "migrations-path", "*");
    return { driver: dialect, sources: [source] };
  },
};

/**
 * TypeORM data sources and ormconfig: `migrations` globs, relative to the folder TypeORM runs in (the
 * package's, where package.json is), or built from `__dirname`. Entries that are classes are not
 * folders and are left out.
 */
export const typeorm: Framework = {
  name: "TypeORM",
  configFiles: ["ormconfig.json", ...named("ormconfig"), ...named("data-source"), ...named("datasource"), ...named("typeorm.config")],
  read(file, text) {
    // `data-source.js` is also a common name in web clients; only a TypeORM one imports TypeORM.
    if (!path.basename(file).startsWith("ormconfig") && !text.includes("typeorm")) return NO_FACTS;
    const json = file.endsWith(".json") ? parseJson(text) : null;
    const config = json === null ? new StaticJsConfig(text, file) : null;
    const driver = config?.string("type") ?? stringField(json, "type");
    const written = config ? config.values("migrations").flatMap(asList) : arrayField(json, "migrations");
    const base = packageFolder(path.dirname(file));
    return { driver, sources: unique(written.map((glob) => sourceAt(base, glob, file, "migrations"))) };
  },
};

/** drizzle-kit: `out`, default `./drizzle`, relative to the config. */
export const drizzle: Framework = {
  name: "Drizzle",
  configFiles: [...named("drizzle.config"), "drizzle.config.json"],
  read(file, text) {
    const json = file.endsWith(".json") ? parseJson(text) : null;
    const config = json === null ? new StaticJsConfig(text, file) : null;
    const driver = config ? (config.string("dialect") ?? config.string("driver")) : (stringField(json, "dialect") ?? stringField(json, "driver"));
    const out = config ? config.string("out") : stringField(json, "out");
    return { driver, sources: [sourceAt(path.dirname(file), out ?? "drizzle", file, out === null ? "(drizzle-kit's default)" : "out", "**/*.sql")] };
  },
};

/** MikroORM: `migrations.pathTs` (the sources), else `migrations.path`; the driver package it imports. */
export const mikroOrm: Framework = {
  name: "MikroORM",
  configFiles: named("mikro-orm.config"),
  read(file, text) {
    const config = new StaticJsConfig(text, file);
    const driver =
      /@mikro-orm\/([\w-]+)/u.exec(text.replace(/@mikro-orm\/(core|migrations|cli|reflection)\b/gu, ""))?.[1] ?? /\b(\w+)Driver\b/u.exec(text)?.[1] ?? null;
    const written = config.string("pathTs", "migrations") ?? config.string("path", "migrations");
    const source = sourceAt(packageFolder(path.dirname(file)), written ?? "migrations", file, written === null ? "(MikroORM's default)" : "migrations.path", "*");
    return { driver, sources: [source] };
  },
};

/** kysely-ctl: `migrations.migrationFolder`, default `migrations`, relative to the project. */
export const kysely: Framework = {
  name: "Kysely",
  configFiles: named("kysely.config"),
  read(file, text) {
    const config = new StaticJsConfig(text, file);
    const written = config.string("migrationFolder");
    const base = packageFolder(path.dirname(file));
    return { driver: config.string("dialect"), sources: [sourceAt(base, written ?? "migrations", file, written === null ? "(kysely-ctl's default)" : "migrationFolder", "*")] };
  },
};

/**
 * node-pg-migrate, run from package.json scripts: `-m <dir>` / `--migrations-dir <dir>`, default
 * `migrations`. Only a package.json whose scripts call it says anything.
 */
export const nodePgMigrate: Framework = {
  name: "node-pg-migrate",
  configFiles: ["package.json"],
  read(file, text) {
    const scripts = (parseJson(text) as { scripts?: unknown } | null)?.scripts;
    if (scripts === null || typeof scripts !== "object") return { driver: null, sources: [] };
    const folders = new Set<string>();
    for (const script of Object.values(scripts as Record<string, unknown>)) {
      if (typeof script !== "string" || !script.includes("node-pg-migrate")) continue;
      const dir = /(?:\s-m|--migrations-dir)(?:\s+|=)["']?([^\s"'&;|]+)/u.exec(script)?.[1];
      folders.add(dir ?? "migrations");
    }
    const here = path.dirname(file);
    return { driver: folders.size > 0 ? "pg" : null, sources: [...folders].map((folder) => sourceAt(here, folder, file, "scripts (node-pg-migrate -m)", "*")) };
  },
};

/** The nearest folder at or above `directory` with a package.json, where a Node tool runs. */
function packageFolder(directory: string): string {
  for (let current = directory; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, "package.json"))) return current;
    if (path.dirname(current) === current) return directory;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function stringField(json: unknown, key: string): string | null {
  const value = json !== null && typeof json === "object" ? (json as Record<string, unknown>)[key] : undefined;
  return typeof value === "string" ? value : null;
}

function arrayField(json: unknown, key: string): string[] {
  const value = json !== null && typeof json === "object" ? (json as Record<string, unknown>)[key] : undefined;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function unique(sources: MigrationSource[]): MigrationSource[] {
  const seen = new Set<string>();
  return sources.filter((source) => {
    const key = `${source.folder}\0${source.pattern}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
