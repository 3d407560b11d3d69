// What the builder adapters share: the operation record, a migration function's context (what is
// awaited, which knex checks surround a call), option-object guards and ESTree reading helpers.
import type { CallExpression, Expression, ExpressionStatement, Node, ObjectExpression, Property, SpreadElement } from "estree";
import type { Action, Edit, Guard, GuardState, MigrationOperation, Range, SchemaObject, Span } from "../../operations.js";
import { retryFailure } from "../../retry-failure.js";
import { isIdentifier, keyName } from "../js/estree.js";
import type { RunKind } from "../js/runs.js";
import { appendArgument } from "./arguments.js";

export type Locate = (offset: number) => { line: number; column: number };
export type Argument = Expression | SpreadElement;

const OPPOSITE = { ifNotExists: "ifExists", ifExists: "ifNotExists" } as const;

/** One link of a method chain, from the receiver outwards: `db.schema.createTable("t")` then `.execute()`. */
export interface Link {
  method: string;
  call: CallExpression;
}

/** The calls of a method chain that `call` ends, innermost first, and the expression they start from. */
export function chainOf(call: CallExpression): { links: Link[]; root: Node } {
  const links: Link[] = [];
  let node: Node = call;
  while (node.type === "CallExpression" && node.callee.type === "MemberExpression" && !node.callee.computed) {
    const method = keyName(node.callee.property);
    if (method === null) {
      break;
    }
    links.unshift({ method, call: node });
    node = node.callee.object;
  }
  return { links, root: node };
}

/** The guard in an options object at `spec.optionsIndex` (node-pg-migrate's, or db-migrate's `dropTable`). */
export function optionsGuardState(text: string, call: CallExpression, spec: { keyword: "ifNotExists" | "ifExists"; optionsIndex: number }, locate: Locate, tool: string): GuardState {
  const { keyword, optionsIndex } = spec;
  const args = call.arguments;
  const options = args[optionsIndex];
  if (!options) {
    // Options after a missing required argument would land in its place.
    const add: Edit[] | null = args.length === optionsIndex ? editList(appendArgument(text, call, `{ ${keyword}: true }`)) : null;
    return { state: "missing", add, certain: true };
  }
  if (options.type !== "ObjectExpression") {
    // A variable may already hold the option; spreading it keeps whatever else it sets.
    return { state: "missing", add: [{ range: rangeOf(options), text: `{ ...${source(text, options)}, ${keyword}: true }` }], certain: false };
  }
  const property = findProperty(options, keyword);
  if (property) {
    const { value } = property;
    if (isTrue(value)) {
      return { state: "enabled" };
    }
    if (value.type === "Literal" && value.value === false) {
      return {
        state: "disabled",
        span: spanOf(rangeOf(value), locate),
        written: `${keyword}: ${source(text, value)}`,
        enabled: `${keyword}: true`,
        enable: [{ range: rangeOf(value), text: "true" }],
      };
    }
    return { state: "dynamic" };
  }
  const opposite = findProperty(options, OPPOSITE[keyword]);
  if (opposite && !opposite.shorthand) {
    return {
      state: "misnamed",
      span: spanOf(rangeOf(opposite.key), locate),
      writtenAs: OPPOSITE[keyword],
      enabled: `${keyword}: true`,
      consequence: `${tool} ignores options it does not know, so the statement is emitted unguarded`,
      rename: [{ range: rangeOf(opposite.key), text: keyword }],
    };
  }
  const spread = options.properties.some((p) => p.type === "SpreadElement");
  return { state: "missing", add: [addProperty(text, options, `${keyword}: true`)], certain: !spread };
}

/** Adds `entry` to an object literal in the formatting the literal already has. */
function addProperty(text: string, object: ObjectExpression, entry: string): Edit {
  const [start, end] = rangeOf(object);
  const last = object.properties[object.properties.length - 1];
  if (!last) {
    return { range: [start, end], text: `{ ${entry} }` };
  }
  const lastEnd = rangeOf(last)[1];
  const comma = /^\s*,/.exec(text.slice(lastEnd, end - 1));
  const afterLast = comma ? lastEnd + comma[0].length : lastEnd;
  if (!text.slice(lastEnd, end).includes("\n")) {
    return { range: [afterLast, afterLast], text: comma ? ` ${entry},` : `, ${entry}` };
  }
  const lineStart = text.lastIndexOf("\n", rangeOf(last)[0] - 1) + 1;
  const indentation = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
  const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";
  return { range: [afterLast, afterLast], text: comma ? `${lineBreak}${indentation}${entry},` : `,${lineBreak}${indentation}${entry}` };
}

/** What one migration function's body says around its calls, gathered in one walk. */
export interface Context {
  text: string;
  /** The API object: `knex`, `queryRunner`, `queryInterface`. */
  param: string;
  locate: Locate;
  /** Expressions the function runs (see runExpressions): a knex builder runs there, a Kysely one only on `.execute()`. */
  runs: ReadonlyMap<Node, RunKind>;
  /** `await call;` statements by their call, for edits that wrap the whole statement. */
  awaitedStatements: Map<Node, ExpressionStatement>;
  /** Blocks that run only after a knex `hasTable`/`hasColumn` check. */
  checkedBlocks: CheckedBlock[];
}

