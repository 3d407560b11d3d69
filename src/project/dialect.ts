import fs from "node:fs";
import path from "node:path";
import { isDialect, type Dialect } from "../dialects.js";
import { existsInListing, mayExist } from "./folder-listing.js";
import { FRAMEWORKS, frameworkFacts } from "./frameworks/index.js";

/**
 * Which databases a migration file runs on, decided in this order (README "Dialects"):
 * 1. an explicit setting (the SQL language's `dialect` option, `settings.migrations.dialect`,
 *    `--dialect`), passed in as `explicit`;
 * 2. the project's framework config, read statically by the one reader per framework in
 *    src/project/frameworks/ that discovery uses too: Prisma's migration_lock.toml, alembic.ini's
 *    `sqlalchemy.url`, a knexfile's `client`, TypeORM's `type`, Sequelize's and drizzle's `dialect`,
 *    Flyway's `url`, MikroORM's driver;
 * 3. the file's name (`….mysql.up.sql`) or a folder on its path (`migrations/sqlite/…`);
 * 4. a dialect-less `<version>_<name>.(up|down).sql` beside per-database files of the same
 *    history: every database of that history without its own file for the version;
 * 5. PostgreSQL.
 * A file that serves several databases gets only what all of them accept.
 */
export function fileDialects(filePath: string, explicit: Dialect | undefined): Dialect[] {
  if (explicit) return [explicit];
  const absolute = path.resolve(filePath);
  return frameworkDialects(path.dirname(absolute)) ?? namedDialects(absolute) ?? sharedFileDialects(absolute) ?? ["postgresql"];
}

/** The setting's value when it names a dialect; anything else is ignored here (the schemas reject it). */
export function explicitDialect(value: unknown): Dialect | undefined {
  return isDialect(value) ? value : undefined;
}

function listDirectory(directory: string): string[] {
  try {
    return fs.readdirSync(directory);
  } catch {
    return [];
  }
}

/** What a driver, provider or URL scheme names. MySQL's drivers also serve MariaDB servers, so they mean both. */
export function dialectsOfDriver(name: string): Dialect[] | null {
  const lower = name.toLowerCase();
  if (lower.includes("cockroach")) return ["cockroachdb"];
  if (lower.includes("mariadb")) return ["mariadb"];
  if (lower.includes("mysql")) return ["mysql", "mariadb"];
  if (lower.includes("sqlite") || lower.includes("libsql") || lower.includes("turso")) return ["sqlite"];
  if (lower.includes("postgres") || lower === "pg" || lower.includes("pgsql") || lower.includes("psycopg")) return ["postgresql"];
  return null;
}

const frameworkCache = new Map<string, Dialect[] | null>();

/** The nearest framework config at or above `directory`, up to the repository root (`.git`). */
function frameworkDialects(directory: string): Dialect[] | null {
  const cached = frameworkCache.get(directory);
  if (cached !== undefined) return cached;
  let found: Dialect[] | null = null;
  for (const framework of FRAMEWORKS) {
    for (const name of framework.configFiles) {
      if (!mayExist(directory, name)) continue;
      const driver = frameworkFacts(framework, path.join(directory, name))?.driver ?? null;
      found ??= driver === null ? null : dialectsOfDriver(driver);
    }
  }
  const parent = path.dirname(directory);
  if (found === null && parent !== directory && !existsInListing(path.join(directory, ".git"))) {
    found = frameworkDialects(parent);
  }
  frameworkCache.set(directory, found);
  return found;
}

const NAME_DIALECTS: Record<string, Dialect> = {
  mysql: "mysql",
  mariadb: "mariadb",
  sqlite: "sqlite",
  sqlite3: "sqlite",
  cockroach: "cockroachdb",
  cockroachdb: "cockroachdb",
  postgres: "postgresql",
  postgresql: "postgresql",
};

/** `….mysql.up.sql`, `….sqlite3.sql`; else the deepest folder named after a database. */
function namedDialects(file: string): Dialect[] | null {
  const parts = path.basename(file).split(".").slice(1, -1);
  for (const part of parts) {
    const dialect = NAME_DIALECTS[part.toLowerCase()];
    if (dialect) return [dialect];
  }
  const folders = path.dirname(file).split(path.sep).reverse();
  for (const folder of folders) {
    const dialect = NAME_DIALECTS[folder.toLowerCase()];
    if (dialect) return [dialect];
  }
  return null;
}

/** golang-migrate / ory style: `<version>_<name>[.<dialect>][.autocommit].(up|down).sql`. */
const VERSIONED = /^(\d+)_[^.]+(?:\.(?!autocommit\.)([a-z0-9]+))?(?:\.autocommit)?\.(up|down)\.sql$/u;

const folderCache = new Map<string, { all: Set<Dialect>; own: Map<string, Set<Dialect>> }>();

function sharedFileDialects(file: string): Dialect[] | null {
  const match = VERSIONED.exec(path.basename(file));
  if (!match || match[2] !== undefined) return null;
  const directory = path.dirname(file);
  let folder = folderCache.get(directory);
  if (!folder) {
    folder = { all: new Set(), own: new Map() };
    for (const name of listDirectory(directory)) {
      const sibling = VERSIONED.exec(name);
      const dialect = sibling?.[2] === undefined ? undefined : NAME_DIALECTS[sibling[2]];
      if (!sibling || !dialect) continue;
      folder.all.add(dialect);
      const key = `${sibling[1] ?? ""}.${sibling[3] ?? ""}`;
      folder.own.set(key, (folder.own.get(key) ?? new Set()).add(dialect));
    }
    folderCache.set(directory, folder);
  }
  if (folder.all.size === 0) return null;
  const own = folder.own.get(`${match[1] ?? ""}.${match[3] ?? ""}`) ?? new Set();
  const served = [...folder.all].filter((dialect) => !own.has(dialect));
  return served.length > 0 ? served : [...folder.all];
}
