import { beforeAll, describe, expect, it } from "vitest";
import { __testing, scanTokens } from "../../src/sql/parser.js";
import { plainWords } from "../../src/sql/words.js";
import { seededRandom } from "../support/random.js";

beforeAll(async () => {
  await __testing.ready;
});

/** What plainWords promises: the scanner's tokens and places, bare words upper-cased. */
function scannerWords(text: string): { start: number; end: number; text: string }[] {
  const tokens = scanTokens(text) ?? [];
  // The texts here are ASCII, so the scanner's byte offsets are string indexes.
  return tokens.map((token) => ({ start: token.start, end: token.end, text: token.keywordKind === 0 && !/^[A-Za-z_]/u.test(token.text) ? token.text : token.text.toUpperCase() }));
}

const PIECES = [
  "CREATE", "unique", "Index", "CONCURRENTLY", "if", "not", "exists", "ix_a", "users", "ON", "only", "alter", "table", "add", "column",
  '"Mixed"', '"quote""d"', '"a b"', "'x'", "'it''s'", "'a\\b'", "E'x'", "U&'x'", "x'1F'", "b'01'", "n'x'", "0", "42", "1.5", "1e3", "0x1F",
  "1_000", ".", "*", ",", "(", ")", ";", "[", "]", "=", "<", "+", "-", "::", ":", "<>", "->>", "||", "$1", "$$x$$", "-- c\n", "/* c */",
  "\\", "{", "é", "ab$c", "..", ".5",
];
const GAPS = [" ", "", "\n", "\t", "\n\n", " \f"];

describe("plainWords", () => {
  it("reads the statements' words where the scanner would, or declines", () => {
    const random = seededRandom(7);
    let read = 0;
    for (let run = 0; run < 3000; run++) {
      const count = 1 + Math.floor(random() * 8);
      let text = "";
      for (let n = 0; n < count; n++) {
        text += PIECES[Math.floor(random() * PIECES.length)] ?? "";
        text += GAPS[Math.floor(random() * GAPS.length)] ?? "";
      }
      const words = plainWords(text, 0, text.length);
      if (words === null) continue;
      read++;
      expect(words, text).toEqual(scannerWords(text));
    }
    // Most short statements are plain: the fast path must not decline everything.
    expect(read).toBeGreaterThan(300);
  });

  it("reads a stretch in the text's own indexes", () => {
    const text = 'SELECT 1; CREATE INDEX "ix" ON apps (a)';
    expect(plainWords(text, 10, 31)).toEqual([
      { start: 10, end: 16, text: "CREATE" },
      { start: 17, end: 22, text: "INDEX" },
      { start: 23, end: 27, text: '"ix"' },
      { start: 28, end: 30, text: "ON" },
    ]);
  });

  it("declines comments, dollar quotes, prefixed and continued literals", () => {
    for (const text of ["a -- c", "a /* c */", "$$x$$", "E'x'", "'a'\n'b'", "'a\\'", "1.5", "x::int", "é"]) {
      expect(plainWords(text, 0, text.length), text).toBeNull();
    }
  });
});
