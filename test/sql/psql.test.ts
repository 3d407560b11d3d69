import { describe, expect, it } from "vitest";
import { readPsqlScript, withPsqlVariablesShown } from "../../src/sql/psql.js";

/** The SQL text of a script, which always keeps the script's length. */
function sqlOf(script: string): string {
  const { sql } = readPsqlScript(script);
  expect(sql).toHaveLength(script.length);
  return sql;
}

describe("readPsqlScript", () => {
  it("leaves plain SQL as it is", () => {
    const text = "CREATE TABLE apps (id bigint, tags text[]);\nSELECT tags[1:2], id::text FROM apps;\n";
    expect(sqlOf(text)).toBe(text);
  });

  it("blanks COPY data up to and including its \\. line, line breaks kept", () => {
    expect(sqlOf("COPY apps (id, name) FROM stdin;\n1\tit's\n2\t\\N\n\\.\nCREATE INDEX ix ON apps (id);\n")).toBe(
      "COPY apps (id, name) FROM stdin;\n      \n    \n  \nCREATE INDEX ix ON apps (id);\n",
    );
  });

  it("blanks COPY data to the end when the \\. line is missing, as psql reads it", () => {
    expect(sqlOf("COPY apps FROM STDIN WITH (FORMAT csv);\r\n1,'a\r\n2,b")).toBe("COPY apps FROM STDIN WITH (FORMAT csv);\r\n    \r\n   ");
  });

  it("reads the data of \\copy … from stdin too, but not of COPY … TO STDOUT or pstdin", () => {
    expect(sqlOf("\\copy apps from stdin\n1\n\\.\nSELECT 1;\n")).toBe("                     \n \n  \nSELECT 1;\n");
    expect(sqlOf("COPY apps TO STDOUT;\nSELECT 1;\n")).toBe("COPY apps TO STDOUT;\nSELECT 1;\n");
    expect(sqlOf("\\copy apps from pstdin\nSELECT 1;\n")).toBe("                      \nSELECT 1;\n");
  });

  it("blanks a meta-command to the end of its line, wherever it starts", () => {
    expect(sqlOf("\\set ON_ERROR_STOP on\n  \\echo 'it''s'\nSELECT 1 \\echo x\n;")).toBe(
      "                     \n               \nSELECT 1        \n;",
    );
  });

  it("turns a meta-command that sends the query buffer into the ; it stands for", () => {
    expect(sqlOf("SELECT count(*) AS n FROM apps \\gset\nSELECT 1\\g\n")).toBe("SELECT count(*) AS n FROM apps ;    \nSELECT 1; \n");
    expect(sqlOf("SELECT 1 \\; SELECT 2;")).toBe("SELECT 1  ; SELECT 2;");
  });

  it("finds no meta-command, COPY or variable inside quotes, dollar quotes and comments", () => {
    const text = [
      "SELECT '\\set x', E'\\\\', E'\\' :v', \":v\" FROM t; -- \\echo :v",
      "/* \\i x.sql /* :v */ */",
      "DO $body$ BEGIN RAISE NOTICE '\\.'; END $body$;",
      "SELECT 'COPY t FROM stdin;';",
      "",
    ].join("\n");
    expect(sqlOf(text)).toBe(text);
  });

  it("replaces variables by placeholders of their length, the same variable by the same placeholder", () => {
    const { sql, variables } = readPsqlScript("CREATE INDEX :\"ix\" ON :schema.apps (name) WHERE kind = :'kind' AND :schema.apps.x = 1;");
    expect(sql).toBe("CREATE INDEX \"ǂix\" ON ǂschema.apps (name) WHERE kind = 'ǂkind' AND ǂschema.apps.x = 1;");
    expect([...variables]).toEqual([
      ["ix", ':"ix"'],
      ["schema", ":schema"],
      ["kind", ":'kind'"],
    ]);
  });

  it("reads a cast, an array slice and := as SQL, not as variables", () => {
    const text = "SELECT x::int, a[1:2], a[1:n], a[lo:hi], a[:2], f(p := 1) FROM t;";
    expect(sqlOf(text)).toBe(text);
  });
});

describe("withPsqlVariablesShown", () => {
  it("writes each placeholder as the file spelled the variable", () => {
    const { variables } = readPsqlScript("CREATE INDEX :\"ix\" ON :schema.apps (name);");
    expect(withPsqlVariablesShown('CREATE INDEX ǂix ON ǂschema.apps, relation "ǂix"', variables)).toBe(
      'CREATE INDEX :"ix" ON :schema.apps, relation ":"ix""',
    );
  });
});
