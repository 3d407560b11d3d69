import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { keyValues, sourceAt, type Framework, type MigrationSource } from "./framework.js";
import { StaticJsConfig } from "./static-js.js";

/**
 * Prisma: the migrations are `migrations/` beside the schema, and Prisma writes migration_lock.toml
 * into that folder, so the lock file names both the folder and the provider. `prisma.config.ts`
 * may move the folder (`migrations.path`).
 */
export const prisma: Framework = {
  name: "Prisma",
  configFiles: ["migration_lock.toml", "schema.prisma", "prisma.config.ts"],
  read(file, text) {
    const here = path.dirname(file);
    const name = path.basename(file);
    if (name === "migration_lock.toml") {
      return { driver: /\bprovider\s*=\s*"([\w-]+)"/u.exec(text)?.[1] ?? null, sources: [sourceAt(here, ".", file, "provider", "*/migration.sql")] };
    }
    if (name === "schema.prisma") {
      const datasource = /datasource\s+\w+\s*\{[^}]*\bprovider\s*=\s*"([\w-]+)"/u.exec(text)?.[1] ?? null;
      return { driver: datasource, sources: [sourceAt(here, "migrations", file, "(beside the schema)", "*/migration.sql")] };
    }
    const written = new StaticJsConfig(text, file).string("path", "migrations");
    return { driver: null, sources: written === null ? [] : [sourceAt(here, written, file, "migrations.path", "*/migration.sql")] };
  },
};

/** Flyway: `locations` (`filesystem:` folders; `classpath:` ones under src/main/resources), and the JDBC `url`. */
export const flyway: Framework = {
  name: "Flyway",
  configFiles: ["flyway.conf", "flyway.toml", "conf/flyway.conf"],
  read(file, text) {
    // conf/flyway.conf lives in a Flyway install or project folder, whose root the paths are relative to.
    const here = path.basename(path.dirname(file)) === "conf" ? path.dirname(path.dirname(file)) : path.dirname(file);
    const driver = /\burl\s*=\s*["']?jdbc:(\w+)/u.exec(text)?.[1] ?? null;
    const locations = file.endsWith(".toml") ? tomlLocations(text) : (keyValues(text).get("flyway.locations") ?? "").split(",");
    const sources: MigrationSource[] = [];
    for (const location of locations.map((item) => item.trim()).filter((item) => item !== "")) {
      const classpath = /^classpath:(.*)$/u.exec(location)?.[1];
      const folder = classpath === undefined ? location : path.join("src/main/resources", classpath);
      sources.push(sourceAt(here, folder, file, "locations", "**/*.sql"));
    }
    return { driver, sources };
  },
};

/** Diesel: `[migrations_directory] dir` in diesel.toml, default `migrations/`. */
export const diesel: Framework = {
  name: "Diesel",
  configFiles: ["diesel.toml"],
  read(file, text) {
    let dir: unknown;
    try {
      dir = (parseToml(text) as { migrations_directory?: { dir?: unknown } }).migrations_directory?.dir;
    } catch {
      dir = undefined;
    }
    const written = typeof dir === "string" ? dir : null;
    return { driver: null, sources: [sourceAt(path.dirname(file), written ?? "migrations", file, written === null ? "(Diesel's default)" : "migrations_directory.dir", "*/*.sql")] };
  },
};

/** Every `locations` array or string in a flyway.toml, in any environment table. */
function tomlLocations(text: string): string[] {
  let document: unknown;
  try {
    document = parseToml(text);
  } catch {
    return [];
  }
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (key === "locations") {
        if (typeof child === "string") found.push(...child.split(","));
        else if (Array.isArray(child)) found.push(...child.filter((item): item is string => typeof item === "string"));
      } else {
        visit(child);
      }
    }
  };
  visit(document);
  return found;
}
