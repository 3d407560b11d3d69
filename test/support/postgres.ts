// A throwaway PostgreSQL cluster for replay tests: the plugin's messages quote PostgreSQL's own
// errors, and only a real server can prove that a migration fails (or survives) a second run.
//
// The cluster lives in a temp dir, listens on 127.0.0.1 only (plus a unix socket inside the temp
// dir), and is deleted by stop(). Missing binaries or a failed start throw: a replay test that
// silently skips would prove nothing.

import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import { promisify } from "node:util";
import { cleanUpOnExit, forgetOnExit } from "./exit-cleanups.js";

const execFileAsync = promisify(execFile);

/** What psql printed and whether the whole script ran (psql exits non-zero on the first error). */
export interface PsqlResult {
  ok: boolean;
  /** psql's exit code: 0 ok, 1 fatal psql error, 2 connection lost, 3 script error. */
  status: number | null;
  stdout: string;
  stderr: string;
  /** The primary text of the first `ERROR:` psql printed, as the plugin's messages quote it. */
  error: string | undefined;
}

export interface RunOptions {
  /** The database to connect to; `postgres` when omitted. */
  database?: string;
}

export interface RunFileOptions extends RunOptions {
  /** psql `--single-transaction`: the file runs inside one BEGIN … COMMIT, as many tools do. */
  singleTransaction?: boolean;
}

export interface PostgresDatabase {
  name: string;
  url: string;
  /** The cluster's binaries (`pg_dump`, `psql`), for tools run against this database. */
  binDir: string;
  run(sql: string): PsqlResult;
  runFile(file: string, options?: Omit<RunFileOptions, "database">): PsqlResult;
}

