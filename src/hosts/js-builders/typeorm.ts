import type { CallExpression } from "estree";
import type { Action, Edit, Guard, GuardState, MigrationOperation, SchemaObject } from "../../operations.js";
import { isIdentifier, keyName } from "../js/estree.js";
import { appendArgument } from "./arguments.js";
import { type Context, editList, hostOperation, isTrue, type Locate, objectName, propertyValue, rangeOf, source, spanOf } from "./support.js";

/** TypeORM `QueryRunner` methods whose guard is a positional `true`. */
const TYPEORM_OPERATIONS: Record<string, { action: Action; object: string; flagIndex: number; keyword: string; since: string }> = {
  createTable: { action: "create", object: "table", flagIndex: 1, keyword: "ifNotExist", since: "0.2.0" },
  dropTable: { action: "drop", object: "table", flagIndex: 1, keyword: "ifExist", since: "0.2.0" },
  // FACTS.md: the ifExists flag of dropIndex arrived with TypeORM 1.0.
  dropIndex: { action: "drop", object: "index", flagIndex: 2, keyword: "ifExists", since: "1.0.0" },
};

export function readTypeorm(call: CallExpression, context: Context): MigrationOperation | null {
  const { param, locate } = context;
  const { callee } = call;
  if (callee.type !== "MemberExpression" || callee.computed || !isIdentifier(callee.object, param)) {
    return null;
  }
  const method = keyName(callee.property);
  const args = call.arguments;
  const subject = `${param}.${method ?? ""}()`;
  if (method === "createIndex") {
    const object: SchemaObject = { type: "index", name: objectName(args[1]), table: objectName(args[0]) };
    const options = args[1]?.type === "NewExpression" ? args[1].arguments[0] : undefined;
    const concurrently = options?.type === "ObjectExpression" && isTrue(propertyValue(options, "isConcurrent"));
    // A failed concurrent build leaves an INVALID index that IF NOT EXISTS would skip for good.
    const advice = concurrently
      ? `A failed concurrent build also leaves an INVALID index behind: run ${param}.query("DROP INDEX CONCURRENTLY IF EXISTS …") and then ${param}.query("CREATE INDEX CONCURRENTLY …"), with \`transaction = false\` on the migration class.`
      : `Create it with ${param}.query("CREATE INDEX IF NOT EXISTS …").`;
    const guard: Guard = { kind: "none", reason: "unsupported-by-host", advice, suggestion: null };
    return hostOperation("TypeORM", method, "create", object, subject, guard, call, locate, { concurrently });
  }
  const spec = method !== null && Object.hasOwn(TYPEORM_OPERATIONS, method) ? TYPEORM_OPERATIONS[method] : undefined;
  if (method === null || !spec) {
    return null;
  }
  const object: SchemaObject =
    spec.object === "table" ? { type: "table", name: objectName(args[0]), table: null } : { type: spec.object, name: objectName(args[1]), table: objectName(args[0]) };
  const guard: Guard = {
    kind: "option",
    spelling: `true as argument ${spec.flagIndex + 1} (${spec.keyword})`,
    keyword: spec.keyword,
    requires: [[{ package: "typeorm", minimum: spec.since }]],
    current: flagState(context.text, call, spec.flagIndex, locate),
    remedy: `Upgrade TypeORM, or run guarded SQL with ${param}.query().`,
  };
  return hostOperation("TypeORM", method, spec.action, object, subject, guard, call, locate);
}

function flagState(text: string, call: CallExpression, flagIndex: number, locate: Locate): GuardState {
  const args = call.arguments;
  const flag = args[flagIndex];
  if (args.some((arg) => arg.type === "SpreadElement")) {
    return { state: "missing", add: null, certain: false };
  }
  if (!flag) {
    // A flag after a missing required argument would land in its place.
    const add: Edit[] | null = args.length === flagIndex ? editList(appendArgument(text, call, "true")) : null;
    return { state: "missing", add, certain: true };
  }
  if (isTrue(flag)) {
    return { state: "enabled" };
  }
  if (flag.type === "Literal" && flag.value === false) {
    return { state: "disabled", span: spanOf(rangeOf(flag), locate), written: source(text, flag), enabled: "true", enable: [{ range: rangeOf(flag), text: "true" }] };
  }
  return { state: "dynamic" };
}
