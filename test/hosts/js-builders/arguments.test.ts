import * as espree from "espree";
import type { CallExpression, ExpressionStatement, Program } from "estree";
import { describe, expect, it } from "vitest";
import { appendArgument } from "../../../src/hosts/js-builders/arguments.js";

function appended(code: string, value: string): string {
  const program = espree.parse(code, { ecmaVersion: "latest", range: true }) as unknown as Program;
  const call = (program.body[0] as ExpressionStatement).expression as CallExpression;
  const edit = appendArgument(code, call, value);
  if (!edit) throw new Error("expected an edit");
  return code.slice(0, edit.range[0]) + edit.text + code.slice(edit.range[1]);
}

describe("appendArgument", () => {
  it("appends on the same line when the arguments end on the call's line", () => {
    expect(appended('f("t", {\n  a: 1,\n});', "true")).toBe('f("t", {\n  a: 1,\n}, true);');
  });

  it("puts the argument on a line of its own, in the last argument's indentation, keeping a trailing comma", () => {
    expect(appended("f(\n  new Table({\n    name: 't',\n  }),\n);", "true")).toBe("f(\n  new Table({\n    name: 't',\n  }),\n  true,\n);");
    expect(appended("f(\n\ta,\n\tb\n)", "{ ifExists: true }")).toBe("f(\n\ta,\n\tb,\n\t{ ifExists: true }\n)");
  });

  it("keeps CRLF line breaks", () => {
    expect(appended("f(\r\n  a,\r\n);", "true")).toBe("f(\r\n  a,\r\n  true,\r\n);");
  });

  it("has nothing to append after when the call has no argument", () => {
    const program = espree.parse("f();", { ecmaVersion: "latest", range: true }) as unknown as Program;
    expect(appendArgument("f();", (program.body[0] as ExpressionStatement).expression as CallExpression, "true")).toBeNull();
  });
});
