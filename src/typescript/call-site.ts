import { AST_NODE_TYPES, AST_TOKEN_TYPES, type TSESTree } from "@typescript-eslint/types";
import type { TSESLint } from "@typescript-eslint/utils";

/** The name a call is known by: `useApps` in `useApps()`, `api.useApps()` and `useApps<T>()`. */
export interface CalleeName {
  name: string;
  /** The callee as written, for messages: `api.useApps`. */
  display: string;
  /** Where a finding about the call as a whole points: the function's name. */
  node: TSESTree.Node;
}

export function calleeName(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): CalleeName | null {
  let callee: TSESTree.Node = call.callee;
  while (callee.type === AST_NODE_TYPES.TSNonNullExpression) {
    callee = callee.expression;
  }
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return { name: callee.name, display: callee.name, node: callee };
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) {
    return null;
  }
  const { property } = callee;
  let name: string | null = null;
  if (!callee.computed && property.type === AST_NODE_TYPES.Identifier) {
    name = property.name;
  } else if (callee.computed && property.type === AST_NODE_TYPES.Literal && typeof property.value === "string") {
    name = property.value;
  }
  if (name === null) {
    return null;
  }
  const written = sourceCode.getText(callee);
  // A plain dotted path reads well in a message; anything longer is shortened to the name.
  return { name, display: /^[\w$]+(\??\.[\w$]+)*$/u.test(written) ? written : name, node: property };
}

/** `[]`, `{}`, `undefined` and `null`: arguments that carry nothing and cannot have side effects. */
export function isEmptyLiteral(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.ArrayExpression && node.elements.length === 0) ||
    (node.type === AST_NODE_TYPES.ObjectExpression && node.properties.length === 0) ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === "undefined") ||
    (node.type === AST_NODE_TYPES.Literal && node.value === null && !("regex" in node) && !("bigint" in node))
  );
}

/**
 * The edit that drops the arguments from index `from` to the end, with the comma before them and
 * the comments among them. A trailing comma stays where the call had one (`f(\n  a,\n)`); dropping
 * every argument empties the parentheses.
 */
export function removeTrailingArguments(
  sourceCode: Readonly<TSESLint.SourceCode>,
  call: TSESTree.CallExpression,
  from: number,
): TSESLint.RuleFix {
  const last = call.arguments.at(-1);
  const closing = sourceCode.getLastToken(call);
  if (last === undefined || closing === null) {
    throw new Error("removeTrailingArguments needs a call with arguments");
  }
  const afterLast = sourceCode.getTokenAfter(last);
  const trailingComma = afterLast !== null && afterLast.value === "," ? afterLast : null;
  if (from === 0) {
    const opening = sourceCode.getTokenAfter(call.typeArguments ?? call.callee, { filter: (token) => token.value === "(" });
    if (opening === null) {
      throw new Error("no opening parenthesis before the first argument");
    }
    return { range: [opening.range[1], closing.range[0]], text: "" };
  }
  const kept = call.arguments[from - 1];
  if (kept === undefined) {
    throw new Error(`argument ${from - 1} does not exist`);
  }
  // The separator after the last kept argument; a parenthesised argument ends at its `)`.
  const separator = sourceCode.getTokenAfter(kept, { filter: (token) => token.value === "," });
  const keptEnd = separator === null ? null : sourceCode.getTokenBefore(separator);
  const removedEnd = trailingComma ?? sourceCode.getTokenBefore(closing);
  if (keptEnd === null || removedEnd === null) {
    throw new Error("argument tokens not found");
  }
  return { range: [keptEnd.range[1], removedEnd.range[1]], text: trailingComma === null ? "" : "," };
}

/** `key` as an object-literal key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/u.test(key) ? key : JSON.stringify(key);
}

/**
 * The edit that drops one argument that another follows, with the comma after it; trailing
 * arguments are dropped with removeTrailingArguments.
 */
export function removeInnerArgument(call: TSESTree.CallExpression, index: number): TSESLint.RuleFix {
  const argument = call.arguments[index];
  const next = call.arguments[index + 1];
  if (argument === undefined || next === undefined) {
    throw new Error(`argument ${index} is not followed by another`);
  }
  return { range: [argument.range[0], next.range[0]], text: "" };
}

/**
 * The names an argument goes by in the call: an identifier's (`pageSize`), a member's
 * (`props.pageSize`), or a block comment just before it (`/* pageSize *\/ 20`), which is how
 * positional literals are often labelled.
 */
export function argumentNames(sourceCode: Readonly<TSESLint.SourceCode>, argument: TSESTree.Node): string[] {
  const names: string[] = [];
  const [comment] = sourceCode.getCommentsBefore(argument).slice(-1);
  const label = comment?.type === AST_TOKEN_TYPES.Block ? /^\s*([A-Za-z_$][\w$]*)\s*:?=?\s*$/u.exec(comment.value) : null;
  if (label?.[1] !== undefined) {
    names.push(label[1]);
  }
  let expression: TSESTree.Node = argument;
  while (
    expression.type === AST_NODE_TYPES.ChainExpression ||
    expression.type === AST_NODE_TYPES.TSNonNullExpression ||
    expression.type === AST_NODE_TYPES.TSAsExpression ||
    expression.type === AST_NODE_TYPES.TSSatisfiesExpression
  ) {
    expression = expression.expression;
  }
  if (expression.type === AST_NODE_TYPES.Identifier && expression.name !== "undefined") {
    names.push(expression.name);
  } else if (expression.type === AST_NODE_TYPES.MemberExpression && !expression.computed && expression.property.type === AST_NODE_TYPES.Identifier) {
    names.push(expression.property.name);
  }
  return names;
}

/** Longest source text a message quotes before shortening it. */
const QUOTED_LENGTH = 40;

/** A node's source text for a message: on one line, shortened with `…` when long. */
export function quote(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  const text = sourceCode.getText(node).replace(/\s+/gu, " ");
  return text.length <= QUOTED_LENGTH ? text : `${text.slice(0, QUOTED_LENGTH - 1)}…`;
}
