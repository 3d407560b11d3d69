import { createRequire } from "node:module";
import type { parse as ParseCst } from "sql-parser-cst";

/**
 * Whether a MySQL, MariaDB or SQLite statement is valid SQL of its dialect, as far as a parser made
 * for that dialect can tell; the message of the first parser's error otherwise.
 *
 * No single maintained JavaScript parser reads all of these (measured on ory/kratos, see the
 * README): `sql-parser-cst` reads every SQLite file but not MySQL's `MODIFY`, `CHANGE`, `ADD INDEX`,
 * `DROP FOREIGN KEY` or `ON UPDATE CURRENT_TIMESTAMP`; `node-sql-parser` reads those but not
 * MariaDB's own guards (`DROP COLUMN IF EXISTS`, `CREATE INDEX IF NOT EXISTS`). A MySQL or MariaDB
 * statement is valid when either reads it, so that a guard this plugin inserts never turns a
 * checked statement into an unchecked one.
 */
export type ValidateDialect = "mysql" | "mariadb" | "sqlite";

interface NodeSqlParser {
  astify(sql: string, options: { database: string }): unknown;
}

const require = createRequire(import.meta.url);
let mysqlParser: NodeSqlParser | null = null;
let cstParser: typeof ParseCst | null = null;

/**
 * Loaded on first use too: PostgreSQL files never need it, and loading it cost every ESLint run
 * some 40 MB and 0.1–0.3 s before the first file.
 */
function parseCst(...args: Parameters<typeof ParseCst>): ReturnType<typeof ParseCst> {
  cstParser ??= (require("sql-parser-cst") as { parse: typeof ParseCst }).parse;
  return cstParser(...args);
}

/** Loaded on first use: its grammar is large, and most projects never lint MySQL. */
function nodeSqlParser(): NodeSqlParser {
  // The per-database build: the full package loads the grammars of fifteen databases.
  const { Parser } = require("node-sql-parser/build/mysql.js") as { Parser: new () => NodeSqlParser };
  return (mysqlParser ??= new Parser());
}

export function statementError(text: string, dialect: ValidateDialect): string | null {
  const cstError = cstParseError(text, dialect);
  if (cstError === null || dialect === "sqlite") return cstError;
  try {
    nodeSqlParser().astify(text, { database: "mysql" });
    return null;
  } catch {
    return cstError;
  }
}

function cstParseError(text: string, dialect: ValidateDialect): string | null {
  try {
    parseCst(text, { dialect, paramTypes: ["?"] });
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The first line says what was unexpected; the rest is a drawing of the source.
    return message.split("\n")[0] ?? message;
  }
}
