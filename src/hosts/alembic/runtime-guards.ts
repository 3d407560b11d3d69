import type { PyNode, Script } from "../../languages/python/ast.js";
import { isNodeType } from "../../languages/python/ast.js";
import { nodesOfType } from "../../languages/python/node-index.js";
import { staticStringValue } from "../../languages/python/strings.js";
import type { MigrationOperation, Range } from "../../operations.js";

/**
 * Guards written by hand: an operation inside an `if` whose condition asks SQLAlchemy's inspector
 * about that very object (`if "audit" not in inspector.get_table_names():`), directly, through a
 * local bound to such a question (`has_fk = any(... inspector.get_foreign_keys("orders"))`,
 * `columns = {c["name"] for c in inspector.get_columns("users")}`), or through a helper function of
 * the same file whose result is one. The branch must be the one where the check makes the
 * operation safe: a create where the object is known to be absent, a drop or rename where it is
 * known to be there. `if …: return` guards what follows it in the same block.
 *
 * "That very object" means the check's literal strings (and module constants, and a helper's
 * arguments) name it — its table too, for a column, index or constraint. A `create` on a table
 * known to be absent is safe as well: the table and everything on it are new. So is whatever
 * follows the checked operation in the same branch: it runs only when that operation has not run,
 * so an earlier attempt cannot have got to it either (`if "status" not in columns:` around
 * `add_column(…status…)` then `create_check_constraint(…status…)`).
 */

/** The inspector's questions, and the kinds of object each answers about. */
const INSPECTOR_METHODS: Record<string, readonly string[]> = {
  get_table_names: ["table"],
  has_table: ["table"],
  get_columns: ["column"],
  has_column: ["column"],
  get_indexes: ["index", "unique constraint"],
  has_index: ["index"],
  get_foreign_keys: ["foreign key", "constraint"],
  get_unique_constraints: ["unique constraint", "constraint", "index"],
  get_check_constraints: ["constraint"],
  get_pk_constraint: ["primary key", "constraint"],
};

const MAX_DEPTH = 4;

/** What holds where a condition has a given truth value: the object named by `strings` exists, or not. */
interface ExistenceFact {
  exists: boolean;
  /** The object kinds the inspector calls in the check answer about. */
  kinds: ReadonlySet<string>;
  strings: ReadonlySet<string>;
}

interface Region {
  range: Range;
  facts: ExistenceFact[];
}

interface Names {
  /** Module-level `def`s by name. */
  functions: Map<string, PyNode>;
  /** Module-level `NAME = "literal"`. */
  constants: Map<string, string>;
}

/** The operations of `operations` that a hand-written inspector check makes retry-safe, marked `covered`. */
export function withRuntimeGuards(text: string, script: Script, operations: readonly MigrationOperation[]): MigrationOperation[] {
  const ifStatements = nodesOfType(script, "IfStatement");
  if (ifStatements.length === 0 || !/\b(?:get_table_names|has_table|get_columns|has_column|get_indexes|has_index|get_foreign_keys|get_unique_constraints|get_check_constraints|get_pk_constraint)\b/u.test(text)) {
    return [...operations];
  }
  const names = moduleNames(text, script);
  const regions = ifStatements.flatMap((statement) => guardedRegions(text, statement, script, names));
  const within = (region: Region, operation: MigrationOperation) => region.range[0] <= operation.span.range[0] && operation.span.range[0] < region.range[1];
  // Where in each region the first operation its check guards starts. What follows it in the region
  // runs only when that operation has not run yet, so an earlier attempt never got further either.
  const anchors = regions.map((region) => {
    const first = operations.find((operation) => within(region, operation) && region.facts.some((fact) => guards(fact, operation, text)));
    return first?.span.range[0] ?? Infinity;
  });
  // A drop that a check makes run only when the object is there leaves it gone, like IF EXISTS: a
  // later create of the same object in the same function is retry-safe.
  const droppedWhenPresent: { key: string; at: number; scope: PyNode | null }[] = [];
  return operations.map((operation) => {
    const at = operation.span.range[0];
    const scope = enclosingFunction(script, operation.span);
    const key = objectKey(operation);
    const covered = regions.some((region, index) => within(region, operation) && (anchors[index] as number) <= at);
    // Only a drop whose own presence was checked: one that merely follows another checked operation
    // is skipped on a retry that finds that operation done, and leaves its object as it was.
    const checkedItself = regions.some((region) => within(region, operation) && region.facts.some((fact) => guards(fact, operation, text)));
    if (checkedItself && operation.action === "drop" && key !== null) {
      droppedWhenPresent.push({ key, at, scope });
    }
    if (!covered && operation.action === "create" && key !== null && droppedWhenPresent.some((drop) => drop.key === key && drop.scope === scope && drop.at < at)) {
      return { ...operation, guard: { kind: "covered", by: "a drop before it that an inspector check guards" } };
    }
    return covered ? { ...operation, guard: { kind: "covered", by: "an inspector check around it" } } : operation;
  });
}

