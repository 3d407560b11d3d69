import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import { isNodeType, type PyNode, type StringPart } from "../../../src/languages/python/ast.js";
import { firstOfType, nodesOfType, parse, textOf } from "./helpers.js";
import { FILENAME, lintConfig, UNGUARDED } from "./linting.js";

function importsOf(text: string) {
  return nodesOfType(parse(text), "ImportStatement").map(({ from, names }) => ({ from, names }));
}

describe("ImportStatement", () => {
  it("reads `from … import` names with and without aliases", () => {
    const text = "from alembic import op as o, context\n";
    const statement = firstOfType(parse(text), "ImportStatement");
    expect(statement.from).toBe("alembic");
    expect(statement.names).toEqual([
      { name: "op", alias: "o" },
      { name: "context", alias: null },
    ]);
    expect(statement.range).toEqual([0, 36]);
    expect(statement.loc).toEqual({ start: { line: 1, column: 0 }, end: { line: 1, column: 36 } });
  });

  it("keeps a dotted module of `import … as` as written", () => {
    expect(importsOf("import alembic.op as x\nimport os, sqlalchemy.sql.expression\n")).toEqual([
      { from: null, names: [{ name: "alembic.op", alias: "x" }] },
      {
        from: null,
        names: [
          { name: "os", alias: null },
          { name: "sqlalchemy.sql.expression", alias: null },
        ],
      },
    ]);
  });

  it("keeps the leading dots of relative imports", () => {
    expect(
      importsOf(
        [
          "from . import x",
          "from .models import y as z",
          "from ..a.b import c",
          "from ...pkg import d",
          "from .... import e",
          "from .. import *",
        ].join("\n"),
      ),
    ).toEqual([
      { from: ".", names: [{ name: "x", alias: null }] },
      { from: ".models", names: [{ name: "y", alias: "z" }] },
      { from: "..a.b", names: [{ name: "c", alias: null }] },
      // The tokenizer reads `...` as one Ellipsis token, not three dots.
      { from: "...pkg", names: [{ name: "d", alias: null }] },
      { from: "....", names: [{ name: "e", alias: null }] },
      { from: "..", names: [{ name: "*", alias: null }] },
    ]);
  });

  it("reads parenthesised names across lines, with comments and a trailing comma", () => {
    const text = "from alembic import (\n    op as o,  # the operations\n    context,\n)\n";
    const ast = parse(text);
    expect(importsOf(text)).toEqual([
      {
        from: "alembic",
        names: [
          { name: "op", alias: "o" },
          { name: "context", alias: null },
        ],
      },
    ]);
    expect(ast.comments.map((comment) => comment.value)).toEqual([" the operations"]);
    const statement = firstOfType(ast, "ImportStatement");
    expect(statement.loc).toEqual({ start: { line: 1, column: 0 }, end: { line: 4, column: 1 } });
    expect(statement.children.map((child) => child.type)).not.toContain("Comment");
  });
});

