#!/usr/bin/env node
// Deterministic benchmark corpora: Prisma-style SQL migration folders and an Alembic versions
// folder. The same seed always writes the same bytes, so numbers from two machines or two commits
// measure the linter, not the input.
//
//   node scripts/bench/corpus.js <dir> [count]          SQL corpus (default 2,000 migrations)
//   node scripts/bench/corpus.js <dir> [count] --alembic  Alembic corpus (default 1,000 files)

import { Buffer } from "node:buffer";
import console from "node:console";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

/**
 * mulberry32: tiny, fast and good enough for picking words; Math.random cannot be seeded.
 * @param {number} seed
 */
function prng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** @param {number} min @param {number} max inclusive */
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  /** @template T @param {readonly T[]} items @returns {T} */
  const pick = (items) => /** @type {T} */ (items[Math.floor(next() * items.length)]);
  /** @param {number} probability */
  const chance = (probability) => next() < probability;
  return { next, int, pick, chance };
}

/** @typedef {ReturnType<typeof prng>} Random */

const NOUNS = [
  "user", "account", "organization", "team", "member", "project", "app", "app_version", "release", "deployment",
  "invoice", "payment", "subscription", "plan", "coupon", "order", "order_item", "product", "category", "review",
  "comment", "post", "tag", "notification", "session", "api_key", "webhook", "event", "audit_log", "file",
  "attachment", "message", "channel", "invitation", "role", "permission", "setting", "feature_flag", "job", "schedule",
];
const FIELDS = [
  "name", "slug", "title", "description", "status", "email", "phone", "country", "currency", "amount", "quantity",
  "price", "visibility", "locale", "timezone", "external_id", "source", "kind", "priority", "score", "version",
  "channel", "url", "checksum", "notes", "metadata", "settings", "archived", "verified", "position", "color",
  "expires_at", "published_at", "deleted_at", "last_seen_at", "starts_at", "ends_at", "retries", "payload", "token",
];
/** Prisma-style column types, PostgreSQL spelling, with the defaults that make sense for them. */
const TYPES = [
  { type: "TEXT", defaults: ["''", "'unknown'"] },
  { type: "VARCHAR(255)", defaults: ["''"] },
  { type: "INTEGER", defaults: ["0", "1"] },
  { type: "BIGINT", defaults: ["0"] },
  { type: "BOOLEAN", defaults: ["false", "true"] },
  { type: "TIMESTAMP(3)", defaults: ["CURRENT_TIMESTAMP"] },
  { type: "TIMESTAMPTZ", defaults: ["now()"] },
  { type: "JSONB", defaults: ["'{}'::jsonb", "'[]'::jsonb"] },
  { type: "DECIMAL(65,30)", defaults: ["0"] },
  { type: "DOUBLE PRECISION", defaults: ["0"] },
  { type: "UUID", defaults: ["gen_random_uuid()"] },
  { type: "TEXT[]", defaults: ["ARRAY[]::TEXT[]"] },
];
const ENUM_VALUES = ["DRAFT", "PENDING", "ACTIVE", "PUBLISHED", "ARCHIVED", "FAILED", "PAID", "REFUNDED", "OWNER", "ADMIN", "MEMBER", "VIEWER"];
const VERBS = ["add", "create", "update", "drop", "rename", "backfill", "index", "alter", "init", "refactor"];

/** @param {string} snake */
const pascal = (snake) => snake.replace(/(^|_)([a-z])/g, (_m, _u, c) => c.toUpperCase());
/** @param {string} snake */
const camel = (snake) => snake.replace(/_([a-z])/g, (_m, c) => c.toUpperCase());
/** @param {string} name */
const q = (name) => `"${name}"`;

/**
 * The schema as the corpus has built it so far, so that ALTERs and indexes name tables and columns
 * that exist, as real migration histories do.
 * @typedef {{ name: string, columns: string[], style: "prisma" | "plain" }} Table
 */

/**
 * @param {Random} r
 * @param {Table[]} tables
 * @param {string[]} enums
 * @param {{ guarded: boolean }} flags
 * @returns {{ sql: string, statements: number }}
 */
