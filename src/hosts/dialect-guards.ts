import { acceptsGuard, dialectList, parsesAsPostgres, rejectingDialects, type Dialect } from "../dialects.js";
import type { MigrationOperation } from "../operations.js";

/**
 * The operations with every guard that one of the file's databases rejects taken back: such a
 * guard becomes "no guard", with advice that works there, so that no fix or suggestion ever writes
 * syntax the migration's own database refuses. A guard already written that a database rejects
 * (Alembic's `if_not_exists=True` on MySQL emits `CREATE INDEX IF NOT EXISTS`) is reported too.
 */
export function withDialectGuards(operations: readonly MigrationOperation[], dialects: readonly Dialect[]): MigrationOperation[] {
  if (dialects.length === 1 && dialects[0] === "postgresql") return [...operations];
  return operations.map((original) => {
    const operation = inDatabaseWords(original, dialects);
    const { guard } = operation;
    if (guard.kind !== "option") return operation;
    const form = guardForm(operation);
    const spelling = sqlSpelling(operation);
    if (acceptsGuard(dialects, form, spelling)) return operation;
    const rejecting = rejectingDialects(dialects, form, spelling);
    const written =
      guard.current.state !== "enabled"
        ? ""
        : operation.host === "sql"
          ? `${dialectList(rejecting)} rejects ${spelling} here: remove it. `
          : `\`${guard.spelling}\` emits ${spelling} there, which ${dialectList(rejecting)} rejects: remove it. `;
    return {
      ...operation,
      guardProvider: dialectList(rejecting),
      guard: { kind: "none", reason: "unsupported-by-host", advice: `${written}${remedy(rejecting, operation, spelling)}`, suggestion: null },
    };
  });
}

/**
 * A framework operation's retry error is written in PostgreSQL's words; on other databases it says
 * what happens without quoting an error that database never prints. SQL statements already quote
 * their own database's error (src/sql/dialect/ddl.ts).
 */
function inDatabaseWords(operation: MigrationOperation, dialects: readonly Dialect[]): MigrationOperation {
  if (operation.host === "sql" || parsesAsPostgres(dialects)) return operation;
  const { type, name, table } = operation.object;
  const object = `${type}${name === null ? "" : ` ${name}`}${table === null || type === "table" ? "" : ` of ${table}`}`;
  const retryFailure = operation.action === "drop" ? `the retry fails because the ${object} is already gone` : `the retry fails because the ${object} already exists`;
  return { ...operation, retryFailure };
}

/**
 * The statement a guard belongs to, in the words of src/dialects.ts's table: `create index`,
 * `add column`, `drop foreign key`, `alter table` (for `ALTER TABLE IF EXISTS`).
 */
function guardForm({ host, kind, action, object }: MigrationOperation): string {
  if (host === "sql" && (kind === "ALTER TABLE" || kind.startsWith("ALTER TABLE … RENAME TO"))) return "alter table";
  if (host === "sql" && kind === "ALTER TABLE … DROP INDEX") return "alter drop index";
  if (host === "sql" && kind === "ALTER TABLE … ADD INDEX") return "create index";
  if (action === "create") return object.type === "column" ? "add column" : `create ${object.type}`;
  return `${action} ${object.type}`;
}

/** The SQL keyword a guard stands for: a host's `if_not_exists=True` or `.ifNotExists()` emits IF NOT EXISTS. */
function sqlSpelling(operation: MigrationOperation): string {
  const { guard } = operation;
  if (operation.host === "sql" && guard.kind === "option") return guard.spelling;
  return operation.action === "create" ? "IF NOT EXISTS" : "IF EXISTS";
}

function remedy(rejecting: readonly Dialect[], operation: MigrationOperation, spelling: string): string {
  const statement = operation.host === "sql" ? operation.kind.replace("…", operation.object.table ?? "…") : operation.subject;
  const family = rejecting.some((dialect) => dialect === "mysql" || dialect === "mariadb")
    ? `check information_schema.${informationSchemaTable(operation)} before it in the migration tool, or run it from a stored procedure or a prepared statement that checks first.`
    : rejecting.includes("sqlite")
      ? "check sqlite_master or pragma_table_info() before it in the migration tool. SQLite's DDL is transactional: a migration run as one transaction leaves nothing behind when it fails."
      : "guard it in a DO block, or drop it with IF EXISTS first.";
  return `There is no ${spelling} for ${statement}: ${family}`;
}

function informationSchemaTable({ object }: MigrationOperation): string {
  if (object.type === "index") return "statistics";
  if (object.type === "column") return "columns";
  if (object.type === "table" || object.type === "view") return "tables";
  if (object.type === "trigger") return "triggers";
  return "table_constraints";
}
