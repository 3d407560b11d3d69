import { parsePlpgsql, parseSql } from "./parser.js";
import { isSqlSpace } from "./split.js";
import type { PlpgsqlGuard, SqlToken } from "./types.js";

/**
 * SQL that runs inside a PL/pgSQL body (`DO $$ … $$`, `CREATE FUNCTION … LANGUAGE plpgsql`): each
 * statement the body executes (`CREATE INDEX …;`, `EXECUTE 'CREATE INDEX …'`) as a fragment of SQL
 * text with a map back to the text that contains the DO or CREATE FUNCTION statement. The caller
 * analyses each fragment like any other SQL text.
 */
export interface PlpgsqlFragment {
  /** The SQL as the body runs it: the query, or the value of an `EXECUTE` string literal. */
  text: string;
  /** Maps an index of `text` (0 … text.length) to an index of the containing text. */
  toContaining: (index: number) => number;
  /** The fragment's characters are a contiguous, unescaped copy of the containing text. */
  verbatim: boolean;
  guard: PlpgsqlGuard;
}

/** The statement that may carry a PL/pgSQL body, in the coordinates of the text being analysed. */
export interface RoutineStatement {
  kind: string;
  node: Record<string, unknown>;
  /** The statement's text (`text.slice(start, end)` of the containing text). */
  text: string;
  start: number;
  /** Tokens with indexes into the containing text; a call may scan the statement. */
  tokens: () => readonly SqlToken[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The string under `{ String: { sval } }`, libpg-query's shape for string values in DefElems. */
function stringValue(value: unknown): string | null {
  const string = isObject(value) ? value.String : undefined;
  if (!isObject(string)) return null;
  return typeof string.sval === "string" ? string.sval : "";
}

function defElems(list: unknown): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const item of asArray(list)) {
    const def = isObject(item) ? item.DefElem : undefined;
    if (isObject(def) && typeof def.defname === "string") found.set(def.defname, def.arg);
  }
  return found;
}

/** Fragments of the PL/pgSQL body of a DO or CREATE FUNCTION/PROCEDURE statement; none when it has none or it does not parse. */
export function plpgsqlFragments(statement: RoutineStatement): PlpgsqlFragment[] {
  let body: string | null;
  let literal: Span | undefined;
  if (statement.kind === "DoStmt") {
    const options = defElems(statement.node.args);
    const language = stringValue(options.get("language")) ?? "plpgsql";
    body = stringValue(options.get("as"));
    if (language.toLowerCase() !== "plpgsql" || body === null) return [];
    literal = dollarQuotedCode(statement, body) ?? codeLiteral(statement.tokens());
  } else if (statement.kind === "CreateFunctionStmt") {
    const options = defElems(statement.node.options);
    if (stringValue(options.get("language"))?.toLowerCase() !== "plpgsql") return [];
    const as = options.get("as");
    const items = isObject(as) && isObject(as.List) ? asArray(as.List.items) : [];
    body = items.length === 1 ? stringValue(items[0]) : null;
    if (body === null) return [];
    literal = bodyAfterAs(statement.tokens());
  } else {
    return [];
  }
  if (!literal) return [];
  const source = literalSource(literalText(statement, literal), body);
  if (!source) return [];
  const literalStart = literal.start;
  const functions = parsePlpgsql(statement.kind === "DoStmt" ? wrapDoBody(body) : statement.text);
  const action = functions.ok ? firstAction(functions.functions) : null;
  if (!action) return [];
  const walker = new BodyWalker(body, (index) => literalStart + source.map(index), source.verbatim);
  walker.walk(action, { caughtConditions: [], existenceCheck: false, presenceCheck: false });
  return walker.fragments;
}

interface Span {
  start: number;
  end: number;
}

function literalText(statement: RoutineStatement, span: Span): string {
  return statement.text.slice(span.start - statement.start, span.end - statement.start);
}

/**
 * `DO $tag$…$tag$`, the usual form, found without scanning the statement: a dollar quote right after
 * `DO` and whitespace is the code (the other item, `LANGUAGE x`, starts with a word), and its content
 * must be the body PostgreSQL read.
 */
function dollarQuotedCode(statement: RoutineStatement, body: string): Span | undefined {
  const { text, start } = statement;
  let open = 2;
  while (isSqlSpace(text.charCodeAt(open))) open++;
  if (text[open] !== "$") return undefined;
  const contentStart = text.indexOf("$", open + 1) + 1;
  const tag = text.slice(open, contentStart);
  const close = contentStart + body.length;
  if (contentStart === 0 || !text.startsWith(body, contentStart) || !text.startsWith(tag, close)) return undefined;
  return { start: start + open, end: start + close + tag.length };
}

