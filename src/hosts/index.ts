import type { MigrationOperation, Range, SchemaObject, UnparsedStatement, UnreadableCode } from "../operations.js";
import { LineIndex } from "../languages/line-index.js";
import { PythonSourceCode } from "../languages/python/source-code.js";
import type { SqlScript, SqlStatementNode } from "../languages/sql/ast.js";
import { SqlSourceCode } from "../languages/sql/source-code.js";
import type { SqlDocument } from "../sql/types.js";
import { sourceShown, type EmbeddedSql } from "./embedded-sql.js";
import type { Dialect } from "../dialects.js";
import { sqlAnalyzer } from "../sql/analyzer.js";
import { withPsqlVariablesShown } from "../sql/psql.js";
import { actionAtInsertion, withTemplateActionsShown } from "../sql/go-template.js";
import { withDialectGuards } from "./dialect-guards.js";
import { droppedTables, sameTable, setsSearchPath, type DroppedLater } from "../sql/ddl.js";
import { identityOf, MigrationScope, searchPathList, type DropSite, type ObjectIdentity } from "../sql/migration-scope.js";
import type { Program } from "estree";
import { extractAlembicOperations } from "./alembic/extract.js";
import { withRuntimeGuards } from "./alembic/runtime-guards.js";
import { extractJsBuilderOperations } from "./js-builders/extract.js";
import { extractJsSql } from "./js-sql/extract.js";
import { migrationFunctions } from "./js/migration-functions.js";
import { branchDialectsAt, dialectBranches } from "./python-sql/dialect-branches.js";
import { extractPythonSql } from "./python-sql/extract.js";
import { operationsFromSql } from "./sql-operations.js";
import { explicitDialect, fileDialects } from "../project/dialect.js";
import { migrationSettings } from "../settings.js";

export interface MigrationFacts {
  operations: readonly MigrationOperation[];
  unparsed: readonly UnparsedStatement[];
  /** Valid host code that its parser could not read, so operations there may be missing. */
  unreadable: readonly UnreadableCode[];
  /** The migration tool that checksums applied files (`Prisma`, `Flyway`), or `null`. */
  checksummed: string | null;
}

const NO_FACTS: MigrationFacts = { operations: [], unparsed: [], unreadable: [], checksummed: null };
const cache = new WeakMap<object, MigrationFacts>();

/** What a rule knows of the file it lints: enough to decide the file's facts the same way for every rule. */
export interface LintedFile {
  sourceCode: object;
  physicalFilename: string;
  settings: Record<string, unknown> | undefined;
}

/**
 * The linted file's facts, with its databases from `settings.migrations.dialect` or the project and
 * the `search_path` its runner sets from `settings.migrations.searchPath`.
 */
export function factsOfLintedFile({ sourceCode, physicalFilename, settings }: LintedFile): MigrationFacts {
  const shared = migrationSettings(settings);
  return migrationFacts(sourceCode, fileDialects(physicalFilename, explicitDialect(shared.dialect)), physicalFilename, runnerSearchPath(shared.searchPath));
}

/**
 * `settings.migrations.searchPath`, written as PostgreSQL's setting (`"storage, public"`) or as a
 * list of its schemas; `undefined` when not set (PostgreSQL's default), `null` when unreadable.
 */
function runnerSearchPath(setting: unknown): readonly string[] | null | undefined {
  if (setting === undefined) {
    return undefined;
  }
  const written = Array.isArray(setting) && setting.every((schema) => typeof schema === "string") ? setting.join(",") : setting;
  return typeof written === "string" ? searchPathList(written) : null;
}

/**
 * What a file's migrations do to the schema, extracted once per SourceCode and shared by every rule
 * that asks. Every rule must pass the same file's dialects, path and runner's `search_path` (they
 * decide the facts, and the first rule to ask fills the cache), so all come from the file and the
 * shared settings, never from a rule's options.
 */
