import { test } from "vitest";
import { Linter } from "eslint";
import plugin from "../../src/index.js";
import { readFileSync } from "node:fs";
test("probe", () => {
  const linter = new Linter({ configType: "flat" });
  for (const [file, code] of JSON.parse(readFileSync("/tmp/h17/probe.json", "utf8")) as [string, string][]) {
    const lang = file.endsWith(".py") ? "migrations/python" : "migrations/sql";
    const out = linter.verify(code, [{ files: ["**/*.py", "**/*.sql"], plugins: { migrations: plugin }, language: lang, rules: { "migrations/idempotent-ddl": "error" } }], file);
    console.log("=== " + code.replace(/\n/g, "⏎"));
    for (const m of out) console.log(JSON.stringify({ l: m.line, c: m.column, el: m.endLine, ec: m.endColumn, msg: m.message, fix: m.fix, sug: m.suggestions?.map((s) => [s.desc, s.fix]) }));
  }
});
