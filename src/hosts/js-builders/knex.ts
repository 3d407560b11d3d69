import type { CallExpression, Node } from "estree";
import type { Action, Edit, Guard, GuardState, MigrationOperation, SchemaObject } from "../../operations.js";
import { descendants, isIdentifier } from "../js/estree.js";
import { chainOf, checkedBy, type Context, hostOperation, isMethodCall, type Link, rangeOf, source, stringValue } from "./support.js";

/** Builder methods only knex has; Kysely builders are not thenable. */
const KNEX_ONLY = new Set(["dropTableIfExists", "createTableIfNotExists", "hasTable", "hasColumn", "table", "raw", "then"]);

/**
 * `x.schema.*` is knex's or Kysely's. A Kysely chain runs only on `.execute()`; a knex one runs when
 * awaited or returned, takes table callbacks, and has methods of its own.
 */
export function isKnexChain(links: readonly Link[], outermost: CallExpression, context: Context): boolean {
  if (links.some((link) => link.method === "execute")) {
    return false;
  }
  return (
    context.runs.has(outermost) ||
    links.some((link) => KNEX_ONLY.has(link.method) || link.call.arguments.some((arg) => arg.type === "ArrowFunctionExpression" || arg.type === "FunctionExpression"))
  );
}

const KNEX_INDEX_ADVICE = 'Create it with knex.raw("CREATE INDEX IF NOT EXISTS …").';

/** Each link of a knex schema chain is an operation of its own: `knex.schema.dropTable("a").dropTable("b")`. */
export function readKnex(links: readonly Link[], context: Context): MigrationOperation[] {
  const { param } = context;
  const operations: MigrationOperation[] = [];
  // `withSchema("s")` names the schema of what the links after it create and drop.
  let schema: string | null | undefined;
  const inSchema = (operation: MigrationOperation): MigrationOperation =>
    schema === undefined ? operation : { ...operation, object: { ...operation.object, schema } };
  for (const link of links) {
    const { method, call } = link;
    if (method === "withSchema") {
      schema = stringValue(call.arguments[0]);
      continue;
    }
    const subject = `${param}.schema.${method}()`;
    const tableArg = call.arguments[0];
    const table = stringValue(tableArg);
    if (method === "dropTable" || method === "dropTableIfExists") {
      const property = call.callee.type === "MemberExpression" ? call.callee.property : call.callee;
      const current: GuardState =
        method === "dropTableIfExists" ? { state: "enabled" } : { state: "missing", add: [{ range: rangeOf(property), text: "dropTableIfExists" }], certain: true };
      const guard: Guard = {
        kind: "option",
        spelling: "dropTableIfExists",
        keyword: "dropTableIfExists",
        requires: [[]],
        current,
        remedy: `Upgrade knex, or check ${param}.schema.hasTable() first.`,
      };
      operations.push(inSchema(knexOperation("dropTable", "drop", { type: "table", name: table, table: null }, subject, guard, call, context)));
      continue;
    }
    if (method === "createTable") {
      const tableText = tableArg ? source(context.text, tableArg) : "t";
      const guard: Guard = checkedBy(call, "hasTable", true, context) ?? {
        kind: "none",
        reason: "unsupported-by-host",
        advice: `Guard it with \`if (!(await ${param}.schema.hasTable(${tableText})))\`.`,
        suggestion: links.length === 1 && tableArg ? wrapInHasTable(call, tableText, context) : null,
      };
      operations.push(inSchema(knexOperation(method, "create", { type: "table", name: table, table: null }, subject, guard, call, context)));
    }
    if (method === "createTable" || method === "alterTable" || method === "table") {
      for (const operation of readKnexCallback(link, table, subject, context)) {
        operations.push(inSchema(operation));
      }
    }
  }
  return operations;
}

/** `if (!(await knex.schema.hasTable("t"))) { … }` around a whole `await knex.schema.createTable(...)` statement. */
function wrapInHasTable(call: CallExpression, tableText: string, context: Context): { description: string; edits: Edit[] } | null {
  const statement = context.awaitedStatements.get(call);
  if (!statement) {
    return null;
  }
  const { text, param } = context;
  const [start, end] = rangeOf(statement);
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const indentation = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
  const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";
  // Blank lines stay blank rather than gaining trailing spaces.
  const body = text.slice(start, end).replace(/(\r?\n)(?!\r?\n)/g, "$1  ");
  const check = `if (!(await ${param}.schema.hasTable(${tableText})))`;
  return {
    description: `Wrap it in \`${check}\``,
    edits: [{ range: [start, end], text: `${check} {${lineBreak}${indentation}  ${body}${lineBreak}${indentation}}` }],
  };
}

