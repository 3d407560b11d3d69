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
import { retryFailure } from "../../retry-failure.js";
import { nodesOfType } from "../../languages/python/node-index.js";
import { alembicOpNames, contextsAround, withContexts, type WithContext } from "./bindings.js";
import { ALEMBIC_OPERATIONS, type AlembicOperationSpec } from "./catalog.js";
import { namingConventionOf, type FoundConvention } from "./naming-convention.js";
import { unnamedConstraint, type Namers } from "./unnamed-constraints.js";
import type { Dialect } from "../../dialects.js";
import { DEFAULT_SCHEMA } from "../../sql/migration-scope.js";

const UPGRADE_REMEDY = "Upgrade, or emit guarded SQL with op.execute().";

/** What makes an operation retry-safe when Alembic has no guard for it. */
const NO_GUARD_ADVICE: Record<string, string> = {
  rename_table:
    'Rename in SQL that skips a finished rename: op.execute("ALTER TABLE IF EXISTS <old> RENAME TO <new>").',
  create_primary_key:
    "Guard it in SQL: op.execute() a DO block that adds the constraint and catches invalid_table_definition, or drop it first with op.drop_constraint(..., if_exists=True).",
};
const CONSTRAINT_ADVICE =
  "Guard it in SQL: op.execute() a DO block that adds the constraint and catches duplicate_object (duplicate_table for a unique constraint), or drop it first with op.drop_constraint(..., if_exists=True).";
const BATCH_DROP_CONSTRAINT_ADVICE =
  'It has no `if_exists` in batch mode (passing it raises TypeError). Drop the constraint outside the batch block with op.drop_constraint(..., if_exists=True), or with op.execute("ALTER TABLE ... DROP CONSTRAINT IF EXISTS ...").';

const SIDE_EFFECT_ADVICE: Record<string, string> = {
  "create_table index": "Create the index after the table with op.create_index(..., if_not_exists=True) instead.",
  "add_column index": "Drop `index=True` and create the index with op.create_index(..., if_not_exists=True) instead.",
  "add_column foreign key":
    "Pass `inline_references=True` (Alembic >= 1.18.2) so that the reference is part of the guarded ADD COLUMN, or create the constraint separately, guarded in SQL (a DO block that catches duplicate_object).",
};

interface Scope {
  /** Batch operation names in scope, with the table each alters. */
  batchNames: Map<string, PyNode | null>;
  autocommit: boolean;
}

/** Alembic `op.*` and `batch_op.*` schema operations of a migration file, in source order. */
export function extractAlembicOperations(
  text: string,
  script: Script,
  filename?: string,
  dialectsAt: (offset: number) => readonly Dialect[] = () => ["postgresql"],
): MigrationOperation[] {
  const opNames = alembicOpNames(script);
  let convention: FoundConvention | null | undefined;
  const conventionOnce = () => (convention === undefined ? (convention = namingConventionOf(text, filename)) : convention);
  const contexts = withContexts(script, opNames);
  const found: { operation: MigrationOperation; inBatch: boolean }[] = [];
  for (const call of nodesOfType(script, "CallExpression")) {
    const namers: Namers = { convention: conventionOnce, postgres: () => dialectsAt(call.range[0]).every((dialect) => dialect === "postgresql") };
    const operation = readOperation(text, call, opNames, () => scopeAt(contexts, call), namers);
    if (operation) {
      found.push(operation);
    }
  }
  found.sort((a, b) => a.operation.span.range[0] - b.operation.span.range[0]);
  // Indexes already dropped with postgresql_concurrently=True, if_exists=True: by name, the schemas.
  const droppedConcurrently = new Map<string, Set<string | null>>();
  return found.map(({ operation, inBatch }) => {
    const { kind, concurrently, guard, object } = operation;
    if (kind === "drop_index" && concurrently && object.name !== null && guard.kind === "option" && guard.current.state === "enabled") {
      const schemas = droppedConcurrently.get(object.name) ?? new Set();
      droppedConcurrently.set(object.name, schemas.add(indexSchema(object.schema)));
    }
    return concurrentBuildGuard(text, operation, inBatch, droppedConcurrently);
  });
}