function statement(r, tables, enums, flags) {
  const guard = flags.guarded && r.chance(0.6);
  const ine = guard ? "IF NOT EXISTS " : "";
  const ie = guard ? "IF EXISTS " : "";
  const table = tables.length > 0 ? r.pick(tables) : undefined;
  const roll = r.next();

  if (table === undefined || roll < 0.12) return createTable(r, tables, enums, ine);
  const id = table.style === "prisma" ? q : (/** @type {string} */ name) => name;
  const t = id(table.name);
  const column = r.pick(table.columns);

  if (roll < 0.3) {
    // Indexes: named (Prisma's `Table_col_idx`), unnamed, unique, partial, CONCURRENTLY.
    const cols = [column, ...(r.chance(0.3) ? [r.pick(table.columns)] : [])].filter((c, i, all) => all.indexOf(c) === i);
    const unique = r.chance(0.2) ? "UNIQUE " : "";
    const concurrently = r.chance(0.15) ? "CONCURRENTLY " : "";
    const using = r.chance(0.05) ? " USING btree" : "";
    const where = r.chance(0.1) ? ` WHERE ${id("deleted_at")} IS NULL` : "";
    const list = cols.map(id).join(", ");
    if (r.chance(0.1)) return one(`CREATE ${unique}INDEX ${concurrently}ON ${t}${using} (${list})${where};`);
    const name = `${table.name}_${cols.join("_")}_${unique ? "key" : "idx"}`;
    return one(`CREATE ${unique}INDEX ${concurrently}${ine}${id(name)} ON ${t}${using} (${list})${where};`);
  }
  if (roll < 0.45) {
    const field = `${r.pick(FIELDS)}_${r.int(2, 99)}`;
    table.columns.push(field);
    const type = r.pick(TYPES);
    const notNull = r.chance(0.4) ? ` NOT NULL DEFAULT ${r.pick(type.defaults)}` : "";
    const comment = table.style === "prisma" ? `-- AlterTable\n` : "";
    return one(`${comment}ALTER TABLE ${t} ADD COLUMN ${ine}${id(field)} ${type.type}${notNull};`);
  }
  if (roll < 0.55) {
    const other = r.pick(tables);
    const fk = `${table.name}_${column}_fkey`;
    const action = r.pick(["ON DELETE RESTRICT ON UPDATE CASCADE", "ON DELETE CASCADE ON UPDATE CASCADE", "ON DELETE SET NULL ON UPDATE CASCADE"]);
    if (r.chance(0.25)) {
      const check = `${table.name}_${column}_check`;
      return one(`ALTER TABLE ${t} ADD CONSTRAINT ${id(check)} CHECK (${id(column)} IS NOT NULL)${r.chance(0.3) ? " NOT VALID" : ""};`);
    }
    const comment = table.style === "prisma" ? `-- AddForeignKey\n` : "";
    return one(`${comment}ALTER TABLE ${t} ADD CONSTRAINT ${id(fk)} FOREIGN KEY (${id(column)}) REFERENCES ${id(other.name)}(${id("id")}) ${action};`);
  }
  if (roll < 0.63) {
    const kind = r.int(0, 4);
    if (kind === 0 && table.columns.length > 3) {
      const dropped = table.columns.splice(r.int(1, table.columns.length - 1), 1)[0] ?? column;
      return one(`ALTER TABLE ${t} DROP COLUMN ${ie}${id(dropped)};`);
    }
    if (kind === 1) return one(`ALTER TABLE ${t} DROP CONSTRAINT ${ie}${id(`${table.name}_${column}_fkey`)};`);
    if (kind === 2) return one(`DROP INDEX ${r.chance(0.2) ? "CONCURRENTLY " : ""}${ie}${id(`${table.name}_${column}_idx`)};`);
    if (kind === 3) return one(`ALTER TABLE ${t} ALTER COLUMN ${id(column)} ${r.pick(["SET NOT NULL", "DROP NOT NULL", "SET DEFAULT 0", "DROP DEFAULT", "SET DATA TYPE TEXT"])};`);
    return one(`ALTER TABLE ${t} RENAME COLUMN ${id(column)} TO ${id(`${column}_old`)};`);
  }
  if (roll < 0.68) {
    const name = `${pascal(r.pick(NOUNS))}${r.pick(["Status", "Kind", "Role", "State"])}${r.int(1, 999)}`;
    enums.push(name);
    const values = Array.from({ length: r.int(2, 6) }, () => `'${r.pick(ENUM_VALUES)}'`).filter((v, i, all) => all.indexOf(v) === i);
    const create = `-- CreateEnum\nCREATE TYPE ${q(name)} AS ENUM (${values.join(", ")});`;
    if (guard) {
      // The usual hand-written guard: CREATE TYPE has no IF NOT EXISTS.
      return one(`DO $$ BEGIN\n    CREATE TYPE ${q(name)} AS ENUM (${values.join(", ")});\nEXCEPTION\n    WHEN duplicate_object THEN null;\nEND $$;`);
    }
    return one(create);
  }
  if (roll < 0.71 && enums.length > 0) {
    return one(`ALTER TYPE ${q(r.pick(enums))} ADD VALUE ${guard ? "IF NOT EXISTS " : ""}'${r.pick(ENUM_VALUES)}_${r.int(1, 99)}';`);
  }
  if (roll < 0.76) {
    const fk = `${table.name}_${column}_fkey`;
    const other = r.pick(tables);
    return one(
      `DO $$\nBEGIN\n    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '${fk}') THEN\n` +
        `        ALTER TABLE ${t} ADD CONSTRAINT ${id(fk)} FOREIGN KEY (${id(column)}) REFERENCES ${id(other.name)}(${id("id")});\n` +
        `    END IF;\nEND\n$$;`,
    );
  }
  if (roll < 0.86) {
    return one(
      `UPDATE ${t} SET ${id(column)} = ${r.pick(["NULL", "DEFAULT", "'migrated'", "0", `lower(${id(column)}::text)`])} WHERE ${id("id")} ${r.pick(["IS NOT NULL", "> 0", "IN (SELECT id FROM " + t + " LIMIT 1000)"])};`,
    );
  }
  if (roll < 0.92) {
    const rows = Array.from({ length: r.int(1, 8) }, (_v, i) => `(${i + 1}, '${r.pick(FIELDS)}-${r.int(1, 9999)}')`);
    return one(`INSERT INTO ${t} (${id("id")}, ${id(column)}) VALUES\n    ${rows.join(",\n    ")}\nON CONFLICT DO NOTHING;`);
  }
  if (roll < 0.95) {
    return one(`/* ${r.pick(VERBS)} ${table.name}: see the ticket for the rollout plan */\nCOMMENT ON TABLE ${t} IS '${r.pick(FIELDS)} for ${table.name}';`);
  }
  if (roll < 0.97) {
    const index = tables.indexOf(table);
    if (tables.length > 20) {
      tables.splice(index, 1);
      return one(`-- DropTable\nDROP TABLE ${ie}${t}${r.chance(0.3) ? " CASCADE" : ""};`);
    }
    return one(`ANALYZE ${t};`);
  }
  if (roll < 0.985) return one(`CREATE EXTENSION ${ine}${r.pick(["pgcrypto", "citext", "pg_trgm", "btree_gin"])};`);
  return one(`CREATE SCHEMA ${ine}${r.pick(["audit", "billing", "analytics", "archive"])};`);
}

