import type { SqlDocument, SqlStatement } from "../types.js";
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
    const message = statementError(withoutComments(text, piece.start, piece.end, lexed.comments), dialect);
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
