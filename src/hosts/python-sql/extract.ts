import type { CallExpression, PyNode, Script } from "../../languages/python/ast.js";
import { isNodeType } from "../../languages/python/ast.js";
import { argumentFor, readCallArguments } from "../../languages/python/call-arguments.js";
import { dottedName } from "../../languages/python/names.js";
import { staticStringValue, stringParts } from "../../languages/python/strings.js";
import { nodesOfType } from "../../languages/python/node-index.js";
import { alembicOpNames, contextsAround, withContexts } from "../alembic/bindings.js";
import { isPlainName, type EmbeddedSql } from "../embedded-sql.js";
import { constantResolver } from "./constants.js";
import { embedLiteral, type SqlProcessing } from "./literal.js";
import { DBAPI_PARAMETERS, DDL_STATEMENT, DRIVER_SQL, PERCENT_FORMATTING, STR_FORMAT, TEXT_CLAUSE, formattedThen } from "./processing.js";

/** Where a string goes: the call named in messages, and what SQLAlchemy does to the string on the way. */
interface Sink {
  label: string;
  processing: SqlProcessing;
}

interface FileNames {
  op: ReadonlySet<string>;
  /** Names of connections: `bind = op.get_bind()`, and the usual `connection`, `conn`, `bind`. */
  connections: ReadonlySet<string>;
  text: ReadonlySet<string>;
  ddl: ReadonlySet<string>;
  constant: ReturnType<typeof constantResolver>;
}

/**
 * SQL strings that a Python migration sends to the database: literals (also through `text()`,
 * `DDL()` or a constant) given to `op.execute()`, `batch_op.execute()`, a connection's `execute()`,
 * or any `exec_driver_sql()`. In the order of the calls; a constant sent twice is reported once.
 */
export function extractPythonSql(text: string, script: Script): EmbeddedSql[] {
  const opNames = alembicOpNames(script);
  const names: FileNames = {
    op: opNames,
    connections: connectionNames(script, opNames),
    ...sqlalchemyConstructors(script),
    constant: constantResolver(text, script),
  };
  const found: EmbeddedSql[] = [];
  const seen = new Set<string>();
  const contexts = withContexts(script, opNames);
  const batchNamesAt = (call: CallExpression): ReadonlySet<string> =>
    new Set(contextsAround(contexts, call).flatMap((context) => (context.kind === "batch" && context.name !== null ? [context.name] : [])));
  for (const node of nodesOfType(script, "CallExpression")) {
    const call = readSink(node, names, () => batchNamesAt(node));
    const embedded = call?.argument ? embed(text, call.argument, call.sink, names, true) : null;
    if (embedded) {
      const key = `${embedded.hostRange([0, 0])[0]} ${embedded.text}`;
      if (!seen.has(key)) {
        seen.add(key);
        found.push(embedded);
      }
    }
  }
  return found;
}

function readSink(
  call: CallExpression,
  names: FileNames,
  batchNamesOf: () => ReadonlySet<string>,
): { sink: Sink; argument: PyNode | null } | null {
  const { callee } = call;
  if (!isNodeType(callee, "MemberExpression") || !isNodeType(callee.property, "PropertyName")) {
    return null;
  }
  const method = callee.property.name;
  const receiver = callee.object;
  const label = `${describe(callee)}()`;
  const args = readCallArguments(call);
  // With parameters the driver formats the string (`%s`, `%(name)s`, `%%`); without, it sends it as it is.
  const driver = argumentFor(args, ["statement", "parameters"], "parameters") === null ? DRIVER_SQL : DBAPI_PARAMETERS;
  if (method === "exec_driver_sql") {
    return { sink: { label, processing: driver }, argument: argumentFor(args, ["statement"], "statement") };
  }
  if (method !== "execute") {
    return null;
  }
  const receiverName = dottedName(receiver);
  if (receiverName !== null && (names.op.has(receiverName) || batchNamesOf().has(receiverName))) {
    // Alembic wraps a plain string in text(): its colons are bind parameters.
    return { sink: { label, processing: TEXT_CLAUSE }, argument: argumentFor(args, ["sqltext"], "sqltext") };
  }
  if (isGetBind(receiver, names.op) || (isNodeType(receiver, "VariableName") && names.connections.has(receiver.name))) {
    return { sink: { label, processing: driver }, argument: argumentFor(args, ["statement"], "statement") };
  }
  return null;
}

/**
 * The SQL of a sink's argument: a string literal, `text(…)`/`DDL(…)` of one, or a constant holding
 * either. `followName` allows the one step from a name to its value.
 */
