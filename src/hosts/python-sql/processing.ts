import { placeholder, type MappedChar, type SqlProcessing } from "./literal.js";

/** `exec_driver_sql()` and a plain string given to a connection: the driver receives the string as it is. */
export const DRIVER_SQL: SqlProcessing = {
  apply: (chars) => [...chars],
  escape: (_decoded, _offset, insertion) => insertion,
};

// SQLAlchemy's compiler (`BIND_PARAMS`, `BIND_PARAMS_ESC` in sqlalchemy/sql/compiler.py), with
// Python's Unicode `\w` spelled out: `:name` is a bind parameter, `\:name` a literal colon.
const WORD = String.raw`\p{L}\p{N}_$`;
const BIND_PARAMETER = new RegExp(String.raw`(?<![:${WORD}\\]):[${WORD}]+(?![:${WORD}])`, "gu");
const ESCAPED_COLON = new RegExp(String.raw`\\(?=:[${WORD}]*(?![:${WORD}]))`, "gu");

/**
 * `text()`, and `op.execute()` with a plain string, which Alembic wraps in `text()`.
 *
 * PostgreSQL's parser rejects `:name`, so each bind parameter becomes `$1` padded with spaces to the
 * same length: a parameter parses wherever a value does, and an equal length keeps every other unit
 * where it was. The number does not matter to a parse. A `\` escaping a colon is dropped, as
 * SQLAlchemy drops it.
 */
export const TEXT_CLAUSE: SqlProcessing = {
  apply(chars) {
    const decoded = chars.map((unit) => unit.char).join("");
    const result = [...chars];
    for (const match of decoded.matchAll(BIND_PARAMETER)) {
      for (let index = 0; index < match[0].length; index++) {
        const unit = result[match.index + index] as MappedChar;
        const char = index === 0 ? "$" : index === 1 ? "1" : " ";
        result[match.index + index] = { ...unit, char, kind: "bind" };
      }
    }
    const dropped = new Set([...decoded.matchAll(ESCAPED_COLON)].map((match) => match.index));
    if (dropped.size === 0) {
      return result;
    }
    return result.flatMap((unit, index) => {
      if (dropped.has(index)) {
        return [];
      }
      // The colon keeps its backslash's source, so that nothing is inserted between the two.
      const backslash = dropped.has(index - 1) ? result[index - 1] : undefined;
      return [backslash ? { ...unit, start: backslash.start } : unit];
    });
  },
  escape(decoded, offset, insertion) {
    // An insertion that makes or breaks a bind parameter or an escaped colon would change the query's
    // parameters: refuse rather than guess. Both patterns see only a run of colons, backslashes and
    // word characters and one character either side, so the run around the insertion is all that
    // can change: checking it alone keeps a string with thousands of fixes linear.
    let start = offset;
    while (start > 0 && COLON_RUN.test(decoded[start - 1] as string)) {
      start--;
    }
    let end = offset;
    while (end < decoded.length && COLON_RUN.test(decoded[end] as string)) {
      end++;
    }
    const before = decoded.slice(Math.max(0, start - 1), Math.min(decoded.length, end + 1));
    const at = offset - Math.max(0, start - 1);
    const edited = before.slice(0, at) + insertion + before.slice(at);
    const shifted = colonMatches(before).map(([from, length]) => (from >= at ? `${from + insertion.length}:${length}` : `${from}:${length}`));
    const found = colonMatches(edited).map(([from, length]) => `${from}:${length}`);
    return shifted.join(",") === found.join(",") ? insertion : null;
  },
};

/** The characters BIND_PARAMETER and ESCAPED_COLON match, one UTF-16 unit at a time (with both halves of an astral letter). */
const COLON_RUN = new RegExp(String.raw`^[:\\${WORD}\uD800-\uDFFF]$`, "u");

function colonMatches(text: string): [number, number][] {
  return [...text.matchAll(BIND_PARAMETER), ...text.matchAll(ESCAPED_COLON)]
    .map((match): [number, number] => [match.index, match[0].length])
    .sort((a, b) => a[0] - b[0]);
}

const DBAPI_FORMAT = /%%|%s|%\([^)]*\)s/gu;

/**
 * A string sent to the driver with parameters (`exec_driver_sql(sql, (1,))`,
 * `conn.execute(sql, {"n": 1})`): the `format` and `pyformat` paramstyles of psycopg, pg8000,
 * asyncpg's adapter and the MySQL drivers. `%s` and `%(name)s` are values, `%%` is one `%`.
 * Without parameters a driver sends the string as it is, `%` and all (DRIVER_SQL).
 *
 * Each parameter becomes `$1` padded with spaces to its length, as a bind parameter of `text()`
 * does: it parses wherever a value does and keeps every other unit where it was.
 */
