import { describe, expect, it } from "vitest";
import { LineIndex } from "../../src/languages/line-index.js";

describe("LineIndex", () => {
  it("ends lines at \\n, \\r\\n and a lone \\r, as the SourceCode does", () => {
    const text = "a\nbc\r\nd\re\r\r\nf";
    const lines = new LineIndex(text);
    expect([0, 1, 2, 4, 6, 7, 8, 9, 10, 11, 12].map((offset) => lines.position(offset))).toEqual([
      { line: 1, column: 0 },
      { line: 1, column: 1 },
      { line: 2, column: 0 },
      { line: 2, column: 2 },
      { line: 3, column: 0 },
      { line: 3, column: 1 },
      { line: 4, column: 0 },
      { line: 4, column: 1 },
      { line: 5, column: 0 },
      { line: 5, column: 1 },
      { line: 6, column: 0 },
    ]);
    expect([1, 2, 3, 4, 5, 6].map((line) => lines.lineStart(line))).toEqual([0, 2, 6, 8, 10, 12]);
  });

  it("reads text with only \\n the same way", () => {
    const lines = new LineIndex("x\n\nyz\n");
    expect([0, 2, 3, 5, 6].map((offset) => lines.position(offset))).toEqual([
      { line: 1, column: 0 },
      { line: 2, column: 0 },
      { line: 3, column: 0 },
      { line: 3, column: 2 },
      { line: 4, column: 0 },
    ]);
  });
});
