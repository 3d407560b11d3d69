// Project facts come from files a checkout controls. These tests give the lookups the files an
// untrusted repository can hold (links to devices, FIFOs, sockets, huge or unreadable files,
// `-r` lines that leave the repository) and check that each is skipped with one warning while the
// rest of the lookup goes on. The lookups run in a child process with a timeout, so a regression
// that reads `/dev/zero` forever or blocks on a FIFO fails the test instead of hanging the suite.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROJECT_FILE_SIZE_LIMIT, repositoryRoot } from "../../src/project/read-project-file.js";
import { repo, requireBuild } from "../cli/run-cli.js";
import { runNodeUnprivileged } from "../support/unprivileged.js";

const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) {
    fs.chmodSync(root, 0o700);
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/** A temporary folder holding `outside.txt` and the repository `repo/` (with `.git`). */
function sandbox(files: Record<string, string> = {}): { top: string; root: string } {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-project-"));
  roots.push(top);
  fs.writeFileSync(path.join(top, "outside.txt"), "alembic==1.0.0\n");
  const root = path.join(top, "repo");
  fs.mkdirSync(path.join(root, ".git"), { recursive: true });
  fs.mkdirSync(path.join(root, "migrations/versions"), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return { top, root };
}

interface Lookup {
  result: unknown;
  warnings: string[];
}

const LOOKUP_SCRIPT = `
const [kind, root, name] = process.argv.slice(-3);
const python = await import(${JSON.stringify(path.join(repo, "dist/src/project/python-dependencies.js"))});
const node = await import(${JSON.stringify(path.join(repo, "dist/src/project/node-dependencies.js"))});
const from = root + "/migrations/versions/0001_init.py";
const result = kind === "python" ? python.findPythonPackageVersion(from, name) : node.findNodePackageVersion(from, name);
process.stdout.write(JSON.stringify(result));
`;

/** Looks the package up in a child process; `unprivileged` runs it as a user whom file modes bind. */
function lookUp(root: string, options: { kind?: "python" | "node"; name?: string; unprivileged?: boolean } = {}): Lookup {
  requireBuild();
  const args = ["--input-type=module", "-e", LOOKUP_SCRIPT, options.kind ?? "python", root, options.name ?? "alembic"];
  const run = options.unprivileged
    ? runNodeUnprivileged(args, root)
    : (() => {
        const child = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout: 20_000 });
        if (child.error) throw child.error;
        return { status: child.status, stdout: child.stdout, stderr: child.stderr };
      })();
  expect(run.status, run.stderr).toBe(0);
  const warnings = [...run.stderr.matchAll(/^\(node:\d+\) MigrationsProjectWarning: (.*)$/gm)].map((match) => match[1] ?? "");
  return { result: JSON.parse(run.stdout) as unknown, warnings };
}

const skipped = (file: string, reason: string) =>
  `eslint-plugin-migrations skipped ${file}: ${reason}; the versions it names are not used.`;

describe("a dependency file that is a link to /dev/zero is skipped, and the lookup goes on", () => {
  it.each(["poetry.lock", "uv.lock", "Pipfile.lock", "requirements.txt", "requirements-dev.txt", "pyproject.toml"])("%s", (name) => {
    // In the migration's own folder, so the walk goes on to the repository root's requirements.txt.
    const { root } = sandbox({ "requirements.txt": "alembic==1.13.1\n" });
    fs.symlinkSync("/dev/zero", path.join(root, "migrations/versions", name));
    const { result, warnings } = lookUp(root);
    expect(result).toEqual({ version: "1.13.1", source: path.join(root, "requirements.txt"), exact: true });
    expect(warnings).toEqual([skipped(path.join(root, "migrations/versions", name), `it is a link that leads outside the repository (${root})`)]);
  });

  it("package.json and an installed package's package.json", () => {
    const { root } = sandbox();
    fs.symlinkSync("/dev/zero", path.join(root, "package.json"));
    fs.mkdirSync(path.join(root, "node_modules/typeorm"), { recursive: true });
    fs.symlinkSync("/dev/zero", path.join(root, "node_modules/typeorm/package.json"));
    const { result, warnings } = lookUp(root, { kind: "node", name: "typeorm" });
    expect(result).toBeNull();
    expect(warnings).toEqual([
      skipped(path.join(root, "node_modules/typeorm/package.json"), `it is a link that leads outside the repository (${root})`),
      skipped(path.join(root, "package.json"), `it is a link that leads outside the repository (${root})`),
    ]);
  });
});

