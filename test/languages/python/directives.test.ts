import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import { FILENAME, lintConfig, UNGUARDED } from "./linting.js";

const linter = new Linter({ configType: "flat" });
const HEADER = "from alembic import op\n\n";
const GUARDED = 'op.create_index("ix_a", "t", ["a"], if_not_exists=True)';
const REPORT_UNUSED = lintConfig({ linterOptions: { reportUnusedDisableDirectives: "error" } });
/** ESLint 10 warns about unused directives by default; most tests here are about what is suppressed. */
const QUIET = lintConfig({ linterOptions: { reportUnusedDisableDirectives: "off" } });

function lint(body: string, config = QUIET) {
  return linter
    .verify(HEADER + body, config, { filename: FILENAME })
    .map(({ ruleId, line, column, severity, message }) => ({ ruleId, line, column, severity, message }));
}

/** Lines that the rule reports; other problems must not be there. */
function reportedLines(body: string, config = QUIET): number[] {
  const messages = lint(body, config);
  expect(messages.filter((message) => message.ruleId !== "migrations/idempotent-ddl")).toEqual([]);
  return messages.map((message) => message.line);
}

function fix(body: string, config = REPORT_UNUSED): string {
  return linter.verifyAndFix(HEADER + body, config, { filename: FILENAME }).output.slice(HEADER.length);
}

describe("without directives", () => {
  it("reports the unguarded call", () => {
    expect(reportedLines(`${UNGUARDED}\n`)).toEqual([3]);
  });

  it("ignores directive text inside strings", () => {
    expect(reportedLines('op.create_index("# eslint-disable-line", "t", ["a"])\n')).toEqual([3]);
  });
});

describe("disable directives", () => {
  it("eslint-disable-next-line covers only the next line", () => {
    expect(reportedLines(`# eslint-disable-next-line migrations/idempotent-ddl\n${UNGUARDED}\n${UNGUARDED}\n`)).toEqual([5]);
    expect(reportedLines(`# eslint-disable-next-line migrations/idempotent-ddl\n\n${UNGUARDED}\n`)).toEqual([5]);
  });

  it("eslint-disable-line covers its own line", () => {
    expect(reportedLines(`${UNGUARDED}  # eslint-disable-line migrations/idempotent-ddl\n${UNGUARDED}\n`)).toEqual([4]);
    expect(reportedLines(`${UNGUARDED}  #eslint-disable-line\n`)).toEqual([]);
  });

  it("eslint-disable … eslint-enable covers the lines between", () => {
    const body = [
      "# eslint-disable migrations/idempotent-ddl",
      UNGUARDED,
      "def upgrade():",
      `    ${UNGUARDED}`,
      "    # eslint-enable migrations/idempotent-ddl",
      `    ${UNGUARDED}`,
      "",
    ].join("\n");
    expect(reportedLines(body)).toEqual([8]);
  });

  it("eslint-disable without rules disables every rule to the end of the file", () => {
    expect(reportedLines(`${UNGUARDED}\n# eslint-disable\n${UNGUARDED}\n${UNGUARDED}\n`)).toEqual([3]);
  });

  it("reads a rule list", () => {
    expect(reportedLines(`# eslint-disable-next-line no-console, migrations/idempotent-ddl\n${UNGUARDED}\n`)).toEqual([]);
    expect(reportedLines(`# eslint-disable-next-line no-console,no-undef\n${UNGUARDED}\n`)).toEqual([4]);
  });

  it("keeps a `--` justification out of the rule list and records it", () => {
    expect(
      reportedLines(`# eslint-disable-next-line no-console -- migrations/idempotent-ddl is fine here\n${UNGUARDED}\n`),
    ).toEqual([4]);
    linter.verify(
      `${HEADER}${UNGUARDED}  # eslint-disable-line migrations/idempotent-ddl -- the index is created by hand\n`,
      lintConfig(),
      { filename: FILENAME },
    );
    // ESLint 10's type declarations leave out getSuppressedMessages(), which Linter still has.
    const withSuppressions = linter as Linter & { getSuppressedMessages(): Linter.SuppressedLintMessage[] };
    expect(withSuppressions.getSuppressedMessages().map(({ ruleId, line, suppressions }) => ({ ruleId, line, suppressions }))).toEqual([
      {
        ruleId: "migrations/idempotent-ddl",
        line: 3,
        suppressions: [{ kind: "directive", justification: "the index is created by hand" }],
      },
    ]);
  });
});