export function migrationFacts(sourceCode: object, dialects: readonly Dialect[], filename: string, searchPath?: readonly string[] | null): MigrationFacts {
  let facts = cache.get(sourceCode);
  if (!facts) {
    const scope = () => new MigrationScope(searchPath);
    if (sourceCode instanceof PythonSourceCode) {
      facts = pythonFacts(sourceCode, dialects, filename, scope);
    } else if (sourceCode instanceof SqlSourceCode) {
      // A `.sql` file's dialect was decided when it was parsed, with its language options.
      facts = sqlFileFacts(sourceCode.text, sourceCode.ast, scope);
    } else if (isJavaScriptSource(sourceCode)) {
      facts = javaScriptFacts(sourceCode.text, sourceCode.ast, dialects, scope);
    } else {
      facts = NO_FACTS;
    }
    cache.set(sourceCode, facts);
  }
  return facts;
}

/**
 * Facts of one host file: the host's own operations plus those of the SQL it carries, each SQL
 * document paired with the text that maps it back; in source order.
 *
 * `scopes` are the host ranges that run as one unit (a migration's `upgrade()`, its `up`/`down`, a
 * `.sql` section): within one, an object dropped before (`DROP CONSTRAINT IF EXISTS`,
 * `pgm.dropConstraint(…, { ifExists: true })`) makes a later creation of the same object in the
 * same schema retry-safe, whichever call or string each was written in.
 */
function collectFacts(
  text: string,
  hostOperations: MigrationOperation[],
  sql: readonly { embedded: EmbeddedSql; document: SqlDocument }[],
  scopes: readonly Range[],
  /** The databases the code at a host offset runs on: the file's, or a branch's (Python's `if … dialect.name == "mysql":`). */
  dialectsAt: (offset: number) => readonly Dialect[],
  /** What each scope starts from: the runner's `search_path`, nothing dropped. */
  newScope: () => MigrationScope,
  checksummed: string | null = null,
): MigrationFacts {
  const lines = new LineIndex(text);
  const locate = (offset: number) => lines.position(offset);
  type Item = { at: number; operation: MigrationOperation } | { at: number; sql: { embedded: EmbeddedSql; document: SqlDocument } };
  const items: Item[] = [
    ...hostOperations.map((operation) => ({ at: operation.span.range[0], operation })),
    // Where its first statement is: every section of a `.sql` file shares one EmbeddedSql.
    ...sql.map((entry) => ({ at: entry.embedded.hostRange(entry.document.statements[0]?.range ?? [0, 0])[0], sql: entry })),
  ].sort((a, b) => a.at - b.at);

  const scopeOf = (at: number) => scopes.find(([start, end]) => start <= at && at < end);
  // The tables each scope drops, and where: an ALTER TABLE before such a drop needs IF EXISTS.
  const tableDrops = [
    ...hostOperations.flatMap(({ action, object, span }) =>
      action === "drop" && object.type === "table" && object.name !== null
        ? [{ table: typeof object.schema === "string" ? `${object.schema}.${object.name}` : object.name, at: span.range[0] }]
        : [],
    ),
    ...sql.flatMap(({ embedded, document }) => droppedTables(document).map(({ table, offset }) => ({ table, at: embedded.hostRange([offset, offset])[0] }))),
  ];
  // Where an unqualified table is: where each scope starts, unless the migration moves it.
  let unqualified: { schema: string | undefined } | null = null;
  const droppedLaterFrom =
    (embedded: EmbeddedSql): DroppedLater =>
    (table, offset) => {
      const at = embedded.hostRange([offset, offset])[0];
      const scope = scopeOf(at);
      const { schema } = (unqualified ??= { schema: sql.some(({ document }) => setsSearchPath(document)) ? undefined : newScope().unqualifiedSchema() });
      return tableDrops.some((drop) => drop.at >= at && scopeOf(drop.at) === scope && sameTable(drop.table, table, schema));
    };

  const operations: MigrationOperation[] = [];
  const unparsed: UnparsedStatement[] = [];
  let scope: Range | undefined;
  let earlier = newScope();
  for (const item of items) {
    const around = scopeOf(item.at);
    if (around !== scope) {
      scope = around;
      earlier = newScope();
    }
    if ("sql" in item) {
      const found = operationsFromSql(item.sql.embedded, item.sql.document, locate, earlier, droppedLaterFrom(item.sql.embedded));
      // One by one: a file's SQL can have more findings than a call has room for arguments.
      for (const operation of withDialectGuards(found.operations, dialectsAt(item.at))) {
        operations.push(operation);
      }
      for (const statement of found.unparsed) {
        unparsed.push(statement);
      }
    } else {
      operations.push(...withDialectGuards([coveredByEarlierDrop(item.operation, earlier, locate(item.at).line)], dialectsAt(item.at)));
    }
  }
  operations.sort((a, b) => a.span.range[0] - b.span.range[0]);
  return { operations, unparsed, unreadable: [], checksummed };
}

