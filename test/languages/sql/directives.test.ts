import type { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import { FILENAME, lint, lintConfig, linter, QUIET } from "./helpers.js";

const STATEMENT = "CREATE TABLE a (id int);";
const REPORT_UNUSED = lintConfig({ linterOptions: { reportUnusedDisableDirectives: "error" } });

/** Lines that the probe reports; other problems must not be there. */
function reportedLines(text: string, filename = FILENAME): number[] {
  const messages = lint(text, filename);
  expect(messages.filter((message) => message.ruleId !== "migrations/probe")).toEqual([]);
  return messages.map((message) => message.line);
}

function fix(text: string, config = REPORT_UNUSED): string {
  return linter.verifyAndFix(text, config, { filename: FILENAME }).output;
}

describe("disable directives", () => {
  it("eslint-disable-next-line covers only the next line, in a line or a block comment", () => {
    expect(reportedLines(`-- eslint-disable-next-line migrations/probe\n${STATEMENT}\n${STATEMENT}\n`)).toEqual([3]);
    expect(reportedLines(`/* eslint-disable-next-line migrations/probe */\n${STATEMENT}\n${STATEMENT}\n`)).toEqual([3]);
    expect(reportedLines(`-- eslint-disable-next-line migrations/probe\n\n${STATEMENT}\n`)).toEqual([3]);
  });

  it("eslint-disable-line covers its own line", () => {
    expect(reportedLines(`${STATEMENT} -- eslint-disable-line migrations/probe\n${STATEMENT}\n`)).toEqual([2]);
    expect(reportedLines(`${STATEMENT} /* eslint-disable-line */ ${STATEMENT}\n`)).toEqual([]);
    expect(reportedLines(`${STATEMENT} --eslint-disable-line\n`)).toEqual([]);
  });

  it("reports an eslint-disable-line block comment that spans lines", () => {
    expect(lint(`${STATEMENT} /* eslint-disable-line\n*/\n`)).toEqual([
      expect.objectContaining({ ruleId: "migrations/probe", line: 1 }),
      expect.objectContaining({ ruleId: null, line: 1, column: 26, message: "eslint-disable-line comment should not span multiple lines." }),
    ]);
  });

  it("eslint-disable … eslint-enable covers the lines between", () => {
    const text = [
      STATEMENT,
      "/* eslint-disable migrations/probe */",
      STATEMENT,
      "DO $$ BEGIN",
      "  CREATE INDEX ix ON a (id);",
      "END $$;",
      "-- eslint-enable migrations/probe",
      STATEMENT,
      "",
    ].join("\n");
    expect(reportedLines(text)).toEqual([1, 8]);
  });

  it("eslint-disable without rules disables every rule to the end of the file", () => {
    expect(reportedLines(`${STATEMENT}\n-- eslint-disable\n${STATEMENT}\n${STATEMENT}\n`)).toEqual([1]);
  });

  it("reads a rule list", () => {
    expect(reportedLines(`-- eslint-disable-next-line no-console, migrations/probe\n${STATEMENT}\n`)).toEqual([]);
    expect(reportedLines(`-- eslint-disable-next-line no-console,no-undef\n${STATEMENT}\n`)).toEqual([2]);
  });

  it("ignores directive text in a string literal", () => {
    expect(reportedLines("SELECT '-- eslint-disable-line';\nSELECT $$ /* eslint-disable */ $$;\nSELECT 1;\n")).toEqual([1, 2, 3]);
  });

  it("finds directives in every piece of a file that a migration tool splits", () => {
    const dbmate = `-- migrate:up\n${STATEMENT}\n-- migrate:down\n-- eslint-disable-next-line migrations/probe\nDROP TABLE a;\n`;
    expect(reportedLines(dbmate)).toEqual([2]);
    const drizzle = `${STATEMENT}\n--> statement-breakpoint\n${STATEMENT} -- eslint-disable-line migrations/probe\n`;
    expect(reportedLines(drizzle, "drizzle/0000_init.sql")).toEqual([1]);
    const goose = `-- +goose Up\n-- +goose StatementBegin\n-- eslint-disable-next-line migrations/probe\nDO $$ BEGIN PERFORM 1; END $$;\n-- +goose StatementEnd\n`;
    expect(reportedLines(goose)).toEqual([]);
  });

  it("keeps a `--` justification out of the rule list and records it", () => {
    expect(reportedLines(`-- eslint-disable-next-line no-console -- migrations/probe is fine here\n${STATEMENT}\n`)).toEqual([2]);
    linter.verify(`${STATEMENT} -- eslint-disable-line migrations/probe -- created by hand on every database`, lintConfig(), {
      filename: FILENAME,
    });
    // ESLint 10's type declarations leave out getSuppressedMessages(), which Linter still has.
    const withSuppressions = linter as Linter & { getSuppressedMessages(): Linter.SuppressedLintMessage[] };
    expect(withSuppressions.getSuppressedMessages().map(({ ruleId, line, suppressions }) => ({ ruleId, line, suppressions }))).toEqual([
      {
        ruleId: "migrations/probe",
        line: 1,
        suppressions: [{ kind: "directive", justification: "created by hand on every database" }],
      },
    ]);
  });
});

describe("configuration comments", () => {
  it("turns the rule off", () => {
    expect(reportedLines(`-- eslint migrations/probe: "off"\n${STATEMENT}\n`)).toEqual([]);
    expect(reportedLines(`${STATEMENT}\n/* eslint migrations/probe: 0 */\n`)).toEqual([]);
  });

  it("changes severity", () => {
    const messages = linter.verify(`-- eslint migrations/probe: "warn"\n${STATEMENT}\n`, QUIET, { filename: FILENAME });
    expect(messages.map(({ severity }) => severity)).toEqual([1]);
  });

  it("reports a malformed configuration comment where it is written", () => {
    const messages = lint(`${STATEMENT}\n-- eslint migrations/probe: [error\n`);
    expect(messages).toEqual([
      expect.objectContaining({ ruleId: "migrations/probe", line: 1 }),
      expect.objectContaining({ ruleId: null, line: 2, column: 1 }),
    ]);
    expect(messages[1]?.message).toMatch(/^Failed to parse JSON from/u);
  });
});

describe("unused directives", () => {
  it("reports a disable directive that suppresses nothing", () => {
    expect(lint(`-- eslint-disable-next-line migrations/probe\n\n${STATEMENT}\n`, FILENAME, REPORT_UNUSED)).toEqual([
      {
        ruleId: null,
        line: 1,
        column: 1,
        // ESLint gives directive problems a start only, whatever the language.
        endLine: undefined,
        endColumn: undefined,
        message: "Unused eslint-disable directive (no problems were reported from 'migrations/probe').",
      },
      { ruleId: "migrations/probe", line: 3, column: 1, endLine: 3, endColumn: 24, message: "CreateStmt" },
    ]);
  });

  it("does not report a directive that is used", () => {
    expect(lint(`-- eslint-disable-next-line migrations/probe\n${STATEMENT}\n`, FILENAME, REPORT_UNUSED)).toEqual([]);
  });

  it("removes an unused comment, as ESLint does for JavaScript comments", () => {
    expect(fix(`-- eslint-disable-next-line migrations/probe\n\n${STATEMENT}\n`)).toBe(` \n\n${STATEMENT}\n`);
    expect(fix(`SELECT 1; /* eslint-disable-line no-console -- why */ SELECT 2;\n`)).toBe("SELECT 1;   SELECT 2;\n");
    expect(fix(`${STATEMENT}\r\n-- eslint-disable\r\n`)).toBe(`${STATEMENT}\r\n \r\n`);
  });

  it("removes only the unused rule from a list", () => {
    expect(fix(`-- eslint-disable-next-line migrations/probe, no-console\n${STATEMENT}\n`)).toBe(
      `-- eslint-disable-next-line migrations/probe\n${STATEMENT}\n`,
    );
    expect(fix(`/* eslint-disable-next-line no-console,migrations/probe -- why */\n${STATEMENT}\n`)).toBe(
      `/* eslint-disable-next-line migrations/probe -- why */\n${STATEMENT}\n`,
    );
  });

  it("reports an eslint-enable without a matching eslint-disable", () => {
    expect(lint(`-- eslint-enable migrations/probe\n`, FILENAME, REPORT_UNUSED)).toEqual([
      expect.objectContaining({
        ruleId: null,
        line: 1,
        message: "Unused eslint-enable directive (no matching eslint-disable directives were found for 'migrations/probe').",
      }),
    ]);
    expect(fix(`-- eslint-enable migrations/probe\n`)).toBe(" \n");
  });

  it("reports an inline config that changes nothing", () => {
    const config = lintConfig({ linterOptions: { reportUnusedInlineConfigs: "error" } });
    expect(lint(`-- eslint migrations/probe: "error"\n`, FILENAME, config)).toEqual([
      expect.objectContaining({
        ruleId: null,
        line: 1,
        column: 1,
        message: "Unused inline config ('migrations/probe' is already configured to 'error').",
      }),
    ]);
  });
});

describe("noInlineConfig", () => {
  it("ignores disable directives and config comments, and says so", () => {
    const config = lintConfig({ linterOptions: { noInlineConfig: true } });
    const messages = lint(`-- eslint-disable-next-line migrations/probe\n${STATEMENT}\n-- eslint migrations/probe: "off"\n${STATEMENT}\n`, FILENAME, config);
    expect(messages.map(({ ruleId, line }) => ({ ruleId, line }))).toEqual([
      { ruleId: null, line: 1 },
      { ruleId: "migrations/probe", line: 2 },
      { ruleId: null, line: 3 },
      { ruleId: "migrations/probe", line: 4 },
    ]);
    expect(messages[0]?.message).toMatch(/has no effect because you have 'noInlineConfig' setting/u);
  });
});
