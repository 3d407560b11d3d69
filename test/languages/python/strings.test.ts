import { describe, expect, it } from "vitest";
import type { PyNode } from "../../../src/languages/python/ast.js";
import { decodeStringPart, staticStringValue, stringParts } from "../../../src/languages/python/strings.js";
import { allNodes, firstOfType, parse } from "./helpers.js";

/** `x = <literal>`: the source text and the literal's node. */
function literal(source: string, lineBreak = "\n"): { text: string; node: PyNode } {
  const text = `x = ${source}${lineBreak}`;
  const node = allNodes(parse(text)).find((candidate) => candidate.type === "AssignStatement")?.children.at(-1);
  if (!node) {
    throw new Error("no value");
  }
  return { text, node };
}

function decode(source: string, lineBreak = "\n") {
  const { text, node } = literal(source, lineBreak);
  const parts = stringParts(node);
  if (parts?.length !== 1) {
    throw new Error(`expected one string part in ${source}`);
  }
  return { text, ...decodeStringPart(text, parts[0] as NonNullable<(typeof parts)[0]>) };
}

function value(source: string): string | null {
  const { text, node } = literal(source);
  return staticStringValue(text, node);
}

/** Content starts after `x = ` and the opening quote. */
const START = 5;

describe("decodeStringPart escapes", () => {
  it.each([
    [String.raw`"a\nb"`, "a\nb"],
    [String.raw`"a\\b"`, "a\\b"],
    [String.raw`"\'\"\a\b\f\r\t\v"`, "'\"\x07\b\f\r\t\v"],
    [String.raw`"\0|\101|\1234|\777"`, "\0|A|S4|\u01FF"],
    [String.raw`"\x41\x7e"`, "A~"],
    [String.raw`"\u00e9\u00E9"`, "éé"],
    [String.raw`"\U0001F600"`, "😀"],
    [String.raw`"\d\8\q"`, "\\d\\8\\q"],
    [String.raw`'tail\\'`, "tail\\"],
    [String.raw`u"\x41"`, "A"],
  ])("decodes %s exactly", (source, expected) => {
    const decoded = decode(source);
    expect(decoded.value).toBe(expected);
    expect(decoded.exact).toBe(true);
    expect(decoded.sourceOffsets).toHaveLength(expected.length + 1);
  });

  it("maps each character to where its escape starts", () => {
    const { value: decoded, sourceOffsets, text } = decode(String.raw`"a\nb\x41\U0001F600\\"`);
    expect(decoded).toBe("a\nbA😀\\");
    expect(sourceOffsets).toEqual([START, START + 1, START + 3, START + 4, START + 8, START + 8, START + 18, START + 20]);
    expect(sourceOffsets.slice(0, -1).map((offset) => text[offset])).toEqual(["a", "\\", "b", "\\", "\\", "\\", "\\"]);
    expect(text[sourceOffsets.at(-1) ?? 0]).toBe('"');
  });

  it("keeps an unknown escape's backslash and the character after it", () => {
    const { value: decoded, sourceOffsets } = decode(String.raw`"\d+"`);
    expect(decoded).toBe("\\d+");
    expect(sourceOffsets).toEqual([START, START + 1, START + 2, START + 3]);
  });

  it("decodes a named escape, in any case, by alias and outside the BMP", () => {
    const decoded = decode(String.raw`"a\N{BULLET}b"`);
    expect(decoded.exact).toBe(true);
    expect(decoded.value).toBe("a\u2022b");
    expect(decoded.sourceOffsets).toEqual([START, START + 1, START + 11, START + 12]);
    expect(decode(String.raw`"\N{latin small letter e with acute}\N{NBSP}\N{LF}\N{CJK UNIFIED IDEOGRAPH-4E01}\N{HANGUL SYLLABLE HAN}"`).value).toBe(
      "\u00e9\u00a0\n\u4e01\ud55c",
    );
    const astral = decode(String.raw`"\N{GRINNING FACE}!"`);
    expect(astral).toMatchObject({ value: "\u{1F600}!", sourceOffsets: [START, START, START + 17, START + 18], exact: true });
  });

  it("does not claim to know the value of a name Python does not know", () => {
    for (const source of [String.raw`"a\N{NO SUCH CHARACTER}b"`, String.raw`"a\N{CJK UNIFIED IDEOGRAPH-0041}b"`]) {
      const decoded = decode(source);
      expect(decoded.exact).toBe(false);
      expect(decoded.value).toBe("a\uFFFDb");
    }
  });

  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ])("drops a backslash-%s line continuation", (_name, lineBreak) => {
    const decoded = decode(`"ab\\${lineBreak}cd"`, lineBreak);
    expect(decoded.value).toBe("abcd");
    expect(decoded.exact).toBe(true);
    expect(decoded.sourceOffsets).toEqual([
      START,
      START + 1,
      START + 3 + lineBreak.length,
      START + 4 + lineBreak.length,
      START + 5 + lineBreak.length,
    ]);
  });

  it.each([
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ])("reads a %s inside a triple-quoted string as \\n, as Python's tokenizer does", (_name, lineBreak) => {
    for (const source of [`"""a${lineBreak}b"""`, `r'''a${lineBreak}b'''`]) {
      const decoded = decode(source, lineBreak);
      expect(decoded.value).toBe("a\nb");
      const content = "x = ".length + source.indexOf("a");
      expect(decoded.sourceOffsets).toEqual([content, content + 1, content + 1 + lineBreak.length, content + 2 + lineBreak.length]);
    }
  });
});

