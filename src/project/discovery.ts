import path from "node:path";
import { Minimatch } from "minimatch";
import { FRAMEWORKS, frameworkFacts, frameworksOf, type MigrationSource } from "./frameworks/index.js";

/**
 * Where a project keeps its migrations, from what its own framework configs say (read statically,
 * src/project/frameworks/) and, for folders no config names, from what the files look like.
 */
export class Discovery {
  /** Every config file that named a database or a migration folder, absolute, in the order found. */
  readonly configs: string[] = [];
  readonly sources: MigrationSource[] = [];
  readonly #matchers = new Map<MigrationSource, Minimatch>();

  /** Reads `file` when it is a config of a known framework; a file that is none is ignored. */
  addConfig(file: string): void {
    const frameworks = frameworksOf(file);
    if (frameworks.length === 0) return;
    let said = false;
    for (const framework of frameworks) {
      const facts = frameworkFacts(framework, file);
      // A package.json that does not run node-pg-migrate says nothing about migrations.
      if (facts !== null && (facts.driver !== null || facts.sources.length > 0)) said = true;
      for (const source of facts?.sources ?? []) {
        if (this.sources.some((known) => known.folder === source.folder && known.pattern === source.pattern)) continue;
        this.sources.push(source);
        this.#matchers.set(source, new Minimatch(source.pattern, { dot: true }));
      }
    }
    if (said) this.configs.push(file);
  }

  /** The source a file (absolute) lies in, by its folder and pattern; the deepest folder wins. */
  sourceOf(file: string): MigrationSource | null {
    let best: MigrationSource | null = null;
    for (const source of this.sources) {
      // A prefix test first: most files of a large tree lie in no source.
      if (!file.startsWith(source.folder + path.sep)) continue;
      const relative = file.slice(source.folder.length + 1).split(path.sep).join("/");
      if (!this.#matchers.get(source)?.match(relative)) continue;
      if (best === null || source.folder.length > best.folder.length) best = source;
    }
    return best;
  }
}

/** Whether a file name is one a framework reads its config from. */
export function isFrameworkConfig(relative: string): boolean {
  return frameworksOf(relative).length > 0;
}

/** The names of the frameworks discovery knows, for messages. */
export const KNOWN_FRAMEWORKS = FRAMEWORKS.map((framework) => framework.name);

/**
 * A Python file that is an Alembic revision: it sets `revision` and defines `upgrade()`. Flask
 * plugins keep these in `<plugin>/migrations/` without a `versions/` folder or an alembic.ini.
 */
export function isAlembicRevision(text: string): boolean {
  return /^revision\s*(?::[^=\n]*)?=\s*["']/mu.test(text) && /^def\s+upgrade\s*\(/mu.test(text);
}

/**
 * Folders worth reading Python files in for {@link isAlembicRevision}: a path that says migration,
 * revision, version or alembic. Reading every .py file of a large project would cost more than the walk.
 */
export function mayHoldRevisions(relative: string): boolean {
  return /(?:^|\/)[^/]*(?:migrat|revision|version|alembic)[^/]*\//iu.test(relative);
}

/**
 * Folders worth reading JS/TS files in for {@link isJsMigration} outside the recommended globs: a
 * path with a folder that says migration (`SchemaMigrations/`, `db/migrations-pg/`), where TypeORM
 * projects keep the classes a data source imports from an index module.
 */
export function mayHoldJsMigrations(relative: string): boolean {
  return /(?:^|\/)[^/]*migrat[^/]*\//iu.test(relative);
}

/**
 * A JS/TS file that is a migration of one of the tools the plugin knows: it exports or defines
 * `up`/`down` (knex, Kysely, node-pg-migrate, db-migrate, Sequelize), or is a TypeORM or MikroORM
 * migration class. A web app's `settings/migrations/` route folder holds components, which are none.
 */
export function isJsMigration(text: string): boolean {
  return /\b(?:exports\.(?:up|down)\b|export\s+(?:async\s+)?function\s*\*?\s*(?:up|down)\b|export\s+(?:const|let|var)\s+(?:up|down)\b|(?:up|down)\s*(?:\(|:|=\s*(?:async\b|function\b|\())|MigrationInterface\b|extends\s+Migration\b)/u.test(
    text,
  );
}

/**
 * SQL files named by a migration tool's convention, wherever they are (`db/postgres/…`): golang-migrate's
 * `<version>_<name>.up.sql`/`.down.sql` and Flyway's `V<version>__<name>.sql`/`R__<name>.sql`.
 */
export function hasSqlMigrationName(name: string): boolean {
  return /^\d+_[^/]+\.(?:up|down)\.sql$/u.test(name) || /^(?:V\d+(?:[._]\d+)*|R)__[^/]+\.sql$/u.test(name);
}
