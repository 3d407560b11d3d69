import { execFileSync } from "node:child_process";
import { loadModule, parseSync } from "libpg-query";
import { beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedSql } from "../../../src/hosts/embedded-sql.js";
import { extractPythonSql } from "../../../src/hosts/python-sql/extract.js";
import type { Script } from "../../../src/languages/python/ast.js";
import { PythonLanguage } from "../../../src/languages/python/language.js";

const language = new PythonLanguage();

function parse(body: string): Script {
  const result = language.parse({ body, path: "a.py", physicalPath: "a.py", bom: false });
  if (!result.ok) {
    throw new Error(`expected the source to parse: ${JSON.stringify(result.errors)}`);
  }
  return result.ast;
}

function extract(body: string): EmbeddedSql[] {
  return extractPythonSql(body, parse(body));
}

function single(body: string): EmbeddedSql {
  const found = extract(body);
  expect(found).toHaveLength(1);
  return found[0] as EmbeddedSql;
}

/** The host characters that `range` of the SQL text maps to. */
function hostText(body: string, sql: EmbeddedSql, range: [number, number]): string {
  const [start, end] = sql.hostRange(range);
  return body.slice(start, end);
}

/** The SQL range of the only occurrence of `needle` in the SQL text. */
function sqlRange(sql: EmbeddedSql, needle: string): [number, number] {
  return [unique(sql.text, needle), unique(sql.text, needle) + needle.length];
}

/** Offset of the only occurrence of `needle`. */
function unique(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index === -1 || text.indexOf(needle, index + 1) !== -1) {
    throw new Error(`expected exactly one ${JSON.stringify(needle)} in ${JSON.stringify(text)}`);
  }
  return index;
}

const PYTHON_ENV = { ...process.env, PYTHONIOENCODING: "utf-8" };

function expectPythonAccepts(source: string): void {
  execFileSync("python3", ["-c", "import ast,sys; ast.parse(sys.stdin.read())"], { input: source, env: PYTHON_ENV });
}

// Bytes in, so that CPython's tokenizer, not the text reader, decides what a CRLF is.
const PYTHON_STRINGS = String.raw`
import ast, json, sys
tree = ast.parse(sys.stdin.buffer.read())
found = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
found.sort(key=lambda n: (n.lineno, n.col_offset))
print(json.dumps([n.value for n in found]))
`;

/** The values of the str constants of `source` as CPython reads them, in source order. */
function pythonStrings(source: string): string[] {
  const output = execFileSync("python3", ["-c", PYTHON_STRINGS], { input: source, env: PYTHON_ENV, encoding: "utf8" });
  return JSON.parse(output) as string[];
}

/**
 * Checks that inserting `insertion` at `offset` of the `index`-th SQL string gives `edit`, that CPython
 * still accepts the file, and that the SQL extracted from the edited file has the insertion at `offset`.
 * Returns the edited file.
 */
function expectInsert(
  body: string,
  offset: number,
  insertion: string,
  edit: { range: [number, number]; text: string },
  index = 0,
): string {
  const before = extract(body)[index] as EmbeddedSql;
  expect(before.insert(offset, insertion)).toEqual(edit);
  const edited = body.slice(0, edit.range[0]) + edit.text + body.slice(edit.range[1]);
  expectPythonAccepts(edited);
  const expected = before.text.slice(0, offset) + insertion + before.text.slice(offset);
  expect(extract(edited)[index]?.text).toBe(expected);
  // Where the SQL is the Python value (no placeholder, bind parameter or escaped colon), CPython agrees.
  if (pythonStrings(body).includes(before.text)) {
    expect(pythonStrings(edited)).toContain(expected);
  }
  return edited;
}

function at(offset: number, text: string): { range: [number, number]; text: string } {
  return { range: [offset, offset], text };
}

beforeAll(async () => {
  await loadModule();
});

