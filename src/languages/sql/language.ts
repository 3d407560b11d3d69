import type { File, Language, LanguageContext, OkParseResult, ParseResult } from "@eslint/core";
import { fileDialects } from "../../project/dialect.js";
import { sqlAnalyzer } from "../../sql/analyzer.js";
import { readGoTemplate } from "../../sql/go-template.js";
import { readPsqlScript } from "../../sql/psql.js";
import type { Range, SqlComment, SqlStatement } from "../../sql/types.js";
import { LineIndex } from "../line-index.js";
import type { SqlCommentNode, SqlNode, SqlScript, SqlSection, SqlStatementNode } from "./ast.js";
import { detectConventions, readLayout, type SectionLayout } from "./conventions.js";
import { validateSqlLanguageOptions, type SqlLanguageOptions } from "./language-options.js";
import { SqlSourceCode } from "./source-code.js";
import { sqlVisitorKeys } from "./visitor-keys.js";

export class SqlLanguage
  implements Language<{ LangOptions: SqlLanguageOptions; Code: SqlSourceCode; RootNode: SqlScript; Node: SqlNode }>
{
  readonly fileType = "text";
  readonly lineStart = 1;
  readonly columnStart = 0;
  readonly nodeTypeKey = "type";
  readonly visitorKeys = sqlVisitorKeys;
  // No default dialect: an unset option lets the project say which database a file runs on.
  readonly defaultLanguageOptions: SqlLanguageOptions = {};

  validateLanguageOptions(languageOptions: Record<string, unknown>): void {
    validateSqlLanguageOptions(languageOptions);
  }

  parse(file: File, context?: LanguageContext<SqlLanguageOptions>): ParseResult<SqlScript> {
    const text = textOf(file);
    const lines = new LineIndex(text);
    const nul = text.indexOf("\u0000");
    if (nul !== -1) {
      // PostgreSQL refuses NUL in query text too; such a file is binary, not a migration.
      return failure(lines, nul, "source contains a NUL byte; this looks like a binary file, not SQL");
    }
    const dialects = fileDialects(file.path, context?.languageOptions.dialect);
    const analyze = sqlAnalyzer(dialects);
    const conventions = detectConventions(file.path, text);
    const layout = readLayout(file.path, text, conventions);
    // Migration tools send a file through a database driver, which knows no psql syntax: there a
    // meta-command is the syntax error the tool will meet. Only a PostgreSQL file no tool claims is a
    // psql script.
    const psqlScript = conventions.framework === "plain" && dialects.every((dialect) => dialect === "postgresql");
    // A templating tool expands its actions before anything reads the SQL, psql included.
    const template = readGoTemplate(text);
    const psql = psqlScript ? readPsqlScript(template.sql) : { sql: template.sql, variables: new Map<string, string>() };
    const statements: SqlStatementNode[] = [];
    const comments: SqlCommentNode[] = [];
    for (const [start, end] of layout.units) {
      const document = analyze(psql.sql, start, end);
      // Without tokens there are no statement boundaries to recover at, so nothing in the file can be checked.
      if (document.error) {
        return failure(lines, document.error.offset, document.error.message);
      }
      for (const comment of document.comments) {
        comments.push(commentNode(comment, lines));
      }
      for (const statement of document.statements) {
        statements.push(statementNode(statement, lines));
      }
    }
    return {
      ok: true,
      ast: {
        type: "SqlScript",
        range: [0, text.length],
        loc: { start: { line: 1, column: 0 }, end: lines.position(text.length) },
        children: arrange(statements, layout.sections, lines),
        comments,
        conventions,
        sql: psql.sql,
        psqlVariables: psql.variables,
        template: { actions: template.actions, spellings: template.spellings },
        dialects,
      },
    };
  }

  createSourceCode(file: File, input: OkParseResult<SqlScript>): SqlSourceCode {
    return new SqlSourceCode({ text: textOf(file), ast: input.ast });
  }
}

function textOf(file: File): string {
  return typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
}

function failure(lines: LineIndex, offset: number, message: string): ParseResult<SqlScript> {
  const { line, column } = lines.position(offset);
  return { ok: false, errors: [{ message, line, column: column + 1 }] };
}

function statementNode(statement: SqlStatement, lines: LineIndex): SqlStatementNode {
  return {
    type: "SqlStatement",
    range: statement.range,
    loc: locOf(statement.range, lines),
    kind: statement.kind,
    error: statement.error,
    statement,
    children: statement.nested.map((nested) => statementNode(nested, lines)),
  };
}

function commentNode(comment: SqlComment, lines: LineIndex): SqlCommentNode {
  const range: Range = [comment.start, comment.end];
  return { type: "Comment", kind: comment.kind, value: comment.value, range, loc: locOf(range, lines) };
}

/** Statements before the first section stay at the top; every other one goes to the section it is written in. */
function arrange(
  statements: SqlStatementNode[],
  sections: SectionLayout[],
  lines: LineIndex,
): (SqlSection | SqlStatementNode)[] {
  const sectionNodes: SqlSection[] = sections.map(({ direction, transaction, range }) => ({
    type: "SqlSection",
    range,
    loc: locOf(range, lines),
    direction,
    transaction,
    children: [],
  }));
  const top: SqlStatementNode[] = [];
  let current = -1;
  for (const statement of statements) {
    while (current + 1 < sectionNodes.length && (sectionNodes[current + 1]?.range[0] ?? Infinity) <= statement.range[0]) {
      current++;
    }
    (sectionNodes[current]?.children ?? top).push(statement);
  }
  return [...top, ...sectionNodes];
}

function locOf(range: Range, lines: LineIndex): SqlStatementNode["loc"] {
  return { start: lines.position(range[0]), end: lines.position(range[1]) };
}
