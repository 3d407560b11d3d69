// A throwaway MariaDB server for replay tests, as test/support/postgres.ts is for PostgreSQL: only a
// real server proves that a fixed MySQL/MariaDB migration still runs, and runs a second time.
//
// mariadb-install-db makes a data dir in a temp dir; mariadbd serves it on a unix socket in that
// temp dir with networking off, so parallel test files never share a server or a port. stop() shuts
// it down and deletes the temp dir; an exit hook kills servers a crashed test left behind. The
// server comes from Debian's mariadb-server package, which the test set-up installs when it is
// missing (.ci/run installs it first). Anything missing or a failed start throws: never a skip.

import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import { promisify } from "node:util";
import { ensureDebianTool, findExecutable } from "./debian-package.js";
import { cleanUpOnExit, forgetOnExit } from "./exit-cleanups.js";

const execFileAsync = promisify(execFile);

/** What the client printed and whether the whole script ran (the client stops at the first error). */
export interface MariadbResult {
  ok: boolean;
  status: number | null;
  stdout: string;
  stderr: string;
  /** The server's message of the first error, e.g. `Duplicate column name 'email'`. */
  error: string | undefined;
  /** Its error number, e.g. 1060; 1064 is a syntax error. */
  code: number | undefined;
}

export interface MariadbDatabase {
  name: string;
  run(sql: string): MariadbResult;
  runFile(file: string): MariadbResult;
}

export interface MariadbServer {
  /** `version()` as the server reports it, e.g. `10.11.18-MariaDB-0+deb12u1`. */
  version: string;
  socket: string;
  /** Runs SQL as the `mariadb` client runs a file piped into it, in autocommit, stopping at the first error. */
  run(sql: string, database?: string): MariadbResult;
  runFile(file: string, database?: string): MariadbResult;
  /** Creates an empty database (fails loudly if it exists) and returns a handle bound to it. */
  createDatabase(name: string): MariadbDatabase;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra mariadbd options, as `--name=value` (`{ "innodb-buffer-pool-size": "lots" }`). */
  settings?: Record<string, string>;
}

/** ER_PARSE_ERROR: the server could not parse the statement. */
export const MARIADB_SYNTAX_ERROR = 1064;

const START_TIMEOUT_MS = 60_000;
const LOG_TAIL_LINES = 40;
/** sockaddr_un's path limit on Linux, less the terminating NUL. */
const MAX_SOCKET_PATH = 107;

/** Durability off and small buffers: a test server that loses data on a crash costs nothing. */
const SERVER_SETTINGS: Record<string, string> = {
  "skip-networking": "",
  "skip-name-resolve": "",
  "performance-schema": "OFF",
  "innodb-buffer-pool-size": "32M",
  "innodb-flush-log-at-trx-commit": "0",
  "innodb-doublewrite": "0",
  "sync-binlog": "0",
  "max-connections": "30",
  "character-set-server": "utf8mb4",
  "collation-server": "utf8mb4_unicode_ci",
  // The tests compare error texts verbatim: they must not be translated.
  "lc-messages": "en_US",
};

interface Binaries {
  mariadbd: string;
  installDb: string;
  client: string;
  admin: string;
}

/** Debian keeps mariadbd in /usr/sbin, which is not on a non-root user's PATH. */
const SERVER_DIRS = ["/usr/sbin", "/usr/local/sbin", "/usr/local/mysql/bin"];

function locateBinaries(): Binaries | undefined {
  const mariadbd = findExecutable("mariadbd", SERVER_DIRS);
  const installDb = findExecutable("mariadb-install-db", SERVER_DIRS);
  const client = findExecutable("mariadb", SERVER_DIRS);
  const admin = findExecutable("mariadb-admin", SERVER_DIRS);
  if (!mariadbd || !installDb || !client || !admin) return undefined;
  return { mariadbd, installDb, client, admin };
}

function findBinaries(): Binaries {
  ensureDebianTool({ packageName: "mariadb-server", locate: () => locateBinaries()?.mariadbd, startsService: true });
  const binaries = locateBinaries();
  if (!binaries) {
    throw new Error("mariadbd is installed, but mariadb-install-db, mariadb or mariadb-admin is missing (install mariadb-server and mariadb-client)");
  }
  return binaries;
}