/** @param {string} sql */
const one = (sql) => ({ sql, statements: 1 });

/**
 * @param {Random} r
 * @param {Table[]} tables
 * @param {string[]} enums
 * @param {string} ine
 */
function createTable(r, tables, enums, ine) {
  const style = r.chance(0.7) ? "prisma" : "plain";
  const base = r.pick(NOUNS);
  const name = style === "prisma" ? `${pascal(base)}${r.int(1, 9999)}` : `${base}s_${r.int(1, 9999)}`;
  const id = style === "prisma" ? q : (/** @type {string} */ n) => n;
  const count = r.int(5, 20);
  const columns = ["id"];
  const lines = [style === "prisma" ? `    ${id("id")} TEXT NOT NULL` : `    id BIGSERIAL PRIMARY KEY`];
  for (let i = 1; i < count; i++) {
    const field = style === "prisma" ? camel(`${r.pick(FIELDS)}_${i}`) : `${r.pick(FIELDS)}_${i}`;
    columns.push(field);
    if (enums.length > 0 && r.chance(0.08)) {
      lines.push(`    ${id(field)} ${q(r.pick(enums))}`);
      continue;
    }
    const type = r.pick(TYPES);
    const notNull = r.chance(0.5) ? " NOT NULL" : "";
    const def = r.chance(0.3) ? ` DEFAULT ${r.pick(type.defaults)}` : "";
    const check = type.type === "INTEGER" && r.chance(0.2) ? ` CHECK (${id(field)} >= 0)` : "";
    lines.push(`    ${id(field)} ${type.type}${notNull}${def}${check}`);
  }
  if (style === "prisma") lines.push(`\n    CONSTRAINT ${q(`${name}_pkey`)} PRIMARY KEY (${q("id")})`);
  if (r.chance(0.2)) lines.push(`    CONSTRAINT ${id(`${name}_${columns[1] ?? "id"}_key`)} UNIQUE (${id(columns[1] ?? "id")})`);
  tables.push({ name, columns, style });
  const comment = style === "prisma" ? "-- CreateTable\n" : "";
  return one(`${comment}CREATE TABLE ${ine}${id(name)} (\n${lines.join(",\n")}\n);`);
}