/**
 * `create_index(..., postgresql_concurrently=True)`: a failed build leaves an INVALID index that
 * `if_not_exists=True` would skip on every retry, so the retry-safe form first drops it with
 * `drop_index(..., postgresql_concurrently=True, if_exists=True)`.
 */
function concurrentBuildGuard(
  text: string,
  operation: MigrationOperation,
  inBatch: boolean,
  droppedConcurrently: ReadonlyMap<string, ReadonlySet<string | null>>,
): MigrationOperation {
  if (operation.kind !== "create_index" || !operation.concurrently) {
    return operation;
  }
  const { name, table, schema } = operation.object;
  const dropped = name === null ? undefined : droppedConcurrently.get(name);
  // A schema that cannot be read (`null`) could be any.
  if (dropped && (indexSchema(schema) === null || dropped.has(null) || dropped.has(indexSchema(schema)))) {
    return { ...operation, guard: { kind: "covered", by: "drop_index(..., postgresql_concurrently=True, if_exists=True) before it" } };
  }
  const receiver = operation.subject.slice(0, operation.subject.lastIndexOf("."));
  const tableArgument = `${inBatch || table === null ? "" : `, table_name=${JSON.stringify(table)}`}${typeof schema === "string" ? `, schema=${JSON.stringify(schema)}` : ""}`;
  const dropStatement =
    name === null
      ? `${receiver}.drop_index(<name>${tableArgument}, postgresql_concurrently=True, if_exists=True)`
      : `${receiver}.drop_index(${JSON.stringify(name)}${tableArgument}, postgresql_concurrently=True, if_exists=True)`;
  const lineStart = text.lastIndexOf("\n", operation.span.range[0] - 1) + 1;
  const indentation = text.slice(lineStart, operation.span.range[0]);
  const ownLine = indentation.trim() === "";
  const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";
  return {
    ...operation,
    guard: {
      kind: "drop-first",
      dropStatement,
      edits: name !== null && ownLine ? [{ range: [lineStart, lineStart], text: `${indentation}${dropStatement}${lineBreak}` }] : null,
    },
  };
}

/** The schema an index is in by `schema=`: none and `public` are the same (see the rule doc); `null` when not a literal. */
function indexSchema(schema: string | null | undefined): string | null {
  return schema === undefined ? DEFAULT_SCHEMA : schema;
}

/** The batch names and autocommit state where `node` is; inner blocks shadow outer ones. */
function scopeAt(contexts: readonly WithContext[], node: PyNode): Scope {
  const around = contextsAround(contexts, node);
  const batchNames = new Map<string, PyNode | null>();
  for (const context of around) {
    if (context.kind === "batch" && context.name) {
      batchNames.set(context.name, context.table);
    }
  }
  return { batchNames, autocommit: around.some((context) => context.kind === "autocommit") };
}