describe("sinks", () => {
  it("finds SQL sent through op, batch_op, the connection and exec_driver_sql", () => {
    const body = `from alembic import op


def upgrade():
    op.execute("SELECT 1")
    op.get_bind().execute("SELECT 2")
    bind = op.get_bind()
    bind.execute("SELECT 3")
    my_conn = op.get_bind()
    my_conn.execute("SELECT 4")
    my_conn.exec_driver_sql("SELECT 5")
    connection.execute("SELECT 6")
    conn.execute("SELECT 7")
    self.engine.exec_driver_sql("SELECT 8")
    op.get_bind().exec_driver_sql("SELECT 9")
    with op.batch_alter_table("t") as batch_op:
        batch_op.execute("SELECT 10")
    op.execute(sqltext="SELECT 11")
`;
    expect(extract(body).map((sql) => [sql.text, sql.sink])).toEqual([
      ["SELECT 1", "op.execute()"],
      ["SELECT 2", "op.get_bind().execute()"],
      ["SELECT 3", "bind.execute()"],
      ["SELECT 4", "my_conn.execute()"],
      ["SELECT 5", "my_conn.exec_driver_sql()"],
      ["SELECT 6", "connection.execute()"],
      ["SELECT 7", "conn.execute()"],
      ["SELECT 8", "self.engine.exec_driver_sql()"],
      ["SELECT 9", "op.get_bind().exec_driver_sql()"],
      ["SELECT 10", "batch_op.execute()"],
      ["SELECT 11", "op.execute()"],
    ]);
    for (const sql of extract(body)) {
      expect(hostText(body, sql, [0, sql.text.length])).toBe(sql.text);
    }
  });

  it("follows the names op is imported under", () => {
    const body = `import alembic
from alembic import op as alembic_op

alembic_op.execute("SELECT 1")
alembic.op.execute("SELECT 2")
alembic_op.get_bind().execute("SELECT 3")
`;
    expect(extract(body).map((sql) => sql.sink)).toEqual([
      "alembic_op.execute()",
      "alembic.op.execute()",
      "alembic_op.get_bind().execute()",
    ]);
  });

  it("finds SQL wrapped in text() or DDL() under any import", () => {
    const body = `import sqlalchemy
import sqlalchemy as sa
from sqlalchemy import DDL, text
from sqlalchemy import text as sa_text

op.execute(sa.text("SELECT 1"))
op.execute(text("SELECT 2"))
op.execute(sqlalchemy.text("SELECT 3"))
op.execute(sa_text("SELECT 4"))
op.execute(sa.DDL("SELECT 5"))
op.execute(DDL("SELECT 6"))
conn.execute(sa.text("SELECT 7").bindparams(a=1))
conn.exec_driver_sql(sa.text(text="SELECT 8"))
`;
    expect(extract(body).map((sql) => [sql.text, sql.sink])).toEqual([
      ["SELECT 1", "sa.text()"],
      ["SELECT 2", "text()"],
      ["SELECT 3", "sqlalchemy.text()"],
      ["SELECT 4", "sa_text()"],
      ["SELECT 5", "sa.DDL()"],
      ["SELECT 6", "DDL()"],
      ["SELECT 7", "sa.text()"],
      ["SELECT 8", "sa.text()"],
    ]);
  });

  it("ignores other execute() calls, strings not sent anywhere, bytes and expressions", () => {
    const body = `from mylib import text

cursor.execute("SELECT 1")
session.execute(sa.text("SELECT 2"))
batch_op.execute("SELECT 3")
op.execute(text("SELECT 4"))
op.execute(b"SELECT 5")
op.execute(rb"SELECT 6")
op.execute("SELECT " + name)
op.execute(build_sql())
SQL = "CREATE INDEX ix ON t (a)"
print("DROP TABLE t")
op.create_index("ix_a", "t", ["a"])
with op.batch_alter_table("t") as batch_op:
    other.execute("SELECT 7")
`;
    expect(extract(body)).toEqual([]);
  });
});

