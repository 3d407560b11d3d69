import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import plugin from "../../src/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const projectDir = path.join(root, "fixtures", "alembic-project");
const versionsDir = path.join(projectDir, "alembic", "versions");
const NEWEST = "20261128_0003_app_search_indexes.py";
const CALL = "op.create_index(";

const migrationFiles = fs
  .readdirSync(versionsDir)
  .filter((name) => name.endsWith(".py"))
  .sort()
  .map((name) => path.join(versionsDir, name));
const newestFile = path.join(versionsDir, NEWEST);
const newestText = fs.readFileSync(newestFile, "utf8");

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function eslint(fix = false): ESLint {
  return new ESLint({
    cwd: projectDir,
    overrideConfigFile: true,
    overrideConfig: plugin.configs.recommended,
    fix,
  });
}

/** ESLint's 1-based line and column of a 0-based offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/** The offset of the `)` that closes the `(` at `open`, skipping string literals and comments. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === "#") {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
    } else if (char === '"' || char === "'") {
      const quote = text.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) j += text[j] === "\\" ? 2 : 1;
      i = j + quote.length - 1;
    } else if (char === "(" || char === "[" || char === "{") {
      depth++;
    } else if (char === ")" || char === "]" || char === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error(`no closing parenthesis for the call at offset ${open}`);
}

interface ExpectedFinding {
  indexName: string;
  /** A CREATE INDEX inside an op.execute() string rather than an op.create_index() call. */
  raw?: boolean;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Every `op.create_index(...)` call of a text, with the span ESLint should report for it. */
function createIndexCalls(text: string): ExpectedFinding[] {
  const calls: ExpectedFinding[] = [];
  for (let start = text.indexOf(CALL); start !== -1; start = text.indexOf(CALL, start + 1)) {
    const close = matchingParen(text, start + CALL.length - 1);
    const indexName = /["'](\w+)["']/.exec(text.slice(start, close))?.[1];
    if (indexName === undefined) throw new Error(`no index name in the call at offset ${start}`);
    const begin = position(text, start);
    const end = position(text, close + 1);
    calls.push({ indexName, line: begin.line, column: begin.column, endLine: end.line, endColumn: end.column });
  }
  return calls;
}

/** Every `CREATE INDEX …` statement inside a string: the finding spans the statement inside the literal. */
function rawSqlIndexes(text: string): ExpectedFinding[] {
  const found: ExpectedFinding[] = [];
  for (const match of text.matchAll(/"(CREATE INDEX (\w+) [^"]*)"/gu)) {
    const start = match.index + 1;
    const begin = position(text, start);
    const end = position(text, start + (match[1] ?? "").length);
    found.push({ indexName: match[2] ?? "", raw: true, line: begin.line, column: begin.column, endLine: end.line, endColumn: end.column });
  }
  return found;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function parsePython(file: string) {
  return spawnSync("python3", ["-c", "import ast,sys; ast.parse(open(sys.argv[1]).read())", file], {
    encoding: "utf8",
  });
}

/** Every file of the fixture project, by relative path. */
function snapshot(dir: string, prefix = ""): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) {
      for (const [name, content] of snapshot(path.join(dir, entry.name), relative)) files.set(name, content);
    } else {
      files.set(relative, fs.readFileSync(path.join(dir, entry.name), "utf8"));
    }
  }
  return files;
}

