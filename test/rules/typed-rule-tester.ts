import path from "node:path";
import { fileURLToPath } from "node:url";
import * as parser from "@typescript-eslint/parser";
import { RuleTester, type RunTests } from "@typescript-eslint/rule-tester";
import type { TSESLint } from "@typescript-eslint/utils";
import { afterAll, describe, it } from "vitest";

// typescript-eslint's RuleTester reports through whatever test framework it is given.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** The folder whose tsconfig.json gives the typed rule tests their program. */
export const TYPED_FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures-ts/hook-call-signature");

/**
 * A RuleTester with type information: every test's code stands in for one of the empty files of
 * TYPED_FIXTURE_DIR (`file.ts`, `page.tsx`, `legacy.js`, `widget.jsx`), which import hooks.ts.
 * The parser is the plugin's own @typescript-eslint/parser, not the copy the tester bundles.
 */
export function typedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parser,
      parserOptions: { projectService: true, tsconfigRootDir: TYPED_FIXTURE_DIR },
    },
  });
}

/**
 * RuleTester.run for a rule typed with the plugin's typescript-eslint utils. The tester (8.72.0;
 * there is no 8.74.0) bundles its own copy of those types, which TypeScript sees as different
 * types; the rule object is the same at run time.
 */
export function runTyped<MessageIds extends string, Options extends readonly unknown[], Docs>(
  name: string,
  rule: TSESLint.RuleModule<MessageIds, Options, Docs>,
  tests: RunTests<MessageIds, Options>,
): void {
  const tester = typedRuleTester();
  tester.run(name, rule as unknown as Parameters<typeof tester.run<MessageIds, Options>>[1], tests);
}

export const typedFile = (name: "file.ts" | "page.tsx" | "legacy.js" | "widget.jsx") => path.join(TYPED_FIXTURE_DIR, name);
