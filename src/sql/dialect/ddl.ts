import type { Action, SchemaObject } from "../../operations.js";
import type { SqlGuard, SqlOperation } from "../ddl.js";
import type { SqlStatement, SqlToken } from "../types.js";

/**
 * The schema changes of one MySQL/MariaDB or SQLite statement, read from its tokens: the heads of
 * these dialects' DDL are regular (`CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON …`, `ALTER TABLE
 * t ADD [COLUMN] [IF NOT EXISTS] c …, DROP INDEX …`), and a statement reaches this point only once
 * a parser of its dialect has accepted it. Each guard is the dialect family's keyword at its place;
 * which of them the file's databases actually accept is decided by the caller (src/dialects.ts).
 * Statements that are safe to run twice (`MODIFY`, `ALTER COLUMN`, `ENGINE=`, DML) give nothing.
 */
export function dialectOperations(text: string, statement: SqlStatement): SqlOperation[] {
  if (statement.error || statement.grammar === "postgresql") return [];
  const sqlite = statement.grammar === "sqlite";
  const read = new Reader(text, statement.tokens, sqlite, statement.range);
  // A statement written as `create table …` gets its guard in the same case.
  const lower = /^[a-z]/u.test(text.charAt(statement.range[0]));
  const found = read.word(0) === "CREATE" ? createStatement(read) : read.word(0) === "DROP" ? dropStatement(read) : read.word(0) === "ALTER" ? alterTable(read) : [];
  return found.map(({ kind, action, object, retryFailure, range, guard }) => ({
    kind,
    action,
    object,
    subject: subjectOf(kind, object),
    retryFailure,
    range,
    guard: lower && guard.kind === "keyword" && guard.insertion ? { ...guard, insertion: { ...guard.insertion, text: guard.insertion.text.toLowerCase() } } : guard,
    concurrently: false,
    editable: statement.editable,
  }));
}

interface Facts {
  kind: string;
  action: Action;
  object: SchemaObject;
  retryFailure: string;
  range: [number, number];
  guard: SqlGuard;
}

/** The error a retry raises, in each engine's own words. */
interface RetryErrors {
  exists(type: string, name: string): string;
  missing(type: string, name: string): string;
  duplicateColumn(column: string): string;
}

const MYSQL_ERRORS: RetryErrors = {
  exists: (type, name) =>
    type === "index" ? `Duplicate key name '${name}'` : type === "trigger" ? "Trigger already exists" : type === "foreign key" ? `Duplicate foreign key constraint name '${name}'` : `Table '${name}' already exists`,
  missing: (type, name) =>
    type === "table" || type === "view" ? `Unknown table '${name}'` : type === "trigger" ? "Trigger does not exist" : `Can't DROP '${name}'; check that column/key exists`,
  duplicateColumn: (column) => `Duplicate column name '${column}'`,
};

const SQLITE_ERRORS: RetryErrors = {
  exists: (type, name) => `${type} ${name} already exists`,
  missing: (type, name) => (type === "column" ? `no such column: "${name}"` : `no such ${type}: ${name}`),
  duplicateColumn: (column) => `duplicate column name: ${column}`,
};

function fails(error: string): string {
  return `the retry fails with '${error}'`;
}

function keyword(spelling: string, at: number | undefined, present: boolean): SqlGuard {
  return { kind: "keyword", spelling, since: null, present, insertion: present || at === undefined ? null : { offset: at, text: `${spelling} ` } };
}

/** Reads words and names at token positions of one statement. */
class Reader {
  constructor(
    private readonly text: string,
    readonly tokens: readonly SqlToken[],
    readonly sqlite: boolean,
    readonly range: [number, number],
  ) {
    this.errors = sqlite ? SQLITE_ERRORS : MYSQL_ERRORS;
  }

  readonly errors: RetryErrors;

  word(index: number): string | undefined {
    const token = this.tokens[index];
    return token?.kind === "keyword" ? token.text : undefined;
  }

  /** How many tokens `IF NOT EXISTS` / `IF EXISTS` takes at `index`; 0 when it is not there. */
  guardAt(index: number, spelling: "IF NOT EXISTS" | "IF EXISTS"): number {
    const words = spelling.split(" ");
    return words.every((word, offset) => this.word(index + offset) === word) ? words.length : 0;
  }

  /** A possibly qualified name at `index` (`db`.`t`), unquoted and in its written case, and the index after it. */
  name(index: number): { name: string | null; next: number } {
    const parts: string[] = [];
    let at = index;
    for (let token = this.tokens[at]; token && token.kind !== "punctuation" && token.kind !== "string"; token = this.tokens[at]) {
      parts.push(unquote(this.text.slice(token.start, token.end)));
      at++;
      if (this.tokens[at]?.text !== "." ) break;
      at++;
    }
    return { name: parts.length === 0 ? null : parts.join("."), next: at };
  }

  start(index: number): number | undefined {
    return this.tokens[index]?.start;
  }

  /** From the token at `from` to the end of the token before `to`. */
  span(from: number, to: number): [number, number] {
    return [this.tokens[from]?.start ?? this.range[0], this.tokens[to - 1]?.end ?? this.range[1]];
  }
}

