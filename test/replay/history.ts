// Retry replay of whole migration histories (issue 13): a history is linted with the real ESLint
// and `configs.recommended`, fixed with ESLint's own fixer output, and then run on a throwaway
// PostgreSQL database step by step, each step twice in a row, as a deploy that is retried after the
// step committed runs it. The original history gets the same replay, for the "before" numbers.
// Shared by test/replay/histories.test.ts and `npm run replay` (scripts/replay/run.ts), so it
// imports nothing from vitest.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { extractPythonSql } from "../../src/hosts/python-sql/extract.js";
import { PythonLanguage } from "../../src/languages/python/language.js";
import type { PostgresDatabase } from "../support/postgres.js";
import { JS_FIXTURES, JS_PROJECTS } from "./js-projects.js";
import { replayFor, type Failure } from "./js-runners.js";
import { PYTHON_PROJECT, ROOT, SQL_PROJECTS, projectEslint } from "./projects.js";

/** How a history's steps reach the database: SQL text through psql, or a JS framework's real runner. */
export type HistoryHost = "sql" | "alembic" | "knex" | "node-pg-migrate" | "home-grown";

export interface History {
  /** `golang-migrate`, `histories/storage-tenant`: how reports name it. */
  name: string;
  /** Where ESLint runs (its cwd, so `configs.recommended` matches as in the project). */
  dir: string;
  host: HistoryHost;
  /** The migration files in the order the tool applies them, relative to `dir`. */
  steps: readonly string[];
  /** Prisma and Flyway checksum applied files: `--fix` edits them only with the rule option. */
  checksummed: boolean;
  /** For `sql` histories: the queries the tool sends for one file's up direction. */
  upQueries(text: string): string[];
  /** For `sql` histories: the `search_path` the tool's connection sets, when it sets one. */
  searchPath?: string;
}

/** A PostgreSQL error: SQLSTATE (when the runner reports it) and the primary message. */
export interface PgError {
  sqlstate: string | undefined;
  message: string;
}

export interface Finding {
  line: number;
  column: number;
  ruleId: string | null;
  message: string;
}

/** One side (original or fixed) of one step: its findings and what its two runs did. */
export interface StepRun {
  findings: Finding[];
  ranFirstTime: boolean;
  survivedRetry: boolean;
  /** The error of the first run that failed, first or second. */
  error: PgError | undefined;
}

export interface StepReport {
  file: string;
  before: StepRun;
  after: StepRun;
}

export interface HistoryReport {
  history: History;
  steps: StepReport[];
}

const byNumericPrefix = (a: string, b: string): number =>
  Number(/\d+/.exec(path.basename(a))?.[0] ?? 0) - Number(/\d+/.exec(path.basename(b))?.[0] ?? 0) || a.localeCompare(b);

/**
 * A folder of plain `.sql` migrations, each file sent whole, in the order of their leading
 * numbers (`0001-…`, `00010-…` sorts after `0009-…` as the runner sorts by id).
 */
export function sqlFolderHistory(name: string, dir: string, folder: string, searchPath?: string): History {
  const steps = fs
    .readdirSync(path.join(dir, folder))
    .filter((file) => file.endsWith(".sql"))
    .map((file) => `${folder}/${file}`)
    .sort(byNumericPrefix);
  return { name, dir, host: "sql", steps, checksummed: false, upQueries: (text) => [text], ...(searchPath === undefined ? {} : { searchPath }) };
}

/** A folder of JS/TS migrations run by one framework, in file name order (knex's and node-pg-migrate's). */
export function jsFolderHistory(name: string, dir: string, folder: string, host: "knex" | "node-pg-migrate"): History {
  const steps = fs
    .readdirSync(path.join(dir, folder))
    .filter((file) => /\.[cm]?[jt]s$/.test(file))
    .sort()
    .map((file) => `${folder}/${file}`);
  return { name, dir, host, steps, checksummed: false, upQueries: () => [] };
}

const HISTORIES_DIR = path.join(ROOT, "fixtures", "histories");

/** Every bundled history that runs on PostgreSQL, in the order reports list them. */
export function bundledHistories(): History[] {
  const jsHosts = ["knex", "node-pg-migrate", "home-grown"] as const;
  return [
    ...SQL_PROJECTS.map((project) => ({
      name: project.name,
      dir: project.dir,
      host: "sql" as const,
      steps: project.migrations,
      checksummed: project.checksummed,
      upQueries: (text: string) => project.upQueries(text),
    })),
    {
      name: "alembic-raw-sql",
      dir: PYTHON_PROJECT.dir,
      host: "alembic",
      steps: [PYTHON_PROJECT.migration],
      checksummed: false,
      upQueries: () => [],
    },
    ...jsHosts.map((host) => ({
      name: host,
      dir: JS_FIXTURES,
      host,
      steps: JS_PROJECTS.find((project) => project.framework === host)?.migrations ?? [],
      checksummed: false,
      upQueries: () => [],
    })),
    sqlFolderHistory("histories/storage-tenant", path.join(HISTORIES_DIR, "storage-tenant"), "migrations/tenant"),
    jsFolderHistory("histories/knex-ledger", path.join(HISTORIES_DIR, "knex-ledger"), "migrations", "knex"),
  ];
}

