import type { Action, ObjectType, Requirement } from "../../operations.js";

/**
 * Alembic's schema operations and the guards they accept (see shared/FACTS.md for the sources).
 * A guard takes effect when any one of its `requires` alternatives holds; older versions swallow the
 * keyword as a dialect option and emit the unguarded statement.
 */
export interface AlembicOperationSpec {
  action: Action;
  object: ObjectType;
  guard: {
    keyword: "if_not_exists" | "if_exists";
    requires: Requirement[][];
    /** `batch_op.<name>` accepts the guard too. */
    inBatch: boolean;
  } | null;
  /** Positional parameter names of `op.<name>(...)`. */
  parameters: string[];
  /** Positional parameter names of `batch_op.<name>(...)`; `null` when batch mode has no such operation. */
  batchParameters: string[] | null;
  /** The parameter naming the object, and the one naming its table. */
  nameParameter: string | null;
  tableParameter: string | null;
}

const alembic = (minimum: string): Requirement => ({ package: "alembic", minimum });
const sqlalchemy = (minimum: string): Requirement => ({ package: "sqlalchemy", minimum });

export const ALEMBIC_OPERATIONS: Readonly<Record<string, AlembicOperationSpec>> = {
  create_index: {
    action: "create",
    object: "index",
    guard: {
      keyword: "if_not_exists",
      // Before 1.13.0 Alembic only passed the flag on through SQLAlchemy 2.0's CreateIndex.
      requires: [[alembic("1.13.0")], [alembic("1.11.2"), sqlalchemy("2.0.0")]],
      inBatch: true,
    },
    parameters: ["index_name", "table_name", "columns"],
    batchParameters: ["index_name", "columns"],
    nameParameter: "index_name",
    tableParameter: "table_name",
  },
  drop_index: {
    action: "drop",
    object: "index",
    guard: {
      keyword: "if_exists",
      requires: [[alembic("1.13.0")], [alembic("1.11.2"), sqlalchemy("2.0.0")]],
      inBatch: true,
    },
    parameters: ["index_name", "table_name"],
    batchParameters: ["index_name"],
    nameParameter: "index_name",
    tableParameter: "table_name",
  },
  create_table: {
    action: "create",
    object: "table",
    guard: { keyword: "if_not_exists", requires: [[alembic("1.13.3")]], inBatch: false },
    parameters: ["table_name"],
    batchParameters: null,
    nameParameter: "table_name",
    tableParameter: null,
  },
  drop_table: {
    action: "drop",
    object: "table",
    guard: { keyword: "if_exists", requires: [[alembic("1.13.3")]], inBatch: false },
    parameters: ["table_name"],
    batchParameters: null,
    nameParameter: "table_name",
    tableParameter: null,
  },
  add_column: {
    action: "create",
    object: "column",
    guard: { keyword: "if_not_exists", requires: [[alembic("1.16.0")]], inBatch: true },
    parameters: ["table_name", "column"],
    batchParameters: ["column"],
    nameParameter: null,
    tableParameter: "table_name",
  },
  drop_column: {
    action: "drop",
    object: "column",
    guard: { keyword: "if_exists", requires: [[alembic("1.16.0")]], inBatch: true },
    parameters: ["table_name", "column_name"],
    batchParameters: ["column_name"],
    nameParameter: "column_name",
    tableParameter: "table_name",
  },
  drop_constraint: {
    action: "drop",
    object: "constraint",
    guard: {
      keyword: "if_exists",
      requires: [[alembic("1.16.0"), sqlalchemy("2.0.0")]],
      inBatch: false,
    },
    parameters: ["constraint_name", "table_name", "type_"],
    batchParameters: ["constraint_name", "type_"],
    nameParameter: "constraint_name",
    tableParameter: "table_name",
  },
  create_unique_constraint: {
    action: "create",
    object: "unique constraint",
    guard: null,
    parameters: ["constraint_name", "table_name", "columns"],
    batchParameters: ["constraint_name", "columns"],
    nameParameter: "constraint_name",
    tableParameter: "table_name",
  },
  create_foreign_key: {
    action: "create",
    object: "foreign key",
    guard: null,
    parameters: ["constraint_name", "source_table", "referent_table", "local_cols", "remote_cols"],
    batchParameters: ["constraint_name", "referent_table", "local_cols", "remote_cols"],
    nameParameter: "constraint_name",
    tableParameter: "source_table",
  },
  create_check_constraint: {
    action: "create",
    object: "constraint",
    guard: null,
    parameters: ["constraint_name", "table_name", "condition"],
    batchParameters: ["constraint_name", "condition"],
    nameParameter: "constraint_name",
    tableParameter: "table_name",
  },
  create_primary_key: {
    action: "create",
    object: "primary key",
    guard: null,
    parameters: ["constraint_name", "table_name", "columns"],
    batchParameters: ["constraint_name", "columns"],
    nameParameter: "constraint_name",
    tableParameter: "table_name",
  },
  rename_table: {
    action: "rename",
    object: "table",
    guard: null,
    parameters: ["old_table_name", "new_table_name"],
    batchParameters: null,
    nameParameter: "old_table_name",
    tableParameter: null,
  },
};
