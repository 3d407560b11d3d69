import type { Substitution } from "./literal.js";

/**
 * What knex does to a raw query's text before PostgreSQL sees it, when the call passes bindings:
 * with an array, each `?` is a value and each `??` an identifier, and `\?` is a literal `?` (for
 * jsonb's `?` operators); with an object, `:key` is a value and `:key:` an identifier for the keys
 * the object has, and `\:key` is literal text. Without bindings knex leaves the text alone.
 * Sequelize's `replacements` option reads the same way; `keys: null` when the object is not written
 * out, so that any `:key` may be one. Sequelize's `bind` option with an object makes `$key` a
 * bind parameter (`$1` is PostgreSQL's own and parses as it is). node-pg-migrate's
 * `pgm.sql(sql, args)` replaces each `{key}` of the object's keys with the value, escaped.
 */
export type KnexBindings =
  | { kind: "positional" }
  | { kind: "named"; keys: ReadonlySet<string> | null }
  | { kind: "dollar"; keys: ReadonlySet<string> | null }
  | { kind: "braces"; keys: ReadonlySet<string> | null };

export function knexSubstitutions(bindings: KnexBindings): (sql: string) => Substitution[] {
  switch (bindings.kind) {
    case "positional":
      return positional;
    case "named":
      return (sql) => named(sql, bindings.keys);
    case "dollar":
      return (sql) => dollar(sql, bindings.keys);
    case "braces":
      return (sql) => braces(sql, bindings.keys);
  }
}

const BRACED_KEY = /\{(\w+)\}/gu;

function braces(sql: string, keys: ReadonlySet<string> | null): Substitution[] {
  const found: Substitution[] = [];
  for (const match of sql.matchAll(BRACED_KEY)) {
    if (keys === null || keys.has(match[1] ?? "")) {
      found.push({ start: match.index, end: match.index + match[0].length, replacement: null });
    }
  }
  return found;
}

/** `$key`, not a dollar quote's `$tag$` nor part of a name (`a$b`). */
const DOLLAR_KEY = /(?<![\w$])\$([A-Za-z_]\w*)(?![\w$])/gu;

function dollar(sql: string, keys: ReadonlySet<string> | null): Substitution[] {
  const found: Substitution[] = [];
  for (const match of sql.matchAll(DOLLAR_KEY)) {
    if (keys === null || keys.has(match[1] ?? "")) {
      found.push({ start: match.index, end: match.index + match[0].length, replacement: null });
    }
  }
  return found;
}

function positional(sql: string): Substitution[] {
  const found: Substitution[] = [];
  for (const match of sql.matchAll(/\\\?|\?\??/gu)) {
    found.push({ start: match.index, end: match.index + match[0].length, replacement: match[0] === "\\?" ? "?" : null });
  }
  return found;
}

// Same alternatives as knex, in its order: `:key:` before `::`, then `:key:`, then `:key`.
const NAMED = /\\?(:(\w+):(?=::)|:(\w+):(?!:)|:(\w+))/gu;

function named(sql: string, keys: ReadonlySet<string> | null): Substitution[] {
  const found: Substitution[] = [];
  for (const match of sql.matchAll(NAMED)) {
    const [whole, unescaped = "", key1, key2, key3] = match;
    const key = key1 ?? key2 ?? key3 ?? "";
    if (whole !== unescaped) {
      found.push({ start: match.index, end: match.index + whole.length, replacement: unescaped });
    } else if (keys === null || keys.has(key)) {
      found.push({ start: match.index, end: match.index + whole.length, replacement: null });
    }
  }
  return found;
}
