import type { CallExpression, Expression, ExpressionStatement, Node, ObjectExpression, Program, Property, SpreadElement } from "estree";
import type { Action, Edit, Guard, GuardState, MigrationOperation, Range, SchemaObject, Span } from "../../operations.js";
import { retryFailure } from "../../retry-failure.js";
import { descendants, isIdentifier, keyName } from "../js/estree.js";
import { migrationFunctions } from "../js/migration-functions.js";
import { appendArgument } from "./arguments.js";

type Locate = (offset: number) => { line: number; column: number };
type Argument = Expression | SpreadElement;

interface PgmSpec {
  action: Action;
  object: string;
  keyword: "ifNotExists" | "ifExists";
  /** Position of the options argument; the arguments before it are required. */
  optionsIndex: number;
  /** Argument holding the object's own name, when it is not the table. */
  nameIndex: number | null;
}

const PGM_OPERATIONS: Record<string, PgmSpec> = {
  createIndex: { action: "create", object: "index", keyword: "ifNotExists", optionsIndex: 2, nameIndex: null },
  dropIndex: { action: "drop", object: "index", keyword: "ifExists", optionsIndex: 2, nameIndex: null },
  createTable: { action: "create", object: "table", keyword: "ifNotExists", optionsIndex: 2, nameIndex: 0 },
  dropTable: { action: "drop", object: "table", keyword: "ifExists", optionsIndex: 1, nameIndex: 0 },
  addColumns: { action: "create", object: "column", keyword: "ifNotExists", optionsIndex: 2, nameIndex: 1 },
  addColumn: { action: "create", object: "column", keyword: "ifNotExists", optionsIndex: 2, nameIndex: 1 },
  dropColumns: { action: "drop", object: "column", keyword: "ifExists", optionsIndex: 2, nameIndex: 1 },
  dropColumn: { action: "drop", object: "column", keyword: "ifExists", optionsIndex: 2, nameIndex: 1 },
  dropConstraint: { action: "drop", object: "constraint", keyword: "ifExists", optionsIndex: 2, nameIndex: 1 },
};

const OPPOSITE = { ifNotExists: "ifExists", ifExists: "ifNotExists" } as const;

/** Kysely `db.schema.*` builders whose chain takes the guard; `alterTable().addColumn()` is handled apart. */
const KYSELY_OPERATIONS: Record<string, { action: Action; object: string; guard: "ifNotExists" | "ifExists" }> = {
  createTable: { action: "create", object: "table", guard: "ifNotExists" },
  createIndex: { action: "create", object: "index", guard: "ifNotExists" },
  dropTable: { action: "drop", object: "table", guard: "ifExists" },
  dropIndex: { action: "drop", object: "index", guard: "ifExists" },
};

const ADD_CONSTRAINT_ADVICE =
  "Drop it first with pgm.dropConstraint(table, name, { ifExists: true }), or add it with pgm.sql() in a DO block that catches duplicate_object.";

/** One link of a method chain, from the receiver outwards: `db.schema.createTable("t")` then `.execute()`. */
interface Link {
  method: string;
  call: CallExpression;
}

/** Which index a node-pg-migrate index call names, to pair a concurrent build with its drop. */
interface IndexTarget {
  key: string;
  /** The table and columns arguments as written, for the drop statement. */
  argumentsText: string;
}

interface Found {
  operation: MigrationOperation;
  index: IndexTarget | null;
}

/**
 * Schema operations that node-pg-migrate (`pgm.createIndex(...)`), Kysely
 * (`db.schema.createTable(...)...execute()`), knex (`knex.schema.dropTable(...)`), TypeORM
 * (`queryRunner.createTable(...)`) and Sequelize (`queryInterface.addIndex(...)`) builders perform inside a migration's `up`/`down`, in
 * source order. The API object is the migration function's first parameter, whatever its name.
 */