/** `table.index(...)` and, when altering, `table.dropColumn(...)` in a knex table callback. */
function readKnexCallback(link: Link, table: string | null, subject: string, context: Context): MigrationOperation[] {
  const callback = link.call.arguments[1];
  if (callback?.type !== "ArrowFunctionExpression" && callback?.type !== "FunctionExpression") {
    return [];
  }
  const [builderParam] = callback.params;
  if (builderParam?.type !== "Identifier") {
    return [];
  }
  const builder = builderParam.name;
  const operations: MigrationOperation[] = [];
  for (const node of descendants(callback.body)) {
    if (node.type !== "CallExpression") {
      continue;
    }
    if (isMethodCall(node, builder, "index")) {
      // Created with its table, so the table's own check covers it.
      const covered = link.method === "createTable" ? checkedBy(link.call, "hasTable", true, context) : null;
      const advice =
        link.method === "createTable"
          ? 'Create it with knex.raw("CREATE INDEX IF NOT EXISTS …"), or wrap the createTable in a hasTable check, which covers its indexes too.'
          : KNEX_INDEX_ADVICE;
      const guard: Guard = covered ?? { kind: "none", reason: "unsupported-by-host", advice, suggestion: null };
      const object: SchemaObject = { type: "index", name: stringValue(node.arguments[1]), table };
      operations.push(knexOperation("index", "create", object, `${builder}.index() in ${subject}`, guard, node, context));
    } else if (link.method !== "createTable" && isMethodCall(node, builder, "dropColumn")) {
      const column = stringValue(node.arguments[0]);
      const guard: Guard = checkedBy(node, "hasColumn", false, context) ?? {
        kind: "none",
        reason: "unsupported-by-host",
        advice: `Check \`${hasColumnCheck(context.param, table, column, true)}\` first.`,
        suggestion: null,
      };
      const object: SchemaObject = { type: "column", name: column, table };
      operations.push(knexOperation("dropColumn", "drop", object, `${builder}.dropColumn() in ${subject}`, guard, node, context));
    }
  }
  if (link.method !== "createTable") {
    for (const operation of knexColumnAdds(callback.body, builder, table, subject, context)) {
      operations.push(operation);
    }
  }
  return operations;
}

/** The knex check that runs a column change only when it is still to do: `if (!(await knex.schema.hasColumn("t", "c")))`. */
function hasColumnCheck(param: string, table: string | null, column: string | null, exists: boolean): string {
  const call = `await ${param}.schema.hasColumn(${table === null ? "table" : JSON.stringify(table)}, ${column === null ? "column" : JSON.stringify(column)})`;
  return exists ? `if (${call})` : `if (!(${call}))`;
}

/** knex's column types: in an `alterTable` callback, each adds a column (unless the chain ends in `.alter()`). */
const KNEX_COLUMN_TYPES = new Set([
  "increments", "bigIncrements", "integer", "bigInteger", "bigint", "tinyint", "smallint", "mediumint", "text", "string",
  "float", "double", "decimal", "boolean", "date", "datetime", "time", "timestamp", "binary", "enum", "enu", "json",
  "jsonb", "uuid", "specificType", "geometry", "geography", "point",
]);

/** `table.string("c")` and friends run as ADD COLUMN, which fails on a retry unless a `hasColumn` check surrounds it. */
function knexColumnAdds(body: Node, builder: string, table: string | null, subject: string, context: Context): MigrationOperation[] {
  const operations: MigrationOperation[] = [];
  for (const node of descendants(body)) {
    if (node.type !== "ExpressionStatement" || node.expression.type !== "CallExpression") {
      continue;
    }
    const { links, root } = chainOf(node.expression);
    const [first] = links;
    if (!first || !isIdentifier(root, builder) || !KNEX_COLUMN_TYPES.has(first.method) || links.some((link) => link.method === "alter")) {
      continue;
    }
    const name = stringValue(first.call.arguments[0]);
    const guard: Guard = checkedBy(first.call, "hasColumn", true, context) ?? {
      kind: "none",
      reason: "unsupported-by-host",
      advice: `Check \`${hasColumnCheck(context.param, table, name, false)}\` first.`,
      suggestion: null,
    };
    const object: SchemaObject = { type: "column", name, table };
    operations.push(knexOperation(first.method, "create", object, `${builder}.${first.method}() in ${subject}`, guard, first.call, context));
  }
  return operations;
}

function knexOperation(kind: string, action: Action, object: SchemaObject, subject: string, guard: Guard, call: CallExpression, context: Context): MigrationOperation {
  return hostOperation("knex", kind, action, object, subject, guard, call, context.locate);
}