interface CheckedBlock {
  range: Range;
  check: "hasTable" | "hasColumn";
  negated: boolean;
}

export function noteContext(node: Node, context: Context): void {
  if (node.type === "ExpressionStatement" && node.expression.type === "AwaitExpression") {
    context.awaitedStatements.set(node.expression.argument, node);
  } else if (node.type === "IfStatement") {
    const negated = node.test.type === "UnaryExpression" && node.test.operator === "!";
    const test = unwrapAwait(node.test.type === "UnaryExpression" && negated ? node.test.argument : node.test);
    const check = test.type === "CallExpression" && isSchemaCall(test, context.param) ? keyName(test.callee.type === "MemberExpression" ? test.callee.property : test.callee) : null;
    if (check === "hasTable" || check === "hasColumn") {
      context.checkedBlocks.push({ range: rangeOf(node.consequent), check, negated });
    }
  }
}

function unwrapAwait(node: Expression): Expression {
  return node.type === "AwaitExpression" ? node.argument : node;
}

/** `knex.schema.<method>(...)` called directly on the schema builder. */
function isSchemaCall(call: CallExpression, param: string): boolean {
  const { callee } = call;
  return (
    callee.type === "MemberExpression" &&
    callee.object.type === "MemberExpression" &&
    !callee.object.computed &&
    isIdentifier(callee.object.object, param) &&
    keyName(callee.object.property) === "schema"
  );
}

/** A knex guard the call runs under: `if (!(await knex.schema.hasTable("t")))` before a create. */
export function checkedBy(call: CallExpression, check: CheckedBlock["check"], negated: boolean, context: Context): Guard | null {
  const [start, end] = rangeOf(call);
  const block = context.checkedBlocks.find((b) => b.check === check && b.negated === negated && b.range[0] <= start && end <= b.range[1]);
  if (!block) {
    return null;
  }
  const test = `await ${context.param}.schema.${check}(…)`;
  return { kind: "covered", by: negated ? `if (!(${test}))` : `if (${test})` };
}

/** The operation record of a builder call; only node-pg-migrate knows its options and transaction. */
export function hostOperation(
  provider: string,
  kind: string,
  action: Action,
  object: SchemaObject,
  subject: string,
  guard: Guard,
  call: CallExpression,
  locate: Locate,
  extra: { keywords?: ReadonlySet<string>; concurrently?: boolean; autocommit?: boolean } = {},
): MigrationOperation {
  return {
    host: "js",
    kind,
    action,
    object,
    subject,
    retryFailure: retryFailure({ action, object }),
    guardProvider: provider,
    guard,
    concurrently: extra.concurrently ?? false,
    transaction: extra.autocommit === true ? "autocommit" : "migration",
    span: spanOf(rangeOf(call), locate),
    sideEffects: [],
    addArgument: null,
    keywords: extra.keywords ?? new Set(),
  };
}

/** A TypeORM or Sequelize object's name: `"users"`, or `new Table({ name: "users" })`. */
export function objectName(node: Argument | undefined): string | null {
  const options = node?.type === "NewExpression" ? node.arguments[0] : node;
  return options?.type === "ObjectExpression" ? stringValue(propertyValue(options, "name")) : stringValue(options);
}

export function isMethodCall(call: CallExpression, receiver: string, method: string): boolean {
  const { callee } = call;
  return callee.type === "MemberExpression" && !callee.computed && isIdentifier(callee.object, receiver) && keyName(callee.property) === method;
}

export function isTrue(node: Node | undefined): boolean {
  return node?.type === "Literal" && node.value === true;
}

export function stringValue(node: Node | undefined): string | null {
  if (node?.type === "Literal" && typeof node.value === "string") {
    return node.value;
  }
  const quasi = node?.type === "TemplateLiteral" && node.expressions.length === 0 ? node.quasis[0] : undefined;
  return typeof quasi?.value.cooked === "string" ? quasi.value.cooked : null;
}

/** The column a call adds or drops when it names exactly one: `"a"`, `["a"]`, `{ a: "text" }`. */
export function columnName(node: Argument | undefined): string | null {
  if (node?.type === "ArrayExpression") {
    const [only] = node.elements;
    return node.elements.length === 1 && only ? stringValue(only) : null;
  }
  if (node?.type === "ObjectExpression") {
    const [only] = node.properties;
    return node.properties.length === 1 && only?.type === "Property" && !only.computed ? keyName(only.key) : null;
  }
  return stringValue(node);
}

export function findProperty(object: ObjectExpression, name: string): Property | null {
  for (const property of object.properties) {
    if (property.type === "Property" && !property.computed && keyName(property.key) === name) {
      return property;
    }
  }
  return null;
}

export function propertyValue(object: ObjectExpression, name: string): Node | undefined {
  return findProperty(object, name)?.value;
}

export function editList(edit: Edit | null): Edit[] | null {
  return edit ? [edit] : null;
}

export function rangeOf(node: Node): Range {
  const { range } = node;
  if (!range) {
    throw new Error("the parser must be run with `range: true`");
  }
  return range;
}

export function source(text: string, node: Node): string {
  const [start, end] = rangeOf(node);
  return text.slice(start, end);
}

export function spanOf(range: Range, locate: Locate): Span {
  return { range, loc: { start: locate(range[0]), end: locate(range[1]) } };
}
