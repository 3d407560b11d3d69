import type { TraversalStep } from "@eslint/core";
import { describe, expect, it } from "vitest";
import type { PyNode } from "../../../src/languages/python/ast.js";
import { allNodes, firstOfType, nodesOfType, parse, python, sourceCode, textOf } from "./helpers.js";

/** Enter/exit steps as `+Type` / `-Type`, with the parent each step passes along. */
function steps(text: string): string[] {
  return [...sourceCode(text).traverse()].map((step: TraversalStep) => {
    if (step.kind !== 1) {
      throw new Error("the Python source code has no call steps");
    }
    const [node, parent] = step.args as [PyNode, PyNode | undefined];
    expect(node).toBe(step.target);
    return `${step.phase === 1 ? "+" : "-"}${node.type}${parent ? `<${parent.type}` : ""}`;
  });
}

describe("getParent and getAncestors", () => {
  const text = "def upgrade():\n    op.create_index(name='ix')  # why\n";
  const code = sourceCode(text);
  const keyword = firstOfType(code.ast, "KeywordArgument");

  it("links every node to its parent", () => {
    expect(code.getParent(code.ast)).toBeUndefined();
    expect(code.getParent(keyword)?.type).toBe("ArgList");
    expect(code.getParent(keyword.value)).toBe(keyword);
    for (const node of allNodes(code.ast)) {
      const parent = code.getParent(node);
      if (node !== code.ast) {
        expect(parent?.children).toContain(node);
      }
    }
  });

  it("lists ancestors from the root down", () => {
    expect(code.getAncestors(keyword.value).map((node) => node.type)).toEqual([
      "Script",
      "FunctionDefinition",
      "Body",
      "ExpressionStatement",
      "CallExpression",
      "ArgList",
      "KeywordArgument",
    ]);
    expect(code.getAncestors(code.ast)).toEqual([]);
  });

  it("gives comments no parent: they are not part of the tree", () => {
    expect(code.comments).toHaveLength(1);
    expect(code.getParent(code.comments[0] as NonNullable<(typeof code.comments)[0]>)).toBeUndefined();
  });
});

describe("traverse", () => {
  it("enters parents before children and exits them after, in source order", () => {
    expect(steps("f(a, k=b)\n")).toEqual([
      "+Script",
      "+ExpressionStatement<Script",
      "+CallExpression<ExpressionStatement",
      "+VariableName<CallExpression",
      "-VariableName<CallExpression",
      "+ArgList<CallExpression",
      "+VariableName<ArgList",
      "-VariableName<ArgList",
      "+KeywordArgument<ArgList",
      "+VariableName<KeywordArgument",
      "-VariableName<KeywordArgument",
      "+VariableName<KeywordArgument",
      "-VariableName<KeywordArgument",
      "-KeywordArgument<ArgList",
      "-ArgList<CallExpression",
      "-CallExpression<ExpressionStatement",
      "-ExpressionStatement<Script",
      "-Script",
    ]);
  });

  it("visits every node once on the way in and once on the way out", () => {
    const code = sourceCode("with a as b:\n    c[d].e(*f, **g)\n");
    const entered = [...code.traverse()].filter((step) => step.kind === 1 && step.phase === 1);
    expect(entered.map((step) => step.target)).toEqual(allNodes(code.ast));
    expect([...code.traverse()]).toHaveLength(2 * allNodes(code.ast).length);
  });

  it("walks a tree deeper than the call stack would allow to recurse", () => {
    const depth = 2500;
    const code = sourceCode(`x = ${"[".repeat(depth)}1${"]".repeat(depth)}\n`);
    const all = [...code.traverse()];
    expect(all).toHaveLength(2 * allNodes(code.ast).length);
    const innermost = allNodes(code.ast).filter((node) => node.type === "ArrayExpression").at(-1) as PyNode;
    expect(code.getAncestors(innermost)).toHaveLength(depth + 1);
  });
});

