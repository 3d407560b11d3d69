import fs from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { NO_FACTS, type Framework, type FrameworkFacts, type MigrationSource } from "./framework.js";

interface AlembicSection {
  name: string;
  options: Map<string, string>;
}

/**
 * Alembic and Flask-Migrate. An alembic.ini may hold several environments, one section each (one
 * per database or tenant, chosen with `alembic -n`); each names its scripts with `script_location`
 * (a path, `%(here)s/…`, or `package:path` inside a Python package) and may move the revision files
 * with `version_locations`. Flask-Migrate's `migrations/alembic.ini` names no location: the folder
 * it is in, with env.py, is the script location. Alembic 1.16+ may keep these in pyproject.toml.
 */
export const alembic: Framework = {
  name: "Alembic",
  configFiles: ["alembic.ini", "pyproject.toml"],
  read(file, text) {
    return path.basename(file) === "pyproject.toml" ? readPyproject(file, text) : readIni(file, text);
  },
};

function readIni(file: string, text: string): FrameworkFacts {
  const here = path.dirname(file);
  const sections = iniSections(text, here);
  const sources: MigrationSource[] = [];
  let driver: string | null = null;
  for (const section of sections) {
    driver ??= /^([\w+]+):/u.exec(section.options.get("sqlalchemy.url") ?? "")?.[1] ?? null;
    const location = section.options.get("script_location");
    const versions = section.options.get("version_locations");
    // A section may set only version_locations (`[dev]`, `[prod]` sharing one script folder).
    if (location === undefined && versions === undefined) continue;
    const separator = versionSeparator(section.options.get("version_path_separator"));
    sources.push(...versionFolders(here, location ?? here, versions, file, `[${section.name}]`, separator));
  }
  if (sources.length === 0 && fs.existsSync(path.join(here, "env.py"))) {
    sources.push(...versionFolders(here, here, undefined, file, "(Flask-Migrate: the folder of alembic.ini)"));
  }
  return { driver, sources };
}

function readPyproject(file: string, text: string): FrameworkFacts {
  if (!text.includes("[tool.alembic]")) return NO_FACTS;
  let table: unknown;
  try {
    table = (parseToml(text) as { tool?: { alembic?: unknown } }).tool?.alembic;
  } catch {
    return NO_FACTS;
  }
  if (table === null || typeof table !== "object") return NO_FACTS;
  const { script_location: location, version_locations: versions } = table as Record<string, unknown>;
  if (typeof location !== "string") return NO_FACTS;
  const here = path.dirname(file);
  const written = Array.isArray(versions) ? versions.filter((item) => typeof item === "string").join(" ") : typeof versions === "string" ? versions : undefined;
  return { driver: null, sources: versionFolders(here, interpolate(location, here), written === undefined ? undefined : interpolate(written, here), file, "[tool.alembic]") };
}

/** The folders Alembic reads revisions from: `version_locations` when set, else `<script_location>/versions`. */
function versionFolders(here: string, location: string, versions: string | undefined, config: string, detail: string, separator: RegExp | string = LEGACY_SEPARATOR): MigrationSource[] {
  if (versions !== undefined && versions.trim() !== "") {
    return versions
      .split(separator)
      .map((item) => item.trim())
      .filter((item) => item !== "")
      .map((item) => ({ folder: scriptFolder(here, item), pattern: "**/*.py", config, detail: `${detail} version_locations` }));
  }
  const script = scriptFolder(here, location);
  return [{ folder: path.join(script, "versions"), pattern: "**/*.py", config, detail: detail.startsWith("[") ? `${detail} script_location` : detail }];
}

/** Without `version_path_separator`, Alembic splits version_locations on spaces and commas. */
const LEGACY_SEPARATOR = /[\s,]+/u;

/** Alembic's `version_path_separator` values; `os` is the platform's path separator. */
function versionSeparator(value: string | undefined): RegExp | string {
  switch (value) {
    case undefined:
      return LEGACY_SEPARATOR;
    case "os":
      return path.delimiter;
    case "space":
      return " ";
    case "comma":
      return ",";
    case "newline":
      return "\n";
    default:
      return value;
  }
}

/**
 * `package:path` is a folder inside an importable package: found statically at `<here>/<package>`
 * or `<here>/src/<package>`, the two layouts of a Python project. A plain path is relative to the
 * folder alembic runs in, which is the one holding alembic.ini.
 */
function scriptFolder(here: string, location: string): string {
  const packaged = /^([A-Za-z_][\w.]*):(.+)$/u.exec(location);
  if (packaged?.[1] !== undefined && packaged[2] !== undefined) {
    const inside = packaged[1].split(".");
    for (const base of [here, path.join(here, "src")]) {
      const candidate = path.join(base, ...inside, packaged[2]);
      if (fs.existsSync(candidate)) return candidate;
    }
    return path.join(here, ...inside, packaged[2]);
  }
  return path.resolve(here, location);
}

/** An ini file's sections, with `%(here)s` and `%%` interpolated as Alembic's ConfigParser does. */
function iniSections(text: string, here: string): AlembicSection[] {
  const sections: AlembicSection[] = [];
  let current: AlembicSection | null = null;
  for (const line of text.split(/\r?\n/u)) {
    const header = /^\s*\[([^\]]+)\]\s*$/u.exec(line);
    if (header?.[1] !== undefined) {
      current = { name: header[1].trim(), options: new Map() };
      sections.push(current);
      continue;
    }
    const option = /^([\w.-]+)\s*[=:]\s*(.*?)\s*$/u.exec(line);
    if (current !== null && option?.[1] !== undefined) {
      // An inline `# comment` is not part of the value (Alembic's own templates write them).
      current.options.set(option[1], interpolate((option[2] ?? "").replace(/\s+#.*$/u, ""), here));
    }
  }
  return sections;
}

function interpolate(value: string, here: string): string {
  return value.replace(/%\(here\)s/gu, here).replace(/%%/gu, "%");
}
