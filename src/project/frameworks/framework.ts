import path from "node:path";

/** A folder a framework's config says holds migrations. */
export interface MigrationSource {
  /** Absolute path of the folder. */
  folder: string;
  /** The migration files inside it, as a glob relative to it: `**` for everything below, `*` for the top level only. */
  pattern: string;
  /** The config file that named it (absolute), and where in it: `[tenant]`, `migrations.directory`. */
  config: string;
  detail: string;
}

/** What one framework config says: the database driver it names and the folders its migrations are in. */
export interface FrameworkFacts {
  /** The driver, provider or URL scheme, e.g. `mysql2`, `postgresql+psycopg`; null when it names none. */
  driver: string | null;
  sources: MigrationSource[];
}

export interface Framework {
  name: string;
  /**
   * Config file names, matched against the end of a path: `alembic.ini`, or `config/config.json`
   * for a name that is only the framework's inside that folder.
   */
  configFiles: readonly string[];
  read: (file: string, text: string) => FrameworkFacts;
}

export const NO_FACTS: FrameworkFacts = { driver: null, sources: [] };

/**
 * A source from a path as the config wrote it, relative to `base`, which may be a glob
 * (`src/migrations/*.ts`): the folder is the part before the first segment with glob syntax.
 */
export function sourceAt(base: string, written: string, config: string, detail: string, pattern = "**"): MigrationSource {
  const cleaned = written.replace(/^filesystem:/u, "");
  const segments = cleaned.split(/[\\/]/u);
  const firstGlob = segments.findIndex((segment) => /[*?{}[\]]/u.test(segment));
  if (firstGlob === -1) return { folder: path.resolve(base, cleaned), pattern, config, detail };
  // Joined back, so that an absolute path (built from `__dirname`) keeps its leading `/`.
  return { folder: path.resolve(base, segments.slice(0, firstGlob).join("/") || "."), pattern: segments.slice(firstGlob).join("/"), config, detail };
}

/** `key = value` or `key: value` lines of a flat config (flyway.conf, ini sections). */
export function keyValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/u)) {
    const match = /^\s*([\w.-]+)\s*[=:]\s*(.*?)\s*$/u.exec(line);
    if (match?.[1] !== undefined && !values.has(match[1])) values.set(match[1], match[2] ?? "");
  }
  return values;
}