const CONSTRAINT_TYPES = new Set(["constraint", "foreign key", "unique constraint", "check constraint", "primary key"]);

/** The identity the SQL core gives an object, to pair a drop with a later creation. */
function identity({ type, name, table, schema }: SchemaObject): ObjectIdentity | null {
  if (name === null) {
    return null;
  }
  let written: ObjectIdentity | null = null;
  if (CONSTRAINT_TYPES.has(type)) {
    written = table === null ? null : identityOf("constraint", name, table);
  } else if (type === "column") {
    written = table === null ? null : identityOf("column", name, table);
  } else if (type === "index") {
    // An index lives in its table's schema: `{ schema: "s", name: "t" }` or `"s.t"`.
    const dot = table?.lastIndexOf(".") ?? -1;
    written = identityOf("index", name, null, table && dot >= 0 ? table.slice(0, dot) : null);
  } else if (type === "table") {
    written = identityOf("table", name);
  }
  // A schema the host cannot read could be any: `undefined` matches every drop of the name.
  return written && schema !== undefined ? { ...written, schema: schema ?? undefined } : written;
}

/** Alembic operations whose `schema=` names the schema of the object they drop. */
const ALEMBIC_SCHEMA_KEYWORD = new Set(["drop_index", "drop_table", "drop_constraint", "drop_column"]);

/** A drop as a later creation's finding names it, with the edit that gives it a schema (Alembic's `schema=`). */
function hostDropSite(operation: MigrationOperation, line: number): DropSite {
  const { host, kind, addArgument, object, keywords } = operation;
  const qualifiable = host === "alembic" && ALEMBIC_SCHEMA_KEYWORD.has(kind) && object.schema === undefined && !keywords.has("schema") && addArgument !== null;
  return { statement: operation.subject, line, qualify: qualifiable ? (schema) => addArgument("schema", JSON.stringify(schema)) : null };
}

/** Records a drop, or marks a creation that follows one as retry-safe (or says why the drop misses it). */
function coveredByEarlierDrop(operation: MigrationOperation, scope: MigrationScope, line: number): MigrationOperation {
  const key = identity(operation.object);
  const { guard } = operation;
  if (key === null) {
    return operation;
  }
  const enabled = guard.kind === "option" && guard.current.state === "enabled";
  if (operation.action === "drop") {
    scope.dropped(key, hostDropSite(operation, line));
    return operation;
  }
  if (operation.action !== "create" || enabled) {
    return operation;
  }
  const cover = scope.coveredByDrop(key);
  if (cover === true) {
    return { ...operation, guard: { kind: "covered", by: "a drop before it" } };
  }
  if (cover === false) {
    return operation;
  }
  const suggestion = guard.kind === "none" && guard.suggestion === null ? cover.qualifyDrop : null;
  return {
    ...operation,
    retryFailure: `${operation.retryFailure}; ${cover.clause}`,
    guard: guard.kind === "none" && suggestion ? { ...guard, suggestion } : guard,
  };
}

/** Each string's SQL, analysed as the database will receive it. */
function analysed(strings: readonly EmbeddedSql[], dialectsAt: (offset: number) => readonly Dialect[]): { embedded: EmbeddedSql; document: SqlDocument }[] {
  return strings.map((embedded) => ({ embedded, document: sqlAnalyzer(dialectsAt(embedded.hostRange([0, 0])[0]))(embedded.text) }));
}

