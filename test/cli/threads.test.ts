import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliBin, repo, requireBuild, runCli } from "./run-cli.js";

/** Enough migration folders for worker threads and for progress to show: the bench's generator, smaller. */
const FILES = 400;
let root: string;

beforeAll(() => {
  requireBuild();
  root = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-threads-"));
  const generated = spawnSync(process.execPath, [path.join(repo, "scripts/bench/corpus.js"), root, String(FILES)], { encoding: "utf8" });
  if (generated.status !== 0) throw new Error(generated.stderr);
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe("a large tree", () => {
  it("gives the same report on several threads as on one, in the same order", () => {
    const one = runCli(["--concurrency", "off", "--format", "json"], root);
    expect(one.status).toBe(1);
    const results = JSON.parse(one.stdout) as { filePath: string; messages: unknown[] }[];
    expect(results).toHaveLength(FILES);
    expect(results.some((result) => result.messages.length > 0)).toBe(true);
    for (const concurrency of ["3", "auto"]) {
      const many = runCli(["--concurrency", concurrency, "--format", "json"], root);
      expect(many.status).toBe(1);
      expect(many.stderr).toBe("");
      expect(many.stdout).toBe(one.stdout);
    }
  });

  it("shows progress on stderr when it is a terminal, and erases it at the end", () => {
    const output = path.join(root, "report.json");
    // `script` runs the command on a pseudo-terminal, as an interactive shell would.
    const command = [process.execPath, cliBin, "--concurrency", "off", "--format", "json", "--output-file", output]
      .map((word) => `'${word}'`)
      .join(" ");
    const run = spawnSync("script", ["--quiet", "--return", "--command", command, "/dev/null"], { cwd: root, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^(\\r\\x1b\\[Klinted [\\d,]+ of ${FILES} files)+\\r\\x1b\\[K$`, "u"));
    expect(JSON.parse(fs.readFileSync(output, "utf8"))).toHaveLength(FILES);
  });

  it("prints no progress when stderr is not a terminal", () => {
    const run = runCli(["--concurrency", "off", "--format", "json", "--output-file", path.join(root, "report.json")], root);
    expect(run).toEqual({ status: 1, stdout: "", stderr: "" });
  });
});
