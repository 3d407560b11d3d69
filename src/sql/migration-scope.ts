import type { Edit } from "../operations.js";
import { TEMPLATE_MARK } from "./go-template.js";
import { INTERPOLATION_PATTERN } from "./interpolation.js";
import { PLACEHOLDER_MARK } from "./psql.js";

/**
 * Which object a drop or a creation names, as the statement writes it. An object that belongs to a
 * table (a constraint, a trigger, a policy, a column) lives in its table's schema, and so does an
 * index, so `schema` is the table's there.
 */
export interface ObjectIdentity {
  /** `index`, `table`, `type`, `constraint`, …: what the statement creates or drops. */
  kind: string;
  /**
   * The schema the statement names (folded as PostgreSQL folds it); `null` when it names none and
   * the name is looked up through `search_path`; `undefined` when it names one this analysis cannot
   * read (a variable, a placeholder).
   */
  schema: string | null | undefined;
  /** The table the object belongs to, without its schema; `null` for objects of their own. */
  table: string | null;
  name: string;
}

/** Where a drop is in the host file, and how to make it name a schema. */
export interface DropSite {
  /** How messages name the statement: `DROP INDEX`, `op.drop_constraint()`. */
  statement: string;
  line: number;
  /** Edits that make the drop name `schema`, when the drop can be edited so. */
  qualify: ((schema: string) => Edit[] | null) | null;
}

/** Why an earlier drop of the same name does not cover a creation, for findings. */
export interface UncoveredBy {
  /** One clause: `the DROP INDEX at line 3 looks "ix" up through search_path, not in schema "storage"`. */
  clause: string;
  /** The drop written with the creation's schema, when the drop can be edited so. */
  qualifyDrop: { description: string; edits: Edit[] } | null;
}

interface Drop {
  identity: ObjectIdentity;
  /** The schema the drop acts in: the one it names, else the first of `search_path`; `undefined` when not known. */
  schema: string | undefined;
  concurrently: boolean;
  site: DropSite;
}

/** The schema PostgreSQL's default `search_path` (`"$user", public`) creates unqualified objects in. */
export const DEFAULT_SCHEMA = "public";

/**
 * What the statements run so far in one unit of a migration (an `upgrade()`, a `.sql` section) leave
 * for the later ones: the objects they drop, the `search_path` they set, the session's temporary
 * tables. Shared by every string and call of the unit, whatever host wrote them.
 */
export class MigrationScope {
  /** The drops by object kind, table and name: a long file has many, and every creation looks up its own. */
  private readonly drops = new Map<string, Drop[]>();
  /** Tables created TEMPORARY: they live for one session, and a retry runs in a new one. */
  readonly sessionTables = new Set<string>();
  /** Where an unqualified name is created; `undefined` once `search_path` was set to something unreadable. */
  private searchPathSchema: string | undefined = DEFAULT_SCHEMA;

  /** `searchPath`: what the migration runner sets before the first statement, if anything (see setSearchPath). */
  constructor(searchPath?: readonly string[] | null) {
    if (searchPath !== undefined) {
      this.setSearchPath(searchPath);
    }
  }

  /** The schema an unqualified name is created in now; `undefined` when it cannot be told. */
  unqualifiedSchema(): string | undefined {
    return this.searchPathSchema;
  }

  /** `SET search_path …` with its schemas in order, or `null` when the value cannot be read. */
  setSearchPath(schemas: readonly string[] | null): void {
    // `$user` names a schema only when one is named after the role, which migrations almost never create.
    const first = schemas?.find((schema) => schema !== "$user");
    this.searchPathSchema = schemas === null ? undefined : (first ?? DEFAULT_SCHEMA);
  }

  /** Records a drop: it covers a later creation of the same object, guarded or not (a failing drop is reported itself). */
  dropped(identity: ObjectIdentity, site: DropSite, concurrently = false): void {
    const drop = { identity, schema: this.resolve(identity.schema), concurrently, site };
    const same = this.drops.get(nameKey(identity));
    if (same) {
      same.push(drop);
    } else {
      this.drops.set(nameKey(identity), [drop]);
    }
  }