describe("literal forms", () => {
  it.each([
    // [literal, SQL text, host text of the whole SQL]
    [`"SELECT 'a'"`, "SELECT 'a'", "SELECT 'a'"],
    [`'SELECT "a"'`, 'SELECT "a"', 'SELECT "a"'],
    [`"""SELECT\n  1"""`, "SELECT\n  1", "SELECT\n  1"],
    [`'''SELECT 1'''`, "SELECT 1", "SELECT 1"],
    [String.raw`r"SELECT '\d+'"`, String.raw`SELECT '\d+'`, String.raw`SELECT '\d+'`],
    [`R'SELECT 1'`, "SELECT 1", "SELECT 1"],
    [`u"SELECT 1"`, "SELECT 1", "SELECT 1"],
    [String.raw`"SELECT " 'a' """b""" r"\d"`, String.raw`SELECT ab\d`, String.raw`SELECT " 'a' """b""" r"\d`],
    [`("SELECT 1"\n    " FROM t")`, "SELECT 1 FROM t", `SELECT 1"\n    " FROM t`],
    [String.raw`"SELECT E'a\nb\tc\'d\\'"`, "SELECT E'a\nb\tc'd\\'", String.raw`SELECT E'a\nb\tc\'d\\'`],
    [String.raw`'SELECT \'it\'\'s\''`, "SELECT 'it''s'", String.raw`SELECT \'it\'\'s\'`],
    [String.raw`"SELECT '\x41\u00e9\U0001F600'"`, "SELECT 'Aé😀'", String.raw`SELECT '\x41\u00e9\U0001F600'`],
    ['"SELECT \\\n1"', "SELECT 1", "SELECT \\\n1"],
  ])("reads %s", (literal, text, host) => {
    const body = `op.execute(${literal})\n`;
    const sql = single(body);
    expect(sql.text).toBe(text);
    expect(pythonStrings(body)).toEqual([text]);
    expect(sql.sink).toBe("op.execute()");
    expect(hostText(body, sql, [0, sql.text.length])).toBe(host);
  });

  it("maps each character to its escape sequence", () => {
    const body = String.raw`op.execute("SELECT E'a\nb', '\U0001F600\\'")` + "\n";
    const sql = single(body);
    expect(hostText(body, sql, sqlRange(sql, "\n"))).toBe(String.raw`\n`);
    expect(hostText(body, sql, sqlRange(sql, "😀"))).toBe(String.raw`\U0001F600`);
    expect(hostText(body, sql, sqlRange(sql, "\\"))).toBe(String.raw`\\`);
    expect(hostText(body, sql, sqlRange(sql, "b"))).toBe("b");
  });

  it("leaves a line continuation out of the characters around it", () => {
    const body = 'op.execute("CREATE INDEX \\\n ix ON t (a)")\n';
    const sql = single(body);
    expect(sql.text).toBe("CREATE INDEX  ix ON t (a)");
    expect(hostText(body, sql, [0, "CREATE INDEX ".length])).toBe("CREATE INDEX ");
  });

  it("tells an escaped backslash before a line break from a line continuation", () => {
    for (const lineBreak of ["\n", "\r\n"]) {
      const body = `op.execute("""SELECT '\\\\${lineBreak}' \\${lineBreak}FROM t""")${lineBreak}`;
      const sql = single(body);
      expect(sql.text).toBe("SELECT '\\\n' FROM t");
      expect(pythonStrings(body)).toEqual([sql.text]);
      expect(hostText(body, sql, sqlRange(sql, "\\"))).toBe("\\\\");
      expect(hostText(body, sql, sqlRange(sql, "\n"))).toBe(lineBreak);
      expect(hostText(body, sql, sqlRange(sql, "' "))).toBe("' ");
    }
  });

  it("decodes \\N{…} and edits the part that holds it", () => {
    const body = String.raw`op.execute("SELECT '\N{LATIN SMALL LETTER E WITH ACUTE}'" " FROM t")` + "\n";
    const sql = single(body);
    expect(sql.text).toBe("SELECT 'é' FROM t");
    expect(hostText(body, sql, sqlRange(sql, "é"))).toBe(String.raw`\N{LATIN SMALL LETTER E WITH ACUTE}`);
    expectInsert(body, unique(sql.text, "SELECT") + 6, " 1,", at(unique(body, "SELECT") + 6, " 1,"));
    expectInsert(body, unique(sql.text, "FROM"), "x ", at(unique(body, "FROM"), "x "));
  });

  it("reads non-ASCII before and inside the SQL in UTF-16 offsets", () => {
    const body = `# café 😀 migration\nop.execute("SELECT 'é😀' FROM t")\n`;
    const sql = single(body);
    expect(sql.text).toBe("SELECT 'é😀' FROM t");
    expect(hostText(body, sql, sqlRange(sql, "é😀"))).toBe("é😀");
    expect(hostText(body, sql, sqlRange(sql, "FROM"))).toBe("FROM");
    expectInsert(body, unique(sql.text, "'é"), "1, ", at(unique(body, "'é"), "1, "));
    expectInsert(body, unique(sql.text, "' FROM"), "é😀", at(unique(body, "' FROM"), "é😀"));
  });

  it("reads a CRLF file", () => {
    const body = [
      'op.execute("""',
      "    CREATE INDEX ix",
      "    ON t (a)",
      '""")',
      'op.execute("CREATE INDEX \\',
      'ix2 ON t (b)")',
      "",
    ].join("\r\n");
    const [triple, continued] = extract(body) as [EmbeddedSql, EmbeddedSql];
    expect(triple.text).toBe("\n    CREATE INDEX ix\n    ON t (a)\n");
    expect(pythonStrings(body)).toEqual([triple.text, continued.text]);
    expect(hostText(body, triple, [0, 1])).toBe("\r\n");
    expect(hostText(body, triple, sqlRange(triple, "ix\n    ON"))).toBe("ix\r\n    ON");
    expect(continued.text).toBe("CREATE INDEX ix2 ON t (b)");
    expect(hostText(body, continued, sqlRange(continued, "ix2"))).toBe("ix2");
    const afterIx = unique(body, "ix\r\n") + 2;
    expectInsert(body, unique(triple.text, "ix\n") + 2, "\n    INCLUDE (b)", at(afterIx, "\r\n    INCLUDE (b)"));
    expectInsert(body, unique(continued.text, "ix2"), "IF NOT EXISTS ", at(unique(body, "ix2"), "IF NOT EXISTS "), 1);
  });

  it("reads tabs in the SQL and in the indentation", () => {
    const body = 'def upgrade():\n\top.execute("""\n\t\tCREATE INDEX ix ON t\t(a)\n\t""")\n';
    const sql = single(body);
    expect(sql.text).toBe("\n\t\tCREATE INDEX ix ON t\t(a)\n\t");
    expect(hostText(body, sql, sqlRange(sql, "t\t(a)"))).toBe("t\t(a)");
    expectInsert(body, unique(sql.text, "ix"), "IF NOT EXISTS\t", at(unique(body, "ix"), "IF NOT EXISTS\t"));
  });
});

