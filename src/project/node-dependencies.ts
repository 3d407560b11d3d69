import fs from "node:fs";
import path from "node:path";
import semver from "semver";
import { stampOf, stampsHold, type Stamps } from "./file-stamps.js";
import { readProjectFile, repositoryRoot } from "./read-project-file.js";

export interface NodePackageVersion {
  version: string;
  /** Where it was read, for messages: `node_modules/typeorm/package.json` or `package.json`. */
  source: string;
}

interface Manifest {
  version?: unknown;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  peerDependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
}

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

const cache = new Map<string, { answer: NodePackageVersion | null; stamps: Stamps }>();

/**
 * The version of an npm package that the project around `fromPath` (a file) uses: the installed
 * copy in the nearest `node_modules`, else the lowest version the nearest `package.json` that names
 * it allows (`^0.3.17` → 0.3.17). Looks no further up than the repository root (`.git`).
 */
export function findNodePackageVersion(fromPath: string, packageName: string): NodePackageVersion | null {
  let directory = path.dirname(path.resolve(fromPath));
  for (;;) {
    const found = inDirectory(directory, packageName);
    if (found !== "not here") {
      return found;
    }
    const parent = path.dirname(directory);
    if (parent === directory || fs.existsSync(path.join(directory, ".git"))) {
      return null;
    }
    directory = parent;
  }
}

function inDirectory(directory: string, packageName: string): NodePackageVersion | null | "not here" {
  const installed = path.join(directory, "node_modules", packageName, "package.json");
  const manifest = path.join(directory, "package.json");
  const key = `${directory}\0${packageName}`;
  const cached = cache.get(key);
  if (cached && stampsHold(cached.stamps)) {
    return cached.answer ?? "not here";
  }
  const stamps: Stamps = new Map([installed, manifest].map((file) => [file, stampOf(file)]));
  const root = repositoryRoot(directory);
  const answer = installedVersion(directory, installed, root) ?? declaredVersion(manifest, packageName, root);
  cache.set(key, { answer, stamps });
  return answer ?? "not here";
}

function installedVersion(directory: string, file: string, root: string): NodePackageVersion | null {
  const version = readManifest(file, root)?.version;
  return typeof version === "string" && semver.valid(version) ? { version, source: path.relative(directory, file) } : null;
}

function declaredVersion(file: string, packageName: string, root: string): NodePackageVersion | null {
  const manifest = readManifest(file, root);
  for (const field of DEPENDENCY_FIELDS) {
    const range = manifest?.[field]?.[packageName];
    if (typeof range !== "string") {
      continue;
    }
    // `workspace:`, `file:`, git URLs and tags name no version.
    const lowest = semver.validRange(range) ? semver.minVersion(range) : null;
    return lowest ? { version: lowest.version, source: "package.json" } : null;
  }
  return null;
}

function readManifest(file: string, root: string): Manifest | null {
  const text = readProjectFile(file, root);
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? parsed : null;
  } catch {
    return null;
  }
}

/** True when the npm `version` is `minimum` or later; a prerelease of `minimum` is not. */
export function nodeVersionAtLeast(version: string, minimum: string): boolean {
  return semver.valid(version) !== null && semver.gte(version, minimum);
}
