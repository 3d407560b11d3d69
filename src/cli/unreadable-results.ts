import type { ESLint, Linter } from "eslint";
import type { FileList, Unreadable } from "./files.js";

/**
 * What the report says about what the walk could not lint, in ESLint's own result shape so every
 * formatter (stylish, json, SARIF) shows it beside the findings and the run goes on. A migration
 * that cannot be read is an error, as a parsing error is: it was not checked. A folder that cannot
 * be listed is a warning: it may hold no migrations at all (a database volume in the tree), and
 * `--max-warnings 0` makes it fail the run.
 */
export function unreadableResults(list: Pick<FileList, "unreadableFiles" | "unreadableFolders">): ESLint.LintResult[] {
  return [
    ...list.unreadableFiles.map(({ path, reason }) => result(path, 2, `Cannot lint this file: ${reason}.`)),
    ...list.unreadableFolders.map(({ path, reason }: Unreadable) =>
      result(path, 1, `Cannot read this folder: ${reason}. The migrations in it were not linted.`),
    ),
  ];
}

function result(filePath: string, severity: 1 | 2, message: string): ESLint.LintResult {
  // No line or column, as in ESLint's own "File ignored …" results: the problem is the whole path.
  // ESLint's types require both, hence the cast.
  const lintMessage = { ruleId: null, fatal: severity === 2, severity, message } as Linter.LintMessage;
  return {
    filePath,
    messages: [lintMessage],
    suppressedMessages: [],
    errorCount: severity === 2 ? 1 : 0,
    fatalErrorCount: severity === 2 ? 1 : 0,
    warningCount: severity === 1 ? 1 : 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}