/** `filename` leads to the project's `env.py`, whose MetaData may name unnamed constraints. */
function pythonFacts(sourceCode: PythonSourceCode, dialects: readonly Dialect[], filename: string | undefined, newScope: () => MigrationScope): MigrationFacts {
  const { text, ast } = sourceCode;
  // Alembic runs upgrade() or downgrade(): each function body is one scope.
  const scopes = ast.children.flatMap((statement): Range[] => (statement.type === "FunctionDefinition" ? [statement.range] : []));
  const branches = dialectBranches(text, ast);
  const dialectsAt = (offset: number) => branchDialectsAt(branches, offset) ?? dialects;
  const facts = collectFacts(text, extractAlembicOperations(text, ast, filename, dialectsAt), analysed(extractPythonSql(text, ast), dialectsAt), scopes, dialectsAt, newScope);
  const lines = new LineIndex(text);
  const unreadable = ast.unreadable.map(({ range, construct, since }): UnreadableCode => ({
    span: { range, loc: { start: lines.position(range[0]), end: lines.position(range[1]) } },
    construct,
    since: `Python ${since}`,
  }));
  return { ...facts, operations: withRuntimeGuards(text, ast, facts.operations), unreadable };
}

const CHECKSUMMED: Record<string, string> = { prisma: "Prisma", flyway: "Flyway" };

/**
 * A `.sql` file: each section (dbmate's up and down, goose's Up and Down) runs on its own, so each is
 * one document for the "dropped just before" checks; offsets are already the file's.
 */
function sqlFileFacts(text: string, ast: SqlScript, newScope: () => MigrationScope): MigrationFacts {
  const wholeFile: EmbeddedSql = {
    text: ast.sql,
    hostRange: (range) => range,
    insert: (offset, insertion) => {
      const action = actionAtInsertion(text, ast.template.actions, offset);
      if (action?.where === "inside") {
        return null;
      }
      return { range: [offset, offset], text: insertion, ...(action ? { beside: sourceShown(text.slice(...action.action)) } : {}) };
    },
    sink: "",
    shown: (sql) => withTemplateActionsShown(withPsqlVariablesShown(sql, ast.psqlVariables), ast.template.spellings),
  };
  const topLevel = ast.children.filter((child): child is SqlStatementNode => child.type === "SqlStatement");
  const groups = [topLevel, ...ast.children.flatMap((child) => (child.type === "SqlSection" ? [child.children] : []))];
  const documents = groups.map((group) => ({
    embedded: wholeFile,
    document: { text: ast.sql, statements: group.map((node) => node.statement), comments: [], error: null } satisfies SqlDocument,
  }));
  const sections = ast.children.flatMap((child): Range[] => (child.type === "SqlSection" ? [child.range] : []));
  return collectFacts(text, [], documents, sections, () => ast.dialects, newScope, CHECKSUMMED[ast.conventions.framework] ?? null);
}

/**
 * ESLint's own JavaScript SourceCode (espree or typescript-eslint's parser). Recognised by shape, not
 * by class: the user's ESLint may be another copy than the one this package resolves.
 */
function isJavaScriptSource(sourceCode: object): sourceCode is { text: string; ast: Program } {
  const candidate = sourceCode as { text?: unknown; ast?: { type?: unknown } };
  return typeof candidate.text === "string" && candidate.ast?.type === "Program";
}

/**
 * A JS/TS migration's `up`/`down`: builder calls with the framework's own guard (node-pg-migrate,
 * Kysely, knex, TypeORM, Sequelize) and raw SQL (knex, TypeORM, node-pg-migrate, Kysely, Sequelize,
 * MikroORM).
 */
function javaScriptFacts(text: string, program: Program, dialects: readonly Dialect[], newScope: () => MigrationScope): MigrationFacts {
  const lines = new LineIndex(text);
  const builders = extractJsBuilderOperations(text, program, (offset) => lines.position(offset));
  const scopes = migrationFunctions(program).flatMap(({ fn }): Range[] => (fn.range ? [fn.range] : []));
  const dialectsAt = () => dialects;
  return collectFacts(text, builders, analysed(extractJsSql(text, program), dialectsAt), scopes, dialectsAt, newScope);
}