/** DO [LANGUAGE x] 'code' [LANGUAGE x]: the code is the string that does not name the language. */
function codeLiteral(tokens: readonly SqlToken[]): SqlToken | undefined {
  return tokens.find((token, index) => token.kind === "string" && tokens[index - 1]?.text !== "LANGUAGE");
}

/** `AS 'body'`: the first string after `AS` outside parentheses (argument defaults are inside them). */
function bodyAfterAs(tokens: readonly SqlToken[]): SqlToken | undefined {
  let depth = 0;
  for (let index = 0; index < tokens.length - 1; index++) {
    const token = tokens[index];
    if (token?.text === "(") depth++;
    else if (token?.text === ")") depth--;
    else if (depth === 0 && token?.kind === "keyword" && token.text === "AS") {
      const next = tokens[index + 1];
      return next?.kind === "string" ? next : undefined;
    }
  }
  return undefined;
}

/** A DO body parses as the body of a function; PL/pgSQL line numbers stay relative to the body. */
function wrapDoBody(body: string): string {
  let tag = "$do$";
  for (let n = 0; body.includes(tag); n++) tag = `$do${n}$`;
  return `CREATE FUNCTION pg_temp.do_block() RETURNS void LANGUAGE plpgsql AS ${tag}${body}${tag}`;
}

function firstAction(functions: unknown[]): unknown {
  const first = functions[0];
  const fn = isObject(first) ? first.PLpgSQL_function : undefined;
  return isObject(fn) ? fn.action : null;
}

interface LiteralSource {
  /** Index in the literal's source text where character `i` of its value starts (`value.length` → the closing quote). */
  map: (index: number) => number;
  verbatim: boolean;
}

/**
 * Where each character of a string literal's value comes from in the literal's source. Returns
 * null for a literal this cannot map (`U&'…'`, escapes beyond the simple ones, a literal continued
 * across lines); `value`, PostgreSQL's own decoding, is the check.
 */
function literalSource(source: string, value: string): LiteralSource | null {
  if (source.startsWith("$")) {
    // The scanner only makes a string token of `$tag$…$tag$`, and a tag cannot contain `$`.
    const open = source.indexOf("$", 1) + 1;
    if (source.slice(open, source.length - open) !== value) return null;
    return { map: (index) => open + index, verbatim: true };
  }
  const escapes = /^[Ee]'/u.test(source);
  if (!escapes && !source.startsWith("'")) return null;
  const starts: number[] = [];
  let decoded = "";
  let index = escapes ? 2 : 1;
  const close = source.length - 1;
  if (source[close] !== "'") return null;
  while (index < close) {
    starts.push(index);
    const char = source[index] ?? "";
    if (char === "'") {
      decoded += "'";
      index += 2;
    } else if (escapes && char === "\\") {
      const next = source[index + 1] ?? "";
      // Numeric escapes (octal, \x, \u) would need byte-level decoding; the value check rejects them.
      decoded += SIMPLE_ESCAPES[next] ?? next;
      index += 2;
    } else {
      decoded += char;
      index++;
    }
  }
  if (decoded !== value) return null;
  starts.push(close);
  // Without escapes or doubled quotes the content is the value itself: an insertion without a quote
  // (which the host refuses inside nested SQL) keeps the literal intact.
  const contiguous = !escapes && source.length === value.length + 2;
  return { map: (i) => starts[i] ?? close, verbatim: contiguous };
}

const SIMPLE_ESCAPES: Partial<Record<string, string>> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** Which truth value of an IF condition says something about the object a guarded statement touches. */
interface Branches {
  whenTrue: boolean;
  whenFalse: boolean;
}

interface ConditionMeaning {
  /** The object is missing: `NOT EXISTS (…)`, `x IS NULL`, `NOT FOUND`, `count(*) = 0` when true; `EXISTS (…)`, `FOUND` when false. */
  missing: Branches;
  /** The object is there: `EXISTS (…)`, `x IS NOT NULL`, `FOUND`, `count(*) > 0` when true. */
  present: Branches;
}

const NEITHER: Branches = { whenTrue: false, whenFalse: false };
const NO_MEANING: ConditionMeaning = { missing: NEITHER, present: NEITHER };
/** A condition that is true when the object is there and false when it is missing. */
const PRESENT_WHEN_TRUE: ConditionMeaning = { missing: { whenTrue: false, whenFalse: true }, present: { whenTrue: true, whenFalse: false } };

