// Issue 16: `--fix` must never break a migration history on its own database. Every fixture project of
// fixtures/dialects and a generated ~30-step history per dialect are replayed on real engines:
// SQLite (Debian's sqlite3 command), MariaDB 10.11 (Debian's mariadb-server, a throwaway server on a unix
// socket) and PostgreSQL (the multi-dialect project's PostgreSQL files).
//
// For each history: the original files run in order (each step's outcome recorded); the CLI's
// `--fix` runs on a temp copy, the way a user runs it (folder names and `--dialect` tell the dialect);
// the fixed files run in order, then each fixed step runs twice in a row on a fresh database, as a
// retried deploy runs it. The assertions:
// - no fixed step fails where its original ran, and no fixed step is a syntax error for its engine;
// - every step whose findings were all fixed (the CLI reports nothing left) runs a second time.
//
// MySQL 8 is not packaged by Debian and cannot be installed here: MySQL-dialect files replay on
// MariaDB, which accepts all of MySQL 8's DDL used here but also guards MySQL rejects (`CREATE INDEX
// IF NOT EXISTS`, `ADD COLUMN IF NOT EXISTS`, …). So for MySQL only the "no fix breaks the file" half
// is replayed, and the fixed text is checked for the guards MySQL 8's grammar lacks (FACTS.md, "Other
// databases"); the "runs twice" half would prove nothing about MySQL.
//
// If MariaDB or PostgreSQL cannot start (or be installed), beforeAll throws and every case fails.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuild, runCli, writeFiles, type JsonMessage, type JsonResult } from "../cli/run-cli.js";
import { MARIADB_SYNTAX_ERROR, startMariadb, type MariadbServer } from "../support/mariadb.js";
import { isSqliteSyntaxError, openSqlite, type SqliteDatabase } from "../support/sqlite.js";
import { replayCluster } from "./cluster.js";
import { generateHistory, OPERATION_KINDS, type HistoryDialect } from "./dialect-history.js";
import { DIALECT_FIXTURES, DIALECTS_DIR, type ReplayDialect } from "./dialect-projects.js";

/** What one step did on the engine. */
interface StepRun {
  ok: boolean;
  error: string | undefined;
  /** The engine could not parse it: a fix that does this wrote SQL the database does not have. */
  syntaxError: boolean;
}

/** Runs one migration file's text on one database. */
type Database = (sql: string) => StepRun;

const freshPostgresDatabase = replayCluster("dialect_replay");
let mariadb: MariadbServer | undefined;
let mariadbDatabases = 0;
const sqliteDatabases: SqliteDatabase[] = [];
const tempDirs: string[] = [];

beforeAll(async () => {
  requireBuild();
  // A fresh machine installs mariadb-server first (test/support/debian-package.ts).
  mariadb = await startMariadb();
}, 900_000);

afterAll(async () => {
  for (const db of sqliteDatabases) db.close();
  await mariadb?.stop();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** An empty database on the engine that replays `dialect`. */
function freshDatabase(dialect: ReplayDialect): Database {
  switch (dialect) {
    case "sqlite": {
      const db = openSqlite();
      sqliteDatabases.push(db);
      return (sql) => {
        const result = db.run(sql);
        return { ok: result.ok, error: result.error, syntaxError: isSqliteSyntaxError(result) };
      };
    }
    case "mysql":
    case "mariadb": {
      if (!mariadb) throw new Error("no MariaDB server: startMariadb() failed in beforeAll");
      mariadbDatabases += 1;
      const db = mariadb.createDatabase(`dialect_replay_${String(mariadbDatabases)}`);
      return (sql) => {
        const result = db.run(sql);
        return { ok: result.ok, error: result.error ?? (result.ok ? undefined : result.stderr), syntaxError: result.code === MARIADB_SYNTAX_ERROR };
      };
    }
    case "postgresql": {
      const db = freshPostgresDatabase();
      return (sql) => {
        const result = db.run(sql);
        const error = result.error ?? (result.ok ? undefined : result.stderr);
        return { ok: result.ok, error, syntaxError: error?.startsWith("syntax error at ") === true };
      };
    }
  }
}

/** What `--fix` left in one file: its text and the findings it could not fix. */
interface FixedFile {
  text: string;
  remaining: JsonMessage[];
}

/**
 * The CLI as a user runs it in the project's root: `eslint-plugin-migrations --fix --format json .`,
 * which writes the fixes to the files. Returns every linted file by path relative to `root`.
 */
function fixWithCli(root: string, extraArgs: readonly string[] = []): Map<string, FixedFile> {
  const run = runCli(["--fix", "--format", "json", ...extraArgs, "."], root);
  // 0: nothing left to report, 1: findings left; anything else is a crash or a usage error.
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`eslint-plugin-migrations ${["--fix", "--format", "json", ...extraArgs, "."].join(" ")} exited ${String(run.status)} in ${root}:\n${run.stderr}`);
  }
  const files = new Map<string, FixedFile>();
  for (const result of JSON.parse(run.stdout) as JsonResult[]) {
    const file = path.relative(root, result.filePath).split(path.sep).join("/");
    files.set(file, { text: fs.readFileSync(result.filePath, "utf8"), remaining: result.messages });
  }
  return files;
}

