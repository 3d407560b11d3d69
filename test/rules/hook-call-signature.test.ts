import type { InvalidTestCase, ValidTestCase } from "@typescript-eslint/rule-tester";
import { describe, expect, it } from "vitest";
import rule, { type HookCallSignatureOptions } from "../../rules/hook-call-signature.js";
import { createFixtureChecker, dataTokens, missing } from "./suggestion-typecheck.js";
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


type MessageId = (typeof rule)["meta"]["messages"] extends Record<infer Id, string> ? Id : never;

/** The message data of an argument that does not fit its parameter. */
const argumentType = (argument: string, actual: string, parameter: string, callee: string, expected: string) => ({
  messageId: argument === actual ? ("argumentValue" as const) : ("argumentType" as const),
  data: { argument, actual, parameter, callee, expected },
});

/** The message data of arguments beyond the last parameter. */
const tooMany = (callee: string, arity: string, count: string, extra: string) => ({
  messageId: "tooManyArguments" as const,
  data: { callee, arity, count, extra },
});

/** A suggestion that moves values into an object parameter. */
const moveIntoObject = (parameter: string, placements: string, output: string) => ({
  messageId: "moveIntoObject" as const,
  data: { parameter, placements },
  output,
});

const valid: ValidTestCase<[HookCallSignatureOptions]>[] = [
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
      name: "defaulted parameters accept undefined, as TypeScript's callers see them",
      code: [
        'import { useList } from "./hooks";',
        "declare const maybe: string[] | undefined;",
        "useList(maybe);",
        "useList(undefined);",
        "useList(maybe, undefined);",
        "useList(undefined, 10);",
      ].join("\n"),
      filename: ts,
    },
    {
      name: "a call tsc accepts is not reported: a stale call under @ts-expect-error",
      code: 'import { useApps } from "./hooks";\n// @ts-expect-error -- the page is rewritten in the next release\nuseApps(["github"]);',
      filename: ts,
    },
    {
      name: "functions: [] turns the rule off",
      code: 'import { useApps } from "./hooks";\nuseApps([]);',
      filename: ts,
      options: [{ functions: [] }],
    },
  ];

