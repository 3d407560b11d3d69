import path from "node:path";
import type { Requirement } from "../operations.js";
import { findNodePackageVersion, nodeVersionAtLeast } from "../project/node-dependencies.js";
import { findPythonPackageVersion, versionAtLeast } from "../project/python-dependencies.js";

export interface KnownVersion {
  version: string;
  /** Where it was read, for messages: `option alembicVersion` or a file name. */
  source: string;
}

/** The version of a package as the project uses it, `null` when unknown; looked up on first use. */
export type ProjectVersions = (packageName: string) => KnownVersion | null;

const NPM_PACKAGES = new Set(["typeorm"]);

const DISPLAY_NAMES: Record<string, string> = {
  alembic: "Alembic",
  sqlalchemy: "SQLAlchemy",
  postgresql: "PostgreSQL",
  typeorm: "TypeORM",
};

/**
 * The versions that decide which guards exist. Alembic and SQLAlchemy: from the rule options when
 * given, else from the nearest dependency file of the linted file. PostgreSQL: from the option only;
 * unknown means a current release.
 */
export function projectVersions(
  filename: string,
  cwd: string,
  options: {
    alembicVersion?: string | undefined;
    sqlalchemyVersion?: string | undefined;
    postgresVersion?: string | undefined;
  },
): ProjectVersions {
  const known = new Map<string, KnownVersion | null>();
  // Only the packages a finding asks about are looked up: a .sql file never reads pyproject.toml.
  return (packageName) => {
    if (!known.has(packageName)) {
      known.set(packageName, lookUp(packageName));
    }
    return known.get(packageName) ?? null;
  };

  function lookUp(packageName: string): KnownVersion | null {
    switch (packageName) {
      case "alembic":
        return resolve(filename, cwd, "alembic", options.alembicVersion, "alembicVersion");
      case "sqlalchemy":
        return resolve(filename, cwd, "sqlalchemy", options.sqlalchemyVersion, "sqlalchemyVersion");
      case "postgresql":
        return options.postgresVersion === undefined ? null : { version: options.postgresVersion, source: "option postgresVersion" };
      case "typeorm":
        return filename.startsWith("<") ? null : findNodePackageVersion(path.resolve(cwd, filename), packageName);
      default:
        return null;
    }
  }
}

function resolve(
  filename: string,
  cwd: string,
  packageName: string,
  fromOption: string | undefined,
  optionName: string,
): KnownVersion | null {
  if (fromOption !== undefined) {
    return { version: fromOption, source: `option ${optionName}` };
  }
  if (filename.startsWith("<")) {
    // `<input>` and `<text>` are not files: no project around them.
    return null;
  }
  const found = findPythonPackageVersion(path.resolve(cwd, filename), packageName);
  return found ? { version: found.version, source: path.basename(found.source) } : null;
}

/**
 * Whether the project's versions let a guard take effect. An unknown version counts as a current
 * release, which supports every guard.
 */
export function guardSupported(requires: Requirement[][], versions: ProjectVersions): boolean {
  return requires.some((alternative) =>
    alternative.every((requirement) => {
      const known = versions(requirement.package);
      return !known || atLeast(requirement.package, known.version, requirement.minimum);
    }),
  );
}

export function describeRequirements(requires: Requirement[][]): string {
  return requires
    .map((alternative) =>
      alternative.map((requirement) => `${displayName(requirement.package)} >= ${requirement.minimum}`).join(" with "),
    )
    .join(", or ");
}

/** `Alembic 1.10.4 (from requirements.txt)` for each known package that falls short of a requirement. */
export function describeProject(versions: ProjectVersions, requires: Requirement[][]): string {
  const shortOf = new Map<string, KnownVersion>();
  for (const requirement of requires.flat()) {
    const known = versions(requirement.package);
    if (known && !atLeast(requirement.package, known.version, requirement.minimum)) {
      shortOf.set(requirement.package, known);
    }
  }
  return [...shortOf]
    .map(([packageName, known]) => `${displayName(packageName)} ${known.version} (from ${known.source})`)
    .join(" and ");
}

/** npm packages follow semver, Python's PEP 440; they order prereleases differently. */
function atLeast(packageName: string, version: string, minimum: string): boolean {
  return NPM_PACKAGES.has(packageName) ? nodeVersionAtLeast(version, minimum) : versionAtLeast(version, minimum);
}

function displayName(packageName: string): string {
  return DISPLAY_NAMES[packageName] ?? packageName;
}
