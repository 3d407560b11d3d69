import { createRequire } from "node:module";

/**
 * The characters Python's `\N{name}` escape names, from the Unicode name table of `unicode-name`
 * (a newer Unicode than any Python's, and names never change once assigned). That package maps
 * characters to names only, so the reverse index is built here, once per process and only when a
 * file has such an escape: loading the table and indexing it takes about half a second.
 */

interface UnicodeNameModule {
  unicodeBaseName(codePoint: number): string | undefined;
  /** NameAliases.txt by alias type (`control`, `correction`, `abbreviation` …); Python accepts them all. */
  unicodeAliases(codePoint: number): Partial<Record<string, string[]>> | undefined;
}

/**
 * Ranges whose names end in the code point in hex (`CJK UNIFIED IDEOGRAPH-4E01`), or that have no
 * names (private use, surrogates): left out of the index, so that it holds about 40,000 names
 * rather than 140,000. A name of the `-XXXX` form is checked directly instead.
 */
const NOT_INDEXED: readonly (readonly [number, number])[] = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xd800, 0xf8ff],
  [0x17000, 0x187ff],
  [0x18b00, 0x18cff],
  [0x18d00, 0x18d8f],
  [0x20000, 0x3ffff],
];
/** Past the supplementary ideographic planes, only plane 14 (tags, variation selectors) has names. */
const LAST_INDEXED_PLANE_END = 0x3ffff;
const PLANE_14: readonly [number, number] = [0xe0000, 0xe0fff];
const HEX_NAME = /^.+-([0-9A-F]{4,6})$/u;

let table: UnicodeNameModule | null = null;
let index: Map<string, number> | null = null;

/** The code point Python's `\N{name}` stands for, or null when Python knows no such name (a SyntaxError there). */
export function codePointNamed(name: string): number | null {
  // Python looks names up without regard to case.
  const wanted = name.toUpperCase();
  table ??= createRequire(import.meta.url)("unicode-name") as UnicodeNameModule;
  const hex = HEX_NAME.exec(wanted);
  if (hex?.[1] !== undefined) {
    const codePoint = Number.parseInt(hex[1], 16);
    if (codePoint <= 0x10ffff && table.unicodeBaseName(codePoint) === wanted) return codePoint;
  }
  index ??= buildIndex(table);
  return index.get(wanted) ?? null;
}

function buildIndex(names: UnicodeNameModule): Map<string, number> {
  const found = new Map<string, number>();
  const add = (codePoint: number): void => {
    const name = names.unicodeBaseName(codePoint);
    if (name !== undefined) found.set(name, codePoint);
    for (const aliases of Object.values(names.unicodeAliases(codePoint) ?? {})) {
      for (const alias of aliases ?? []) found.set(alias, codePoint);
    }
  };
  let skipped = 0;
  for (let codePoint = 0; codePoint <= LAST_INDEXED_PLANE_END; codePoint++) {
    const range = NOT_INDEXED[skipped];
    if (range && codePoint === range[0]) {
      codePoint = range[1];
      skipped++;
      continue;
    }
    add(codePoint);
  }
  for (let codePoint = PLANE_14[0]; codePoint <= PLANE_14[1]; codePoint++) add(codePoint);
  return found;
}
