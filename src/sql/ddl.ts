import type { Action, Edit, SchemaObject } from "../operations.js";
import { defaultConstraintName, defaultIndexName, quoteIdentifier, type DefaultNameLabel } from "./default-names.js";
import { duplicateOnRetry } from "../retry-failure.js";
import { dialectOperations } from "./dialect/ddl.js";
import type { PlpgsqlGuard, Range, SqlDocument, SqlStatement } from "./types.js";
import { plainWords, type WordToken } from "./words.js";
import { DEFAULT_SCHEMA, identityOf, MigrationScope, searchPathList, type DropSite, type ObjectIdentity, type UncoveredBy } from "./migration-scope.js";

/** A text insertion in SQL coordinates. */
export interface SqlInsertion {
  offset: number;
  text: string;
}

export type SqlGuard =
  /**
   * The dialect has a keyword for it (`IF NOT EXISTS`, `IF EXISTS`, `OR REPLACE`); `since` is the
   * first PostgreSQL release with it, null for other dialects.
   */
  | { kind: "keyword"; spelling: string; since: string | null; present: boolean; insertion: SqlInsertion | null }
  /** No keyword exists: a DO block or a drop first makes it retry-safe. */
  | { kind: "none"; advice: string; suggestion: { description: string; insertion: SqlInsertion } | null }
  /**
   * `CREATE INDEX CONCURRENTLY`: a failed build leaves an INVALID index that `IF NOT EXISTS` would
   * skip forever, so the retry-safe form drops it first.
   */
  | { kind: "drop-first"; dropStatement: string; insertion: SqlInsertion };

export interface SqlOperation {
  /** The statement's phrase, e.g. `CREATE INDEX`, `ALTER TABLE … ADD COLUMN`. */
  kind: string;
  action: Action;
  object: SchemaObject;
  /** How findings name it: `CREATE INDEX ix_a`, `ALTER TABLE apps ADD COLUMN owner_id`. */
  subject: string;
  /** What a retry does, as a clause: `the retry fails with 'relation "ix_a" already exists'`. */
  retryFailure: string;
  /** The statement, or its subcommand for `ALTER TABLE`. */
  range: Range;
  guard: SqlGuard;
  concurrently: boolean;
  /** False when the statement's text is not a verbatim copy of the source (an `EXECUTE '…'` literal). */
  editable: boolean;
  /** Set when a drop before it names the same object in another schema, so does not cover it. */
  notCoveredBy?: UncoveredBy;
}

/** PostgreSQL's condition names for the errors a retry raises, to match `EXCEPTION WHEN …` handlers. */
type Condition =
  | "duplicate_table"
  | "duplicate_column"
  | "duplicate_schema"
  | "duplicate_object"
  | "duplicate_function"
  | "invalid_table_definition"
  | "undefined_table"
  | "undefined_column"
  | "undefined_object"
  | "invalid_schema_name"
  | "undefined_function";

interface Candidate extends Omit<SqlOperation, "subject" | "range" | "notCoveredBy"> {
  /** Asked only of a reported candidate: an `ALTER TABLE` subcommand's range needs the statement's tokens. */
  range: () => Range;
  condition: Condition;
  /** The object, for "dropped before" matching: a drop covers a later creation of the same one. */
  key: ObjectIdentity | null;
  /** For a drop: where a schema would go to qualify the name it looks up, asked only to offer that edit. */
  qualifyAt?: () => number | undefined;
}

type AnyNode = Record<string, unknown>;

const DROP_PHRASES: Record<string, { words: number; object: string; failureNoun: string; condition: Condition }> = {
  OBJECT_TABLE: { words: 1, object: "table", failureNoun: "table", condition: "undefined_table" },
  OBJECT_INDEX: { words: 1, object: "index", failureNoun: "index", condition: "undefined_object" },
  OBJECT_VIEW: { words: 1, object: "view", failureNoun: "view", condition: "undefined_table" },
  OBJECT_MATVIEW: { words: 2, object: "materialized view", failureNoun: "materialized view", condition: "undefined_table" },
  OBJECT_SEQUENCE: { words: 1, object: "sequence", failureNoun: "sequence", condition: "undefined_table" },
  OBJECT_FOREIGN_TABLE: { words: 2, object: "foreign table", failureNoun: "foreign table", condition: "undefined_table" },
  OBJECT_TYPE: { words: 1, object: "type", failureNoun: "type", condition: "undefined_object" },
  OBJECT_DOMAIN: { words: 1, object: "domain", failureNoun: "type", condition: "undefined_object" },
  OBJECT_SCHEMA: { words: 1, object: "schema", failureNoun: "schema", condition: "invalid_schema_name" },
  OBJECT_EXTENSION: { words: 1, object: "extension", failureNoun: "extension", condition: "undefined_object" },
  OBJECT_FUNCTION: { words: 1, object: "function", failureNoun: "function", condition: "undefined_function" },
  OBJECT_PROCEDURE: { words: 1, object: "procedure", failureNoun: "procedure", condition: "undefined_function" },
  OBJECT_TRIGGER: { words: 1, object: "trigger", failureNoun: "trigger", condition: "undefined_object" },
  OBJECT_POLICY: { words: 1, object: "policy", failureNoun: "policy", condition: "undefined_object" },
  OBJECT_RULE: { words: 1, object: "rule", failureNoun: "rule", condition: "undefined_object" },
  OBJECT_COLLATION: { words: 1, object: "collation", failureNoun: "collation", condition: "undefined_object" },
  OBJECT_PUBLICATION: { words: 1, object: "publication", failureNoun: "publication", condition: "undefined_object" },
  OBJECT_STATISTIC_EXT: { words: 1, object: "statistics object", failureNoun: "statistics object", condition: "undefined_object" },
};

const DUPLICATE_OBJECT_ADVICE =
  "Wrap it in a DO block that catches duplicate_object (DO $$ BEGIN … EXCEPTION WHEN duplicate_object THEN NULL; END $$), or drop it with IF EXISTS first.";

/**
 * Where a document's SQL sits in its host file, for what one statement says about another: the line
 * of a drop, and the edit that qualifies its name.
 */
export interface SqlHost {
  line: (offset: number) => number;
  edits: (insertion: SqlInsertion) => Edit[] | null;
}

