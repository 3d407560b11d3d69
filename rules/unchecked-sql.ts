import type { RuleDefinition, TextSourceCode } from "@eslint/core";
import { factsOfLintedFile } from "../src/hosts/index.js";

type MessageId = "unparsedStatement" | "unreadableCode" | "nestedTooDeeply";

/**
 * Migration code that idempotent-ddl could not check: SQL whose database's parser rejects it and
 * that may hold DDL, and valid host code the host's parser cannot read. A rule of its own so that
 * it can be a warning while idempotent-ddl's findings are errors: ESLint sets severity per rule.
 */
const rule: RuleDefinition<{
  LangOptions: Record<string, unknown>;
  Code: TextSourceCode;
  RuleOptions: [];
  Visitor: Record<string, () => void>;
  Node: unknown;
  MessageIds: MessageId;
  ExtRuleDocs: { recommended: boolean };
}> = {
  meta: {
    type: "problem",
    docs: {
      description: "Report migration SQL and code that could hold DDL but could not be checked",
      recommended: true,
      url: "https://github.com/eslint-plugin-migrations/eslint-plugin-migrations/blob/main/rules/unchecked-sql.md",
    },
    schema: [],
    messages: {
      unparsedStatement:
        "This statement was not checked: {{parser}} rejects it ({{message}}). Fix the SQL so that it can be checked.",
      unreadableCode:
        "This code was not checked: the plugin's parser cannot read {{construct}} (valid since {{since}}), so a migration operation here would go unreported. The rest of the file was checked.",
      nestedTooDeeply:
        "This statement was not checked: its PL/pgSQL blocks nest deeper than this rule can follow. Split the body into smaller blocks or functions so that it can be checked.",
    },
  },

  create(context) {
    const check = () => {
      const facts = factsOfLintedFile(context);
      for (const code of facts.unreadable) {
        context.report({ loc: code.span.loc, messageId: "unreadableCode", data: { construct: code.construct, since: code.since } });
      }
      for (const problem of facts.unparsed) {
        if (problem.reason === "nesting") {
          context.report({ loc: problem.span.loc, messageId: "nestedTooDeeply" });
        } else {
          context.report({ loc: problem.span.loc, messageId: "unparsedStatement", data: { message: problem.message, parser: problem.parser } });
        }
      }
    };
    // One pass at the root of whichever language parsed the file.
    return { Script: check, SqlScript: check, Program: check };
  },
};

export default rule;
