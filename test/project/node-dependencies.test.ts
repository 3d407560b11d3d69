import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findNodePackageVersion, nodeVersionAtLeast } from "../../src/project/node-dependencies.js";

let root: string;

function project(files: Record<string, unknown>): string {
  root = mkdtempSync(path.join(tmpdir(), "node-deps-"));
  mkdirSync(path.join(root, ".git"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return root;
}

const migration = () => path.join(root, "src", "migrations", "1-A.ts");

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("findNodePackageVersion", () => {
  it("prefers the installed copy over the declared range", () => {
    project({
      "package.json": { dependencies: { typeorm: "^0.3.17" } },
      "node_modules/typeorm/package.json": { name: "typeorm", version: "0.3.27" },
    });
    expect(findNodePackageVersion(migration(), "typeorm")).toEqual({ version: "0.3.27", source: path.join("node_modules", "typeorm", "package.json") });
  });

  it("takes the lowest version a range allows, from any dependency field", () => {
    project({ "package.json": { devDependencies: { typeorm: ">=0.3.17 <2" } } });
    expect(findNodePackageVersion(migration(), "typeorm")).toEqual({ version: "0.3.17", source: "package.json" });
  });

  it("finds the nearest package.json that names the package, and stops at the repository root", () => {
    project({
      "package.json": { dependencies: { typeorm: "1.0.0" } },
      "src/package.json": { dependencies: { react: "19.0.0" } },
    });
    expect(findNodePackageVersion(migration(), "typeorm")).toEqual({ version: "1.0.0", source: "package.json" });
    expect(findNodePackageVersion(path.join(root, "sub", ".git", "x"), "knex")).toBeNull();
  });

  it("knows no version for workspace, file and git specifiers", () => {
    project({ "package.json": { dependencies: { typeorm: "workspace:*", knex: "github:knex/knex" } } });
    expect(findNodePackageVersion(migration(), "typeorm")).toBeNull();
    expect(findNodePackageVersion(migration(), "knex")).toBeNull();
  });

  it("sees an upgrade without a restart", () => {
    project({ "package.json": { dependencies: { typeorm: "^0.3.17" } } });
    expect(findNodePackageVersion(migration(), "typeorm")?.version).toBe("0.3.17");
    const manifest = path.join(root, "package.json");
    writeFileSync(manifest, JSON.stringify({ dependencies: { typeorm: "^1.0.1" } }));
    const later = new Date(Date.now() + 5_000);
    utimesSync(manifest, later, later);
    expect(findNodePackageVersion(migration(), "typeorm")?.version).toBe("1.0.1");
  });
});

describe("nodeVersionAtLeast", () => {
  it("orders by semver: a prerelease of the minimum is below it", () => {
    expect(nodeVersionAtLeast("1.0.0", "1.0.0")).toBe(true);
    expect(nodeVersionAtLeast("1.0.0-beta.3", "1.0.0")).toBe(false);
    expect(nodeVersionAtLeast("0.3.27", "1.0.0")).toBe(false);
    expect(nodeVersionAtLeast("not a version", "1.0.0")).toBe(false);
  });
});
