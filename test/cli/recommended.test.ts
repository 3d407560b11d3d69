import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { extensionsOf, globMatcher } from "../../src/cli/globs.js";
import { RecommendedFiles } from "../../src/cli/recommended.js";

const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-globs-"));
afterAll(() => {
  fs.rmSync(cwd, { recursive: true, force: true });
});

/** Paths in and around every recommended folder, including the ones that only look like them. */
const PATHS = [
  "alembic/versions/0001.py",
  "alembic/versions/2024/01/0001.py",
  "api/alembic/versions/0001.py",
  "alembic/env.py",
  "alembic/versions/README",
  "alembic/versions/0001.pyc",
  "migrations/versions/0001.py",
  "migrations/0001.py",
  "xalembic/versions/0001.py",
  "alembic/versionsx/0001.py",
  "prisma/migrations/20240101000000_init/migration.sql",
  "migrations/0001.sql",
  "db/migration/V1__init.sql",
  "src/main/resources/db/migration/V1__init.sql",
  "drizzle/0000_init.sql",
  "drizzle/meta/0000_snapshot.json",
  "schema.sql",
  "migrationsx/0001.sql",
  ".hidden/migrations/0001.sql",
  "migrations/20240101_init.js",
  "migrations/20240101_init.cjs",
  "migrations/20240101_init.mjs",
  "src/migrations/1700000000000-Init.ts",
  "src/migration/1700000000000-Init.cts",
  "src/migration/1700000000000-Init.mts",
  "migrations/types.d.ts",
  "migrations/types.d.mts",
  "migrations/component.tsx",
  "src/index.ts",
  "migrations/notes.md",
];

describe("the CLI's reading of configs.recommended", () => {
  it("matches exactly the files ESLint lints with configs.recommended", async () => {
    const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: plugin.configs.recommended });
    const recommended = new RecommendedFiles();
    const ours = PATHS.map((file) => [file, recommended.matches(file)]);
    const eslints = await Promise.all(PATHS.map(async (file) => [file, (await eslint.calculateConfigForFile(path.join(cwd, file))) !== undefined]));
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(eslints));
    expect(ours.filter(([, matched]) => matched)).toHaveLength(16);
  });

  it("knows the extensions each entry lints, to pick an entry for a file named outside the folders", () => {
    const recommended = new RecommendedFiles();
    expect([...(recommended.extensions ?? [])].sort()).toEqual([".cjs", ".cts", ".js", ".mjs", ".mts", ".py", ".sql", ".ts"]);
    expect([".py", ".sql", ".ts", ".mjs", ".md"].map((extension) => recommended.entryForExtension(extension))).toEqual([0, 1, 2, 2, null]);
  });

  it("matches globs as ESLint does (minimatch with dot: true), and reads the extensions a glob ends in", () => {
    expect(globMatcher("**/migrations/**/*.{js,ts}")("src/.hidden/migrations/1_a.ts")).toBe(true);
    expect(globMatcher("**/migrations/**/*.{js,ts}")("src/migrations.ts")).toBe(false);
    expect(globMatcher("**/db/[0-9]*/*.sql")("db/2024_01/up.sql")).toBe(true);
    expect(extensionsOf("**/drizzle/**/*.sql")).toEqual([".sql"]);
    expect(extensionsOf("**/migrations/**")).toBeNull();
  });
});
