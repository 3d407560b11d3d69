import type { ArrayExpression, Expression, MemberExpression, Node, Program, Property, Super, TemplateLiteral } from "estree";
import type { Range } from "../../sql/types.js";
import { isPlainName, type EmbeddedSql } from "../embedded-sql.js";
import { descendants, isIdentifier, keyName } from "../js/estree.js";
import { firstParam, type FunctionNode, isFunction, readMigrationModule, unwrapped, type Migration } from "../js/migration-functions.js";
import { runExpressions } from "../js/runs.js";
import { knexSubstitutions, type KnexBindings } from "./knex-bindings.js";
import { embedLiteral, type KnownPart, type LiteralPart, type Substitution, type UnknownPart } from "./literal.js";
import { startsLikeSql } from "./statement-start.js";

/** A value a module-level `const` binds: what a sink may receive by name. */
type SqlValue = Expression | TemplateLiteral;

/** A call or template that sends SQL, the node that carries it, and how the tool rewrites it on the way. */
interface Sink {
  argument: Node;
  label: string;
  bindings?: KnexBindings | null;
  /** Found by its shape alone (any `.query(…)`), so it counts only when its text reads as SQL. */
  byShape?: boolean;
}

/**
 * Methods that send their first argument to the database as one query, in drivers (pg, mysql2,
 * sqlite3, better-sqlite3, pg-promise, postgres.js's `sql.unsafe`) and query tools (Drizzle's and
 * Sequelize's `execute`/`query`), whatever the receiver is called: `pool`, `client`, `db`, `trx`.
 */
const QUERY_METHODS = new Set(["query", "execute", "exec", "run", "unsafe", "none", "any", "many", "one", "oneOrNone", "manyOrNone", "multi", "result"]);

/** Tags of the SQL template libraries (slonik, postgres.js, @databases/pg, Drizzle, Kysely, sql-template-strings). */
const SQL_TAG = /^(?:sql|SQL)$/u;

/**
 * SQL strings that a JS/TS migration sends to the database: through the raw sinks of knex,
 * node-pg-migrate, Kysely, TypeORM, Sequelize, MikroORM and db-migrate, through any query call of
 * a driver (`pool.query(…)`, `client.query(…)`, `sql.unsafe(…)`, `db.execute(sql`…`)`) or a run
 * `` sql`…` `` template, and as an exported `up`/`down` string. String and template literals, `sql`
 * tagged templates, or a module-level `const` holding one. Only calls inside the migration
 * functions count, in source order; a constant sent twice is reported once.
 */
export function extractJsSql(text: string, program: Program): EmbeddedSql[] {
  const constants = moduleConstants(program);
  const found: { at: number; embedded: EmbeddedSql }[] = [];
  const seen = new Set<string>();
  const add = (at: number, embedded: EmbeddedSql | null): void => {
    if (!embedded) {
      return;
    }
    const key = `${embedded.hostRange([0, 0])[0]} ${embedded.text}`;
    if (!seen.has(key)) {
      seen.add(key);
      found.push({ at, embedded });
    }
  };
  const { migrations, sqlExports } = readMigrationModule(program);
  for (const { name, value } of sqlExports) {
    add(value.range?.[0] ?? 0, readsAsSql(embed(text, value, `exported ${name}`, constants, true)));
  }
  const lists = moduleLists(program);
  for (const migration of migrations) {
    const knexNames = knexReceivers(migration);
    const runs = runExpressions(migration.fn);
    const loops = listLoops(migration.fn, lists);
    const tags = templateTags(migration);
    for (const node of descendants(migration.fn.body)) {
      const sink = readSink(node, migration, knexNames, runs) ?? readQueryCall(node, tags, runs);
      if (!sink) {
        continue;
      }
      const substitute = sink.bindings ? knexSubstitutions(sink.bindings) : undefined;
      for (const value of sentValues(sink.argument, loops)) {
        const embedded = embed(text, value, sink.label, constants, true, substitute);
        add(value === sink.argument ? (node.range?.[0] ?? 0) : (value.range?.[0] ?? 0), sink.byShape ? readsAsSql(embedded) : embedded);
      }
    }
  }
  return found.sort((a, b) => a.at - b.at).map((entry) => entry.embedded);
}

/** A `for (const sql of STATEMENTS)` loop of a migration function over a list of SQL strings. */
interface ListLoop {
  variable: string;
  body: Range;
  elements: Node[];
}