  /**
   * Whether a drop before covers the creation of `identity`: `true`, or the nearest drop of the same
   * name in another schema (as a reason to give), or `false`. `concurrently`: only a concurrent drop
   * covers a concurrent index build.
   */
  coveredByDrop(identity: ObjectIdentity, concurrently = false): true | UncoveredBy | false {
    const schema = this.resolve(identity.schema);
    let other: Drop | undefined;
    for (const drop of this.drops.get(nameKey(identity)) ?? []) {
      if (concurrently && !drop.concurrently) {
        continue;
      }
      // A schema that cannot be read could be either: a false alarm on every such pair would be
      // worse than the rare miss.
      if (drop.schema === undefined || schema === undefined || drop.schema === schema) {
        return true;
      }
      other = drop;
    }
    return other && schema !== undefined ? uncoveredBy(other, identity, schema) : false;
  }

  private resolve(schema: string | null | undefined): string | undefined {
    return schema === null ? this.searchPathSchema : schema;
  }
}

/** What a drop and a creation must share before their schemas are compared. */
function nameKey({ kind, table, name }: ObjectIdentity): string {
  return JSON.stringify([kind, table, name]);
}

function uncoveredBy(drop: Drop, created: ObjectIdentity, schema: string): UncoveredBy {
  const { site } = drop;
  // What the schema qualifies: the table for what lives on one, else the object itself.
  const looked = created.table ?? created.name;
  const where = `${site.statement} at line ${site.line}`;
  const clause =
    drop.identity.schema === null
      ? created.schema === null
        ? `the ${where} ran with another search_path, which puts "${looked}" in schema "${drop.schema ?? ""}", not "${schema}"`
        : `the ${where} looks "${looked}" up through search_path, not in schema "${schema}"`
      : created.schema === null
        ? `the ${where} names schema "${drop.schema ?? ""}", but search_path puts "${looked}" in schema "${schema}"`
        : `the ${where} names schema "${drop.schema ?? ""}", not "${schema}"`;
  const edits = drop.identity.schema === null ? (site.qualify?.(schema) ?? null) : null;
  return { clause, qualifyDrop: edits ? { description: `Make the ${site.statement} at line ${site.line} name schema "${schema}"`, edits } : null };
}

/**
 * An object named `schema.name` or `name` (a parser's dotted name, a host's argument) as an
 * identity; `table` likewise qualifies the object's table, and then holds its schema.
 */
export function identityOf(kind: string, name: string, table: string | null = null, schema?: string | null): ObjectIdentity {
  const qualified = table ?? name;
  const dot = qualified.lastIndexOf(".");
  const written = schema !== undefined ? schema : dot < 0 ? null : qualified.slice(0, dot);
  const known = written === null || !FILLED_IN.test(written) ? written : undefined;
  return table !== null ? { kind, schema: known, table: table.slice(dot + 1), name } : { kind, schema: known, table: null, name: name.slice(dot + 1) };
}

/**
 * A stand-in for what is filled in when the migration runs: a Go template action, a psql variable,
 * or an f-string field or `${}` (src/hosts/embedded-sql.ts's `__pyfmt_0__`, `__js_0__`). Which
 * schema it names is not known.
 */
const FILLED_IN = new RegExp(`[${TEMPLATE_MARK}${PLACEHOLDER_MARK}]|${INTERPOLATION_PATTERN}`, "u");

/**
 * The schemas of a `search_path` value written as one string (`set_config('search_path', 'a, b', …)`),
 * folded as PostgreSQL folds identifiers; `null` when it is not a plain list.
 */
export function searchPathList(value: string): string[] | null {
  const schemas: string[] = [];
  for (const part of value.split(",")) {
    const item = part.trim();
    const quoted = /^"((?:[^"]|"")+)"$/u.exec(item);
    if (quoted?.[1] !== undefined) {
      schemas.push(quoted[1].replaceAll('""', '"'));
    } else if (/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(item)) {
      schemas.push(item.toLowerCase());
    } else {
      return null;
    }
  }
  return schemas;
}
