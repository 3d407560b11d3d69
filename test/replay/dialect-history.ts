// A generated migration history per dialect for the dialect replays: ~30 steps, each one to three
// unguarded statements, written the way each database's users write them (backticks and ENGINE=InnoDB
// for MySQL/MariaDB, BEGIN … END triggers and AUTOINCREMENT for SQLite). A model of the schema keeps
// every step valid when the history runs once in order: a column is only dropped when no index, view
// or trigger uses it, a table only when no view reads it.

import { seededRandom } from "../support/random.js";

export type HistoryDialect = "sqlite" | "mariadb" | "mysql";

export type OperationKind =
  | "create table"
  | "create index"
  | "add column"
  | "create view"
  | "create trigger"
  | "drop column"
  | "drop index"
  | "drop view"
  | "drop trigger"
  | "drop table";

/** Every kind, in the order the generator cycles through them; each appears at least twice in 30 steps. */
export const OPERATION_KINDS: readonly OperationKind[] = [
  "create table",
  "create index",
  "add column",
  "create view",
  "create trigger",
  "add column",
  "drop column",
  "create table",
  "drop index",
  "drop view",
  "drop trigger",
  "drop table",
];

export interface HistoryStep {
  /** `migrations/0007_drop_index.sql`, relative to the history's root. */
  file: string;
  text: string;
  kinds: OperationKind[];
}

interface Column {
  name: string;
  /** Read by an index, a view or a trigger: dropping it would fail for reasons that are not retries. */
  used: boolean;
}

interface Table {
  name: string;
  columns: Column[];
  indexes: { name: string; column: string }[];
  views: string[];
  triggers: string[];
}

const TABLE_NAMES = ["accounts", "projects", "invoices", "tickets", "devices", "webhooks", "api_tokens", "audit_entries", "payouts", "reports"];
const COLUMN_NAMES = ["external_ref", "region", "priority", "archived_at", "owner_email", "locale", "plan", "score", "source", "notes"];

/** Renders one operation in a dialect's own syntax. */
interface Renderer {
  createTable(table: string): string;
  createIndex(table: string, index: string, column: string, alterForm: boolean): string;
  addColumn(table: string, column: string): string;
  createView(view: string, table: string): string;
  createTrigger(trigger: string, table: string): string;
  dropColumn(table: string, column: string): string;
  dropIndex(table: string, index: string, alterForm: boolean): string;
  dropView(view: string): string;
  dropTrigger(trigger: string): string;
  dropTable(table: string): string;
}

const sqlite: Renderer = {
  createTable: (t) =>
    `CREATE TABLE ${t} (\n    id INTEGER PRIMARY KEY AUTOINCREMENT,\n    name TEXT NOT NULL,\n    touched_at DATETIME,\n    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP\n);`,
  createIndex: (t, ix, c) => `CREATE INDEX ${ix} ON ${t} (${c});`,
  addColumn: (t, c) => `ALTER TABLE ${t} ADD COLUMN ${c} TEXT;`,
  createView: (v, t) => `CREATE VIEW ${v} AS\n    SELECT id, name FROM ${t};`,
  createTrigger: (tr, t) =>
    `CREATE TRIGGER ${tr} AFTER INSERT ON ${t}\nFOR EACH ROW\nBEGIN\n    UPDATE ${t} SET touched_at = CURRENT_TIMESTAMP WHERE id = NEW.id;\nEND;`,
  dropColumn: (t, c) => `ALTER TABLE ${t} DROP COLUMN ${c};`,
  dropIndex: (_t, ix) => `DROP INDEX ${ix};`,
  dropView: (v) => `DROP VIEW ${v};`,
  dropTrigger: (tr) => `DROP TRIGGER ${tr};`,
  dropTable: (t) => `DROP TABLE ${t};`,
};

/** MySQL and MariaDB histories look alike; about half the steps backtick every name, as dumps and ORMs write them. */
function mysqlFamily(quote: (name: string) => string): Renderer {
  return {
    createTable: (t) =>
      `CREATE TABLE ${quote(t)} (\n  ${quote("id")} BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n  ${quote("name")} VARCHAR(100) NOT NULL,\n  ${quote("touched_at")} DATETIME NULL,\n  ${quote("created_at")} TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;`,
    createIndex: (t, ix, c, alterForm) =>
      alterForm ? `ALTER TABLE ${quote(t)} ADD INDEX ${quote(ix)} (${quote(c)});` : `CREATE INDEX ${quote(ix)} ON ${quote(t)} (${quote(c)});`,
    addColumn: (t, c) => `ALTER TABLE ${quote(t)} ADD COLUMN ${quote(c)} VARCHAR(64) NULL;`,
    createView: (v, t) => `CREATE VIEW ${quote(v)} AS\n  SELECT ${quote("id")}, ${quote("name")} FROM ${quote(t)};`,
    createTrigger: (tr, t) => `CREATE TRIGGER ${quote(tr)} BEFORE INSERT ON ${quote(t)}\n  FOR EACH ROW SET NEW.${quote("touched_at")} = NOW();`,
    dropColumn: (t, c) => `ALTER TABLE ${quote(t)} DROP COLUMN ${quote(c)};`,
    dropIndex: (t, ix, alterForm) => (alterForm ? `ALTER TABLE ${quote(t)} DROP INDEX ${quote(ix)};` : `DROP INDEX ${quote(ix)} ON ${quote(t)};`),
    dropView: (v) => `DROP VIEW ${quote(v)};`,
    dropTrigger: (tr) => `DROP TRIGGER ${quote(tr)};`,
    dropTable: (t) => `DROP TABLE ${quote(t)};`,
  };
}

