import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { byteToIndex, codePointToIndex } from "../../src/sql/offsets.js";
import { __testing, parsePlpgsql, parseSql, scanSql } from "../../src/sql/parser.js";

beforeAll(async () => {
  await __testing.ready;
});

afterEach(() => {
  __testing.forceWorker = false;
});

const FUNCTION = "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$BEGIN CREATE INDEX ix ON t (c); END$$";

/** Runs `call` in process and through the worker, checks the worker answered, and returns both results. */
function bothPaths<T>(call: () => T): [T, T] {
  const inProcess = call();
  __testing.forceWorker = true;
  const before = __testing.workerCalls;
  const viaWorker = call();
  expect(__testing.workerCalls).toBeGreaterThan(before);
  return [inProcess, viaWorker];
}

describe("parseSql", () => {
  it("returns the statements with libpg-query's byte locations", () => {
    const result = parseSql("CREATE INDEX ix ON t (c); DROP TABLE u");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.statements.map((statement) => Object.keys(statement.stmt))).toEqual([["IndexStmt"], ["DropStmt"]]);
    expect(result.statements[1]?.stmt_location).toBe(26);
  });

  it("reports a syntax error as a result with its position in code points", () => {
    // "é😀" is 2 code points, 3 UTF-16 units and 6 bytes.
    expect(parseSql("SELECT 'é😀' + 'x")).toEqual({
      ok: false,
      error: { message: `unterminated quoted string at or near "'x"`, codePointOffset: 14 },
    });
    expect(parseSql("SELECT 1; SELEC 2")).toEqual({
      ok: false,
      error: { message: 'syntax error at or near "SELEC"', codePointOffset: 10 },
    });
  });

  it("treats empty text as no statements", () => {
    expect(parseSql("")).toEqual({ ok: true, statements: [] });
    expect(parseSql("  -- only a comment\n")).toEqual({ ok: true, statements: [] });
  });
});

describe("scanSql", () => {
  it("returns tokens with byte offsets, comments included", () => {
    const result = scanSql("SELECT 'é' -- c");
    expect(result.ok && result.tokens.map((token) => [token.start, token.end, token.text])).toEqual([
      [0, 6, "SELECT"],
      [7, 11, "'é'"],
      [12, 16, "-- c"],
    ]);
    expect(scanSql("")).toEqual({ ok: true, tokens: [] });
  });

  it("reports an unterminated quote with the parser's message and position", () => {
    expect(scanSql("SELECT 1; SELECT 'abc")).toEqual({
      ok: false,
      error: { message: `unterminated quoted string at or near "'abc"`, codePointOffset: 17 },
    });
    expect(scanSql("SELECT $$abc")).toMatchObject({ ok: false, error: { codePointOffset: 7 } });
    expect(scanSql("SELECT /* abc")).toMatchObject({ ok: false, error: { codePointOffset: 7 } });
  });
});

describe("parsePlpgsql", () => {
  it("returns the PL/pgSQL function trees", () => {
    const result = parsePlpgsql(FUNCTION);
    expect(result.ok && result.functions).toHaveLength(1);
  });

  it("reports a body error as a result", () => {
    expect(parsePlpgsql("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$BEGIN x := 1; END$$")).toEqual({
      ok: false,
      error: { message: '"x" is not a known variable' },
    });
  });
});

describe("the worker used before the in-process module has loaded", () => {
  it("gives the same answers as the in-process module", () => {
    const texts = ["CREATE INDEX ix ON t (c); ALTER TABLE t ADD COLUMN d int", "SELECT 1; SELEC 2", "SELECT 'é😀' + 'x"];
    for (const text of texts) {
      const [inProcess, viaWorker] = bothPaths(() => [parseSql(text), scanSql(text)]);
      expect(viaWorker).toEqual(inProcess);
    }
    const [inProcess, viaWorker] = bothPaths(() => [parsePlpgsql(FUNCTION), parsePlpgsql("CREATE FUNCTION")]);
    expect(viaWorker).toEqual(inProcess);
  });
});

describe("offsets", () => {
  it("converts byte offsets to string indexes", () => {
    const text = "aé日😀b";
    const toIndex = byteToIndex(text);
    // Bytes: a=0, é=1..2, 日=3..5, 😀=6..9, b=10, end=11.
    expect([0, 1, 3, 6, 10, 11].map(toIndex)).toEqual([0, 1, 2, 3, 5, 6]);
    expect(byteToIndex("plain")(3)).toBe(3);
  });

  it("converts code point offsets to string indexes", () => {
    expect(codePointToIndex("a😀b", 2)).toBe(3);
    expect(codePointToIndex("a😀b", 9)).toBe(4);
  });
});
