import { parser } from "@lezer/python";
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import { file, python } from "./helpers.js";
import { FILENAME, lintConfig, UNGUARDED } from "./linting.js";

const linter = new Linter({ configType: "flat" });
const HEADER = "from alembic import op\n\n";

function lint(text: string) {
  return linter.verify(text, lintConfig(), { filename: FILENAME });
}

/** The one fatal message of a file that does not parse. */
function parsingError(text: string): { line: number; column: number; message: string } {
  const messages = lint(text);
  expect(messages).toHaveLength(1);
  const [message] = messages;
  expect(message).toMatchObject({ ruleId: null, fatal: true, severity: 2 });
  expect(message?.message).toMatch(/^Parsing error: /u);
  return { line: message?.line ?? 0, column: message?.column ?? 0, message: message?.message ?? "" };
}

function findingLines(text: string): number[] {
  const messages = lint(text);
  expect(messages.filter((message) => message.ruleId !== "migrations/idempotent-ddl")).toEqual([]);
  return messages.map((message) => message.line);
}

describe("syntax errors", () => {
  it("reports an unclosed parenthesis at the end of the file", () => {
    expect(parsingError(`${HEADER}def upgrade():\n    ${UNGUARDED.slice(0, -1)}\n`)).toEqual({
      line: 5,
      column: 1,
      message: "Parsing error: invalid syntax: unexpected end of file",
    });
    expect(parsingError("f(")).toMatchObject({ line: 1, column: 3 });
    expect(parsingError('x = """never closed\n\n')).toEqual({
      line: 1,
      column: 5,
      message: "Parsing error: unterminated string literal",
    });
  });

  it("reports an unterminated string, which the parser would end at the line break", () => {
    expect(parsingError(`${HEADER}x = "abc\n${UNGUARDED}\n`)).toEqual({
      line: 3,
      column: 5,
      message: "Parsing error: unterminated string literal",
    });
    expect(parsingError(`${HEADER}x = f'a{b}\n`)).toMatchObject({ line: 3, column: 5 });
    expect(parsingError(`${HEADER}x = "a\\"\n`)).toMatchObject({ line: 3, column: 5 });
    expect(parsingError(`${HEADER}x = r"a\\"\n`)).toMatchObject({ line: 3, column: 5 });
    expect(findingLines(`${HEADER}x = ["", "\\\\", r"\\\\", '\\'', """a\\"""""", f"{b}"]\n${UNGUARDED}\n`)).toEqual([4]);
  });

  it("reports a stray token where it is", () => {
    expect(parsingError(`${HEADER}x = 1\n)\n${UNGUARDED}\n`)).toEqual({
      line: 4,
      column: 1,
      message: "Parsing error: invalid syntax at ')'",
    });
    expect(parsingError(`${HEADER}op.create_index("ix_a" "t", ["a"] ["b"] 1)\n`)).toMatchObject({ line: 3, column: 41 });
    expect(parsingError(`${HEADER}def upgrade()\n    pass\n`)).toMatchObject({ line: 3, column: 14 });
  });

  it("counts lines the way Python does: CRLF, lone CR, but not U+2028", () => {
    expect(parsingError("x = 1\r\ny = = 2\r\n")).toMatchObject({ line: 2, column: 5 });
    expect(parsingError("x = 1\ry = = 2\r")).toMatchObject({ line: 2, column: 5 });
    expect(parsingError("x = 1\r\nf(\r\n")).toMatchObject({ line: 3, column: 1 });
    expect(findingLines(`${HEADER}x = "\u2028"\n${UNGUARDED}\n`)).toEqual([4]);
  });

  it("reports a missing indented block", () => {
    expect(parsingError(`${HEADER}def upgrade():\n${UNGUARDED}\n`)).toMatchObject({ line: 4, column: 1 });
  });

  it.each([
    ["an unexpected indent", `${HEADER}    ${UNGUARDED}\n`, 3, 5, "unexpected indent"],
    ["an indent inside a block", `${HEADER}def upgrade():\n    x = 1\n        ${UNGUARDED}\n`, 5, 9, "unexpected indent"],
    [
      "a dedent to no outer level",
      `${HEADER}def upgrade():\n    if x:\n        y = 1\n      ${UNGUARDED}\n`,
      6,
      7,
      "unindent does not match any outer indentation level",
    ],
    [
      "a top-level dedent to no outer level",
      `${HEADER}def upgrade():\n    x = 1\n  ${UNGUARDED}\n`,
      5,
      3,
      "unindent does not match any outer indentation level",
    ],
    [
      "tabs and spaces that only agree with 8-column tabs",
      `${HEADER}def upgrade():\n\tx = 1\n        ${UNGUARDED}\n`,
      5,
      9,
      "inconsistent use of tabs and spaces in indentation",
    ],
  ])("reports %s", (_name, text, line, column, message) => {
    expect(parsingError(text)).toEqual({ line, column, message: `Parsing error: ${message}` });
  });

  it("accepts indentation that Python accepts", () => {
    const text = [
      "from alembic import op",
      "",
      "def upgrade():",
      "    x = 1 + \\",
      "            2",
      "    y = [",
      "  1,",
      "          ]",
      "# a comment at any indentation",
      "        # another",
      "    if x:  # ends with a backslash \\",
      "\tz = 1",
      "    \fw = 2",
      "    if y: pass",
      `    ${UNGUARDED}`,
      "",
      "",
      UNGUARDED,
      "",
    ].join("\n");
    expect(findingLines(text)).toEqual([15, 18]);
    expect(findingLines(text.replaceAll("\n", "\r\n"))).toEqual([15, 18]);
    expect(findingLines(text.replaceAll("\n", "\r"))).toEqual([15, 18]);
  });

  it("reads a backslash-CRLF inside a string as a line continuation, and an escaped backslash as none", () => {
    expect(findingLines(`${HEADER}x = "a\\\r\nb"\r\n${UNGUARDED}\r\n`)).toEqual([5]);
    expect(findingLines(`${HEADER}x = r"a\\\r\nb"\r\n${UNGUARDED}\r\n`)).toEqual([5]);
    expect(parsingError(`${HEADER}x = "a\\\\\r\nb"\r\n`)).toEqual({
      line: 3,
      column: 5,
      message: "Parsing error: unterminated string literal",
    });
  });
});

