import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cleanUpOnExit } from "../support/exit-cleanups.js";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The command as npm installs it: the bin script, which runs the build in dist/. */
export const cliBin = path.join(repo, "bin/eslint-plugin-migrations.js");
export const eslintBin = path.join(repo, "node_modules/eslint/bin/eslint.js");

export function requireBuild(): void {
  if (!fs.existsSync(path.join(repo, "dist/src/cli/main.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before the CLI tests");
  }
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let userCache: string | undefined;

/**
 * The environment of a command under test: the same locally and in CI (`CI` unset, so the result
 * cache is on), with the user's cache folder in a temporary folder of this test process.
 */
export function cliEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  if (userCache === undefined) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-user-cache-"));
    cleanUpOnExit(() => {
      fs.rmSync(folder, { recursive: true, force: true });
    });
    userCache = folder;
  }
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", XDG_CACHE_HOME: userCache, ...extra };
  if (!("CI" in extra)) delete env.CI;
  return env;
}

/** Runs a Node script as a child process with pipes (not a terminal) for stdout and stderr. */
export function runNode(script: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = cliEnvironment()): Run {
  const run = spawnSync(process.execPath, [script, ...args], {
    cwd,
    encoding: "utf8",
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export const runCli = (args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Run => runNode(cliBin, args, cwd, env);
export const runEslint = (args: readonly string[], cwd: string): Run => runNode(eslintBin, args, cwd);

/**
 * A project directory under the system's temporary directory, away from this repository's own
 * eslint.config.js (the CLI looks for one in every directory above).
 */
export function makeProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-cli-"));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/** Makes `eslint-plugin-migrations` importable from `root` as if installed: a link to this repository. */
export function linkPlugin(root: string): void {
  fs.mkdirSync(path.join(root, "node_modules"), { recursive: true });
  fs.symlinkSync(repo, path.join(root, "node_modules/eslint-plugin-migrations"), "dir");
}

export interface JsonMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}
export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
  output?: string;
}

/** `--format json` output, with paths relative to `root` and only the fields a user reads. */
export function findings(stdout: string, root: string) {
  return (JSON.parse(stdout) as JsonResult[]).map((result) => ({
    file: path.relative(root, result.filePath).split(path.sep).join("/"),
    messages: result.messages.map(({ ruleId, severity, message, line, column, endLine, endColumn }) => ({
      ruleId,
      severity,
      message,
      line,
      column,
      endLine,
      endColumn,
    })),
  }));
}