describe("f-strings", () => {
  it("replaces each replacement by a placeholder that PostgreSQL parses", () => {
    const body = 'op.execute(f"CREATE INDEX ix_{table}_a ON {schema!r}.{table:>10} (a) WHERE b = \'{{x}}\'")\n';
    const sql = single(body);
    expect(sql.text).toBe("CREATE INDEX ix___pyfmt_0___a ON __pyfmt_1__.__pyfmt_2__ (a) WHERE b = '{x}'");
    expect(() => parseSync(sql.text)).not.toThrow();
    expect(hostText(body, sql, sqlRange(sql, "__pyfmt_1__"))).toBe("{schema!r}");
    expect(hostText(body, sql, sqlRange(sql, "__pyfmt_2__ (a)"))).toBe("{table:>10} (a)");
    expect(hostText(body, sql, sqlRange(sql, "{x}"))).toBe("{{x}}");
  });

  it("refuses edits inside or after a placeholder, names it before one, and doubles braces elsewhere", () => {
    const body = 'op.execute(f"CREATE INDEX {name} ON t (a)")\n';
    const sql = single(body);
    const [start, end] = sqlRange(sql, "__pyfmt_0__");
    for (const offset of [start + 1, end - 1, end]) {
      expect(sql.insert(offset, "x")).toBeNull();
    }
    expect(sql.insert(start, "x ")).toEqual({ range: [unique(body, "{name}"), unique(body, "{name}")], text: "x ", beside: "{name}" });
    expectInsert(body, unique(sql.text, "ON"), "{x} ", at(unique(body, "ON"), "{{x}} "));
    expectInsert(body, unique(sql.text, "INDEX") + 5, " IF NOT EXISTS", at(unique(body, "INDEX") + 5, " IF NOT EXISTS"));
  });

  it("reads raw and triple-quoted f-strings", () => {
    const body = `op.execute(rf"SELECT '\\d{n}'" f"""\n FROM {t}""")\n`;
    const sql = single(body);
    expect(sql.text).toBe("SELECT '\\d__pyfmt_0__'\n FROM __pyfmt_1__");
    expectInsert(body, unique(sql.text, " FROM"), " AS {x}", at(unique(body, " FROM"), " AS {{x}}"));
  });
});