/** One step of a history: its original text and what `--fix` made of it (undefined: not linted). */
interface Step {
  file: string;
  original: string;
  fixed: FixedFile | undefined;
}

/** Runs the texts in order on one fresh database, going on past a failed step as a report would. */
function replayInOrder(dialect: ReplayDialect, texts: readonly string[]): StepRun[] {
  const db = freshDatabase(dialect);
  return texts.map((text) => db(text));
}

function fixedText(step: Step): string {
  if (!step.fixed) throw new Error(`${step.file} was not linted by the CLI`);
  return step.fixed.text;
}

/** The guards MySQL 8.0's grammar does not have (its reference manual; FACTS.md, "Other databases"). */
const MYSQL_8_REJECTS: readonly [string, RegExp][] = [
  ["CREATE INDEX IF NOT EXISTS", /\bCREATE\s+(?:UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+IF\s+NOT\s+EXISTS\b/gi],
  ["ADD COLUMN/INDEX IF NOT EXISTS", /\bADD\s+(?:COLUMN\s+|INDEX\s+|KEY\s+|UNIQUE\s+(?:INDEX\s+|KEY\s+)?)?IF\s+NOT\s+EXISTS\b/gi],
  ["DROP COLUMN/INDEX/CONSTRAINT IF EXISTS", /\bDROP\s+(?:COLUMN\s+|INDEX\s+|KEY\s+|FOREIGN\s+KEY\s+|CONSTRAINT\s+)?IF\s+EXISTS\b/gi],
  ["ALTER TABLE IF EXISTS", /\bALTER\s+TABLE\s+IF\s+EXISTS\b/gi],
  ["CREATE OR REPLACE TABLE/TRIGGER/INDEX", /\bCREATE\s+OR\s+REPLACE\s+(?:TABLE|TRIGGER|INDEX)\b/gi],
];

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

/** The replay assertions, one test each, for one history on the database of `dialect`. */
function replayTests(label: string, dialect: ReplayDialect, getSteps: () => Step[]): void {
  it(`${label}: the CLI lints every step`, () => {
    const steps = getSteps();
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.filter((step) => step.fixed === undefined).map((step) => step.file)).toEqual([]);
  });

  it(`${label}: every original step runs in order`, () => {
    const steps = getSteps();
    const runs = replayInOrder(dialect, steps.map((step) => step.original));
    const failed = steps.flatMap((step, index) => (runs[index]?.ok === false ? [`${step.file}: ${runs[index].error ?? ""}`] : []));
    expect(failed).toEqual([]);
  });

  it(`${label}: --fix changes some step`, () => {
    // Otherwise the replays below would only replay the original history.
    expect(getSteps().some((step) => step.fixed !== undefined && step.fixed.text !== step.original)).toBe(true);
  });

  it(`${label}: no fixed step fails where its original ran, and every fixed step parses`, () => {
    const steps = getSteps();
    const original = replayInOrder(dialect, steps.map((step) => step.original));
    const fixed = replayInOrder(dialect, steps.map(fixedText));
    const broken = steps.flatMap((step, index) => {
      const before = original[index];
      const after = fixed[index];
      if (!before?.ok || after?.ok !== false) return [];
      return [`${step.file}: ran as written, fails after --fix with '${after.error ?? ""}'`];
    });
    const unparsable = steps.flatMap((step, index) =>
      fixed[index]?.syntaxError === true && original[index]?.syntaxError !== true ? [`${step.file}: ${fixed[index].error ?? ""}`] : [],
    );
    expect({ broken, unparsable }).toEqual({ broken: [], unparsable: [] });
  });

  if (dialect === "mysql") {
    it(`${label}: --fix adds no guard that MySQL 8.0 rejects`, () => {
      const added = getSteps().flatMap((step) =>
        MYSQL_8_REJECTS.flatMap(([name, pattern]) => {
          const extra = count(fixedText(step), pattern) - count(step.original, pattern);
          return extra > 0 ? [`${step.file}: ${String(extra)} × ${name}`] : [];
        }),
      );
      expect(added).toEqual([]);
    });
    return;
  }

  it(`${label}: every step whose findings were all fixed runs a second time`, () => {
    const steps = getSteps();
    const original = replayInOrder(dialect, steps.map((step) => step.original));
    const db = freshDatabase(dialect);
    const fullyFixed = steps.filter((step, index) => step.fixed?.remaining.length === 0 && original[index]?.ok === true);
    const notRetrySafe = steps.flatMap((step) => {
      const text = fixedText(step);
      const first = db(text);
      const second = db(text);
      if (!fullyFixed.includes(step)) return [];
      if (!first.ok) return [`${step.file}: first run fails with '${first.error ?? ""}'`];
      return second.ok ? [] : [`${step.file}: second run fails with '${second.error ?? ""}'`];
    });
    // Some step must be fully fixed, or this case would check nothing.
    expect({ fullyFixedSteps: fullyFixed.length > 0, notRetrySafe }).toEqual({ fullyFixedSteps: true, notRetrySafe: [] });
  });
}