function pick<T>(random: () => number, items: readonly T[]): T | undefined {
  return items[Math.floor(random() * items.length)];
}

/**
 * The history for `dialect`, the same for the same seed. Each step takes the next kinds of the cycle
 * that the schema allows; a kind the schema does not allow yet (no table to index) is skipped.
 */
export function generateHistory(dialect: HistoryDialect, { steps = 30, seed = 16 }: { steps?: number; seed?: number } = {}): HistoryStep[] {
  const random = seededRandom(seed);
  let backticks = false;
  const renderer = dialect === "sqlite" ? sqlite : mysqlFamily((name) => (backticks ? `\`${name}\`` : name));
  const tables: Table[] = [];
  const counters = { table: 0, column: 0, object: 0 };
  let cursor = 0;

  const nextName = (prefix: string) => {
    counters.object += 1;
    return `${prefix}_${String(counters.object)}`;
  };

  /** Renders the operation and updates the model, or returns undefined when the schema does not allow it. */
  const apply = (kind: OperationKind): string | undefined => {
    const table = pick(random, tables);
    const alterForm = random() < 0.5;
    switch (kind) {
      case "create table": {
        const base = TABLE_NAMES[counters.table % TABLE_NAMES.length] ?? "items";
        const name = counters.table < TABLE_NAMES.length ? base : `${base}_${String(counters.table)}`;
        counters.table += 1;
        tables.push({
          name,
          columns: ["id", "name", "touched_at", "created_at"].map((column) => ({ name: column, used: column !== "created_at" })),
          indexes: [],
          views: [],
          triggers: [],
        });
        return renderer.createTable(name);
      }
      case "create index": {
        if (!table) return undefined;
        const column = pick(random, table.columns.filter((candidate) => candidate.name !== "id"));
        if (!column) return undefined;
        column.used = true;
        const name = `idx_${table.name}_${column.name}`;
        if (table.indexes.some((index) => index.name === name)) return undefined;
        table.indexes.push({ name, column: column.name });
        return renderer.createIndex(table.name, name, column.name, alterForm);
      }
      case "add column": {
        if (!table) return undefined;
        const name = COLUMN_NAMES[counters.column % COLUMN_NAMES.length] ?? "extra";
        counters.column += 1;
        if (table.columns.some((column) => column.name === name)) return undefined;
        table.columns.push({ name, used: false });
        return renderer.addColumn(table.name, name);
      }
      case "create view": {
        if (!table) return undefined;
        const name = nextName(`v_${table.name}`);
        table.views.push(name);
        return renderer.createView(name, table.name);
      }
      case "create trigger": {
        if (!table) return undefined;
        const name = nextName(`trg_${table.name}_touch`);
        table.triggers.push(name);
        return renderer.createTrigger(name, table.name);
      }
      case "drop column": {
        const owner = pick(random, tables.filter((candidate) => candidate.columns.some((column) => !column.used)));
        const column = owner?.columns.find((candidate) => !candidate.used);
        if (!owner || !column) return undefined;
        owner.columns = owner.columns.filter((candidate) => candidate !== column);
        return renderer.dropColumn(owner.name, column.name);
      }
      case "drop index": {
        const owner = pick(random, tables.filter((candidate) => candidate.indexes.length > 0));
        const index = owner?.indexes[0];
        if (!owner || !index) return undefined;
        owner.indexes = owner.indexes.slice(1);
        return renderer.dropIndex(owner.name, index.name, alterForm);
      }
      case "drop view": {
        const owner = pick(random, tables.filter((candidate) => candidate.views.length > 0));
        const view = owner?.views.pop();
        return owner && view !== undefined ? renderer.dropView(view) : undefined;
      }
      case "drop trigger": {
        const owner = pick(random, tables.filter((candidate) => candidate.triggers.length > 0));
        const trigger = owner?.triggers.pop();
        return owner && trigger !== undefined ? renderer.dropTrigger(trigger) : undefined;
      }
      case "drop table": {
        // Keep at least two tables for the kinds that need one; a view would be left reading nothing.
        const owner = tables.length > 2 ? pick(random, tables.filter((candidate) => candidate.views.length === 0)) : undefined;
        if (!owner) return undefined;
        tables.splice(tables.indexOf(owner), 1);
        return renderer.dropTable(owner.name);
      }
    }
  };

  const history: HistoryStep[] = [];
  while (history.length < steps) {
    const wanted = 1 + Math.floor(random() * 3);
    backticks = random() < 0.5;
    const statements: string[] = [];
    const kinds: OperationKind[] = [];
    // A bounded number of tries: every kind is skipped at most once per pass over the cycle.
    for (let tries = 0; statements.length < wanted && tries < OPERATION_KINDS.length; tries++) {
      const next = OPERATION_KINDS[cursor % OPERATION_KINDS.length] ?? "create table";
      cursor += 1;
      const kind = tables.length === 0 ? "create table" : next;
      const statement = apply(kind);
      if (statement !== undefined) {
        statements.push(statement);
        kinds.push(kind);
      }
    }
    const number = String(history.length + 1).padStart(4, "0");
    const slug = (kinds[0] ?? "step").replaceAll(" ", "_");
    history.push({ file: `migrations/${number}_${slug}.sql`, text: `${statements.join("\n\n")}\n`, kinds });
  }
  return history;
}