export function extractJsBuilderOperations(text: string, program: Program, locate: Locate): MigrationOperation[] {
  const found: Found[] = [];
  const migrations = migrationFunctions(program);
  const dbMigrate = isDbMigrate(program, migrations);
  for (const migration of migrations) {
    const param = migration.param;
    if (param === null) {
      continue;
    }
    const calls: CallExpression[] = [];
    const context: Context = { text, param, locate, consumed: new Set(), awaitedStatements: new Map(), checkedBlocks: [] };
    if (migration.fn.body.type !== "BlockStatement") {
      context.consumed.add(migration.fn.body);
    }
    for (const node of descendants(migration.fn.body)) {
      noteContext(node, context);
      if (node.type === "CallExpression") {
        calls.push(node);
      }
    }
    // Class methods are TypeORM's, whose builders take guards as positional flags.
    if (migration.inClass) {
      for (const call of calls) {
        const operation = readTypeorm(call, context);
        if (operation) {
          found.push({ operation, index: null });
        }
      }
      continue;
    }
    if (dbMigrate) {
      for (const call of calls) {
        const operation = readDbMigrate(call, context);
        if (operation) {
          found.push({ operation, index: null });
        }
      }
      continue;
    }
    // node-pg-migrate queues its SQL, so a `noTransaction()` anywhere in the function covers every call.
    const autocommit = calls.some((call) => isMethodCall(call, param, "noTransaction"));
    const sequelize = isSequelize(migration.fn.body, calls, context);
    const inChain = new Set<CallExpression>();
    for (const call of calls) {
      if (inChain.has(call)) {
        continue;
      }
      const chain = chainOf(call);
      for (const link of chain.links) {
        inChain.add(link.call);
      }
      const root = chain.root;
      if (root.type === "Identifier" && root.name === param) {
        const operation = sequelize ? readSequelize(chain.links[0], context) : readPgm(text, chain.links[0], param, autocommit, locate);
        if (operation) {
          found.push({ operation, index: indexTarget(text, operation.kind, chain.links[0]?.call) });
        }
      } else if (root.type === "MemberExpression" && !root.computed && isIdentifier(root.object, param) && keyName(root.property) === "schema") {
        const operations = isKnexChain(chain.links, call, context) ? readKnex(chain.links, context) : readKysely(chain.links, param, locate);
        found.push(...operations.map((operation) => ({ operation, index: null })));
      }
    }
  }
  found.sort((a, b) => a.operation.span.range[0] - b.operation.span.range[0]);
  return withConcurrentDrops(found);
}

/** The calls of a method chain that `call` ends, innermost first, and the expression they start from. */
function chainOf(call: CallExpression): { links: Link[]; root: Node } {
  const links: Link[] = [];
  let node: Node = call;
  while (node.type === "CallExpression" && node.callee.type === "MemberExpression" && !node.callee.computed) {
    const method = keyName(node.callee.property);
    if (method === null) {
      break;
    }
    links.unshift({ method, call: node });
    node = node.callee.object;
  }
  return { links, root: node };
}