/**
 * Writes `<dir>/migrations/<timestamp>_<name>/migration.sql` folders, the layout `prisma migrate` uses.
 * @param {string} dir
 * @param {{ count?: number, seed?: number }} [options]
 * @returns {{ root: string, files: number, statements: number, bytes: number }}
 */
export function generateSqlCorpus(dir, { count = 2000, seed = 20261128 } = {}) {
  const r = prng(seed);
  const root = path.join(dir, "migrations");
  fs.mkdirSync(root, { recursive: true });
  /** @type {Table[]} */
  const tables = [];
  /** @type {string[]} */
  const enums = [];
  let time = Date.UTC(2023, 0, 1, 9, 0, 0);
  let statements = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    time += r.int(600, 3 * 86_400) * 1000;
    const stamp = new Date(time).toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const name = `${r.pick(VERBS)}_${r.pick(NOUNS)}_${r.pick(FIELDS)}`;
    // Most files are 10–60 statements; some are one-liners, a few are big initial schemas.
    const size = r.chance(0.15) ? r.int(1, 9) : r.chance(0.06) ? r.int(61, 150) : r.int(10, 60);
    const flags = { guarded: r.chance(0.3) };
    const parts = [];
    if (r.chance(0.2)) parts.push(`-- Migration ${stamp}: ${name.replaceAll("_", " ")}`);
    const wrap = r.chance(0.05);
    if (wrap) parts.push("BEGIN;");
    for (let s = 0; s < size; s++) {
      const generated = statement(r, tables, enums, flags);
      parts.push(generated.sql);
      statements += generated.statements;
    }
    if (wrap) parts.push("COMMIT;");
    if (wrap) statements += 2;
    const text = `${parts.join("\n\n")}\n`;
    const folder = path.join(root, `${stamp}_${name}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, "migration.sql"), text);
    bytes += Buffer.byteLength(text);
  }
  return { root, files: count, statements, bytes };
}

/**
 * @param {Random} r
 * @param {string[]} tables
 * @returns {{ lines: string[], operations: number }}
 */
function alembicOperation(r, tables) {
  const table = tables.length > 0 ? r.pick(tables) : `${r.pick(NOUNS)}s`;
  const column = r.pick(FIELDS);
  const roll = r.next();
  const guard = r.chance(0.2);
  if (roll < 0.15 || tables.length === 0) {
    const name = `${r.pick(NOUNS)}s_${r.int(1, 9999)}`;
    tables.push(name);
    const cols = Array.from({ length: r.int(4, 15) }, (_v, i) => {
      const type = r.pick(["sa.String(length=255)", "sa.Integer()", "sa.Boolean()", "sa.DateTime(timezone=True)", "sa.Text()", "postgresql.JSONB(astext_type=sa.Text())"]);
      return `        sa.Column("${r.pick(FIELDS)}_${i}", ${type}, nullable=${r.chance(0.5) ? "True" : "False"}),`;
    });
    return {
      lines: [
        `    op.create_table(`,
        `        "${name}",`,
        `        sa.Column("id", sa.Integer(), nullable=False),`,
        ...cols,
        `        sa.PrimaryKeyConstraint("id", name=op.f("pk_${name}")),`,
        ...(guard ? [`        if_not_exists=True,`] : []),
        `    )`,
      ],
      operations: 1,
    };
  }
  if (roll < 0.55) {
    const unique = r.chance(0.2) ? "True" : "False";
    const extra = r.chance(0.15) ? ", postgresql_concurrently=True" : "";
    const where = r.chance(0.1) ? `, postgresql_where=sa.text("deleted_at IS NULL")` : "";
    const ifne = guard ? ", if_not_exists=True" : "";
    return { lines: [`    op.create_index(op.f("ix_${table}_${column}"), "${table}", ["${column}"], unique=${unique}${extra}${where}${ifne})`], operations: 1 };
  }
  if (roll < 0.7) {
    return { lines: [`    op.add_column("${table}", sa.Column("${column}_${r.int(1, 99)}", sa.String(length=64), nullable=True))`], operations: 1 };
  }
  if (roll < 0.78) {
    return { lines: [`    op.drop_index(op.f("ix_${table}_${column}"), table_name="${table}"${guard ? ", if_exists=True" : ""})`], operations: 1 };
  }
  if (roll < 0.85) {
    const other = r.pick(tables);
    return { lines: [`    op.create_foreign_key(op.f("fk_${table}_${other}_id"), "${table}", "${other}", ["${column}_id"], ["id"], ondelete="CASCADE")`], operations: 1 };
  }
  if (roll < 0.9) {
    return { lines: [`    op.drop_column("${table}", "${column}")`], operations: 1 };
  }
  if (roll < 0.95) {
    return {
      lines: [`    op.execute(`, `        "CREATE INDEX ${guard ? "IF NOT EXISTS " : ""}ix_${table}_${column}_lower ON ${table} (lower(${column}))"`, `    )`],
      operations: 1,
    };
  }
  // Data changes with placeholders of every kind: none may be reported as not checked.
  const backfill = r.pick([
    `    op.execute("UPDATE ${table} SET ${column} = '' WHERE ${column} IS NULL")`,
    `    op.execute(sa.text("DELETE FROM ${table} WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True)))`,
    `    op.get_bind().exec_driver_sql("UPDATE ${table} SET ${column} = %s WHERE ${column} IS NULL", ("",))`,
    `    op.execute(f"UPDATE ${table} SET ${column} = '' {where_clause}")`,
  ]);
  return {
    lines: [`    # Backfill before the NOT NULL below.`, backfill, `    op.alter_column("${table}", "${column}", nullable=False)`],
    operations: 2,
  };
}

/**
 * Writes `<dir>/alembic/versions/<date>_<rev>_<name>.py` files as `alembic revision --autogenerate`
 * renders them, with the odd hand-written `op.execute`.
 * @param {string} dir
 * @param {{ count?: number, seed?: number }} [options]
 * @returns {{ root: string, files: number, statements: number, bytes: number }}
 */
export function generateAlembicCorpus(dir, { count = 1000, seed = 20261129 } = {}) {
  const r = prng(seed);
  const root = path.join(dir, "alembic", "versions");
  fs.mkdirSync(root, { recursive: true });
  /** @type {string[]} */
  const tables = [];
  let previous = "None";
  let operations = 0;
  let bytes = 0;
  let time = Date.UTC(2023, 0, 1, 9, 0, 0);
  for (let i = 0; i < count; i++) {
    time += r.int(600, 3 * 86_400) * 1000;
    // Two draws: one double from a 32-bit generator cannot fill 48 bits.
    const revision = r.int(0, 0xffffff).toString(16).padStart(6, "0") + r.int(0, 0xffffff).toString(16).padStart(6, "0");
    const name = `${r.pick(VERBS)}_${r.pick(NOUNS)}_${r.pick(FIELDS)}`;
    const upgrade = [];
    const size = r.chance(0.15) ? r.int(1, 3) : r.int(4, 30);
    for (let s = 0; s < size; s++) {
      const op = alembicOperation(r, tables);
      upgrade.push(...op.lines);
      operations += op.operations;
    }
    const text = [
      `"""${name.replaceAll("_", " ")}`,
      ``,
      `Revision ID: ${revision}`,
      `Revises: ${previous === "None" ? "" : previous.slice(1, -1)}`,
      `Create Date: ${new Date(time).toISOString().replace("T", " ").replace("Z", "")}`,
      ``,
      `"""`,
      `from typing import Sequence, Union`,
      ``,
      `from alembic import op`,
      `import sqlalchemy as sa`,
      `from sqlalchemy.dialects import postgresql`,
      ``,
      `# revision identifiers, used by Alembic.`,
      `revision: str = "${revision}"`,
      `down_revision: Union[str, Sequence[str], None] = ${previous}`,
      `branch_labels: Union[str, Sequence[str], None] = None`,
      `depends_on: Union[str, Sequence[str], None] = None`,
      ``,
      ``,
      `def upgrade() -> None:`,
      `    """Upgrade schema."""`,
      `    # ### commands auto generated by Alembic - please adjust! ###`,
      ...upgrade,
      `    # ### end Alembic commands ###`,
      ``,
      ``,
      `def downgrade() -> None:`,
      `    """Downgrade schema."""`,
      `    pass`,
      ``,
    ].join("\n");
    previous = `"${revision}"`;
    const stamp = new Date(time).toISOString().slice(0, 10).replaceAll("-", "");
    fs.writeFileSync(path.join(root, `${stamp}_${revision}_${name}.py`), text);
    bytes += Buffer.byteLength(text);
  }
  return { root, files: count, statements: operations, bytes };
}

if (process.argv[1] !== undefined && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
  const dir = args[0];
  if (dir === undefined) {
    console.error("usage: node scripts/bench/corpus.js <dir> [count] [--alembic]");
    process.exit(2);
  }
  const count = args[1] === undefined ? undefined : Number(args[1]);
  const corpus = process.argv.includes("--alembic") ? generateAlembicCorpus(dir, { count }) : generateSqlCorpus(dir, { count });
  console.log(`${corpus.files} files, ${corpus.statements} statements, ${corpus.bytes} bytes in ${corpus.root}`);
}
