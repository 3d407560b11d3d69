import { describe, expect, it } from "vitest";
import { defaultConstraintName, defaultIndexName } from "../../src/sql/default-names.js";

describe("PostgreSQL's default names", () => {
  it("names each kind of constraint after its table, columns and label", () => {
    expect(defaultConstraintName("orders", ["id"], "pkey")).toBe("orders_pkey");
    expect(defaultConstraintName("orders", ["email"], "key")).toBe("orders_email_key");
    expect(defaultConstraintName("orders", ["tenant_id", "email"], "key")).toBe("orders_tenant_id_email_key");
    expect(defaultConstraintName("orders", ["user_id"], "fkey")).toBe("orders_user_id_fkey");
    expect(defaultIndexName("orders", ["user_id", null])).toBe("orders_user_id_expr_idx");
  });

  it("names a CHECK after its column only when it reads exactly one", () => {
    expect(defaultConstraintName("orders", ["qty"], "check")).toBe("orders_qty_check");
    expect(defaultConstraintName("orders", ["a", "b"], "check")).toBe("orders_check");
    expect(defaultConstraintName("orders", [], "check")).toBe("orders_check");
  });

  it("appends the collision number after the label", () => {
    expect(defaultConstraintName("orders", ["user_id"], "fkey", 1)).toBe("orders_user_id_fkey1");
  });

  it("cuts to 63 bytes, trimming the longer part first, on character boundaries", () => {
    const table = "t".repeat(40);
    const column = "c".repeat(40);
    const name = defaultConstraintName(table, [column], "fkey");
    expect(name).toBe(`${"t".repeat(29)}_${"c".repeat(28)}_fkey`);
    expect(Buffer.byteLength(name)).toBe(63);
    expect(defaultConstraintName("é".repeat(40), ["id"], "key")).toBe(`${"é".repeat(28)}_id_key`);
  });
});