interface Linted {
  original: string;
  fixed: string;
  findingsBefore: Finding[];
  findingsAfter: Finding[];
}

const toFinding = ({ line, column, ruleId, message }: Finding): Finding => ({ line, column, ruleId, message });

/** `eslint` and `eslint --fix` over the history's files; the fixed text is ESLint's output, nothing written. */
async function lintHistory(history: History): Promise<Map<string, Linted>> {
  const options = { fixChecksummedMigrations: history.checksummed };
  const [before, after] = await Promise.all([
    projectEslint(history.dir, options).lintFiles([...history.steps]),
    projectEslint(history.dir, { ...options, fix: true }).lintFiles([...history.steps]),
  ]);
  const beforeByPath = new Map(before.map((result) => [result.filePath, result]));
  const afterByPath = new Map(after.map((result) => [result.filePath, result]));
  const linted = new Map<string, Linted>();
  for (const file of history.steps) {
    const absolute = path.resolve(history.dir, file);
    const original = fs.readFileSync(absolute, "utf8");
    const plain = beforeByPath.get(absolute);
    const fixed = afterByPath.get(absolute);
    if (plain === undefined || fixed === undefined) {
      throw new Error(`${history.name}: ESLint did not lint ${file}`);
    }
    linted.set(file, {
      original,
      fixed: fixed.output ?? original,
      findingsBefore: plain.messages.map(toFinding),
      findingsAfter: fixed.messages.map(toFinding),
    });
  }
  return linted;
}

const PYTHON = new PythonLanguage();

/**
 * The SQL strings upgrade() sends, one per op.execute(), in call order: the plugin's own extraction,
 * as test/replay/replay.test.ts replays the same project. Strings after `def downgrade(` are the down.
 */
function alembicUpgradeSql(file: string, text: string): string[] {
  const parsed = PYTHON.parse({ body: text, path: file, physicalPath: file, bom: false });
  if (!parsed.ok) throw new Error(`${file} does not parse: ${JSON.stringify(parsed.errors)}`);
  const downgrade = text.indexOf("\ndef downgrade(");
  return extractPythonSql(text, parsed.ast)
    .filter((embedded) => downgrade < 0 || embedded.hostRange([0, 0])[0] < downgrade)
    .map((embedded) => embedded.text);
}

/** `psql:/tmp/…: ERROR:  42P07: relation "x" already exists`, as psql prints it with VERBOSITY verbose. */
const VERBOSE_ERROR = /^(?:psql:[^\n]*?: )?ERROR: {2}([0-9A-Z]{5}): (.*)$/m;

/**
 * How a file asks its tool to run it outside a transaction: postgres-migrations (supabase/storage),
 * goose and dbmate. CONCURRENTLY needs the same, and so does a DO block that COMMITs between batches.
 */
const NO_TRANSACTION = /^-- postgres-migrations disable-transaction|^-- \+goose NO TRANSACTION|^-- migrate:up\b.*\btransaction:false|\bconcurrently\b/im;

/**
 * Sends one step's queries through psql, in one transaction as the migration tools run a file,
 * unless the step asks for none (NO_TRANSACTION).
 */
function runSqlStep(db: PostgresDatabase, queries: readonly string[], scratch: string, searchPath: string | undefined): PgError | undefined {
  const file = path.join(scratch, "step.sql");
  const setSearchPath = searchPath === undefined ? "" : `SET search_path TO ${searchPath};\n`;
  fs.writeFileSync(file, `\\set VERBOSITY verbose\n${setSearchPath}${queries.join("\n;\n")}\n`);
  const result = db.runFile(file, { singleTransaction: !queries.some((query) => NO_TRANSACTION.test(query)) });
  if (result.ok) return undefined;
  const match = VERBOSE_ERROR.exec(result.stderr);
  return match ? { sqlstate: match[1], message: match[2] ?? "" } : { sqlstate: undefined, message: result.stderr.trim() };
}

/** knex puts the query in front of the database's message: `<sql> - relation "x" already exists`. */
function pgErrorOf(host: HistoryHost, failure: Failure): PgError {
  const message = host === "knex" ? failure.message.slice(failure.message.lastIndexOf(" - ") + 3) : failure.message;
  return { sqlstate: failure.sqlstate, message };
}