describe("text, lines and locations", () => {
  it("returns the text of the file and of nodes, with context", () => {
    const text = "x = f(a)\n";
    const code = sourceCode(text);
    const call = firstOfType(code.ast, "CallExpression");
    expect(code.getText()).toBe(text);
    expect(code.getText(call)).toBe("f(a)");
    expect(code.getText(call, 2, 1)).toBe("= f(a)\n");
    expect(code.getRange(call)).toEqual([4, 8]);
    expect(code.getLoc(call)).toEqual({ start: { line: 1, column: 4 }, end: { line: 1, column: 8 } });
  });

  it.each([
    ["LF", "a\nb\n", ["a", "b", ""]],
    ["CRLF", "a\r\nb\r\n", ["a", "b", ""]],
    ["CR", "a\rb", ["a", "b"]],
    ["mixed", "a\r\n\rb\nc\r", ["a", "", "b", "c", ""]],
    ["U+2028, which Python does not break lines at", "a\u2028b\u2029c\n", ["a\u2028b\u2029c", ""]],
  ])("splits lines at %s", (_name, text, lines) => {
    expect(sourceCode(text).lines).toEqual(lines);
  });

  it("agrees with every node's range and loc, whatever the line endings", () => {
    const body = 'def upgrade():\n\top.f(x="é😀", y=(\n\t\t1))  # ok\n    \nz = """a\nb"""\n';
    for (const lineBreak of ["\n", "\r\n", "\r"]) {
      const text = body.replaceAll("\n", lineBreak);
      const code = sourceCode(text);
      for (const node of [...allNodes(code.ast), ...code.comments]) {
        expect(code.getLocFromIndex(node.range[0])).toEqual(node.loc.start);
        expect(code.getLocFromIndex(node.range[1])).toEqual(node.loc.end);
        expect(code.getIndexFromLoc(node.loc.start)).toBe(node.range[0]);
        expect(code.getIndexFromLoc(node.loc.end)).toBe(node.range[1]);
      }
      const string = nodesOfType(code.ast, "String")[0];
      expect(string && textOf(text, string)).toBe('"é😀"');
      expect(string?.loc).toEqual({ start: { line: 2, column: 8 }, end: { line: 2, column: 13 } });
    }
  });

  it("maps every offset to a location and back", () => {
    const text = "a = 1\r\nb = '\t😀'\rc = 2\n";
    const code = sourceCode(text);
    for (let index = 0; index <= text.length; index++) {
      const loc = code.getLocFromIndex(index);
      // The LF of a CRLF shares its line with the CR; both map back to where they are.
      expect(code.getIndexFromLoc(loc)).toBe(index);
    }
    expect(code.getLocFromIndex(7)).toEqual({ line: 2, column: 0 });
    expect(code.getLocFromIndex(text.indexOf("c"))).toEqual({ line: 3, column: 0 });
  });
});

describe("visitorKeys", () => {
  const everything = [
    "from __future__ import annotations",
    "import a.b as c",
    "from .d import (e, f as g)",
    "@decorator(arg)",
    "class C(Base, metaclass=M):",
    '    """doc"""',
    "    x: int = 1",
    "    async def m(self, a, /, b=2, *args, c: int, **kw) -> None:",
    "        global g",
    "        nonlocal_ = lambda q, *r: q",
    "        await z",
    "        async with a as b, c:",
    "            async for i in range(3):",
    "                yield i",
    "                yield from j",
    "        del x[0], y.z",
    "        assert a, 'msg'",
    "        raise E from err",
    "        return (a if b else c), not d, -e, a @ b, a ** b, a // b",
    "try:",
    "    pass",
    "except* (A, B) as e:",
    "    raise",
    "else:",
    "    ...",
    "finally:",
    "    continue_ = None",
    "while True:",
    "    break",
    "else:",
    "    pass",
    "for i, *rest in [[1, 2]]:",
    "    continue",
    "if (n := 10) > 5 and a is not b or a not in c:",
    "    x = [i for i in y if i]",
    "    s = {i for i in y}",
    "    d = {k: v for k, v in w.items()}",
    "    gen = (i for i in y)",
    "    x += 1",
    "    f(*a, k=1, **b)",
    "elif a < b <= c != d:",
    "    x = {**a, 'b': 1}",
    "    x = {1, 2}",
    "    x = a[1:2, ::3]",
    "    x = f'{a!r:>{w}} {{b}}' rb'\\x00' u'\\N{BULLET}'",
    "    x = 1_000 + 0x1f + 1e3j + True + None",
    "match command:",
    "    case [Point(x=0), *others] | {'k': v, **kw} if v:",
    "        pass",
    "    case str(x) as s:",
    "        pass",
    "type Alias[T] = list[T]",
    "",
  ].join("\n");

  it("has `children` for every node type the parser produces", () => {
    const types = new Set(allNodes(parse(everything)).map((node) => node.type));
    expect(types.size).toBeGreaterThan(60);
    for (const type of types) {
      expect(python.visitorKeys[type], type).toEqual(["children"]);
    }
    for (const synthesised of ["KeywordArgument", "StarArgument", "DoubleStarArgument", "WithItem"]) {
      expect(types, synthesised).toContain(synthesised);
    }
  });

  it("leaves comments out of the tree", () => {
    expect(python.visitorKeys.Comment).toBeUndefined();
  });
});
