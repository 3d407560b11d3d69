import { parsesAsPostgres, type Dialect } from "../dialects.js";
import { analyzeDialectSql } from "./dialect/document.js";
import { withCockroachStandIns } from "./cockroach.js";
import { analyzeSql } from "./document.js";
import type { SqlDocument } from "./types.js";

/**
 * The SQL core's analysis for text that runs on `dialects`: PostgreSQL's own parser for PostgreSQL
 * and CockroachDB (a file shared with them is written in their common subset), otherwise the
 * MySQL/MariaDB or SQLite grammar.
 */
export function sqlAnalyzer(dialects: readonly Dialect[]): (text: string, start?: number, end?: number) => SqlDocument {
  if (dialects.every((dialect) => dialect === "cockroachdb")) {
    // The stand-ins keep every offset, so the document is the original text's.
    return (text, start, end) => ({ ...analyzeSql(withCockroachStandIns(text), start, end), text });
  }
  if (parsesAsPostgres(dialects)) return analyzeSql;
  const grammar = dialects.includes("mysql") ? "mysql" : dialects.includes("mariadb") ? "mariadb" : "sqlite";
  return (text, start, end) => analyzeDialectSql(text, grammar, start, end);
}
