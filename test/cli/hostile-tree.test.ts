// The command on a checkout nobody vetted: links that leave the linted folders, FIFOs, and files
// and folders it may not read. Each case asserts the exit code, the report, the stderr lines, and
// that no file outside the temporary repository changed (hashed before and after), /etc/passwd
// included, whose text must never appear in any output.

import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ESLint } from "eslint";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { realPath } from "../../src/cli/boundary.js";
import { writeFixes } from "../../src/cli/write-fixes.js";
import { runNodeUnprivileged } from "../support/unprivileged.js";
import { cliBin, findings, requireBuild, type Run } from "./run-cli.js";

const UNSAFE = "CREATE INDEX ix_b ON t (b);\n";
const FIXED = "CREATE INDEX IF NOT EXISTS ix_b ON t (b);\n";
const UNSAFE_MESSAGE =
  "CREATE INDEX ix_b is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"ix_b\" already exists'. Add `IF NOT EXISTS` so that a retry skips it.";
const SECRET = "CREATE INDEX ix_secret ON t (a);\n";
const PASSWD_FIRST_LINE = (fs.readFileSync("/etc/passwd", "utf8").split("\n")[0] ?? "").slice(0, 20);

const skippedLink = (shown: string) =>
  `Skipped ${shown}: a symbolic link that leads outside the folders being linted, which the command never reads or fixes.`;

const tops: string[] = [];

beforeAll(requireBuild);

afterEach(() => {
  for (const top of tops.splice(0)) fs.rmSync(top, { recursive: true, force: true });
});

/** `top/outside/secret.sql` and the repository `top/repo/` with one unsafe migration. */
function sandbox(): { top: string; repo: string } {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-tree-"));
  tops.push(top);
  const repo = path.join(top, "repo");
  fs.mkdirSync(path.join(top, "outside"));
  fs.writeFileSync(path.join(top, "outside/secret.sql"), SECRET);
  fs.mkdirSync(path.join(repo, ".git"), { recursive: true });
  fs.mkdirSync(path.join(repo, "migrations"));
  fs.writeFileSync(path.join(repo, "migrations/0001_init.sql"), UNSAFE);
  return { top, repo };
}

/** Hashes of every regular file under `top` but outside `repo`, and of /etc/passwd. */
function outsideHashes(top: string, repo: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const hash = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  for (const entry of fs.readdirSync(top, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !file.startsWith(`${repo}${path.sep}`)) hashes.set(file, hash(file));
  }
  hashes.set("/etc/passwd", hash("/etc/passwd"));
  return hashes;
}

