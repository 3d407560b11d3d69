// Valid Python 3.8–3.13 that an Alembic file may hold must never be rejected as a syntax error: the
// file is linted, and where @lezer/python's grammar has a gap the span is named in a finding.
import { describe, expect, it } from "vitest";
import rule from "../../../rules/idempotent-ddl.js";
import uncheckedSql from "../../../rules/unchecked-sql.js";
import { PythonLanguage } from "../../../src/languages/python/language.js";
import { MIGRATION_FILE, pythonRuleTester } from "../../rules/rule-tester.js";

const language = new PythonLanguage();

function parse(text: string) {
  return language.parse({ body: text, path: MIGRATION_FILE, physicalPath: MIGRATION_FILE, bom: false });
}

/** Constructs of the Python 3.8–3.13 grammar, each a small valid module. */
const VALID_PYTHON: Record<string, string> = {
  "bare yield": "def f():\n    yield\n",
  "yield as a value": "def f():\n    x = yield\n    y = (yield)\n",
  "yield in a lambda": "f = lambda: (yield)\n",
  "yield in a contextmanager with a with block": "@contextmanager\ndef f():\n    with a:\n        yield\n    return\n",
  "yield with a value and yield from": "def f():\n    yield 1\n    yield a, b\n    yield from g()\n",
  "walrus": "if (n := len(a)) > 10:\n    pass\n[y for x in a if (y := f(x))]\n",
  "positional-only parameters": "def f(a, /, b, *, c):\n    pass\n",
  "match statement": "match x:\n    case [1, *rest]:\n        pass\n    case {'a': 1, **kw}:\n        pass\n    case Point(x=0) | None:\n        pass\n    case _:\n        pass\n",
  "except*": "try:\n    pass\nexcept* ValueError as e:\n    pass\n",
  "type parameters": "def f[T](x: T) -> T:\n    return x\n",
  "type alias": "type X = int\n",
  "f-string with nested quotes (3.12)": 'x = f"{a["b"]}"\n',
  "f-string conversions, format specs and =": 'x = f"{a!r:>{width}} {b=}"\n',
  "multi-line f-string": 'x = f"""\n{a}\n"""\n',
  "return of a starred tuple": "def f():\n    return *a, b\n",
  "async def, with, for, comprehension": "async def f():\n    async with a as b:\n        async for x in y:\n            await z\n    return [i async for i in q]\n",
  "union types and builtin generics": "def f(a: int | None = None) -> list[str]:\n    pass\n",
  "numbers": "x = 1_000 + 0x_ff + 1j + 1e-3 + 0o17 + 0b1\n",
  "string prefixes": "x = Rb'a' + BR'b' + Fr'{c}' + rf'{d}' + u'e'\n",
  "line continuation": "x = 1 + \\\n    2\n",
  "semicolons and one-line blocks": "a = 1; b = 2\nif x: pass\nelse: y = 1\n",
  "for/else, try/except/else/finally": "for a in b:\n    pass\nelse:\n    pass\ntry:\n    pass\nexcept (A, B) as e:\n    pass\nelse:\n    pass\nfinally:\n    pass\n",
  "raise from, assert with a message": "raise X from Y\nassert x, 'msg'\n",
  "metaclass": "class A(B, metaclass=M):\n    pass\n",
  "unpacking in calls and displays": "f(a=1, *args, **kw)\nf(**a, **b)\nx = [*a, *b]\ny = {**a, 'b': 1}\na, *b = c\n",
  "slices and matrix multiplication": "x = a[::2]\ny = a[1:2, ::3]\nx = a @ b\nx @= c\n",
  "global and nonlocal": "def f():\n    global a\n    def g():\n        nonlocal b\n",
  "annotated assignments": "x: int = 1\ny: list[int]\n",
  "soft keywords as names": "match = 1\ncase = 2\ntype = 3\n",
  "tabs, CRLF, non-ASCII names": "def f():\n\tpass\r\ngröße = 1\r\n",
  "ellipsis body and generator argument": "def f(): ...\nsum(x for x in y)\n",
};

describe("valid Python 3.8–3.13 parses without an error", () => {
  for (const [name, text] of Object.entries(VALID_PYTHON)) {
    it(name, () => {
      const result = parse(text);
      expect(result.ok ? result.ast.unreadable : result.errors).toEqual([]);
    });
  }
});

