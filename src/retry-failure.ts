import type { MigrationOperation } from "./operations.js";

/**
 * What PostgreSQL answers when the operation runs a second time after a partial run, in the words
 * users see in their deploy logs (`relation "ix_apps_visibility" already exists`).
 */
export function retryFailure(operation: Pick<MigrationOperation, "action" | "object">): string {
  const { action, object } = operation;
  const name = object.name === null ? null : `"${object.name}"`;
  const table = object.table === null ? null : `"${object.table}"`;
  if (name === null) {
    const subject = object.type === "primary key" ? "the primary key" : `the ${object.type}`;
    return action === "create" ? `the retry fails because ${subject} already exists` : `the retry fails because ${subject} is already gone`;
  }
  const error = postgresError(action, object.type, name, table);
  return `the retry fails with '${error}'`;
}

function postgresError(action: MigrationOperation["action"], type: string, name: string, table: string | null): string {
  if (action === "rename") {
    return `relation ${name} does not exist`;
  }
  if (action === "drop") {
    switch (type) {
      case "column":
        return table ? `column ${name} of relation ${table} does not exist` : `column ${name} does not exist`;
      case "constraint":
        return table ? `constraint ${name} of relation ${table} does not exist` : `constraint ${name} does not exist`;
      default:
        return `${type} ${name} does not exist`;
    }
  }
  switch (type) {
    case "column":
      return table ? `column ${name} of relation ${table} already exists` : `column ${name} already exists`;
    case "foreign key":
    case "constraint":
      return table ? `constraint ${name} for relation ${table} already exists` : `constraint ${name} already exists`;
    case "unique constraint":
      return `relation ${name} already exists`;
    case "primary key":
      return table ? `multiple primary keys for table ${table} are not allowed` : `multiple primary keys are not allowed`;
    default:
      return `relation ${name} already exists`;
  }
}

/**
 * What a retry of an unnamed unique, foreign-key or check constraint does: PostgreSQL takes the next
 * free name (`copyName`, e.g. `orders_user_id_fkey1`) and the table ends up with two copies.
 */
export function duplicateOnRetry(objectType: string, copyName: string): string {
  return `a retry does not fail but silently adds a duplicate ${objectType}, "${copyName}"`;
}