describe("CallExpression and ArgList", () => {
  const text = 'op.create_index("ix", "t", ["a"], *cols, unique=True, **kw,)\n';
  const call = firstOfType(parse(text), "CallExpression");

  it("groups keyword, star and double-star arguments into one node each", () => {
    const args = call.argList.children;
    expect(args.map((arg) => arg.type)).toEqual([
      "String",
      "String",
      "ArrayExpression",
      "StarArgument",
      "KeywordArgument",
      "DoubleStarArgument",
    ]);
    expect(args.map((arg) => textOf(text, arg))).toEqual([
      '"ix"',
      '"t"',
      '["a"]',
      "*cols",
      "unique=True",
      "**kw",
    ]);
    const keyword = args[4];
    if (!isNodeType(keyword, "KeywordArgument")) {
      throw new Error("expected a keyword argument");
    }
    expect(keyword.name).toMatchObject({ type: "VariableName", name: "unique" });
    expect(keyword.value).toMatchObject({ type: "Boolean", value: true });
    expect(keyword.children).toEqual([keyword.name, keyword.value]);
    const star = args[3] as PyNode;
    expect(star.children.map((child) => textOf(text, child))).toEqual(["cols"]);
  });

  it("records the comma offsets, including a trailing comma", () => {
    expect(call.argList.commas.map((offset) => text[offset])).toEqual([",", ",", ",", ",", ",", ","]);
    expect(call.argList.commas).toEqual([20, 25, 32, 39, 52, 58]);
    expect(call.argList.generator).toBe(false);
    expect(call.argList.range).toEqual([15, 60]);
  });

  it("exposes the callee and the argument list", () => {
    expect(textOf(text, call.callee)).toBe("op.create_index");
    expect(call.children).toEqual([call.callee, call.argList]);
    expect(call.range).toEqual([0, 60]);
  });

  it("marks a bare generator argument", () => {
    const generator = firstOfType(parse("f(x for x in y)\n"), "ArgList");
    expect(generator.generator).toBe(true);
    expect(generator.commas).toEqual([]);
    const empty = firstOfType(parse("f()\n"), "ArgList");
    expect(empty).toMatchObject({ children: [], commas: [], generator: false, range: [1, 3] });
  });

  it("ignores comments between a keyword, `=` and the value", () => {
    const source = "f(a=  # why\n  1, b  # why\n  = 2)\n";
    const args = firstOfType(parse(source), "ArgList").children;
    expect(args.map((arg) => [arg.type, textOf(source, arg)])).toEqual([
      ["KeywordArgument", "a=  # why\n  1"],
      ["KeywordArgument", "b  # why\n  = 2"],
    ]);
    for (const arg of args) {
      expect(arg.children.map((child) => child.type)).toEqual(["VariableName", "Number"]);
    }
  });

  it("keeps a call's own call as the callee of the outer call", () => {
    const source = "f(a)(b=1)\n";
    const outer = firstOfType(parse(source), "CallExpression");
    expect(textOf(source, outer.callee)).toBe("f(a)");
    expect(outer.callee.type).toBe("CallExpression");
    expect(outer.argList.children.map((arg) => arg.type)).toEqual(["KeywordArgument"]);
  });
});

describe("MemberExpression", () => {
  it("tells attributes from subscripts", () => {
    const text = "a.b[c].d\n";
    const members = nodesOfType(parse(text), "MemberExpression");
    expect(members.map((member) => [textOf(text, member), member.computed, member.property.type])).toEqual([
      ["a.b[c].d", false, "PropertyName"],
      ["a.b[c]", true, "VariableName"],
      ["a.b", false, "PropertyName"],
    ]);
    const [outer, subscript, inner] = members;
    expect(outer?.property).toMatchObject({ name: "d" });
    expect(subscript?.object).toBe(inner);
    expect(inner?.object).toMatchObject({ type: "VariableName", name: "a" });
  });

  it("keeps every subscript expression as a child", () => {
    // The grammar has no slice node: `1:2` leaves its bounds as separate children.
    const text = 'a["k"]\nb[1:2, x]\n';
    const [string, slice] = nodesOfType(parse(text), "MemberExpression");
    expect(string?.computed).toBe(true);
    expect(string?.property.type).toBe("String");
    expect(slice?.computed).toBe(true);
    expect(slice?.children.slice(1).map((child) => textOf(text, child))).toEqual(["1", "2", "x"]);
  });
});

describe("WithStatement", () => {
  it("splits several items into WithItem nodes with optional targets", () => {
    const text = 'with op.batch_alter_table("t") as batch, lock, open(p) as f:\n    batch.drop_column("c")\n';
    const statement = firstOfType(parse(text), "WithStatement");
    expect(
      statement.items.map((item) => [
        textOf(text, item),
        textOf(text, item.context),
        item.target ? textOf(text, item.target) : null,
      ]),
    ).toEqual([
      ['op.batch_alter_table("t") as batch', 'op.batch_alter_table("t")', "batch"],
      ["lock", "lock", null],
      ["open(p) as f", "open(p)", "f"],
    ]);
    expect(statement.body?.type).toBe("Body");
    expect(statement.children).toEqual([...statement.items, statement.body]);
    expect(statement.items[0]?.children).toEqual([statement.items[0]?.context, statement.items[0]?.target]);
    expect(statement.items[1]?.children).toEqual([statement.items[1]?.context]);
    expect(statement.items[2]?.loc).toEqual({ start: { line: 1, column: 47 }, end: { line: 1, column: 59 } });
  });
});

