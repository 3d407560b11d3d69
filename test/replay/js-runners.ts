// Runs a JS/TS fixture project's migrations on PostgreSQL the way its framework does: the real
// knex, node-pg-migrate, Kysely, TypeORM and Sequelize against the throwaway cluster, each
// migration's up (and later down) run a second time right after the first, as a retried deploy
// would; the home-grown project's migrations get a pg Pool as its own runner gives them. MikroORM and db-migrate are not installed (MikroORM 6 brings its own knex fork and half a
// dozen packages, db-migrate a driver stack); their migrations only queue or send the SQL strings
// they are given, so the plugin's own extraction of those strings is what they would run.

import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { parse as parseTypeScript } from "@typescript-eslint/parser";
import type { Program } from "estree";
import type { PostgresPool } from "kysely";
import { runner } from "node-pg-migrate";
import ts from "typescript";
import { extractJsSql } from "../../src/hosts/js-sql/extract.js";
import type { PostgresDatabase } from "../support/postgres.js";
import { JS_FIXTURES, type JsFramework } from "./js-projects.js";
import { ROOT } from "./projects.js";

// The frameworks are loaded with Node's own require, as the compiled migrations are, so that a
// migration's `import { sql } from "kysely"` and the test's Kysely are one copy of the package.
const require = createRequire(import.meta.url);

type Direction = "up" | "down";

/** One migration file's text, at its path relative to its project folder. */
export interface MigrationText {
  file: string;
  text: string;
}

/** What happened when a migration's direction ran: `null` when it succeeded, else the error's message. */
export type Outcome = string | null;

/** A failed run: the error's message and, when the database raised it, its SQLSTATE (the driver's `code`). */
export interface Failure {
  message: string;
  sqlstate: string | undefined;
}

export interface Replay {
  /** Runs `direction` of the migration, recording whether it succeeded. */
  run(migration: MigrationText, direction: Direction): Promise<Outcome>;
  /** The same run, keeping the SQLSTATE, for reports that group failures by PostgreSQL error. */
  attempt(migration: MigrationText, direction: Direction): Promise<Failure | null>;
  close(): Promise<void>;
}

type Attempting = Omit<Replay, "run">;

function withRun(replay: Attempting): Replay {
  return { ...replay, run: async (migration, direction) => (await replay.attempt(migration, direction))?.message ?? null };
}

type MigrationModule = Record<string, unknown>;
type MigrationFunction = (...args: unknown[]) => Promise<unknown>;

/**
 * Writes the migration as CommonJS where the framework's real loader can require it: TypeScript's
 * own transpiler, as ts-node and TypeORM's CLI use, turns TS and ES modules into CommonJS. The
 * folder links the repository's node_modules so that `import … from "typeorm"` resolves.
 */
