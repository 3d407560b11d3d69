import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/types";
import type { ParserServicesWithTypeInformation, TSESLint } from "@typescript-eslint/utils";
import type ts from "typescript";
import {
  acceptsCall,
  callSignatures,
  isDeclaredInLibrary,
  propertiesAccepting,
  resolvedSignature,
  signatureShape,
  unknownKeys,
  type ParameterSlot,
  type SignatureShape,
} from "../src/typescript/call-signature.js";
import { typescript } from "../src/typescript/compiler.js";
import { calleeName, isEmptyLiteral, propertyKey, removeTrailingArguments, type CalleeName } from "../src/typescript/call-site.js";

export interface HookCallSignatureOptions {
  functions?: string[];
  checkLibraryHooks?: boolean;
}

type MessageId =
  | "argumentType"
  | "unknownKey"
  | "tooManyArguments"
  | "missingArgument"
  | "noOverload"
  | "wrapInObject"
  | "removeArguments";

/** React's naming convention for hooks: `use` followed by an upper-case letter or a digit. */
export const DEFAULT_FUNCTIONS = ["^use[A-Z0-9]"];

/** What is wrong with one call against one signature, before any message is worded. */
type Finding =
  | { kind: "tooMany"; from: number }
  | { kind: "missing"; slot: ParameterSlot | undefined }
  | { kind: "argument"; index: number; slot: ParameterSlot & { type: ts.Type }; actual: ts.Type }
  | { kind: "unknownKey"; index: number; slot: ParameterSlot & { type: ts.Type }; property: ts.ObjectLiteralElementLike };

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

function describeArity(shape: SignatureShape): string {
  const { minArguments: min, maxArguments: max } = shape;
  if (max === 0) {
    return "no arguments";
  }
  if (max === Infinity) {
    return `at least ${plural(min, "argument")}`;
  }
  if (min === max) {
    return plural(max, "argument");
  }
  return min === 0 ? `at most ${plural(max, "argument")}` : `${min} to ${max} arguments`;
}

