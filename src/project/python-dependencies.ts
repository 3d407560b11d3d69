/**
 * Finds which version of a Python package the project around a linted file depends on, so rules can
 * tell whether a guard such as Alembic's `if_not_exists=True` exists in the version that will run.
 */

import fs from "node:fs";
import path from "node:path";
import { compare, explain, type Pep440Version } from "@renovatebot/pep440";
import { parse as parseToml } from "smol-toml";
import { stampOf, stampsHold, type Stamps } from "./file-stamps.js";
import { readProjectFile, repositoryRoot } from "./read-project-file.js";
import { warnOnce } from "./warnings.js";

export interface ResolvedPackageVersion {
  /** Normalised version such as "1.13.1" (the lowest version the project allows when only a range is known). */
  version: string;
  /** Absolute path of the file it was read from. */
  source: string;
  /** true when it comes from a lock file or an exact `==` pin. */
  exact: boolean;
}

interface Bound {
  version: string;
  exact: boolean;
}

/** One place a file names the package; `bound` is null when it sets no lower bound. */
interface Mention {
  bound: Bound | null;
  source: string;
}

/** `null` in `found` means no file in the directory names the package. */
interface DirectoryAnswer {
  found: { result: ResolvedPackageVersion | null } | null;
  repositoryRoot: boolean;
}

/** Where a directory's files may be read from, and the stamps of those that were. */
interface Reader {
  root: string;
  stamps: Stamps;
}

/** The requirements file whose `-r` line led to another, and how many such lines deep that is. */
interface Include {
  by: string;
  depth: number;
}

interface CacheEntry {
  answer: DirectoryAnswer;
  stamps: Stamps;
}

const LOCK_FILES = ["poetry.lock", "uv.lock", "Pipfile.lock"] as const;
const REQUIREMENTS_FILE = /^requirements.*\.txt$/;

// ESLint lives for hours inside editors, so entries are revalidated against file stamps on every use.
const cache = new Map<string, CacheEntry>();

