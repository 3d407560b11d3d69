import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { existsInListing, mayExist } from "../../src/project/folder-listing.js";
import { temporaryRepositories } from "../support/temp-repository.js";

const project = temporaryRepositories("folder-listing");

describe("config names looked up in a folder's listing", () => {
  it("answers by the name's first segment, case-insensitively", () => {
    const root = project({ "alembic.ini": "", "config/config.json": "{}" });
    expect(mayExist(root, "alembic.ini")).toBe(true);
    expect(mayExist(root, "Alembic.INI")).toBe(true);
    expect(mayExist(root, "knexfile.js")).toBe(false);
    expect(mayExist(root, "config/config.js")).toBe(true);
    expect(mayExist(root, "conf/flyway.conf")).toBe(false);
    expect(mayExist(path.join(root, "missing"), "alembic.ini")).toBe(false);
  });

  it("gives what a stat gives, on any file system", () => {
    const root = project({ "alembic.ini": "", "sub/knexfile.js": "" });
    expect(existsInListing(path.join(root, "alembic.ini"))).toBe(true);
    expect(existsInListing(path.join(root, ".git"))).toBe(true);
    expect(existsInListing(path.join(root, "sub", "knexfile.js"))).toBe(true);
    expect(existsInListing(path.join(root, "sub", "knexfile.ts"))).toBe(false);
    // Case-sensitive here, case-insensitive on macOS and Windows: the stat decides.
    const otherCase = path.join(root, "ALEMBIC.ini");
    expect(existsInListing(otherCase)).toBe(fs.existsSync(otherCase));
  });
});