function conditionMeaning(condition: string): ConditionMeaning {
  const parsed = parseSql(`SELECT ${condition}`);
  if (!parsed.ok) return NO_MEANING;
  const select = parsed.statements[0]?.stmt.SelectStmt;
  const target = asArray(select?.targetList)[0];
  const resTarget = isObject(target) ? target.ResTarget : undefined;
  return isObject(resTarget) ? meaning(resTarget.val) : NO_MEANING;
}

function negated({ missing, present }: ConditionMeaning): ConditionMeaning {
  return { missing: { whenTrue: missing.whenFalse, whenFalse: missing.whenTrue }, present: { whenTrue: present.whenFalse, whenFalse: present.whenTrue } };
}

function meaning(expression: unknown): ConditionMeaning {
  if (!isObject(expression)) return NO_MEANING;
  const [type, value] = Object.entries(expression)[0] ?? [];
  if (!isObject(value)) return NO_MEANING;
  switch (type) {
    case "SubLink":
      if (value.subLinkType === "EXISTS_SUBLINK") return PRESENT_WHEN_TRUE;
      // `(SELECT count(*) = 2 FROM pg_indexes WHERE …)`
      return value.subLinkType === "EXPR_SUBLINK" ? meaning(onlyTarget(value.subselect)) : NO_MEANING;
    case "NullTest":
      return value.nulltesttype === "IS_NOT_NULL" ? PRESENT_WHEN_TRUE : negated(PRESENT_WHEN_TRUE);
    case "ColumnRef": {
      const fields = asArray(value.fields);
      const found = fields.length === 1 && stringValue(fields[0])?.toLowerCase() === "found";
      return found ? PRESENT_WHEN_TRUE : NO_MEANING;
    }
    case "A_Expr":
      return countComparison(value);
    case "BooleanTest": {
      const inner = meaning(value.arg);
      return value.booltesttype === "IS_FALSE" || value.booltesttype === "IS_NOT_TRUE" ? negated(inner) : inner;
    }
    case "BoolExpr": {
      const args = asArray(value.args).map(meaning);
      if (value.boolop === "NOT_EXPR") {
        return negated(args[0] ?? NO_MEANING);
      }
      // A AND B true: every operand is true, so one that says something suffices; false needs all.
      const and = value.boolop === "AND_EXPR";
      const combined = (pick: (meaning: ConditionMeaning) => Branches): Branches => ({
        whenTrue: and ? args.some((arg) => pick(arg).whenTrue) : args.every((arg) => pick(arg).whenTrue),
        whenFalse: and ? args.every((arg) => pick(arg).whenFalse) : args.some((arg) => pick(arg).whenFalse),
      });
      return { missing: combined((arg) => arg.missing), present: combined((arg) => arg.present) };
    }
    default:
      return NO_MEANING;
  }
}

/**
 * `count(*) > 0`, `count(*) = 2`, `(SELECT count(*) FROM …) >= 1`: true only when rows (the objects
 * looked up) are there; `count(*) = 0` and `< 1`: true only when they are missing.
 */
function countComparison(expression: Record<string, unknown>): ConditionMeaning {
  if (expression.kind !== "AEXPR_OP") return NO_MEANING;
  const operator = stringValue(asArray(expression.name)[0]);
  const left = isObject(expression.lexpr) && isObject(expression.lexpr.SubLink) ? onlyTarget(expression.lexpr.SubLink.subselect) : expression.lexpr;
  const right = isObject(expression.rexpr) && isObject(expression.rexpr.A_Const) ? expression.rexpr.A_Const : undefined;
  if (!isCountStar(left) || !isObject(right) || (right.ival !== undefined && !isObject(right.ival))) return NO_MEANING;
  const number = isObject(right.ival) ? (typeof right.ival.ival === "number" ? right.ival.ival : 0) : null;
  if (number === null) return NO_MEANING;
  if ((operator === "=" && number > 0) || (operator === ">" && number >= 0) || (operator === ">=" && number > 0)) return PRESENT_WHEN_TRUE;
  if ((operator === "=" && number === 0) || (operator === "<" && number === 1)) return negated(PRESENT_WHEN_TRUE);
  return NO_MEANING;
}

function isCountStar(expression: unknown): boolean {
  const call = isObject(expression) && isObject(expression.FuncCall) ? expression.FuncCall : undefined;
  return isObject(call) && call.agg_star === true && stringValue(asArray(call.funcname).at(-1))?.toLowerCase() === "count";
}

/** The one target of `SELECT <target> …`, or undefined. */
function onlyTarget(select: unknown): unknown {
  const statement = isObject(select) ? select.SelectStmt : undefined;
  const targets = isObject(statement) ? asArray(statement.targetList) : [];
  const target = targets.length === 1 && isObject(targets[0]) ? targets[0].ResTarget : undefined;
  return isObject(target) ? target.val : undefined;
}

