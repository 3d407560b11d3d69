import type { File } from "@eslint/core";
import type { NodeOfType, PyNode, Script, SpecificNode } from "../../../src/languages/python/ast.js";
import { PythonLanguage } from "../../../src/languages/python/language.js";
import type { PythonSourceCode } from "../../../src/languages/python/source-code.js";

/** The language on its own: the AST tests need none of the plugin's rules. */
export const python = new PythonLanguage();

const FILENAME = "alembic/versions/a.py";

export function file(text: string): File {
  return { body: text, path: FILENAME, physicalPath: FILENAME, bom: false };
}

export function parse(text: string): Script {
  const result = python.parse(file(text));
  if (!result.ok) {
    throw new Error(`expected ${JSON.stringify(text.slice(0, 80))} to parse: ${JSON.stringify(result.errors)}`);
  }
  return result.ast;
}

export function sourceCode(text: string): PythonSourceCode {
  return python.createSourceCode(file(text), { ok: true, ast: parse(text) });
}

/** Every node in source order; iterative so that deep trees are fine too. */
export function allNodes(root: PyNode): PyNode[] {
  const found: PyNode[] = [];
  const stack: PyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as PyNode;
    found.push(node);
    for (let index = node.children.length - 1; index >= 0; index--) {
      stack.push(node.children[index] as PyNode);
    }
  }
  return found;
}

export function nodesOfType<T extends SpecificNode["type"]>(root: PyNode, type: T): NodeOfType<T>[] {
  return allNodes(root).filter((node): node is NodeOfType<T> => node.type === type);
}

export function firstOfType<T extends SpecificNode["type"]>(root: PyNode, type: T): NodeOfType<T> {
  const [node] = nodesOfType(root, type);
  if (!node) {
    throw new Error(`no ${type} node`);
  }
  return node;
}

export function textOf(text: string, node: { range: [number, number] }): string {
  return text.slice(node.range[0], node.range[1]);
}