/** The loops over a module-level `const` list or an array literal, in the function. */
function listLoops(fn: FunctionNode, lists: ReadonlyMap<string, ArrayExpression>): ListLoop[] {
  const loops: ListLoop[] = [];
  for (const node of descendants(fn.body)) {
    if (node.type !== "ForOfStatement" || node.left.type !== "VariableDeclaration" || node.left.declarations.length !== 1) {
      continue;
    }
    const id = node.left.declarations[0]?.id;
    const list = node.right.type === "ArrayExpression" ? node.right : node.right.type === "Identifier" ? lists.get(node.right.name) : undefined;
    if (id?.type === "Identifier" && list && node.body.range) {
      const elements = list.elements.filter((element): element is Expression => element !== null && element.type !== "SpreadElement");
      loops.push({ variable: id.name, body: node.body.range, elements });
    }
  }
  return loops;
}

/**
 * What a sink's argument stands for: each element of the list a loop variable walks
 * (`for (const sql of STATEMENTS) await conn.query(sql)`, the innermost loop that binds the name),
 * else the argument itself.
 */
function sentValues(argument: Node, loops: readonly ListLoop[]): Node[] {
  const at = argument.range?.[0];
  if (argument.type !== "Identifier" || at === undefined) {
    return [argument];
  }
  const binding = loops
    .filter((loop) => loop.variable === argument.name && loop.body[0] <= at && at < loop.body[1])
    .sort((a, b) => b.body[0] - a.body[0])[0];
  return binding ? binding.elements : [argument];
}

/** `embedded` when its text starts like an SQL statement; a log line or a key sent to `cache.run(…)` is not SQL. */
function readsAsSql(embedded: EmbeddedSql | null): EmbeddedSql | null {
  return embedded && startsLikeSql(embedded.text) ? embedded : null;
}

/**
 * A query call of any driver or tool, found by its shape: `anything.query(x)` (or `query(x)`) with
 * one of QUERY_METHODS, or a `` sql`…` `` template that runs by itself (postgres.js, whose tag is
 * the connection: `await sql`CREATE …``, also under one of `tags`).
 */
function readQueryCall(node: Node, tags: ReadonlySet<string>, runs: ReadonlyMap<Node, unknown>): Sink | null {
  if (node.type === "TaggedTemplateExpression" && runs.has(node) && node.tag.type === "Identifier") {
    const { name } = node.tag;
    return SQL_TAG.test(name) || tags.has(name) ? { argument: node.quasi, label: `${name}\`…\``, byShape: true } : null;
  }
  if (node.type !== "CallExpression") {
    return null;
  }
  const { callee } = node;
  const method = callee.type === "Identifier" ? callee.name : callee.type === "MemberExpression" && !callee.computed ? keyName(callee.property) : null;
  const [argument] = node.arguments;
  if (method === null || !QUERY_METHODS.has(method) || !argument || argument.type === "SpreadElement") {
    return null;
  }
  // Sequelize's `sequelize.query(sql, { replacements })` outside queryInterface names its bindings the same way.
  return { argument, label: `${describe(callee)}()`, byShape: true, bindings: sequelizeReplacements(node.arguments[1]) };
}

/**
 * The names knex's API object goes by in a function migration: its parameter, and the parameter of
 * a `knex.transaction(async (trx) => …)` callback, which has the same `raw`.
 */
function knexReceivers(migration: Migration): ReadonlySet<string> {
  const names = new Set(["knex"]);
  if (migration.inClass || migration.param === null) {
    return names;
  }
  names.add(migration.param);
  for (const node of descendants(migration.fn.body)) {
    if (node.type !== "CallExpression" || node.callee.type !== "MemberExpression" || node.callee.computed) {
      continue;
    }
    const { object, property } = node.callee;
    const callback = node.arguments[0];
    if (object.type === "Identifier" && names.has(object.name) && keyName(property) === "transaction" && callback && isFunction(callback)) {
      const trx = firstParam(callback);
      if (trx !== null) {
        names.add(trx);
      }
    }
  }
  return names;
}

/** Methods of a postgres.js connection whose callback gets a connection of its own: `sql.begin(async (tx) => …)`. */
const SCOPED_CONNECTIONS = new Set(["begin", "savepoint", "reserve", "transaction"]);

/**
 * The names under which a tagged template runs as a query (postgres.js, whose connection is the
 * tag): the migration's first parameter, and the parameter of a `sql.begin(async (tx) => …)` callback.
 */
function templateTags(migration: Migration): ReadonlySet<string> {
  const tags = new Set(["sql"]);
  if (migration.param !== null) {
    tags.add(migration.param);
  }
  for (const node of descendants(migration.fn.body)) {
    if (node.type !== "CallExpression" || node.callee.type !== "MemberExpression" || node.callee.computed) {
      continue;
    }
    const { object, property } = node.callee;
    const callback = node.arguments.find((argument) => isFunction(argument as Node)) as FunctionNode | undefined;
    const inner = callback ? firstParam(callback) : null;
    if (object.type === "Identifier" && tags.has(object.name) && SCOPED_CONNECTIONS.has(keyName(property) ?? "") && inner !== null) {
      tags.add(inner);
    }
  }
  return tags;
}