/** The value of a single string literal expression (`'CREATE …'`), or null for anything else. */
function stringLiteralValue(expression: string): string | null {
  const parsed = parseSql(`SELECT ${expression}`);
  if (!parsed.ok || parsed.statements.length !== 1) return null;
  const targets = asArray(parsed.statements[0]?.stmt.SelectStmt?.targetList);
  const target = targets.length === 1 && isObject(targets[0]) ? targets[0].ResTarget : undefined;
  const value = isObject(target) && isObject(target.val) ? target.val.A_Const : undefined;
  if (!isObject(value) || !isObject(value.sval)) return null;
  return typeof value.sval.sval === "string" ? value.sval.sval : "";
}

/**
 * How many objects of a PL/pgSQL tree deep the walk goes: a few per nested block or IF, so a few
 * hundred levels of the body. Deeper, the walk (recursive, and calling libpg-query at each IF) would
 * run out of stack, possibly inside the WebAssembly module, which is then not safe to call again.
 */
const MAX_WALK_DEPTH = 1000;

/** A PL/pgSQL body nested deeper than MAX_WALK_DEPTH: the statement is reported as not checked. */
export class NestedTooDeeply extends Error {
  constructor() {
    super("PL/pgSQL blocks nested too deeply");
    this.name = "NestedTooDeeply";
  }
}

/** Where a PL/pgSQL query sits in the body, and how its characters map there. */
interface Located {
  end: number;
  map: (index: number) => number;
  verbatim: boolean;
}

/**
 * Walks a PL/pgSQL tree in source order. PL/pgSQL gives line numbers, not offsets, so each query is
 * looked up in the body from its line, after the previous one found (two statements can share a line).
 */
class BodyWalker {
  readonly fragments: PlpgsqlFragment[] = [];
  private readonly lineStarts: number[] = [0];
  private cursor = 0;
  private depth = 0;

  constructor(
    private readonly body: string,
    private readonly toContaining: (bodyIndex: number) => number,
    private readonly verbatim: boolean,
  ) {
    for (let index = body.indexOf("\n"); index >= 0; index = body.indexOf("\n", index + 1)) {
      this.lineStarts.push(index + 1);
    }
  }

  walk(value: unknown, guard: PlpgsqlGuard): void {
    if (Array.isArray(value)) {
      for (const item of value) this.walk(item, guard);
      return;
    }
    if (!isObject(value)) return;
    if (++this.depth > MAX_WALK_DEPTH) throw new NestedTooDeeply();
    for (const [key, child] of Object.entries(value)) {
      if (!isObject(child)) this.walk(child, guard);
      else if (key === "PLpgSQL_stmt_block") this.block(child, guard);
      else if (key === "PLpgSQL_stmt_if") this.ifStatement(child, guard);
      else if (key === "PLpgSQL_stmt_execsql") this.execsql(child, guard);
      else if (key === "PLpgSQL_stmt_dynexecute") this.dynexecute(child, guard);
      else this.walk(child, guard);
    }
    this.depth--;
  }

  private block(block: Json, guard: PlpgsqlGuard): void {
    const handlers = isObject(block.exceptions) ? block.exceptions.PLpgSQL_exception_block : undefined;
    const caught = new Set(guard.caughtConditions);
    const exceptions = isObject(handlers) ? asArray(handlers.exc_list) : [];
    for (const exception of exceptions) {
      const handler = isObject(exception) ? exception.PLpgSQL_exception : undefined;
      for (const condition of isObject(handler) ? asArray(handler.conditions) : []) {
        const named = isObject(condition) ? condition.PLpgSQL_condition : undefined;
        if (isObject(named) && typeof named.condname === "string") caught.add(named.condname.toLowerCase());
      }
    }
    this.walk(block.body, { ...guard, caughtConditions: [...caught] });
    // A handler's own statements are not protected by the handlers of the same block.
    for (const exception of exceptions) {
      const handler = isObject(exception) ? exception.PLpgSQL_exception : undefined;
      if (isObject(handler)) this.walk(handler.action, guard);
    }
  }

