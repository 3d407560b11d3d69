import type { RuleDefinition, RuleTextEdit, TextSourceCode } from "@eslint/core";
import { factsOfLintedFile } from "../src/hosts/index.js";
import {
  describeProject,
  describeRequirements,
  guardSupported,
  projectVersions,
  type ProjectVersions,
} from "../src/hosts/project-support.js";
import type { Edit, MigrationOperation, UnguardedSideEffect } from "../src/operations.js";

export interface IdempotentDdlOptions {
  alembicVersion?: string;
  sqlalchemyVersion?: string;
  postgresVersion?: string;
  requireExplicitUnique?: boolean;
  fixChecksummedMigrations?: boolean;
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
  | "applySuggestion"
  | "dropFirst"
  | "insertDrop"
  | "unguardedSideEffect"
  | "missingUnique";

const VERSION_PATTERN = "^\\d+(\\.\\d+)*";

const rule: RuleDefinition<{
  LangOptions: Record<string, unknown>;
  Code: TextSourceCode;
  RuleOptions: [IdempotentDdlOptions];
  Visitor: Record<string, () => void>;
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
            pattern: VERSION_PATTERN,
            description: "The project's Alembic version; read from the nearest dependency file when omitted.",
          },
          sqlalchemyVersion: {
            type: "string",
            pattern: VERSION_PATTERN,
            description: "The project's SQLAlchemy version; read from the nearest dependency file when omitted.",
          },
          postgresVersion: {
            type: "string",
            pattern: VERSION_PATTERN,
            description: "The oldest PostgreSQL the migrations run on; decides which guards exist. Default: a current release.",
          },
          requireExplicitUnique: {
            type: "boolean",
            description: "Also require `unique=` on every create_index call.",
          },
          fixChecksummedMigrations: {
            type: "boolean",
            description: "Autofix Prisma and Flyway migrations too, although their checksums then change.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ requireExplicitUnique: false, fixChecksummedMigrations: false }],
    messages: {
      missingGuard:
        "{{subject}} is not retry-safe: if the migration is retried after a partial run, {{failure}}. Add `{{spelling}}` so that a retry {{outcome}}.",
      addGuard: "Add `{{spelling}}`{{caveat}}.",
      guardDisabled: "`{{written}}` turns the guard off, so {{subject}} is not retry-safe: {{failure}}. Set `{{enabled}}`.",
      misnamedGuard: "{{subject}} has no `{{writtenAs}}` option: {{consequence}} and {{failure}}. Write `{{enabled}}`.",
      guardUnavailable:
        "{{subject}} is not retry-safe ({{failure}}), and `{{keyword}}` does not work with {{project}}: it needs {{requirement}}. {{remedy}}",
      guardIgnored:
        "`{{keyword}}=True` on {{subject}} does not work with {{project}} (older releases ignore it or raise), so {{failure}}: the guard needs {{requirement}}. {{remedy}}",
      noGuard: "{{subject}} is not retry-safe ({{failure}}) and {{provider}} has no option to guard it. {{advice}}",
      noGuardInBatch: "{{subject}} is not retry-safe ({{failure}}). {{advice}}",
      applySuggestion: "{{description}}.",
      dropFirst:
        "{{subject}} is not retry-safe: a failed concurrent build leaves an INVALID index behind, which a retry trips over or, with IF NOT EXISTS, skips for good. Run `{{drop}}` before it.",
      insertDrop: "Insert `{{drop}}` before it.",
      unguardedSideEffect:
        "`if_not_exists=True` guards only the {{statement}}: the {{what}} that `{{cause}}` adds is a separate, unguarded statement that fails on a retry. {{advice}}",
      missingUnique:
        "{{subject}} relies on the default `unique=False`; write `unique=False` (or `unique=True`) so that reviewers see which it is.",
    },
  },

