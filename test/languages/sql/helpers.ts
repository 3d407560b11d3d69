import type { RuleDefinition } from "@eslint/core";
import { Linter } from "eslint";
import type { SqlNode, SqlScript, SqlStatementNode } from "../../../src/languages/sql/ast.js";
import { SqlLanguage } from "../../../src/languages/sql/language.js";
import type { SqlLanguageOptions } from "../../../src/languages/sql/language-options.js";
import type { SqlSourceCode } from "../../../src/languages/sql/source-code.js";

export const sql = new SqlLanguage();
export const FILENAME = "db/migrations/001_init.sql";

/**
 * Reports every statement node, nested ones included, with its kind as the message, so that tests see
 * what the language hands to rules without depending on a real rule's policy.
 */
const probe: RuleDefinition<{
  LangOptions: SqlLanguageOptions;
  Code: SqlSourceCode;
  RuleOptions: [];
  Visitor: { SqlStatement?: (node: SqlStatementNode) => void };
  Node: SqlNode;
  MessageIds: never;
  ExtRuleDocs: Record<string, never>;
}> = {
  meta: { type: "problem", schema: [] },
  create(context) {
    return {
      SqlStatement(node) {
        context.report({ loc: node.loc, message: node.kind ?? `unparsed: ${node.error?.message ?? ""}` });
      },
    };
  },
};

export const linter = new Linter({ configType: "flat" });

export function lintConfig(extra: Omit<Linter.Config, "files" | "plugins" | "language"> = {}): Linter.Config[] {
  return [
    {
      files: ["**/*.sql"],
      plugins: { migrations: { languages: { sql }, rules: { probe } } as unknown as NonNullable<Linter.Config["plugins"]>[string] },
      language: "migrations/sql",
      rules: { "migrations/probe": "error" },
      ...extra,
    },
  ];
}

/** ESLint 10 warns about unused directives by default; most tests are about what is reported, not that. */
export const QUIET = lintConfig({ linterOptions: { reportUnusedDisableDirectives: "off" } });

export interface Report {
  ruleId: string | null;
  line: number;
  column: number;
  endLine: number | undefined;
  endColumn: number | undefined;
  message: string;
}

export function lint(text: string, filename = FILENAME, config = QUIET): Report[] {
  return linter
    .verify(text, config, { filename })
    .map(({ ruleId, line, column, endLine, endColumn, message }) => ({ ruleId, line, column, endLine, endColumn, message }));
}

export function parse(text: string, path = FILENAME): SqlScript {
  const result = sql.parse({ body: text, path, physicalPath: path, bom: false });
  if (!result.ok) {
    throw new Error(`expected ${JSON.stringify(text.slice(0, 80))} to parse: ${JSON.stringify(result.errors)}`);
  }
  return result.ast;
}

export function sourceCode(text: string, path = FILENAME): SqlSourceCode {
  return sql.createSourceCode({ body: text, path, physicalPath: path, bom: false }, { ok: true, ast: parse(text, path) });
}

/** Every statement node in source order, nested ones after their parent. */
export function statements(root: SqlNode): SqlStatementNode[] {
  const found: SqlStatementNode[] = [];
  const stack: SqlNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SqlNode;
    if (node.type === "SqlStatement") {
      found.push(node);
    }
    for (let index = node.children.length - 1; index >= 0; index--) {
      stack.push(node.children[index] as SqlNode);
    }
  }
  return found;
}

export function textOf(text: string, node: { range: [number, number] }): string {
  return text.slice(node.range[0], node.range[1]);
}
