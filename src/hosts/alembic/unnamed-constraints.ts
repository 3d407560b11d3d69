import type { PyNode } from "../../languages/python/ast.js";
import { isNodeType } from "../../languages/python/ast.js";
import { argumentFor, type CallArguments } from "../../languages/python/call-arguments.js";
import { calleeBaseName } from "../../languages/python/names.js";
import { staticStringValue } from "../../languages/python/strings.js";
import type { Guard, SchemaObject } from "../../operations.js";
import { duplicateOnRetry, retryFailure } from "../../retry-failure.js";
import { defaultConstraintName, type DefaultNameLabel } from "../../sql/default-names.js";
import { conventionName, type FoundConvention } from "./naming-convention.js";

/** The convention key and PostgreSQL label of each constraint operation that may leave the name to others. */
const UNNAMED: Record<string, { conventionKey: string; label: Exclude<DefaultNameLabel, "idx"> }> = {
  create_foreign_key: { conventionKey: "fk", label: "fkey" },
  create_unique_constraint: { conventionKey: "uq", label: "key" },
  create_check_constraint: { conventionKey: "ck", label: "check" },
  create_primary_key: { conventionKey: "pk", label: "pkey" },
};

/** Words of a CHECK condition that are not column names. */
const SQL_WORDS = new Set(["and", "or", "not", "null", "is", "in", "true", "false", "like", "ilike", "between", "any", "all", "similar", "to", "distinct", "from", "case", "when", "then", "else", "end", "cast", "as"]);

/** Who may name an unnamed constraint at a call: the project's naming convention, else the database. */
export interface Namers {
  convention: () => FoundConvention | null;
  /** Whether the call runs on PostgreSQL only, whose default names this module knows. */
  postgres: () => boolean;
}

export interface UnnamedConstraint {
  object: SchemaObject;
  retryFailure: string;
  guard: Guard;
}

/**
 * What a retry of `op.create_foreign_key(None, …)` and friends really does. With a naming convention
 * Alembic names the constraint and the retry fails ("already exists"); without one PostgreSQL names
 * it (`orders_user_id_fkey`) and the retry silently adds a copy (`orders_user_id_fkey1`) — except a
 * primary key, whose second copy fails. The suggestion writes the name in: then a drop with
 * `if_exists=True` before it can make it retry-safe, and no copy can pile up. On other databases
 * only the convention's name is known.
 */
