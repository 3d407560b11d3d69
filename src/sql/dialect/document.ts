import type { SqlDocument, SqlStatement, SqlToken } from "../types.js";
import { lex, type LexDialect } from "./lexer.js";
import { statementError, type ValidateDialect } from "./validate.js";

/**
 * Analyses MySQL, MariaDB or SQLite text into the SQL core's document: statements cut by the
 * dialect's own lexer, each checked by a parser for that dialect. A statement the parsers reject
 * carries its error and is reported as not checked; the rest of the text is still analysed.
 * `start` and `end` limit the analysis to a piece of `text`, as for analyzeSql.
 */
export function analyzeDialectSql(text: string, dialect: ValidateDialect, start = 0, end = text.length): SqlDocument {
  const grammar: LexDialect = dialect === "sqlite" ? "sqlite" : "mysql";
  const lexed = lex(text, grammar, start, end);
  if (lexed.error) {
    return { text, statements: [], comments: lexed.comments, error: lexed.error };
  }
  const statements = lexed.statements.map((piece): SqlStatement => {
    const statementText = (from: number, to: number) => withoutComments(text, from, to, lexed.comments);
    const whole = statementError(statementText(piece.start, piece.end), dialect);
    const message = whole !== null && alterTableReads(piece.tokens, statementText, dialect) ? null : whole;
    return {
      grammar,
      range: [piece.start, piece.end],
      kind: piece.tokens[0]?.text ?? null,
      node: null,
      error: message === null ? null : { message, offset: piece.start },
      tokens: piece.tokens,
      nested: [],
      plpgsqlGuard: null,
      editable: true,
    };
  });
  return { text, statements, comments: lexed.comments, error: null };
}

/**
 * The statement with its comments blanked: MySQL's `/*! … *\/` version comments hold SQL that
 * neither parser reads in a comment, and a comment changes nothing this plugin checks.
 */
function withoutComments(text: string, start: number, end: number, comments: readonly { start: number; end: number }[]): string {
  let result = "";
  let at = start;
  for (const comment of comments) {
    if (comment.end <= start || comment.start >= end) continue;
    result += `${text.slice(at, comment.start)} `;
    at = comment.end;
  }
  return result + text.slice(at, end);
}

/** Subcommands that only redefine a column: nothing this plugin checks is in them. */
const REDEFINITIONS = new Set(["MODIFY", "CHANGE"]);

/**
 * An `ALTER TABLE` that neither parser reads whole may still read subcommand by subcommand: each
 * parser lacks some of MySQL's subcommands (sql-parser-cst: `MODIFY`, `ADD INDEX`, `DROP FOREIGN
 * KEY`; node-sql-parser: `DROP CONSTRAINT`, MariaDB's guards). A `MODIFY` or `CHANGE` needs no
 * reading at all; every other subcommand must read as `ALTER TABLE <name> <subcommand>`.
 */
function alterTableReads(tokens: readonly SqlToken[], textOf: (from: number, to: number) => string, dialect: ValidateDialect): boolean {
  if (tokens[0]?.text !== "ALTER" || tokens[1]?.text !== "TABLE") return false;
  let at = 2;
  if (tokens[at]?.text === "IF" && tokens[at + 1]?.text === "EXISTS") at += 2;
  const nameStart = tokens[at];
  while (tokens[at + 1]?.text === ".") at += 2;
  const nameEnd = tokens[at];
  if (!nameStart || !nameEnd) return false;
  const head = `ALTER TABLE ${textOf(nameStart.start, nameEnd.end)} `;
  const subcommands: SqlToken[][] = [[]];
  let depth = 0;
  for (const token of tokens.slice(at + 1)) {
    if (token.text === "(") depth++;
    else if (token.text === ")") depth--;
    if (token.text === "," && depth === 0) subcommands.push([]);
    else subcommands.at(-1)?.push(token);
  }
  return subcommands.every((subcommand) => {
    const first = subcommand[0];
    const last = subcommand.at(-1);
    if (!first || !last) return false;
    return (first.kind === "keyword" && REDEFINITIONS.has(first.text)) || statementError(head + textOf(first.start, last.end), dialect) === null;
  });
}
