import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as parser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import rule, { type HookCallSignatureOptions } from "../../rules/hook-call-signature.js";

/**
 * A monorepo on disk: an installed package (`query-kit`, a folder in node_modules) and a workspace
 * package (`@acme/hooks`, linked into node_modules the way npm, pnpm and Yarn workspaces link
 * them), both called with an argument their hook no longer takes.
 */
function monorepo(): { root: string; page: string } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "hook-call-signature-library-")));
  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  };
  write("node_modules/query-kit/package.json", JSON.stringify({ name: "query-kit", types: "index.d.ts" }));
  write("node_modules/query-kit/index.d.ts", "export declare function useQueryKit(key: string): unknown;\n");
  write("packages/hooks/package.json", JSON.stringify({ name: "@acme/hooks", types: "index.ts" }));
  write("packages/hooks/index.ts", "export interface AppsParams { page?: number }\nexport declare function useApps(params?: AppsParams): string[];\n");
  fs.mkdirSync(path.join(root, "node_modules", "@acme"), { recursive: true });
  fs.symlinkSync(path.join(root, "packages", "hooks"), path.join(root, "node_modules", "@acme", "hooks"), "dir");
  write(
    "apps/web/tsconfig.json",
    JSON.stringify({ compilerOptions: { strict: true, module: "ESNext", moduleResolution: "Bundler", noEmit: true, types: [] }, include: ["*.ts"] }),
  );
  const page = path.join(root, "apps", "web", "page.ts");
  fs.writeFileSync(page, "");
  return { root, page };
}

const CODE = 'import { useQueryKit } from "query-kit";\nimport { useApps } from "@acme/hooks";\nuseQueryKit(1);\nuseApps([]);\n';

const { root, page } = monorepo();
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function lint(options: HookCallSignatureOptions): { line: number; message: string }[] {
  const messages = new Linter({ cwd: root }).verify(
    CODE,
    [
      {
        files: ["**/*.ts"],
        plugins: { migrations: { rules: { "hook-call-signature": rule as never } } },
        languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: path.dirname(page) } },
        rules: { "migrations/hook-call-signature": ["error", options] },
      },
    ],
    page,
  );
  return messages.map(({ line, message }) => ({ line, message }));
}

const WORKSPACE_FINDING = {
  line: 4,
  message: "Argument `[]` of type `never[]` is not assignable to parameter `params` of `useApps()`, which expects `AppsParams | undefined`.",
};

describe("hooks of installed packages and of workspace packages", () => {
  it("by default, an installed package's hook is left to tsc; a workspace package's hook, linked into node_modules, is checked", () => {
    expect(lint({})).toEqual([WORKSPACE_FINDING]);
  });

  it("checkLibraryHooks: true checks the installed package's hook too", () => {
    expect(lint({ checkLibraryHooks: true })).toEqual([
      { line: 3, message: "Argument `1` is not assignable to parameter `key` of `useQueryKit()`, which expects `string`." },
      WORKSPACE_FINDING,
    ]);
  });
});