describe("files without statements", () => {
  it.each([
    ["an empty file", ""],
    ["a lone line break", "\n"],
    ["CRLF blank lines", "\r\n\r\n"],
    ["whitespace", "   \n\t\n  \f \n"],
    ["comments", "# nothing here\n    # indented\n#"],
  ])("accepts %s", (_name, text) => {
    expect(lint(text)).toEqual([]);
  });
});

describe("binary input", () => {
  it("reports a NUL byte as a parsing error at its position", () => {
    expect(parsingError(`${HEADER}\0\0\x01\x02binary`)).toEqual({
      line: 3,
      column: 1,
      message: "Parsing error: source contains a NUL byte; this looks like a binary file, not Python",
    });
    expect(parsingError(`${HEADER}x = "a\0b"\n`)).toMatchObject({ line: 3, column: 7 });
  });

  it("decodes a byte body as UTF-8", () => {
    const bytes = new TextEncoder().encode('x = "é"\n');
    expect(python.parse({ ...file(""), body: bytes })).toMatchObject({ ok: true });
    expect(python.parse({ ...file(""), body: Uint8Array.from([0x78, 0x00, 0x31]) })).toMatchObject({
      ok: false,
      errors: [{ line: 1, column: 2 }],
    });
  });
});

describe("large input", () => {
  // About ten seconds on its own; more on a busy machine.
  it("finds every unguarded call in a 5 MB migration", { timeout: 180_000 }, () => {
    const lines = ["from alembic import op", "", "", "def upgrade():"];
    let size = 0;
    let calls = 0;
    while (size < 5 * 1024 * 1024) {
      // Blank and comment lines every so often: the parser used to give up after ~300 of them.
      const line = calls % 50 === 49 ? `    op.create_index("ix_${calls}", "t", ["c"])\n\n    # next` : `    op.create_index("ix_${calls}", "t", ["c"])`;
      lines.push(line);
      size += line.length + 1;
      calls++;
    }
    const messages = lint(`${lines.join("\n")}\n`);
    expect(messages.filter((message) => message.ruleId !== "migrations/idempotent-ddl")).toEqual([]);
    expect(messages).toHaveLength(calls);
  });

  it.each([
    ["blank lines", "\n\n"],
    ["comment lines", "\n# why\n"],
    ["CRLF", "\r\n"],
    ["CRLF blank lines", "\r\n\r\n"],
  ])("parses a thousand statements separated by %s", (_name, separator) => {
    // @lezer/lr gave up after some 300 of them; see PythonLanguage.parse.
    const calls = Array.from({ length: 1000 }, (_, index) => `op.create_index("ix_${index}", "t", ["c"])`);
    expect(findingLines(`${HEADER}${calls.join(separator)}\n`)).toHaveLength(1000);
    const body = calls.map((call) => `    ${call}`).join(separator);
    expect(findingLines(`${HEADER}def upgrade():${separator}${body}\n`)).toHaveLength(1000);
  });

  it("handles a very long single line", () => {
    const prefix = `x = [${"1, ".repeat(200_000)}]; `;
    const messages = lint(`${HEADER}${prefix}${UNGUARDED}\n`);
    expect(messages.map(({ line, column, endColumn }) => ({ line, column, endColumn }))).toEqual([
      { line: 3, column: prefix.length + 1, endColumn: prefix.length + UNGUARDED.length + 1 },
    ]);
  });
});

