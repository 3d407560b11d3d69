import type { CallExpression, KeywordArgument, PyNode, Script } from "../../languages/python/ast.js";
import { isNodeType } from "../../languages/python/ast.js";
import { appendKeywordArgument } from "../../languages/python/arguments.js";
import { argumentFor, readCallArguments, type CallArguments } from "../../languages/python/call-arguments.js";
import { calleeBaseName, dottedName } from "../../languages/python/names.js";
import { staticStringValue } from "../../languages/python/strings.js";
import type {
  Guard,
  GuardState,
  MigrationOperation,
  SchemaObject,
  Span,
  UnguardedSideEffect,
} from "../../operations.js";
import { alembicOpNames, withContext, type WithContext } from "./bindings.js";
import { ALEMBIC_OPERATIONS, type AlembicOperationSpec } from "./catalog.js";

interface Scope {
  /** Batch operation names in scope, with the table each alters. */
  batchNames: Map<string, PyNode | null>;
  autocommit: boolean;
}

/** Alembic `op.*` and `batch_op.*` schema operations of a migration file, in source order. */
export function extractAlembicOperations(text: string, script: Script): MigrationOperation[] {
  const opNames = alembicOpNames(script);
  const operations: MigrationOperation[] = [];
  const stack: { node: PyNode; scope: Scope }[] = [
    { node: script, scope: { batchNames: new Map(), autocommit: false } },
  ];
  while (stack.length > 0) {
    const { node, scope } = stack.pop() as (typeof stack)[number];
    if (isNodeType(node, "CallExpression")) {
      const operation = readOperation(text, node, opNames, scope);
      if (operation) {
        operations.push(operation);
      }
    }
    const contexts = withContext(node, opNames);
    for (let index = node.children.length - 1; index >= 0; index--) {
      const child = node.children[index] as PyNode;
      stack.push({ node: child, scope: scopeFor(child, contexts, scope) });
    }
  }
  return operations.sort((a, b) => a.span.range[0] - b.span.range[0]);
}

function scopeFor(child: PyNode, contexts: WithContext[], scope: Scope): Scope {
  const entered = contexts.filter((context) => context.body === child);
  if (entered.length === 0) {
    return scope;
  }
  const batchNames = new Map(scope.batchNames);
  for (const context of entered) {
    if (context.kind === "batch" && context.name) {
      batchNames.set(context.name, context.table);
    }
  }
  return { batchNames, autocommit: scope.autocommit || entered.some((context) => context.kind === "autocommit") };
}

function readOperation(
  text: string,
  call: CallExpression,
  opNames: ReadonlySet<string>,
  scope: Scope,
): MigrationOperation | null {
  const callee = call.callee;
  if (!isNodeType(callee, "MemberExpression") || !isNodeType(callee.property, "PropertyName")) {
    return null;
  }
  const kind = callee.property.name;
  const spec = Object.hasOwn(ALEMBIC_OPERATIONS, kind) ? ALEMBIC_OPERATIONS[kind] : undefined;
  const receiver = dottedName(callee.object);
  if (!spec || receiver === null) {
    return null;
  }
  const inBatch = !opNames.has(receiver);
  if (inBatch && !scope.batchNames.has(receiver)) {
    return null;
  }
  const parameters = inBatch ? spec.batchParameters : spec.parameters;
  if (!parameters) {
    return null;
  }
  const args = readCallArguments(call);
  return {
    host: "alembic",
    kind,
    action: spec.action,
    object: schemaObject(text, spec, parameters, args, inBatch ? (scope.batchNames.get(receiver) ?? null) : undefined),
    guard: readGuard(text, call, spec, args, inBatch),
    concurrently: isTrue(args.keywords.get("postgresql_concurrently")?.value),
    transaction: scope.autocommit ? "autocommit" : "migration",
    callee: `${receiver}.${kind}`,
    span: spanOf(call),
    sideEffects: sideEffects(kind, args),
    addArgument: args.hasUnpacking
      ? null
      : (name: string, valueText: string) => appendKeywordArgument(text, call.argList, name, valueText),
    keywords: new Set(args.keywords.keys()),
  };
}

function schemaObject(
  text: string,
  spec: AlembicOperationSpec,
  parameters: readonly string[],
  args: CallArguments,
  batchTable: PyNode | null | undefined,
): SchemaObject {
  const nameNode = spec.nameParameter ? argumentFor(args, parameters, spec.nameParameter) : null;
  const tableNode =
    batchTable !== undefined ? batchTable : spec.tableParameter ? argumentFor(args, parameters, spec.tableParameter) : null;
  let name = nameNode ? literalName(text, nameNode) : null;
  if (spec.object === "column" && spec.nameParameter === null) {
    const column = argumentFor(args, parameters, "column");
    name = column ? columnName(text, column) : null;
  }
  return { type: spec.object, name, table: tableNode ? literalName(text, tableNode) : null };
}

