import type { CallExpression } from "estree";
import type { Action, Guard, MigrationOperation, SchemaObject } from "../../operations.js";
import { keyName } from "../js/estree.js";
import { columnName, hostOperation, isTrue, type Link, type Locate, optionsGuardState, propertyValue, source, stringValue } from "./support.js";

export interface PgmSpec {
  action: Action;
  object: string;
  keyword: "ifNotExists" | "ifExists";
  /** Position of the options argument; the arguments before it are required. */
  optionsIndex: number;
  /** Argument holding the object's own name, when it is not the table. */
  nameIndex: number | null;
}

const CREATE_INDEX: PgmSpec = { action: "create", object: "index", keyword: "ifNotExists", optionsIndex: 2, nameIndex: null };

/** node-pg-migrate's builders with a guard option; `addIndex`, `addColumn` and `dropColumn` are its aliases. */
const PGM_OPERATIONS: Record<string, PgmSpec> = {
  createIndex: CREATE_INDEX,
  addIndex: CREATE_INDEX,
  dropIndex: { action: "drop", object: "index", keyword: "ifExists", optionsIndex: 2, nameIndex: null },
  createTable: { action: "create", object: "table", keyword: "ifNotExists", optionsIndex: 2, nameIndex: 0 },
  dropTable: { action: "drop", object: "table", keyword: "ifExists", optionsIndex: 1, nameIndex: 0 },
  addColumns: { action: "create", object: "column", keyword: "ifNotExists", optionsIndex: 2, nameIndex: 1 },
  addColumn: { action: "create", object: "column", keyword: "ifNotExists", optionsIndex: 2, nameIndex: 1 },
  dropColumns: { action: "drop", object: "column", keyword: "ifExists", optionsIndex: 2, nameIndex: 1 },
  dropColumn: { action: "drop", object: "column", keyword: "ifExists", optionsIndex: 2, nameIndex: 1 },
  dropConstraint: { action: "drop", object: "constraint", keyword: "ifExists", optionsIndex: 2, nameIndex: 1 },
};

const ADD_CONSTRAINT_ADVICE =
  "Drop it first with pgm.dropConstraint(table, name, { ifExists: true }), or add it with pgm.sql() in a DO block that catches duplicate_object.";

/** A builder call's operation, with the index it names when it is a node-pg-migrate index call. */
export interface Found {
  operation: MigrationOperation;
  index: IndexTarget | null;
}

/** Which index a node-pg-migrate index call names, to pair a concurrent build with its drop. */
export interface IndexTarget {
  key: string;
  /** The table and columns arguments as written, for the drop statement. */
  argumentsText: string;
}

export function readPgm(text: string, link: Link | undefined, param: string, autocommit: boolean, locate: Locate): MigrationOperation | null {
  if (!link) {
    return null;
  }
  const { method, call } = link;
  const args = call.arguments;
  const { table, schema } = pgmTable(args[0]);
  // `createConstraint` is node-pg-migrate's alias of `addConstraint`.
  if (method === "addConstraint" || method === "createConstraint") {
    const object: SchemaObject = { type: "constraint", name: stringValue(args[1]), table, ...schema };
    const guard: Guard = { kind: "none", reason: "unsupported-by-host", advice: ADD_CONSTRAINT_ADVICE, suggestion: null };
    return hostOperation("node-pg-migrate", method, "create", object, `${param}.${method}()`, guard, call, locate, { autocommit });
  }
  const spec = Object.hasOwn(PGM_OPERATIONS, method) ? PGM_OPERATIONS[method] : undefined;
  if (!spec) {
    return null;
  }
  const options = args[spec.optionsIndex];
  const literalOptions = options?.type === "ObjectExpression" ? options : null;
  const name =
    spec.nameIndex === null
      ? stringValue(literalOptions ? propertyValue(literalOptions, "name") : undefined)
      : spec.object === "column"
        ? columnName(args[spec.nameIndex])
        : stringValue(args[spec.nameIndex]);
  const object: SchemaObject = spec.object === "table" ? { type: "table", name: table, table: null, ...schema } : { type: spec.object, name, table, ...schema };
  const guard: Guard = {
    kind: "option",
    spelling: `${spec.keyword}: true`,
    keyword: spec.keyword,
    requires: [[]],
    current: optionsGuardState(text, call, spec, locate, "node-pg-migrate"),
    remedy: "Upgrade node-pg-migrate, or guard the statement in SQL with pgm.sql().",
  };
  const keywords = new Set(literalOptions ? literalOptions.properties.flatMap((p) => (p.type === "Property" && !p.computed ? [keyName(p.key) ?? ""] : [])) : []);
  const concurrently = literalOptions !== null && isTrue(propertyValue(literalOptions, "concurrently"));
  return hostOperation("node-pg-migrate", method, spec.action, object, `${param}.${method}()`, guard, call, locate, {
    keywords,
    concurrently,
    autocommit,
  });
}

/** A table argument: `"t"`, or `{ schema: "s", name: "t" }` with the schema it names. */
function pgmTable(node: CallExpression["arguments"][number] | undefined): { table: string | null; schema: { schema?: string | null } } {
  if (node?.type !== "ObjectExpression") {
    return { table: stringValue(node), schema: {} };
  }
  const schema = propertyValue(node, "schema");
  return { table: stringValue(propertyValue(node, "name")), schema: schema === undefined ? {} : { schema: stringValue(schema) } };
}

/**
 * `pgm.createIndex(..., { concurrently: true })`: a failed build leaves an INVALID index that
 * `ifNotExists` would skip on every retry, so it is retry-safe only after a concurrent, guarded drop
 * of the same index earlier in the migration.
 */
export function withConcurrentDrops(found: readonly Found[]): MigrationOperation[] {
  const dropped = new Set<string>();
  return found.map(({ operation, index }) => {
    if (!index || !operation.concurrently) {
      return operation;
    }
    if (operation.kind === "dropIndex") {
      if (operation.guard.kind === "option" && operation.guard.current.state === "enabled") {
        dropped.add(index.key);
      }
      return operation;
    }
    const receiver = operation.subject.slice(0, operation.subject.lastIndexOf("."));
    if (dropped.has(index.key)) {
      return { ...operation, guard: { kind: "covered", by: `${receiver}.dropIndex(..., { concurrently: true, ifExists: true }) before it` } };
    }
    const nameOption = operation.object.name === null ? "" : `name: ${JSON.stringify(operation.object.name)}, `;
    const dropStatement = `${receiver}.dropIndex(${index.argumentsText}, { ${nameOption}concurrently: true, ifExists: true })`;
    return { ...operation, guard: { kind: "drop-first", dropStatement, edits: null } };
  });
}

const INDEX_CALLS = new Set(["createIndex", "addIndex", "dropIndex"]);

/** An explicit `name` option identifies the index; otherwise node-pg-migrate derives it from table and columns. */
export function indexTarget(text: string, kind: string, call: CallExpression | undefined): IndexTarget | null {
  const [table, columns, options] = call?.arguments ?? [];
  if (!INDEX_CALLS.has(kind) || !table || !columns) {
    return null;
  }
  const name = options?.type === "ObjectExpression" ? stringValue(propertyValue(options, "name")) : null;
  const columnList = columns.type === "ArrayExpression" ? columns.elements : [columns];
  const columnsKey = columnList.map((column) => (column ? (stringValue(column) ?? source(text, column)) : "")).join(",");
  return {
    key: name ?? `${stringValue(table) ?? source(text, table)}|${columnsKey}`,
    argumentsText: `${source(text, table)}, ${source(text, columns)}`,
  };
}