/**
 * The schema changes of a SQL document and how each is guarded, in document order. Statements that
 * are already safe to run twice are left out: those with their guard, those inside a DO block whose
 * handler or existence check covers them, and creations preceded by a drop of the same object (in
 * the same schema). `scope` holds what the statements before the document left (objects dropped, the
 * `search_path` set); the document's own statements are added to it.
 *
 * `droppedLater(table, offset)` says whether the migration drops `table` after `offset` of this
 * document (by default: a later `DROP TABLE` in it). An `ALTER TABLE` that only drops things from
 * such a table needs `ALTER TABLE IF EXISTS`: a retry after the `DROP TABLE` finds no table.
 */
export function sqlOperations(
  document: SqlDocument,
  scope = new MigrationScope(),
  droppedLater: DroppedLater = droppedLaterIn(document),
  host: SqlHost = documentHost(document.text),
): SqlOperation[] {
  const operations: SqlOperation[] = [];
  // Tables created TEMPORARY are in the scope so that the host's later strings see them too: they
  // live for one session and a retry runs in a new one, so neither their creation nor what later
  // statements do to them can meet a leftover.
  const { sessionTables } = scope;
  const visit = (statements: SqlStatement[], topLevel: boolean) => {
    for (const statement of statements) {
      const temporary = sessionScopedRelation(statement);
      if (temporary !== null) {
        sessionTables.add(temporary);
        continue;
      }
      if (statement.grammar !== "postgresql") {
        // Guarded ones too: the caller reports a guard that the file's databases reject.
        operations.push(...dialectOperations(document.text, statement));
        continue;
      }
      const searchPath = searchPathSet(statement);
      if (searchPath !== undefined) {
        // Inside a function body it runs only when the function is called, in a DO block at once:
        // the nested statements do not say which, so where later names live is then not known.
        scope.setSearchPath(topLevel ? searchPath : null);
        continue;
      }
      // What a DO block's existence check or catch-all handler protects is never reported, so
      // neither its insertion points nor its ranges are needed: no scan for its tokens.
      const tokens: StatementTokens = protectsEverything(statement.plpgsqlGuard)
        ? { all: () => [], before: () => [] }
        : topLevel
          ? documentTokens(document.text, statement)
          : { all: () => statement.tokens, before: (offset) => (offset === undefined ? statement.tokens : statement.tokens.filter((token) => token.start < offset)) };
      for (const candidate of classify(statement, tokens, droppedLater)) {
        if (onSessionTable(candidate.object, sessionTables)) {
          continue;
        }
        // A drop covers a later creation of the same object whether or not it is guarded: on a retry
        // it either drops the leftover or fails first (and is reported itself).
        if (candidate.action === "drop" && candidate.key) {
          scope.dropped(candidate.key, dropSite(candidate, statement, host), candidate.concurrently);
          if (candidate.guard.kind === "keyword" && candidate.guard.present) continue;
        }
        if (isCoveredByContext(statement, candidate)) {
          continue;
        }
        const cover = candidate.key !== null && candidate.action === "create" ? scope.coveredByDrop(candidate.key, candidate.concurrently) : false;
        if (cover === true || (candidate.guard.kind === "keyword" && candidate.guard.present)) {
          continue;
        }
        operations.push(toOperation(candidate, writtenInLowerCase(document.text, statement), cover === false ? null : cover));
      }
      visit(statement.nested, false);
    }
  };
  visit(document.statements, true);
  return operations;
}

/** A document that is its own host: lines and edits in its own text. */
function documentHost(text: string): SqlHost {
  return {
    line: (offset) => text.slice(0, offset).split("\n").length,
    edits: ({ offset, text: inserted }) => [{ range: [offset, offset], text: inserted }],
  };
}

function dropSite(candidate: Candidate, statement: SqlStatement, host: SqlHost): DropSite {
  const { qualifyAt } = candidate;
  return {
    statement: candidate.kind,
    line: host.line(statement.range[0]),
    qualify:
      qualifyAt && statement.editable
        ? (schema) => {
            const offset = qualifyAt();
            return offset === undefined ? null : host.edits({ offset, text: `${quoteIdentifier(schema)}.` });
          }
        : null,
  };
}

/**
 * The schemas a `SET [LOCAL] search_path …` or `SELECT set_config('search_path', '…', …)` sets,
 * `null` when they cannot be read, `undefined` when the statement sets no `search_path`.
 */
function searchPathSet({ kind, node }: SqlStatement): readonly string[] | null | undefined {
  if (kind === "VariableSetStmt" && node?.name === "search_path") {
    if (node.kind === "VAR_RESET" || node.kind === "VAR_SET_DEFAULT") {
      return [];
    }
    const values = Array.isArray(node.args) ? (node.args as AnyNode[]).map(constantString) : [];
    return node.kind === "VAR_SET_VALUE" && values.every((value) => value !== null) ? values : null;
  }
  if (kind === "SelectStmt" && node) {
    const [target] = Array.isArray(node.targetList) ? (node.targetList as AnyNode[]) : [];
    const call = ((target?.ResTarget as AnyNode | undefined)?.val as AnyNode | undefined)?.FuncCall as AnyNode | undefined;
    const [setting, value] = Array.isArray(call?.args) ? (call.args as AnyNode[]).map(constantString) : [];
    if (qualifiedName(call?.funcname)?.replace(/^pg_catalog\./u, "") === "set_config" && setting === "search_path") {
      return value === null || value === undefined ? null : searchPathList(value);
    }
  }
  return undefined;
}

/** The relation a `CREATE TEMP TABLE|VIEW|SEQUENCE …` or `CREATE TEMP TABLE … AS` makes, else `null`. */
function sessionScopedRelation({ kind, node }: SqlStatement): string | null {
  if (!node) {
    return null;
  }
  const relation =
    kind === "CreateStmt" ? node.relation
    : kind === "CreateTableAsStmt" ? (node.into as AnyNode | undefined)?.rel
    : kind === "ViewStmt" ? node.view
    : kind === "CreateSeqStmt" ? node.sequence
    : undefined;
  return (relation as AnyNode | undefined)?.relpersistence === "t" ? relationName(relation) : null;
}

function onSessionTable({ type, name, table }: SchemaObject, sessionTables: ReadonlySet<string>): boolean {
  const relation = type === "table" || type === "view" || type === "sequence" ? name : table;
  return relation !== null && sessionTables.has(relation);
}

/**
 * A statement of the document itself is a verbatim stretch of its text, so its words are read
 * there; the scanner is asked only when they are not plain (see plainWords). A nested statement's
 * text may be an unescaped copy of an `EXECUTE` literal, which only its own tokens locate.
 */