describe("configuration comments", () => {
  it("turns the rule off", () => {
    expect(reportedLines(`# eslint migrations/idempotent-ddl: "off"\n${UNGUARDED}\n`)).toEqual([]);
    expect(reportedLines(`${UNGUARDED}\n# eslint migrations/idempotent-ddl: 0\n`)).toEqual([]);
  });

  it("changes severity and options", () => {
    expect(lint(`# eslint migrations/idempotent-ddl: "warn"\n${UNGUARDED}\n`).map((message) => message.severity)).toEqual([1]);
    const withUnique = lint(`# eslint migrations/idempotent-ddl: ["error", { "requireExplicitUnique": true }]\n${GUARDED}\n`);
    expect(withUnique.map(({ line, message }) => ({ line, message }))).toEqual([
      {
        line: 4,
        message:
          "op.create_index() relies on the default `unique=False`; write `unique=False` (or `unique=True`) so that reviewers see which it is.",
      },
    ]);
  });

  it("reports a malformed configuration comment where it is written", () => {
    const messages = lint(`${UNGUARDED}\n# eslint migrations/idempotent-ddl: [error\n`);
    expect(messages).toEqual([
      expect.objectContaining({ ruleId: "migrations/idempotent-ddl", line: 3 }),
      expect.objectContaining({ ruleId: null, line: 4, column: 1, severity: 2 }),
    ]);
    expect(messages[1]?.message).toMatch(/^Failed to parse JSON from/u);
  });

  it("reports an invalid rule option", () => {
    const messages = lint(`# eslint migrations/idempotent-ddl: ["error", { "nope": 1 }]\n${UNGUARDED}\n`);
    // The comment is reported and ignored; the rule still runs with the file's configuration.
    expect(messages.map(({ ruleId, line }) => ({ ruleId, line }))).toEqual([
      { ruleId: "migrations/idempotent-ddl", line: 3 },
      { ruleId: "migrations/idempotent-ddl", line: 4 },
    ]);
    expect(messages[0]?.message).toMatch(/^Inline configuration for rule "migrations\/idempotent-ddl" is invalid:.*\n.*additional properties/u);
  });

  it("reports an unknown rule", () => {
    const messages = lint(`# eslint migrations/no-such-rule: "error"\n${UNGUARDED}\n`);
    expect(messages.map(({ ruleId, line }) => ({ ruleId, line }))).toEqual([
      { ruleId: "migrations/no-such-rule", line: 3 },
      { ruleId: "migrations/idempotent-ddl", line: 4 },
    ]);
  });
});

describe("unused directives", () => {
  it("reports a disable directive that suppresses nothing", () => {
    expect(lint(`# eslint-disable-next-line migrations/idempotent-ddl\n${GUARDED}\n`, REPORT_UNUSED)).toEqual([
      {
        ruleId: null,
        line: 3,
        column: 1,
        severity: 2,
        message: "Unused eslint-disable directive (no problems were reported from 'migrations/idempotent-ddl').",
      },
    ]);
  });

  it("does not report a directive that is used", () => {
    expect(lint(`# eslint-disable-next-line migrations/idempotent-ddl\n${UNGUARDED}\n`, REPORT_UNUSED)).toEqual([]);
  });

  it("removes an unused comment, as ESLint does for JavaScript comments", () => {
    expect(fix(`# eslint-disable-next-line migrations/idempotent-ddl\n${GUARDED}\n`)).toBe(` \n${GUARDED}\n`);
    expect(fix(`${GUARDED}  # eslint-disable-line migrations/idempotent-ddl -- why\n`)).toBe(`${GUARDED}   \n`);
    expect(fix(`${GUARDED}\r\n# eslint-disable\r\n`)).toBe(`${GUARDED}\r\n \r\n`);
  });

  it("removes only the unused rule from a list", () => {
    expect(fix(`# eslint-disable-next-line migrations/idempotent-ddl, no-console\n${UNGUARDED}\n`)).toBe(
      `# eslint-disable-next-line migrations/idempotent-ddl\n${UNGUARDED}\n`,
    );
    expect(fix(`# eslint-disable-next-line no-console,migrations/idempotent-ddl -- why\n${UNGUARDED}\n`)).toBe(
      `# eslint-disable-next-line migrations/idempotent-ddl -- why\n${UNGUARDED}\n`,
    );
  });

  it("fixes the call and removes the directive that no longer applies in one pass", () => {
    expect(fix(`${UNGUARDED}\n# eslint-disable-next-line migrations/idempotent-ddl\n${GUARDED}\n`)).toBe(
      `${GUARDED}\n \n${GUARDED}\n`,
    );
  });

  it("reports an eslint-enable without a matching eslint-disable", () => {
    const messages = lint(`${GUARDED}\n# eslint-enable migrations/idempotent-ddl\n`, REPORT_UNUSED);
    expect(messages).toEqual([
      expect.objectContaining({
        ruleId: null,
        line: 4,
        message: "Unused eslint-enable directive (no matching eslint-disable directives were found for 'migrations/idempotent-ddl').",
      }),
    ]);
    expect(fix(`${GUARDED}\n# eslint-enable migrations/idempotent-ddl\n`)).toBe(`${GUARDED}\n \n`);
  });

  it("reports an inline config that changes nothing", () => {
    const config = lintConfig({ linterOptions: { reportUnusedInlineConfigs: "error" } });
    expect(lint(`# eslint migrations/idempotent-ddl: "error"\n${GUARDED}\n`, config)).toEqual([
      {
        ruleId: null,
        line: 3,
        column: 1,
        severity: 2,
        message: "Unused inline config ('migrations/idempotent-ddl' is already configured to 'error').",
      },
    ]);
  });
});

describe("noInlineConfig", () => {
  const config = lintConfig({ linterOptions: { noInlineConfig: true } });

  it("ignores disable directives and config comments, and says so", () => {
    const messages = lint(
      `# eslint-disable-next-line migrations/idempotent-ddl\n${UNGUARDED}\n# eslint migrations/idempotent-ddl: "off"\n${UNGUARDED}\n`,
      config,
    );
    expect(messages.map(({ ruleId, line, severity }) => ({ ruleId, line, severity }))).toEqual([
      { ruleId: null, line: 3, severity: 1 },
      { ruleId: "migrations/idempotent-ddl", line: 4, severity: 2 },
      { ruleId: null, line: 5, severity: 1 },
      { ruleId: "migrations/idempotent-ddl", line: 6, severity: 2 },
    ]);
    expect(messages[0]?.message).toMatch(/has no effect because you have 'noInlineConfig' setting/u);
  });
});