/** `"ix_a"` or `op.f("ix_a")` (Alembic's marker for an already-converted name). */
function literalName(text: string, node: PyNode): string | null {
  if (isNodeType(node, "CallExpression") && calleeBaseName(node) === "f") {
    const [inner] = node.argList.children;
    return inner ? staticStringValue(text, inner) : null;
  }
  return staticStringValue(text, node);
}

function columnName(text: string, node: PyNode): string | null {
  if (!isNodeType(node, "CallExpression") || calleeBaseName(node) !== "Column") {
    return null;
  }
  const [first] = node.argList.children;
  return first ? literalName(text, first) : null;
}

const OPPOSITE: Record<string, string> = { if_not_exists: "if_exists", if_exists: "if_not_exists" };

function readGuard(
  text: string,
  call: CallExpression,
  spec: AlembicOperationSpec,
  args: CallArguments,
  inBatch: boolean,
): Guard {
  if (!spec.guard) {
    return { kind: "none", reason: "unsupported-by-host" };
  }
  if (inBatch && !spec.guard.inBatch) {
    return { kind: "none", reason: "unsupported-in-batch" };
  }
  const { keyword, requires } = spec.guard;
  return {
    kind: "option",
    keyword,
    spelling: `${keyword}=True`,
    requires,
    current: guardState(text, call, keyword, args),
  };
}

function guardState(text: string, call: CallExpression, keyword: string, args: CallArguments): GuardState {
  const written = args.keywords.get(keyword);
  if (written) {
    const value = written.value;
    if (isTrue(value)) {
      return { state: "enabled" };
    }
    if (isNodeType(value, "Boolean") || value.type === "None") {
      return {
        state: "disabled",
        span: spanOf(written),
        valueText: text.slice(value.range[0], value.range[1]),
        enable: [{ range: value.range, text: "True" }],
      };
    }
    return { state: "dynamic" };
  }
  const opposite = args.keywords.get(OPPOSITE[keyword] as string);
  if (opposite) {
    return {
      state: "misnamed",
      span: spanOf(opposite),
      writtenAs: opposite.name.name,
      rename: [{ range: opposite.name.range, text: keyword }],
    };
  }
  return {
    state: "missing",
    add: appendKeywordArgument(text, call.argList, keyword, "True"),
    certain: !args.hasUnpacking,
  };
}

/**
 * What `create_table` and `add_column` emit besides the guarded statement: a `CREATE INDEX` for
 * every `index=True` column and `sa.Index(...)` item, and an `ADD CONSTRAINT` for a column's
 * `ForeignKey`.
 */
function sideEffects(kind: string, args: CallArguments): UnguardedSideEffect[] {
  let items: PyNode[];
  if (kind === "create_table") {
    items = args.positional.slice(1);
  } else if (kind === "add_column") {
    items = args.positional.filter((item) => calleeBaseName(item) === "Column");
  } else {
    return [];
  }
  const effects: UnguardedSideEffect[] = [];
  for (const item of items) {
    if (!isNodeType(item, "CallExpression")) {
      continue;
    }
    const base = calleeBaseName(item);
    if (base === "Index") {
      effects.push({ what: "index", cause: "sa.Index(...)", span: spanOf(item) });
      continue;
    }
    if (base !== "Column") {
      continue;
    }
    const column = readCallArguments(item);
    const index = column.keywords.get("index");
    if (index && isTrue(index.value)) {
      effects.push({ what: "index", cause: "index=True", span: spanOf(index) });
    }
    // `inline_references=True` (Alembic 1.18.2) renders the reference inside the guarded ADD COLUMN.
    if (kind === "add_column" && !isTrue(args.keywords.get("inline_references")?.value)) {
      for (const part of column.positional) {
        if (calleeBaseName(part) === "ForeignKey") {
          effects.push({ what: "foreign key", cause: "ForeignKey(...)", span: spanOf(part) });
        }
      }
    }
  }
  return effects;
}

function isTrue(node: PyNode | undefined): boolean {
  return isNodeType(node, "Boolean") && node.value;
}

function spanOf(node: PyNode | KeywordArgument): Span {
  return { range: node.range, loc: node.loc };
}