  create(context) {
    const [options] = context.options;
    let versions: ProjectVersions | null = null;
    const projectVersionsOnce = () =>
      (versions ??= projectVersions(context.physicalFilename, context.cwd, {
        alembicVersion: options.alembicVersion,
        sqlalchemyVersion: options.sqlalchemyVersion,
        postgresVersion: options.postgresVersion,
      }));

    const toFix = (edits: Edit[]) => () => edits.map((edit): RuleTextEdit => ({ range: edit.range, text: edit.text }));

    const check = () => {
        const facts = factsOfLintedFile(context);
        // Editing an applied Prisma or Flyway migration changes its checksum and stops the next
        // deploy, so their fixes are suggestions unless the user opts in.
        const autofixAllowed = facts.checksummed === null || options.fixChecksummedMigrations === true;
        const caveat = facts.checksummed === null ? "" : ` (changes the checksum of an applied ${facts.checksummed} migration)`;

        /** An autofix where allowed, otherwise the same edit as a suggestion. */
        const fixOrSuggest = (edits: Edit[] | null, certain: boolean, spelling: string, host: MigrationOperation["host"], beside?: string) => {
          const elsewhere = host === "alembic" ? "`**kwargs`" : "a spread (`...options`) or a variable";
          if (!edits) {
            return { fix: null, suggest: null };
          }
          if (certain && autofixAllowed) {
            return { fix: toFix(edits), suggest: null };
          }
          const note = certain
            ? caveat
            : beside === undefined
              ? ` (check that the call does not already pass it another way, e.g. through ${elsewhere})`
              : ` (check that \`${beside}\` holds only the name)${caveat}`;
          return {
            fix: null,
            suggest: [{ messageId: "addGuard" as const, data: { spelling, caveat: note }, fix: toFix(edits) }],
          };
        };

        for (const operation of facts.operations) {
          checkGuard(operation);
          if (options.requireExplicitUnique) {
            checkUnique(operation);
          }
        }

        function checkGuard(operation: MigrationOperation): void {
          const { guard, subject, retryFailure: failure } = operation;
          switch (guard.kind) {
            case "none":
              context.report({
                loc: operation.span.loc,
                messageId: guard.reason === "unsupported-in-batch" ? "noGuardInBatch" : "noGuard",
                data: { subject, failure, provider: operation.guardProvider, advice: guard.advice },
                suggest: guard.suggestion
                  ? [{ messageId: "applySuggestion", data: { description: guard.suggestion.description }, fix: toFix(guard.suggestion.edits) }]
                  : null,
              });
              return;
            case "drop-first":
              context.report({
                loc: operation.span.loc,
                messageId: "dropFirst",
                data: { subject, drop: guard.dropStatement },
                suggest: guard.edits
                  ? [{ messageId: "insertDrop", data: { drop: guard.dropStatement }, fix: toFix(guard.edits) }]
                  : null,
              });
              return;
            case "covered":
              return;
            case "option":
              break;
          }
          const { keyword, spelling, requires, current, remedy } = guard;
          if (current.state === "dynamic") {
            return;
          }
          if (!guardSupported(requires, projectVersionsOnce())) {
            context.report({
              loc: operation.span.loc,
              messageId: current.state === "enabled" ? "guardIgnored" : "guardUnavailable",
              data: {
                subject,
                failure,
                keyword,
                remedy,
                project: describeProject(projectVersionsOnce(), requires),
                requirement: describeRequirements(requires),
              },
            });
            return;
          }
          switch (current.state) {
            case "enabled":
              operation.sideEffects.forEach((effect) => {
                reportSideEffect(effect);
              });
              return;
            case "missing":
              context.report({
                loc: operation.span.loc,
                messageId: "missingGuard",
                data: { subject, failure, spelling, outcome: spelling === "OR REPLACE" ? "replaces it" : "skips it" },
                ...fixOrSuggest(current.add, current.certain, spelling, operation.host, current.beside),
              });
              return;
            case "disabled":
              context.report({
                loc: current.span.loc,
                messageId: "guardDisabled",
                data: { subject, failure, written: current.written, enabled: current.enabled },
                ...fixOrSuggest(current.enable, true, spelling, operation.host),
              });
              return;
            case "misnamed":
              context.report({
                loc: current.span.loc,
                messageId: "misnamedGuard",
                data: { subject, failure, writtenAs: current.writtenAs, consequence: current.consequence, enabled: current.enabled },
                ...fixOrSuggest(current.rename, true, spelling, operation.host),
              });
              return;
          }
        }

        function reportSideEffect(effect: UnguardedSideEffect): void {
          context.report({
            loc: effect.span.loc,
            messageId: "unguardedSideEffect",
            data: {
              statement: effect.guardedStatement,
              what: effect.what,
              cause: effect.cause,
              advice: effect.advice,
            },
          });
        }

        function checkUnique(operation: MigrationOperation): void {
          if (operation.host !== "alembic" || operation.kind !== "create_index" || operation.keywords.has("unique")) {
            return;
          }
          const edits = operation.addArgument?.("unique", "False") ?? null;
          context.report({
            loc: operation.span.loc,
            messageId: "missingUnique",
            data: { subject: operation.subject },
            fix: edits ? toFix(edits) : null,
          });
        }
    };

    // One pass over the file's operations, at the root of whichever language parsed it.
    return { Script: check, SqlScript: check, Program: check };
  },
};

export default rule;
