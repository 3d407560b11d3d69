import * as parser from "@typescript-eslint/parser";
import type { ParserServicesWithTypeInformation, TSESLint } from "@typescript-eslint/utils";
import { Linter } from "eslint";
import type ts from "typescript";
import { describe, expect, it } from "vitest";
import rule, { type HookCallSignatureOptions } from "../../rules/hook-call-signature.js";
import { TYPED_FIXTURE_DIR, typedFile } from "./typed-rule-tester.js";

/** One request the rule made to the type checker, with the checker's work counters around it. */
interface Request {
  method: string;
  /** Types, instantiations and relation-cache entries the request added. */
  newWork: number;
  /** The types among them: the rest is inference (instantiations) and assignability (relations). */
  newTypes: number;
}

/** The checker's own counters of work done: what a request costs beyond reading caches. */
function work(program: ts.Program): number {
  const relations = program.getRelationCacheSizes();
  return (
    program.getTypeCount() +
    program.getInstantiationCount() +
    relations.assignable +
    relations.identity +
    relations.subtype +
    relations.strictSubtype
  );
}

/**
 * Proxies that hand `target` out with one property replaced, and bind its methods to the real
 * object: ESLint's context and SourceCode are frozen or keep private state.
 */
function withProperty<T extends object>(target: T, key: PropertyKey, value: unknown): T {
  return new Proxy(Object.create(null) as T, {
    get(_shadow, property) {
      if (property === key) {
        return value;
      }
      const real: unknown = Reflect.get(target, property, target);
      return typeof real === "function" ? (real as (...args: unknown[]) => unknown).bind(target) : real;
    },
  });
}

/**
 * Runs the real rule on `code` with the real checker, counting each request made to it. The
 * context, SourceCode, parser services and program are the real ones seen through proxies.
 */
function lintCountingRequests(
  code: string,
  options: HookCallSignatureOptions = {},
): { requests: Request[]; messages: Linter.LintMessage[] } {
  const requests: Request[] = [];
  const counted: TSESLint.RuleModule<string, unknown[]> = {
    meta: rule.meta,
    create(context) {
      const services = context.sourceCode.parserServices as ParserServicesWithTypeInformation;
      const program = services.program;
      const checker = program.getTypeChecker();
      const countingChecker = new Proxy(checker, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver);
          if (typeof value !== "function") {
            return value;
          }
          return (...args: unknown[]) => {
            const before = work(program);
            const typesBefore = program.getTypeCount();
            const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
            requests.push({ method: String(property), newWork: work(program) - before, newTypes: program.getTypeCount() - typesBefore });
            return result;
          };
        },
      });
      const countingProgram = withProperty(program, "getTypeChecker", () => countingChecker);
      const countingSourceCode = withProperty(context.sourceCode, "parserServices", { ...services, program: countingProgram });
      return (rule.create as (context: unknown) => TSESLint.RuleListener)(withProperty(context, "sourceCode", countingSourceCode));
    },
  };
  const linter = new Linter();
  const messages = linter.verify(
    code,
    [
      {
        files: ["**/*.ts"],
        plugins: { test: { rules: { "hook-call-signature": counted as never } } },
        languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: TYPED_FIXTURE_DIR } },
        rules: { "test/hook-call-signature": ["error", options] },
      },
    ],
    typedFile("file.ts"),
  );
  return { requests, messages };
}

const tally = (requests: Request[]) =>
  requests.reduce<Record<string, number>>((counts, request) => ({ ...counts, [request.method]: (counts[request.method] ?? 0) + 1 }), {});