function documentTokens(text: string, statement: SqlStatement): StatementTokens {
  const [start, end] = statement.range;
  let all: WordToken[] | null = null;
  const everything = (): WordToken[] => (all ??= plainWords(text, start, end) ?? statement.tokens);
  return {
    all: everything,
    before: (offset) => {
      if (offset === undefined) return everything();
      if (all) return all.filter((token) => token.start < offset);
      return plainWords(text, start, Math.min(offset, end)) ?? statement.tokens.filter((token) => token.start < offset);
    },
  };
}

function toOperation(candidate: Candidate, lowerCase: boolean, notCoveredBy: UncoveredBy | null): SqlOperation {
  const { kind, action, object, range, concurrently, editable } = candidate;
  const guard = lowerCase ? lowerCaseGuard(candidate.guard) : candidate.guard;
  const retryFailure = notCoveredBy ? `${candidate.retryFailure}; ${notCoveredBy.clause}` : candidate.retryFailure;
  const operation: SqlOperation = { kind, action, object, retryFailure, range: range(), guard, concurrently, editable, subject: subjectOf(kind, object) };
  return notCoveredBy ? { ...operation, notCoveredBy } : operation;
}

/** A statement written as `create table …` gets its guard in the same case. */
function writtenInLowerCase(text: string, statement: SqlStatement): boolean {
  return /^[a-z]/u.test(text.charAt(statement.range[0]));
}

function lowerCaseGuard(guard: SqlGuard): SqlGuard {
  const lower = (insertion: SqlInsertion): SqlInsertion => ({ offset: insertion.offset, text: insertion.text.toLowerCase() });
  switch (guard.kind) {
    case "keyword":
      return { ...guard, insertion: guard.insertion ? lower(guard.insertion) : null };
    case "none":
      // The suggested index name keeps its case; only the keywords around it follow the statement.
      return guard.suggestion
        ? {
            ...guard,
            suggestion: {
              ...guard.suggestion,
              insertion: { ...guard.suggestion.insertion, text: guard.suggestion.insertion.text.replace("IF NOT EXISTS", "if not exists") },
            },
          }
        : guard;
    case "drop-first": {
      const dropStatement = guard.dropStatement.replace("DROP INDEX CONCURRENTLY IF EXISTS", "drop index concurrently if exists");
      return { ...guard, dropStatement, insertion: { offset: guard.insertion.offset, text: `${dropStatement}\n` } };
    }
  }
}

function isCoveredByContext(statement: SqlStatement, candidate: Candidate): boolean {
  const guard = statement.plpgsqlGuard;
  return (
    protectsEverything(guard) ||
    (guard !== null && guard.caughtConditions.includes(candidate.condition)) ||
    // A hand-written check that the object is there guards what fails when it is gone.
    (guard?.presenceCheck === true && candidate.action !== "create")
  );
}

function protectsEverything(guard: PlpgsqlGuard | null): boolean {
  return guard !== null && (guard.existenceCheck || guard.caughtConditions.includes("others"));
}