function readPgm(text: string, link: Link | undefined, param: string, autocommit: boolean, locate: Locate): MigrationOperation | null {
  if (!link) {
    return null;
  }
  const { method, call } = link;
  const args = call.arguments;
  const table = stringValue(args[0]);
  if (method === "addConstraint") {
    const object: SchemaObject = { type: "constraint", name: stringValue(args[1]), table };
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
  const object: SchemaObject = { type: spec.object, name, table: spec.object === "table" ? null : table };
  const guard: Guard = {
    kind: "option",
    spelling: `${spec.keyword}: true`,
    keyword: spec.keyword,
    requires: [[]],
    current: pgmGuardState(text, call, spec, locate, "node-pg-migrate"),
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

/** The guard in an options object at `spec.optionsIndex` (node-pg-migrate's, or db-migrate's `dropTable`). */
function pgmGuardState(text: string, call: CallExpression, spec: Pick<PgmSpec, "keyword" | "optionsIndex">, locate: Locate, tool: string): GuardState {
  const { keyword, optionsIndex } = spec;
  const args = call.arguments;
  const options = args[optionsIndex];
  if (!options) {
    // Options after a missing required argument would land in its place.
    const add: Edit[] | null = args.length === optionsIndex ? editList(appendArgument(text, call, `{ ${keyword}: true }`)) : null;
    return { state: "missing", add, certain: true };
  }
  if (options.type !== "ObjectExpression") {
    // A variable may already hold the option; spreading it keeps whatever else it sets.
    return { state: "missing", add: [{ range: rangeOf(options), text: `{ ...${source(text, options)}, ${keyword}: true }` }], certain: false };
  }
  const property = findProperty(options, keyword);
  if (property) {
    const { value } = property;
    if (isTrue(value)) {
      return { state: "enabled" };
    }
    if (value.type === "Literal" && value.value === false) {
      return {
        state: "disabled",
        span: spanOf(rangeOf(value), locate),
        written: `${keyword}: ${source(text, value)}`,
        enabled: `${keyword}: true`,
        enable: [{ range: rangeOf(value), text: "true" }],
      };
    }
    return { state: "dynamic" };
  }
  const opposite = findProperty(options, OPPOSITE[keyword]);
  if (opposite && !opposite.shorthand) {
    return {
      state: "misnamed",
      span: spanOf(rangeOf(opposite.key), locate),
      writtenAs: OPPOSITE[keyword],
      enabled: `${keyword}: true`,
      consequence: `${tool} ignores options it does not know, so the statement is emitted unguarded`,
      rename: [{ range: rangeOf(opposite.key), text: keyword }],
    };
  }
  const spread = options.properties.some((p) => p.type === "SpreadElement");
  return { state: "missing", add: [addProperty(text, options, `${keyword}: true`)], certain: !spread };
}

/** Adds `entry` to an object literal in the formatting the literal already has. */
function addProperty(text: string, object: ObjectExpression, entry: string): Edit {
  const [start, end] = rangeOf(object);
  const last = object.properties[object.properties.length - 1];
  if (!last) {
    return { range: [start, end], text: `{ ${entry} }` };
  }
  const lastEnd = rangeOf(last)[1];
  const comma = /^\s*,/.exec(text.slice(lastEnd, end - 1));
  const afterLast = comma ? lastEnd + comma[0].length : lastEnd;
  if (!text.slice(lastEnd, end).includes("\n")) {
    return { range: [afterLast, afterLast], text: comma ? ` ${entry},` : `, ${entry}` };
  }
  const lineStart = text.lastIndexOf("\n", rangeOf(last)[0] - 1) + 1;
  const indentation = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
  const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";
  return { range: [afterLast, afterLast], text: comma ? `${lineBreak}${indentation}${entry},` : `,${lineBreak}${indentation}${entry}` };
}

function readKysely(links: readonly Link[], param: string, locate: Locate): MigrationOperation[] {
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

/**
 * `pgm.createIndex(..., { concurrently: true })`: a failed build leaves an INVALID index that
 * `ifNotExists` would skip on every retry, so it is retry-safe only after a concurrent, guarded drop
 * of the same index earlier in the migration.
 */
function withConcurrentDrops(found: readonly Found[]): MigrationOperation[] {
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

/** An explicit `name` option identifies the index; otherwise node-pg-migrate derives it from table and columns. */
function indexTarget(text: string, kind: string, call: CallExpression | undefined): IndexTarget | null {
  const [table, columns, options] = call?.arguments ?? [];
  if ((kind !== "createIndex" && kind !== "dropIndex") || !table || !columns) {
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

/** What one migration function's body says around its calls, gathered in one walk. */
interface Context {
  text: string;
  /** The API object: `knex`, `queryRunner`, `queryInterface`. */
  param: string;
  locate: Locate;
  /** Expressions awaited, returned or used as statements: a knex builder runs when consumed, a Kysely one only on `.execute()`. */
  consumed: Set<Node>;
  /** `await call;` statements by their call, for edits that wrap the whole statement. */
  awaitedStatements: Map<Node, ExpressionStatement>;
  /** Blocks that run only after a knex `hasTable`/`hasColumn` check. */
  checkedBlocks: CheckedBlock[];
}

interface CheckedBlock {
  range: Range;
  check: "hasTable" | "hasColumn";
  negated: boolean;
}

function noteContext(node: Node, context: Context): void {
  if (node.type === "AwaitExpression") {
    context.consumed.add(node.argument);
  } else if (node.type === "ReturnStatement" && node.argument) {
    context.consumed.add(node.argument);
  } else if (node.type === "ExpressionStatement") {
    context.consumed.add(node.expression);
    if (node.expression.type === "AwaitExpression") {
      context.awaitedStatements.set(node.expression.argument, node);
    }
  } else if (node.type === "IfStatement") {
    const negated = node.test.type === "UnaryExpression" && node.test.operator === "!";
    const test = unwrapAwait(node.test.type === "UnaryExpression" && negated ? node.test.argument : node.test);
    const check = test.type === "CallExpression" && isSchemaCall(test, context.param) ? keyName(test.callee.type === "MemberExpression" ? test.callee.property : test.callee) : null;
    if (check === "hasTable" || check === "hasColumn") {
      context.checkedBlocks.push({ range: rangeOf(node.consequent), check, negated });
    }
  }
}

function unwrapAwait(node: Expression): Expression {
  return node.type === "AwaitExpression" ? node.argument : node;
}

/** `knex.schema.<method>(...)` called directly on the schema builder. */
function isSchemaCall(call: CallExpression, param: string): boolean {
  const { callee } = call;
  return (
    callee.type === "MemberExpression" &&
    callee.object.type === "MemberExpression" &&
    !callee.object.computed &&
    isIdentifier(callee.object.object, param) &&
    keyName(callee.object.property) === "schema"
  );
}

/** A knex guard the call runs under: `if (!(await knex.schema.hasTable("t")))` before a create. */
function checkedBy(call: CallExpression, check: CheckedBlock["check"], negated: boolean, context: Context): Guard | null {
  const [start, end] = rangeOf(call);
  const block = context.checkedBlocks.find((b) => b.check === check && b.negated === negated && b.range[0] <= start && end <= b.range[1]);
  if (!block) {
    return null;
  }
  const test = `await ${context.param}.schema.${check}(…)`;
  return { kind: "covered", by: negated ? `if (!(${test}))` : `if (${test})` };
}

/** Builder methods only knex has; Kysely builders are not thenable. */
const KNEX_ONLY = new Set(["dropTableIfExists", "createTableIfNotExists", "hasTable", "hasColumn", "table", "raw", "then"]);

/**
 * `x.schema.*` is knex's or Kysely's. A Kysely chain runs only on `.execute()`; a knex one runs when
 * awaited or returned, takes table callbacks, and has methods of its own.
 */
function isKnexChain(links: readonly Link[], outermost: CallExpression, context: Context): boolean {
  if (links.some((link) => link.method === "execute")) {
    return false;
  }
  return (
    context.consumed.has(outermost) ||
    links.some((link) => KNEX_ONLY.has(link.method) || link.call.arguments.some((arg) => arg.type === "ArrowFunctionExpression" || arg.type === "FunctionExpression"))
  );
}

const KNEX_INDEX_ADVICE = 'Create it with knex.raw("CREATE INDEX IF NOT EXISTS …").';

/** Each link of a knex schema chain is an operation of its own: `knex.schema.dropTable("a").dropTable("b")`. */
function readKnex(links: readonly Link[], context: Context): MigrationOperation[] {
  const { param } = context;
  const operations: MigrationOperation[] = [];
  for (const link of links) {
    const { method, call } = link;
    const subject = `${param}.schema.${method}()`;
    const tableArg = call.arguments[0];
    const table = stringValue(tableArg);
    if (method === "dropTable" || method === "dropTableIfExists") {
      const property = call.callee.type === "MemberExpression" ? call.callee.property : call.callee;
      const current: GuardState =
        method === "dropTableIfExists" ? { state: "enabled" } : { state: "missing", add: [{ range: rangeOf(property), text: "dropTableIfExists" }], certain: true };
      const guard: Guard = {
        kind: "option",
        spelling: "dropTableIfExists",
        keyword: "dropTableIfExists",
        requires: [[]],
        current,
        remedy: `Upgrade knex, or check ${param}.schema.hasTable() first.`,
      };
      operations.push(knexOperation("dropTable", "drop", { type: "table", name: table, table: null }, subject, guard, call, context));
      continue;
    }
    if (method === "createTable") {
      const tableText = tableArg ? source(context.text, tableArg) : "t";
      const guard: Guard = checkedBy(call, "hasTable", true, context) ?? {
        kind: "none",
        reason: "unsupported-by-host",
        advice: `Guard it with \`if (!(await ${param}.schema.hasTable(${tableText})))\`.`,
        suggestion: links.length === 1 && tableArg ? wrapInHasTable(call, tableText, context) : null,
      };
      operations.push(knexOperation(method, "create", { type: "table", name: table, table: null }, subject, guard, call, context));
    }
    if (method === "createTable" || method === "alterTable" || method === "table") {
      operations.push(...readKnexCallback(link, table, subject, context));
    }
  }
  return operations;
}

/** `if (!(await knex.schema.hasTable("t"))) { … }` around a whole `await knex.schema.createTable(...)` statement. */
function wrapInHasTable(call: CallExpression, tableText: string, context: Context): { description: string; edits: Edit[] } | null {
  const statement = context.awaitedStatements.get(call);
  if (!statement) {
    return null;
  }
  const { text, param } = context;
  const [start, end] = rangeOf(statement);
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const indentation = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
  const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";
  // Blank lines stay blank rather than gaining trailing spaces.
  const body = text.slice(start, end).replace(/(\r?\n)(?!\r?\n)/g, "$1  ");
  const check = `if (!(await ${param}.schema.hasTable(${tableText})))`;
  return {
    description: `Wrap it in \`${check}\``,
    edits: [{ range: [start, end], text: `${check} {${lineBreak}${indentation}  ${body}${lineBreak}${indentation}}` }],
  };
}

/** `table.index(...)` and, when altering, `table.dropColumn(...)` in a knex table callback. */
function readKnexCallback(link: Link, table: string | null, subject: string, context: Context): MigrationOperation[] {
  const callback = link.call.arguments[1];
  if (callback?.type !== "ArrowFunctionExpression" && callback?.type !== "FunctionExpression") {
    return [];
  }
  const [builderParam] = callback.params;
  if (builderParam?.type !== "Identifier") {
    return [];
  }
  const builder = builderParam.name;
  const operations: MigrationOperation[] = [];
  for (const node of descendants(callback.body)) {
    if (node.type !== "CallExpression") {
      continue;
    }
    if (isMethodCall(node, builder, "index")) {
      // Created with its table, so the table's own check covers it.
      const covered = link.method === "createTable" ? checkedBy(link.call, "hasTable", true, context) : null;
      const advice =
        link.method === "createTable"
          ? 'Create it with knex.raw("CREATE INDEX IF NOT EXISTS …"), or wrap the createTable in a hasTable check, which covers its indexes too.'
          : KNEX_INDEX_ADVICE;
      const guard: Guard = covered ?? { kind: "none", reason: "unsupported-by-host", advice, suggestion: null };
      const object: SchemaObject = { type: "index", name: stringValue(node.arguments[1]), table };
      operations.push(knexOperation("index", "create", object, `${builder}.index() in ${subject}`, guard, node, context));
    } else if (link.method !== "createTable" && isMethodCall(node, builder, "dropColumn")) {
      const column = stringValue(node.arguments[0]);
      const guard: Guard = checkedBy(node, "hasColumn", false, context) ?? {
        kind: "none",
        reason: "unsupported-by-host",
        advice: `Check \`${hasColumnCheck(context.param, table, column, true)}\` first.`,
        suggestion: null,
      };
      const object: SchemaObject = { type: "column", name: column, table };
      operations.push(knexOperation("dropColumn", "drop", object, `${builder}.dropColumn() in ${subject}`, guard, node, context));
    }
  }
  if (link.method !== "createTable") {
    operations.push(...knexColumnAdds(callback.body, builder, table, subject, context));
  }
  return operations;
}

/** The knex check that runs a column change only when it is still to do: `if (!(await knex.schema.hasColumn("t", "c")))`. */
function hasColumnCheck(param: string, table: string | null, column: string | null, exists: boolean): string {
  const call = `await ${param}.schema.hasColumn(${table === null ? "table" : JSON.stringify(table)}, ${column === null ? "column" : JSON.stringify(column)})`;
  return exists ? `if (${call})` : `if (!(${call}))`;
}

/** knex's column types: in an `alterTable` callback, each adds a column (unless the chain ends in `.alter()`). */
const KNEX_COLUMN_TYPES = new Set([
  "increments", "bigIncrements", "integer", "bigInteger", "bigint", "tinyint", "smallint", "mediumint", "text", "string",
  "float", "double", "decimal", "boolean", "date", "datetime", "time", "timestamp", "binary", "enum", "enu", "json",
  "jsonb", "uuid", "specificType", "geometry", "geography", "point",
]);

/** `table.string("c")` and friends run as ADD COLUMN, which fails on a retry unless a `hasColumn` check surrounds it. */
function knexColumnAdds(body: Node, builder: string, table: string | null, subject: string, context: Context): MigrationOperation[] {
  const operations: MigrationOperation[] = [];
  for (const node of descendants(body)) {
    if (node.type !== "ExpressionStatement" || node.expression.type !== "CallExpression") {
      continue;
    }
    const { links, root } = chainOf(node.expression);
    const [first] = links;
    if (!first || !isIdentifier(root, builder) || !KNEX_COLUMN_TYPES.has(first.method) || links.some((link) => link.method === "alter")) {
      continue;
    }
    const name = stringValue(first.call.arguments[0]);
    const guard: Guard = checkedBy(first.call, "hasColumn", true, context) ?? {
      kind: "none",
      reason: "unsupported-by-host",
      advice: `Check \`${hasColumnCheck(context.param, table, name, false)}\` first.`,
      suggestion: null,
    };
    const object: SchemaObject = { type: "column", name, table };
    operations.push(knexOperation(first.method, "create", object, `${builder}.${first.method}() in ${subject}`, guard, first.call, context));
  }
  return operations;
}

function knexOperation(kind: string, action: Action, object: SchemaObject, subject: string, guard: Guard, call: CallExpression, context: Context): MigrationOperation {
  return hostOperation("knex", kind, action, object, subject, guard, call, context.locate);
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

/** The operation record of a builder call; only node-pg-migrate knows its options and transaction. */
function hostOperation(
  provider: string,
  kind: string,
  action: Action,
  object: SchemaObject,
  subject: string,
  guard: Guard,
  call: CallExpression,
  locate: Locate,
  extra: { keywords?: ReadonlySet<string>; concurrently?: boolean; autocommit?: boolean } = {},
): MigrationOperation {
  return {
    host: "js",
    kind,
    action,
    object,
    subject,
    retryFailure: retryFailure({ action, object }),
    guardProvider: provider,
    guard,
    concurrently: extra.concurrently ?? false,
    transaction: extra.autocommit === true ? "autocommit" : "migration",
    span: spanOf(rangeOf(call), locate),
    sideEffects: [],
    addArgument: null,
    keywords: extra.keywords ?? new Set(),
  };
}

/** TypeORM `QueryRunner` methods whose guard is a positional `true`. */
const TYPEORM_OPERATIONS: Record<string, { action: Action; object: string; flagIndex: number; keyword: string; since: string }> = {
  createTable: { action: "create", object: "table", flagIndex: 1, keyword: "ifNotExist", since: "0.2.0" },
  dropTable: { action: "drop", object: "table", flagIndex: 1, keyword: "ifExist", since: "0.2.0" },
  // FACTS.md: the ifExists flag of dropIndex arrived with TypeORM 1.0.
  dropIndex: { action: "drop", object: "index", flagIndex: 2, keyword: "ifExists", since: "1.0.0" },
};

function readTypeorm(call: CallExpression, context: Context): MigrationOperation | null {
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

/** A TypeORM or Sequelize object's name: `"users"`, or `new Table({ name: "users" })`. */
function objectName(node: Argument | undefined): string | null {
  const options = node?.type === "NewExpression" ? node.arguments[0] : node;
  return options?.type === "ObjectExpression" ? stringValue(propertyValue(options, "name")) : stringValue(options);
}

/** Calls on the migration's parameter that only db-migrate's `db` has. */
const DB_MIGRATE_ONLY = ["runSql", "addForeignKey", "removeForeignKey"];

/**
 * db-migrate's migrations export `setup` and `_meta` beside `up`/`down`, and send raw SQL through
 * `db.runSql`; its builders share names with node-pg-migrate's and Sequelize's but not their
 * signatures.
 */
function isDbMigrate(program: Program, migrations: readonly { fn: Node; param: string | null }[]): boolean {
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
function readDbMigrate(call: CallExpression, context: Context): MigrationOperation | null {
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
      current = pgmGuardState(text, call, { keyword: "ifNotExists", optionsIndex: 1 }, locate, "db-migrate");
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
      current = pgmGuardState(text, call, { keyword: "ifExists", optionsIndex: 1 }, locate, "db-migrate");
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

/** Methods only Sequelize's `queryInterface` has, among those node-pg-migrate's `pgm` lacks. */
const SEQUELIZE_ONLY = new Set(["addIndex", "removeIndex", "removeColumn", "changeColumn", "bulkInsert", "bulkDelete", "bulkUpdate", "describeTable"]);

/**
 * Sequelize and node-pg-migrate both call methods on the first parameter; Sequelize's return
 * promises that migrations await, and its raw SQL goes through `queryInterface.sequelize`.
 */
function isSequelize(body: Node, calls: readonly CallExpression[], context: Context): boolean {
  const { param } = context;
  const onParam = (call: CallExpression): string | null =>
    call.callee.type === "MemberExpression" && !call.callee.computed && isIdentifier(call.callee.object, param) ? keyName(call.callee.property) : null;
  if (calls.some((call) => SEQUELIZE_ONLY.has(onParam(call) ?? ""))) {
    return true;
  }
  for (const node of descendants(body)) {
    if (node.type === "AwaitExpression" && node.argument.type === "CallExpression" && onParam(node.argument) !== null) {
      return true;
    }
    if (node.type === "MemberExpression" && !node.computed && isIdentifier(node.object, param) && keyName(node.property) === "sequelize") {
      return true;
    }
  }
  return false;
}

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
function readSequelize(link: Link | undefined, context: Context): MigrationOperation | null {
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
  const unique = named?.type === "ObjectExpression" && isTrue(propertyValue(named, "unique"));
  const advice = `Create it with ${param}.sequelize.query("CREATE ${unique ? "UNIQUE " : ""}INDEX IF NOT EXISTS …").`;
  const guard: Guard = { kind: "none", reason: "unsupported-by-host", advice, suggestion: null };
  return hostOperation("Sequelize", "addIndex", "create", object, `${param}.addIndex()`, guard, link.call, context.locate);
}

function isMethodCall(call: CallExpression, receiver: string, method: string): boolean {
  const { callee } = call;
  return callee.type === "MemberExpression" && !callee.computed && isIdentifier(callee.object, receiver) && keyName(callee.property) === method;
}

function isTrue(node: Node | undefined): boolean {
  return node?.type === "Literal" && node.value === true;
}

function stringValue(node: Node | undefined): string | null {
  if (node?.type === "Literal" && typeof node.value === "string") {
    return node.value;
  }
  const quasi = node?.type === "TemplateLiteral" && node.expressions.length === 0 ? node.quasis[0] : undefined;
  return typeof quasi?.value.cooked === "string" ? quasi.value.cooked : null;
}

/** The column a call adds or drops when it names exactly one: `"a"`, `["a"]`, `{ a: "text" }`. */
function columnName(node: Argument | undefined): string | null {
  if (node?.type === "ArrayExpression") {
    const [only] = node.elements;
    return node.elements.length === 1 && only ? stringValue(only) : null;
  }
  if (node?.type === "ObjectExpression") {
    const [only] = node.properties;
    return node.properties.length === 1 && only?.type === "Property" && !only.computed ? keyName(only.key) : null;
  }
  return stringValue(node);
}

function findProperty(object: ObjectExpression, name: string): Property | null {
  for (const property of object.properties) {
    if (property.type === "Property" && !property.computed && keyName(property.key) === name) {
      return property;
    }
  }
  return null;
}

function propertyValue(object: ObjectExpression, name: string): Node | undefined {
  return findProperty(object, name)?.value;
}

function editList(edit: Edit | null): Edit[] | null {
  return edit ? [edit] : null;
}

function rangeOf(node: Node): Range {
  const { range } = node;
  if (!range) {
    throw new Error("the parser must be run with `range: true`");
  }
  return range;
}

function source(text: string, node: Node): string {
  const [start, end] = rangeOf(node);
  return text.slice(start, end);
}

function spanOf(range: Range, locate: Locate): Span {
  return { range, loc: { start: locate(range[0]), end: locate(range[1]) } };
}