/**
 * Kysely's `` sql`…` `` and `sql.raw(…)` that run as a statement: `.execute(db)` or
 * `.compile(db)` on them. Elsewhere they are fragments of a builder (`.defaultTo(sql`now()`)`).
 */
function kyselyQuery(node: Node): { argument: Node; label: string } | null {
  if (node.type === "TaggedTemplateExpression" && isIdentifier(node.tag, "sql")) {
    return { argument: node.quasi, label: "sql`…`" };
  }
  if (node.type !== "CallExpression" || node.callee.type !== "MemberExpression" || node.callee.computed) {
    return null;
  }
  const [argument] = node.arguments;
  const isSqlRaw = isIdentifier(node.callee.object, "sql") && keyName(node.callee.property) === "raw";
  return isSqlRaw && argument && argument.type !== "SpreadElement" ? { argument, label: "sql.raw()" } : null;
}

/** How knex reads a raw call's text: only a second argument turns `?` and `:key` into bindings. */
function knexBindingsOf(argument: Node | undefined): KnexBindings | null {
  if (!argument) {
    return null;
  }
  if (argument.type !== "ObjectExpression") {
    // An array, or a value whose shape is unknown here: positional bindings are what knex users pass.
    return { kind: "positional" };
  }
  const keys = new Set<string>();
  for (const property of argument.properties) {
    const key = property.type === "Property" && !property.computed ? keyName(property.key) : null;
    if (key === null) {
      // A spread or computed key may bring any name: every `:key` could be a binding.
      return null;
    }
    keys.add(key);
  }
  return { kind: "named", keys };
}

/**
 * Sequelize's `replacements` option: an array fills each `?`, an object each `:key` of its keys;
 * held in a variable, any `:key` may be one. Its `bind` option with an object makes each `$key`
 * a bind parameter. Without either Sequelize sends the text as written.
 */
function sequelizeReplacements(options: Node | undefined): KnexBindings | null {
  if (options?.type !== "ObjectExpression") {
    return null;
  }
  const option = (name: string) =>
    options.properties.find((property): property is Property => property.type === "Property" && !property.computed && keyName(property.key) === name)?.value;
  const replacements = option("replacements");
  const bind = option("bind");
  if (!replacements) {
    if (!bind || bind.type === "ArrayExpression") {
      return null;
    }
    const keys = bind.type === "ObjectExpression" ? knexBindingsOf(bind) : null;
    return { kind: "dollar", keys: keys?.kind === "named" ? keys.keys : null };
  }
  if (replacements.type === "ArrayExpression") {
    return { kind: "positional" };
  }
  return (replacements.type === "ObjectExpression" ? knexBindingsOf(replacements) : null) ?? { kind: "named", keys: null };
}

/** node-pg-migrate's `pgm.sql(sql, args)`: each `{key}` of the object's keys (any key when it is not written out). */
function pgmArguments(args: Node | undefined): KnexBindings | null {
  if (!args) {
    return null;
  }
  const keys = args.type === "ObjectExpression" ? knexBindingsOf(args) : null;
  return { kind: "braces", keys: keys?.kind === "named" ? keys.keys : null };
}

/**
 * The sink a node sends SQL to, the node that carries the SQL, and knex's bindings when it has them.
 * A knex raw call is a statement only where the migration runs it (`runs`); elsewhere it is a
 * value inside another query (`defaultTo(knex.raw("now()"))`, `{ id: knex.raw("gen_random_uuid()") }`).
 */