export const DBAPI_PARAMETERS: SqlProcessing = {
  apply(chars) {
    const decoded = chars.map((unit) => unit.char).join("");
    const result: MappedChar[] = [];
    let copied = 0;
    for (const match of decoded.matchAll(DBAPI_FORMAT)) {
      copyUnits(chars, copied, match.index, result);
      const first = chars[match.index] as MappedChar;
      const last = chars[match.index + match[0].length - 1] as MappedChar;
      if (match[0] === "%%") {
        result.push({ ...last, start: first.start });
      } else {
        for (let index = 0; index < match[0].length; index++) {
          const unit = chars[match.index + index] as MappedChar;
          result.push({ ...unit, char: index === 0 ? "$" : index === 1 ? "1" : " ", kind: "bind" });
        }
      }
      copied = match.index + match[0].length;
    }
    copyUnits(chars, copied, chars.length, result);
    return result;
  },
  escape: (_decoded, _offset, insertion) => insertion.replaceAll("%", "%%"),
};

const DDL_FORMAT = /%%|%\([^)]*\)s/gu;

/**
 * `DDL()`, which SQLAlchemy formats with `%` before running: `%%` is one `%`, and `%(table)s` (the
 * table the DDL is attached to) becomes a placeholder like an f-string replacement.
 */
export const DDL_STATEMENT: SqlProcessing = replacingFields(DDL_FORMAT, "%%", (insertion) => insertion.replaceAll("%", "%%"));

/** `chars[from..to)` onto `result`, one by one: a string's units can outnumber a call's arguments. */
function copyUnits(chars: readonly MappedChar[], from: number, to: number, result: MappedChar[]): void {
  for (let index = from; index < to; index++) {
    result.push(chars[index] as MappedChar);
  }
}

// printf-style conversions (Python's "printf-style String Formatting"): `%%`, and
// `%[(key)][flags][width][.precision][length]type`.
const PERCENT_FORMAT = /%%|%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa]/gu;

/**
 * `"…" % values`: Python formats the string before any driver sees it, so each conversion is text the
 * linter cannot know (a name, like an f-string field) and `%%` is one `%`.
 */
export const PERCENT_FORMATTING: SqlProcessing = replacingFields(PERCENT_FORMAT, "%%", (insertion) => insertion.replaceAll("%", "%%"));

// str.format's replacement fields: `{}`, `{0}`, `{name!r:>10}`; `{{` and `}}` are braces.
const FORMAT_FIELD = /\{\{|\}\}|\{[^{}]*\}/gu;

/** `"…".format(…)`: each replacement field is unknown text, `{{` and `}}` are one brace. */
export const STR_FORMAT: SqlProcessing = replacingFields(FORMAT_FIELD, ["{{", "}}"], (insertion) => insertion.replaceAll("{", "{{").replaceAll("}", "}}"));

/** A processing that turns each match of `fields` into a placeholder, and each `escapes` match into its last character. */
function replacingFields(fields: RegExp, escapes: string | readonly string[], escape: (insertion: string) => string): SqlProcessing {
  const escaped = new Set(typeof escapes === "string" ? [escapes] : escapes);
  return {
    apply(chars, nextPlaceholder) {
      const decoded = chars.map((unit) => unit.char).join("");
      const result: MappedChar[] = [];
      let copied = 0;
      let count = nextPlaceholder;
      for (const match of decoded.matchAll(fields)) {
        copyUnits(chars, copied, match.index, result);
        const first = chars[match.index] as MappedChar;
        const last = chars[match.index + match[0].length - 1] as MappedChar;
        if (escaped.has(match[0])) {
          result.push({ ...last, start: first.start });
        } else {
          for (const char of placeholder(count++)) {
            result.push({ ...first, char, end: last.end, after: last.after, kind: "placeholder" });
          }
        }
        copied = match.index + match[0].length;
      }
      copyUnits(chars, copied, chars.length, result);
      return result;
    },
    escape: (_decoded, _offset, insertion) => escape(insertion),
  };
}

/**
 * Python's formatting first, then what the sink does to the formatted string (`op.execute()` wraps
 * it in `text()`). An insertion is escaped for the sink, then for the formatting.
 */
export function formattedThen(formatting: SqlProcessing, sink: SqlProcessing): SqlProcessing {
  return {
    apply(chars, nextPlaceholder) {
      const formatted = formatting.apply(chars, nextPlaceholder);
      return sink.apply(formatted, nextPlaceholder + placeholderCount(formatted));
    },
    escape(decoded, offset, insertion) {
      const forSink = sink.escape(decoded, offset, insertion);
      return forSink === null ? null : formatting.escape(decoded, offset, forSink);
    },
  };
}

/** How many placeholders `chars` holds: each is a run of units with one source. */
function placeholderCount(chars: readonly MappedChar[]): number {
  let count = 0;
  for (const [index, unit] of chars.entries()) {
    const previous = chars[index - 1];
    if (unit.kind === "placeholder" && (previous?.kind !== "placeholder" || previous.start !== unit.start)) {
      count++;
    }
  }
  return count;
}
