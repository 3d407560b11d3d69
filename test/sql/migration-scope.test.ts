import { describe, expect, it } from "vitest";
import { identityOf, MigrationScope, searchPathList } from "../../src/sql/migration-scope.js";

const site = (line: number) => ({ statement: "DROP INDEX", line, qualify: null });

describe("searchPathList", () => {
  it("folds unquoted names, keeps quoted ones exact, and keeps $user", () => {
    expect(searchPathList(' "$user", Storage , "Billing""s" ')).toEqual(["$user", "storage", 'Billing"s']);
  });

  it("is null for what is not a plain list", () => {
    expect(searchPathList("storage public")).toBeNull();
    expect(searchPathList("")).toBeNull();
  });
});

describe("MigrationScope", () => {
  it("an unqualified drop covers an unqualified or public creation, not one in another schema", () => {
    const scope = new MigrationScope();
    scope.dropped(identityOf("index", "ix"), site(3));
    expect(scope.coveredByDrop(identityOf("index", "ix", null, null))).toBe(true);
    expect(scope.coveredByDrop(identityOf("index", "ix", null, "public"))).toBe(true);
    expect(scope.coveredByDrop(identityOf("index", "ix", null, "storage"))).toEqual({
      clause: 'the DROP INDEX at line 3 looks "ix" up through search_path, not in schema "storage"',
      qualifyDrop: null,
    });
    expect(scope.coveredByDrop(identityOf("index", "other", null, "storage"))).toBe(false);
  });

  it("search_path moves unqualified names to its first schema, $user skipped; an unreadable one matches any", () => {
    const scope = new MigrationScope();
    scope.setSearchPath(["$user", "storage", "public"]);
    scope.dropped(identityOf("type", "mood"), site(1));
    expect(scope.coveredByDrop(identityOf("type", "storage.mood"))).toBe(true);
    scope.setSearchPath([]);
    expect(scope.coveredByDrop(identityOf("type", "mood"))).toEqual({
      clause: 'the DROP INDEX at line 1 ran with another search_path, which puts "mood" in schema "storage", not "public"',
      qualifyDrop: null,
    });
    scope.setSearchPath(null);
    expect(scope.coveredByDrop(identityOf("type", "mood"))).toBe(true);
  });

  it("a constraint's schema is its table's, and only a concurrent drop covers a concurrent build", () => {
    const scope = new MigrationScope();
    scope.dropped(identityOf("constraint", "fk", "storage.objects"), site(2));
    expect(scope.coveredByDrop(identityOf("constraint", "fk", "storage.objects"))).toBe(true);
    expect(scope.coveredByDrop(identityOf("constraint", "fk", "objects"))).not.toBe(true);
    scope.dropped(identityOf("index", "ix"), site(4));
    expect(scope.coveredByDrop(identityOf("index", "ix"), true)).toBe(false);
    scope.dropped(identityOf("index", "ix"), site(5), true);
    expect(scope.coveredByDrop(identityOf("index", "ix"), true)).toBe(true);
  });
});