function readSink(
  node: Node,
  migration: Migration,
  knexNames: ReadonlySet<string>,
  runs: ReadonlyMap<Node, unknown>,
): Sink | null {
  if (node.type !== "CallExpression" || node.callee.type !== "MemberExpression" || node.callee.computed) {
    return null;
  }
  const { callee } = node;
  const method = keyName(callee.property);
  const kysely = method === "execute" || method === "compile" ? kyselyQuery(callee.object) : null;
  if (kysely) {
    return kysely;
  }
  const argument = node.arguments[0];
  if (!argument || argument.type === "SpreadElement" || method === null) {
    return null;
  }
  // Which parameter holds the tool's API depends on the shape: a class's method for TypeORM, a function otherwise.
  const fnParam = migration.inClass ? null : migration.param;
  const classParam = migration.inClass ? migration.param : null;
  const isApi = (object: Node, conventional: string, param: string | null): boolean =>
    object.type === "Identifier" && (object.name === conventional || object.name === param);
  const { object } = callee;
  let matches: boolean;
  const isKnex = (candidate: Node): boolean => candidate.type === "Identifier" && knexNames.has(candidate.name);
  switch (method) {
    case "raw":
      if (!runs.has(node)) {
        return null;
      }
      if (isKnex(object) || (object.type === "MemberExpression" && keyName(object.property) === "schema" && isKnex(object.object))) {
        return { argument, label: `${describe(callee)}()`, bindings: knexBindingsOf(node.arguments[1]) };
      }
      matches = false;
      break;
    case "sql":
      if (isApi(object, "pgm", fnParam)) {
        return { argument, label: `${describe(callee)}()`, bindings: pgmArguments(node.arguments[1]) };
      }
      matches = false;
      break;
    case "query":
      if (object.type === "MemberExpression" && keyName(object.property) === "sequelize" && isApi(object.object, "queryInterface", fnParam)) {
        return { argument, label: `${describe(callee)}()`, bindings: sequelizeReplacements(node.arguments[1]) };
      }
      matches = isApi(object, "queryRunner", classParam);
      break;
    case "addSql":
    case "execute":
      matches = migration.inClass && object.type === "ThisExpression";
      break;
    case "runSql":
      matches = isApi(object, "db", fnParam);
      break;
    default:
      matches = false;
  }
  return matches ? { argument, label: `${describe(callee)}()` } : null;
}

/** The SQL of a sink's argument: a literal, a `+` chain with one, or a constant holding one (`followName` allows one step). */
function embed(
  text: string,
  node: Node,
  sink: string,
  constants: ReadonlyMap<string, SqlValue>,
  followName: boolean,
  substitute?: (sql: string) => Substitution[],
): EmbeddedSql | null {
  if (node.type === "Identifier" && followName) {
    const value = constants.get(node.name);
    return value ? embed(text, value, sink, constants, false, substitute) : null;
  }
  const sqlText = sqlTagged(node);
  if (sqlText) {
    return embed(text, sqlText, sink, constants, followName, substitute);
  }
  const operands = concatenated(node);
  const parts: (LiteralPart | UnknownPart | KnownPart)[] = [];
  const known = knownName(constants);
  for (const operand of operands) {
    const literal = literalParts(text, operand, known);
    if (literal === "not a literal") {
      const range = operand.range;
      if (!range) {
        return null;
      }
      const value = known(operand);
      parts.push(value === null ? { kind: "unknown", range } : { kind: "known", range, value });
    } else if (literal === null) {
      return null;
    } else {
      for (const part of literal) {
        parts.push(part);
      }
    }
  }
  if (!parts.some((part) => part.kind === "literal")) {
    return null;
  }
  return embedLiteral(text, widenUnknowns(parts), sink, substitute);
}

/**
 * The operands of `a + b + c` in order; `[node]` for anything else. With its own stack: a chain of
 * thousands of terms is a tree that deep.
 */
function concatenated(node: Node): Node[] {
  const operands: Node[] = [];
  const pending: Node[] = [node];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.type === "BinaryExpression" && next.operator === "+" && next.left.type !== "PrivateIdentifier") {
      pending.push(next.right, next.left);
    } else {
      operands.push(next);
    }
  }
  return operands;
}

/**
 * An unknown operand stands for everything between the literal text around it (`" + name + "`),
 * so that a finding that covers it is one unbroken span of the host file.
 */
function widenUnknowns(parts: readonly (LiteralPart | UnknownPart | KnownPart)[]): (LiteralPart | UnknownPart | KnownPart)[] {
  return parts.map((part, index) => {
    if (part.kind !== "unknown") {
      return part;
    }
    const before = parts[index - 1];
    const after = parts[index + 1];
    return {
      kind: "unknown",
      range: [before?.kind === "literal" ? before.content[1] : part.range[0], after?.kind === "literal" ? after.content[0] : part.range[1]],
    };
  });
}

/**
 * The literal text of a string literal or template literal, each `${…}` an unknown part; `null`
 * when it is a literal this module cannot read; "not a literal" for any other expression.
 */
