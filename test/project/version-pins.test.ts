// Version pins as real dependency files write them: local labels under environment markers,
// epochs, and numbers too large to compare. Each is read as the version it names or ignored with
// one warning, and what reaches a lint message is a plain version, never the library's garbage.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import { afterEach, describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { findPythonPackageVersion, versionAtLeast } from "../../src/project/python-dependencies.js";
import { WARNING_TYPE } from "../../src/project/warnings.js";

const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "version-pins-"));
  roots.push(root);
  fs.mkdirSync(path.join(root, ".git"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** The lookup's answer and the project warnings it emitted (Node delivers them on the next tick). */
async function lookUp(root: string): Promise<{ result: unknown; warnings: string[] }> {
  const warnings: string[] = [];
  const listener = (warning: Error) => {
    if (warning.name === WARNING_TYPE) warnings.push(warning.message);
  };
  process.on("warning", listener);
  try {
    const result = findPythonPackageVersion(path.join(root, "alembic/versions/0001.py"), "alembic");
    await new Promise((resolve) => setImmediate(resolve));
    return { result, warnings };
  } finally {
    process.off("warning", listener);
  }
}

describe("version pins", () => {
  it("reads a local label under environment markers beside a plain pin, taking the lower", async () => {
    const root = project({
      "requirements.txt": 'alembic==1.12.0+abc.1 ; python_version < "3.9"\nalembic==1.13.1 ; python_version >= "3.9"\n',
    });
    expect(await lookUp(root)).toEqual({
      result: { version: "1.12.0", source: path.join(root, "requirements.txt"), exact: true },
      warnings: [],
    });
  });

  it.each([
    ["alembic==1.14.0+local.1", "1.14.0"],
    ["alembic>=1.13+ubuntu.2", "1.13.0"],
    ["alembic==1!2.0", "1!2.0.0"],
    ["alembic>=1!1.0,<2!0", "1!1.0.0"],
  ])("reads %s as %s", async (line, version) => {
    const root = project({ "requirements.txt": `${line}\n` });
    expect((await lookUp(root)).result).toMatchObject({ version });
  });

  it("ignores a version too large to compare, with a warning, and uses the other mention", async () => {
    const root = project({
      "requirements.txt": 'alembic>=99999999999999999999999999999.0 ; python_version < "3"\nalembic==1.10.4 ; python_version >= "3"\n',
    });
    const file = path.join(root, "requirements.txt");
    expect(await lookUp(root)).toEqual({
      result: { version: "1.10.4", source: file, exact: true },
      warnings: [`eslint-plugin-migrations ignored the version "99999999999999999999999999999.0" in ${file}: its numbers are too large to compare.`],
    });
  });

  it("cuts a long version in the warning", async () => {
    const root = project({ "poetry.lock": `[[package]]\nname = "alembic"\nversion = "1.${"9".repeat(200)}"\n` });
    const { result, warnings } = await lookUp(root);
    expect(result).toBeNull();
    expect(warnings).toEqual([
      `eslint-plugin-migrations ignored the version "1.${"9".repeat(37)}…" in ${path.join(root, "poetry.lock")}: its numbers are too large to compare.`,
    ]);
  });

  it("reads a pyproject.toml with 123,000 dependencies", async () => {
    const dependencies = Array.from({ length: 123_000 }, (_, index) => `  "package-${String(index)}>=1.0",`);
    dependencies.push('  "alembic>=1.13",');
    const root = project({ "pyproject.toml": `[project]\nname = "big"\ndependencies = [\n${dependencies.join("\n")}\n]\n` });
    expect((await lookUp(root)).result).toEqual({ version: "1.13.0", source: path.join(root, "pyproject.toml"), exact: false });
  });

  it("compares versions with local labels and rejects absurd ones without throwing", () => {
    expect(versionAtLeast("1.0.0+local.1", "1.0.0")).toBe(true);
    expect(versionAtLeast("1.12.0+abc.1", "1.13.0")).toBe(false);
    expect(versionAtLeast("99999999999999999999999999999.0", "1.0")).toBe(false);
  });
});

describe("what the rule says about such pins", () => {
  const migration = 'from alembic import op\n\nop.create_index("ix_a", "t", ["a"])\n';

  async function lint(requirements: string) {
    const root = project({ "requirements.txt": requirements, "alembic/versions/0001_a.py": migration });
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: plugin.configs.recommended, fix: true });
    const [result] = await eslint.lintFiles(["alembic/versions/0001_a.py"]);
    return { messages: result?.messages.map(({ message, line, column }) => ({ message, line, column })), output: result?.output };
  }

  it("names the public version of a pin with a local label", async () => {
    expect(await lint("alembic==1.10.0+local.1\nsqlalchemy==1.4.52\n")).toEqual({
      messages: [
        {
          message:
            "op.create_index() is not retry-safe (the retry fails with 'relation \"ix_a\" already exists'), and `if_not_exists` does not work with Alembic 1.10.0 (from requirements.txt) and SQLAlchemy 1.4.52 (from requirements.txt): it needs Alembic >= 1.13.0, or Alembic >= 1.11.2 with SQLAlchemy >= 2.0.0. Upgrade, or emit guarded SQL with op.execute().",
          line: 3,
          column: 1,
        },
      ],
      output: undefined,
    });
  });

  it("fixes as for a current release when the only pin is a local build of one", async () => {
    expect(await lint("alembic==1.14.0+local.1\n")).toEqual({
      messages: [],
      output: 'from alembic import op\n\nop.create_index("ix_a", "t", ["a"], if_not_exists=True)\n',
    });
  });

  it("fixes as for an unknown version when the pin is absurd, and prints no garbage", async () => {
    expect(await lint("alembic>=99999999999999999999999999999.0\n")).toEqual({
      messages: [],
      output: 'from alembic import op\n\nop.create_index("ix_a", "t", ["a"], if_not_exists=True)\n',
    });
  });
});
