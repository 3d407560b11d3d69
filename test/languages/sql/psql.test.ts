import { describe, expect, it } from "vitest";
import { lint } from "./helpers.js";

const report = (line: number, column: number, endLine: number, endColumn: number, message: string) => ({
  ruleId: "migrations/probe",
  line,
  column,
  endLine,
  endColumn,
  message,
});

describe("psql scripts", () => {
  it("hands rules the SQL statements only: no meta-command, no COPY data", () => {
    const text = [
      "\\restrict abc",
      "SET client_encoding = 'UTF8';",
      "SELECT pg_catalog.set_config('search_path', '', false);",
      "\\connect app",
      "COPY public.notes (id, body) FROM stdin;",
      "1\tit's",
      "\\.",
      "CREATE INDEX ix ON public.notes (body);",
      "\\unrestrict abc",
      "",
    ].join("\n");
    expect(lint(text)).toEqual([
      report(2, 1, 2, 29, "VariableSetStmt"),
      report(3, 1, 3, 55, "SelectStmt"),
      report(5, 1, 5, 40, "CopyStmt"),
      report(8, 1, 8, 39, "IndexStmt"),
    ]);
  });

  it("keeps a statement whole across a meta-command line inside it, as psql's query buffer does", () => {
    expect(lint("CREATE TABLE apps (\n\\echo still reading\n  id bigint\n);\n")).toEqual([report(1, 1, 4, 2, "CreateStmt")]);
  });

  it("parses the statement after an unterminated COPY as data, as psql does", () => {
    expect(lint("COPY t FROM stdin;\nCREATE INDEX ix ON t (a);\n")).toEqual([report(1, 1, 1, 18, "CopyStmt")]);
  });
});

describe("files that a migration tool sends through its driver", () => {
  it("are not read as psql scripts: a meta-command is the syntax error the tool will meet", () => {
    expect(lint("-- migrate:up\n\\set x 1\nCREATE INDEX ix ON t (a);\n")).toEqual([report(2, 1, 3, 25, 'unparsed: syntax error at or near "\\"')]);
  });
});