class ModuleLoader {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "js-replay-"));
  private count = 0;
  /** Where loaded migrations go: a copy of the project's `migrations/` when their relative imports must resolve. */
  private readonly target: string;

  /** `project`: a fixture project to copy first, for migrations that import its modules (`../db/sql`). */
  constructor(project?: string) {
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(this.dir, "node_modules"), "dir");
    this.target = this.dir;
    if (project !== undefined) {
      fs.cpSync(project, this.dir, { recursive: true });
      this.target = path.join(this.dir, "migrations");
    }
  }

  load({ file, text }: MigrationText): MigrationModule {
    const { outputText } = ts.transpileModule(text, {
      // TypeScript keeps ES module syntax in .mjs/.mts output; the CommonJS wanted here needs a plain extension.
      fileName: file.replace(/\.[mc]([jt]s)$/, ".$1"),
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    // A new name per load: require caches by path, and the original and fixed texts share a file name.
    this.count += 1;
    const target = path.join(this.target, `${this.count}-${path.basename(file)}.cjs`);
    fs.writeFileSync(target, outputText);
    return require(target) as MigrationModule;
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function functionOf(module: MigrationModule, direction: Direction, file: string): MigrationFunction {
  const exported = module[direction];
  if (typeof exported !== "function") {
    throw new Error(`${file} exports no ${direction} function`);
  }
  return exported as MigrationFunction;
}

/** A TypeORM or MikroORM migration: the module's one exported class. */
function classOf(module: MigrationModule, file: string): new () => Record<Direction, MigrationFunction> {
  const classes = Object.values(module).filter((value) => typeof value === "function");
  if (classes.length !== 1) {
    throw new Error(`${file} exports ${classes.length} classes`);
  }
  return classes[0] as new () => Record<Direction, MigrationFunction>;
}

async function failure(action: () => Promise<unknown>): Promise<Failure | null> {
  try {
    await action();
    return null;
  } catch (error) {
    // pg's DatabaseError carries the SQLSTATE as `code`; knex and node-pg-migrate rethrow it as it is.
    const code: unknown = error !== null && typeof error === "object" ? (error as { code?: unknown }).code : undefined;
    return {
      message: error instanceof Error ? error.message : String(error),
      sqlstate: typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined,
    };
  }
}

/** Calls the migration's function with an API object of the framework, as its migrator does. */
function direct(loader: ModuleLoader, api: unknown, extraArgs: unknown[], close: () => Promise<void>): Replay {
  return withRun({
    attempt: (migration, direction) => failure(() => functionOf(loader.load(migration), direction, migration.file)(api, ...extraArgs)),
    close: async () => {
      await close();
      loader.remove();
    },
  });
}

function knexReplay(db: PostgresDatabase): Replay {
  const knex = require("knex") as typeof import("knex").knex;
  const connection = knex({ client: "pg", connection: db.url });
  return direct(new ModuleLoader(), connection, [], () => connection.destroy());
}

function kyselyReplay(db: PostgresDatabase): Replay {
  const { Kysely, PostgresDialect } = require("kysely") as typeof import("kysely");
  // pg ships no types; Kysely's own description of the pool it drives is enough here.
  const { Pool } = require("pg") as { Pool: new (config: { connectionString: string }) => PostgresPool };
  const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: db.url }) }) });
  return direct(new ModuleLoader(), kysely, [], () => kysely.destroy());
}

function sequelizeReplay(db: PostgresDatabase): Replay {
  const { Sequelize } = require("sequelize") as typeof import("sequelize");
  const sequelize = new Sequelize(db.url, { logging: false });
  // sequelize-cli calls up(queryInterface, Sequelize).
  return direct(new ModuleLoader(), sequelize.getQueryInterface(), [Sequelize], () => sequelize.close());
}

function typeormReplay(db: PostgresDatabase): Replay {
  const { DataSource } = require("typeorm") as typeof import("typeorm");
  const loader = new ModuleLoader();
  const dataSource = new DataSource({ type: "postgres", url: db.url, logging: false });
  const ready = dataSource.initialize();
  return withRun({
    async attempt(migration, direction) {
      await ready;
      const Migration = classOf(loader.load(migration), migration.file);
      // TypeORM's MigrationExecutor gives each migration a fresh query runner.
      const queryRunner = dataSource.createQueryRunner();
      try {
        return await failure(() => new Migration()[direction](queryRunner));
      } finally {
        await queryRunner.release();
      }
    },
    async close() {
      await (await ready).destroy();
      loader.remove();
    },
  });
}

/** The part of pg's Pool that the home-grown runner uses. */
interface PgPool {
  query(query: unknown): Promise<unknown>;
  end(): Promise<void>;
}

/**
 * The home-grown project's runner (fixtures/js-migrations/home-grown/db/migrate.js) on a pg Pool:
 * `up`/`down` of the module (or of its default export) called with the pool, or sent as SQL text.
 */
function homeGrownReplay(db: PostgresDatabase): Replay {
  const { Pool } = require("pg") as { Pool: new (config: { connectionString: string }) => PgPool };
  const pool = new Pool({ connectionString: db.url });
  const loader = new ModuleLoader(path.join(JS_FIXTURES, "home-grown"));
  return withRun({
    attempt: (migration, direction) =>
      failure(async () => {
        const loaded = loader.load(migration);
        const script = (loaded.default ?? loaded) as Partial<Record<Direction, unknown>>;
        const step = script[direction];
        await (typeof step === "function" ? (step as MigrationFunction)(pool) : pool.query(step));
      }),
    close: async () => {
      await pool.end();
      loader.remove();
    },
  });
}

/**
 * node-pg-migrate's own runner on a folder holding the one migration, as `node-pg-migrate up`
 * runs it. Running it again means forgetting (or, for down, re-recording) it in pgmigrations first.
 */
