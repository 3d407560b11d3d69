import type { Action, Guard, MigrationOperation, SchemaObject } from "../../operations.js";
import { type Context, hostOperation, isTrue, type Link, objectName, propertyValue, stringValue } from "./support.js";

/** Sequelize's column and constraint changes: plain ADD/DROP, with the guarded SQL to send instead. */
const SEQUELIZE_UNGUARDED: Record<string, { action: Action; object: string; sql: string }> = {
  addColumn: { action: "create", object: "column", sql: "ALTER TABLE … ADD COLUMN IF NOT EXISTS …" },
  removeColumn: { action: "drop", object: "column", sql: "ALTER TABLE … DROP COLUMN IF EXISTS …" },
  addConstraint: { action: "create", object: "constraint", sql: "ALTER TABLE … DROP CONSTRAINT IF EXISTS …" },
  removeConstraint: { action: "drop", object: "constraint", sql: "ALTER TABLE … DROP CONSTRAINT IF EXISTS …" },
};

/**
 * `createTable`, `dropTable` and `removeIndex` are guarded by Sequelize itself; `addIndex`, the
 * column changes and the constraint changes are not.
 */
export function readSequelize(link: Link | undefined, context: Context): MigrationOperation | null {
  const unguarded = link && Object.hasOwn(SEQUELIZE_UNGUARDED, link.method) ? SEQUELIZE_UNGUARDED[link.method] : undefined;
  if (link && unguarded) {
    const { param } = context;
    const [tableArg, second] = link.call.arguments;
    // addConstraint(table, { name, … }); the others name their column or constraint directly.
    const name = second?.type === "ObjectExpression" ? stringValue(propertyValue(second, "name")) : stringValue(second);
    const object: SchemaObject = { type: unguarded.object, name, table: objectName(tableArg) };
    const advice =
      link.method === "addConstraint"
        ? `Drop it first with ${param}.sequelize.query("${unguarded.sql}"), or add it in a DO block that catches duplicate_object.`
        : `Run it as ${param}.sequelize.query("${unguarded.sql}").`;
    const guard: Guard = { kind: "none", reason: "unsupported-by-host", advice, suggestion: null };
    return hostOperation("Sequelize", link.method, unguarded.action, object, `${param}.${link.method}()`, guard, link.call, context.locate);
  }
  if (link?.method !== "addIndex") {
    return null;
  }
  const { param } = context;
  const [tableArg, fields, options] = link.call.arguments;
  const named = options ?? (fields?.type === "ObjectExpression" ? fields : undefined);
  const object: SchemaObject = { type: "index", name: named?.type === "ObjectExpression" ? stringValue(propertyValue(named, "name")) : null, table: objectName(tableArg) };
  // `type: "UNIQUE"`, and `indicesType: "UNIQUE"` of Sequelize before v4, say `unique: true` too.
  const unique =
    named?.type === "ObjectExpression" &&
    (isTrue(propertyValue(named, "unique")) || [propertyValue(named, "type"), propertyValue(named, "indicesType")].some((value) => stringValue(value) === "UNIQUE"));
  const advice = `Create it with ${param}.sequelize.query("CREATE ${unique ? "UNIQUE " : ""}INDEX IF NOT EXISTS …").`;
  const guard: Guard = { kind: "none", reason: "unsupported-by-host", advice, suggestion: null };
  return hostOperation("Sequelize", "addIndex", "create", object, `${param}.addIndex()`, guard, link.call, context.locate);
}
