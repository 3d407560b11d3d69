import type { RuleDefinition, RuleTextEdit, TextSourceCode } from "@eslint/core";
import { migrationOperations } from "../src/hosts/index.js";
import {
  describeProject,
  describeRequirements,
  guardSupported,
  projectVersions,
  type ProjectVersions,
} from "../src/hosts/alembic/project-support.js";
import type { Edit, MigrationOperation, Span, UnguardedSideEffect } from "../src/operations.js";
import { retryFailure } from "../src/retry-failure.js";

export interface IdempotentDdlOptions {
  alembicVersion?: string;
  sqlalchemyVersion?: string;
  requireExplicitUnique?: boolean;
}

type MessageId =
  | "missingGuard"
  | "addGuard"
  | "guardDisabled"
  | "misnamedGuard"
  | "guardUnavailable"
  | "guardIgnored"
  | "noGuard"
  | "noGuardInBatch"
  | "unguardedSideEffect"
  | "missingUnique";

/** Advice for operations that Alembic cannot guard, by operation. */
const NO_GUARD_ADVICE: Record<string, string> = {
  rename_table:
    'Rename in SQL that skips a finished rename: op.execute("ALTER TABLE IF EXISTS <old> RENAME TO <new>").',
  create_primary_key:
    'Guard it in SQL: op.execute() a DO block that adds the constraint and catches invalid_table_definition, or drop it first with op.drop_constraint(..., if_exists=True).',
};
const CONSTRAINT_ADVICE =
  "Guard it in SQL: op.execute() a DO block that adds the constraint and catches duplicate_object (duplicate_table for a unique constraint), or drop it first with op.drop_constraint(..., if_exists=True).";

const SIDE_EFFECT_ADVICE: Record<string, string> = {
  "create_table index":
    "Create the index after the table with op.create_index(..., if_not_exists=True) instead.",
  "add_column index": "Drop `index=True` and create the index with op.create_index(..., if_not_exists=True) instead.",
  "add_column foreign key":
    "Pass `inline_references=True` (Alembic >= 1.18.2) so that the reference is part of the guarded ADD COLUMN, or create the constraint separately, guarded in SQL (a DO block that catches duplicate_object).",
};