function readFixture(file: string): string {
  return fs.readFileSync(path.join(DIALECTS_DIR, file), "utf8");
}

describe("fixtures/dialects, fixed by the CLI from the folder and file names", () => {
  let fixed = new Map<string, FixedFile>();

  beforeAll(() => {
    // The copy keeps the fixtures' own folder names (sqlite/, mariadb/, mysql/), which tell the dialect.
    const root = path.join(makeTempDir("dialect-fixtures-"), "dialects");
    fs.cpSync(DIALECTS_DIR, root, { recursive: true });
    fixed = fixWithCli(root);
  });

  for (const fixture of DIALECT_FIXTURES) {
    for (const replay of fixture.replays) {
      replayTests(`${fixture.name} on ${replay.dialect}`, replay.dialect, () =>
        replay.steps.map((file) => ({ file, original: readFixture(file), fixed: fixed.get(file) })),
      );
    }
  }
});

const GENERATED: readonly HistoryDialect[] = ["sqlite", "mariadb", "mysql"];

// Outside the describes below, whose beforeAll runs the CLI: this holds whatever the CLI does.
it.each(GENERATED)("the generated %s history has 30 steps that cover every kind of operation", (dialect) => {
  const history = generateHistory(dialect);
  expect(history).toHaveLength(30);
  expect(new Set(history.flatMap((step) => step.kinds))).toEqual(new Set(OPERATION_KINDS));
});

for (const dialect of GENERATED) {
  describe(`a generated ${dialect} history, fixed by the CLI with --dialect ${dialect}`, () => {
    const history = generateHistory(dialect);
    let fixed = new Map<string, FixedFile>();

    beforeAll(() => {
      // A neutral folder name: only the option tells the dialect.
      const root = makeTempDir("dialect-history-");
      writeFiles(root, Object.fromEntries(history.map((step) => [step.file, step.text])));
      fixed = fixWithCli(root, ["--dialect", dialect]);
    });

    replayTests(dialect, dialect, () => history.map((step) => ({ file: step.file, original: step.text, fixed: fixed.get(step.file) })));
  });
}