function unquote(text: string): string {
  const first = text[0];
  if (first === "`" || first === '"') return text.slice(1, -1).replaceAll(`${first}${first}`, first);
  return first === "[" ? text.slice(1, -1) : text;
}

const CREATE_OBJECTS = new Set(["TABLE", "INDEX", "VIEW", "TRIGGER"]);
/**
 * Objects this plugin does not check, whose bodies may hold a `CREATE TABLE` of their own; a `(`
 * comes after the object's name. Between CREATE and the object type stand only its modifiers:
 * `OR REPLACE`, `UNIQUE`, `TEMPORARY`, `VIRTUAL`, a view's `ALGORITHM=…` and `DEFINER=…`.
 */
const CREATE_OTHER = new Set(["PROCEDURE", "FUNCTION", "EVENT", "DATABASE", "SCHEMA", "USER", "ROLE", "SERVER", "(", "AS"]);

function objectTypeAt(tokens: readonly SqlToken[]): number {
  for (const [index, token] of tokens.entries()) {
    if (index === 0) continue;
    if (CREATE_OTHER.has(token.text)) return -1;
    if (token.kind === "keyword" && CREATE_OBJECTS.has(token.text)) return index;
  }
  return -1;
}

function createStatement(read: Reader): Facts[] {
  const { tokens, errors } = read;
  const typeAt = objectTypeAt(tokens);
  const type = read.word(typeAt);
  if (typeAt === -1 || type === undefined) return [];
  const modifiers = tokens.slice(1, typeAt).map((token) => token.text);
  // A temporary table lives for one session; a retry runs in a new one.
  if (modifiers.includes("TEMPORARY") || modifiers.includes("TEMP")) return [];
  const orReplace = modifiers.includes("OR") && modifiers.includes("REPLACE");
  const guardLength = read.guardAt(typeAt + 1, "IF NOT EXISTS");
  const { name, next } = read.name(typeAt + 1 + guardLength);
  const nameAt = read.start(typeAt + 1 + guardLength);
  const range = read.range;
  switch (type) {
    case "TABLE":
      return [{ kind: "CREATE TABLE", action: "create", object: { type: "table", name, table: null }, retryFailure: fails(errors.exists("table", name ?? "")), range, guard: keyword("IF NOT EXISTS", nameAt, guardLength > 0 || orReplace) }];
    case "INDEX": {
      const table = read.word(next) === "ON" ? read.name(next + 1).name : null;
      const unique = modifiers.includes("UNIQUE") ? "UNIQUE " : "";
      return [{ kind: `CREATE ${unique}INDEX`, action: "create", object: { type: "index", name, table }, retryFailure: fails(errors.exists("index", name ?? "")), range, guard: keyword("IF NOT EXISTS", nameAt, guardLength > 0 || orReplace) }];
    }
    case "VIEW":
      // OR REPLACE where the dialect has it (MySQL, MariaDB); SQLite has IF NOT EXISTS only. The
      // caller replaces a keyword the file's databases reject.
      return [
        {
          kind: "CREATE VIEW",
          action: "create",
          object: { type: "view", name, table: null },
          retryFailure: fails(errors.exists(read.sqlite ? "view" : "table", name ?? "")),
          range,
          guard: read.sqlite ? keyword("IF NOT EXISTS", nameAt, guardLength > 0) : keyword("OR REPLACE", read.start(1), orReplace || guardLength > 0),
        },
      ];
    case "TRIGGER":
      return [{ kind: "CREATE TRIGGER", action: "create", object: { type: "trigger", name, table: null }, retryFailure: fails(errors.exists("trigger", name ?? "")), range, guard: keyword("IF NOT EXISTS", nameAt, guardLength > 0 || orReplace) }];
    default:
      return [];
  }
}

const DROP_OBJECTS = new Set(["TABLE", "INDEX", "VIEW", "TRIGGER"]);

function dropStatement(read: Reader): Facts[] {
  const { errors } = read;
  const typeAt = read.word(1) === "TEMPORARY" ? 2 : 1;
  const type = read.word(typeAt);
  if (type === undefined || !DROP_OBJECTS.has(type)) return [];
  const guardLength = read.guardAt(typeAt + 1, "IF EXISTS");
  const { name, next } = read.name(typeAt + 1 + guardLength);
  const table = type === "INDEX" && read.word(next) === "ON" ? read.name(next + 1).name : null;
  const objectType = type.toLowerCase();
  return [
    {
      kind: `DROP ${type}`,
      action: "drop",
      object: { type: objectType, name, table },
      retryFailure: fails(errors.missing(objectType, name ?? "")),
      range: read.range,
      guard: keyword("IF EXISTS", read.start(typeAt + 1), guardLength > 0),
    },
  ];
}

/** Words after ADD that make it something other than a column. */
const ADD_NOT_COLUMN = new Set(["INDEX", "KEY", "UNIQUE", "FULLTEXT", "SPATIAL", "PRIMARY", "CONSTRAINT", "FOREIGN", "CHECK", "PARTITION"]);

