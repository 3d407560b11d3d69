import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import plugin from "../../src/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const appDir = path.join(root, "fixtures", "react-query-app");
const tscBin = path.join(root, "node_modules", "typescript", "bin", "tsc");

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function eslint(cwd: string, fix = false): ESLint {
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig: plugin.configs["recommended-type-checked"], fix });
}

function tsc(projectDir: string) {
  return spawnSync(process.execPath, [tscBin, "--noEmit", "-p", projectDir], { encoding: "utf8" });
}

/** A copy of the fixture app inside the repository, so that it resolves the same node_modules. */
function copyOfApp(): string {
  const scratch = path.join(root, "scratch");
  fs.mkdirSync(scratch, { recursive: true });
  const dir = fs.mkdtempSync(path.join(scratch, "react-query-app-"));
  tempDirs.push(dir);
  fs.cpSync(appDir, dir, { recursive: true });
  return dir;
}

describe("fixtures/react-query-app with configs[\"recommended-type-checked\"]", () => {
  it("tsc rejects the app as it is: the incident's error and the extra argument", () => {
    const run = tsc(appDir);
    expect(run.status).toBe(2);
    expect(run.stdout.trim().split("\n")).toEqual([
      "fixtures/react-query-app/src/pages/AppDetailPage.tsx(4,38): error TS2554: Expected 1 arguments, but got 2.",
      "fixtures/react-query-app/src/pages/DashboardPage.tsx(4,28): error TS2559: Type 'never[]' has no properties in common with type 'AppsParams'.",
    ]);
  });

  it("reports the three stale call sites, the JavaScript one that tsc does not check included", async () => {
    const results = await eslint(appDir).lintFiles(["."]);
    const findings = results.flatMap((result) =>
      result.messages.map((message) => ({
        file: path.relative(appDir, result.filePath).split(path.sep).join("/"),
        ruleId: message.ruleId,
        message: message.message,
        line: message.line,
        column: message.column,
        endLine: message.endLine,
        endColumn: message.endColumn,
        fixable: message.fix !== undefined,
        suggestions: (message.suggestions ?? []).map((suggestion) => suggestion.desc),
      })),
    );
    expect(findings).toEqual([
      {
        file: "src/legacy/AppCount.jsx",
        ruleId: "migrations/hook-call-signature",
        message: "Argument `null` is not assignable to parameter `params` of `useApps()`, which expects `AppsParams | undefined`.",
        line: 4,
        column: 28,
        endLine: 4,
        endColumn: 32,
        fixable: true,
        suggestions: [],
      },
      {
        file: "src/pages/AppDetailPage.tsx",
        ruleId: "migrations/hook-call-signature",
        message: "`useApp()` takes 1 argument, but this call passes 2 arguments: no parameter takes `undefined`.",
        line: 4,
        column: 38,
        endLine: 4,
        endColumn: 47,
        fixable: true,
        suggestions: [],
      },
      {
        file: "src/pages/DashboardPage.tsx",
        ruleId: "migrations/hook-call-signature",
        message: "Argument `[]` of type `never[]` is not assignable to parameter `params` of `useApps()`, which expects `AppsParams | undefined`.",
        line: 4,
        column: 28,
        endLine: 4,
        endColumn: 30,
        fixable: true,
        suggestions: [],
      },
    ]);
  });

  it("eslint --fix yields a project that tsc --noEmit accepts, and that lints clean", async () => {
    const dir = copyOfApp();
    await ESLint.outputFixes(await eslint(dir, true).lintFiles(["."]));
    const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
    expect(read("src/pages/DashboardPage.tsx")).toContain("const { data } = useApps();");
    expect(read("src/pages/AppDetailPage.tsx")).toContain("const { data: app } = useApp(name);");
    expect(read("src/legacy/AppCount.jsx")).toContain("const { data } = useApps();");

    const run = tsc(dir);
    expect(run.stdout).toBe("");
    expect(run.status).toBe(0);
    const relinted = await eslint(dir).lintFiles(["."]);
    expect(relinted.flatMap((result) => result.messages)).toEqual([]);
  });

  it("never runs the hook rule on Python or SQL files", () => {
    const config = plugin.configs["recommended-type-checked"];
    const typed = config.filter((entry) => entry.rules?.["migrations/hook-call-signature"] !== undefined);
    expect(typed.map((entry) => entry.files)).toEqual([["**/*.{ts,tsx,mts,cts,js,jsx}"]]);
    expect(plugin.rules["hook-call-signature"].meta?.languages).toEqual(["js/js"]);
  });
});

