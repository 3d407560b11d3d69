import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/types";
import type { ParserServicesWithTypeInformation, TSESLint } from "@typescript-eslint/utils";
import type ts from "typescript";
import { keysFor, requiredKeys, sameName, type KeyChoice } from "../src/typescript/argument-keys.js";
import {
  acceptsCall,
  argumentFits,
  callSignatures,
  isDeclaredInLibrary,
  objectParameterType,
  resolvedSignature,
  signatureShape,
  staticPropertyName,
  unknownKeys,
  type ParameterSlot,
  type SignatureShape,
} from "../src/typescript/call-signature.js";
import {
  argumentNames,
  calleeName,
  isEmptyLiteral,
  propertyKey,
  quote,
  removeInnerArgument,
  removeTrailingArguments,
  type CalleeName,
} from "../src/typescript/call-site.js";
import { typescript } from "../src/typescript/compiler.js";
import { typeScriptReportsCall } from "../src/typescript/compiler-verdict.js";

export interface HookCallSignatureOptions {
  functions?: string[];
  checkLibraryHooks?: boolean;
}

type MessageId =
  | "argumentType"
  | "argumentValue"
  | "unknownKey"
  | "tooManyArguments"
  | "missingArgument"
  | "noOverload"
  | "moveIntoObject"
  | "dropEmptyArguments"
  | "renameKey"
  | "unwrapObject";

/** React's naming convention for hooks: `use` followed by an upper-case letter or a digit. */
export const DEFAULT_FUNCTIONS = ["^use[A-Z0-9]"];

type TypedSlot = ParameterSlot & { type: ts.Type };

/** What is wrong with one call against one signature, before any message is worded. */
type Finding =
  | { kind: "tooMany"; from: number }
  | { kind: "missing"; slot: ParameterSlot | undefined }
  | { kind: "argument"; index: number; slot: TypedSlot; actual: ts.Type }
  | { kind: "unknownKey"; index: number; slot: TypedSlot; property: ts.ObjectLiteralElementLike };

/** A suggestion for the call as a whole, and the finding it is shown with. */
interface CallRepair {
  /** The argument findings it repairs, and `"tooMany"` for the extra arguments. */
  for: readonly (number | "tooMany")[];
  suggestion: TSESLint.SuggestionReportDescriptor<MessageId>;
}

/** At most this many suggestions for one ambiguous value; the rest rank lower still. */
const MOST_KEY_SUGGESTIONS = 3;

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

