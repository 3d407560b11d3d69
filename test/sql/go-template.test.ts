import { describe, expect, it } from "vitest";
import { readGoTemplate, withTemplateActionsShown } from "../../src/sql/go-template.js";

describe("Go template actions in SQL", () => {
  it("replaces a value action by a same-length name, also inside quotes and glued to a name", () => {
    const text = [
      'alter table {{ index .Options "Namespace" }}.sessions add column aal text;',
      'create index ix on "{{ index .Options "Namespace" }}".identities (user_id);',
      'create table {{ index .Options "Namespace" }}refresh_tokens (a int);',
      "create table {{ .Table }} (a int);",
    ].join("\n");
    const { sql, actions, spellings } = readGoTemplate(text);
    expect(sql).toBe(
      [
        "alter table ǀ0______________________________.sessions add column aal text;",
        'create index ix on "ǀ0______________________________".identities (user_id);',
        "create table ǀ0______________________________refresh_tokens (a int);",
        "create table ǀ1__________ (a int);",
      ].join("\n"),
    );
    expect(actions).toEqual([
      [12, 44],
      [95, 127],
      [164, 196],
      [233, 245],
    ]);
    expect(spellings).toEqual(['{{ index .Options "Namespace" }}', "{{ .Table }}"]);
    expect(withTemplateActionsShown(sql, spellings)).toBe(text);
  });

  it("blanks control actions and comments, keeping line breaks", () => {
    const text = "{{ if .IsSQLite }}select 1;{{ else }}select 2;{{- end -}}\n{{/* a\ncomment */}}select 3;";
    expect(readGoTemplate(text).sql).toBe(`${" ".repeat(18)}select 1;${" ".repeat(10)}select 2;${" ".repeat(11)}\n${" ".repeat(6)}\n${" ".repeat(12)}select 3;`);
  });

  it("leaves PostgreSQL array literals and JSON alone", () => {
    const text = `select '{{1,2},{3,4}}', '{{a,b}}', '{{a}}', '{{"k": 1}}';`;
    expect(readGoTemplate(text)).toEqual({ sql: text, actions: [], spellings: [] });
  });
});
