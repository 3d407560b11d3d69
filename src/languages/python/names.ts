import type { PyNode } from "./ast.js";
import { isNodeType } from "./ast.js";

/** `a.b.c` for a chain of plain names and attributes; `null` for anything else (calls, subscripts). */
export function dottedName(node: PyNode): string | null {
  if (isNodeType(node, "VariableName")) {
    return node.name;
  }
  if (isNodeType(node, "MemberExpression") && !node.computed && isNodeType(node.property, "PropertyName")) {
    const object = dottedName(node.object);
    return object === null ? null : `${object}.${node.property.name}`;
  }
  return null;
}

/** The last segment of a call's callee, e.g. `Column` for `sa.Column(...)`. */
export function calleeBaseName(node: PyNode): string | null {
  if (!isNodeType(node, "CallExpression")) {
    return null;
  }
  const name = dottedName(node.callee);
  return name === null ? null : (name.split(".").at(-1) ?? null);
}
