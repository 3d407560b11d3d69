import type { Name, PyNode, Script } from "../../languages/python/ast.js";
import { isNodeType } from "../../languages/python/ast.js";

interface Binding {
  /** The assigned value of a plain `NAME = value`; `null` for any other binding (parameter, loop, import, `+=`). */
  value: PyNode | null;
  end: number;
}

const SCOPE_TYPES = new Set(["FunctionDefinition", "ClassDefinition", "LambdaExpression"]);
const TARGET_GROUPS = new Set(["TupleExpression", "ArrayExpression", "ParenthesizedExpression"]);

/**
 * Finds the value of a name that works as a constant: bound exactly once in the scope that Python
 * would look it up in, by `NAME = value`, and (in the scope of its use) before the use. A name bound
 * twice, or also as a parameter, loop variable, import or `global`, has no value that can be known
 * without running the code.
 */
export function constantResolver(text: string, script: Script): (use: Name) => PyNode | null {
  // Most migrations never name a constant where SQL goes: the scopes are read on the first question.
  let read: ScopeBindings | null = null;
  return (use) => {
    read ??= scopeBindings(text, script);
    return lookUp(read, script, use);
  };
}

interface ScopeBindings {
  scopes: PyNode[];
  bindings: Map<PyNode, Map<string, Binding[]>>;
}

function scopeBindings(text: string, script: Script): ScopeBindings {
  const scopes: PyNode[] = [];
  const bindings = new Map<PyNode, Map<string, Binding[]>>();
  const bind = (scope: PyNode, name: string, value: PyNode | null, end: number) => {
    let names = bindings.get(scope);
    if (!names) {
      names = new Map();
      bindings.set(scope, names);
    }
    const found = names.get(name) ?? [];
    found.push({ value, end });
    names.set(name, found);
  };

  const stack: { node: PyNode; scope: PyNode }[] = [{ node: script, scope: script }];
  while (stack.length > 0) {
    const { node, scope } = stack.pop() as (typeof stack)[number];
    for (const { name, value } of bindingsOf(text, node)) {
      bind(scope, name, value, node.range[1]);
    }
    let inner = scope;
    if (SCOPE_TYPES.has(node.type)) {
      inner = node;
      scopes.push(node);
      const parameters = node.children.find((child) => child.type === "ParamList");
      for (const parameter of parameters ? parameterNames(parameters) : []) {
        bind(inner, parameter, null, node.range[1]);
      }
    }
    for (const child of node.children) {
      stack.push({ node: child, scope: inner });
    }
  }
  return { scopes, bindings };
}

function lookUp({ scopes, bindings }: ScopeBindings, script: Script, use: Name): PyNode | null {
  const offset = use.range[0];
  const chain = scopes
    .filter((scope) => scope.range[0] <= offset && offset < scope.range[1])
    .sort((a, b) => b.range[0] - a.range[0]);
  chain.push(script);
  for (const [depth, scope] of chain.entries()) {
    // A class body's names are not visible in the functions defined in it.
    if (depth > 0 && scope.type === "ClassDefinition") {
      continue;
    }
    const found = bindings.get(scope)?.get(use.name);
    if (!found) {
      continue;
    }
    const [only] = found;
    if (found.length !== 1 || !only?.value) {
      return null;
    }
    return depth === 0 && only.end > offset ? null : only.value;
  }
  return null;
}

/** The names `node` binds in the scope around it, with the value of a plain `NAME = value`. */
function bindingsOf(text: string, node: PyNode): { name: string; value: PyNode | null }[] {
  const plain = (names: string[]) => names.map((name) => ({ name, value: null }));
  switch (node.type) {
    case "AssignStatement": {
      const children = node.children.filter((child) => child.type !== "TypeDef");
      const lastOperator = children.findLastIndex((child) => child.type === "AssignOp");
      if (lastOperator === -1) {
        // `x: int` annotates without binding.
        return [];
      }
      const targets = children.slice(0, lastOperator).filter((child) => child.type !== "AssignOp");
      const values = children.slice(lastOperator + 1);
      const [target] = targets;
      const [value] = values;
      if (targets.length === 1 && values.length === 1 && isNodeType(target, "VariableName") && value) {
        return [{ name: target.name, value }];
      }
      return plain(targets.flatMap(targetNames));
    }
    case "UpdateStatement":
    case "NamedExpression":
      return plain(node.children[0] ? targetNames(node.children[0]) : []);
    case "ForStatement":
      return plain(forTargets(text, node).flatMap(targetNames));
    case "WithItem":
      return plain(isNodeType(node, "WithItem") && node.target ? targetNames(node.target) : []);
    case "ScopeStatement":
      // `global NAME` lets assignments elsewhere reach NAME: not a constant any more.
      return plain(node.children.flatMap(targetNames));
    case "ImportStatement":
      return plain(
        isNodeType(node, "ImportStatement")
          ? node.names.map((imported) => imported.alias ?? (imported.name.split(".")[0] as string))
          : [],
      );
    case "FunctionDefinition":
    case "ClassDefinition":
      return plain(node.children.filter((child) => isNodeType(child, "VariableName")).slice(0, 1).flatMap(targetNames));
    default:
      return [];
  }
}

function targetNames(node: PyNode): string[] {
  if (isNodeType(node, "VariableName")) {
    return [node.name];
  }
  return TARGET_GROUPS.has(node.type) ? node.children.flatMap(targetNames) : [];
}

/** The targets of `for a, b in items:`, the children before the `in` keyword. */
function forTargets(text: string, node: PyNode): PyNode[] {
  const { children } = node;
  for (let index = 1; index < children.length; index++) {
    const gap = text.slice((children[index - 1] as PyNode).range[1], (children[index] as PyNode).range[0]);
    if (/\bin\b/u.test(gap)) {
      return children.slice(0, index);
    }
  }
  return [];
}

/** Parameter names; a default value (`x=NAME`) follows an `AssignOp` and binds nothing. */
function parameterNames(parameters: PyNode): string[] {
  return parameters.children
    .filter((child, index) => parameters.children[index - 1]?.type !== "AssignOp")
    .flatMap(targetNames);
}