const CONSTRAINT_TYPES = new Set(["constraint", "foreign key", "unique constraint", "primary key"]);

/** Which object an operation creates or drops, for pairing a drop with a later create. */
function objectKey({ object }: MigrationOperation): string | null {
  if (object.name === null) {
    return null;
  }
  const name = bare(object.name);
  if (CONSTRAINT_TYPES.has(object.type)) {
    return object.table === null ? null : `constraint:${bare(object.table)}.${name}`;
  }
  return object.type === "index" || object.type === "table" ? `${object.type}:${name}` : null;
}

function moduleNames(text: string, script: Script): Names {
  const functions = new Map<string, PyNode>();
  const constants = new Map<string, string>();
  for (const statement of script.children) {
    if (isNodeType(statement, "FunctionDefinition")) {
      functions.set(statement.name, statement);
    } else if (isNodeType(statement, "AssignStatement")) {
      const [target, , value] = statement.children;
      const literal = value ? staticStringValue(text, value) : null;
      if (isNodeType(target, "VariableName") && literal !== null && statement.children.length === 3) {
        constants.set(target.name, literal);
      }
    }
  }
  return { functions, constants };
}

/** Statements that leave the block: what follows an `if` whose body ends in one runs only when its condition was false. */
const EXITS = new Set(["ReturnStatement", "RaiseStatement", "ContinueStatement", "BreakStatement"]);

/** The bodies of an `if`/`elif`/`else` chain with what holds in each, and after an `if …: return`. */
function guardedRegions(text: string, statement: PyNode, script: Script, names: Names): Region[] {
  const regions: Region[] = [];
  const earlier: PyNode[] = [];
  const { children } = statement;
  const scope = enclosingFunction(script, statement);
  const falseOfEarlier = () => earlier.flatMap((condition) => factsOf(text, condition, false, scope, names, 0));
  for (let index = 0; index < children.length; index++) {
    const child = children[index] as PyNode;
    if (child.type === "Body") {
      // An `else:` body: every earlier condition was false.
      regions.push({ range: child.range, facts: falseOfEarlier() });
      continue;
    }
    const body = children[index + 1];
    if (body?.type !== "Body") {
      continue;
    }
    regions.push({ range: body.range, facts: [...falseOfEarlier(), ...factsOf(text, child, true, scope, names, 0)] });
    earlier.push(child);
    index++;
  }
  const onlyBody = children.length === 2 ? children[1] : undefined;
  if (onlyBody && EXITS.has(onlyBody.children.at(-1)?.type ?? "")) {
    const block = parentBlock(script, statement);
    if (block) {
      regions.push({ range: [statement.range[1], block.range[1]], facts: factsOf(text, children[0] as PyNode, false, scope, names, 0) });
    }
  }
  return regions;
}

