/**
 * The name PostgreSQL gives an unnamed index (`CREATE INDEX ON apps (owner_id)` → `apps_owner_id_idx`),
 * following ChooseIndexName/makeObjectName in PostgreSQL's indexcmds.c: the table name, the column
 * names joined by `_` (`expr` for an expression), and `idx`, shortened to fit 63 bytes by trimming the
 * longer of the two parts first. PostgreSQL appends a number when the name is taken; a migration
 * cannot know that, so the suggestion uses the base name.
 */
const MAX_IDENTIFIER_BYTES = 63;

export function defaultIndexName(table: string, columns: (string | null)[]): string {
  const columnPart = columnNames(columns);
  const label = "idx";
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
function columnNames(columns: (string | null)[]): string {
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
  let used = 0;
  let result = "";
  for (const char of text) {
    const size = byteLength(char);
    if (used + size > bytes) {
      break;
    }
    used += size;
    result += char;
  }
  return result;
}

/** An identifier as SQL must write it: bare when PostgreSQL would fold it to itself, else double-quoted. */
export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/u.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
