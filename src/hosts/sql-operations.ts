import type { Edit, Guard, GuardState, MigrationOperation, Span, UnparsedStatement } from "../operations.js";
import { sqlOperations, type DroppedLater, type SqlHost, type SqlInsertion, type SqlOperation } from "../sql/ddl.js";
import type { MigrationScope } from "../sql/migration-scope.js";
import type { Range, SqlDocument, SqlGrammar, SqlStatement } from "../sql/types.js";
import { couldHoldDdl } from "../sql/statement-class.js";
import { withInterpolationsShown, type EmbeddedSql } from "./embedded-sql.js";

type Locate = (offset: number) => { line: number; column: number };

const PARSER_NAMES: Record<SqlGrammar, string> = {
  postgresql: "PostgreSQL's parser",
  mysql: "the MySQL grammar",
  sqlite: "the SQLite grammar",
};

const DO_BLOCK_REMEDY = "Use a newer PostgreSQL, or guard the statement in a DO block.";

/**
 * Migration operations of SQL text carried by a host file: the SQL core's findings, with spans and
 * fixes mapped back to the host's characters.
 */
export function operationsFromSql(
  embedded: EmbeddedSql,
  document: SqlDocument,
  locate: Locate,
  scope?: MigrationScope,
  droppedLater?: DroppedLater,
): { operations: MigrationOperation[]; unparsed: UnparsedStatement[] } {
  const span = (range: Range): Span => {
    const [start, end] = embedded.hostRange(range);
    return { range: [start, end], loc: { start: locate(start), end: locate(end) } };
  };
  const nested = nestedRanges(document.statements);
  // SQL run by a PL/pgSQL body sits inside a literal of the document (`$$…$$`, `EXECUTE '…'`): an
  // insertion with a quote or a dollar could end that literal.
  const insert = (insertion: SqlInsertion) =>
    /['$]/u.test(insertion.text) && nested.some(([start, end]) => start <= insertion.offset && insertion.offset <= end) ? null : embedded.insert(insertion.offset, insertion.text);
  const edits = (operation: SqlOperation, insertion: SqlInsertion | null): Edits | null => {
    if (!insertion || !operation.editable) {
      return null;
    }
    const edit = insert(insertion);
    return edit ? { edits: [{ range: edit.range, text: edit.text }], beside: edit.beside ?? null } : null;
  };
  const where = embedded.sink === "" ? "" : ` in ${embedded.sink}`;
  const shown = (sql: string): string => withInterpolationsShown(embedded.shown ? embedded.shown(sql) : sql);

  const host: SqlHost = {
    line: (offset) => locate(embedded.hostRange([offset, offset])[0]).line,
    edits: (insertion) => {
      const edit = insert(insertion);
      return edit ? [edit] : null;
    },
  };
  const operations = oneFindingPerStatement(sqlOperations(document, scope, droppedLater, host).map((operation): MigrationOperation => ({
    host: "sql",
    kind: operation.kind,
    action: operation.action,
    object: operation.object,
    subject: `${shown(operation.subject)}${where}`,
    retryFailure: shown(operation.retryFailure),
    guardProvider: "PostgreSQL",
    guard: guardFor(operation, edits, embedded.sink === ""),
    concurrently: operation.concurrently,
    transaction: "migration",
    span: span(operation.range),
    sideEffects: [],
    addArgument: null,
    keywords: new Set(),
  })));
  const unparsed: UnparsedStatement[] = [];
  const collect = (statements: SqlStatement[]) => {
    for (const statement of statements) {
      // A rejected statement that cannot be DDL (`DELETE … WHERE id IN :ids`) is no retry hazard.
      if (statement.error && (statement.error.nesting === true || couldHoldDdl(document.text.slice(...statement.range)))) {
        unparsed.push({
          span: span(statement.range),
          message: shown(statement.error.message),
          reason: statement.error.nesting ? "nesting" : "syntax",
          parser: PARSER_NAMES[statement.grammar],
        });
      }
      collect(statement.nested);
    }
  };
  collect(document.statements);
  return { operations, unparsed };
}

/** The ranges of the statements that PL/pgSQL bodies run, at any depth. */
function nestedRanges(statements: readonly SqlStatement[]): Range[] {
  const ranges: Range[] = [];
  const pending = statements.flatMap((statement) => statement.nested);
  for (let next = pending.pop(); next; next = pending.pop()) {
    ranges.push(next.range);
    for (const inner of next.nested) pending.push(inner);
  }
  return ranges;
}

/** A guard's edits to the host file; `beside` names the interpolation right after them, if any. */
interface Edits {
  edits: Edit[];
  beside: string | null;
}

function guardFor(
  operation: SqlOperation,
  edits: (operation: SqlOperation, insertion: SqlInsertion | null) => Edits | null,
  wholeFile: boolean,
): Guard {
  const { guard } = operation;
  switch (guard.kind) {
    case "keyword": {
      const add = edits(operation, guard.insertion);
      const missing: GuardState = add && add.beside !== null
        ? { state: "missing", add: add.edits, certain: false, beside: add.beside }
        : { state: "missing", add: add?.edits ?? null, certain: add !== null };
      return {
        kind: "option",
        spelling: guard.spelling,
        keyword: guard.spelling,
        requires: guard.since === null ? [[]] : [[{ package: "postgresql", minimum: guard.since }]],
        current: guard.present ? { state: "enabled" } : missing,
        remedy: DO_BLOCK_REMEDY,
      };
    }
    case "none": {
      // A suggestion already leaves the edit to the user, also next to an interpolation.
      const suggestion = guard.suggestion ? edits(operation, guard.suggestion.insertion) : null;
      return {
        kind: "none",
        reason: "unsupported-by-host",
        advice: withInterpolationsShown(guard.advice),
        // Without a guard of its own, the drop before it written with its schema is what makes it retry-safe.
        suggestion: guard.suggestion && suggestion ? { description: guard.suggestion.description, edits: suggestion.edits } : (operation.notCoveredBy?.qualifyDrop ?? null),
      };
    }
    case "drop-first":
      // In a string sent as one query, a second statement makes an implicit transaction, which
      // CONCURRENTLY refuses: the DROP must be its own execute() call, so only a file gets the edit.
      return {
        kind: "drop-first",
        dropStatement: withInterpolationsShown(guard.dropStatement),
        edits: wholeFile ? (edits(operation, guard.insertion)?.edits ?? null) : null,
      };
  }
}

/**
 * `ALTER TABLE t DROP CONSTRAINT c` before a `DROP TABLE t` needs two guards: `IF EXISTS` on the
 * table (a retry after the DROP TABLE finds no table) and on the constraint (a retry before it finds
 * no constraint). They are one finding on the statement, whose fix adds both, rather than one for
 * the statement and another for each of its subcommands.
 */
function oneFindingPerStatement(operations: MigrationOperation[]): MigrationOperation[] {
  const absorbed = new Set<MigrationOperation>();
  const merged = operations.map((operation) => {
    if (!isTableGuard(operation)) {
      return operation;
    }
    const [start, end] = operation.span.range;
    const parts = operations.filter(
      (other) => other !== operation && other.kind.startsWith("ALTER TABLE …") && start <= other.span.range[0] && other.span.range[1] <= end,
    );
    const guards = [operation, ...parts].map(({ guard }) => guard);
    if (parts.length === 0 || !guards.every(isMissingKeyword)) {
      return operation;
    }
    parts.forEach((part) => absorbed.add(part));
    const states = guards.filter(isMissingKeyword).map((guard) => guard.current);
    const edits = states.map(({ add }) => add);
    const [only] = parts;
    // `the retry fails with 'relation "t" does not exist' once …` joins the subcommands' own failures.
    const tableFailure = operation.retryFailure.replace(/^the retry fails with /u, "or with ");
    return {
      ...operation,
      subject: parts.length === 1 && only ? only.subject : operation.subject,
      retryFailure: [...parts.map(({ retryFailure }, index) => (index === 0 ? retryFailure : retryFailure.replace(/^the retry fails with /u, "with "))), tableFailure].join(", "),
      guard: {
        kind: "option" as const,
        spelling: ["ALTER TABLE IF EXISTS", ...parts.map(({ kind }) => `${kind.replace(/^ALTER TABLE … /u, "")} IF EXISTS`)].join(" … "),
        keyword: "IF EXISTS",
        requires: [guards.flatMap((guard) => (isMissingKeyword(guard) ? (guard.requires[0] ?? []) : []))],
        current: {
          state: "missing" as const,
          add: edits.every((add) => add !== null) ? edits.flat() : null,
          certain: states.every(({ certain }) => certain) && edits.every((add) => add !== null),
          ...besideOf(states),
        },
        remedy: DO_BLOCK_REMEDY,
      },
    };
  });
  return merged.filter((operation) => !absorbed.has(operation));
}

/** The interpolation that makes one of the merged edits a suggestion, to name in it. */
function besideOf(states: readonly Extract<GuardState, { state: "missing" }>[]): { beside?: string } {
  const beside = states.find((state) => state.beside !== undefined)?.beside;
  return beside === undefined ? {} : { beside };
}

/** The `IF EXISTS` an `ALTER TABLE` needs on its table because a `DROP TABLE` of it follows. */
function isTableGuard(operation: MigrationOperation): boolean {
  return operation.kind === "ALTER TABLE" && operation.action === "drop" && operation.object.type === "table";
}

type MissingKeyword = Extract<Guard, { kind: "option" }> & { current: Extract<GuardState, { state: "missing" }> };

function isMissingKeyword(guard: Guard): guard is MissingKeyword {
  return guard.kind === "option" && guard.current.state === "missing";
}