function alterTable(read: Reader): Facts[] {
  const { tokens } = read;
  let at = read.word(1) === "ONLINE" || read.word(1) === "IGNORE" ? 2 : 1;
  if (read.word(at) !== "TABLE") return [];
  at++;
  at += read.guardAt(at, "IF EXISTS");
  const { name: table, next } = read.name(at);
  const facts: Facts[] = [];
  let from = next;
  let depth = 0;
  for (let index = next; index <= tokens.length; index++) {
    const text = tokens[index]?.text;
    if (text === "(") depth++;
    else if (text === ")") depth--;
    if (index === tokens.length || (text === "," && depth === 0)) {
      const command = alterCommand(read, from, index, table);
      if (command) facts.push(command);
      from = index + 1;
    }
  }
  return facts;
}

function alterCommand(read: Reader, from: number, to: number, table: string | null): Facts | null {
  const { errors } = read;
  const range = read.span(from, to);
  const verb = read.word(from);
  if (verb === "ADD") {
    const second = read.word(from + 1);
    if (second !== undefined && ADD_NOT_COLUMN.has(second)) return addIndexOrConstraint(read, from, range, table);
    // `ADD (a INT, b INT)` adds several columns and has no guard in any of these dialects.
    const columnAt = from + 1 + (second === "COLUMN" ? 1 : 0);
    if (read.tokens[columnAt]?.text === "(") return null;
    const guardLength = read.guardAt(columnAt, "IF NOT EXISTS");
    const { name } = read.name(columnAt + guardLength);
    return {
      kind: "ALTER TABLE … ADD COLUMN",
      action: "create",
      object: { type: "column", name, table },
      retryFailure: fails(errors.duplicateColumn(name ?? "")),
      range,
      guard: keyword("IF NOT EXISTS", read.start(columnAt), guardLength > 0),
    };
  }
  if (verb === "DROP") {
    const second = read.word(from + 1);
    if (second === "PRIMARY" || second === "CHECK" || second === "PARTITION") return null;
    const what = second === "INDEX" || second === "KEY" ? "index" : second === "FOREIGN" ? "foreign key" : second === "CONSTRAINT" ? "constraint" : "column";
    const nameFrom = from + 1 + (what === "foreign key" ? 2 : what === "column" && second !== "COLUMN" ? 0 : 1);
    const guardLength = read.guardAt(nameFrom, "IF EXISTS");
    const { name } = read.name(nameFrom + guardLength);
    return {
      kind: `ALTER TABLE … DROP ${what.toUpperCase()}`,
      action: "drop",
      object: { type: what, name, table },
      retryFailure: fails(errors.missing(what, name ?? "")),
      range,
      guard: keyword("IF EXISTS", read.start(nameFrom), guardLength > 0),
    };
  }
  return null;
}

/** `ADD [UNIQUE] INDEX|KEY name (…)`: an index; `ADD [CONSTRAINT x] FOREIGN KEY|UNIQUE|PRIMARY KEY|CHECK`: a constraint. */
function addIndexOrConstraint(read: Reader, from: number, range: [number, number], table: string | null): Facts | null {
  const { errors } = read;
  let at = from + 1;
  while (["UNIQUE", "FULLTEXT", "SPATIAL"].includes(read.word(at) ?? "")) at++;
  if (read.word(at) === "INDEX" || read.word(at) === "KEY") {
    const guardLength = read.guardAt(at + 1, "IF NOT EXISTS");
    const { name } = read.name(at + 1 + guardLength);
    if (name === null) return null;
    return {
      kind: "ALTER TABLE … ADD INDEX",
      action: "create",
      object: { type: "index", name, table },
      retryFailure: fails(errors.exists("index", name)),
      range,
      guard: keyword("IF NOT EXISTS", read.start(at + 1), guardLength > 0),
    };
  }
  const named = read.word(from + 1) === "CONSTRAINT" && !["PRIMARY", "UNIQUE", "FOREIGN", "CHECK"].includes(read.word(from + 2) ?? "");
  const name = named ? read.name(from + 2).name : null;
  const foreign = read.tokens.slice(from, range[1]).some((token) => token.text === "FOREIGN");
  if (!foreign || name === null) return null;
  return {
    kind: "ALTER TABLE … ADD CONSTRAINT",
    action: "create",
    object: { type: "foreign key", name, table },
    retryFailure: fails(errors.exists("foreign key", name)),
    range,
    guard: {
      kind: "none",
      advice: `Drop it first (ALTER TABLE ${table ?? "…"} DROP FOREIGN KEY ${name}), where the database accepts that on a retry, or check information_schema.table_constraints before it in the migration tool.`,
      suggestion: null,
    },
  };
}

/** `CREATE INDEX ix_a`, `ALTER TABLE apps ADD COLUMN owner_id`. */
function subjectOf(kind: string, object: SchemaObject): string {
  if (kind.includes("…")) {
    const [head = "", tail = ""] = kind.split("…").map((part) => part.trim());
    return [head, object.table ?? "", tail, object.name ?? ""].filter((part) => part !== "").join(" ");
  }
  return object.name === null ? kind : `${kind} ${object.name}`;
}