/** Finds the version of a Python package (e.g. "alembic", "sqlalchemy") that the project around `fromPath` (a file path) uses. */
export function findPythonPackageVersion(fromPath: string, packageName: string): ResolvedPackageVersion | null {
  const name = normaliseName(packageName);
  let directory = path.dirname(path.resolve(fromPath));
  for (;;) {
    const answer = answerFor(directory, name);
    if (answer.found !== null) {
      // A copy, so a caller that mutates its result cannot corrupt the cache.
      return answer.found.result === null ? null : { ...answer.found.result };
    }
    if (answer.repositoryRoot) return null;
    const parent = path.dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

/** True when `version` >= `minimum` by PEP 440 ordering. */
export function versionAtLeast(version: string, minimum: string): boolean {
  // compare() throws on strings that are not PEP 440 versions, and on local labels (`1.0+abc.1`).
  const [have, need] = [publicVersion(version), publicVersion(minimum)];
  return have !== null && need !== null && compare(have, need) >= 0;
}

function answerFor(directory: string, name: string): DirectoryAnswer {
  const key = `${directory}\0${name}`;
  const cached = cache.get(key);
  if (cached !== undefined && stampsHold(cached.stamps)) return cached.answer;
  const stamps: Stamps = new Map();
  const answer = inspectDirectory(directory, name, stamps);
  cache.set(key, { answer, stamps });
  return answer;
}

function inspectDirectory(directory: string, name: string, stamps: Stamps): DirectoryAnswer {
  // The directory's own stamp changes when files are added or removed, which covers new lock and
  // requirements files and a `.git` appearing; it is taken before listing so a change in between is seen.
  stamps.set(directory, stampOf(directory));
  const entries = listDirectory(directory);
  const atRoot = entries.includes(".git");
  // Files are read only inside the repository; includes (`-r ../x.txt`) may not leave it either.
  const root = atRoot ? directory : repositoryRoot(directory);
  const reader: Reader = { root, stamps };

  const candidates: (() => Mention[])[] = [];
  for (const lockFile of LOCK_FILES) {
    if (entries.includes(lockFile)) {
      const file = path.join(directory, lockFile);
      candidates.push(() =>
        lockFile === "Pipfile.lock" ? pipfileLockMentions(file, name, reader) : tomlLockMentions(file, name, reader),
      );
    }
  }
  for (const entry of entries.filter((e) => REQUIREMENTS_FILE.test(e)).sort()) {
    const file = path.join(directory, entry);
    candidates.push(() => requirementsMentions(file, name, reader, new Set()));
  }
  if (entries.includes("pyproject.toml")) {
    const file = path.join(directory, "pyproject.toml");
    candidates.push(() => pyprojectMentions(file, name, reader));
  }

  for (const candidate of candidates) {
    const mentions = candidate();
    if (mentions.length > 0) return { found: { result: lowestMention(mentions) }, repositoryRoot: atRoot };
  }
  return { found: null, repositoryRoot: atRoot };
}

/**
 * Several mentions in one file are usually alternatives (environment markers, extras, dependency
 * groups), so the lowest bound is what the project may end up running; unbounded mentions add nothing
 * when another mention sets a bound.
 */
function lowestMention(mentions: Mention[]): ResolvedPackageVersion | null {
  let lowest: ResolvedPackageVersion | null = null;
  for (const { bound, source } of mentions) {
    if (bound === null) continue;
    if (lowest === null || compare(bound.version, lowest.version) < 0) {
      lowest = { version: bound.version, source, exact: bound.exact };
    }
  }
  return lowest;
}

function tomlLockMentions(file: string, name: string, reader: Reader): Mention[] {
  const mentions: Mention[] = [];
  for (const entry of asArray(readToml(file, reader)?.["package"])) {
    if (!isTable(entry) || typeof entry["name"] !== "string" || normaliseName(entry["name"]) !== name) continue;
    const version = typeof entry["version"] === "string" ? normaliseVersion(entry["version"], file) : null;
    mentions.push({ bound: version === null ? null : { version, exact: true }, source: file });
  }
  return mentions;
}

function pipfileLockMentions(file: string, name: string, reader: Reader): Mention[] {
  const text = readTracked(file, reader);
  if (text === null) return [];
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isTable(document)) return [];
  const mentions: Mention[] = [];
  for (const section of ["default", "develop"]) {
    const packages = document[section];
    if (!isTable(packages)) continue;
    for (const [key, entry] of Object.entries(packages)) {
      if (normaliseName(key) !== name) continue;
      const specifier = isTable(entry) && typeof entry["version"] === "string" ? entry["version"] : "";
      mentions.push({ bound: lowestAllowed(specifier, file), source: file });
    }
  }
  return mentions;
}

/** How deep `-r` includes are followed: real projects nest two or three; a crafted chain must not exhaust the stack. */
const MAX_INCLUDE_DEPTH = 32;

function requirementsMentions(file: string, name: string, reader: Reader, visited: Set<string>, include?: Include): Mention[] {
  if (visited.has(file)) return [];
  visited.add(file);
  if (include !== undefined && include.depth > MAX_INCLUDE_DEPTH) {
    warnOnce(`skipped ${file} (included by ${include.by}): -r includes nest deeper than ${String(MAX_INCLUDE_DEPTH)} levels.`);
    return [];
  }
  const text = readTracked(file, reader, include?.by);
  if (text === null) return [];
  const mentions: Mention[] = [];
  for (const line of logicalLines(text)) {
    const target = /^(?:-r|--requirement)(?:\s*=\s*|\s*)(\S+)/.exec(line)?.[1];
    if (target !== undefined) {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
        for (const mention of requirementsMentions(path.resolve(path.dirname(file), target), name, reader, visited, {
          by: file,
          depth: (include?.depth ?? 0) + 1,
        })) {
          mentions.push(mention);
        }
      }
      continue;
    }
    if (/^(?:-e|--editable)\b/.test(line)) {
      // Editable installs name their package only through `#egg=` and pin no version.
      const egg = /#egg=([A-Za-z0-9._-]+)/.exec(line);
      if (egg?.[1] !== undefined && normaliseName(egg[1]) === name) mentions.push({ bound: null, source: file });
      continue;
    }
    if (line.startsWith("-")) continue;
    // Per-requirement options such as `--hash=...` follow the requirement itself.
    const requirement = parseRequirement(line.replace(/\s--?[A-Za-z].*$/, ""));
    if (requirement?.name === name) mentions.push({ bound: lowestAllowed(requirement.specifier, file), source: file });
  }
  return mentions;
}

