/**
 * The stand-in that host adapters write into SQL text for an interpolation the linter cannot know
 * (`{name}` in an f-string, `${name}` in a template literal). A plain identifier parses wherever
 * PostgreSQL expects a name or a value (`CREATE INDEX __pyfmt_0__ ON …`, `= __pyfmt_0__`), also
 * glued to other identifier characters (`ix_{table}` reads as one name) and inside a quoted
 * literal. The SQL core recognises it to tell what it cannot know (which schema, which statement).
 */
export function interpolationPlaceholder(host: "pyfmt" | "js", index: number): string {
  return `__${host}_${String(index)}__`;
}

/** One interpolation stand-in, as a regular-expression source. */
export const INTERPOLATION_PATTERN = String.raw`__(?:pyfmt|js)_\d+__`;