describe("String, FormatString and ContinuedString", () => {
  const prefixes = ["", "r", "R", "u", "U", "b", "B", "br", "Br", "bR", "BR", "rb", "rB", "Rb", "RB"];
  const formatPrefixes = ["f", "F", "fr", "fR", "Fr", "FR", "rf", "rF", "Rf", "RF"];
  const quotes = ["'", '"', "'''", '"""'] as const;

  it.each(quotes)("reads every prefix with %s quotes", (quote) => {
    const all = [...prefixes, ...formatPrefixes];
    const text = all.map((prefix, index) => `x${index} = ${prefix}${quote}v${quote}\n`).join("");
    const parts = nodesOfType(parse(text), "String").concat(nodesOfType(parse(text), "FormatString"));
    parts.sort((a, b) => a.range[0] - b.range[0]);
    expect(parts.map((part) => ({ type: part.type, prefix: part.prefix, quote: part.quote }))).toEqual(
      all.map((prefix) => ({
        type: formatPrefixes.includes(prefix) ? "FormatString" : "String",
        prefix: prefix.toLowerCase(),
        quote,
      })),
    );
    for (const part of parts) {
      expect(textOf(text, { range: part.contentRange })).toBe("v");
    }
  });

  it("gives content ranges of empty and multi-line strings", () => {
    const text = "a = ''\nb = \"\"\"\nline\n\"\"\"\n";
    const [empty, long] = nodesOfType(parse(text), "String");
    expect(empty?.contentRange).toEqual([5, 5]);
    expect(long).toMatchObject({ quote: '"""', range: [11, 23], contentRange: [14, 20] });
    expect(long?.loc).toEqual({ start: { line: 2, column: 4 }, end: { line: 4, column: 3 } });
  });

  it("collects implicitly concatenated parts in a ContinuedString", () => {
    const text = 'x = ("a"\n     r\'b\'  # c\n     f"{d}e")\n';
    const continued = firstOfType(parse(text), "ContinuedString");
    const parts: StringPart[] = continued.children;
    expect(parts.map((part) => [part.type, part.prefix, textOf(text, part)])).toEqual([
      ["String", "", '"a"'],
      ["String", "r", "r'b'"],
      ["FormatString", "f", 'f"{d}e"'],
    ]);
    expect(continued.loc).toEqual({ start: { line: 1, column: 5 }, end: { line: 3, column: 12 } });
    expect(parts[2]?.children.map((child) => child.type)).toEqual(["FormatReplacement"]);
  });
});