const invalid: InvalidTestCase<MessageId, [HookCallSignatureOptions]>[] = [
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
      { ...argumentType("[]", "never[]", "params", "useApps", "AppsParams | undefined"), line: 4, column: 24, endLine: 4, endColumn: 26, suggestions: [] },
    ],
  },
  {
    name: "an array that fits exactly one key by type: moved under it, as a suggestion",
    code: 'import { useApps } from "./hooks";\nuseApps(["github", "gitlab"]);',
    filename: ts,
    output: null,
    errors: [
      {
        ...argumentType('["github", "gitlab"]', "string[]", "params", "useApps", "AppsParams | undefined"),
        line: 2,
        column: 9,
        endLine: 2,
        endColumn: 29,
        suggestions: [
          moveIntoObject(
            "params",
            '`["github", "gitlab"]` as `appNames` (the only key that accepts `string[]`)',
            'import { useApps } from "./hooks";\nuseApps({ appNames: ["github", "gitlab"] });',
          ),
        ],
      },
    ],
  },
  {
    name: "an array that fits two keys by type alone: no guess",
    code: 'import { useSearch } from "./hooks";\nuseSearch(["infra"]);',
    filename: ts,
    output: null,
    errors: [
      { ...argumentType('["infra"]', "string[]", "params", "useSearch", "SearchParams | undefined"), line: 2, column: 11, endLine: 2, endColumn: 20, suggestions: [] },
    ],
  },
  {
    name: "the argument's name picks the key; names close to two keys give one suggestion each",
    code: [
      'import { useSearch } from "./hooks";',
      "declare const tagList: string[];",
      "declare const ownerTags: string[];",
      "useSearch(tagList);",
      "useSearch(ownerTags);",
    ].join("\n"),
    filename: ts,
    output: null,
    errors: [
      {
        ...argumentType("tagList", "string[]", "params", "useSearch", "SearchParams | undefined"),
        line: 4,
        column: 11,
        endLine: 4,
        endColumn: 18,
        suggestions: [
          moveIntoObject(
            "params",
            "`tagList` as `tags` (similar name `tagList`)",
            'import { useSearch } from "./hooks";\ndeclare const tagList: string[];\ndeclare const ownerTags: string[];\nuseSearch({ tags: tagList });\nuseSearch(ownerTags);',
          ),
        ],
      },
      {
        ...argumentType("ownerTags", "string[]", "params", "useSearch", "SearchParams | undefined"),
        line: 5,
        column: 11,
        endLine: 5,
        endColumn: 20,
        suggestions: [
          moveIntoObject(
            "params",
            "`ownerTags` as `tags` (similar name `ownerTags`)",
            'import { useSearch } from "./hooks";\ndeclare const tagList: string[];\ndeclare const ownerTags: string[];\nuseSearch(tagList);\nuseSearch({ tags: ownerTags });',
          ),
          moveIntoObject(
            "params",
            "`ownerTags` as `owners` (similar name `ownerTags`)",
            'import { useSearch } from "./hooks";\ndeclare const tagList: string[];\ndeclare const ownerTags: string[];\nuseSearch(tagList);\nuseSearch({ owners: ownerTags });',
          ),
        ],
      },
    ],
  },
  {
    name: "a required object parameter: the value moves under its required key",
    code: 'import { usePage } from "./hooks";\nusePage(["github"]);',
    filename: ts,
    output: null,
    errors: [
      {
        ...argumentType('["github"]', "string[]", "params", "usePage", "PageParams"),
        line: 2,
        column: 9,
        endLine: 2,
        endColumn: 19,
        suggestions: [
          moveIntoObject("params", '`["github"]` as `appNames` (the only key that accepts `string[]`)', 'import { usePage } from "./hooks";\nusePage({ appNames: ["github"] });'),
        ],
      },
    ],
  },
  {
    name: "null where every remaining parameter is optional: removed",
    code: 'import { useApps } from "./hooks";\nuseApps(null);',
    filename: ts,
    output: 'import { useApps } from "./hooks";\nuseApps();',
    errors: [{ ...argumentType("null", "null", "params", "useApps", "AppsParams | undefined"), line: 2, column: 9, endLine: 2, endColumn: 13, suggestions: [] }],
  },
  {
    name: "undefined for a required parameter: reported, not removed",
    code: 'import { useApp } from "./hooks";\nuseApp(undefined);',
    filename: ts,
    output: null,
    errors: [{ ...argumentType("undefined", "undefined", "name", "useApp", "string"), line: 2, column: 8, endLine: 2, endColumn: 17, suggestions: [] }],
  },
  {
    name: "undefined as an extra argument: removed",
    code: 'import { useTheme } from "./hooks";\nuseTheme(undefined);',
    filename: ts,
    output: 'import { useTheme } from "./hooks";\nuseTheme();',
    errors: [{ ...tooMany("useTheme", "no arguments", "1 argument", "`undefined`"), line: 2, column: 10, endLine: 2, endColumn: 19 }],
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
    output: ['import { useApps, useApp } from "./hooks";', "useApps();", "useApps();", 'useApp("github",);', 'useApp("github",', ");"].join("\n"),
    errors: [
      { ...argumentType("[]", "never[]", "params", "useApps", "AppsParams | undefined"), line: 4, column: 3, endLine: 4, endColumn: 5, suggestions: [] },
      { ...argumentType("[]", "never[]", "params", "useApps", "AppsParams | undefined"), line: 6, column: 19, endLine: 6, endColumn: 21, suggestions: [] },
      { ...argumentType("null", "null", "options", "useApp", "{ refetch?: boolean; } | undefined"), line: 7, column: 35, endLine: 7, endColumn: 39, suggestions: [] },
      { ...tooMany("useApp", "1 to 2 arguments", "3 arguments", "`undefined`"), line: 7, column: 41, endLine: 7, endColumn: 50 },
      { ...argumentType("null", "null", "options", "useApp", "{ refetch?: boolean; } | undefined"), line: 9, column: 3, endLine: 9, endColumn: 7, suggestions: [] },
    ],
  },
  {
    name: "an empty argument before one that fits: dropping it is suggested, never the argument that carries data",
    code: 'import { useUsers } from "./hooks";\nuseUsers(undefined, { forceRefresh: true });',
    filename: ts,
    output: null,
    errors: [
      {
        ...tooMany("useUsers", "at most 1 argument", "2 arguments", "`{ forceRefresh: true }`"),
        line: 2,
        column: 21,
        endLine: 2,
        endColumn: 43,
        suggestions: [
          {
            messageId: "dropEmptyArguments",
            data: { arguments: "`undefined`", ies: "ies", signature: "useUsers(options?: UsersOptions): App[]" },
            output: 'import { useUsers } from "./hooks";\nuseUsers({ forceRefresh: true });',
          },
        ],
      },
    ],
  },
  {
    name: "a setter call of a hook that became a getter: no suggestion, the value would be lost",
    code: 'import { useDarkMode } from "./hooks";\ndeclare const enabled: boolean;\nuseDarkMode(enabled);',
    filename: ts,
    output: null,
    errors: [{ ...tooMany("useDarkMode", "no arguments", "1 argument", "`enabled`"), line: 3, column: 13, endLine: 3, endColumn: 20, suggestions: [] }],
  },
  {
    name: "positional arguments that became an options object move under the keys named like them",
    code: 'import { useOrders } from "./hooks";\ndeclare const page: number;\ndeclare const pageSize: number;\nuseOrders("open", page, pageSize);',
    filename: ts,
    output: null,
    errors: ((output) => [
      {
        ...argumentType("page", "number", "options", "useOrders", "OrdersOptions | undefined"),
        line: 4,
        column: 19,
        endLine: 4,
        endColumn: 23,
        suggestions: [moveIntoObject("options", "`page` as `page` (same name), `pageSize` as `pageSize` (same name)", output)],
      },
      {
        ...tooMany("useOrders", "1 to 2 arguments", "3 arguments", "`pageSize`"),
        line: 4,
        column: 25,
        endLine: 4,
        endColumn: 33,
        suggestions: [moveIntoObject("options", "`page` as `page` (same name), `pageSize` as `pageSize` (same name)", output)],
      },
    ])('import { useOrders } from "./hooks";\ndeclare const page: number;\ndeclare const pageSize: number;\nuseOrders("open", { page, pageSize });'),
  },
  {
    name: "a number that fits two keys by type alone: no guess; a similar name or a label comment decides",
    code: [
      'import { useOrders } from "./hooks";',
      "declare const pageNumber: number;",
      'useOrders("open", 2);',
      'useOrders("open", pageNumber);',
      'useOrders("open", { page: 1 }, /* pageSize */ 50);',
      'useOrders("open", undefined, "desc");',
    ].join("\n"),
    filename: ts,
    output: null,
    errors: [
      { ...argumentType("2", "2", "options", "useOrders", "OrdersOptions | undefined"), line: 3, column: 19, endLine: 3, endColumn: 20, suggestions: [] },
      {
        ...argumentType("pageNumber", "number", "options", "useOrders", "OrdersOptions | undefined"),
        line: 4,
        column: 19,
        endLine: 4,
        endColumn: 29,
        suggestions: [
          moveIntoObject(
            "options",
            "`pageNumber` as `page` (similar name `pageNumber`)",
            'import { useOrders } from "./hooks";\ndeclare const pageNumber: number;\nuseOrders("open", 2);\nuseOrders("open", { page: pageNumber });\nuseOrders("open", { page: 1 }, /* pageSize */ 50);\nuseOrders("open", undefined, "desc");',
          ),
        ],
      },
      {
        ...tooMany("useOrders", "1 to 2 arguments", "3 arguments", "`50`"),
        line: 5,
        column: 47,
        endLine: 5,
        endColumn: 49,
        suggestions: [
          moveIntoObject(
            "options",
            "`50` as `pageSize` (same name)",
            'import { useOrders } from "./hooks";\ndeclare const pageNumber: number;\nuseOrders("open", 2);\nuseOrders("open", pageNumber);\nuseOrders("open", { page: 1, pageSize: 50 });\nuseOrders("open", undefined, "desc");',
          ),
        ],
      },
      {
        ...tooMany("useOrders", "1 to 2 arguments", "3 arguments", '`"desc"`'),
        line: 6,
        column: 30,
        endLine: 6,
        endColumn: 36,
        suggestions: [
          moveIntoObject(
            "options",
            '`"desc"` as `sort` (the only key that accepts `"desc"`), `undefined` dropped (it carries nothing)',
            'import { useOrders } from "./hooks";\ndeclare const pageNumber: number;\nuseOrders("open", 2);\nuseOrders("open", pageNumber);\nuseOrders("open", { page: 1 }, /* pageSize */ 50);\nuseOrders("open", { sort: "desc" });',
          ),
        ],
      },
    ],
  },
  {
    name: "never into an index signature: an object that fits only `meta: Record<string, unknown>` is not moved there",
    code: 'import { useMetrics } from "./hooks";\ndeclare const extra: { region: string };\nuseMetrics("m1", { type: "country", ...extra });',
    filename: ts,
    output: null,
    errors: [
      {
        ...argumentType('{ type: "country", ...extra }', "{ region: string; type: string; }", "options", "useMetrics", "MetricsOptions | undefined"),
        line: 3,
        column: 18,
        endLine: 3,
        endColumn: 47,
        suggestions: [],
      },
    ],
  },
  {
    name: "a destructured parameter is named as its declaration reads, not `__0`",
    code: 'import { useRouteParams } from "./hooks";\nuseRouteParams("/apps");',
    filename: ts,
    output: null,
    errors: [
      {
        ...argumentType('"/apps"', '"/apps"', "{ path, params }", "useRouteParams", "{ path: string; params?: Record<string, string>; }"),
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 23,
        suggestions: [
          moveIntoObject("{ path, params }", '`"/apps"` as `path` (the only key that accepts `"/apps"`)', 'import { useRouteParams } from "./hooks";\nuseRouteParams({ path: "/apps" });'),
        ],
      },
    ],
  },
  {
    name: "a parameter taken out of an options object: the key with its name becomes the argument, the other keys the next parameter",
    code: [
      'import { useDiscussion } from "./hooks";',
      "declare const discussionId: string;",
      "useDiscussion({ discussionId });",
      "useDiscussion({ discussionId: `d-${discussionId}`, refetch: true });",
      "useDiscussion({ id: discussionId });",
    ].join("\n"),
    filename: ts,
    output: null,
    errors: [
      {
        ...argumentType("{ discussionId }", "{ discussionId: string; }", "discussionId", "useDiscussion", "string"),
        line: 3,
        column: 15,
        endLine: 3,
        endColumn: 31,
        suggestions: [
          {
            messageId: "unwrapObject",
            data: { key: "discussionId", parameter: "discussionId", rest: "", callee: "useDiscussion" },
            output: [
              'import { useDiscussion } from "./hooks";',
              "declare const discussionId: string;",
              "useDiscussion(discussionId);",
              "useDiscussion({ discussionId: `d-${discussionId}`, refetch: true });",
              "useDiscussion({ id: discussionId });",
            ].join("\n"),
          },
        ],
      },
      {
        ...argumentType("{ discussionId: `d-${discussionId}`, re…", "{ discussionId: string; refetch: boolean; }", "discussionId", "useDiscussion", "string"),
        line: 4,
        column: 15,
        endLine: 4,
        endColumn: 67,
        suggestions: [
          {
            messageId: "unwrapObject",
            data: { key: "discussionId", parameter: "discussionId", rest: " and the other keys as parameter `options`", callee: "useDiscussion" },
            output: [
              'import { useDiscussion } from "./hooks";',
              "declare const discussionId: string;",
              "useDiscussion({ discussionId });",
              "useDiscussion(`d-${discussionId}`, { refetch: true });",
              "useDiscussion({ id: discussionId });",
            ].join("\n"),
          },
        ],
      },
      {
        ...argumentType("{ id: discussionId }", "{ id: string; }", "discussionId", "useDiscussion", "string"),
        line: 5,
        column: 15,
        endLine: 5,
        endColumn: 35,
        suggestions: [],
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
    name: "object literals with unknown keys: renamed to the key with the same words, as a suggestion",
    code: 'import { useApps } from "./hooks";\nuseApps({ pages: 2 });\nuseApps({ appNames: [], "page-size": 10 });\nuseApps({ nmae: "x" });',
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
        suggestions: [
          {
            messageId: "renameKey",
            data: { key: "pages", property: "page", why: "same name" },
            output: 'import { useApps } from "./hooks";\nuseApps({ page: 2 });\nuseApps({ appNames: [], "page-size": 10 });\nuseApps({ nmae: "x" });',
          },
        ],
      },
      {
        messageId: "unknownKey",
        data: { key: '"page-size"', expected: "AppsParams", parameter: "params", callee: "useApps" },
        line: 3,
        column: 25,
        endLine: 3,
        endColumn: 40,
        suggestions: [
          {
            messageId: "renameKey",
            data: { key: "page-size", property: "pageSize", why: "same name" },
            output: 'import { useApps } from "./hooks";\nuseApps({ pages: 2 });\nuseApps({ appNames: [], pageSize: 10 });\nuseApps({ nmae: "x" });',
          },
        ],
      },
      {
        messageId: "unknownKey",
        data: { key: "nmae", expected: "AppsParams", parameter: "params", callee: "useApps" },
        line: 4,
        column: 11,
        endLine: 4,
        endColumn: 20,
        suggestions: [],
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
      data: { callee: "useSetting", overloads: '`(key: "theme"): string`; `(key: "pageSize", fallback: number): number`' },
      line,
      column: 1,
      endLine: line,
      endColumn: 11,
    })),
  },
  {
    name: "rest parameters: array and tuple rest",
    code: ['import { useTags, useRoute } from "./hooks";', 'useTags("a", 1);', "useRoute();", 'useRoute("/apps", "3");', 'useRoute("/apps", 3, 4);'].join("\n"),
    filename: ts,
    output: null,
    errors: [
      { ...argumentType("1", "1", "tags", "useTags", "string"), line: 2, column: 14, endLine: 2, endColumn: 15, suggestions: [] },
      {
        messageId: "missingArgument",
        data: { callee: "useRoute", arity: "1 to 2 arguments", count: "none", parameter: "path", expected: "string" },
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 9,
      },
      { ...argumentType('"3"', '"3"', "id", "useRoute", "number | undefined"), line: 4, column: 19, endLine: 4, endColumn: 22, suggestions: [] },
      { ...tooMany("useRoute", "1 to 2 arguments", "3 arguments", "`4`"), line: 5, column: 22, endLine: 5, endColumn: 23, suggestions: [] },
    ],
  },
  {
    name: "generics: explicit and inferred type arguments",
    code: 'import { useCached, useChoice } from "./hooks";\nuseCached<number>(["k"], "x");\nuseChoice("table");',
    filename: ts,
    output: null,
    errors: [
      { ...argumentType('"x"', '"x"', "fallback", "useCached", "number | undefined"), line: 2, column: 26, endLine: 2, endColumn: 29, suggestions: [] },
      { ...argumentType('"table"', '"table"', "value", "useChoice", '"list" | "grid"'), line: 3, column: 11, endLine: 3, endColumn: 18, suggestions: [] },
    ],
  },
  {
    name: "member calls, optional calls and non-null callees",
    code: 'import { api } from "./hooks";\napi.useApps([]);\napi?.useApps(null);\napi.useApps!(null);\napi["useApps"](null);',
    filename: ts,
    output: 'import { api } from "./hooks";\napi.useApps();\napi?.useApps();\napi.useApps!();\napi["useApps"]();',
    errors: [
      { ...argumentType("[]", "never[]", "params", "api.useApps", "AppsParams | undefined"), line: 2, column: 13, endLine: 2, endColumn: 15, suggestions: [] },
      { ...argumentType("null", "null", "params", "api?.useApps", "AppsParams | undefined"), line: 3, column: 14, endLine: 3, endColumn: 18, suggestions: [] },
      { ...argumentType("null", "null", "params", "api.useApps", "AppsParams | undefined"), line: 4, column: 14, endLine: 4, endColumn: 18, suggestions: [] },
      { ...argumentType("null", "null", "params", "useApps", "AppsParams | undefined"), line: 5, column: 16, endLine: 5, endColumn: 20, suggestions: [] },
    ],
  },
  {
    name: "a function named in `functions` is checked; the default hooks then are not",
    code: 'import { fetchApps, useApps } from "./hooks";\nvoid fetchApps(null);\nuseApps(null);',
    filename: ts,
    options: [{ functions: ["^fetch[A-Z]"] }],
    output: 'import { fetchApps, useApps } from "./hooks";\nvoid fetchApps();\nuseApps(null);',
    errors: [{ ...argumentType("null", "null", "params", "fetchApps", "AppsParams | undefined"), line: 2, column: 16, endLine: 2, endColumn: 20, suggestions: [] }],
  },
  {
    name: "checkLibraryHooks: calls of installed packages' hooks are checked too",
    code: LIBRARY_CALLS,
    filename: ts,
    options: [{ functions: ["^use[A-Z0-9]", "^max$"], checkLibraryHooks: true }],
    output: null,
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
      { ...argumentType('"a"', '"a"', "values", "Math.max", "number"), line: 8, column: 10, endLine: 8, endColumn: 13, suggestions: [] },
    ],
  },
  {
    name: "a member of a package's generic type instantiated with the project's types is checked by default",
    code: "declare const pending: Promise<string>;\npending.then(null, null, null);",
    filename: ts,
    options: [{ functions: ["^then$"] }],
    output: "declare const pending: Promise<string>;\npending.then(null, null);",
    errors: [{ ...tooMany("pending.then", "at most 2 arguments", "3 arguments", "`null`"), line: 2, column: 26, endLine: 2, endColumn: 30 }],
  },
  {
    name: ".js files without checkJs get the same checks",
    code: 'import { useApps, useTheme } from "./hooks";\nuseApps([]);\nuseTheme("dark");',
    filename: js,
    output: 'import { useApps, useTheme } from "./hooks";\nuseApps();\nuseTheme("dark");',
    errors: [
      { ...argumentType("[]", "never[]", "params", "useApps", "AppsParams | undefined"), line: 2, column: 9, endLine: 2, endColumn: 11, suggestions: [] },
      { ...tooMany("useTheme", "no arguments", "1 argument", '`"dark"`'), line: 3, column: 10, endLine: 3, endColumn: 16, suggestions: [] },
    ],
  },
  {
    name: ".jsx components too",
    code: 'import { useApps } from "./hooks";\nexport function Count() {\n  return <span>{useApps(null).length}</span>;\n}',
    filename: jsx,
    output: 'import { useApps } from "./hooks";\nexport function Count() {\n  return <span>{useApps().length}</span>;\n}',
    errors: [{ ...argumentType("null", "null", "params", "useApps", "AppsParams | undefined"), line: 3, column: 25, endLine: 3, endColumn: 29, suggestions: [] }],
  },
];