/** Why a key was chosen, for a suggestion's message. */
function describeEvidence(choice: KeyChoice, typeText: string): string {
  if (choice.evidence.kind === "type") {
    return `the only key that accepts \`${typeText}\``;
  }
  return choice.evidence.exact ? "same name" : `similar name \`${choice.evidence.name}\``;
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
        "Argument `{{argument}}` of type `{{actual}}` is not assignable to parameter `{{parameter}}` of `{{callee}}()`, which expects `{{expected}}`.",
      argumentValue: "Argument `{{argument}}` is not assignable to parameter `{{parameter}}` of `{{callee}}()`, which expects `{{expected}}`.",
      unknownKey:
        "`{{key}}` is not a property of `{{expected}}`, the type of parameter `{{parameter}}` of `{{callee}}()`: an object literal may only specify known properties.",
      tooManyArguments: "`{{callee}}()` takes {{arity}}, but this call passes {{count}}: no parameter takes {{extra}}.",
      missingArgument:
        "`{{callee}}()` takes {{arity}}, but this call passes {{count}}: parameter `{{parameter}}` (`{{expected}}`) is missing.",
      noOverload: "No overload of `{{callee}}()` accepts these arguments. Its overloads: {{overloads}}.",
      moveIntoObject: "Move into parameter `{{parameter}}`: {{placements}}.",
      dropEmptyArguments: "Drop {{arguments}}, which carr{{ies}} nothing: the call then fits `{{signature}}`.",
      renameKey: "Rename `{{key}}` to `{{property}}` ({{why}}).",
      unwrapObject: "Pass `{{key}}` as parameter `{{parameter}}`{{rest}}: `{{callee}}()` takes it on its own now.",
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
      // their type arguments: on the typed bench, a fifth to a third of what the rule would cost.
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
      // The rule's own judgement is the cheap test every call gets; a call it finds fault with is
      // reported only if TypeScript reports it too (where TypeScript checks the file at all), so
      // that a call tsc accepts is never reported.
      if (typeScriptReportsCall(services.program, tsCall) === false) {
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
      const repairs = [
        ...dropEmptyRepairs(call, callee, tsCall, shape, findings, checker),
        ...moveRepairs(call, tsCall, shape, findings, checker),
        ...unwrapRepairs(call, callee, shape, findings, checker, services),
      ];
      for (const finding of findings) {
        report(call, callee, shape, finding, repairs, checker, services);
      }
    }

    function report(
      call: TSESTree.CallExpression,
      callee: CalleeName,
      shape: SignatureShape,
      finding: Finding,
      repairs: readonly CallRepair[],
      checker: ts.TypeChecker,
      services: ParserServicesWithTypeInformation,
    ): void {
      const tsCall = services.esTreeNodeToTSNodeMap.get(call);
      const typeText = (type: ts.Type) => checker.typeToString(type, tsCall);
      const count = call.arguments.length;
      const arity = describeArity(shape);
      const repairsFor = (target: number | "tooMany") => repairs.filter((repair) => repair.for.includes(target)).map((repair) => repair.suggestion);
      switch (finding.kind) {
        case "tooMany": {
          const extra = call.arguments.slice(finding.from);
          const [first] = extra;
          const last = extra.at(-1);
          if (first === undefined || last === undefined) {
            return;
          }
          // Extra arguments are ignored at run time; dropping ones that carry nothing is certain.
          // One that carries something is never just dropped: that compiles and loses it.
          const certain = extra.every(isEmptyLiteral);
          context.report({
            loc: { start: first.loc.start, end: last.loc.end },
            messageId: "tooManyArguments",
            data: {
              callee: callee.display,
              arity,
              count: plural(count, "argument"),
              extra: extra.map((argument) => `\`${quote(sourceCode, argument)}\``).join(", "),
            },
            fix: certain ? (fixer) => fixer.replaceTextRange(...removal(call, finding.from)) : null,
            suggest: certain ? null : repairsFor("tooMany"),
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
            suggest: renameSuggestions(finding, checker, services),
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
          const quoted = quote(sourceCode, argument);
          const actual = typeText(finding.actual);
          context.report({
            node: argument,
            // `null`, `"table"`, `2`: a literal is its own type, and is named once.
            messageId: quoted === actual ? "argumentValue" : "argumentType",
            data: {
              argument: quoted,
              actual,
              parameter: finding.slot.name,
              callee: callee.display,
              expected: typeText(finding.slot.type),
            },
            fix: removable ? (fixer) => fixer.replaceTextRange(...removal(call, finding.index)) : null,
            suggest: repairsFor(finding.index),
          });
          return;
        }
      }
    }

    /**
     * Dropping empty arguments (`undefined`, `null`, `[]`, `{}`) that stand before others, when
     * the arguments left then fit: `useUsers(undefined, { forceRefresh: true })` after
     * `useUsers(options?)`. Dropping only trailing ones is the autofix instead.
     */
    function dropEmptyRepairs(
      call: TSESTree.CallExpression,
      callee: CalleeName,
      tsCall: ts.CallExpression,
      shape: SignatureShape,
      findings: readonly Finding[],
      checker: ts.TypeChecker,
    ): CallRepair[] {
      const empty = call.arguments.map((argument) => isEmptyLiteral(argument));
      const firstTrailingEmpty = empty.lastIndexOf(false) + 1;
      const inner = empty.flatMap((isEmpty, index) => (isEmpty && index < firstTrailingEmpty ? [index] : []));
      if (inner.length === 0) {
        return [];
      }
      const kept = tsCall.arguments.filter((_, index) => !empty[index]);
      if (!argumentsFit(checker, shape, kept)) {
        return [];
      }
      const dropped = call.arguments.filter((argument) => isEmptyLiteral(argument));
      const tooMany = findings.find((finding) => finding.kind === "tooMany");
      const firstArgument = findings.find((finding) => finding.kind === "argument");
      const target = tooMany !== undefined ? "tooMany" : firstArgument?.kind === "argument" ? firstArgument.index : null;
      if (target === null) {
        return [];
      }
      return [
        {
          for: [target],
          suggestion: {
            messageId: "dropEmptyArguments",
            data: {
              arguments: dropped.map((argument) => `\`${sourceCode.getText(argument)}\``).join(", "),
              ies: dropped.length === 1 ? "ies" : "y",
              signature: signatureText(checker, callee, shape.signature),
            },
            fix: (fixer) => [
              ...inner.map((index) => {
                const edit = removeInnerArgument(call, index);
                return fixer.replaceTextRange(edit.range, edit.text);
              }),
              ...(firstTrailingEmpty < call.arguments.length ? [fixer.replaceTextRange(...removal(call, firstTrailingEmpty))] : []),
            ],
          },
        },
      ];
    }

    /**
     * Moving argument values into the object parameter that took their place. The values from
     * the object's position to the end of the call (only the one wrong argument when the object
     * parameter is not the last) go under keys chosen by `keysFor`; an object literal already in
     * that position keeps its keys and takes the others; empty values are dropped. One suggestion
     * per key of the one value whose key is ambiguous; none when a value has no key, or two need
     * the same one, or a required key would stay missing.
     */
    function moveRepairs(
      call: TSESTree.CallExpression,
      tsCall: ts.CallExpression,
      shape: SignatureShape,
      findings: readonly Finding[],
      checker: ts.TypeChecker,
    ): CallRepair[] {
      const tooMany = findings.some((finding) => finding.kind === "tooMany");
      const wrong = findings.find(
        (finding): finding is Extract<Finding, { kind: "argument" }> =>
          finding.kind === "argument" && objectParameterType(checker, finding.slot.type) !== null,
      );
      const lastSlot = shape.maxArguments - 1;
      const from = tooMany ? lastSlot : wrong?.index;
      const slot = from === undefined || !Number.isFinite(from) ? undefined : shape.slotAt(from);
      if (from === undefined || slot?.type == null) {
        return [];
      }
      const objectType = objectParameterType(checker, slot.type);
      if (objectType === null) {
        return [];
      }
      // Without extra arguments only the wrong one moves; with them, everything from the last parameter on.
      const to = tooMany ? call.arguments.length - 1 : from;
      const moved = call.arguments.slice(from, to + 1);
      const [head] = moved;
      const lastMoved = moved.at(-1);
      if (head === undefined || lastMoved === undefined) {
        return [];
      }
      // A literal with unknown keys is the rename suggestion's to repair.
      if (findings.some((finding) => finding.kind === "unknownKey" && finding.index === from)) {
        return [];
      }
      const findingAtHead = findings.some((finding) => finding.kind === "argument" && finding.index === from);
      // An object literal that fits stays the base of the new object; any other fitting value
      // (`options`) cannot take more keys without changing how it is built.
      const base = !findingAtHead && head.type === AST_NODE_TYPES.ObjectExpression ? head : null;
      if (!findingAtHead && base === null && !isEmptyLiteral(head)) {
        return [];
      }
      const taken = new Set(base === null ? [] : base.properties.flatMap((property) => {
        const name = propertyNameOf(property);
        return name === null ? [] : [name];
      }));
      const values = moved.filter((argument) => argument !== base && !isEmptyLiteral(argument));
      if (values.length === 0) {
        return [];
      }
      const choices = values.map((argument) => {
        const tsArgument = tsCall.arguments[call.arguments.indexOf(argument)];
        const type = tsArgument === undefined ? null : checker.getTypeAtLocation(tsArgument);
        return {
          argument,
          typeText: type === null ? "" : checker.typeToString(type, tsCall),
          keys: type === null ? [] : keysFor(checker, argumentNames(sourceCode, argument), type, objectType, taken),
        };
      });
      const sure = choices.filter((choice) => choice.keys.length === 1);
      const ambiguous = choices.filter((choice) => choice.keys.length > 1);
      const sureKeys = sure.map((choice) => choice.keys[0]?.key);
      if (choices.some((choice) => choice.keys.length === 0) || ambiguous.length > 1 || new Set(sureKeys).size < sureKeys.length) {
        return [];
      }
      const [open] = ambiguous;
      const alternatives = open === undefined ? [null] : open.keys.filter((choice) => !sureKeys.includes(choice.key)).slice(0, MOST_KEY_SUGGESTIONS);
      const required = requiredKeys(checker, objectType);
      const target = [...(findingAtHead ? [from] : []), ...(tooMany ? (["tooMany"] as const) : [])];
      return alternatives.flatMap((alternative) => {
        const placements = choices.flatMap((choice) => {
          const key = choice === open && alternative !== null ? alternative : choice.keys[0];
          return key === undefined ? [] : [{ ...choice, key }];
        });
        const given = new Set([...taken, ...placements.map((placement) => placement.key.key)]);
        if (required.some((key) => !given.has(key))) {
          return [];
        }
        const entries = placements.map(({ argument, key }) =>
          argument.type === AST_NODE_TYPES.Identifier && argument.name === key.key
            ? key.key
            : `${propertyKey(key.key)}: ${sourceCode.getText(argument)}`,
        );
        const droppedEmpty = moved.filter((argument) => argument !== base && isEmptyLiteral(argument));
        const described = [
          ...placements.map(({ argument, key, typeText }) => `\`${quote(sourceCode, argument)}\` as \`${key.key}\` (${describeEvidence(key, typeText)})`),
          ...droppedEmpty.map((argument) => `\`${sourceCode.getText(argument)}\` dropped (it carries nothing)`),
        ];
        const repair: CallRepair = {
          for: target,
          suggestion: {
            messageId: "moveIntoObject",
            data: { parameter: slot.name, placements: described.join(", ") },
            fix: (fixer) =>
              fixer.replaceTextRange([head.range[0], lastMoved.range[1]], base === null ? `{ ${entries.join(", ")} }` : extendObjectText(base, entries)),
          },
        };
        return [repair];
      });
    }

    /**
     * The reverse move, for a parameter taken out of an options object: `useDiscussion({
     * discussionId })` after `useDiscussion(discussionId: string, options?)` becomes
     * `useDiscussion(discussionId)`. The literal's key with the parameter's name becomes the
     * argument; its other keys go to the next parameter when that is an object type that has
     * them all, and the literal is the call's last argument. Otherwise nothing is offered.
     */
    function unwrapRepairs(
      call: TSESTree.CallExpression,
      callee: CalleeName,
      shape: SignatureShape,
      findings: readonly Finding[],
      checker: ts.TypeChecker,
      services: ParserServicesWithTypeInformation,
    ): CallRepair[] {
      return findings.flatMap((finding) => {
        if (finding.kind !== "argument" || objectParameterType(checker, finding.slot.type) !== null) {
          return [];
        }
        const argument = call.arguments[finding.index];
        if (argument?.type !== AST_NODE_TYPES.ObjectExpression) {
          return [];
        }
        const properties = argument.properties.flatMap((property) =>
          property.type === AST_NODE_TYPES.Property && property.kind === "init" && !property.method && !property.computed
            ? [{ property, name: propertyNameOf(property) ?? "" }]
            : [],
        );
        if (properties.length !== argument.properties.length) {
          return [];
        }
        const typeOf = (node: TSESTree.Node) => checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
        const own = properties.find(({ name }) => sameName(name, finding.slot.name));
        if (own === undefined || !argumentFits(checker, typeOf(own.property.value), finding.slot)) {
          return [];
        }
        const rest = properties.filter((entry) => entry !== own);
        const next = shape.slotAt(finding.index + 1);
        const nextObject = next?.type == null ? null : objectParameterType(checker, next.type);
        if (rest.length > 0) {
          const fits =
            next !== undefined &&
            nextObject !== null &&
            finding.index === call.arguments.length - 1 &&
            rest.every(({ name, property }) => {
              const target = checker.getPropertyOfType(nextObject, name);
              return target !== undefined && checker.isTypeAssignableTo(typeOf(property.value), checker.getTypeOfSymbol(target));
            }) &&
            requiredKeys(checker, nextObject).every((key) => rest.some(({ name }) => name === key));
          if (!fits) {
            return [];
          }
        }
        const value = sourceCode.getText(own.property.value);
        const replacement = rest.length === 0 ? value : `${value}, { ${rest.map(({ property }) => sourceCode.getText(property)).join(", ")} }`;
        return [
          {
            for: [finding.index],
            suggestion: {
              messageId: "unwrapObject" as const,
              data: {
                key: own.name,
                parameter: finding.slot.name,
                rest: rest.length === 0 ? "" : ` and the other keys as parameter \`${next?.name ?? ""}\``,
                callee: callee.display,
              },
              fix: (fixer: TSESLint.RuleFixer) => fixer.replaceText(argument, replacement),
            },
          },
        ];
      });
    }

    /** An object literal's text with more properties before its closing brace. */
    function extendObjectText(base: TSESTree.ObjectExpression, entries: readonly string[]): string {
      const text = sourceCode.getText(base);
      const last = base.properties.at(-1);
      if (last === undefined) {
        return `{ ${entries.join(", ")} }`;
      }
      const afterLast = sourceCode.getTokenAfter(last);
      const trailingComma = afterLast?.value === ",";
      const insertAt = (afterLast?.value === "," ? afterLast.range[1] : last.range[1]) - base.range[0];
      return `${text.slice(0, insertAt)}${trailingComma ? " " : ", "}${entries.join(", ")}${trailingComma ? "," : ""}${text.slice(insertAt)}`;
    }

    /**
     * A key the parameter's type does not have, renamed to one it has that fits the value:
     * `{ pages: 2 }` → `{ page: 2 }` after a rename.
     */
    function renameSuggestions(
      finding: Extract<Finding, { kind: "unknownKey" }>,
      checker: ts.TypeChecker,
      services: ParserServicesWithTypeInformation,
    ): TSESLint.SuggestionReportDescriptor<MessageId>[] {
      const ts = typescript();
      const { property } = finding;
      const objectType = objectParameterType(checker, finding.slot.type);
      const name = property.name === undefined ? undefined : staticPropertyName(property.name);
      const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : null;
      const literal = property.parent;
      if (objectType === null || name === undefined || value === null || !ts.isObjectLiteralExpression(literal)) {
        return [];
      }
      const taken = new Set(
        literal.properties.flatMap((other) => {
          const otherName = other.name === undefined ? undefined : staticPropertyName(other.name);
          return otherName === undefined ? [] : [otherName];
        }),
      );
      const valueType = checker.getTypeAtLocation(value);
      const typeText = checker.typeToString(valueType, property);
      const node = services.tsNodeToESTreeNodeMap.get(property);
      return keysFor(checker, [name], valueType, objectType, taken)
        .slice(0, MOST_KEY_SUGGESTIONS)
        .map((choice) => ({
          messageId: "renameKey" as const,
          data: { key: name, property: choice.key, why: describeEvidence(choice, typeText) },
          fix: (fixer: TSESLint.RuleFixer) =>
            node.type === AST_NODE_TYPES.Property && !node.shorthand
              ? fixer.replaceText(node.key, propertyKey(choice.key))
              : fixer.replaceText(node, `${propertyKey(choice.key)}: ${name}`),
        }));
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

/**
 * `useUsers(options?: UsersOptions): User[]`: the signature with its types named as where it is
 * declared, not as `import("./hooks").UsersOptions` from a file that does not import them.
 */
function signatureText(checker: ts.TypeChecker, callee: CalleeName, signature: ts.Signature): string {
  return `${callee.display}${checker.signatureToString(signature, signature.declaration)}`;
}

/** A property's static key (`page`, `"page-size"`), or null for spreads and computed keys. */
function propertyNameOf(property: TSESTree.ObjectLiteralElement): string | null {
  if (property.type !== AST_NODE_TYPES.Property || property.computed) {
    return null;
  }
  return property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String(property.key.value);
}

/**
 * Whether arguments fit a signature: arity, then each argument against its parameter as the
 * caller sees it, object literals without unknown keys.
 */
function argumentsFit(checker: ts.TypeChecker, shape: SignatureShape, args: readonly ts.Expression[]): boolean {
  if (args.length < shape.minArguments || args.length > shape.maxArguments) {
    return false;
  }
  return args.every((argument, index) => {
    const slot = shape.slotAt(index);
    const type = slot?.type ?? null;
    if (slot === undefined || type === null) {
      return true;
    }
    if (typescript().isObjectLiteralExpression(argument) && unknownKeys(checker, argument, type).length > 0) {
      return false;
    }
    return argumentFits(checker, checker.getTypeAtLocation(argument), { type, defaulted: slot.defaulted });
  });
}

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
    if (!argumentFits(checker, actual, typedSlot)) {
      findings.push({ kind: "argument", index, slot: typedSlot, actual });
    }
  });
  return findings;
}