/** A temp dir whose socket path fits the kernel's limit; a long TMPDIR falls back to /tmp. */
function makeTempDir(): string {
  for (const base of [...new Set([os.tmpdir(), "/tmp"])]) {
    const dir = fs.mkdtempSync(path.join(base, "mariadb-replay-"));
    if (path.join(dir, "mariadbd.sock").length <= MAX_SOCKET_PATH) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  throw new Error(`no temp dir short enough for a unix socket path (${String(MAX_SOCKET_PATH)} bytes)`);
}

/** The environment for every MariaDB process: untranslated messages, no inherited client settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("MYSQL") && !key.startsWith("MARIADB") && !key.startsWith("LC_") && key !== "LANG" && key !== "LANGUAGE") env[key] = value;
  }
  env.LC_ALL = "C";
  return env;
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
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

/** `ERROR 1060 (42S21) at line 3: Duplicate column name 'email'` → the number and the message. */
export function firstError(stderr: string): { code: number; message: string } | undefined {
  const match = /^ERROR (\d+) \(\w+\)(?: at line \d+)?: (.*)$/m.exec(stderr);
  if (!match) return undefined;
  return { code: Number(match[1]), message: match[2] ?? "" };
}

function quoteIdent(name: string): string {
  return `\`${name.replaceAll("`", "``")}\``;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else
      child.once("exit", () => {
        resolve();
      });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startMariadb(options: StartOptions = {}): Promise<MariadbServer> {
  const bin = findBinaries();
  const asRoot = process.getuid?.() === 0;
  // mariadbd refuses to run as root unless told to; the data dir is private to this test anyway.
  const userArgs = asRoot ? ["--user=root"] : [];
  const env = cleanEnv();
  const root = makeTempDir();
  const dataDir = path.join(root, "data");
  const socket = path.join(root, "mariadbd.sock");
  const logFile = path.join(root, "server.log");
  const removeTempDir = () => {
    fs.rmSync(root, { recursive: true, force: true });
  };

  try {
    await execFileAsync(
      bin.installDb,
      // Password-less root for the client over the socket whichever OS user runs the tests.
      ["--no-defaults", `--datadir=${dataDir}`, "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve", ...userArgs],
      { cwd: root, env, timeout: 120_000, encoding: "utf8" },
    );
  } catch (error) {
    removeTempDir();
    throw new Error(`mariadb-install-db failed (${bin.installDb}):\n${processOutput(error)}`, { cause: error });
  }

  const settings = { ...SERVER_SETTINGS, ...options.settings };
  const server = spawn(
    bin.mariadbd,
    [
      // --no-defaults must come first: no /etc/mysql/my.cnf, so no system socket, port or datadir.
      "--no-defaults",
      `--datadir=${dataDir}`,
      `--socket=${socket}`,
      `--pid-file=${path.join(root, "mariadbd.pid")}`,
      `--log-error=${logFile}`,
      ...userArgs,
      ...Object.entries(settings).map(([key, value]) => (value === "" ? `--${key}` : `--${key}=${value}`)),
    ],
    { cwd: root, env, stdio: "ignore" },
  );
  const kill = () => {
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
  };
  const cleanup = () => {
    kill();
    removeTempDir();
  };
  cleanUpOnExit(cleanup);

  const client = (args: readonly string[], input: string): MariadbResult => {
    const result = spawnSync(bin.client, ["--no-defaults", `--socket=${socket}`, "--user=root", "--batch", ...args], {
      env,
      encoding: "utf8",
      // With no input the client would read the caller's stdin, which CI does not have.
      input,
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const stderr = result.error ? `${result.stderr}${result.error.message}` : result.stderr;
    const first = firstError(stderr);
    return { ok: result.status === 0, status: result.status, stdout: result.stdout, stderr, error: first?.message, code: first?.code };
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  let ready = false;
  while (!ready && Date.now() < deadline && server.exitCode === null && server.signalCode === null) {
    const ping = spawnSync(bin.admin, ["--no-defaults", `--socket=${socket}`, "--user=root", "--connect-timeout=2", "ping"], { env, stdio: "ignore" });
    ready = ping.status === 0;
    if (!ready) await sleep(100);
  }
  if (!ready) {
    const log = tail(logFile, LOG_TAIL_LINES);
    forgetOnExit(cleanup);
    cleanup();
    const how = server.exitCode !== null ? `mariadbd exited with status ${String(server.exitCode)}` : `no answer within ${String(START_TIMEOUT_MS / 1000)} s`;
    throw new Error(`MariaDB did not start (${bin.mariadbd}): ${how}\n--- server log tail ---\n${log}`);
  }

  const version = client(["--skip-column-names", "--execute=SELECT version()"], "");
  if (!version.ok) {
    forgetOnExit(cleanup);
    cleanup();
    throw new Error(`MariaDB started but the client cannot connect:\n${version.stderr}`);
  }

  const run = (sql: string, database?: string) => client(database === undefined ? [] : [`--database=${database}`], sql);
  const runFile = (file: string, database?: string) => run(fs.readFileSync(file, "utf8"), database);

  return {
    version: version.stdout.trim(),
    socket,
    run,
    runFile,
    createDatabase(name) {
      const created = run(`CREATE DATABASE ${quoteIdent(name)};`);
      if (!created.ok) throw new Error(`CREATE DATABASE ${name} failed: ${created.stderr}`);
      return { name, run: (sql) => run(sql, name), runFile: (file) => runFile(file, name) };
    },
    async stop() {
      if (!forgetOnExit(cleanup)) return;
      try {
        await execFileAsync(bin.admin, ["--no-defaults", `--socket=${socket}`, "--user=root", "shutdown"], { env, timeout: 30_000 });
        await Promise.race([exited(server), sleep(30_000)]);
      } catch {
        // A shutdown that fails must not leave the server behind.
      } finally {
        kill();
        await exited(server);
        removeTempDir();
      }
    },
  };
}