runTyped("hook-call-signature", rule, { valid, invalid });

/**
 * Every suggestion above, applied, type-checks with the real compiler: it adds no error to the
 * code it repairs, and every identifier and literal of the code is still there, except the
 * empty ones a suggestion says it drops and the key a rename or an unwrap replaces. Every
 * `--fix` output adds no error either and drops nothing but `undefined` and `null`.
 */
describe("every suggestion and fix of the tests type-checks and keeps the arguments' data", () => {
  const typeCheck = createFixtureChecker();
  const suggestions = invalid.flatMap((test) =>
    test.errors.flatMap((error) => (error.suggestions ?? []).map((suggestion) => ({ test, suggestion }))),
  );

  it("the suite has suggestions to check", () => {
    expect(suggestions.length).toBeGreaterThan(10);
  });

  it.each(invalid.flatMap((test) => (typeof test.output === "string" ? [[test.name ?? "", test, test.output] as const] : [])))(
    "--fix: %s",
    (_, test, output) => {
      const filename = test.filename ?? "";
      const before = typeCheck(filename, test.code);
      const after = typeCheck(filename, output);
      expect(missing(after, before)).toEqual([]);
      // A fix drops empty arguments only.
      expect(missing(dataTokens(test.code), dataTokens(output)).filter((token) => token !== "undefined" && token !== "null")).toEqual([]);
    },
  );

  it.each(suggestions.map(({ test, suggestion }, index) => [`${index + 1}: ${test.name ?? ""}`, test, suggestion] as const))("%s", (_, test, suggestion) => {
    const filename = test.filename ?? "";
    const before = typeCheck(filename, test.code);
    const after = typeCheck(filename, suggestion.output);
    expect(missing(after, before)).toEqual([]);
    expect(after.length).toBeLessThan(before.length);
    const data = (suggestion.data ?? {}) as Record<string, unknown>;
    const lost = missing(dataTokens(test.code), dataTokens(suggestion.output));
    const announced = [
      ...(suggestion.messageId === "renameKey" ? [String(data.key)] : []),
      // Unwrapping drops the key, whose name the parameter now carries.
      ...(suggestion.messageId === "unwrapObject" ? [String(data.key)] : []),
      ...(suggestion.messageId === "dropEmptyArguments" || String(data.placements).includes("dropped") ? ["undefined", "null"] : []),
    ];
    expect(lost.filter((token) => !announced.includes(token.replace(/^"|"$/gu, "")))).toEqual([]);
  });
});
