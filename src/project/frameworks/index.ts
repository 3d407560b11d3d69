import path from "node:path";
import { existsInListing } from "../folder-listing.js";
import { readProjectFile, repositoryRoot } from "../read-project-file.js";
import { alembic } from "./alembic.js";
import type { Framework, FrameworkFacts } from "./framework.js";
import { drizzle, knex, kysely, mikroOrm, nodePgMigrate, sequelize, typeorm } from "./js-tools.js";
import { diesel, flyway, prisma } from "./sql-tools.js";

export type { Framework, FrameworkFacts, MigrationSource } from "./framework.js";

/**
 * Every framework whose config the project's files are read from, once each: discovery takes the
 * migration folders from them, the dialect the driver. When several configs sit in one folder, the
 * first here names the dialect: Prisma's lock file is written by the tool that ran the migrations.
 */
export const FRAMEWORKS: readonly Framework[] = [prisma, alembic, knex, drizzle, typeorm, sequelize, flyway, mikroOrm, kysely, diesel, nodePgMigrate];

const byName = new Map<string, Framework[]>();
for (const framework of FRAMEWORKS) {
  for (const name of framework.configFiles) {
    const base = path.basename(name);
    byName.set(base, [...(byName.get(base) ?? []), framework]);
  }
}

/** The frameworks whose config `file` is, by its name (and the folder it is in, for `config/config.json`). */
export function frameworksOf(file: string): Framework[] {
  const candidates = byName.get(path.basename(file));
  if (candidates === undefined) return [];
  const normalized = file.split(path.sep).join("/");
  return candidates.filter((framework) =>
    framework.configFiles.some((name) => normalized === name || normalized.endsWith(`/${name}`)),
  );
}

const cache = new Map<string, FrameworkFacts | null>();

/** What `framework` reads in `file` (absolute), or null when it is absent or refused; read once per process. */
export function frameworkFacts(framework: Framework, file: string): FrameworkFacts | null {
  const key = `${framework.name}\0${file}`;
  if (cache.has(key)) return cache.get(key) ?? null;
  // Most lookups are for configs that are not there: no repository root to find for those.
  const text = existsInListing(file) ? readProjectFile(file, repositoryRoot(path.dirname(file))) : null;
  const facts = text === null ? null : framework.read(file, text);
  cache.set(key, facts);
  return facts;
}
