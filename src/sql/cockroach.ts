/**
 * CockroachDB's own syntax that PostgreSQL's parser does not read, replaced by a same-length
 * stand-in it does read, so that every offset still points into the original text (the design's
 * placeholder mechanism). Only clauses that change nothing about retry safety are blanked:
 * `INVERTED` and `USING HASH` (kinds of index), `STORING (…)` (covered columns); `table@index`
 * becomes `table.index`. What is left that PostgreSQL rejects stays "not checked".
 */
const STAND_INS: [RegExp, (match: string) => string][] = [
  [/\bINVERTED(?=\s+INDEX\b)/giu, blank],
  [/\bUSING\s+HASH\b(?:\s+WITH\s*\([^()]*\))?/giu, blank],
  [/\bSTORING\s*\([^()]*\)/giu, blank],
  [/(?<=[\w"])@(?=[\w"])/gu, () => "."],
];

function blank(match: string): string {
  return match.replace(/[^\n]/gu, " ");
}

export function withCockroachStandIns(text: string): string {
  return STAND_INS.reduce((current, [pattern, replace]) => current.replace(pattern, replace), text);
}