describe("grammar gaps are named, not rejected", () => {
  it.each([
    ["with (a as b, c as d):\n    pass\n", [0, 22], "a parenthesized group of context managers", "3.10"],
    ["with (\n    a as b,\n    c as d,\n):\n    pass\n", [0, 33], "a parenthesized group of context managers", "3.10"],
    ["@buttons[0].clicked.connect\ndef f():\n    pass\n", [0, 27], "a decorator that is an arbitrary expression", "3.9"],
    ["x = a[*b]\n", [0, 9], "a starred expression in a subscript", "3.11"],
    ["for x in *a, *b:\n    pass\n", [0, 25], "a starred expression after `in`", "3.9"],
  ] as const)("%j", (text, range, construct, since) => {
    const result = parse(text);
    expect(result.ok && result.ast.unreadable).toEqual([{ range, construct, since }]);
  });

  it("still rejects syntax errors, at their place", () => {
    for (const [text, line, column] of [
      ["def upgrade(:\n    pass\n", 1, 13],
      ["x = = 1\n", 1, 5],
      ["def f():\n    yield yield\n", 2, 11],
    ] as const) {
      const result = parse(text);
      expect(result.ok ? "parsed" : result.errors.map(({ line: l, column: c }) => [l, c])).toEqual([[line, column]]);
    }
  });
});

const UNREADABLE =
  "This code was not checked: the plugin's parser cannot read a parenthesized group of context managers (valid since Python 3.10), so a migration operation here would go unreported. The rest of the file was checked.";
const CREATE_INDEX =
  "op.create_index() is not retry-safe: if the migration is retried after a partial run, the retry fails with 'relation \"ix_a\" already exists'. Add `if_not_exists=True` so that a retry skips it.";

pythonRuleTester().run("idempotent-ddl on valid Python the grammar lacks", rule, {
  valid: [
    {
      name: "a @contextmanager helper with a bare yield does not hide the guarded operations",
      filename: MIGRATION_FILE,
      code: 'from contextlib import contextmanager\nfrom alembic import op\n\n\n@contextmanager\ndef quiet():\n    yield\n\n\ndef upgrade():\n    with quiet():\n        op.create_index("ix_a", "t", ["a"], if_not_exists=True)\n',
    },
  ],
  invalid: [
    {
      name: "a bare yield in a helper: the file is linted and fixed",
      filename: MIGRATION_FILE,
      code: 'from contextlib import contextmanager\nfrom alembic import op\n\n\n@contextmanager\ndef quiet():\n    x = yield\n\n\ndef upgrade():\n    with quiet():\n        op.create_index("ix_a", "t", ["a"])\n',
      output:
        'from contextlib import contextmanager\nfrom alembic import op\n\n\n@contextmanager\ndef quiet():\n    x = yield\n\n\ndef upgrade():\n    with quiet():\n        op.create_index("ix_a", "t", ["a"], if_not_exists=True)\n',
      errors: [{ message: CREATE_INDEX, line: 12, column: 9, endLine: 12, endColumn: 44 }],
    },
    {
      name: "parenthesized context managers: the span is named and findings elsewhere are kept",
      filename: MIGRATION_FILE,
      code: 'from alembic import op\n\n\ndef upgrade():\n    with (open("a") as a, open("b") as b):\n        pass\n    op.create_index("ix_a", "t", ["a"])\n',
      output: 'from alembic import op\n\n\ndef upgrade():\n    with (open("a") as a, open("b") as b):\n        pass\n    op.create_index("ix_a", "t", ["a"], if_not_exists=True)\n',
      errors: [
        { message: CREATE_INDEX, line: 7, column: 5, endLine: 7, endColumn: 40 },
      ],
    },
  ],
});

pythonRuleTester().run("unchecked-sql on valid Python the grammar lacks", uncheckedSql, {
  valid: [],
  invalid: [
    {
      name: "parenthesized context managers: the unreadable span is named",
      filename: MIGRATION_FILE,
      code: 'from alembic import op\n\n\ndef upgrade():\n    with (open("a") as a, open("b") as b):\n        pass\n    op.create_index("ix_a", "t", ["a"])\n',
      errors: [{ message: UNREADABLE, line: 5, column: 5, endLine: 5, endColumn: 43 }],
    },
  ],
});