export function unnamedConstraint(
  text: string,
  kind: string,
  args: CallArguments,
  parameters: readonly string[],
  table: string | null,
  nameNode: PyNode | null,
  opName: string,
  namers: Namers,
): UnnamedConstraint | null {
  const spec = UNNAMED[kind];
  if (!spec || nameNode?.type !== "None" || table === null) {
    return null;
  }
  const listed = (parameter: string) => stringList(text, argumentFor(args, parameters, parameter));
  const columns =
    kind === "create_foreign_key" ? listed("local_cols")
    : kind === "create_check_constraint" ? checkColumns(text, argumentFor(args, parameters, "condition"))
    : listed("columns");
  const referredNode = argumentFor(args, parameters, "referent_table");
  const found = namers.convention();
  const template = found?.convention.get(spec.conventionKey);
  const tableText = JSON.stringify(table);
  if (found && template?.includes("%(constraint_name)s")) {
    // SQLAlchemy refuses to apply such a template to an unnamed constraint.
    return {
      object: { type: objectType(kind), name: null, table },
      retryFailure: `even the first run fails: the naming convention in ${found.file} needs %(constraint_name)s, which an unnamed constraint lacks`,
      guard: { kind: "none", reason: "unsupported-by-host", advice: "Name the constraint.", suggestion: null },
    };
  }
  if (found && template !== undefined) {
    const name = columns === null ? null : conventionName(template, { table, columns, referredTable: referredNode ? staticStringValue(text, referredNode) : null, referredColumns: listed("remote_cols") ?? [] });
    const object: SchemaObject = { type: objectType(kind), name, table };
    const named = name === null ? "the name the convention gives it" : JSON.stringify(name);
    return {
      object,
      retryFailure:
        name === null
          ? `the retry fails because the project's naming convention (${found.file}) names it and that ${object.type} already exists`
          : retryFailure({ action: "create", object }),
      guard: {
        kind: "none",
        reason: "unsupported-by-host",
        advice: `The naming convention in ${found.file} names it; drop it first with ${opName}.drop_constraint(${named}, ${tableText}, if_exists=True), or guard it in SQL with a DO block that catches ${kind === "create_primary_key" ? "invalid_table_definition" : "duplicate_object"}.`,
        suggestion: name === null ? null : { description: `Write the name the convention gives it, ${opName}.f(${JSON.stringify(name)})`, edits: [{ range: nameNode.range, text: `${opName}.f(${JSON.stringify(name)})` }] },
      },
    };
  }
  if (!namers.postgres()) {
    // MySQL (`orders_ibfk_1`), SQLite and CockroachDB name constraints their own way: the generic
    // message stays.
    return null;
  }
  const name = columns === null ? null : defaultConstraintName(table, columns, spec.label);
  const object: SchemaObject = { type: objectType(kind), name, table };
  const failure =
    kind === "create_primary_key" ? retryFailure({ action: "create", object })
    : name === null ? `a retry does not fail but silently adds a duplicate ${object.type}`
    : duplicateOnRetry(object.type, `${name}1`);
  const where = found === null ? "no naming convention is set on the project's MetaData, so " : "";
  const drop = name === null ? "" : ` and drop it first with ${opName}.drop_constraint(${JSON.stringify(name)}, ${tableText}, if_exists=True)`;
  return {
    object,
    retryFailure: failure,
    guard: {
      kind: "none",
      reason: "unsupported-by-host",
      advice: `Unnamed, ${where}PostgreSQL names it${name === null ? "" : ` ${JSON.stringify(name)}`}: write that name in${drop}, or guard it in SQL with a DO block.`,
      suggestion: name === null ? null : { description: `Name it ${JSON.stringify(name)}, as PostgreSQL does (drop it with if_exists=True before to make it retry-safe)`, edits: [{ range: nameNode.range, text: JSON.stringify(name) }] },
    },
  };
}

function objectType(kind: string): string {
  return kind === "create_foreign_key" ? "foreign key" : kind === "create_unique_constraint" ? "unique constraint" : kind === "create_primary_key" ? "primary key" : "constraint";
}

/** `["a", "b"]` or `("a",)`: the literal strings, or `null` when any is not literal. */
function stringList(text: string, node: PyNode | null): string[] | null {
  if (node === null || !["ArrayExpression", "TupleExpression"].includes(node.type)) {
    return null;
  }
  const values = node.children.map((child) => staticStringValue(text, child));
  return values.every((value): value is string => value !== null) ? values : null;
}

/**
 * The distinct columns a CHECK condition reads, which decide PostgreSQL's name (`t_qty_check` for
 * one, `t_check` otherwise): the words of a SQL string outside quotes, or the `column("…")` calls of
 * an expression.
 */
function checkColumns(text: string, node: PyNode | null): string[] | null {
  if (node === null) {
    return null;
  }
  const sql = staticStringValue(text, node);
  if (sql !== null) {
    const words = sql.replace(/'(?:[^']|'')*'/gu, " ").match(/"[^"]+"|[A-Za-z_][\w$]*/gu) ?? [];
    return [...new Set(words.map((word) => (word.startsWith('"') ? word.slice(1, -1) : word.toLowerCase())).filter((word) => !SQL_WORDS.has(word)))];
  }
  const names: string[] = [];
  const visit = (current: PyNode) => {
    if (isNodeType(current, "CallExpression") && calleeBaseName(current) === "column") {
      const [first] = current.argList.children;
      const value = first ? staticStringValue(text, first) : null;
      if (value !== null) {
        names.push(value);
      }
    }
    current.children.forEach(visit);
  };
  visit(node);
  return names.length > 0 ? [...new Set(names)] : null;
}