const rule: RuleDefinition<{
  LangOptions: Record<string, unknown>;
  Code: TextSourceCode;
  RuleOptions: [IdempotentDdlOptions];
  Visitor: { Script?: () => void };
  Node: unknown;
  MessageIds: MessageId;
  ExtRuleDocs: { recommended: boolean };
}> = {
  meta: {
    type: "problem",
    docs: {
      description: "Require schema migrations that can be retried after a partial run",
      recommended: true,
      url: "https://github.com/eslint-plugin-migrations/eslint-plugin-migrations/blob/main/rules/idempotent-ddl.md",
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        properties: {
          alembicVersion: {
            type: "string",
            pattern: "^\\d+(\\.\\d+)*",
            description: "The project's Alembic version; read from the nearest dependency file when omitted.",
          },
          sqlalchemyVersion: {
            type: "string",
            pattern: "^\\d+(\\.\\d+)*",
            description: "The project's SQLAlchemy version; read from the nearest dependency file when omitted.",
          },
          requireExplicitUnique: {
            type: "boolean",
            description: "Also require `unique=` on every create_index call.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ requireExplicitUnique: false }],
    messages: {
      missingGuard:
        "{{callee}}() is not retry-safe: if the migration is retried after a partial run, {{failure}}. Add `{{spelling}}` so that a retry skips it.",
      addGuard: "Add `{{spelling}}` (check that `**` arguments do not already pass it).",
      guardDisabled:
        "`{{keyword}}={{value}}` turns the guard off, so {{callee}}() is not retry-safe: {{failure}}. Set `{{keyword}}=True`.",
      misnamedGuard:
        "{{callee}}() has no `{{writtenAs}}` option: Alembic passes it on as a dialect argument that SQLAlchemy only warns about, so the statement is emitted unguarded and {{failure}}. Write `{{keyword}}=True`.",
      guardUnavailable:
        "{{callee}}() is not retry-safe ({{failure}}), and `{{keyword}}` does not work with {{project}}: it needs {{requirement}}. Upgrade, or emit guarded SQL with op.execute().",
      guardIgnored:
        "`{{keyword}}=True` on {{callee}}() does not work with {{project}} (older releases ignore it or raise), so {{failure}}: the guard needs {{requirement}}. Upgrade, or emit guarded SQL with op.execute().",
      noGuard:
        "{{callee}}() is not retry-safe ({{failure}}) and Alembic has no option to guard it. {{advice}}",
      noGuardInBatch:
        "{{callee}}() is not retry-safe ({{failure}}) and has no `if_exists` in batch mode (passing it raises TypeError). Drop the constraint outside the batch block with op.drop_constraint(..., if_exists=True), or with op.execute(\"ALTER TABLE ... DROP CONSTRAINT IF EXISTS ...\").",
      unguardedSideEffect:
        "`if_not_exists=True` guards only the {{statement}}: the {{what}} that `{{cause}}` adds is a separate, unguarded statement that fails on a retry. {{advice}}",
      missingUnique:
        "{{callee}}() relies on the default `unique=False`; write `unique=False` (or `unique=True`) so that reviewers see which it is.",
    },
  },

  create(context) {
    const [options] = context.options;
    let versions: ProjectVersions | null = null;
    const projectVersionsOnce = () =>
      (versions ??= projectVersions(context.physicalFilename, context.cwd, {
        alembicVersion: options.alembicVersion,
        sqlalchemyVersion: options.sqlalchemyVersion,
      }));

    const toFix = (edits: Edit[]) => () => edits.map((edit): RuleTextEdit => ({ range: edit.range, text: edit.text }));

    function checkGuard(operation: MigrationOperation): void {
      const { guard, callee } = operation;
      const failure = retryFailure(operation);
      if (guard.kind === "none") {
        context.report({
          loc: operation.span.loc,
          messageId: guard.reason === "unsupported-in-batch" ? "noGuardInBatch" : "noGuard",
          data: {
            callee,
            failure,
            advice: NO_GUARD_ADVICE[operation.kind] ?? CONSTRAINT_ADVICE,
          },
        });
        return;
      }
      const { keyword, spelling, requires, current } = guard;
      if (current.state === "dynamic") {
        return;
      }
      const supported = guardSupported(requires, projectVersionsOnce());
      if (!supported) {
        const data = {
          callee,
          failure,
          keyword,
          project: describeProject(projectVersionsOnce(), requires),
          requirement: describeRequirements(requires),
        };
        context.report({
          loc: operation.span.loc,
          messageId: current.state === "enabled" ? "guardIgnored" : "guardUnavailable",
          data,
        });
        return;
      }
      switch (current.state) {
        case "enabled":
          operation.sideEffects.forEach((effect) => { reportSideEffect(operation, effect); });
          return;
        case "missing":
          context.report({
            loc: operation.span.loc,
            messageId: "missingGuard",
            data: { callee, failure, spelling },
            fix: current.certain && current.add ? toFix(current.add) : null,
            suggest:
              !current.certain && current.add
                ? [{ messageId: "addGuard", data: { spelling }, fix: toFix(current.add) }]
                : null,
          });
          return;
        case "disabled":
          context.report({
            loc: current.span.loc,
            messageId: "guardDisabled",
            data: { callee, failure, keyword, value: current.valueText },
            fix: toFix(current.enable),
          });
          return;
        case "misnamed":
          context.report({
            loc: current.span.loc,
            messageId: "misnamedGuard",
            data: { callee, failure, keyword, writtenAs: current.writtenAs },
            fix: current.rename ? toFix(current.rename) : null,
          });
          return;
      }
    }

    function reportSideEffect(operation: MigrationOperation, effect: UnguardedSideEffect): void {
      reportAt(effect.span, "unguardedSideEffect", {
        statement: operation.kind === "create_table" ? "CREATE TABLE" : "ADD COLUMN",
        what: effect.what,
        cause: effect.cause,
        advice: SIDE_EFFECT_ADVICE[`${operation.kind} ${effect.what}`] ?? "",
      });
    }

    function reportAt(span: Span, messageId: MessageId, data: Record<string, string>): void {
      context.report({ loc: span.loc, messageId, data });
    }

    function checkUnique(operation: MigrationOperation): void {
      if (operation.kind !== "create_index" || operation.keywords.has("unique")) {
        return;
      }
      const edits = operation.addArgument?.("unique", "False") ?? null;
      context.report({
        loc: operation.span.loc,
        messageId: "missingUnique",
        data: { callee: operation.callee },
        fix: edits ? toFix(edits) : null,
      });
    }

    return {
      Script() {
        for (const operation of migrationOperations(context.sourceCode)) {
          checkGuard(operation);
          if (options.requireExplicitUnique) {
            checkUnique(operation);
          }
        }
      },
    };
  },
};

export default rule;