  private ifStatement(statement: Json, guard: PlpgsqlGuard): void {
    // Each branch runs only when every earlier condition was false.
    let earlierFalseMeansMissing = false;
    let earlierFalseMeansPresent = false;
    const branch = (condition: unknown, line: unknown, body: unknown): void => {
      const text = expressionQuery(condition);
      const meaningOf = text === null ? NO_MEANING : conditionMeaning(text);
      if (text !== null) this.locate(text, line);
      this.walk(body, {
        caughtConditions: guard.caughtConditions,
        existenceCheck: guard.existenceCheck || earlierFalseMeansMissing || meaningOf.missing.whenTrue,
        presenceCheck: guard.presenceCheck || earlierFalseMeansPresent || meaningOf.present.whenTrue,
      });
      earlierFalseMeansMissing ||= meaningOf.missing.whenFalse;
      earlierFalseMeansPresent ||= meaningOf.present.whenFalse;
    };
    branch(statement.cond, statement.lineno, statement.then_body);
    for (const elsif of asArray(statement.elsif_list)) {
      const node = isObject(elsif) ? elsif.PLpgSQL_if_elsif : undefined;
      if (isObject(node)) branch(node.cond, node.lineno, node.stmts);
    }
    this.walk(statement.else_body, {
      caughtConditions: guard.caughtConditions,
      existenceCheck: guard.existenceCheck || earlierFalseMeansMissing,
      presenceCheck: guard.presenceCheck || earlierFalseMeansPresent,
    });
  }

  private execsql(statement: Json, guard: PlpgsqlGuard): void {
    const query = expressionQuery(statement.sqlstmt);
    const located = query === null ? null : this.locate(query, statement.lineno);
    if (query === null || !located) return;
    this.fragments.push({
      text: query,
      toContaining: (index) => this.toContaining(located.map(index)),
      verbatim: this.verbatim && located.verbatim,
      guard,
    });
  }

  private dynexecute(statement: Json, guard: PlpgsqlGuard): void {
    const expression = expressionQuery(statement.query);
    const located = expression === null ? null : this.locate(expression, statement.lineno);
    if (expression === null || !located) return;
    const value = stringLiteralValue(expression);
    const literal = value === null ? null : literalSource(expression, value);
    if (value === null || !literal) return;
    this.fragments.push({
      text: value,
      toContaining: (index) => this.toContaining(located.map(literal.map(index))),
      verbatim: this.verbatim && located.verbatim && literal.verbatim,
      guard,
    });
  }

  /** Finds `query` in the body at or after its line and moves the cursor past it. */
  private locate(query: string, line: unknown): Located | null {
    const lineStart = this.lineStarts[(typeof line === "number" ? line : 1) - 1] ?? 0;
    const found = this.search(query, Math.max(lineStart, this.cursor)) ?? this.search(query, lineStart);
    if (found) this.cursor = found.end;
    return found;
  }

  private search(query: string, from: number): Located | null {
    // The first word is always copied verbatim; what follows may differ (see matchAt).
    const firstWord = /^\S+/u.exec(query)?.[0] ?? query;
    for (let at = this.body.indexOf(firstWord, from); at >= 0; at = this.body.indexOf(firstWord, at + 1)) {
      if (at > 0 && /[\w$]/u.test(this.body[at - 1] ?? "")) continue;
      const located = this.matchAt(query, at);
      if (located) return located;
    }
    return null;
  }

  /**
   * Matches `query` against the body at `at`. PL/pgSQL copies a query verbatim except that it blanks
   * an `INTO target` clause with as many spaces as the clause has UTF-8 bytes (so that its error
   * positions still line up), so a run of spaces in the query may stand for other body text.
   */
  private matchAt(query: string, at: number): Located | null {
    if (this.body.startsWith(query, at)) {
      return { end: at + query.length, map: (index) => at + index, verbatim: true };
    }
    const map: number[] = [];
    let bodyIndex = at;
    for (let queryIndex = 0; queryIndex < query.length; ) {
      const char = query[queryIndex];
      if (this.body[bodyIndex] === char) {
        map.push(bodyIndex++);
        queryIndex++;
        continue;
      }
      if (char !== " ") return null;
      let spaces = 0;
      while (query[queryIndex + spaces] === " ") spaces++;
      let bytes = 0;
      const blankStart = bodyIndex;
      while (bytes < spaces && bodyIndex < this.body.length) {
        const code = this.body.codePointAt(bodyIndex) ?? 0;
        bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
        bodyIndex += code >= 0x10000 ? 2 : 1;
      }
      if (bytes !== spaces) return null;
      for (let n = 0; n < spaces; n++) map.push(blankStart);
      queryIndex += spaces;
    }
    map.push(bodyIndex);
    return { end: bodyIndex, map: (index) => map[index] ?? bodyIndex, verbatim: false };
  }
}

function expressionQuery(expression: unknown): string | null {
  const expr = isObject(expression) ? expression.PLpgSQL_expr : undefined;
  return isObject(expr) && typeof expr.query === "string" ? expr.query : null;
}