const rule: TSESLint.RuleModule<MessageId, [HookCallSignatureOptions], { recommended: boolean; requiresTypeChecking: boolean }> = {
  meta: {
    type: "problem",
    docs: {
      description: "Require hook calls that match the hook's current signature",
      recommended: false,
      requiresTypeChecking: true,
      url: "https://github.com/eslint-plugin-migrations/eslint-plugin-migrations/blob/main/rules/hook-call-signature.md",
    },
    // Calls exist in JavaScript and TypeScript only; ESLint refuses the rule on Python or SQL.
    languages: ["js/js"],
    fixable: "code",
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        properties: {
          functions: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description: "Regular expressions for the names of the functions to check; replaces the default `^use[A-Z0-9]`.",
          },
          checkLibraryHooks: {
            type: "boolean",
            description:
              "Also check calls of functions declared only in installed packages (`useState`, `useQuery`): slower, since TypeScript infers their type arguments.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ functions: DEFAULT_FUNCTIONS, checkLibraryHooks: false }],
    messages: {
      argumentType:
        "Argument of type `{{actual}}` is not assignable to parameter `{{parameter}}` of `{{callee}}()`, which expects `{{expected}}`.",
      unknownKey:
        "`{{key}}` is not a property of `{{expected}}`, the type of parameter `{{parameter}}` of `{{callee}}()`: an object literal may only specify known properties.",
      tooManyArguments: "`{{callee}}()` takes {{arity}}, but this call passes {{count}}.",
      missingArgument:
        "`{{callee}}()` takes {{arity}}, but this call passes {{count}}: parameter `{{parameter}}` (`{{expected}}`) is missing.",
      noOverload: "No overload of `{{callee}}()` accepts these arguments. Its overloads: {{overloads}}.",
      wrapInObject: "Pass it as `{{property}}`: `{{callee}}({ {{property}}: … })`.",
      removeArguments: "Remove the extra {{arguments}}.",
    },
  },

  create(context) {
    // ESLint has merged meta.defaultOptions into the options.
    const [options] = context.options;
    const patterns = (options.functions ?? DEFAULT_FUNCTIONS).map((source) => new RegExp(source, "u"));
    const checkLibraryHooks = options.checkLibraryHooks ?? false;
    const { sourceCode } = context;
    // Parser services and the checker are fetched once, at the file's first candidate call: a
    // file without one never touches type information.
    let typeInformation: { checker: ts.TypeChecker; services: ParserServicesWithTypeInformation } | null = null;
    const typed = () => {
      if (typeInformation === null) {
        const services = typeAwareServices(sourceCode);
        typeInformation = { checker: services.program.getTypeChecker(), services };
      }
      return typeInformation;
    };

    function check(call: TSESTree.CallExpression, callee: CalleeName): void {
      const { checker, services } = typed();
      // A package's hook changes its signature only with a dependency upgrade, which tsc checks in
      // CI, and resolving calls of React's and TanStack Query's generic hooks means inferring
      // their type arguments: on the typed bench, 40% of what the rule would cost.
      if (!checkLibraryHooks && isDeclaredInLibrary(checker, services.program, services.esTreeNodeToTSNodeMap.get(callee.node))) {
        return;
      }
      const tsCall = services.esTreeNodeToTSNodeMap.get(call);
      const signature = resolvedSignature(checker, tsCall);
      if (signature === null) {
        return;
      }
      const shape = signatureShape(checker, signature);
      const findings = shape === null ? null : judge(checker, shape, tsCall.arguments);
      if (findings?.length === 0) {
        return;
      }
      // Only a call that fails against the resolved signature pays for a look at the overloads:
      // when several exist, TypeScript's resolved signature is just the one it reports against.
      const overloads = callSignatures(checker, tsCall);
      if (overloads.length > 1) {
        if (!overloads.some((overload) => acceptsCall(checker, overload, tsCall.arguments))) {
          context.report({
            node: callee.node,
            messageId: "noOverload",
            data: {
              callee: callee.display,
              overloads: overloads.map((overload) => `\`${checker.signatureToString(overload, tsCall)}\``).join("; "),
            },
          });
        }
        return;
      }
      if (shape === null || findings === null) {
        return;
      }
      for (const finding of findings) {
        report(call, callee, shape, finding, checker, services);
      }
    }

    function report(
      call: TSESTree.CallExpression,
      callee: CalleeName,
      shape: SignatureShape,
      finding: Finding,
      checker: ts.TypeChecker,
      services: ParserServicesWithTypeInformation,
    ): void {
      const tsCall = services.esTreeNodeToTSNodeMap.get(call);
      const typeText = (type: ts.Type) => checker.typeToString(type, tsCall);
      const count = call.arguments.length;
      const arity = describeArity(shape);
      switch (finding.kind) {
        case "tooMany": {
          const extra = call.arguments.slice(finding.from);
          const [first] = extra;
          const last = extra.at(-1);
          if (first === undefined || last === undefined) {
            return;
          }
          const remove = (fixer: TSESLint.RuleFixer) => fixer.replaceTextRange(...removal(call, finding.from));
          // Extra arguments are ignored at run time; dropping ones that carry nothing is certain.
          const certain = extra.every(isEmptyLiteral);
          context.report({
            loc: { start: first.loc.start, end: last.loc.end },
            messageId: "tooManyArguments",
            data: { callee: callee.display, arity, count: plural(count, "argument") },
            fix: certain ? remove : null,
            suggest: certain ? null : [{ messageId: "removeArguments", data: { arguments: plural(extra.length, "argument").replace(/^1 /u, "") }, fix: remove }],
          });
          return;
        }
        case "missing":
          context.report({
            node: callee.node,
            messageId: "missingArgument",
            data: {
              callee: callee.display,
              arity,
              count: count === 0 ? "none" : String(count),
              parameter: finding.slot?.name ?? "?",
              expected: finding.slot?.type === null || finding.slot === undefined ? "unknown" : typeText(finding.slot.type),
            },
          });
          return;
        case "unknownKey": {
          const property = services.tsNodeToESTreeNodeMap.get(finding.property);
          context.report({
            node: property,
            messageId: "unknownKey",
            data: {
              key: finding.property.name?.getText() ?? "?",
              // The object type the key is missing from, without the `| undefined` of an optional parameter.
              expected: typeText(checker.getNonNullableType(finding.slot.type)),
              parameter: finding.slot.name,
              callee: callee.display,
            },
          });
          return;
        }
        case "argument": {
          const argument = call.arguments[finding.index];
          if (argument === undefined) {
            return;
          }
          // An empty literal where every later parameter is optional says nothing the call
          // without it would not: `useApps([])` → `useApps()`.
          const removable =
            finding.index >= shape.minArguments && call.arguments.slice(finding.index).every(isEmptyLiteral);
          const wrappable = !(isEmptyLiteral(argument) && argument.type !== AST_NODE_TYPES.ArrayExpression);
          const properties = wrappable ? propertiesAccepting(checker, finding.actual, finding.slot.type) : [];
          context.report({
            node: argument,
            messageId: "argumentType",
            data: {
              actual: typeText(finding.actual),
              parameter: finding.slot.name,
              callee: callee.display,
              expected: typeText(finding.slot.type),
            },
            fix: removable ? (fixer) => fixer.replaceTextRange(...removal(call, finding.index)) : null,
            suggest: properties.map((property) => ({
              messageId: "wrapInObject" as const,
              data: { property, callee: callee.display },
              fix: (fixer: TSESLint.RuleFixer) =>
                fixer.replaceText(argument, `{ ${propertyKey(property)}: ${sourceCode.getText(argument)} }`),
            })),
          });
          return;
        }
      }
    }

    function removal(call: TSESTree.CallExpression, from: number): [readonly [number, number], string] {
      const edit = removeTrailingArguments(sourceCode, call, from);
      return [edit.range, edit.text];
    }

    return {
      CallExpression(call) {
        const callee = calleeName(call, sourceCode);
        if (callee === null || !patterns.some((pattern) => pattern.test(callee.name))) {
          return;
        }
        // Spread arguments have no fixed positions to check; TypeScript judges them.
        if (call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) {
          return;
        }
        check(call, callee);
      },
    };
  },
};

export default rule;

function typeAwareServices(sourceCode: Readonly<TSESLint.SourceCode>): ParserServicesWithTypeInformation {
  const services = sourceCode.parserServices;
  if (services?.program == null) {
    throw new Error(
      "migrations/hook-call-signature needs type information: parse the file with typescript-eslint's parser and " +
        "`parserOptions.projectService: true` (configs[\"recommended-type-checked\"] does both), and make sure the " +
        "file belongs to a tsconfig.json.",
    );
  }
  return services as ParserServicesWithTypeInformation;
}

/**
 * Everything wrong with a call against one signature. Asks for an argument's type only where a
 * parameter with a checkable type waits for it.
 */
function judge(checker: ts.TypeChecker, shape: SignatureShape, args: readonly ts.Expression[]): Finding[] {
  const findings: Finding[] = [];
  if (args.length > shape.maxArguments) {
    findings.push({ kind: "tooMany", from: shape.maxArguments });
  } else if (args.length < shape.minArguments) {
    findings.push({ kind: "missing", slot: shape.slotAt(args.length) });
  }
  args.slice(0, Math.min(args.length, shape.maxArguments)).forEach((argument, index) => {
    const slot = shape.slotAt(index);
    const type = slot?.type ?? null;
    if (slot === undefined || type === null || (type.flags & (typescript().TypeFlags.Any | typescript().TypeFlags.Unknown)) !== 0) {
      return;
    }
    const typedSlot = { ...slot, type };
    if (typescript().isObjectLiteralExpression(argument)) {
      const unknown = unknownKeys(checker, argument, type);
      if (unknown.length > 0) {
        for (const property of unknown) {
          findings.push({ kind: "unknownKey", index, slot: typedSlot, property });
        }
        return;
      }
    }
    const actual = checker.getTypeAtLocation(argument);
    if (!checker.isTypeAssignableTo(actual, type)) {
      findings.push({ kind: "argument", index, slot: typedSlot, actual });
    }
  });
  return findings;
}