describe("raw strings", () => {
  it.each([
    [String.raw`r"\n\d\""`, String.raw`\n\d\"`],
    [String.raw`R'\x41\N{BULLET}'`, String.raw`\x41\N{BULLET}`],
    [String.raw`r"\\"`, String.raw`\\`],
  ])("keeps every backslash of %s", (source, expected) => {
    const decoded = decode(source);
    expect(decoded).toMatchObject({ value: expected, exact: true });
    expect(decoded.sourceOffsets).toEqual(Array.from({ length: expected.length + 1 }, (_, index) => START + 1 + index));
  });

  it("keeps a backslash-newline in a raw string", () => {
    expect(decode('r"a\\\nb"').value).toBe("a\\\nb");
  });
});

describe("bytes", () => {
  it("decodes byte escapes but keeps \\u, \\U and \\N as written", () => {
    const decoded = decode(String.raw`b"\x41\101\n\u0041\U00000041\N{BULLET}"`);
    expect(decoded.value).toBe(String.raw`AA` + "\n" + String.raw`\u0041\U00000041\N{BULLET}`);
    expect(decoded.exact).toBe(true);
  });

  it("keeps raw bytes verbatim", () => {
    expect(decode(String.raw`rb"\x41"`).value).toBe(String.raw`\x41`);
    expect(decode(String.raw`BR"\x41"`).value).toBe(String.raw`\x41`);
  });

  it("has no static string value", () => {
    expect(value('b"abc"')).toBeNull();
    expect(value('"abc" b"def"')).toBeNull();
  });
});

describe("f-strings", () => {
  it("reads doubled braces as literal braces", () => {
    const decoded = decode('f"{{a}} }}{{"');
    expect(decoded).toMatchObject({ value: "{a} }{", exact: true });
    expect(decoded.sourceOffsets).toEqual([START + 1, START + 3, START + 4, START + 6, START + 7, START + 9, START + 11]);
    expect(value('f"{{a}}"')).toBe("{a}");
    expect(value('F"plain"')).toBe("plain");
  });

  it("puts one placeholder where each replacement field was", () => {
    const decoded = decode('f"a{b!r:>{w}}c{d}"');
    expect(decoded.value).toBe("a\uFFFCc\uFFFC");
    expect(decoded.exact).toBe(false);
    expect(decoded.sourceOffsets).toEqual([START + 1, START + 2, START + 12, START + 13, START + 16]);
    expect(value('f"a{b}"')).toBeNull();
  });

  it("decodes escapes around replacements, and keeps backslashes of raw f-strings", () => {
    expect(decode(String.raw`f"\t{x}\x41"`).value).toBe("\t\uFFFCA");
    expect(decode(String.raw`rf"\t{{x}}"`).value).toBe(String.raw`\t{x}`);
    expect(decode(String.raw`Rf"\d{x}"`).value).toBe("\\d\uFFFC");
  });

  it("treats \\N{…} as an escape, not a replacement field", () => {
    const decoded = decode(String.raw`f"\N{BULLET} {x}"`);
    expect(decoded.value).toBe("\u2022 \uFFFC");
    expect(decoded.sourceOffsets).toEqual([START + 1, START + 11, START + 12, START + 15]);
  });
});

describe("stringParts and staticStringValue", () => {
  it("returns every part of an implicit concatenation", () => {
    const node = firstOfType(parse('x = ("a"  # why\n     r"\\b" f"c")\n'), "ContinuedString");
    expect(stringParts(node)?.map((part) => part.prefix)).toEqual(["", "r", "f"]);
  });

  it("concatenates parts of different kinds", () => {
    expect(value('"a" \'b\' """c""" r"\\d" f"e{{"')).toBe("abc\\de{");
    expect(value('"a" f"{b}"')).toBeNull();
    expect(value('"a" "\\N{BULLET}"')).toBe("a\u2022");
    expect(value('"a" "\\N{NO SUCH CHARACTER}"')).toBeNull();
  });

  it("returns null for anything but a string literal", () => {
    for (const source of ["1", "name", "f(x)", '("a",)', '["a"]']) {
      const { text, node } = literal(source);
      expect(stringParts(node)).toBeNull();
      expect(staticStringValue(text, node)).toBeNull();
    }
  });

  it("maps decoded characters of every part back to the source", () => {
    const { text, node } = literal('"ix_" \'\\x41\'');
    const offsets = (stringParts(node) ?? []).flatMap((part) => decodeStringPart(text, part).sourceOffsets.slice(0, -1));
    expect(offsets.map((offset) => text.slice(offset, offset + 4))).toEqual(['ix_"', 'x_" ', '_" \'', "\\x41"]);
  });
});
