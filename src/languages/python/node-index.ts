import type { NodeOfType, PyNode, Script, SpecificNode } from "./ast.js";

interface NodeIndex {
  byType: Map<string, PyNode[]>;
}

const indexes = new WeakMap<Script, NodeIndex>();

/**
 * The nodes of a file grouped by type, in source order, built in one pass and shared by every host
 * adapter and rule that asks (a migration file is walked once, not once per question).
 */
function indexOf(script: Script): NodeIndex {
  let index = indexes.get(script);
  if (!index) {
    const byType = new Map<string, PyNode[]>();
    const stack: PyNode[] = [script];
    while (stack.length > 0) {
      const node = stack.pop() as PyNode;
      let list = byType.get(node.type);
      if (!list) {
        list = [];
        byType.set(node.type, list);
      }
      list.push(node);
      for (let child = node.children.length - 1; child >= 0; child--) {
        stack.push(node.children[child] as PyNode);
      }
    }
    index = { byType };
    indexes.set(script, index);
  }
  return index;
}

export function nodesOfType<T extends SpecificNode["type"]>(script: Script, type: T): readonly NodeOfType<T>[];
export function nodesOfType(script: Script, type: string): readonly PyNode[];
export function nodesOfType(script: Script, type: string): readonly PyNode[] {
  return indexOf(script).byType.get(type) ?? [];
}
