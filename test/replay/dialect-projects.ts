// The fixture projects of fixtures/dialects, described once for the dialect replays: which files each
// project's migration tool applies on the way up, in its order, for each database it targets.

import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./projects.js";

export const DIALECTS_DIR = path.join(ROOT, "fixtures", "dialects");

/** The dialect a file is written for; MySQL's files replay on MariaDB (see dialects.test.ts). */
export type ReplayDialect = "postgresql" | "mysql" | "mariadb" | "sqlite";

export interface DialectReplay {
  dialect: ReplayDialect;
  /** The files applied on the way up, in order, relative to fixtures/dialects. */
  steps: string[];
}

export interface DialectFixture {
  name: string;
  replays: DialectReplay[];
}

/** The files of `dir` (relative to fixtures/dialects) that `keep` accepts, in name order. */
function filesIn(dir: string, keep: (name: string) => boolean): string[] {
  return fs
    .readdirSync(path.join(DIALECTS_DIR, dir))
    .filter(keep)
    .sort()
    .map((name) => `${dir}/${name}`);
}

/** `<version>_<name>[.<dialect>].up.sql`, the layout of ory's services (popx). */
const MULTI_DIALECT_FILE = /^(\d+)_[^.]+(?:\.(\w+))?\.up\.sql$/;

/**
 * What a multi-dialect history applies on one database: for each version the file written for that
 * database, or else the dialect-less file, which serves every database without a file of its own.
 */
function multiDialectSteps(dir: string, token: string): string[] {
  const byVersion = new Map<string, { own?: string; shared?: string }>();
  for (const file of filesIn(dir, (name) => MULTI_DIALECT_FILE.test(name))) {
    const [, version = "", fileDialect] = MULTI_DIALECT_FILE.exec(path.basename(file)) ?? [];
    const entry = byVersion.get(version) ?? {};
    if (fileDialect === undefined) entry.shared = file;
    else if (fileDialect === token) entry.own = file;
    byVersion.set(version, entry);
  }
  return [...byVersion.keys()]
    .sort()
    .flatMap((version) => {
      const entry = byVersion.get(version);
      return entry?.own ?? entry?.shared ?? [];
    });
}

const MULTI_DIALECT_DIR = "multi-dialect/persistence/sql/migrations";

export const DIALECT_FIXTURES: readonly DialectFixture[] = [
  // golang-migrate with its sqlite3 driver.
  { name: "sqlite", replays: [{ dialect: "sqlite", steps: filesIn("sqlite/migrations", (name) => name.endsWith(".up.sql")) }] },
  // postgrator: `NNN.do.<name>.sql` up, `NNN.undo.<name>.sql` down.
  { name: "mariadb", replays: [{ dialect: "mariadb", steps: filesIn("mariadb/migrations", (name) => name.includes(".do.")) }] },
  // sqlx: `<timestamp>_<name>.sql`, up only.
  { name: "mysql", replays: [{ dialect: "mysql", steps: filesIn("mysql/migrations", (name) => name.endsWith(".sql")) }] },
  // One history for every database, ory-style; CockroachDB's files are linted but have no engine here.
  {
    name: "multi-dialect",
    replays: [
      { dialect: "postgresql", steps: multiDialectSteps(MULTI_DIALECT_DIR, "postgres") },
      { dialect: "mysql", steps: multiDialectSteps(MULTI_DIALECT_DIR, "mysql") },
      { dialect: "sqlite", steps: multiDialectSteps(MULTI_DIALECT_DIR, "sqlite3") },
    ],
  },
];