/** What is known about existence when `condition` evaluates to `truth`. */
function factsOf(text: string, condition: PyNode, truth: boolean, scope: PyNode | null, names: Names, depth: number): ExistenceFact[] {
  if (depth > MAX_DEPTH) {
    return [];
  }
  const { children } = condition;
  const source = text.slice(condition.range[0], condition.range[1]);
  if (condition.type === "ParenthesizedExpression" && children.length === 1) {
    return factsOf(text, children[0] as PyNode, truth, scope, names, depth);
  }
  // `legacy = "faculty_id" not in columns` then `if legacy:` means what the bound condition means.
  const bound = isNodeType(condition, "VariableName") && scope ? localValue(scope, condition) : null;
  if (bound && (bound.type === "UnaryExpression" || bound.type === "BinaryExpression")) {
    return factsOf(text, bound, truth, scope, names, depth + 1);
  }
  if (condition.type === "UnaryExpression" && /^not\b/u.test(source) && children.length === 1) {
    return factsOfNot(text, children[0] as PyNode, truth, scope, names, depth);
  }
  if (condition.type === "BinaryExpression" && children.length >= 2) {
    const left = children[0] as PyNode;
    const right = children.at(-1) as PyNode;
    const operator = text.slice(left.range[1], right.range[0]).trim();
    if (operator === "and" || operator === "or") {
      return combined(operator, truth, (value) => factsOf(text, left, value, scope, names, depth), (value) => factsOf(text, right, value, scope, names, depth));
    }
    if (/^not\s+in$/u.test(operator)) {
      return atom(text, condition, !truth, scope, names, depth);
    }
    const empty = (node: PyNode) => /^(?:0|None|False|\[\]|set\(\)|\{\})$/u.test(text.slice(node.range[0], node.range[1]));
    if ((operator === "==" || operator === "is") && (empty(right) || empty(left))) {
      return atom(text, empty(right) ? left : right, !truth, scope, names, depth);
    }
    if ((operator === "!=" || operator === "is not" || operator === ">") && empty(right)) {
      return atom(text, left, truth, scope, names, depth);
    }
    if (operator !== "in") {
      return [];
    }
  }
  return atom(text, condition, truth, scope, names, depth);
}

/**
 * `not operand`. @lezer/python reads `not a or b` as `not (a or b)`; Python binds `not` tighter, so
 * an unparenthesised `and`/`or` under it takes the `not` on its leftmost operand only.
 */
function factsOfNot(text: string, operand: PyNode, truth: boolean, scope: PyNode | null, names: Names, depth: number): ExistenceFact[] {
  const [left, right] = operand.children;
  if (operand.type === "BinaryExpression" && operand.children.length === 2 && left && right) {
    const operator = text.slice(left.range[1], right.range[0]).trim();
    if (operator === "and" || operator === "or") {
      return combined(operator, truth, (value) => factsOfNot(text, left, value, scope, names, depth), (value) => factsOf(text, right, value, scope, names, depth));
    }
  }
  return factsOf(text, operand, !truth, scope, names, depth);
}

/** Both sides of a true `and` hold, and both sides of a false `or` fail; nothing else is known. */
function combined(operator: "and" | "or", truth: boolean, left: (truth: boolean) => ExistenceFact[], right: (truth: boolean) => ExistenceFact[]): ExistenceFact[] {
  if (operator === "and") {
    return truth ? [...left(true), ...right(true)] : [];
  }
  return truth ? [] : [...left(false), ...right(false)];
}

/** An expression that is true when the objects it names exist: `x in insp.get_table_names()`, `insp.has_table(x)`, `helper(x)`. */
function atom(text: string, node: PyNode, truth: boolean, scope: PyNode | null, names: Names, depth: number): ExistenceFact[] {
  const kinds = new Set<string>();
  const strings = new Set<string>();
  // Set by a helper whose result means "absent"; a closure writes it, hence the object.
  const helperResult = { negated: false };
  const visit = (current: PyNode, within: PyNode | null, level: number) => {
    if (level > MAX_DEPTH) {
      return;
    }
    const literal = current.type === "String" || current.type === "ContinuedString" ? staticStringValue(text, current) : null;
    if (literal !== null) {
      strings.add(literal);
      return;
    }
    if (isNodeType(current, "VariableName")) {
      const constant = names.constants.get(current.name);
      if (constant !== undefined) {
        strings.add(constant);
      }
      const bound = within ? localValue(within, current) : null;
      if (bound) {
        visit(bound, within, level + 1);
      }
      return;
    }
    // A reflected row's keys (`c["name"]`, `fk.get("name")`) name no schema object.
    if (isNodeType(current, "MemberExpression") && current.computed) {
      visit(current.object, within, level);
      return;
    }
    if (isNodeType(current, "CallExpression")) {
      const { callee } = current;
      if (isNodeType(callee, "MemberExpression") && isNodeType(callee.property, "PropertyName")) {
        if (callee.property.name === "get") {
          visit(callee.object, within, level);
          return;
        }
        for (const kind of INSPECTOR_METHODS[callee.property.name] ?? []) {
          kinds.add(kind);
        }
      }
      const helper = isNodeType(callee, "VariableName") ? names.functions.get(callee.name) : undefined;
      if (helper && level === 0 && isReturnNegated(text, helper)) {
        helperResult.negated = true;
      }
      if (helper) {
        helper.children.forEach((child) => {
          visit(child, helper, level + 1);
        });
      }
    }
    current.children.forEach((child) => {
      visit(child, within, level);
    });
  };
  visit(node, scope, depth);
  return kinds.size === 0 ? [] : [{ exists: helperResult.negated ? !truth : truth, kinds, strings }];
}