describe("what a call costs the type checker", () => {
  it("a file without candidate calls makes no request", () => {
    const { requests, messages } = lintCountingRequests('import { fetchApps } from "./hooks";\nvoid fetchApps();\nconsole.log([].length);\n');
    expect(messages).toEqual([]);
    expect(requests).toEqual([]);
  });

  it("valid calls: the signature resolution does the work, the other requests read what it and the symbol look-up computed", () => {
    const { requests, messages } = lintCountingRequests(
      [
        'import { useApp, useTheme, useTags, fetchApps } from "./hooks";',
        "useTheme();",
        'useApp("github");',
        'useTags("a", "b");',
        "void fetchApps([]);",
      ].join("\n"),
    );
    expect(messages).toEqual([]);
    // The non-hook call is never looked at.
    expect(tally(requests)).toEqual({
      // Per hook call, where its function is declared: the imported name, then what it imports.
      getSymbolAtLocation: 3,
      getAliasedSymbol: 3,
      getResolvedSignature: 3,
      // The parameter types, then per argument its type and one assignability test.
      getTypeOfSymbol: 2,
      isArrayType: 1,
      getTypeArguments: 1,
      getTypeAtLocation: 3,
      isTypeAssignableTo: 3,
    });
    expect(requests.filter((request) => request.method !== "getResolvedSignature" && request.newWork > 0)).toEqual([]);
  });

  it("a valid object-literal argument: its keys are looked up, and its regular type costs one type and one relation", () => {
    const { requests, messages } = lintCountingRequests('import { useApps } from "./hooks";\nuseApps({ appNames: ["github"], page: 2 });\n');
    expect(messages).toEqual([]);
    expect(requests.map((request) => request.method)).toEqual([
      "getSymbolAtLocation",
      "getAliasedSymbol",
      "getResolvedSignature",
      "getTypeOfSymbol",
      // The known-keys check: the parameter's object type and one look-up per key.
      "getIndexInfosOfType",
      "getPropertiesOfType",
      "getPropertyOfType",
      "getPropertyOfType",
      "getTypeAtLocation",
      "isTypeAssignableTo",
    ]);
    // TypeScript resolved the call with the literal's fresh type; the public API hands out its
    // regular type, which is created once and related to the parameter type once.
    expect(
      requests.filter((request) => request.method !== "getResolvedSignature" && request.newWork > 0).map(({ method, newWork }) => ({ method, newWork })),
    ).toEqual([
      { method: "getTypeAtLocation", newWork: 1 },
      { method: "isTypeAssignableTo", newWork: 1 },
    ]);
  });

  it("a call of an installed package's hook costs the symbol look-up only, which infers nothing", () => {
    const { requests, messages } = lintCountingRequests(
      [
        'import { useMemo } from "react";',
        'import * as React from "react";',
        "useMemo(() => [1], []);",
        "useMemo(() => [2], []);",
        "React.useCallback(() => 1, []);",
        "React.useCallback(() => 2, []);",
        "React.useCallback(() => 3, []);",
      ].join("\n"),
    );
    expect(messages).toEqual([]);
    expect(requests.map((request) => request.method)).toEqual([
      "getSymbolAtLocation",
      "getAliasedSymbol",
      "getSymbolAtLocation",
      "getAliasedSymbol",
      // A member of a namespace import: the member found is no alias.
      "getSymbolAtLocation",
      "getSymbolAtLocation",
      "getSymbolAtLocation",
    ]);
    // No instantiation, no relation: what the first look-ups create are the declared types of
    // React's namespace and of the functions named, as any check of these names would; looking
    // up a name again creates nothing.
    expect(requests.filter((request) => request.newWork !== request.newTypes)).toEqual([]);
    expect([requests[2]?.newWork, requests[3]?.newWork, requests[6]?.newWork]).toEqual([0, 0, 0]);
  });

  it("checkLibraryHooks: true skips the look-up; a valid call starts with its resolution", () => {
    const { requests, messages } = lintCountingRequests('import { useApp } from "./hooks";\nuseApp("github");\n', { checkLibraryHooks: true });
    expect(messages).toEqual([]);
    expect(requests.map((request) => request.method)).toEqual(["getResolvedSignature", "getTypeOfSymbol", "getTypeAtLocation", "isTypeAssignableTo"]);
  });

  it("an invalid call pays for its message: type names and, for the move suggestion, the object's keys and their types", () => {
    const { requests, messages } = lintCountingRequests('import { useApps } from "./hooks";\nuseApps(["github"]);\n');
    expect(messages.map((message) => message.messageId)).toEqual(["argumentType"]);
    expect(tally(requests)).toEqual({
      getSymbolAtLocation: 1,
      getAliasedSymbol: 1,
      getResolvedSignature: 1,
      getTypeOfSymbol: 5,
      getTypeAtLocation: 3,
      isTypeAssignableTo: 4,
      getSignaturesOfType: 1,
      getIndexInfosOfType: 3,
      getPropertiesOfType: 5,
      isArrayLikeType: 1,
      typeToString: 3,
    });
  });
});