function nodePgMigrateReplay(db: PostgresDatabase): Replay {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "js-replay-pgm-"));
  let count = 0;
  return withRun({
    async attempt({ file, text }, direction) {
      count += 1;
      const projectDir = path.join(dir, String(count));
      const migrations = path.join(projectDir, "migrations");
      fs.mkdirSync(migrations, { recursive: true });
      // The fixture project's package.json says "type": "module"; node-pg-migrate reads every file of its folder.
      fs.writeFileSync(path.join(projectDir, "package.json"), '{ "type": "module" }\n');
      fs.writeFileSync(path.join(migrations, path.basename(file)), text);
      const name = path.basename(file, path.extname(file));
      const recorded = tracked(db, name);
      if (direction === "up" && recorded) {
        mustRun(db, `DELETE FROM pgmigrations WHERE name = '${name}'`);
      }
      if (direction === "down" && !recorded) {
        mustRun(db, `INSERT INTO pgmigrations (name, run_on) VALUES ('${name}', now())`);
      }
      return failure(() =>
        runner({
          databaseUrl: db.url,
          dir: migrations,
          direction,
          count: 1,
          migrationsTable: "pgmigrations",
          checkOrder: false,
          log: () => undefined,
        }),
      );
    },
    close() {
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
}

/** Whether pgmigrations records the migration; before the first run the table does not exist. */
function tracked(db: PostgresDatabase, name: string): boolean {
  const result = db.run(`SELECT 'is-recorded' AS answer FROM pgmigrations WHERE name = '${name}'`);
  return result.ok && result.stdout.includes("is-recorded");
}

function mustRun(db: PostgresDatabase, sql: string): void {
  const result = db.run(sql);
  if (!result.ok) throw new Error(`${sql}: ${result.stderr}`);
}

/** Where the down direction starts in a MikroORM class or a db-migrate module. */
const DOWN_STARTS: Partial<Record<JsFramework, string>> = {
  "mikro-orm": "override async down(",
  "db-migrate": "exports.down = ",
};

/**
 * The SQL strings a migration's direction sends, in call order, taken with the plugin's own
 * extraction: MikroORM runs each `this.addSql()` string as one query, db-migrate each `db.runSql()`.
 */
export function sentSql(framework: JsFramework, { file, text }: MigrationText, direction: Direction): string[] {
  const marker = DOWN_STARTS[framework];
  const down = marker === undefined ? -1 : text.indexOf(marker);
  if (down < 0) {
    throw new Error(`${file}: no down direction found`);
  }
  // typescript-eslint's AST is ESTree with TypeScript nodes added.
  const program = parseTypeScript(text, { range: true, loc: true, filePath: file }) as unknown as Program;
  return extractJsSql(text, program)
    .filter((embedded) => (embedded.hostRange([0, 0])[0] < down) === (direction === "up"))
    .map((embedded) => embedded.text);
}

function sqlReplay(framework: JsFramework, db: PostgresDatabase): Replay {
  return withRun({
    attempt(migration, direction) {
      for (const sql of sentSql(framework, migration, direction)) {
        const result = db.run(sql);
        if (!result.ok) {
          // psql's default verbosity prints no SQLSTATE; these two frameworks only sit in the JS fixture replay.
          return Promise.resolve({ message: result.error ?? result.stderr, sqlstate: undefined });
        }
      }
      return Promise.resolve(null);
    },
    close: () => Promise.resolve(),
  });
}

/** Which frameworks run for real; the others replay the SQL the plugin extracts. */
export const REPLAYED_FOR_REAL: readonly JsFramework[] = ["knex", "node-pg-migrate", "kysely", "typeorm", "sequelize", "home-grown"];

export function replayFor(framework: JsFramework, db: PostgresDatabase): Replay {
  switch (framework) {
    case "knex":
      return knexReplay(db);
    case "node-pg-migrate":
      return nodePgMigrateReplay(db);
    case "kysely":
      return kyselyReplay(db);
    case "typeorm":
      return typeormReplay(db);
    case "sequelize":
      return sequelizeReplay(db);
    case "home-grown":
      return homeGrownReplay(db);
    case "mikro-orm":
    case "db-migrate":
      return sqlReplay(framework, db);
  }
}