/** A helper whose last `return` is `not …`: its result is true when the object is absent. */
function isReturnNegated(text: string, helper: PyNode): boolean {
  const returns: PyNode[] = [];
  const visit = (node: PyNode) => {
    if (node.type === "ReturnStatement") {
      returns.push(node);
    } else if (node.type !== "FunctionDefinition" || node === helper) {
      node.children.forEach(visit);
    }
  };
  visit(helper);
  const last = returns.at(-1)?.children[0];
  return last !== undefined && last.type === "UnaryExpression" && /^not\b/u.test(text.slice(last.range[0], last.range[1]));
}

/** The value last assigned to `name` in `scope` before `use`. */
function localValue(scope: PyNode, use: PyNode & { name: string }): PyNode | null {
  let found: PyNode | null = null;
  const visit = (node: PyNode) => {
    if (node.range[0] >= use.range[0]) {
      return;
    }
    if (isNodeType(node, "AssignStatement") && node.children.length === 3) {
      const [target, , value] = node.children;
      if (isNodeType(target, "VariableName") && target.name === use.name && value) {
        found = value;
      }
    }
    if (node.type !== "FunctionDefinition" || node === scope) {
      node.children.forEach(visit);
    }
  };
  visit(scope);
  return found;
}

function enclosingFunction(script: Script, node: { range: Range }): PyNode | null {
  let found: PyNode | null = null;
  for (const definition of nodesOfType(script, "FunctionDefinition")) {
    if (definition.range[0] <= node.range[0] && node.range[1] <= definition.range[1] && (!found || definition.range[0] >= found.range[0])) {
      found = definition;
    }
  }
  return found;
}

/** The innermost `Body` (or the script) whose direct children include `statement`. */
function parentBlock(script: Script, statement: PyNode): PyNode | null {
  const blocks: PyNode[] = [script, ...nodesOfType(script, "Body")];
  return blocks.find((block) => block.children.some((child) => child === statement)) ?? null;
}

function bare(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1).replaceAll('"', "").toLowerCase();
}

function guards(fact: ExistenceFact, operation: MigrationOperation, text: string): boolean {
  const { action, object } = operation;
  const strings = new Set([...fact.strings].map(bare));
  const named = (value: string | null) => value !== null && strings.has(bare(value));
  const tableChecked = fact.kinds.has("table");
  if (action === "create" && !fact.exists && tableChecked) {
    // A table known to be absent: the table, and anything created on it, is new.
    if ((object.type === "table" && named(object.name)) || named(object.table)) {
      return true;
    }
  }
  if (fact.exists === (action === "create") || !fact.kinds.has(object.type)) {
    return false;
  }
  if (object.type === "table") {
    return named(object.name);
  }
  if (object.table !== null && !named(object.table)) {
    return false;
  }
  // A constraint the migration leaves unnamed is matched by its table alone.
  const source = text.slice(operation.span.range[0], operation.span.range[1]);
  const writtenName = object.name !== null && source.includes(object.name);
  return !writtenName || named(object.name);
}