describe("demo fixture: fixtures/alembic-project", () => {
  it("has three migrations and fourteen create_index calls in the newest one", () => {
    expect(migrationFiles.map((file) => path.basename(file))).toEqual([
      "20260901_0001_create_apps.py",
      "20261015_0002_add_visibility.py",
      NEWEST,
    ]);
    expect(createIndexCalls(newestText)).toHaveLength(14);
  });

  it("reports exactly the fourteen create_index calls and the two raw-SQL indexes of the newest migration", async () => {
    const results = await eslint().lintFiles(["alembic/versions"]);
    expect(results.map((result) => result.filePath).sort()).toEqual(migrationFiles);

    const findings = results.flatMap((result) =>
      result.messages.map((message) => ({
        file: result.filePath,
        ruleId: message.ruleId,
        line: message.line,
        column: message.column,
        endLine: message.endLine,
        endColumn: message.endColumn,
        message: message.message,
      })),
    );
    const expected = [...createIndexCalls(newestText), ...rawSqlIndexes(newestText)].sort(
      (a, b) => a.line - b.line || a.column - b.column,
    );
    expect(findings).toHaveLength(16);
    const where = (finding: { line: number; column: number; endLine?: number | undefined; endColumn?: number | undefined }) => ({
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
    });
    expect(findings.map((finding) => ({ file: finding.file, ruleId: finding.ruleId, ...where(finding) }))).toEqual(
      expected.map((call) => ({ file: newestFile, ruleId: "migrations/idempotent-ddl", ...where(call) })),
    );
    findings.forEach((finding, i) => {
      const call = expected[i];
      expect(finding.message).toContain(`"${call?.indexName ?? "?"}"`);
      expect(finding.message).toContain(call?.raw === true ? "Add `IF NOT EXISTS`" : "Add `if_not_exists=True`");
    });
  });

  it("fixes every finding with if_not_exists=True, leaving nothing to report", async () => {
    const results = await eslint(true).lintFiles(["alembic/versions"]);
    const fixed = results.filter((result) => result.output !== undefined);
    expect(fixed.map((result) => result.filePath)).toEqual([newestFile]);
    expect(results.flatMap((result) => result.messages)).toEqual([]);

    const output = fixed[0]?.output ?? "";
    expect(count(output, "if_not_exists=True") - count(newestText, "if_not_exists=True")).toBe(14);
    expect(count(output, "CREATE INDEX IF NOT EXISTS ix_app")).toBe(2);

    const relinted = await eslint().lintText(output, { filePath: newestFile });
    expect(relinted.flatMap((result) => result.messages)).toEqual([]);
  });

  it("produces valid Python, from valid Python", async () => {
    const originals = [...migrationFiles, path.join(projectDir, "alembic", "env.py")];
    for (const file of originals) {
      const parsed = parsePython(file);
      expect(parsed.stderr, file).toBe("");
      expect(parsed.status, file).toBe(0);
    }

    const [result] = await eslint(true).lintFiles([path.join("alembic", "versions", NEWEST)]);
    expect(result?.output).toBeTypeOf("string");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-demo-"));
    tempDirs.push(dir);
    const fixedFile = path.join(dir, NEWEST);
    fs.writeFileSync(fixedFile, result?.output ?? "");
    const parsed = parsePython(fixedFile);
    expect(parsed.stderr).toBe("");
    expect(parsed.status).toBe(0);
  });

  it("npm run demo prints the findings and the diff without touching the fixture", () => {
    const before = snapshot(projectDir);
    const appDir = path.join(root, "fixtures", "react-query-app");
    const appBefore = snapshot(appDir);
    const run = spawnSync(process.execPath, [path.join(root, "scripts", "demo.js")], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: "1" },
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("16 problems (16 errors, 0 warnings)");
    expect(run.stdout).toContain("16 problems found, 16 fixed automatically");
    expect(run.stdout).toMatch(/^\+.*if_not_exists=True/m);
    expect(run.stdout).toContain(`--- a/alembic/versions/${NEWEST}`);
    // Not a TTY: no ANSI escape sequences.
    expect(run.stdout).not.toContain("\u001b[");
    expect(snapshot(projectDir)).toEqual(before);
    // The second part: the hook rule on fixtures/react-query-app, which is left untouched too.
    expect(snapshot(appDir)).toEqual(appBefore);
    expect(run.stdout).toContain('linting fixtures/react-query-app with configs["recommended-type-checked"]');
    expect(run.stdout).toContain("3 problems (3 errors, 0 warnings)");
    expect(run.stdout).toContain("Argument `[]` of type `never[]` is not assignable to parameter `params` of `useApps()`");
    expect(run.stdout).toContain("-  const { data } = useApps([]);\n+  const { data } = useApps();");
    expect(run.stdout).toContain("--- a/src/legacy/AppCount.jsx");
    expect(run.stdout).toContain("3 problems found, 3 fixed automatically.");
  });
});
