import type { MigrationOperation, UnparsedStatement } from "../operations.js";
import { LineIndex } from "../languages/line-index.js";
import { PythonSourceCode } from "../languages/python/source-code.js";
import type { SqlScript, SqlStatementNode } from "../languages/sql/ast.js";
import { SqlSourceCode } from "../languages/sql/source-code.js";
import type { SqlDocument } from "../sql/types.js";
import type { EmbeddedSql } from "./embedded-sql.js";
import { analyzeSql } from "../sql/document.js";
import type { Program } from "estree";
import { extractAlembicOperations } from "./alembic/extract.js";
import { extractJsBuilderOperations } from "./js-builders/extract.js";
import { extractJsSql } from "./js-sql/extract.js";
import { extractPythonSql } from "./python-sql/extract.js";
import { operationsFromSql } from "./sql-operations.js";

export interface MigrationFacts {
  operations: readonly MigrationOperation[];
  unparsed: readonly UnparsedStatement[];
  /** The migration tool that checksums applied files (`Prisma`, `Flyway`), or `null`. */
  checksummed: string | null;
}

const NO_FACTS: MigrationFacts = { operations: [], unparsed: [], checksummed: null };
const cache = new WeakMap<object, MigrationFacts>();

/**
 * What a file's migrations do to the schema, extracted once per SourceCode and shared by every rule
 * that asks.
 */
export function migrationFacts(sourceCode: object): MigrationFacts {
  let facts = cache.get(sourceCode);
  if (!facts) {
    if (sourceCode instanceof PythonSourceCode) {
      facts = pythonFacts(sourceCode);
    } else if (sourceCode instanceof SqlSourceCode) {
      facts = sqlFileFacts(sourceCode.text, sourceCode.ast);
    } else if (isJavaScriptSource(sourceCode)) {
      facts = javaScriptFacts(sourceCode.text, sourceCode.ast);
    } else {
      facts = NO_FACTS;
    }
    cache.set(sourceCode, facts);
  }
  return facts;
}

/**
 * Facts of one host file: the host's own operations plus those of the SQL it carries, each SQL
 * document paired with the text that maps it back; in source order.
 */
function collectFacts(
  text: string,
  hostOperations: MigrationOperation[],
  sql: readonly { embedded: EmbeddedSql; document: SqlDocument }[],
  checksummed: string | null = null,
): MigrationFacts {
  const lines = new LineIndex(text);
  const operations = [...hostOperations];
  const unparsed: UnparsedStatement[] = [];
  for (const { embedded, document } of sql) {
    const found = operationsFromSql(embedded, document, (offset) => lines.position(offset));
    operations.push(...found.operations);
    unparsed.push(...found.unparsed);
  }
  operations.sort((a, b) => a.span.range[0] - b.span.range[0]);
  return { operations, unparsed, checksummed };
}

/** Each string's SQL, analysed as the database will receive it. */
function analysed(strings: readonly EmbeddedSql[]): { embedded: EmbeddedSql; document: SqlDocument }[] {
  return strings.map((embedded) => ({ embedded, document: analyzeSql(embedded.text) }));
}

function pythonFacts(sourceCode: PythonSourceCode): MigrationFacts {
  const { text, ast } = sourceCode;
  return collectFacts(text, extractAlembicOperations(text, ast), analysed(extractPythonSql(text, ast)));
}

const CHECKSUMMED: Record<string, string> = { prisma: "Prisma", flyway: "Flyway" };

/**
 * A `.sql` file: each section (dbmate's up and down, goose's Up and Down) runs on its own, so each is
 * one document for the "dropped just before" checks; offsets are already the file's.
 */
function sqlFileFacts(text: string, ast: SqlScript): MigrationFacts {
  const wholeFile: EmbeddedSql = {
    text,
    hostRange: (range) => range,
    insert: (offset, insertion) => ({ range: [offset, offset], text: insertion }),
    sink: "",
  };
  const topLevel = ast.children.filter((child): child is SqlStatementNode => child.type === "SqlStatement");
  const groups = [topLevel, ...ast.children.flatMap((child) => (child.type === "SqlSection" ? [child.children] : []))];
  const documents = groups.map((group) => ({
    embedded: wholeFile,
    document: { text, statements: group.map((node) => node.statement), comments: [], error: null } satisfies SqlDocument,
  }));
  return collectFacts(text, [], documents, CHECKSUMMED[ast.conventions.framework] ?? null);
}

/**
 * ESLint's own JavaScript SourceCode (espree or typescript-eslint's parser). Recognised by shape, not
 * by class: the user's ESLint may be another copy than the one this package resolves.
 */
function isJavaScriptSource(sourceCode: object): sourceCode is { text: string; ast: Program } {
  const candidate = sourceCode as { text?: unknown; ast?: { type?: unknown } };
  return typeof candidate.text === "string" && candidate.ast?.type === "Program";
}

/**
 * A JS/TS migration's `up`/`down`: builder calls with the framework's own guard (node-pg-migrate,
 * Kysely, knex, TypeORM, Sequelize) and raw SQL (knex, TypeORM, node-pg-migrate, Kysely, Sequelize,
 * MikroORM).
 */
function javaScriptFacts(text: string, program: Program): MigrationFacts {
  const lines = new LineIndex(text);
  const builders = extractJsBuilderOperations(text, program, (offset) => lines.position(offset));
  return collectFacts(text, builders, analysed(extractJsSql(text, program)));
}