/** Joins `\` continuations and drops comments, as pip does before reading a line. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = "";
  for (const physical of text.split(/\r?\n/)) {
    if (physical.endsWith("\\")) {
      pending += physical.slice(0, -1);
      continue;
    }
    // pip only treats `#` as a comment at the start or after whitespace, so URL fragments like `#egg=` survive.
    const line = (pending + physical).replace(/(?:^|\s)#.*$/, "").trim();
    pending = "";
    if (line !== "") lines.push(line);
  }
  const last = pending.replace(/(?:^|\s)#.*$/, "").trim();
  if (last !== "") lines.push(last);
  return lines;
}

/**
 * Reads a PEP 508 requirement's name and version specifier (empty for a URL or no specifier).
 * Returns null for lines that are not requirements, such as bare URLs and paths.
 */
function parseRequirement(text: string): { name: string; specifier: string } | null {
  const match = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$/s.exec(text);
  if (match?.[1] === undefined) return null;
  const rest = match[2] ?? "";
  // Anything else after the name means the line was not a requirement (e.g. `https://...`).
  if (rest !== "" && !/^[@;(<>=!~]/.test(rest)) return null;
  if (rest.startsWith("@")) return { name: normaliseName(match[1]), specifier: "" };
  const specifier = (rest.split(";")[0] ?? "").replace(/[()]/g, "");
  return { name: normaliseName(match[1]), specifier };
}

function pyprojectMentions(file: string, name: string, reader: Reader): Mention[] {
  const document = readToml(file, reader);
  if (document === null) return [];
  // Lists, not one spread array: a generated pyproject.toml may hold more entries than a call has arguments.
  const lists: unknown[][] = [];
  const project = document["project"];
  if (isTable(project)) {
    lists.push(asArray(project["dependencies"]));
    const optional = project["optional-dependencies"];
    if (isTable(optional)) for (const extra of Object.values(optional)) lists.push(asArray(extra));
  }
  const groups = document["dependency-groups"];
  // Non-string entries are `{ include-group = "..." }` references to groups read here anyway.
  if (isTable(groups)) for (const group of Object.values(groups)) lists.push(asArray(group));

  const mentions: Mention[] = [];
  for (const requirement of lists.flat()) {
    if (typeof requirement !== "string") continue;
    const parsed = parseRequirement(requirement);
    if (parsed?.name === name) mentions.push({ bound: lowestAllowed(parsed.specifier, file), source: file });
  }

  const tool = document["tool"];
  const poetry = isTable(tool) ? tool["poetry"] : undefined;
  if (isTable(poetry)) {
    const tables = [poetry["dependencies"], poetry["dev-dependencies"]];
    const poetryGroups = poetry["group"];
    if (isTable(poetryGroups)) {
      for (const group of Object.values(poetryGroups)) if (isTable(group)) tables.push(group["dependencies"]);
    }
    for (const table of tables) {
      if (!isTable(table)) continue;
      for (const [key, value] of Object.entries(table)) {
        // Poetry's `python` entry constrains the interpreter, not a package of that name.
        if (key === "python" || normaliseName(key) !== name) continue;
        // Poetry writes per-marker alternatives as a list of constraint tables.
        const constraints: unknown[] = Array.isArray(value) ? value : [value];
        for (const constraint of constraints) {
          mentions.push({ bound: poetryBound(constraint, file), source: file });
        }
      }
    }
  }
  return mentions;
}

/** A Poetry dependency is a constraint string or a table whose `version` is one; git/path/url tables have none. */
function poetryBound(value: unknown, file: string): Bound | null {
  if (typeof value === "string") return lowestAllowed(value, file);
  if (isTable(value) && typeof value["version"] === "string") return lowestAllowed(value["version"], file);
  return null;
}

/**
 * The lowest version a PEP 440 specifier or Poetry constraint admits. Comma- or space-separated
 * clauses all apply, so the highest lower bound wins; `||` alternatives admit the lowest of theirs.
 */
function lowestAllowed(constraint: string, file: string): Bound | null {
  let lowest: Bound | null = null;
  for (const alternative of constraint.split(/\|\|?/)) {
    const bound = clausesLowerBound(alternative, file);
    if (bound === null) return null;
    if (lowest === null || compare(bound.version, lowest.version) < 0) lowest = bound;
  }
  return lowest;
}

const OPERATOR = /^(===|==|!=|~=|>=|<=|\^|~|>|<|=)?(.*)$/;

function clausesLowerBound(alternative: string, file: string): Bound | null {
  const clauses = alternative
    .replace(/(===|==|!=|~=|>=|<=|\^|~|>|<|=)\s+/g, "$1")
    .split(/[\s,]+/)
    .filter((clause) => clause !== "");
  let lower: string | null = null;
  for (const clause of clauses) {
    const match = OPERATOR.exec(clause);
    // Poetry reads a bare version as an exact pin.
    const operator = match?.[1] ?? "==";
    const operand = match?.[2] ?? "";
    if (operator === "<" || operator === "<=" || operator === "!=" || operand === "*") continue;
    const wildcard = operand.endsWith(".*");
    const version = normaliseVersion(wildcard ? operand.slice(0, -2) : operand, file);
    if (version === null) continue;
    if ((operator === "==" || operator === "===" || operator === "=") && !wildcard) return { version, exact: true };
    if (lower === null || compare(version, lower) > 0) lower = version;
  }
  return lower === null ? null : { version: lower, exact: false };
}

/**
 * PEP 440 public version with at least three release numbers, e.g. "1.13" -> "1.13.0", "2.0RC1" ->
 * "2.0.0rc1", "1.12.0+abc.1" -> "1.12.0": a local label names a build of a release, not which
 * features it has. Null for text that is not a version, and, with a warning naming `file`, for a
 * version whose numbers are too large to compare exactly (`99999999999999999999999999999.0`).
 */
function normaliseVersion(version: string, file: string): string | null {
  const parts = explain(version.trim());
  if (parts === null) return null;
  if (!comparable(parts)) {
    warnOnce(`ignored the version "${excerpt(version.trim())}" in ${file}: its numbers are too large to compare.`);
    return null;
  }
  const match = /^(\d+!)?(\d+(?:\.\d+)*)(.*)$/.exec(parts.public);
  if (match?.[2] === undefined) return parts.public;
  const release = match[2].split(".");
  while (release.length < 3) release.push("0");
  return `${match[1] ?? ""}${release.join(".")}${match[3] ?? ""}`;
}

/** The version without its local label, or null when it is not one or its numbers are too large. */
function publicVersion(version: string): string | null {
  const parts = explain(version.trim());
  return parts !== null && comparable(parts) ? parts.public : null;
}

/** False when a number in the version lost digits to floating point (the library reads them with Number). */
function comparable(parts: Pep440Version): boolean {
  // The library's types say arrays, but `post` and `dev` arrive as numbers: read every field as unknown.
  const fields: unknown[] = [parts.epoch, parts.release, parts.pre, parts.post, parts.dev];
  return fields.flat().every((field) => typeof field !== "number" || Number.isSafeInteger(field));
}

function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** PEP 503 normalisation. */
function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

function readToml(file: string, reader: Reader): Record<string, unknown> | null {
  const text = readTracked(file, reader);
  if (text === null) return null;
  try {
    return parseToml(text);
  } catch {
    return null;
  }
}

/** Reads a file, stamping it first so an edit made during the read still invalidates the entry. */
function readTracked(file: string, reader: Reader, includedBy?: string): string | null {
  const stamp = stampOf(file);
  reader.stamps.set(file, stamp);
  return stamp === null ? null : readProjectFile(file, reader.root, includedBy);
}

function listDirectory(directory: string): string[] {
  try {
    return fs.readdirSync(directory);
  } catch {
    return [];
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