function literalParts(text: string, node: Node, known: (node: Node) => string | null): (LiteralPart | UnknownPart | KnownPart)[] | null | "not a literal" {
  const range = node.range;
  if (node.type === "Literal" && typeof node.value === "string" && range) {
    const quote = text[range[0]] === "'" ? "'" : '"';
    return [{ kind: "literal", content: [range[0] + 1, range[1] - 1], cooked: node.value, quote }];
  }
  if (node.type !== "TemplateLiteral") {
    return isStringLiteral(node) ? null : "not a literal";
  }
  const parts: (LiteralPart | UnknownPart | KnownPart)[] = [];
  for (const [index, quasi] of node.quasis.entries()) {
    const quasiRange = quasi.range;
    const { cooked } = quasi.value;
    // Without a cooked value (an invalid escape in a tagged template) there is no SQL text to read.
    if (!quasiRange || typeof cooked !== "string") {
      return null;
    }
    const expression = node.expressions[index - 1];
    if (expression?.range) {
      const value = known(expression);
      parts.push(value === null ? { kind: "unknown", range: expression.range } : { kind: "known", range: expression.range, value });
    }
    // Both espree and typescript-estree include the delimiters: `` ` `` or `}` before, `${` or `` ` `` after.
    parts.push({ kind: "literal", content: [quasiRange[0] + 1, quasiRange[1] - (quasi.tail ? 1 : 2)], cooked, quote: "`" });
  }
  return parts;
}

function isStringLiteral(node: Node): boolean {
  return node.type === "TemplateLiteral" || (node.type === "Literal" && typeof node.value === "string");
}

/**
 * The text a SQL library's query object carries: `` sql`…` `` and the tags built on `sql`
 * (slonik's `` sql.unsafe`…` ``, `` sql.type(row)`…` ``), and `sql.raw("…")` / `sql.unsafe("…")`.
 */
function sqlTagged(node: Node): Node | null {
  if (node.type === "TaggedTemplateExpression") {
    return SQL_TAG.test(rootName(node.tag) ?? "") ? node.quasi : null;
  }
  if (node.type !== "CallExpression" || node.callee.type !== "MemberExpression" || !isIdentifier(node.callee.object, "sql")) {
    return null;
  }
  const method = node.callee.computed ? null : keyName(node.callee.property);
  const [argument] = node.arguments;
  return (method === "raw" || method === "unsafe") && argument && argument.type !== "SpreadElement" ? argument : null;
}

/** The identifier an expression starts from: `sql` of `sql.type(row)`. */
function rootName(node: Node): string | null {
  let current = unwrapped(node);
  while (current.type === "MemberExpression" || current.type === "CallExpression") {
    current = current.type === "MemberExpression" ? current.object : current.callee;
  }
  return current.type === "Identifier" ? current.name : null;
}

/**
 * The value of `NAME` in `${NAME}` or `" + NAME + "` when it is a module constant holding a plain
 * string that is a name (`const TABLE = "apps"`): the SQL reads `apps`, messages name it and a
 * guard before it is certain. Any other value stays unknown.
 */
function knownName(constants: ReadonlyMap<string, SqlValue>): (node: Node) => string | null {
  return (node) => {
    if (node.type !== "Identifier") return null;
    const value = constants.get(node.name);
    return value?.type === "Literal" && typeof value.value === "string" && isPlainName(value.value) ? value.value : null;
  };
}

/** `const NAME = "…"` and ``const NAME = `…` `` at module level, exported or not. */
function moduleConstants(program: Program): Map<string, SqlValue> {
  const constants = new Map<string, SqlValue>();
  for (const statement of program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type !== "VariableDeclaration" || declaration.kind !== "const") {
      continue;
    }
    for (const { id, init } of declaration.declarations) {
      if (id.type === "Identifier" && init && (concatenated(init).some(isStringLiteral) || sqlTagged(init))) {
        constants.set(id.name, init);
      }
    }
  }
  return constants;
}

/** `const NAME = ["…", "…"]` at module level, exported or not: lists of statements a loop sends. */
function moduleLists(program: Program): Map<string, ArrayExpression> {
  const lists = new Map<string, ArrayExpression>();
  for (const statement of program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type !== "VariableDeclaration" || declaration.kind !== "const") {
      continue;
    }
    for (const { id, init } of declaration.declarations) {
      const list = init ? unwrapped(init) : null;
      if (id.type === "Identifier" && list?.type === "ArrayExpression") {
        lists.set(id.name, list);
      }
    }
  }
  return lists;
}

/** How a message names a callee: `knex.schema.raw`, `queryInterface.sequelize.query`, `this.addSql`. */
function describe(node: Expression | Super | MemberExpression): string {
  if (node.type === "Identifier") {
    return node.name;
  }
  if (node.type === "ThisExpression") {
    return "this";
  }
  if (node.type === "MemberExpression" && !node.computed && node.property.type === "Identifier") {
    return `${describe(node.object)}.${node.property.name}`;
  }
  return "…";
}