function readOperation(
  text: string,
  call: CallExpression,
  opNames: ReadonlySet<string>,
  scopeOf: () => Scope,
  namers: Namers,
): { operation: MigrationOperation; inBatch: boolean } | null {
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
  // Only calls that look like operations pay for the scope lookup.
  const scope = scopeOf();
  const inBatch = !opNames.has(receiver);
  if (inBatch && !scope.batchNames.has(receiver)) {
    return null;
  }
  const parameters = inBatch ? spec.batchParameters : spec.parameters;
  if (!parameters) {
    return null;
  }
  const args = readCallArguments(call);
  if (kind === "create_table" && isSessionScoped(text, args)) {
    return null;
  }
  const written = schemaObject(text, spec, parameters, args, inBatch ? (scope.batchNames.get(receiver) ?? null) : undefined);
  const nameNode = spec.nameParameter ? argumentFor(args, parameters, spec.nameParameter) : null;
  const unnamed = unnamedConstraint(text, kind, args, parameters, written.table, nameNode, inBatch ? "op" : receiver, namers);
  const object = unnamed?.object ?? written;
  const operation: MigrationOperation = {
    host: "alembic",
    kind,
    action: spec.action,
    object,
    subject: `${receiver}.${kind}()`,
    retryFailure: unnamed?.retryFailure ?? retryFailure({ action: spec.action, object }),
    guardProvider: "Alembic",
    guard: unnamed?.guard ?? readGuard(text, call, kind, spec, args, inBatch),
    concurrently: isTrue(args.keywords.get("postgresql_concurrently")?.value),
    transaction: scope.autocommit ? "autocommit" : "migration",
    span: spanOf(call),
    sideEffects: sideEffects(kind, args),
    addArgument: args.hasUnpacking
      ? null
      : (name: string, valueText: string) => appendKeywordArgument(text, call.argList, name, valueText),
    keywords: new Set(args.keywords.keys()),
  };
  return { operation, inBatch };
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
  const written = { type: spec.object, name, table: tableNode ? literalName(text, tableNode) : null };
  if (batchTable !== undefined) {
    // batch_alter_table(…, schema=…) is not followed: a schema that is not known matches any drop.
    return { ...written, schema: null };
  }
  // `schema=None` is Alembic's default: no schema named.
  const schemaNode = args.keywords.get(spec.object === "foreign key" ? "source_schema" : "schema")?.value;
  return schemaNode && schemaNode.type !== "None" ? { ...written, schema: staticStringValue(text, schemaNode) } : written;
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
  kind: string,
  spec: AlembicOperationSpec,
  args: CallArguments,
  inBatch: boolean,
): Guard {
  if (!spec.guard) {
    return { kind: "none", reason: "unsupported-by-host", advice: NO_GUARD_ADVICE[kind] ?? CONSTRAINT_ADVICE, suggestion: null };
  }
  if (inBatch && !spec.guard.inBatch) {
    return { kind: "none", reason: "unsupported-in-batch", advice: BATCH_DROP_CONSTRAINT_ADVICE, suggestion: null };
  }
  const { keyword, requires } = spec.guard;
  return {
    kind: "option",
    keyword,
    spelling: `${keyword}=True`,
    requires,
    current: guardState(text, call, keyword, args),
    remedy: UPGRADE_REMEDY,
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
        written: `${keyword}=${text.slice(value.range[0], value.range[1])}`,
        enabled: `${keyword}=True`,
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
      enabled: `${keyword}=True`,
      consequence: "Alembic passes it on as a dialect argument that SQLAlchemy only warns about, so the statement is emitted unguarded",
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
  const guardedStatement = kind === "create_table" ? "CREATE TABLE" : "ADD COLUMN";
  for (const item of items) {
    if (!isNodeType(item, "CallExpression")) {
      continue;
    }
    const base = calleeBaseName(item);
    if (base === "Index") {
      effects.push({ what: "index", cause: "sa.Index(...)", guardedStatement, span: spanOf(item), advice: SIDE_EFFECT_ADVICE[`${kind} index`] ?? "" });
      continue;
    }
    if (base !== "Column") {
      continue;
    }
    const column = readCallArguments(item);
    const index = column.keywords.get("index");
    if (index && isTrue(index.value)) {
      effects.push({ what: "index", cause: "index=True", guardedStatement, span: spanOf(index), advice: SIDE_EFFECT_ADVICE[`${kind} index`] ?? "" });
    }
    // `inline_references=True` (Alembic 1.18.2) renders the reference inside the guarded ADD COLUMN.
    if (kind === "add_column" && !isTrue(args.keywords.get("inline_references")?.value)) {
      for (const part of column.positional) {
        if (calleeBaseName(part) === "ForeignKey") {
          effects.push({
            what: "foreign key",
            cause: "ForeignKey(...)",
            guardedStatement,
            span: spanOf(part),
            advice: SIDE_EFFECT_ADVICE[`${kind} foreign key`] ?? "",
          });
        }
      }
    }
  }
  return effects;
}

/** `create_table(..., prefixes=["TEMPORARY"])`: the table lives for one session, and a retry runs in a new one. */
function isSessionScoped(text: string, args: CallArguments): boolean {
  const prefixes = args.keywords.get("prefixes")?.value;
  return prefixes !== undefined && prefixes.children.some((prefix) => /^TEMP(?:ORARY)?$/iu.test(staticStringValue(text, prefix) ?? ""));
}

function isTrue(node: PyNode | undefined): boolean {
  return isNodeType(node, "Boolean") && node.value;
}

function spanOf(node: PyNode | KeywordArgument): Span {
  return { range: node.range, loc: node.loc };
}