function embed(text: string, node: PyNode, sink: Sink, names: FileNames, followName: boolean): EmbeddedSql | null {
  const parts = stringParts(node);
  if (parts) {
    // Bytes are not SQL text; a literal mixing bytes and str is a syntax error anyway.
    return parts.some((part) => part.prefix.includes("b")) ? null : embedLiteral(text, parts, sink.processing, sink.label, knownName(text, names));
  }
  if (node.type === "ParenthesizedExpression" && node.children.length === 1) {
    return embed(text, node.children[0] as PyNode, sink, names, followName);
  }
  if (isNodeType(node, "VariableName")) {
    const value = followName ? names.constant(node) : null;
    return value ? embed(text, value, sink, names, false) : null;
  }
  // Python formats the string before the sink sees it: `"…" % values`.
  if (node.type === "BinaryExpression" && node.children.length === 3 && node.children[1]?.type === "ArithOp" && text.slice(...node.children[1].range) === "%") {
    const formatted: Sink = { label: sink.label, processing: formattedThen(PERCENT_FORMATTING, sink.processing) };
    return embed(text, node.children[0] as PyNode, formatted, names, followName);
  }
  if (!isNodeType(node, "CallExpression")) {
    return null;
  }
  const { callee } = node;
  // `"…".format(…)`, also of a constant.
  if (isNodeType(callee, "MemberExpression") && isNodeType(callee.property, "PropertyName") && callee.property.name === "format" && !callee.computed) {
    const formatted: Sink = { label: sink.label, processing: formattedThen(STR_FORMAT, sink.processing) };
    return embed(text, callee.object, formatted, names, followName);
  }
  const constructor = dottedName(callee);
  const args = readCallArguments(node);
  if (constructor !== null && names.text.has(constructor)) {
    const inner: Sink = { label: `${constructor}()`, processing: TEXT_CLAUSE };
    const argument = argumentFor(args, ["text"], "text");
    return argument ? embed(text, argument, inner, names, followName) : null;
  }
  if (constructor !== null && names.ddl.has(constructor)) {
    const inner: Sink = { label: `${constructor}()`, processing: DDL_STATEMENT };
    const argument = argumentFor(args, ["statement"], "statement");
    return argument ? embed(text, argument, inner, names, followName) : null;
  }
  // `text("…").bindparams(…)` and `.execution_options(…)` return the same statement.
  if (
    isNodeType(callee, "MemberExpression") &&
    isNodeType(callee.property, "PropertyName") &&
    (callee.property.name === "bindparams" || callee.property.name === "execution_options") &&
    isNodeType(callee.object, "CallExpression")
  ) {
    return embed(text, callee.object, sink, names, followName);
  }
  return null;
}

/**
 * The value of an f-string field `{NAME}` (no conversion, no format spec) when `NAME` is a constant
 * holding a plain string that is a name (`TABLE = "apps"`): the SQL reads `apps`, messages name it
 * and a guard before it is certain. Any other field stays unknown.
 */
function knownName(text: string, names: FileNames): (replacement: PyNode) => string | null {
  return (replacement) => {
    const [only, ...rest] = replacement.children;
    if (rest.length > 0 || !isNodeType(only, "VariableName")) {
      return null;
    }
    const value = names.constant(only);
    const name = value ? staticStringValue(text, value) : null;
    return name !== null && isPlainName(name) ? name : null;
  };
}

/** `op.get_bind()` for any name of `op`. */
function isGetBind(node: PyNode, opNames: ReadonlySet<string>): boolean {
  if (!isNodeType(node, "CallExpression") || node.argList.children.length > 0) {
    return false;
  }
  const name = dottedName(node.callee);
  return name !== null && name.endsWith(".get_bind") && opNames.has(name.slice(0, -".get_bind".length));
}

function connectionNames(script: Script, opNames: ReadonlySet<string>): Set<string> {
  const names = new Set(["connection", "conn", "bind"]);
  for (const node of nodesOfType(script, "AssignStatement")) {
    const [target, operator, value, ...rest] = node.children;
    if (
      isNodeType(target, "VariableName") &&
      operator?.type === "AssignOp" &&
      value &&
      rest.length === 0 &&
      isGetBind(value, opNames)
    ) {
      names.add(target.name);
    }
  }
  return names;
}

/**
 * The names under which the file reaches SQLAlchemy's `text` and `DDL`: `sa.text` after
 * `import sqlalchemy as sa`, `sa_text` after `from sqlalchemy import text as sa_text`. The usual
 * spellings count without an import too (snippets, helpers), unless the file binds them to
 * something else.
 */
function sqlalchemyConstructors(script: Script): { text: Set<string>; ddl: Set<string> } {
  const found = { text: new Set<string>(), ddl: new Set<string>() };
  const boundElsewhere = new Set<string>();
  for (const node of nodesOfType(script, "ImportStatement")) {
    for (const imported of node.names) {
      const local = imported.alias ?? imported.name;
      const fromSqlalchemy = node.from === "sqlalchemy" || node.from?.startsWith("sqlalchemy.") === true;
      if (fromSqlalchemy && imported.name === "text") {
        found.text.add(local);
      } else if (fromSqlalchemy && imported.name === "DDL") {
        found.ddl.add(local);
      } else if (node.from === null && (imported.name === "sqlalchemy" || (local.startsWith("sqlalchemy.") && !imported.alias))) {
        // `import sqlalchemy.orm` binds `sqlalchemy` too.
        const module = imported.alias ?? "sqlalchemy";
        found.text.add(`${module}.text`);
        found.ddl.add(`${module}.DDL`);
      } else {
        boundElsewhere.add(local.split(".")[0] as string);
      }
    }
  }
  for (const [kind, name] of [
    ["text", "text"],
    ["text", "sa.text"],
    ["text", "sqlalchemy.text"],
    ["ddl", "DDL"],
    ["ddl", "sa.DDL"],
    ["ddl", "sqlalchemy.DDL"],
  ] as const) {
    if (!boundElsewhere.has(name.split(".")[0] as string)) {
      found[kind].add(name);
    }
  }
  return found;
}

/** How a message names a callee: `op.get_bind().execute`, `conn.exec_driver_sql`. */
function describe(node: PyNode): string {
  if (isNodeType(node, "VariableName")) {
    return node.name;
  }
  if (isNodeType(node, "MemberExpression") && !node.computed && isNodeType(node.property, "PropertyName")) {
    return `${describe(node.object)}.${node.property.name}`;
  }
  if (isNodeType(node, "CallExpression")) {
    return `${describe(node.callee)}()`;
  }
  return "…";
}
