import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import { FILENAME, lintConfig, UNGUARDED } from "./linting.js";

const linter = new Linter({ configType: "flat" });

const NOT_SUPPORTED = "this file looks like a Python 2 migration, which is not supported (only Python 3 is)";

function lint(text: string) {
  return linter.verify(text, lintConfig(), { filename: FILENAME }).map(({ ruleId, fatal, line, column, message }) => ({ ruleId, fatal, line, column, message }));
}

const parsingError = (line: number, column: number, message: string) => [{ ruleId: null, fatal: true, line, column, message: `Parsing error: ${message}` }];

/** An Alembic migration from the Python 2 days; its first Python 2 line is the print statement on line 14. */
const PYTHON2_MIGRATION = [
  "# -*- coding: utf-8 -*-",
  '"""add brands',
  "",
  "Revision ID: 1a2b3c4d5e6f",
  '"""',
  "from alembic import op",
  "import sqlalchemy as sa",
  "",
  "revision = '1a2b3c4d5e6f'",
  "down_revision = None",
  "",
  "",
  "def upgrade():",
  '    print "adding brands"',
  "    try:",
  `        ${UNGUARDED}`,
  "    except Exception, e:",
  "        raise",
  '    op.execute(ur"UPDATE brands SET name = \'\\u00e9\'")',
  "",
  "",
  "def downgrade():",
  "    pass",
  "",
].join("\n");

describe("Python 2 migrations", () => {
  it("get one message at their first Python 2 line", () => {
    expect(lint(PYTHON2_MIGRATION)).toEqual(parsingError(14, 5, `A print statement is Python 2 syntax: ${NOT_SUPPORTED}`));
  });

  it.each([
    ['print >>sys.stderr, "x"', 1, "A print statement"],
    ["try:\n    pass\nexcept ValueError, e:\n    pass", 3, "`except E, name:`", 1],
    ['raise ValueError, "bad"', 1, "`raise E, message`"],
    ["if a <> b:\n    pass", 1, "The `<>` operator", 6],
    ["mode = 0644", 1, "An octal literal without `0o`", 8],
    ["big = 10L", 1, "A long integer (`L` suffix)", 7],
    ["name = `value`", 1, "A backtick repr", 8],
    ['sql = ur"SELECT 1"', 1, "The `ur` string prefix", 7],
    ['exec "x = 1" in namespace', 1, "An exec statement"],
  ])("names %j on its line", (code, line, construct, column = 1) => {
    expect(lint(`${code}\n`)).toEqual(parsingError(line, column, `${construct} is Python 2 syntax: ${NOT_SUPPORTED}`));
  });

  it("keeps an earlier syntax error's place and says that the file looks like Python 2", () => {
    expect(lint('x = (1,\ny = 2\nprint "x"\n')).toEqual(
      parsingError(2, 3, `invalid syntax at '=' (a print statement on line 3: ${NOT_SUPPORTED})`),
    );
  });

  it("leaves Python 3 that looks alike alone", () => {
    const python3 = [
      "from alembic import op",
      "",
      "",
      "def upgrade():",
      '    print("adding", "brands")',
      "    print",
      "    try:",
      `        ${UNGUARDED}`,
      "    except (ValueError, TypeError) as e:",
      '        raise RuntimeError("bad") from e',
      "    numbers = 0o644 + 00 + 0644.5 + 0644j + 0x1F",
      '    exec("x = 1")',
      '    names = u"a" + rb"b" + Rb"c" + br"d"',
      "    if numbers != 0:",
      "        pass",
      "",
    ].join("\n");
    expect(lint(python3)).toEqual([
      expect.objectContaining({ ruleId: "migrations/idempotent-ddl", line: 8, column: 9 }),
    ]);
  });
});
