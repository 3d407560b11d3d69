import type { CallExpression, Node, Program } from "estree";
import type { Action, Guard, GuardState, MigrationOperation, SchemaObject } from "../../operations.js";
import { descendants, isIdentifier, keyName } from "../js/estree.js";
import { type Context, findProperty, hostOperation, isMethodCall, optionsGuardState, rangeOf, source, stringValue } from "./support.js";

/** Calls on the migration's parameter that only db-migrate's `db` has. */
const DB_MIGRATE_ONLY = ["runSql", "addForeignKey", "removeForeignKey"];

/**
 * db-migrate's migrations export `setup` and `_meta` beside `up`/`down`, and send raw SQL through
 * `db.runSql`; its builders share names with node-pg-migrate's and Sequelize's but not their
 * signatures.
 */
export function isDbMigrate(program: Program, migrations: readonly { fn: Node; param: string | null }[]): boolean {
  for (const statement of program.body) {
    if (statement.type === "ExpressionStatement" && statement.expression.type === "AssignmentExpression") {
      const { left } = statement.expression;
      if (left.type === "MemberExpression" && !left.computed && ["setup", "_meta"].includes(keyName(left.property) ?? "")) {
        return true;
      }
    }
  }
  return migrations.some(({ fn, param }) =>
    param !== null && [...descendants(fn)].some((node) => node.type === "CallExpression" && DB_MIGRATE_ONLY.some((method) => isMethodCall(node, param, method))),
  );
}

/** What db-migrate's callback-style migrations call their callback: `exports.down = function (db, callback)`. */
const CALLBACK_NAMES = new Set(["callback", "cb", "done", "next"]);

/** db-migrate builders with no guard, and the guarded SQL to send through `db.runSql` instead. */
const DB_MIGRATE_UNGUARDED: Record<string, { action: Action; object: string; nameIndex: number; sql: string }> = {
  addColumn: { action: "create", object: "column", nameIndex: 1, sql: "ALTER TABLE … ADD COLUMN IF NOT EXISTS …" },
  removeColumn: { action: "drop", object: "column", nameIndex: 1, sql: "ALTER TABLE … DROP COLUMN IF EXISTS …" },
  addIndex: { action: "create", object: "index", nameIndex: 1, sql: "CREATE INDEX IF NOT EXISTS …" },
  removeIndex: { action: "drop", object: "index", nameIndex: 1, sql: "DROP INDEX IF EXISTS …" },
  addForeignKey: { action: "create", object: "foreign key", nameIndex: 2, sql: "ALTER TABLE … DROP CONSTRAINT IF EXISTS …" },
  removeForeignKey: { action: "drop", object: "foreign key", nameIndex: 1, sql: "ALTER TABLE … DROP CONSTRAINT IF EXISTS …" },
};

/**
 * db-migrate's `createTable(table, spec)` takes `ifNotExists` only in the options form
 * `{ columns: {…}, ifNotExists: true }`; `dropTable(table, options?, callback?)` takes `ifExists`.
 */
export function readDbMigrate(call: CallExpression, context: Context): MigrationOperation | null {
  const { param, locate, text } = context;
  const { callee } = call;
  if (callee.type !== "MemberExpression" || callee.computed || !isIdentifier(callee.object, param)) {
    return null;
  }
  const method = keyName(callee.property);
  const args = call.arguments;
  const table = stringValue(args[0]);
  const subject = `${param}.${method ?? ""}()`;
  const remedy = `Run guarded SQL with ${param}.runSql().`;
  if (method === "createTable") {
    const spec = args[1];
    let current: GuardState;
    if (spec?.type !== "ObjectExpression") {
      current = { state: "missing", add: null, certain: false };
    } else if (findProperty(spec, "columns")) {
      current = optionsGuardState(text, call, { keyword: "ifNotExists", optionsIndex: 1 }, locate, "db-migrate");
    } else {
      // The column map moves under `columns`, the form in which db-migrate reads table options.
      current = { state: "missing", add: [{ range: rangeOf(spec), text: `{ columns: ${source(text, spec)}, ifNotExists: true }` }], certain: true };
    }
    const guard: Guard = { kind: "option", spelling: "{ columns: {…}, ifNotExists: true }", keyword: "ifNotExists", requires: [[]], current, remedy };
    return hostOperation("db-migrate", method, "create", { type: "table", name: table, table: null }, subject, guard, call, locate);
  }
  if (method === "dropTable") {
    const [tableArg, options] = args;
    let current: GuardState;
    const isCallback =
      options?.type === "FunctionExpression" || options?.type === "ArrowFunctionExpression" || (options?.type === "Identifier" && CALLBACK_NAMES.has(options.name));
    if (options && options.type !== "ObjectExpression" && !isCallback) {
      current = { state: "dynamic" };
    } else if (options?.type === "ObjectExpression") {
      current = optionsGuardState(text, call, { keyword: "ifExists", optionsIndex: 1 }, locate, "db-migrate");
    } else {
      // Before the callback, where db-migrate looks for options.
      const at = tableArg ? rangeOf(tableArg)[1] : null;
      current = { state: "missing", add: at === null ? null : [{ range: [at, at], text: ", { ifExists: true }" }], certain: true };
    }
    const guard: Guard = { kind: "option", spelling: "{ ifExists: true }", keyword: "ifExists", requires: [[]], current, remedy };
    return hostOperation("db-migrate", method, "drop", { type: "table", name: table, table: null }, subject, guard, call, locate);
  }
  const unguarded = method !== null && Object.hasOwn(DB_MIGRATE_UNGUARDED, method) ? DB_MIGRATE_UNGUARDED[method] : undefined;
  if (method === null || !unguarded) {
    return null;
  }
  // `removeIndex([table], name, callback)`: the table is optional.
  const tableOmitted = method === "removeIndex" && stringValue(args[1]) === null;
  const name = stringValue(args[tableOmitted ? 0 : unguarded.nameIndex]);
  const object: SchemaObject = { type: unguarded.object, name, table: tableOmitted ? null : table };
  const advice =
    method === "addForeignKey"
      ? `Drop it first with ${param}.runSql("${unguarded.sql}"), or add it in a DO block that catches duplicate_object.`
      : `Run it as ${param}.runSql("${unguarded.sql}").`;
  const guard: Guard = { kind: "none", reason: "unsupported-by-host", advice, suggestion: null };
  return hostOperation("db-migrate", method, unguarded.action, object, subject, guard, call, locate);
}
