import type { CallExpression } from "estree";
import type { Action, Guard, GuardState, MigrationOperation, SchemaObject } from "../../operations.js";
import { descendants, keyName } from "../js/estree.js";
import { hostOperation, type Link, type Locate, rangeOf, stringValue } from "./support.js";

/** Kysely `db.schema.*` builders whose chain takes the guard; `alterTable().addColumn()` is handled apart. */
const KYSELY_OPERATIONS: Record<string, { action: Action; object: string; guard: "ifNotExists" | "ifExists" }> = {
  createTable: { action: "create", object: "table", guard: "ifNotExists" },
  createIndex: { action: "create", object: "index", guard: "ifNotExists" },
  dropTable: { action: "drop", object: "table", guard: "ifExists" },
  dropIndex: { action: "drop", object: "index", guard: "ifExists" },
};

export function readKysely(links: readonly Link[], param: string, locate: Locate): MigrationOperation[] {
  const [first] = links;
  if (!first) {
    return [];
  }
  const chainMethods = new Set(links.map((link) => link.method));
  // A chain that does not end in `.execute()` may be finished, and guarded, elsewhere.
  const certain = links[links.length - 1]?.method === "execute";
  const subjectBase = `${param}.schema.${first.method}()`;
  const spec = Object.hasOwn(KYSELY_OPERATIONS, first.method) ? KYSELY_OPERATIONS[first.method] : undefined;
  if (spec) {
    const onTable = links.find((link) => link.method === "on");
    const object: SchemaObject = {
      type: spec.object,
      name: stringValue(first.call.arguments[0]),
      table: spec.object === "index" && onTable ? stringValue(onTable.call.arguments[0]) : null,
    };
    const end = rangeOf(first.call)[1];
    const current: GuardState = chainMethods.has(spec.guard)
      ? { state: "enabled" }
      : { state: "missing", add: [{ range: [end, end], text: `.${spec.guard}()` }], certain };
    return [hostOperation("Kysely", first.method, spec.action, object, subjectBase, kyselyGuard(spec.guard, current), first.call, locate)];
  }
  if (first.method !== "alterTable") {
    return [];
  }
  const table = stringValue(first.call.arguments[0]);
  const tableText = first.call.arguments[0]?.type === "Literal" ? JSON.stringify(table) : "…";
  const operations: MigrationOperation[] = [];
  for (const [index, link] of links.entries()) {
    const name = stringValue(link.call.arguments[0]);
    const subject = `${subjectBase}.${link.method}()`;
    if (link.method === "addColumn") {
      const current = addColumnGuard(link.call, certain);
      operations.push(hostOperation("Kysely", "addColumn", "create", { type: "column", name, table }, subject, kyselyGuard("ifNotExists", current), link.call, locate));
    } else if (link.method === "dropConstraint") {
      const end = rangeOf(link.call)[1];
      const current: GuardState =
        links[index + 1]?.method === "ifExists" ? { state: "enabled" } : { state: "missing", add: [{ range: [end, end], text: ".ifExists()" }], certain };
      operations.push(hostOperation("Kysely", "dropConstraint", "drop", { type: "constraint", name, table }, subject, kyselyGuard("ifExists", current), link.call, locate));
    } else if (link.method === "dropColumn") {
      const advice = `Run sql\`ALTER TABLE … DROP COLUMN IF EXISTS …\`.execute(${param}) instead.`;
      const guard: Guard = { kind: "none", reason: "unsupported-by-host", advice, suggestion: null };
      operations.push(hostOperation("Kysely", "dropColumn", "drop", { type: "column", name, table }, subject, guard, link.call, locate));
    } else if (KYSELY_CONSTRAINTS.has(link.method)) {
      const drop = `${param}.schema.alterTable(${tableText}).dropConstraint(${name === null ? "…" : JSON.stringify(name)}).ifExists().execute()`;
      const advice = `Drop it first with \`await ${drop}\`.`;
      const guard: Guard = { kind: "none", reason: "unsupported-by-host", advice, suggestion: null };
      operations.push(hostOperation("Kysely", link.method, "create", { type: "constraint", name, table }, subject, guard, link.call, locate));
    }
  }
  return operations;
}

/** Kysely's `alterTable()` constraint additions, none of which has a guard. */
const KYSELY_CONSTRAINTS = new Set(["addUniqueConstraint", "addCheckConstraint", "addForeignKeyConstraint", "addPrimaryKeyConstraint"]);

/**
 * Kysely puts `IF NOT EXISTS` of `ADD COLUMN` on the column definition, in `addColumn`'s callback
 * (`col => col.ifNotExists()`); the alter-table chain itself has no `ifNotExists()`.
 */
function addColumnGuard(call: CallExpression, certain: boolean): GuardState {
  const args = call.arguments;
  const callback = args[2];
  if (!callback) {
    const last = args[args.length - 1];
    // Without a data type the call is incomplete, and a callback would take the type's place.
    if (args.length !== 2 || !last) {
      return { state: "missing", add: null, certain };
    }
    const end = rangeOf(last)[1];
    return { state: "missing", add: [{ range: [end, end], text: ", (col) => col.ifNotExists()" }], certain };
  }
  for (const node of descendants(callback)) {
    if (node.type === "CallExpression" && node.callee.type === "MemberExpression" && keyName(node.callee.property) === "ifNotExists") {
      return { state: "enabled" };
    }
  }
  if (callback.type === "ArrowFunctionExpression" && callback.body.type !== "BlockStatement") {
    const end = rangeOf(callback.body)[1];
    return { state: "missing", add: [{ range: [end, end], text: ".ifNotExists()" }], certain };
  }
  // A block body or a named callback may return any of several builders.
  return { state: "missing", add: null, certain: false };
}

function kyselyGuard(guardMethod: string, current: GuardState): Guard {
  return {
    kind: "option",
    spelling: `.${guardMethod}()`,
    keyword: guardMethod,
    requires: [[]],
    current,
    remedy: "Upgrade Kysely, or run guarded SQL with sql`…`.execute(db).",
  };
}
