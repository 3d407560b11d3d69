/**
 * The names PostgreSQL gives objects a migration leaves unnamed, following makeObjectName and
 * ChooseConstraintName in PostgreSQL's indexcmds.c and pg_constraint.c: the table name, the column
 * names joined by `_` (`expr` for an expression), and a label — `idx` for an index, `pkey`, `key`
 * (unique), `fkey`, `check`, `excl` — shortened to fit 63 bytes by trimming the longer of the two
 * parts first. A taken name gets a number after the label (`orders_user_id_fkey1`, then `…fkey2`).
 *
 * What a migration cannot know is which names are taken: these functions assume none is, which is
 * what the first run of a migration meets unless the schema already holds a copy.
 */
const MAX_IDENTIFIER_BYTES = 63;

/** The labels PostgreSQL appends, by what is created. */
export type DefaultNameLabel = "idx" | "pkey" | "key" | "fkey" | "check" | "excl";

/** `CREATE INDEX ON apps (owner_id)` → `apps_owner_id_idx`. */
export function defaultIndexName(table: string, columns: (string | null)[]): string {
  return makeObjectName(table, columnNames(columns), "idx");
}

/**
 * An unnamed constraint's name: `orders_pkey` (no columns in it), `orders_user_id_fkey`,
 * `orders_email_key`; a CHECK names its column only when it reads exactly one. `collision` is the
 * number PostgreSQL appends when the name is taken (0: none).
 */
export function defaultConstraintName(table: string, columns: readonly string[], label: Exclude<DefaultNameLabel, "idx">, collision = 0): string {
  const columnPart = label === "pkey" || (label === "check" && columns.length !== 1) ? "" : columnNames(columns);
  return makeObjectName(table, columnPart, collision === 0 ? label : `${label}${String(collision)}`);
}

function makeObjectName(table: string, columnPart: string, label: string): string {
  const overhead = label.length + 1 + (columnPart === "" ? 0 : 1);
  const available = MAX_IDENTIFIER_BYTES - overhead;
  let tableBytes = byteLength(table);
  let columnBytes = byteLength(columnPart);
  while (tableBytes + columnBytes > available) {
    if (tableBytes > columnBytes) {
      tableBytes--;
    } else {
      columnBytes--;
    }
  }
  const parts = [clipToBytes(table, tableBytes)];
  if (columnPart !== "") {
    parts.push(clipToBytes(columnPart, columnBytes));
  }
  parts.push(label);
  return parts.join("_");
}

/** ChooseIndexNameAddition: column names joined by `_`, stopping once the name is long enough. */
function columnNames(columns: readonly (string | null)[]): string {
  let joined = "";
  for (const column of columns) {
    if (joined !== "") {
      joined += "_";
    }
    joined += column ?? "expr";
    if (byteLength(joined) >= MAX_IDENTIFIER_BYTES) {
      break;
    }
  }
  return joined;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The longest prefix of whole characters within `bytes` UTF-8 bytes (pg_mbcliplen). */
function clipToBytes(text: string, bytes: number): string {
  // Most names fit: one measure of the whole instead of one per character.
  if (byteLength(text) <= bytes) {
    return text;
  }
  let used = 0;
  let end = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (used + size > bytes) {
      break;
    }
    used += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** An identifier as SQL must write it: bare when PostgreSQL would fold it to itself, else double-quoted. */
export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/u.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