export interface PostgresCluster {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` (trust auth, no password). */
  url: string;
  port: number;
  /** `server_version` as the server reports it, e.g. `15.18 (Debian 15.18-0+deb12u1)`. */
  version: string;
  /** Where the binaries came from, for messages. */
  binDir: string;
  /**
   * Runs SQL the way psql sends a migration file: statement by statement in autocommit (so
   * `CREATE INDEX CONCURRENTLY` works), stopping at the first error.
   */
  run(sql: string, options?: RunOptions): PsqlResult;
  runFile(file: string, options?: RunFileOptions): PsqlResult;
  /** Creates an empty database (fails loudly if it exists) and returns a handle bound to it. */
  createDatabase(name: string): PostgresDatabase;
  stop(): Promise<void>;
}

const SUPERUSER = "postgres";
const START_TIMEOUT_SECONDS = 60;
const START_ATTEMPTS = 3;
const LOG_TAIL_LINES = 40;

/** Durability off: a test cluster that loses data on a crash costs nothing, and fsync costs seconds. */
const SERVER_SETTINGS: Record<string, string> = {
  listen_addresses: "'127.0.0.1'",
  fsync: "off",
  synchronous_commit: "off",
  full_page_writes: "off",
  wal_level: "minimal",
  max_wal_senders: "0",
  autovacuum: "off",
  max_connections: "30",
  shared_buffers: "32MB",
  // Containers often mount a tiny /dev/shm; mmap files in the data dir always work.
  dynamic_shared_memory_type: "mmap",
  // The tests compare error texts verbatim: they must not be translated.
  lc_messages: "'C'",
  logging_collector: "off",
  log_min_messages: "warning",
  log_min_error_statement: "panic",
};

interface Binaries {
  binDir: string;
  initdb: string;
  pgCtl: string;
  psql: string;
}

/** How server-side commands are run: directly, or as the postgres OS user when we are root. */
type Runner = (command: string, args: string[]) => { command: string; args: string[] };

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function versionKey(dirName: string): number {
  const [major = "0", minor = "0"] = dirName.split(".");
  return Number(major) * 1000 + Number(minor);
}

/**
 * Finds a directory holding initdb, pg_ctl and postgres together: pg_ctl starts the postgres that
 * sits beside it, so mixing directories would mix versions. Debian keeps them out of PATH, in
 * /usr/lib/postgresql/<major>/bin.
 */
function findBinaries(): Binaries {
  const candidates: string[] = [];
  const fromEnv = process.env.PG_BINDIR;
  if (fromEnv) candidates.push(fromEnv);
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, "initdb"))) {
      // Symlinks such as /usr/local/bin/initdb point into the real bin dir, where psql also is.
      candidates.push(path.dirname(fs.realpathSync(path.join(dir, "initdb"))));
    }
  }
  const debianRoot = "/usr/lib/postgresql";
  if (fs.existsSync(debianRoot)) {
    const versions = fs.readdirSync(debianRoot).sort((a, b) => versionKey(b) - versionKey(a));
    for (const version of versions) candidates.push(path.join(debianRoot, version, "bin"));
  }
  candidates.push("/usr/local/pgsql/bin", "/usr/pgsql/bin");

  for (const dir of candidates) {
    const initdb = path.join(dir, "initdb");
    const pgCtl = path.join(dir, "pg_ctl");
    if (!isExecutable(initdb) || !isExecutable(pgCtl) || !isExecutable(path.join(dir, "postgres"))) continue;
    const psql = [path.join(dir, "psql"), ...(process.env.PATH ?? "").split(path.delimiter).map((d) => path.join(d, "psql"))].find(
      (file) => isExecutable(file),
    );
    if (psql === undefined) {
      throw new Error(`PostgreSQL server binaries found in ${dir}, but no psql client (install postgresql-client)`);
    }
    return { binDir: dir, initdb, pgCtl, psql };
  }
  throw new Error(
    "PostgreSQL server binaries not found: no directory with initdb, pg_ctl and postgres in " +
      `PG_BINDIR, PATH or /usr/lib/postgresql/*/bin (looked in: ${[...new Set(candidates)].join(", ") || "nothing"}). ` +
      "Install them (Debian: `apt-get install -y postgresql`; .ci/run does it) or set PG_BINDIR.",
  );
}

/** The environment for every PostgreSQL process: no inherited PG* settings, untranslated messages. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("PG") && !key.startsWith("LC_") && key !== "LANG" && key !== "LANGUAGE") env[key] = value;
  }
  env.LC_ALL = "C";
  env.PGCLIENTENCODING = "UTF8";
  env.PGCONNECT_TIMEOUT = "10";
  return env;
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * PostgreSQL refuses to run as root, and CI runs as root: then initdb, pg_ctl and the server run
 * as the `postgres` OS user (Debian's package creates it). psql may stay root: it only connects.
 */
function makeRunner(): Runner {
  if (process.getuid?.() !== 0) return (command, args) => ({ command, args });
  if (spawnSync("id", ["-u", SUPERUSER], { stdio: "ignore" }).status !== 0) {
    throw new Error(
      `running as root, and PostgreSQL refuses to run as root, but there is no "${SUPERUSER}" OS user to run it as ` +
        "(Debian's postgresql package creates it; or run the tests as a non-root user)",
    );
  }
  if (isExecutable("/usr/sbin/runuser") || isExecutable("/sbin/runuser")) {
    const runuser = isExecutable("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "/sbin/runuser";
    return (command, args) => ({ command: runuser, args: ["-u", SUPERUSER, "--", command, ...args] });
  }
  return (command, args) => ({
    command: "su",
    args: [SUPERUSER, "-s", "/bin/sh", "-c", [command, ...args].map(shellQuote).join(" ")],
  });
}

/**
 * A temp dir the server user can write to. As root, /tmp-style dirs are fine once chowned, but a
 * TMPDIR under /root is not traversable by postgres; fall back to /tmp then.
 */
function makeTempDir(asRoot: boolean, runAs: Runner): string {
  const bases = [os.tmpdir(), "/tmp"];
  for (const base of [...new Set(bases)]) {
    const dir = fs.mkdtempSync(path.join(base, "pg-replay-"));
    if (!asRoot) return dir;
    const user = spawnSync("id", ["-u", SUPERUSER], { encoding: "utf8" });
    const group = spawnSync("id", ["-g", SUPERUSER], { encoding: "utf8" });
    fs.chownSync(dir, Number(user.stdout.trim()), Number(group.stdout.trim()));
    const probe = runAs("test", ["-w", dir, "-a", "-x", dir]);
    if (spawnSync(probe.command, probe.args, { stdio: "ignore", cwd: dir }).status === 0) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  throw new Error(`no temp dir the "${SUPERUSER}" OS user can write to (tried ${[...new Set(bases)].join(", ")})`);
}

/** Asks the kernel for a free port. Another process may take it before the server binds, hence retries. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error("could not determine a free port"));
      });
    });
  });
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

/** The first `ERROR:  …` line of psql's stderr, without the `psql:<stdin>:3: ` prefix. */
export function firstError(stderr: string): string | undefined {
  const match = /^(?:psql:[^\n]*?: )?ERROR: {2}(.*)$/m.exec(stderr);
  return match?.[1];
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function processOutput(error: unknown): string {
  if (error !== null && typeof error === "object") {
    const { stdout, stderr, message } = error as { stdout?: unknown; stderr?: unknown; message?: unknown };
    // execFile's message repeats stderr after the command line; keep only the command line.
    const summary = typeof message === "string" ? message.split("\n")[0] : undefined;
    return [summary, stdout, stderr].filter((part): part is string => typeof part === "string" && part.trim() !== "").join("\n").trimEnd();
  }
  return String(error);
}

export interface StartOptions {
  /** Extra postgresql.conf lines, values written as the file wants them (`"'C'"`, `"5s"`). */
  settings?: Record<string, string>;
}

export async function startPostgres(options: StartOptions = {}): Promise<PostgresCluster> {
  const bin = findBinaries();
  const asRoot = process.getuid?.() === 0;
  const runAs = makeRunner();
  const env = cleanEnv();
  const root = makeTempDir(asRoot, runAs);
  const dataDir = path.join(root, "data");
  const logFile = path.join(root, "server.log");
  // The socket dir is the temp dir itself: short enough for the 107-byte socket path limit, and
  // private, so parallel test files never share a socket.
  const socketDir = root;

  const removeTempDir = () => {
    fs.rmSync(root, { recursive: true, force: true });
  };
  const server = async (command: string, args: string[], timeoutMs: number) => {
    const call = runAs(command, args);
    return execFileAsync(call.command, call.args, { cwd: root, env, timeout: timeoutMs, encoding: "utf8" });
  };

  try {
    await server(bin.initdb, ["-D", dataDir, "--auth=trust", `--username=${SUPERUSER}`, "--encoding=UTF8", "--no-locale", "--no-sync"], 120_000);
  } catch (error) {
    removeTempDir();
    throw new Error(`initdb failed (${bin.initdb}):\n${processOutput(error)}`, { cause: error });
  }
  const settings = Object.entries({ ...SERVER_SETTINGS, unix_socket_directories: `'${socketDir}'`, ...options.settings })
    .map(([key, value]) => `${key} = ${value}`)
    .join("\n");
  fs.appendFileSync(path.join(dataDir, "postgresql.conf"), `\n# test/support/postgres.ts\n${settings}\n`);

  const stopSync = () => {
    const call = runAs(bin.pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"]);
    spawnSync(call.command, call.args, { cwd: root, env, stdio: "ignore", timeout: 40_000 });
  };

  let port = 0;
  let started = false;
  const failures: string[] = [];
  for (let attempt = 1; attempt <= START_ATTEMPTS && !started; attempt++) {
    port = await freePort();
    try {
      await server(
        bin.pgCtl,
        ["-D", dataDir, "-l", logFile, "-w", "-t", String(START_TIMEOUT_SECONDS), "-o", `-p ${port}`, "start"],
        (START_TIMEOUT_SECONDS + 10) * 1000,
      );
      started = true;
    } catch (error) {
      failures.push(`attempt ${attempt} on port ${port}: ${processOutput(error).trim()}`);
      const log = tail(logFile, LOG_TAIL_LINES);
      // Only a lost race for the port is worth another try; anything else would fail again.
      if (!/could not bind|address already in use/i.test(log)) break;
      stopSync();
    }
  }
  if (!started) {
    const log = tail(logFile, LOG_TAIL_LINES);
    stopSync();
    removeTempDir();
    throw new Error(`PostgreSQL did not start (${bin.pgCtl}):\n${failures.join("\n")}\n--- server log tail ---\n${log}`);
  }

  const cleanup = () => {
    stopSync();
    removeTempDir();
  };
  cleanUpOnExit(cleanup);

  const psql = (database: string, extraArgs: string[], input: string | undefined): PsqlResult => {
    const result = spawnSync(
      bin.psql,
      ["-X", "-q", "-w", "-v", "ON_ERROR_STOP=1", "-h", socketDir, "-p", String(port), "-U", SUPERUSER, "-d", database, ...extraArgs],
      // With no input psql would read the caller's stdin, which CI does not have.
      { env, encoding: "utf8", input: input ?? "", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
    );
    const stderr = result.error ? `${result.stderr}${result.error.message}` : result.stderr;
    return { ok: result.status === 0, status: result.status, stdout: result.stdout, stderr, error: firstError(stderr) };
  };
  const run = (sql: string, options: RunOptions = {}) => psql(options.database ?? "postgres", [], sql);
  const runFile = (file: string, options: RunFileOptions = {}) =>
    psql(options.database ?? "postgres", [...(options.singleTransaction ? ["--single-transaction"] : []), "-f", path.resolve(file)], undefined);
  const urlFor = (database: string) => `postgresql://${SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

  const version = psql("postgres", ["-A", "-t", "-c", "SHOW server_version"], undefined);
  if (!version.ok) {
    const log = tail(logFile, LOG_TAIL_LINES);
    forgetOnExit(cleanup);
    cleanup();
    throw new Error(`PostgreSQL started but psql cannot connect:\n${version.stderr}\n--- server log tail ---\n${log}`);
  }

  return {
    url: urlFor("postgres"),
    port,
    version: version.stdout.trim(),
    binDir: bin.binDir,
    run,
    runFile,
    createDatabase(name) {
      const created = run(`CREATE DATABASE ${quoteIdent(name)};`);
      if (!created.ok) throw new Error(`CREATE DATABASE ${name} failed: ${created.stderr}`);
      return {
        name,
        url: urlFor(name),
        binDir: bin.binDir,
        run: (sql) => run(sql, { database: name }),
        runFile: (file, options = {}) => runFile(file, { ...options, database: name }),
      };
    },
    async stop() {
      if (!forgetOnExit(cleanup)) return;
      try {
        await server(bin.pgCtl, ["-D", dataDir, "-m", "fast", "-w", "-t", "30", "stop"], 40_000);
      } catch {
        // A fast shutdown that hangs must not leave the postmaster behind.
        stopSync();
      } finally {
        removeTempDir();
      }
    },
  };
}
