import path from "node:path";
import { readProjectFile, repositoryRoot } from "../../project/read-project-file.js";

/**
 * The `naming_convention` of the `MetaData` an Alembic migration's operations use, read statically.
 * Alembic builds its operations' MetaData with the naming convention of `env.py`'s
 * `target_metadata`, so `op.create_foreign_key(None, …)` gets the convention's name; without one
 * the statement goes out unnamed and PostgreSQL names it.
 *
 * Where it is looked for: a `MetaData(naming_convention=…)` in the migration itself, then `env.py`
 * beside the versions folder and the modules it imports from inside the repository, breadth first
 * (`from app.models import Base` → `app/models.py` or `app/models/__init__.py`, and what they
 * import), at most {@link MAX_MODULES} files. No code is run; a convention built at run time is
 * not seen.
 */
export type NamingConvention = ReadonlyMap<string, string>;

/** Where the convention was found, for messages. */
export interface FoundConvention {
  convention: NamingConvention;
  file: string;
}

const MAX_MODULES = 24;
const CONVENTION_ARGUMENT = /naming_convention\s*=\s*(\{[^}]*\}|[A-Za-z_][\w.]*)/u;
const FROM_IMPORT = /^\s*from\s+(\.*[\w.]*)\s+import\s+/gmu;
const PLAIN_IMPORT = /^\s*import\s+([\w.]+)/gmu;

/** The convention in the migration's own text, or reachable from its `env.py`; `null` when there is none. */
export function namingConventionOf(migrationText: string, filename: string | undefined): FoundConvention | null {
  const own = conventionIn(migrationText);
  if (own) {
    return { convention: own, file: filename ?? "the migration" };
  }
  if (filename === undefined) {
    return null;
  }
  const versions = path.dirname(path.resolve(filename));
  const root = repositoryRoot(versions);
  const queue = [path.join(path.dirname(versions), "env.py")];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < MAX_MODULES) {
    const file = queue.shift() as string;
    if (seen.has(file)) {
      continue;
    }
    seen.add(file);
    const text = readProjectFile(file, root);
    if (text === null) {
      continue;
    }
    const convention = conventionIn(text);
    if (convention) {
      return { convention, file: path.relative(root, file) };
    }
    queue.push(...importedModules(text, file, root));
  }
  return null;
}

/** The dict passed as `naming_convention=` (or bound to the name passed), when this text has one. */
function conventionIn(text: string): NamingConvention | null {
  const argument = CONVENTION_ARGUMENT.exec(text)?.[1];
  if (argument === undefined) {
    return null;
  }
  let literal = argument;
  if (!argument.startsWith("{")) {
    const name = argument.slice(argument.lastIndexOf(".") + 1);
    const bound = new RegExp(`^\\s*${name}\\s*(?::[^=\\n]*)?=\\s*(\\{[^}]*\\})`, "mu").exec(text)?.[1];
    if (bound === undefined) {
      return null;
    }
    literal = bound;
  }
  const convention = new Map<string, string>();
  for (const entry of literal.matchAll(/["'](\w+)["']\s*:\s*["']([^"'\n]*)["']/gu)) {
    convention.set(entry[1] as string, entry[2] as string);
  }
  return convention.size > 0 ? convention : null;
}

/** Files of the modules `text` imports that lie inside the repository: `a.b` → `a/b.py`, `a/b/__init__.py`. */
function importedModules(text: string, file: string, root: string): string[] {
  const modules = [...text.matchAll(FROM_IMPORT), ...text.matchAll(PLAIN_IMPORT)].map((match) => match[1] as string);
  const files: string[] = [];
  for (const module of modules) {
    const dots = /^\.*/u.exec(module)?.[0].length ?? 0;
    const parts = module.slice(dots).split(".").filter((part) => part !== "");
    // A relative import starts at the importing package; an absolute one at any folder up to the root.
    const bases = dots > 0 ? [path.resolve(path.dirname(file), ...Array<string>(dots - 1).fill(".."))] : ancestors(path.dirname(file), root);
    for (const base of bases) {
      const target = path.join(base, ...parts);
      files.push(`${target}.py`, path.join(target, "__init__.py"));
    }
  }
  return files;
}

function ancestors(directory: string, root: string): string[] {
  const found: string[] = [];
  for (let current = directory; ; current = path.dirname(current)) {
    found.push(current);
    if (current === root || path.dirname(current) === current || !current.startsWith(root)) {
      return found;
    }
  }
}

/** What the convention's template needs to name a constraint. */
export interface ConstraintParts {
  table: string;
  columns: readonly string[];
  referredTable?: string | null;
  referredColumns?: readonly string[];
}

/**
 * The name a convention template gives an unnamed constraint (`fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s`
 * → `fk_orders_user_id_users`), or `null` when it uses a token this reader does not know or the
 * parts are not literal. SQLAlchemy shortens names past the database's limit with a hash, which is
 * not reproduced: such a name is `null` too.
 */
export function conventionName(template: string, parts: ConstraintParts): string | null {
  const unknownTokens: string[] = [];
  const name = template.replace(/%\((\w+)\)s/gu, (_, token: string) => {
    const value = tokenValue(token, parts);
    if (value === null) {
      unknownTokens.push(token);
    }
    return value ?? "";
  });
  return unknownTokens.length > 0 || Buffer.byteLength(name, "utf8") > 63 ? null : name;
}

function tokenValue(token: string, { table, columns, referredTable, referredColumns }: ConstraintParts): string | null {
  if (token === "table_name") {
    return table;
  }
  if (token === "referred_table_name") {
    return referredTable ?? null;
  }
  const match = /^(referred_)?column_0(_N|N)?_(name|label|key)$/u.exec(token);
  if (!match) {
    return null;
  }
  const list = match[1] ? (referredColumns ?? []) : columns;
  if (list.length === 0) {
    return null;
  }
  const labelled = match[3] === "label" ? list.map((column) => `${table}_${column}`) : list;
  if (match[2] === "_N") {
    return labelled.join("_");
  }
  return match[2] === "N" ? labelled.join("") : (labelled[0] as string);
}