describe("bind parameters", () => {
  it("turns :name into an equal-length $1 in text() and op.execute() strings", () => {
    const body = 'op.execute("UPDATE t SET a = :val WHERE id = :id AND b = x::int AND c = \'12:30\'")\n';
    const sql = single(body);
    expect(sql.text).toBe("UPDATE t SET a = $1   WHERE id = $1  AND b = x::int AND c = '12:30'");
    expect(() => parseSync(sql.text)).not.toThrow();
    const bind = unique(sql.text, "a = $1") + 4;
    expect(hostText(body, sql, [bind, bind + ":val".length])).toBe(":val");
  });

  it("keeps colons in driver-level SQL", () => {
    const body = "conn.exec_driver_sql(\"SELECT ':val'\")\nconn.execute(\"SELECT ':val'\")\n";
    expect(extract(body).map((sql) => sql.text)).toEqual(["SELECT ':val'", "SELECT ':val'"]);
  });

  it("drops the backslash of an escaped colon, as SQLAlchemy does", () => {
    const body = String.raw`op.execute(sa.text(r"SELECT '\:val' FROM t"))` + "\n";
    const sql = single(body);
    expect(sql.text).toBe("SELECT ':val' FROM t");
    expect(hostText(body, sql, sqlRange(sql, ":val"))).toBe(String.raw`\:val`);
    expectInsert(body, unique(sql.text, ":val"), "x", at(unique(body, String.raw`\:val`), "x"));
  });

  it("refuses edits that touch, make or break a bind parameter", () => {
    const body = 'op.execute("UPDATE t SET a = :val WHERE b")\n';
    const sql = single(body);
    const [start, end] = sqlRange(sql, "$1  ");
    expect(sql.insert(start, "x")).toBeNull();
    expect(sql.insert(end, "x")).toBeNull();
    expect(sql.insert(unique(sql.text, " WHERE"), "y")).toBeNull();
    expect(sql.insert(unique(sql.text, "WHERE"), ":other ")).toBeNull();
    expectInsert(body, unique(sql.text, "WHERE"), "::text ", at(unique(body, "WHERE"), "::text "));
  });
});

describe("DDL()", () => {
  it("applies % formatting", () => {
    const body = "op.execute(DDL(\"CREATE INDEX ix ON %(table)s (a) WHERE b LIKE 'a%%'\"))\n";
    const sql = single(body);
    expect(sql.text).toBe("CREATE INDEX ix ON __pyfmt_0__ (a) WHERE b LIKE 'a%'");
    expect(hostText(body, sql, sqlRange(sql, "__pyfmt_0__"))).toBe("%(table)s");
    expect(hostText(body, sql, sqlRange(sql, "%"))).toBe("%%");
    expectInsert(body, unique(sql.text, "'a%'"), "'%' || ", at(unique(body, "'a%%'"), "'%%' || "));
  });
});

describe("constants", () => {
  const body = `import sqlalchemy as sa

MODULE_SQL = "CREATE INDEX a ON t (a)"
TWICE = "CREATE INDEX b ON t (b)"
TWICE = "CREATE INDEX c ON t (c)"
WRAPPED = sa.text("CREATE INDEX d ON t (d)")
ALIAS = MODULE_SQL


def upgrade():
    LOCAL = "CREATE INDEX e ON t (e)"
    op.execute(MODULE_SQL)
    op.execute(TWICE)
    conn.execute(WRAPPED)
    op.execute(LOCAL)
    op.execute(LATER)
    LATER = "CREATE INDEX f ON t (f)"
    op.execute(MODULE_SQL)
    op.execute(ALIAS)
    op.execute(DEFINED_BELOW)


def downgrade(MODULE_SQL):
    op.execute(MODULE_SQL)
    AUGMENTED = "CREATE INDEX g ON t (g)"
    AUGMENTED += " WHERE g"
    op.execute(AUGMENTED)
    for LOOPED in ["CREATE INDEX h ON t (h)"]:
        op.execute(LOOPED)


DEFINED_BELOW = "CREATE INDEX i ON t (i)"
`;

  it("follows a name bound once to a literal, at module level or earlier in the function", () => {
    expect(extract(body).map((sql) => [sql.text, sql.sink])).toEqual([
      ["CREATE INDEX a ON t (a)", "op.execute()"],
      ["CREATE INDEX d ON t (d)", "sa.text()"],
      ["CREATE INDEX e ON t (e)", "op.execute()"],
      ["CREATE INDEX i ON t (i)", "op.execute()"],
    ]);
  });

  it("maps and edits the literal of the assignment", () => {
    const [moduleSql] = extract(body) as [EmbeddedSql];
    expect(moduleSql.hostRange([0, moduleSql.text.length])).toEqual([
      unique(body, "CREATE INDEX a"),
      unique(body, "CREATE INDEX a") + moduleSql.text.length,
    ]);
    expectInsert(body, "CREATE INDEX ".length, "IF NOT EXISTS ", at(unique(body, "a ON t (a)"), "IF NOT EXISTS "));
  });
});