type RunStep = (file: string, text: string) => Promise<PgError | undefined>;

/** Runs one side of the history: every step, then the same step again. */
async function replaySide(
  history: History,
  texts: ReadonlyMap<string, string>,
  db: PostgresDatabase,
): Promise<Map<string, Omit<StepRun, "findings">>> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "history-replay-"));
  fs.chmodSync(scratch, 0o755);
  const js = history.host === "knex" || history.host === "node-pg-migrate" || history.host === "home-grown" ? replayFor(history.host, db) : undefined;
  const runStep: RunStep = async (file, text) => {
    if (js) {
      const failure = await js.attempt({ file, text }, "up");
      return failure ? pgErrorOf(history.host, failure) : undefined;
    }
    const queries = history.host === "alembic" ? alembicUpgradeSql(file, text) : history.upQueries(text);
    return runSqlStep(db, queries, scratch, history.searchPath);
  };
  const runs = new Map<string, Omit<StepRun, "findings">>();
  try {
    for (const file of history.steps) {
      const text = texts.get(file) ?? "";
      const first = await runStep(file, text);
      const retry = await runStep(file, text);
      runs.set(file, { ranFirstTime: first === undefined, survivedRetry: retry === undefined, error: first ?? retry });
    }
  } finally {
    await js?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return runs;
}

/**
 * Lints, fixes and replays a history: the original on one fresh database, the fixed one on another.
 * `freshDatabase` gives an empty database on a running cluster each time it is called.
 */
export async function replayHistory(history: History, freshDatabase: () => PostgresDatabase): Promise<HistoryReport> {
  const linted = await lintHistory(history);
  const textsOf = (side: "original" | "fixed") => new Map([...linted].map(([file, texts]) => [file, texts[side]]));
  const before = await replaySide(history, textsOf("original"), freshDatabase());
  const after = await replaySide(history, textsOf("fixed"), freshDatabase());
  return {
    history,
    steps: history.steps.map((file) => {
      const lint = linted.get(file);
      const runBefore = before.get(file);
      const runAfter = after.get(file);
      if (!lint || !runBefore || !runAfter) throw new Error(`${history.name}: ${file} was not replayed`);
      return {
        file,
        before: { findings: lint.findingsBefore, ...runBefore },
        after: { findings: lint.findingsAfter, ...runAfter },
      };
    }),
  };
}

const survives = (run: StepRun): boolean => run.ranFirstTime && run.survivedRetry;

/**
 * Steps that `--fix` left without findings and that still fail, first run or retry: the plugin
 * promised them retry-safe (or did not see them), so each one is a bug to look at.
 */
export function unexplainedFailures(report: HistoryReport): StepReport[] {
  return report.steps.filter((step) => step.after.findings.length === 0 && !survives(step.after));
}

export interface RetryCounts {
  steps: number;
  findingsBefore: number;
  /** Findings `--fix` leaves: the report-only ones (and suggestions). */
  findingsAfter: number;
  survivedBefore: number;
  survivedAfter: number;
}

export function retryCounts(report: HistoryReport): RetryCounts {
  return {
    steps: report.steps.length,
    findingsBefore: report.steps.reduce((sum, step) => sum + step.before.findings.length, 0),
    findingsAfter: report.steps.reduce((sum, step) => sum + step.after.findings.length, 0),
    survivedBefore: report.steps.filter((step) => survives(step.before)).length,
    survivedAfter: report.steps.filter((step) => survives(step.after)).length,
  };
}

/** The message with its quoted names and values blanked: `relation "…" already exists`. */
export function messagePattern(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'");
}

export interface FailureGroup {
  /** `42P07 relation "…" already exists` */
  error: string;
  steps: { file: string; explanation: string }[];
}

/**
 * The finding that explains a failure: the one quoting the PostgreSQL error, else the step's first;
 * a failure without findings is explained by nothing, which the caller shows.
 */
function explanation(run: StepRun): string {
  const quoting = run.error ? run.findings.find((finding) => finding.message.includes(run.error?.message ?? "")) : undefined;
  const finding = quoting ?? run.findings[0];
  return finding ? `${String(finding.line)}:${String(finding.column)} ${finding.message}` : "no finding";
}

/** The fixed history's failures, grouped by SQLSTATE and message pattern, each step with its explaining finding. */
export function failuresLeft(report: HistoryReport): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const step of report.steps) {
    const { error } = step.after;
    if (survives(step.after) || !error) continue;
    const key = `${error.sqlstate ?? "-----"} ${messagePattern(error.message)}`;
    const group = groups.get(key) ?? { error: key, steps: [] };
    group.steps.push({ file: step.file, explanation: explanation(step.after) });
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.steps.length - a.steps.length || a.error.localeCompare(b.error));
}