function classify(statement: SqlStatement, { all: tokens, before }: StatementTokens, droppedLater: DroppedLater): Candidate[] {
  const { kind, node } = statement;
  if (!kind || !node) {
    return [];
  }
  const base = { range: () => statement.range, editable: statement.editable, concurrently: false };
  switch (kind) {
    case "CreateStmt":
      return [createTable(base, node)];
    case "CreateTableAsStmt":
      return [createTableAs(base, node)];
    case "IndexStmt":
      return [createIndex(base, node, () => before(locationOf(node.relation)))];
    case "CreateSchemaStmt":
      return [
        ifNotExists(base, afterWord(tokens, "SCHEMA"), node.if_not_exists === true, "9.3", {
          kind: "CREATE SCHEMA",
          object: { type: "schema", name: str(node.schemaname), table: null },
          retryFailure: fails(`schema "${bare(str(node.schemaname))}" already exists`),
          condition: "duplicate_schema",
          key: null,
        }),
      ];
    case "CreateSeqStmt": {
      const name = relationName(node.sequence);
      return [
        ifNotExists(base, () => locationOf(node.sequence), node.if_not_exists === true, "9.5", {
          kind: "CREATE SEQUENCE",
          object: { type: "sequence", name, table: null },
          retryFailure: fails(`relation "${bare(name)}" already exists`),
          condition: "duplicate_table",
          key: null,
        }),
      ];
    }
    case "CreateExtensionStmt":
      return [
        ifNotExists(base, afterWord(tokens, "EXTENSION"), node.if_not_exists === true, "9.1", {
          kind: "CREATE EXTENSION",
          object: { type: "extension", name: str(node.extname), table: null },
          retryFailure: fails(`extension "${str(node.extname) ?? ""}" already exists`),
          condition: "duplicate_object",
          key: null,
        }),
      ];
    case "AlterEnumStmt":
      return alterEnum(base, node, tokens);
    case "ViewStmt":
      return [orReplace(base, tokens, node.replace === true, "7.2", "CREATE VIEW", { type: "view", name: relationName(node.view), table: null }, "duplicate_table")];
    case "CreateFunctionStmt": {
      const procedure = node.is_procedure === true;
      const name = qualifiedName(node.funcname);
      return [
        orReplace(base, tokens, node.replace === true, "7.2", procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION", { type: procedure ? "procedure" : "function", name, table: null }, "duplicate_function"),
      ];
    }
    case "CreateTrigStmt":
      return [createTrigger(base, node, tokens)];
    case "DropStmt":
      return drop(base, node, tokens);
    case "DropRoleStmt":
      return dropRole(base, node, tokens);
    case "AlterTableStmt":
      return alterTable(statement, node, { all: tokens, before }, droppedLater);
    case "RenameStmt":
      return rename(base, node, tokens);
    case "CreateEnumStmt":
    case "CompositeTypeStmt":
    case "CreateRangeStmt": {
      const name = kind === "CompositeTypeStmt" ? relationName(node.typevar) : qualifiedName(node.typeName);
      return [noGuard(base, "CREATE TYPE", "create", { type: "type", name, table: null }, fails(`type "${bare(name)}" already exists`), "duplicate_object", name === null ? null : identityOf("type", name), DUPLICATE_OBJECT_ADVICE)];
    }
    case "CreateDomainStmt": {
      const name = qualifiedName(node.domainname);
      return [noGuard(base, "CREATE DOMAIN", "create", { type: "domain", name, table: null }, fails(`type "${bare(name)}" already exists`), "duplicate_object", name === null ? null : identityOf("domain", name), DUPLICATE_OBJECT_ADVICE)];
    }
    case "CreatePolicyStmt": {
      const name = str(node.policy_name);
      const table = relationName(node.table);
      return [
        noGuard(base, "CREATE POLICY", "create", { type: "policy", name, table }, fails(`policy "${name ?? ""}" for table "${bare(table)}" already exists`), "duplicate_object", identityOf("policy", name ?? "", table ?? ""), DUPLICATE_OBJECT_ADVICE),
      ];
    }
    case "CreateRoleStmt": {
      const name = str(node.role);
      return [noGuard(base, "CREATE ROLE", "create", { type: "role", name, table: null }, fails(`role "${name ?? ""}" already exists`), "duplicate_object", roleIdentity(name ?? ""), DUPLICATE_OBJECT_ADVICE)];
    }
    default:
      return [];
  }
}

type Base = Pick<Candidate, "range" | "editable" | "concurrently">;

interface Facts {
  kind: string;
  object: SchemaObject;
  retryFailure: string;
  condition: Condition;
  key: ObjectIdentity | null;
}

/** Roles belong to the cluster, not to a schema. */
function roleIdentity(name: string): ObjectIdentity {
  return identityOf("role", name, null, "");
}

function createTable(base: Base, node: AnyNode): Candidate {
  const name = relationName(node.relation);
  return ifNotExists(base, () => locationOf(node.relation), node.if_not_exists === true, "9.1", {
    kind: "CREATE TABLE",
    object: { type: "table", name, table: null },
    retryFailure: fails(`relation "${bare(name)}" already exists`),
    condition: "duplicate_table",
    key: null,
  });
}

function createTableAs(base: Base, node: AnyNode): Candidate {
  const materialized = node.objtype === "OBJECT_MATVIEW";
  const into = node.into as AnyNode | undefined;
  const name = relationName(into?.rel);
  return ifNotExists(base, () => locationOf(into?.rel), node.if_not_exists === true, "9.5", {
    kind: materialized ? "CREATE MATERIALIZED VIEW" : "CREATE TABLE AS",
    object: { type: materialized ? "materialized view" : "table", name, table: null },
    retryFailure: fails(`relation "${bare(name)}" already exists`),
    condition: "duplicate_table",
    key: null,
  });
}

function createIndex(base: Base, node: AnyNode, tokens: Tokens): Candidate {
  const table = relationName(node.relation);
  const name = str(node.idxname);
  const concurrently = node.concurrent === true;
  const afterKeywords = (all: WordToken[]) => findWord(all, 0, "INDEX") + (concurrently ? 2 : 1);
  let retryFailure = fails(`relation "${bare(name)}" already exists`);
  let guard: SqlGuard;
  const relation = node.relation as AnyNode | undefined;
  // PostgreSQL names the index after the table alone, and creates it in the table's schema.
  const suggested = defaultIndexName(str(relation?.relname) ?? "", indexColumns(node.indexParams));
  // An index lives in its table's schema, whatever search_path a DROP INDEX of it looks through.
  const schema = str(relation?.schemaname);
  if (name === null) {
    const insertAt = tokenStart(tokens(), afterKeywords);
    retryFailure = "every run adds another copy of the index";
    guard = {
      kind: "none",
      advice: `IF NOT EXISTS needs an index name: name it (PostgreSQL would call it ${suggested}) and add IF NOT EXISTS.`,
      suggestion: insertAt !== undefined
        ? { description: `Name the index ${suggested} and add IF NOT EXISTS`, insertion: { offset: insertAt, text: `IF NOT EXISTS ${quoteIdentifier(suggested)} ` } }
        : null,
    };
  } else if (concurrently) {
    const drop = `DROP INDEX CONCURRENTLY IF EXISTS ${schema === null ? "" : `${quoteIdentifier(schema)}.`}${quoteIdentifier(name)};`;
    guard = { kind: "drop-first", dropStatement: drop, insertion: { offset: base.range()[0], text: `${drop}\n` } };
  } else {
    guard = keywordAfter(tokens, afterKeywords, "IF NOT EXISTS", "9.5", node.if_not_exists === true);
  }
  return {
    range: base.range,
    editable: base.editable,
    concurrently,
    kind: concurrently ? "CREATE INDEX CONCURRENTLY" : "CREATE INDEX",
    action: "create",
    object: { type: "index", name, table },
    retryFailure,
    condition: "duplicate_table",
    // A concurrent build is only retry-safe after a concurrent drop (a plain DROP INDEX would block
    // writes): the scope is asked with `concurrently`.
    key: identityOf("index", name ?? suggested, null, schema),
    guard,
  };
}

function alterEnum(base: Base, node: AnyNode, tokens: Tokens): Candidate[] {
  const typeName = qualifiedName(node.typeName);
  const value = str(node.newVal);
  // RENAME VALUE (with oldVal) has no guard and no retry-safe rewrite short of a DO block; not reported.
  if (value === null || node.oldVal !== undefined) {
    return [];
  }
  return [
    {
      range: base.range,
      editable: base.editable,
      concurrently: base.concurrently,
      kind: "ALTER TYPE … ADD VALUE",
      action: "create",
      object: { type: "enum value", name: `'${value}'`, table: typeName },
      retryFailure: fails(`enum label "${value}" already exists`),
      condition: "duplicate_object",
      key: null,
      guard: keywordAfter(tokens, (all) => findWord(all, findWord(all, 0, "ADD"), "VALUE") + 1, "IF NOT EXISTS", "9.3", node.skipIfNewValExists === true),
    },
  ];
}

function createTrigger(base: Base, node: AnyNode, tokens: Tokens): Candidate {
  const name = str(node.trigname);
  const table = relationName(node.relation);
  const facts = {
    range: base.range,
    editable: base.editable,
    concurrently: base.concurrently,
    kind: "CREATE TRIGGER",
    action: "create" as const,
    object: { type: "trigger" as const, name, table },
    retryFailure: fails(`trigger "${name ?? ""}" for relation "${bare(table)}" already exists`),
    condition: "duplicate_object" as const,
    key: identityOf("trigger", name ?? "", table ?? ""),
  };
  if (node.isconstraint === true) {
    return { ...facts, guard: { kind: "none", advice: `A constraint trigger has no OR REPLACE. Drop it first with DROP TRIGGER IF EXISTS ${name ?? ""} ON ${table ?? ""}.`, suggestion: null } };
  }
  return { ...facts, guard: keywordAfter(tokens, 1, "OR REPLACE", "14", node.replace === true) };
}

function drop(base: Base, node: AnyNode, tokens: Tokens): Candidate[] {
  const removeType = str(node.removeType) ?? "";
  const phrase = DROP_PHRASES[removeType];
  if (!phrase) {
    return [];
  }
  const names = dropNames(node.objects, removeType);
  const concurrently = node.concurrent === true;
  const first = names[0] ?? { name: null, table: null };
  const key = first.name === null ? null : identityOf(phrase.object, first.name, first.table);
  const nameAt = 1 + phrase.words + (concurrently ? 1 : 0) + (node.missing_ok === true ? 2 : 0);
  const failure = fails(
    ["OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE"].includes(removeType)
      ? `${phrase.failureNoun} "${bare(first.name)}" for table "${bare(first.table)}" does not exist`
      : removeType === "OBJECT_FUNCTION" || removeType === "OBJECT_PROCEDURE"
        ? `${phrase.failureNoun} ${first.name ?? ""}(${first.arguments ?? ""}) does not exist`
        : `${phrase.failureNoun} "${bare(first.name)}" does not exist`,
  );
  return [
    {
      range: base.range,
      editable: base.editable,
      concurrently,
      kind: `DROP ${phrase.object.toUpperCase()}`,
      action: "drop",
      object: { type: phrase.object, name: first.name, table: first.table },
      retryFailure: failure,
      condition: phrase.condition,
      key,
      // A trigger's, policy's or rule's schema is its table's, which comes after its name.
      ...(first.table === null ? { qualifyAt: () => tokenStart(tokens(), nameAt) } : {}),
      guard: keywordAfter(tokens, 1 + phrase.words + (concurrently ? 1 : 0), "IF EXISTS", concurrently ? "9.2" : "9.0", node.missing_ok === true),
    },
  ];
}

function dropRole(base: Base, node: AnyNode, tokens: Tokens): Candidate[] {
  const roles = Array.isArray(node.roles) ? (node.roles as AnyNode[]) : [];
  const role = str((roles[0]?.RoleSpec as AnyNode | undefined)?.rolename);
  return [
    {
      range: base.range,
      editable: base.editable,
      concurrently: base.concurrently,
      kind: "DROP ROLE",
      action: "drop",
      object: { type: "role", name: role, table: null },
      retryFailure: fails(`role "${role ?? ""}" does not exist`),
      condition: "undefined_object",
      key: role === null ? null : roleIdentity(role),
      guard: keywordAfter(tokens, 2, "IF EXISTS", "8.2", node.missing_ok === true),
    },
  ];
}

function rename(base: Base, node: AnyNode, tokens: Tokens): Candidate[] {
  const renameType = str(node.renameType);
  const table = relationName(node.relation);
  const newName = str(node.newname);
  if (renameType === "OBJECT_TABLE") {
    return [
      {
        range: base.range,
        editable: base.editable,
        concurrently: base.concurrently,
        kind: `ALTER TABLE … RENAME TO ${newName ?? ""}`,
        action: "rename",
        object: { type: "table", name: table, table: null },
        retryFailure: fails(`relation "${table ?? ""}" does not exist`),
        condition: "undefined_table",
        key: null,
        guard: keywordAfter(tokens, 2, "IF EXISTS", "9.2", node.missing_ok === true),
      },
    ];
  }
  if (renameType === "OBJECT_COLUMN") {
    const column = str(node.subname);
    return [
      noGuard(
        base,
        "ALTER TABLE … RENAME COLUMN",
        "rename",
        { type: "column", name: column, table },
        fails(`column "${column ?? ""}" does not exist`),
        "undefined_column",
        null,
        `Rename in a DO block that first checks information_schema.columns for "${column ?? ""}" (or catches undefined_column), so that a finished rename to "${newName ?? ""}" is skipped.`,
      ),
    ];
  }
  return [];
}

function alterTable(statement: SqlStatement, node: AnyNode, tokens: StatementTokens, droppedLater: DroppedLater): Candidate[] {
  if (node.objtype !== "OBJECT_TABLE") {
    return [];
  }
  const table = relationName(node.relation);
  const tableInSql = relationSql(node.relation);
  const commands = Array.isArray(node.cmds) ? (node.cmds as AnyNode[]) : [];
  const onlyDrops =
    commands.length > 0 && commands.every((wrapper) => DROP_SUBCOMMANDS.has(str((wrapper.AlterTableCmd as AnyNode | undefined)?.subtype) ?? ""));
  const tableGuard: Candidate[] =
    onlyDrops && table !== null && droppedLater(table, statement.range[1])
      ? [
          {
            range: () => statement.range,
            editable: statement.editable,
            concurrently: false,
            kind: "ALTER TABLE",
            action: "drop",
            object: { type: "table", name: table, table: null },
            retryFailure: `${fails(`relation "${bare(table)}" does not exist`)} once the DROP TABLE after it has run`,
            condition: "undefined_table",
            key: null,
            guard: keywordAfter(tokens.all, 2, "IF EXISTS", "9.2", node.missing_ok === true),
          },
        ]
      : [];
  let segments: WordToken[][] | null = null;
  const segment = (index: number) => (segments ??= subcommandTokens(tokens.all()))[index] ?? [];
  const candidates: Candidate[] = [];
  commands.forEach((wrapper, index) => {
    const command = wrapper.AlterTableCmd as AnyNode | undefined;
    if (!command) {
      return;
    }
    const range = (): Range => {
      if (commands.length === 1) {
        // The only subcommand runs to the statement's end, and the tokens before its definition
        // (`ADD CONSTRAINT …`, `ADD COLUMN c …`) hold its first one.
        const first = subcommandTokens(tokens.before(definitionLocation(command)))[0]?.[0] ?? segment(0)[0];
        return first ? [first.start, statement.range[1]] : statement.range;
      }
      const [first] = segment(index);
      const last = segment(index).at(-1);
      return first && last ? [first.start, last.end] : statement.range;
    };
    const base: Base = { range, editable: statement.editable, concurrently: false };
    const candidate = alterTableCommand(base, command, () => segment(index), table, tableInSql);
    if (candidate?.action === "drop" && candidate.key !== null) {
      // A constraint is dropped from the table the statement names.
      candidates.push({ ...candidate, qualifyAt: () => locationOf(node.relation) });
    } else if (candidate) {
      candidates.push(candidate);
    }
  });
  return [...tableGuard, ...candidates];
}

/** Subcommands that only take something away, which a dropped table has already lost. */
const DROP_SUBCOMMANDS = new Set(["AT_DropConstraint", "AT_DropColumn"]);

/** Whether the migration drops `table` after `offset` (in the analysed document's coordinates). */
export type DroppedLater = (table: string, offset: number) => boolean;

/** The tables a document drops at top level, with where each `DROP TABLE` starts. */
export function droppedTables(document: SqlDocument): { table: string; offset: number }[] {
  return document.statements.flatMap((statement) =>
    statement.kind === "DropStmt" && statement.node?.removeType === "OBJECT_TABLE"
      ? dropNames(statement.node.objects, "OBJECT_TABLE").flatMap(({ name }) => (name === null ? [] : [{ table: name, offset: statement.range[0] }]))
      : [],
  );
}

/** Within one document: a `DROP TABLE` later in it. */
function droppedLaterIn(document: SqlDocument): DroppedLater {
  let drops: { table: string; offset: number }[] | null = null;
  let unqualified: { schema: string | undefined } | null = null;
  return (table, offset) => {
    const { schema } = (unqualified ??= { schema: setsSearchPath(document) ? undefined : DEFAULT_SCHEMA });
    return (drops ??= droppedTables(document)).some((drop) => drop.offset >= offset && sameTable(drop.table, table, schema));
  };
}

/** Whether a document sets `search_path` anywhere, so that where an unqualified name lives depends on the statement. */
export function setsSearchPath(document: SqlDocument): boolean {
  const sets = (statements: SqlStatement[]): boolean => statements.some((statement) => searchPathSet(statement) !== undefined || sets(statement.nested));
  return sets(document.statements);
}

/**
 * Whether two table names written `schema.name` or `name` name the same table: an unqualified name
 * is in `unqualified` (`public` by default), or, where that cannot be told (`undefined`: the
 * migration sets `search_path`), maybe in any schema.
 */
export function sameTable(a: string, b: string, unqualified: string | undefined): boolean {
  const schema = (name: string) => (name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : null);
  const [schemaA, schemaB] = [schema(a), schema(b)];
  if (bare(a) !== bare(b)) {
    return false;
  }
  if (schemaA === schemaB) {
    return true;
  }
  return unqualified === undefined ? schemaA === null || schemaB === null : (schemaA ?? unqualified) === (schemaB ?? unqualified);
}

function alterTableCommand(base: Base, command: AnyNode, tokens: Tokens, table: string | null, tableInSql: string | null): Candidate | null {
  const subtype = str(command.subtype);
  const optionalWord = (word: string) => (all: WordToken[]) => (all[1]?.text === word ? 2 : 1);
  switch (subtype) {
    case "AT_AddColumn": {
      const definition = (command.def as AnyNode | undefined)?.ColumnDef as AnyNode | undefined;
      const column = str(definition?.colname);
      return {
        range: base.range,
        editable: base.editable,
        concurrently: base.concurrently,
        kind: "ALTER TABLE … ADD COLUMN",
        action: "create",
        object: { type: "column", name: column, table },
        retryFailure: fails(`column "${column ?? ""}" of relation "${bare(table)}" already exists`),
        condition: "duplicate_column",
        key: null,
        // It goes before the column's name, which is where the parse locates the column.
        guard: keywordAt(() => locationOf(definition), "IF NOT EXISTS", "9.6", command.missing_ok === true),
      };
    }
    case "AT_DropColumn": {
      const column = str(command.name);
      return {
        range: base.range,
        editable: base.editable,
        concurrently: base.concurrently,
        kind: "ALTER TABLE … DROP COLUMN",
        action: "drop",
        object: { type: "column", name: column, table },
        retryFailure: fails(`column "${column ?? ""}" of relation "${table ?? ""}" does not exist`),
        condition: "undefined_column",
        key: null,
        guard: keywordAfter(tokens, optionalWord("COLUMN"), "IF EXISTS", "9.0", command.missing_ok === true),
      };
    }
    case "AT_DropConstraint": {
      const name = str(command.name);
      return {
        range: base.range,
        editable: base.editable,
        concurrently: base.concurrently,
        kind: "ALTER TABLE … DROP CONSTRAINT",
        action: "drop",
        object: { type: "constraint", name, table },
        retryFailure: fails(`constraint "${name ?? ""}" of relation "${table ?? ""}" does not exist`),
        condition: "undefined_object",
        key: identityOf("constraint", name ?? "", table ?? ""),
        guard: keywordAfter(tokens, 2, "IF EXISTS", "9.0", command.missing_ok === true),
      };
    }
    case "AT_AddConstraint":
      return addConstraint(base, command, table, tableInSql);
    default:
      // SET DEFAULT, SET NOT NULL, ENABLE ROW LEVEL SECURITY, VALIDATE CONSTRAINT, ALTER COLUMN TYPE…:
      // running them twice leaves the same state.
      return null;
  }
}

function addConstraint(base: Base, command: AnyNode, table: string | null, tableInSql: string | null): Candidate | null {
  const constraint = (command.def as AnyNode | undefined)?.Constraint as AnyNode | undefined;
  if (!constraint) {
    return null;
  }
  const type = str(constraint.contype);
  const relationLike = type === "CONSTR_UNIQUE" || type === "CONSTR_EXCLUSION";
  const objectType = type === "CONSTR_PRIMARY" ? "primary key" : relationLike ? "unique constraint" : type === "CONSTR_FOREIGN" ? "foreign key" : "constraint";
  const written = str(constraint.conname);
  const label = CONSTRAINT_LABELS[type ?? ""];
  const relname = table === null ? null : bare(table);
  // Unnamed, PostgreSQL names it; what was dropped before and what messages say go by that name.
  const defaultName = written === null && label !== undefined && relname !== null ? defaultConstraintName(relname, constraintColumns(constraint), label) : null;
  const name = written ?? defaultName;
  const key = name === null ? null : identityOf("constraint", name, table ?? "");
  const dropFirst = `ALTER TABLE ${tableInSql ?? "…"} DROP CONSTRAINT IF EXISTS ${name === null ? "…" : quoteIdentifier(name)}`;
  const caught = relationLike || type === "CONSTR_PRIMARY" ? "duplicate_table and duplicate_object" : "duplicate_object";
  // The object keeps the name the SQL writes: subjects quote the statement, not what PostgreSQL makes of it.
  const object = { type: objectType, name: written, table };
  if (type === "CONSTR_PRIMARY") {
    const advice = written === null && name !== null
      ? `Run ${dropFirst} first (${quoteIdentifier(name)} is the name PostgreSQL gives it), or add it in a DO block that catches invalid_table_definition.`
      : `Run ${dropFirst} first, or add it in a DO block that catches invalid_table_definition.`;
    return noGuard(base, "ALTER TABLE … ADD PRIMARY KEY", "create", object, fails(`multiple primary keys for table "${bare(table)}" are not allowed`), "invalid_table_definition", key, advice);
  }
  if (written === null) {
    // Nothing fails on a retry: PostgreSQL picks the next free name and the table gets a second copy.
    const failure = name === null ? `a retry adds a second copy of the ${objectType} silently` : duplicateOnRetry(objectType, `${name}1`);
    const advice = name === null
      ? "Name it, and drop it with IF EXISTS first."
      : `Name it ${quoteIdentifier(name)} (the name PostgreSQL gives it) and run ${dropFirst} first.`;
    const at = locationOf(constraint);
    const candidate = noGuard(base, "ALTER TABLE … ADD CONSTRAINT", "create", object, failure, "duplicate_object", key, advice);
    return name === null || at === undefined
      ? candidate
      : { ...candidate, guard: { kind: "none", advice, suggestion: { description: `Name the constraint ${quoteIdentifier(name)}`, insertion: { offset: at, text: `CONSTRAINT ${quoteIdentifier(name)} ` } } } };
  }
  return noGuard(
    base,
    "ALTER TABLE … ADD CONSTRAINT",
    "create",
    object,
    fails(relationLike ? `relation "${bare(written)}" already exists` : `constraint "${written}" for relation "${bare(table)}" already exists`),
    relationLike ? "duplicate_table" : "duplicate_object",
    key,
    `Run ${dropFirst} first, or add it in a DO block that catches ${caught}.`,
  );
}

const CONSTRAINT_LABELS: Record<string, Exclude<DefaultNameLabel, "idx">> = {
  CONSTR_PRIMARY: "pkey",
  CONSTR_UNIQUE: "key",
  CONSTR_FOREIGN: "fkey",
  CONSTR_CHECK: "check",
  CONSTR_EXCLUSION: "excl",
};

/** The columns PostgreSQL builds an unnamed constraint's name from: its keys, or the distinct columns a CHECK reads. */
function constraintColumns(constraint: AnyNode): string[] {
  const names = (list: unknown) => (Array.isArray(list) ? list.map((item: AnyNode) => str((item.String as AnyNode | undefined)?.sval) ?? "") : []);
  switch (constraint.contype) {
    case "CONSTR_FOREIGN":
      return names(constraint.fk_attrs);
    case "CONSTR_CHECK":
      return [...new Set(columnReferences(constraint.raw_expr))];
    case "CONSTR_EXCLUSION":
      // Each element is a list of the indexed column (or expression) and its operator.
      return Array.isArray(constraint.exclusions)
        ? constraint.exclusions.map((pair: AnyNode) => {
            const [element] = ((pair.List as AnyNode | undefined)?.items ?? []) as AnyNode[];
            return str((element?.IndexElem as AnyNode | undefined)?.name) ?? "expr";
          })
        : [];
    default:
      return names(constraint.keys);
  }
}

/** The last name part of every column reference in an expression tree. */
function columnReferences(node: unknown): string[] {
  if (Array.isArray(node)) {
    return node.flatMap(columnReferences);
  }
  if (typeof node !== "object" || node === null) {
    return [];
  }
  const reference = (node as AnyNode).ColumnRef as AnyNode | undefined;
  if (reference && Array.isArray(reference.fields)) {
    const last = (reference.fields as AnyNode[]).at(-1)?.String as AnyNode | undefined;
    return last ? [str(last.sval) ?? ""] : [];
  }
  return Object.values(node).flatMap(columnReferences);
}

/** `at` gives where `IF NOT EXISTS` goes: before the object's name. */
function ifNotExists(base: Base, at: () => number | undefined, present: boolean, since: string, facts: Facts): Candidate {
  const { kind, object, retryFailure, condition, key } = facts;
  const guard = keywordAt(at, "IF NOT EXISTS", since, present);
  return { range: base.range, editable: base.editable, concurrently: base.concurrently, kind, object, retryFailure, condition, key, action: "create", guard };
}

function orReplace(base: Base, tokens: Tokens, present: boolean, since: string, kind: string, object: SchemaObject, condition: Condition): Candidate {
  return {
    range: base.range,
    editable: base.editable,
    concurrently: base.concurrently,
    kind,
    action: "create",
    object,
    retryFailure: fails(condition === "duplicate_function" ? `function "${bare(object.name)}" already exists with same argument types` : `relation "${bare(object.name)}" already exists`),
    condition,
    key: null,
    guard: keywordAfter(tokens, 1, "OR REPLACE", since, present),
  };
}

function noGuard(base: Base, kind: string, action: Action, object: SchemaObject, retryFailure: string, condition: Condition, key: ObjectIdentity | null, advice: string): Candidate {
  // Written out rather than spread: an object spread followed by more properties is V8's slow path,
  // and this runs for most statements of a migration history.
  const { range, editable, concurrently } = base;
  return { range, editable, concurrently, kind, action, object, retryFailure, condition, key, guard: { kind: "none", advice, suggestion: null } };
}

/**
 * An object's name as PostgreSQL's "already exists" / "does not exist" errors print it: without the
 * schema.
 */
function bare(name: string | null): string {
  return name === null ? "" : name.slice(name.lastIndexOf(".") + 1);
}

/** PostgreSQL's error on a retry, as the clause findings use. */
function fails(error: string): string {
  return `the retry fails with '${error}'`;
}

/** `CREATE INDEX ix_a`, `ALTER TABLE apps ADD COLUMN owner_id`, `CREATE INDEX ON apps`. */
function subjectOf(kind: string, object: SchemaObject): string {
  if (kind.includes("…")) {
    // `ALTER TABLE … ADD COLUMN` names the table in the middle; a renamed table is itself the object.
    const [head = "", tail = ""] = kind.split("…").map((part) => part.trim());
    const table = object.table ?? object.name ?? "";
    const name = object.table === null ? "" : (object.name ?? "");
    return [head, table, tail, name].filter((part) => part !== "").join(" ");
  }
  if (object.name === null) {
    return object.table === null ? kind : `${kind} ON ${object.table}`;
  }
  return `${kind} ${object.name}`;
}

/**
 * A statement's tokens. Reading them reads or scans the statement, so they are read only where a
 * guard's insertion point or a subcommand's range needs them.
 */
type Tokens = () => WordToken[];

interface StatementTokens {
  all: Tokens;
  /**
   * The tokens before a node's location, where that is known: a statement that is long after the
   * tokens a guard needs (an index's columns, a constraint's definition) is scanned only that far.
   */
  before: (offset: number | undefined) => WordToken[];
}

type TokenIndex = number | ((tokens: WordToken[]) => number);

/** The guard keyword belongs before the token at `index` (the object's name, usually). */
function keywordAfter(tokens: Tokens, index: TokenIndex, spelling: string, since: string, present: boolean): SqlGuard {
  return keywordAt(() => tokenStart(tokens(), index), spelling, since, present);
}

/** The guard keyword belongs at the offset `at` gives, asked only when the keyword is missing. */
function keywordAt(at: () => number | undefined, spelling: string, since: string, present: boolean): SqlGuard {
  const offset = present ? undefined : at();
  return { kind: "keyword", spelling, since, present, insertion: offset === undefined ? null : { offset, text: `${spelling} ` } };
}

function tokenStart(tokens: WordToken[], index: TokenIndex): number | undefined {
  return tokens[typeof index === "number" ? index : index(tokens)]?.start;
}

/** Where the token after the first `word` starts. */
function afterWord(tokens: Tokens, word: string): () => number | undefined {
  return () => tokenStart(tokens(), (all) => findWord(all, 0, word) + 1);
}

/** Where a node starts, from the parse: a RangeVar's `location` is the start of its (qualified) name. */
function locationOf(node: unknown): number | undefined {
  const location = typeof node === "object" && node !== null ? (node as AnyNode).location : undefined;
  return typeof location === "number" && location >= 0 ? location : undefined;
}

function findWord(tokens: WordToken[], from: number, word: string): number {
  for (let index = from; index < tokens.length; index++) {
    if (tokens[index]?.text === word) {
      return index;
    }
  }
  return tokens.length;
}

/** Where an added column's or constraint's definition starts; another subcommand's is not used. */
function definitionLocation(command: AnyNode): number | undefined {
  const definition = command.def as AnyNode | undefined;
  return command.subtype === "AT_AddColumn" || command.subtype === "AT_AddConstraint" ? locationOf(definition?.ColumnDef ?? definition?.Constraint) : undefined;
}

/**
 * The tokens of each `ALTER TABLE` subcommand: split at top-level commas, after the table name
 * (`ALTER TABLE [IF EXISTS] [ONLY] name [*]`).
 */
function subcommandTokens(tokens: WordToken[]): WordToken[][] {
  let index = 2;
  if (tokens[index]?.text === "IF" && tokens[index + 1]?.text === "EXISTS") {
    index += 2;
  }
  if (tokens[index]?.text === "ONLY") {
    index++;
  }
  index++;
  while (tokens[index]?.text === "." && index + 1 < tokens.length) {
    index += 2;
  }
  if (tokens[index]?.text === "*") {
    index++;
  }
  const segments: WordToken[][] = [[]];
  let depth = 0;
  for (const token of tokens.slice(index)) {
    if (token.text === "(") {
      depth++;
    } else if (token.text === ")") {
      depth--;
    } else if (token.text === "," && depth === 0) {
      segments.push([]);
      continue;
    }
    segments.at(-1)?.push(token);
  }
  return segments;
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function relationName(value: unknown, spell: (part: string) => string = (part) => part): string | null {
  if (!value || typeof value !== "object") {
    return null;
  }
  const relation = value as AnyNode;
  const name = str(relation.relname);
  const schema = str(relation.schemaname);
  return name === null ? null : schema ? `${spell(schema)}.${spell(name)}` : spell(name);
}

/** A string constant's value (`'storage'`, or `storage` in `SET search_path TO storage`), else `null`. */
function constantString(node: AnyNode): string | null {
  return str(((node.A_Const as AnyNode | undefined)?.sval as AnyNode | undefined)?.sval);
}

/** A relation's name as SQL: `apps`, `"Apps"`, `reporting."Daily"`. */
function relationSql(value: unknown): string | null {
  return relationName(value, quoteIdentifier);
}

/** A `[String, String]` name list (`schema.name`) as text. */
function qualifiedName(value: unknown): string | null {
  if (!Array.isArray(value)) {
    return null;
  }
  const parts = value.map((item: AnyNode) => str((item.String as AnyNode | undefined)?.sval));
  return parts.every((part) => part !== null) ? parts.join(".") : null;
}

/** How PostgreSQL prints common argument types in "function f(integer) does not exist". */
const TYPE_DISPLAY_NAMES: Record<string, string> = {
  int2: "smallint",
  int4: "integer",
  int8: "bigint",
  float4: "real",
  float8: "double precision",
  bool: "boolean",
  varchar: "character varying",
  bpchar: "character",
  timestamptz: "timestamp with time zone",
  timestamp: "timestamp without time zone",
  timetz: "time with time zone",
  time: "time without time zone",
};

function dropNames(
  objects: unknown,
  removeType: string,
): { name: string | null; table: string | null; arguments?: string }[] {
  if (!Array.isArray(objects)) {
    return [];
  }
  return objects.map((object: AnyNode) => {
    if (object.TypeName) {
      return { name: qualifiedName((object.TypeName as AnyNode).names), table: null };
    }
    if (object.String) {
      return { name: str((object.String as AnyNode).sval), table: null };
    }
    if (object.ObjectWithArgs) {
      const withArgs = object.ObjectWithArgs as AnyNode;
      const argumentTypes = Array.isArray(withArgs.objargs) ? (withArgs.objargs as AnyNode[]) : [];
      const shown = argumentTypes.map((argument) => {
        const names = ((argument.TypeName as AnyNode | undefined)?.names ?? []) as AnyNode[];
        const last = str((names.at(-1)?.String as AnyNode | undefined)?.sval) ?? "";
        return TYPE_DISPLAY_NAMES[last] ?? last;
      });
      return { name: qualifiedName(withArgs.objname), table: null, arguments: shown.join(", ") };
    }
    const items = ((object.List as AnyNode | undefined)?.items ?? []) as AnyNode[];
    const parts = items.map((item) => str((item.String as AnyNode | undefined)?.sval) ?? "");
    if (["OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE"].includes(removeType)) {
      return { name: parts.at(-1) ?? null, table: parts.slice(0, -1).join(".") || null };
    }
    return { name: parts.join(".") || null, table: null };
  });
}

function indexColumns(params: unknown): (string | null)[] {
  if (!Array.isArray(params)) {
    return [];
  }
  return params.map((param: AnyNode) => str((param.IndexElem as AnyNode | undefined)?.name));
}