describe("insert", () => {
  it("escapes quotes, backslashes and newlines for the literal", () => {
    const body = "op.execute(\"SELECT 1\")\nop.execute('SELECT 1')\nop.execute(\"\"\"SELECT 1\"\"\")\n";
    const first = unique(body, 'op.execute("SELECT') + 'op.execute("SELECT'.length;
    expectInsert(body, 6, ' "q" \'s\' \\', at(first, String.raw` \"q\" 's' \\`));
    const second = unique(body, "'SELECT 1'") + 1 + "SELECT".length;
    expectInsert(body, 6, " 's'\n", at(second, String.raw` \'s\'\n`), 1);
    const third = unique(body, '"""SELECT 1"""') + 3 + "SELECT".length;
    expectInsert(body, 6, ' "q"\n', at(third, ' \\"q\\"\n'), 2);
  });

  it("refuses what a raw literal cannot spell", () => {
    const body = "op.execute(r'SELECT 1')\nop.execute(r'''SELECT 1''')\nop.execute(r\"SELECT 1\")\n";
    const [raw, triple, double] = extract(body) as [EmbeddedSql, EmbeddedSql, EmbeddedSql];
    expect(raw.insert(6, " 's'")).toBeNull();
    expect(raw.insert(6, "\n")).toBeNull();
    expect(triple.insert(triple.text.length, "'")).toBeNull();
    expect(double.insert(double.text.length, "\\")).toBeNull();
    expectInsert(body, 6, " 's'\n", at(unique(body, "'''SELECT 1'''") + 3 + 6, " 's'\n"), 1);
    expectInsert(body, 6, String.raw` '\d'`, at(unique(body, 'r"SELECT') + 'r"SELECT'.length, String.raw` '\d'`), 2);
  });

  it("inserts at the end of the earlier part at a boundary of implicit concatenation", () => {
    const body = "op.execute(\"CREATE INDEX \" 'ix ON t (a)')\n";
    const sql = single(body);
    expectInsert(body, "CREATE INDEX ".length, "IF NOT EXISTS ", at(unique(body, "\" 'ix"), "IF NOT EXISTS "));
    expectInsert(body, 0, "-- x\n", at(unique(body, "CREATE"), "-- x\\n"));
    expectInsert(body, sql.text.length, ";", at(unique(body, "(a)") + 3, ";"));
  });

  it("refuses to split an escape or a character, and accepts a place next to an escape", () => {
    const body = String.raw`op.execute("SELECT '\U0001F600', '😀', E'\n', '\d', '\1'")` + "\n";
    const sql = single(body);
    const escaped = sql.text.indexOf("😀");
    const literal = sql.text.lastIndexOf("😀");
    expect(sql.insert(escaped + 1, "x")).toBeNull();
    expect(sql.insert(literal + 1, "x")).toBeNull();
    expect(sql.insert(unique(sql.text, "d'"), "x")).toBeNull();
    expect(sql.insert(unique(sql.text, "\u0001'") + 1, "2")).toBeNull();
    expectInsert(body, unique(sql.text, "\n'") + 1, "x", at(unique(body, String.raw`\n'`) + 2, "x"));
    expectInsert(body, unique(sql.text, "\u0001'") + 1, "a", at(unique(body, String.raw`\1'`) + 2, "a"));
    expectInsert(body, escaped + 2, "x", at(unique(body, String.raw`\U0001F600`) + 10, "x"));
    expectInsert(body, literal + 2, "x", at(unique(body, "😀'") + 2, "x"));
  });

  it("refuses offsets outside the text and NUL characters", () => {
    const sql = single('op.execute("SELECT 1")\n');
    expect(sql.insert(-1, "x")).toBeNull();
    expect(sql.insert(9, "x")).toBeNull();
    expect(sql.insert(1.5, "x")).toBeNull();
    expect(sql.insert(0, "\0")).toBeNull();
  });
});