describe("deeply nested input", () => {
  const nested = (depth: number, open: string, close: string) => `${open.repeat(depth)}"a"${close.repeat(depth)}`;

  it("parses 150 levels of parentheses, lists and calls", () => {
    expect(lint(`${HEADER}x = ${nested(150, "(", ")")}\ny = ${nested(150, "[", "]")}\nz = ${nested(150, "f(", ")")}\n`)).toEqual([]);
    expect(findingLines(`${HEADER}op.create_index("ix_a", "t", ${nested(150, "[", "]")})\n`)).toEqual([3]);
  });

  it("reports 5000 levels as a parsing error", () => {
    for (const [open, close] of [
      ["(", ")"],
      ["[", "]"],
      ["f(", ")"],
      ["-", ""],
    ] as const) {
      expect(parsingError(`${HEADER}x = ${nested(5000, open, close)}\n`).line).toBe(3);
    }
  });

  it("reports nesting that exhausts the stack as a parsing error, however little stack is left", () => {
    const text = `x = ${nested(5000, "[", "]")}\n`;
    // How deep the parser can go depends on the caller's stack; this finds the depth at which
    // @lezer/common's recursive tree building overflows and parses there.
    const atDepth = <T>(depth: number, run: () => T): T => (depth <= 0 ? run() : atDepth(depth - 1, run));
    const overflows = (depth: number) => {
      try {
        atDepth(depth, () => parser.parse(text));
        return false;
      } catch (error) {
        if (error instanceof RangeError) {
          return true;
        }
        throw error;
      }
    };
    let low = 0;
    let high = 1;
    while (!overflows(high)) {
      low = high;
      high *= 2;
    }
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (overflows(middle)) {
        high = middle;
      } else {
        low = middle;
      }
    }
    // Frame sizes change as code gets optimised, so the parser may still fit at `high`; go deeper
    // until it overflows. Every answer on the way is a parse error, never an exception.
    let overflowed = false;
    for (let depth = high; depth < 2 * high && !overflowed; depth += 50) {
      const result = atDepth(depth, () => {
        try {
          return python.parse(file(text));
        } catch (error) {
          return error;
        }
      });
      expect(result).toMatchObject({ ok: false, errors: [{ line: 1 }] });
      overflowed = JSON.stringify(result).includes("too deeply nested to parse");
    }
    expect(overflowed).toBe(true);
  });
});