describe("-r lines are read only from regular files inside the repository", () => {
  it.each([
    ["-r /dev/zero", "/dev/zero"],
    ["-r /dev/stdin", "/dev/stdin"],
    ["--requirement=../outside.txt", "../outside.txt"],
    ["-r ../../../../../../../etc/passwd", "/etc/passwd"],
  ])("%s", (line, target) => {
    const { root } = sandbox({ "requirements.txt": `${line}\nalembic>=1.12\n` });
    const { result, warnings } = lookUp(root);
    expect(result).toEqual({ version: "1.12.0", source: path.join(root, "requirements.txt"), exact: false });
    const shown = `${path.resolve(root, target)} (included by ${path.join(root, "requirements.txt")})`;
    expect(warnings).toEqual([skipped(shown, `it is outside the repository (${root})`)]);
  });

  it("stops following a chain of includes after 32 levels instead of exhausting the stack", () => {
    const files: Record<string, string> = { "requirements.txt": "-r r/1.txt\nalembic>=1.12\n" };
    for (let level = 1; level < 5000; level++) files[`r/${String(level)}.txt`] = `-r ${String(level + 1)}.txt\n`;
    files["r/5000.txt"] = "alembic==1.0.0\n";
    const { root } = sandbox(files);
    const { result, warnings } = lookUp(root);
    expect(result).toEqual({ version: "1.12.0", source: path.join(root, "requirements.txt"), exact: false });
    expect(warnings).toEqual([
      `eslint-plugin-migrations skipped ${path.join(root, "r/33.txt")} (included by ${path.join(root, "r/32.txt")}): -r includes nest deeper than 32 levels.`,
    ]);
  });

  it("follows an include and a link that stay inside", () => {
    const { root } = sandbox({ "requirements.txt": "-r deps/base.txt\n", "deps/pinned.txt": "alembic==1.13.1\n" });
    fs.symlinkSync("pinned.txt", path.join(root, "deps/base.txt"));
    expect(lookUp(root)).toEqual({
      result: { version: "1.13.1", source: path.join(root, "deps/base.txt"), exact: true },
      warnings: [],
    });
  });
});

describe("special, huge and unreadable files are skipped with a warning", () => {
  it("a FIFO named requirements.txt", () => {
    const { root } = sandbox({ "pyproject.toml": '[project]\ndependencies = ["alembic>=1.13"]\n' });
    const made = spawnSync("mkfifo", [path.join(root, "requirements.txt")]);
    expect(made.status).toBe(0);
    const { result, warnings } = lookUp(root);
    expect(result).toEqual({ version: "1.13.0", source: path.join(root, "pyproject.toml"), exact: false });
    expect(warnings).toEqual([skipped(path.join(root, "requirements.txt"), "it is a FIFO, not a regular file")]);
  });

  it("a FIFO reached through -r", () => {
    const { root } = sandbox({ "requirements.txt": "-r pipe.txt\nalembic==1.13.1\n" });
    expect(spawnSync("mkfifo", [path.join(root, "pipe.txt")]).status).toBe(0);
    const { result, warnings } = lookUp(root);
    expect(result).toEqual({ version: "1.13.1", source: path.join(root, "requirements.txt"), exact: true });
    expect(warnings).toEqual([skipped(`${path.join(root, "pipe.txt")} (included by ${path.join(root, "requirements.txt")})`, "it is a FIFO, not a regular file")]);
  });

  it("a socket named poetry.lock", async () => {
    const { root } = sandbox({ "requirements.txt": "alembic==1.13.1\n" });
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(root, "poetry.lock"), resolve));
    try {
      const { result, warnings } = lookUp(root);
      expect(result).toEqual({ version: "1.13.1", source: path.join(root, "requirements.txt"), exact: true });
      expect(warnings).toEqual([skipped(path.join(root, "poetry.lock"), "it is a socket, not a regular file")]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a directory named requirements.txt", () => {
    const { root } = sandbox();
    fs.mkdirSync(path.join(root, "requirements.txt"));
    expect(lookUp(root).warnings).toEqual([skipped(path.join(root, "requirements.txt"), "it is a directory, not a regular file")]);
  });

  it(`a requirements.txt larger than ${String(PROJECT_FILE_SIZE_LIMIT)} bytes`, () => {
    const { root } = sandbox({ "pyproject.toml": '[project]\ndependencies = ["alembic==1.13.1"]\n' });
    const line = "# padding\n";
    fs.writeFileSync(path.join(root, "requirements.txt"), `alembic==1.0.0\n${line.repeat(PROJECT_FILE_SIZE_LIMIT / line.length)}`);
    const size = fs.statSync(path.join(root, "requirements.txt")).size;
    expect(size).toBeGreaterThan(PROJECT_FILE_SIZE_LIMIT);
    const { result, warnings } = lookUp(root);
    expect(result).toEqual({ version: "1.13.1", source: path.join(root, "pyproject.toml"), exact: true });
    expect(warnings).toEqual([
      skipped(path.join(root, "requirements.txt"), `it is ${String(size)} bytes, more than the ${String(PROJECT_FILE_SIZE_LIMIT)}-byte limit`),
    ]);
  });

  it("a requirements.txt no one may read (chmod 000, looked up as an unprivileged user)", () => {
    const { root } = sandbox({ "pyproject.toml": '[project]\ndependencies = ["alembic>=1.12"]\n', "requirements.txt": "alembic==1.0.0\n" });
    fs.chmodSync(path.join(root, "requirements.txt"), 0o000);
    const { result, warnings } = lookUp(root, { unprivileged: true });
    expect(result).toEqual({ version: "1.12.0", source: path.join(root, "pyproject.toml"), exact: false });
    expect(warnings).toEqual([skipped(path.join(root, "requirements.txt"), "it cannot be read (EACCES)")]);
  });
});

describe("the repository root without .git (an exported tarball, a Docker build context)", () => {
  it("is the folder the command runs in when the file lies inside it, else the file's folder", () => {
    const top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "no-git-")));
    roots.push(top);
    const versions = path.join(top, "app/migrations/versions");
    fs.mkdirSync(versions, { recursive: true });
    const before = process.cwd();
    try {
      process.chdir(top);
      expect(repositoryRoot(versions)).toBe(top);
      process.chdir(versions);
      expect(repositoryRoot(path.join(top, "app"))).toBe(path.join(top, "app"));
      // The file system's root is no boundary at all: the file's folder is.
      process.chdir("/");
      expect(repositoryRoot(versions)).toBe(versions);
    } finally {
      process.chdir(before);
    }
  });
});