/** Runs the command with a timeout, so a read that blocks fails the test instead of hanging it. */
function run(args: readonly string[], cwd: string): Run {
  const child = spawnSync(process.execPath, [cliBin, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  if (child.error) throw child.error;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

function expectNoPasswd(result: Run): void {
  expect(result.stdout).not.toContain(PASSWD_FIRST_LINE);
  expect(result.stderr).not.toContain(PASSWD_FIRST_LINE);
}

describe("symbolic links", () => {
  it("walking a folder, links that leave it are skipped with a line each; --fix writes only inside", () => {
    const { top, repo } = sandbox();
    fs.symlinkSync("../../outside/secret.sql", path.join(repo, "migrations/0002_out.sql"));
    fs.symlinkSync("/etc/passwd", path.join(repo, "migrations/0003_passwd.sql"));
    fs.mkdirSync(path.join(repo, "shared"));
    fs.writeFileSync(path.join(repo, "shared/0004.sql"), UNSAFE);
    fs.symlinkSync("../shared/0004.sql", path.join(repo, "migrations/0004_in.sql"));
    const before = outsideHashes(top, repo);

    const result = run(["--fix", "--format", "json"], repo);

    expect(result.status, result.stderr).toBe(0);
    expect(findings(result.stdout, repo)).toEqual([
      { file: "migrations/0001_init.sql", messages: [] },
      { file: "migrations/0004_in.sql", messages: [] },
    ]);
    expect(result.stderr).toBe(`${skippedLink("migrations/0002_out.sql")}\n${skippedLink("migrations/0003_passwd.sql")}\n`);
    expectNoPasswd(result);
    expect(fs.readFileSync(path.join(repo, "migrations/0001_init.sql"), "utf8")).toBe(FIXED);
    expect(fs.readFileSync(path.join(repo, "shared/0004.sql"), "utf8")).toBe(FIXED);
    expect(outsideHashes(top, repo)).toEqual(before);
  });

  it("named on the command line (as pre-commit passes staged files), links that leave the repository are skipped", () => {
    const { top, repo } = sandbox();
    fs.symlinkSync("../../outside/secret.sql", path.join(repo, "migrations/0002_out.sql"));
    fs.symlinkSync("/etc/passwd", path.join(repo, "migrations/0003_passwd.sql"));
    const before = outsideHashes(top, repo);

    const result = run(["--fix", "--format", "json", "migrations/0001_init.sql", "migrations/0002_out.sql", "migrations/0003_passwd.sql"], repo);

    expect(result.status, result.stderr).toBe(0);
    expect(findings(result.stdout, repo)).toEqual([{ file: "migrations/0001_init.sql", messages: [] }]);
    expect(result.stderr).toBe(`${skippedLink("migrations/0002_out.sql")}\n${skippedLink("migrations/0003_passwd.sql")}\n`);
    expectNoPasswd(result);
    expect(outsideHashes(top, repo)).toEqual(before);
  });

  it("writeFixes refuses a file that resolves outside its folder by the time the fix is written", async () => {
    const { top, repo } = sandbox();
    const link = path.join(repo, "migrations/0002_swapped.sql");
    fs.symlinkSync("../../outside/secret.sql", link);
    const before = outsideHashes(top, repo);
    const results = [{ filePath: link, output: FIXED }, { filePath: path.join(top, "outside/secret.sql"), output: FIXED }] as ESLint.LintResult[];

    const refused = await writeFixes(results, new Map([[link, realPath(repo)]]));

    expect(refused).toEqual([link, path.join(top, "outside/secret.sql")]);
    expect(outsideHashes(top, repo)).toEqual(before);
  });
});

describe("files and folders that cannot be linted are reported, and the run goes on", () => {
  it("a FIFO in a migrations folder and one named on the command line", () => {
    const { top, repo } = sandbox();
    fs.mkdirSync(path.join(repo, "db"));
    for (const fifo of ["migrations/0002_pipe.sql", "db/pipe.sql"]) {
      expect(spawnSync("mkfifo", [path.join(repo, fifo)]).status).toBe(0);
    }
    const before = outsideHashes(top, repo);

    const result = run(["--format", "json", ".", "db/pipe.sql"], repo);

    expect(result.status, result.stderr).toBe(1);
    const fifo = { ruleId: null, severity: 2, message: "Cannot lint this file: it is a FIFO, not a regular file." };
    // ESLint's formatters order results by path.
    expect(findings(result.stdout, repo)).toEqual([
      { file: "db/pipe.sql", messages: [fifo] },
      {
        file: "migrations/0001_init.sql",
        messages: [{ ruleId: "migrations/idempotent-ddl", severity: 2, message: UNSAFE_MESSAGE, line: 1, column: 1, endLine: 1, endColumn: 27 }],
      },
      { file: "migrations/0002_pipe.sql", messages: [fifo] },
    ]);
    expect(result.stderr).toBe("");
    expect(outsideHashes(top, repo)).toEqual(before);
  });

  it("an unreadable migration and an unreadable folder (chmod 000, run as an unprivileged user)", () => {
    const { top, repo } = sandbox();
    fs.writeFileSync(path.join(repo, "migrations/0002_locked.sql"), UNSAFE);
    fs.mkdirSync(path.join(repo, "migrations/private"));
    fs.writeFileSync(path.join(repo, "migrations/private/0003.sql"), UNSAFE);
    // Before the modes change: as a user other than root, the hashing walk could not enter the folder.
    const before = outsideHashes(top, repo);
    fs.chmodSync(path.join(repo, "migrations/0002_locked.sql"), 0o000);
    fs.chmodSync(path.join(repo, "migrations/private"), 0o000);

    let result: Run;
    try {
      result = runNodeUnprivileged([cliBin, "--format", "json"], repo);
    } finally {
      // So that the clean-up can enter it when the tests do not run as root.
      fs.chmodSync(path.join(repo, "migrations/private"), 0o700);
    }

    expect(result.status, result.stderr).toBe(1);
    expect(findings(result.stdout, repo)).toEqual([
      {
        file: "migrations/0001_init.sql",
        messages: [{ ruleId: "migrations/idempotent-ddl", severity: 2, message: UNSAFE_MESSAGE, line: 1, column: 1, endLine: 1, endColumn: 27 }],
      },
      { file: "migrations/0002_locked.sql", messages: [{ ruleId: null, severity: 2, message: "Cannot lint this file: permission denied (EACCES)." }] },
      {
        file: "migrations/private",
        messages: [{ ruleId: null, severity: 1, message: "Cannot read this folder: permission denied (EACCES). The migrations in it were not linted." }],
      },
    ]);
    expect(result.stderr).toBe("");
    expect(outsideHashes(top, repo)).toEqual(before);
  });
});
