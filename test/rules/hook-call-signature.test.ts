import rule from "../../rules/hook-call-signature.js";
import { runTyped, typedFile } from "./typed-rule-tester.js";

/** Calls of functions declared in installed packages (React) and TypeScript's lib files (`Math.max`), one re-exported. */
const LIBRARY_CALLS = [
  'import { useMemo, useState } from "react";',
  'import * as React from "react";',
  'import { useMemoized } from "./hooks";',
  "useMemo(() => 1);",
  "React.useMemo(() => 1);",
  "useMemoized(() => 1);",
  "useState(1, 2);",
  'Math.max("a");',
].join("\n");

const ts = typedFile("file.ts");
const tsx = typedFile("page.tsx");
const js = typedFile("legacy.js");
const jsx = typedFile("widget.jsx");


/** The message data of an argument that does not fit its parameter. */
const argumentType = (actual: string, parameter: string, callee: string, expected: string) => ({
  messageId: "argumentType" as const,
  data: { actual, parameter, callee, expected },
});

runTyped("hook-call-signature", rule, {
  valid: [
    {
      name: "calls that match the current signature",
      code: [
        'import { useApps, useApp, useTheme, useSearch } from "./hooks";',
        "useApps();",
        "useApps(undefined);",
        'useApps({ appNames: ["github"], page: 2 });',
        "const params = { page: 1, extra: true };",
        "useApps(params);",
        'useApp("github");',
        'useApp("github", { refetch: true });',
        "useTheme();",
        'useSearch({ query: "git" });',
      ].join("\n"),
      filename: ts,
    },
    {
      name: "overloads, rest parameters and generics that accept the call",
      code: [
        'import { useSetting, useTags, useRoute, useCached, useChoice } from "./hooks";',
        'useSetting("theme");',
        'useSetting("pageSize", 20);',
        "useTags();",
        'useTags("a", "b", "c");',
        'useRoute("/apps");',
        'useRoute("/apps", 3);',
        'const n: number = useCached(["k"], 1);',
        'useCached<string>(["k"]);',
        'useChoice("grid");',
      ].join("\n"),
      filename: ts,
    },
    {
      name: "a function that is not a hook is not checked by default",
      code: 'import { fetchApps } from "./hooks";\nvoid fetchApps([]);',
      filename: ts,
    },
    {
      name: "a spread argument is left to TypeScript",
      code: 'import { useApps } from "./hooks";\nconst args: [] = [];\nuseApps(...args);',
      filename: ts,
    },
    {
      name: "an untyped callee has nothing to check",
      code: "declare const useAnything: any;\nuseAnything([], 1, 2);",
      filename: ts,
    },
    {
      name: "hooks declared in installed packages (and TypeScript's lib files) are left to tsc by default, also when re-exported",
      code: LIBRARY_CALLS,
      filename: ts,
      options: [{ functions: ["^use[A-Z0-9]", "^max$"] }],
    },
    {
      name: "functions: [] turns the rule off",
      code: 'import { useApps } from "./hooks";\nuseApps([]);',
      filename: ts,
      options: [{ functions: [] }],
    },
  ],
  invalid: [
    {
      name: "the incident: useApps([]) in a .tsx page after useApps(appNames?) became useApps(params?)",
      code: [
        'import { useApps } from "./hooks";',
        "",
        "export function DashboardPage() {",
        "  const apps = useApps([]);",
        "  return <p>{apps.length} apps</p>;",
        "}",
        "",
      ].join("\n"),
      filename: tsx,
      output: [
        'import { useApps } from "./hooks";',
        "",
        "export function DashboardPage() {",
        "  const apps = useApps();",
        "  return <p>{apps.length} apps</p>;",
        "}",
        "",
      ].join("\n"),
      errors: [
        {
          ...argumentType("never[]", "params", "useApps", "AppsParams | undefined"),
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 26,
          suggestions: [
            {
              messageId: "wrapInObject",
              data: { property: "appNames", callee: "useApps" },
              output: [
                'import { useApps } from "./hooks";',
                "",
                "export function DashboardPage() {",
                "  const apps = useApps({ appNames: [] });",
                "  return <p>{apps.length} apps</p>;",
                "}",
                "",
              ].join("\n"),
            },
          ],
        },
      ],
    },
    {
      name: "an array that fits exactly one property: suggestion only",
      code: 'import { useApps } from "./hooks";\nuseApps(["github", "gitlab"]);',
      filename: ts,
      output: null,
      errors: [
        {
          ...argumentType("string[]", "params", "useApps", "AppsParams | undefined"),
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 29,
          suggestions: [
            {
              messageId: "wrapInObject",
              data: { property: "appNames", callee: "useApps" },
              output: 'import { useApps } from "./hooks";\nuseApps({ appNames: ["github", "gitlab"] });',
            },
          ],
        },
      ],
    },
    {
      name: "an array that fits two properties: one suggestion each",
      code: 'import { useSearch } from "./hooks";\nuseSearch(["infra"]);',
      filename: ts,
      output: null,
      errors: [
        {
          ...argumentType("string[]", "params", "useSearch", "SearchParams | undefined"),
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 20,
          suggestions: [
            {
              messageId: "wrapInObject",
              data: { property: "tags", callee: "useSearch" },
              output: 'import { useSearch } from "./hooks";\nuseSearch({ tags: ["infra"] });',
            },
            {
              messageId: "wrapInObject",
              data: { property: "owners", callee: "useSearch" },
              output: 'import { useSearch } from "./hooks";\nuseSearch({ owners: ["infra"] });',
            },
          ],
        },
      ],
    },
    {
      name: "a required object parameter: the wrap is a suggestion, the array is not removable",
      code: 'import { usePage } from "./hooks";\nusePage(["github"]);',
      filename: ts,
      output: null,
      errors: [
        {
          ...argumentType("string[]", "params", "usePage", "PageParams"),
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 19,
          suggestions: [
            {
              messageId: "wrapInObject",
              data: { property: "appNames", callee: "usePage" },
              output: 'import { usePage } from "./hooks";\nusePage({ appNames: ["github"] });',
            },
          ],
        },
      ],
    },
    {
      name: "null where every remaining parameter is optional: removed",
      code: 'import { useApps } from "./hooks";\nuseApps(null);',
      filename: ts,
      output: 'import { useApps } from "./hooks";\nuseApps();',
      errors: [{ ...argumentType("null", "params", "useApps", "AppsParams | undefined"), line: 2, column: 9, endLine: 2, endColumn: 13 }],
    },
    {
      name: "undefined for a required parameter: reported, not removed",
      code: 'import { useApp } from "./hooks";\nuseApp(undefined);',
      filename: ts,
      output: null,
      errors: [{ ...argumentType("undefined", "name", "useApp", "string"), line: 2, column: 8, endLine: 2, endColumn: 17 }],
    },
    {
      name: "undefined as an extra argument: removed",
      code: 'import { useTheme } from "./hooks";\nuseTheme(undefined);',
      filename: ts,
      output: 'import { useTheme } from "./hooks";\nuseTheme();',
      errors: [
        {
          messageId: "tooManyArguments",
          data: { callee: "useTheme", arity: "no arguments", count: "1 argument" },
          line: 2,
          column: 10,
          endLine: 2,
          endColumn: 19,
        },
      ],
    },
    {
      name: "the removal takes the comma before, a trailing comma and the comments among the arguments",
      code: [
        'import { useApps, useApp } from "./hooks";',
        "useApps(",
        "  // every app",
        "  [],",
        ");",
        "useApps(/* all */ [] /* apps */);",
        'useApp("github", /* no options */ null, undefined,);',
        'useApp("github",',
        "  null,",
        ");",
      ].join("\n"),
      filename: ts,
      output: [
        'import { useApps, useApp } from "./hooks";',
        "useApps();",
        "useApps();",
        'useApp("github",);',
        'useApp("github",',
        ");",
      ].join("\n"),
      errors: [
        { messageId: "argumentType", line: 4, column: 3, suggestions: [{ messageId: "wrapInObject", output: 'import { useApps, useApp } from "./hooks";\nuseApps(\n  // every app\n  { appNames: [] },\n);\nuseApps(/* all */ [] /* apps */);\nuseApp("github", /* no options */ null, undefined,);\nuseApp("github",\n  null,\n);' }] },
        { messageId: "argumentType", line: 6, column: 19, suggestions: [{ messageId: "wrapInObject", output: 'import { useApps, useApp } from "./hooks";\nuseApps(\n  // every app\n  [],\n);\nuseApps(/* all */ { appNames: [] } /* apps */);\nuseApp("github", /* no options */ null, undefined,);\nuseApp("github",\n  null,\n);' }] },
        { ...argumentType("null", "options", "useApp", "{ refetch?: boolean; } | undefined"), line: 7, column: 35, endLine: 7, endColumn: 39 },
        { messageId: "tooManyArguments", data: { callee: "useApp", arity: "1 to 2 arguments", count: "3 arguments" }, line: 7, column: 41, endLine: 7, endColumn: 50 },
        { ...argumentType("null", "options", "useApp", "{ refetch?: boolean; } | undefined"), line: 9, column: 3, endLine: 9, endColumn: 7 },
      ],
    },
    {
      name: "extra arguments that carry something: suggestion to remove them",
      code: 'import { useApps } from "./hooks";\nconst page = 2;\nuseApps({ page }, page, "desc");',
      filename: ts,
      output: null,
      errors: [
        {
          messageId: "tooManyArguments",
          data: { callee: "useApps", arity: "at most 1 argument", count: "3 arguments" },
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 31,
          suggestions: [
            {
              messageId: "removeArguments",
              data: { arguments: "2 arguments" },
              output: 'import { useApps } from "./hooks";\nconst page = 2;\nuseApps({ page });',
            },
          ],
        },
      ],
    },
    {
      name: "a missing required argument is reported at the function's name",
      code: 'import { useApp } from "./hooks";\nuseApp();',
      filename: ts,
      output: null,
      errors: [
        {
          messageId: "missingArgument",
          data: { callee: "useApp", arity: "1 to 2 arguments", count: "none", parameter: "name", expected: "string" },
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 7,
        },
      ],
    },
    {
      name: "object literals with unknown keys",
      code: 'import { useApps } from "./hooks";\nuseApps({ pages: 2 });\nuseApps({ appNames: [], "page-size": 10 });',
      filename: ts,
      output: null,
      errors: [
        {
          messageId: "unknownKey",
          data: { key: "pages", expected: "AppsParams", parameter: "params", callee: "useApps" },
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 19,
        },
        {
          messageId: "unknownKey",
          data: { key: '"page-size"', expected: "AppsParams", parameter: "params", callee: "useApps" },
          line: 3,
          column: 25,
          endLine: 3,
          endColumn: 40,
        },
      ],
    },
    {
      name: "overloads: reported only when no overload accepts the call",
      code: 'import { useSetting } from "./hooks";\nuseSetting("pageSize");\nuseSetting("color");',
      filename: ts,
      output: null,
      errors: [2, 3].map((line) => ({
        messageId: "noOverload" as const,
        data: {
          callee: "useSetting",
          overloads: '`(key: "theme"): string`; `(key: "pageSize", fallback: number): number`',
        },
        line,
        column: 1,
        endLine: line,
        endColumn: 11,
      })),
    },
    {
      name: "rest parameters: array and tuple rest",
      code: [
        'import { useTags, useRoute } from "./hooks";',
        'useTags("a", 1);',
        "useRoute();",
        'useRoute("/apps", "3");',
        'useRoute("/apps", 3, 4);',
      ].join("\n"),
      filename: ts,
      output: null,
      errors: [
        { ...argumentType("1", "tags", "useTags", "string"), line: 2, column: 14, endLine: 2, endColumn: 15 },
        {
          messageId: "missingArgument",
          data: { callee: "useRoute", arity: "1 to 2 arguments", count: "none", parameter: "path", expected: "string" },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 9,
        },
        { ...argumentType('"3"', "id", "useRoute", "number | undefined"), line: 4, column: 19, endLine: 4, endColumn: 22 },
        {
          messageId: "tooManyArguments",
          data: { callee: "useRoute", arity: "1 to 2 arguments", count: "3 arguments" },
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 23,
          suggestions: [{ messageId: "removeArguments", data: { arguments: "argument" }, output: 'import { useTags, useRoute } from "./hooks";\nuseTags("a", 1);\nuseRoute();\nuseRoute("/apps", "3");\nuseRoute("/apps", 3);' }],
        },
      ],
    },
    {
      name: "generics: explicit and inferred type arguments",
      code: 'import { useCached, useChoice } from "./hooks";\nuseCached<number>(["k"], "x");\nuseChoice("table");',
      filename: ts,
      output: null,
      errors: [
        { ...argumentType('"x"', "fallback", "useCached", "number | undefined"), line: 2, column: 26, endLine: 2, endColumn: 29 },
        { ...argumentType('"table"', "value", "useChoice", '"list" | "grid"'), line: 3, column: 11, endLine: 3, endColumn: 18 },
      ],
    },
    {
      name: "member calls, optional calls and non-null callees",
      code: 'import { api } from "./hooks";\napi.useApps([]);\napi?.useApps(null);\napi.useApps!(null);\napi["useApps"](null);',
      filename: ts,
      output: 'import { api } from "./hooks";\napi.useApps();\napi?.useApps();\napi.useApps!();\napi["useApps"]();',
      errors: [
        {
          ...argumentType("never[]", "params", "api.useApps", "AppsParams | undefined"),
          line: 2,
          column: 13,
          endLine: 2,
          endColumn: 15,
          suggestions: [
            {
              messageId: "wrapInObject",
              data: { property: "appNames", callee: "api.useApps" },
              output: 'import { api } from "./hooks";\napi.useApps({ appNames: [] });\napi?.useApps(null);\napi.useApps!(null);\napi["useApps"](null);',
            },
          ],
        },
        { ...argumentType("null", "params", "api?.useApps", "AppsParams | undefined"), line: 3, column: 14, endLine: 3, endColumn: 18 },
        { ...argumentType("null", "params", "api.useApps", "AppsParams | undefined"), line: 4, column: 14, endLine: 4, endColumn: 18 },
        { ...argumentType("null", "params", "useApps", "AppsParams | undefined"), line: 5, column: 16, endLine: 5, endColumn: 20 },
      ],
    },
    {
      name: "a function named in `functions` is checked; the default hooks then are not",
      code: 'import { fetchApps, useApps } from "./hooks";\nvoid fetchApps(null);\nuseApps(null);',
      filename: ts,
      options: [{ functions: ["^fetch[A-Z]"] }],
      output: 'import { fetchApps, useApps } from "./hooks";\nvoid fetchApps();\nuseApps(null);',
      errors: [{ ...argumentType("null", "params", "fetchApps", "AppsParams | undefined"), line: 2, column: 16, endLine: 2, endColumn: 20 }],
    },
    {
      name: "checkLibraryHooks: calls of installed packages' hooks are checked too",
      code: LIBRARY_CALLS,
      filename: ts,
      options: [{ functions: ["^use[A-Z0-9]", "^max$"], checkLibraryHooks: true }],
      errors: [
        {
          messageId: "missingArgument",
          data: { callee: "useMemo", arity: "2 arguments", count: "1", parameter: "deps", expected: "React.DependencyList" },
          line: 4,
          column: 1,
          endLine: 4,
          endColumn: 8,
        },
        {
          messageId: "missingArgument",
          data: { callee: "React.useMemo", arity: "2 arguments", count: "1", parameter: "deps", expected: "React.DependencyList" },
          line: 5,
          column: 7,
          endLine: 5,
          endColumn: 14,
        },
        {
          messageId: "missingArgument",
          data: { callee: "useMemoized", arity: "2 arguments", count: "1", parameter: "deps", expected: "React.DependencyList" },
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 12,
        },
        {
          messageId: "noOverload",
          data: {
            callee: "useState",
            overloads:
              "`<S>(initialState: S | (() => S)): [S, React.Dispatch<React.SetStateAction<S>>]`; `<S = undefined>(): [S | undefined, React.Dispatch<React.SetStateAction<S | undefined>>]`",
          },
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 9,
        },
        { ...argumentType('"a"', "values", "Math.max", "number"), line: 8, column: 10, endLine: 8, endColumn: 13 },
      ],
    },
    {
      name: "a member of a package's generic type instantiated with the project's types is checked by default",
      code: "declare const pending: Promise<string>;\npending.then(null, null, null);",
      filename: ts,
      options: [{ functions: ["^then$"] }],
      output: "declare const pending: Promise<string>;\npending.then(null, null);",
      errors: [
        {
          messageId: "tooManyArguments",
          data: { callee: "pending.then", arity: "at most 2 arguments", count: "3 arguments" },
          line: 2,
          column: 26,
          endLine: 2,
          endColumn: 30,
        },
      ],
    },
    {
      name: ".js files without checkJs get the same checks",
      code: 'import { useApps, useTheme } from "./hooks";\nuseApps([]);\nuseTheme("dark");',
      filename: js,
      output: 'import { useApps, useTheme } from "./hooks";\nuseApps();\nuseTheme("dark");',
      errors: [
        {
          ...argumentType("never[]", "params", "useApps", "AppsParams | undefined"),
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 11,
          suggestions: [
            {
              messageId: "wrapInObject",
              data: { property: "appNames", callee: "useApps" },
              output: 'import { useApps, useTheme } from "./hooks";\nuseApps({ appNames: [] });\nuseTheme("dark");',
            },
          ],
        },
        {
          messageId: "tooManyArguments",
          data: { callee: "useTheme", arity: "no arguments", count: "1 argument" },
          line: 3,
          column: 10,
          endLine: 3,
          endColumn: 16,
          suggestions: [{ messageId: "removeArguments", data: { arguments: "argument" }, output: 'import { useApps, useTheme } from "./hooks";\nuseApps([]);\nuseTheme();' }],
        },
      ],
    },
    {
      name: ".jsx components too",
      code: 'import { useApps } from "./hooks";\nexport function Count() {\n  return <span>{useApps(null).length}</span>;\n}',
      filename: jsx,
      output: 'import { useApps } from "./hooks";\nexport function Count() {\n  return <span>{useApps().length}</span>;\n}',
      errors: [{ ...argumentType("null", "params", "useApps", "AppsParams | undefined"), line: 3, column: 25, endLine: 3, endColumn: 29 }],
    },
  ],
});