describe("ranges and locations", () => {
  it("counts CRLF as one line break", () => {
    const text = 'a = 1\r\nb = "x"\r\n';
    const [, b] = nodesOfType(parse(text), "VariableName");
    expect(b).toMatchObject({ name: "b", range: [7, 8] });
    expect(b?.loc).toEqual({ start: { line: 2, column: 0 }, end: { line: 2, column: 1 } });
    const string = firstOfType(parse(text), "String");
    expect(string.loc).toEqual({ start: { line: 2, column: 4 }, end: { line: 2, column: 7 } });
    expect(parse(text).loc).toEqual({ start: { line: 1, column: 0 }, end: { line: 3, column: 0 } });
  });

  it("counts a lone CR as a line break", () => {
    const text = "a = 1\rb = f(\r  c)\r";
    const ast = parse(text);
    const c = nodesOfType(ast, "VariableName").find((node) => node.name === "c");
    expect(c?.loc).toEqual({ start: { line: 3, column: 2 }, end: { line: 3, column: 3 } });
    expect(firstOfType(ast, "CallExpression").loc).toEqual({
      start: { line: 2, column: 4 },
      end: { line: 3, column: 4 },
    });
  });

  it("counts a tab as one column", () => {
    const text = "if a:\n\tb = 1\n";
    const b = nodesOfType(parse(text), "VariableName").find((node) => node.name === "b");
    expect(b?.loc).toEqual({ start: { line: 2, column: 1 }, end: { line: 2, column: 2 } });
    expect(b?.range).toEqual([7, 8]);
  });

  it("measures non-ASCII identifiers and strings in UTF-16 code units", () => {
    const text = 'café = "naïve"; é = 1\n';
    const ast = parse(text);
    const names = nodesOfType(ast, "VariableName");
    expect(names.map((name) => [name.name, name.range])).toEqual([
      ["café", [0, 4]],
      ["é", [16, 17]],
    ]);
    expect(firstOfType(ast, "String")).toMatchObject({ range: [7, 14], contentRange: [8, 13] });
  });

  it("counts an astral character as two columns", () => {
    const text = 's = "😀"; t = 1  # 😀 done\n𝔘 = 2\n';
    const ast = parse(text);
    const names = nodesOfType(ast, "VariableName");
    expect(names.map((name) => [name.name, name.loc.start, name.loc.end])).toEqual([
      ["s", { line: 1, column: 0 }, { line: 1, column: 1 }],
      ["t", { line: 1, column: 10 }, { line: 1, column: 11 }],
      ["𝔘", { line: 2, column: 0 }, { line: 2, column: 2 }],
    ]);
    expect(firstOfType(ast, "String").contentRange).toEqual([5, 7]);
    expect(ast.comments[0]).toMatchObject({ value: " 😀 done", range: [17, 26] });
  });

  it("places reports correctly in a file with a BOM, which ESLint strips before parsing", () => {
    const linter = new Linter({ configType: "flat" });
    const text = `\uFEFFfrom alembic import op\r\n\r\n${UNGUARDED}\r\n`;
    const messages = linter.verify(text, lintConfig(), { filename: FILENAME });
    expect(messages.map(({ line, column, endLine, endColumn }) => ({ line, column, endLine, endColumn }))).toEqual([
      { line: 3, column: 1, endLine: 3, endColumn: 36 },
    ]);
    const fixed = linter.verifyAndFix(text, lintConfig(), { filename: FILENAME });
    expect(fixed.output).toBe(
      `\uFEFFfrom alembic import op\r\n\r\nop.create_index("ix_a", "t", ["a"], if_not_exists=True)\r\n`,
    );
  });

  it("ends a block at its last line, not at the blank and comment lines after it", () => {
    for (const lineBreak of ["\n", "\r\n", "\r"]) {
      const text = ["def f():", "    a = 1  # one", "", "  # two", "# three", "", "b = 2", ""].join(lineBreak);
      const ast = parse(text);
      const definition = firstOfType(ast, "FunctionDefinition");
      const firstLineBreak = text.indexOf(lineBreak, text.indexOf("# one"));
      expect(definition.range).toEqual([0, firstLineBreak + lineBreak.length]);
      expect(definition.loc.end).toEqual({ line: 3, column: 0 });
      expect(ast.comments.map((comment) => [comment.value, textOf(text, comment), comment.loc.start])).toEqual([
        [" one", "# one", { line: 2, column: 11 }],
        [" two", "# two", { line: 4, column: 2 }],
        [" three", "# three", { line: 5, column: 0 }],
      ]);
    }
  });

  it("starts the Escape of a backslash-CRLF at the backslash", () => {
    const text = 'x = "a\\\r\nb\\n"\r\n';
    const escapes = parse(text).children[0]?.children.at(-1)?.children ?? [];
    expect(escapes.map((escape) => [escape.type, textOf(text, escape)])).toEqual([
      ["Escape", "\\\r\n"],
      ["Escape", "\\n"],
    ]);
  });

  it("gives the Script the whole text and comments their own ranges", () => {
    const text = "# head\nx = 1  # tail";
    const ast = parse(text);
    expect(ast.range).toEqual([0, text.length]);
    expect(ast.comments).toEqual([
      { type: "Comment", value: " head", range: [0, 6], loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 6 } } },
      { type: "Comment", value: " tail", range: [14, 20], loc: { start: { line: 2, column: 7 }, end: { line: 2, column: 13 } } },
    ]);
  });
});
