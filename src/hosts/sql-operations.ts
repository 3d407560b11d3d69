import type { Edit, Guard, MigrationOperation, Span, UnparsedStatement } from "../operations.js";
import { sqlOperations, type DroppedLater, type SqlInsertion, type SqlOperation } from "../sql/ddl.js";
import type { Range, SqlDocument, SqlGrammar, SqlStatement } from "../sql/types.js";
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
  droppedIfExists?: Set<string>,
  droppedLater?: DroppedLater,
): { operations: MigrationOperation[]; unparsed: UnparsedStatement[] } {
  const span = (range: Range): Span => {
    const [start, end] = embedded.hostRange(range);
    return { range: [start, end], loc: { start: locate(start), end: locate(end) } };
  };
  const edits = (operation: SqlOperation, insertion: SqlInsertion | null): Edit[] | null => {
    if (!insertion || !operation.editable) {
      return null;
    }
    const edit = embedded.insert(insertion.offset, insertion.text);
    return edit ? [edit] : null;
  };
  const where = embedded.sink === "" ? "" : ` in ${embedded.sink}`;

  const operations = sqlOperations(document, droppedIfExists, droppedLater).map((operation): MigrationOperation => ({
    host: "sql",
    kind: operation.kind,
    action: operation.action,
    object: operation.object,
    subject: `${withInterpolationsShown(operation.subject)}${where}`,
    retryFailure: withInterpolationsShown(operation.retryFailure),
    guardProvider: "PostgreSQL",
    guard: guardFor(operation, edits, embedded.sink === ""),
    concurrently: operation.concurrently,
    transaction: "migration",
    span: span(operation.range),
    sideEffects: [],
    addArgument: null,
    keywords: new Set(),
  }));
  const unparsed: UnparsedStatement[] = [];
  const collect = (statements: SqlStatement[]) => {
    for (const statement of statements) {
      if (statement.error) {
        unparsed.push({ span: span(statement.range), message: statement.error.message, parser: PARSER_NAMES[statement.grammar] });
      }
      collect(statement.nested);
    }
  };
  collect(document.statements);
  return { operations, unparsed };
}

function guardFor(
  operation: SqlOperation,
  edits: (operation: SqlOperation, insertion: SqlInsertion | null) => Edit[] | null,
  wholeFile: boolean,
): Guard {
  const { guard } = operation;
  switch (guard.kind) {
    case "keyword": {
      const add = edits(operation, guard.insertion);
      return {
        kind: "option",
        spelling: guard.spelling,
        keyword: guard.spelling,
        requires: guard.since === null ? [[]] : [[{ package: "postgresql", minimum: guard.since }]],
        current: guard.present ? { state: "enabled" } : { state: "missing", add, certain: add !== null },
        remedy: DO_BLOCK_REMEDY,
      };
    }
    case "none": {
      const suggestion = guard.suggestion ? edits(operation, guard.suggestion.insertion) : null;
      return {
        kind: "none",
        reason: "unsupported-by-host",
        advice: guard.advice,
        suggestion: guard.suggestion && suggestion ? { description: guard.suggestion.description, edits: suggestion } : null,
      };
    }
    case "drop-first":
      // In a string sent as one query, a second statement makes an implicit transaction, which
      // CONCURRENTLY refuses: the DROP must be its own execute() call, so only a file gets the edit.
      return {
        kind: "drop-first",
        dropStatement: guard.dropStatement,
        edits: wholeFile ? edits(operation, guard.insertion) : null,
      };
  }
}
