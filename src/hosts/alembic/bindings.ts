import type { PyNode, Script } from "../../languages/python/ast.js";
import { isNodeType } from "../../languages/python/ast.js";
import { dottedName } from "../../languages/python/names.js";

/**
 * The names under which a migration file reaches Alembic's `op` module: `op` from
 * `from alembic import op`, `alembic_op` from `from alembic import op as alembic_op`, `alembic.op`
 * after `import alembic`, and so on.
 */
export function alembicOpNames(script: Script): Set<string> {
  const names = new Set<string>();
  let opBoundElsewhere = false;
  for (const node of walk(script)) {
    if (!isNodeType(node, "ImportStatement")) {
      continue;
    }
    for (const imported of node.names) {
      const local = imported.alias ?? imported.name;
      if (node.from === "alembic" && imported.name === "op") {
        names.add(local);
      } else if (node.from === null && imported.name === "alembic.op" && imported.alias) {
        names.add(imported.alias);
      } else if (node.from === null && imported.name === "alembic") {
        names.add(`${local}.op`);
      } else if (node.from === null && imported.name.startsWith("alembic.") && !imported.alias) {
        // `import alembic.op` binds `alembic`, through which `alembic.op` is reachable.
        names.add("alembic.op");
      } else if (local === "op") {
        opBoundElsewhere = true;
      }
    }
  }
  // Snippets and helpers that use `op` without importing it still mean Alembic's `op`.
  if (!opBoundElsewhere) {
    names.add("op");
  }
  return names;
}

/** What a `with` block binds: a batch operations object or Alembic's autocommit block. */
export interface WithContext {
  kind: "batch" | "autocommit";
  /** The `as` name of a batch block. */
  name: string | null;
  /** The table a batch block alters. */
  table: PyNode | null;
  body: PyNode;
}

export function withContext(node: PyNode, opNames: ReadonlySet<string>): WithContext[] {
  if (!isNodeType(node, "WithStatement") || !node.body) {
    return [];
  }
  const contexts: WithContext[] = [];
  for (const item of node.items) {
    if (!isNodeType(item.context, "CallExpression")) {
      continue;
    }
    const callee = item.context.callee;
    const calleeName = dottedName(callee);
    if (calleeName !== null && isOpMember(calleeName, "batch_alter_table", opNames)) {
      const target = item.target;
      const tableArgument = item.context.argList.children[0];
      contexts.push({
        kind: "batch",
        name: isNodeType(target, "VariableName") ? target.name : null,
        table: tableArgument && !isNodeType(tableArgument, "KeywordArgument") ? tableArgument : null,
        body: node.body,
      });
    } else if (
      isNodeType(callee, "MemberExpression") &&
      isNodeType(callee.property, "PropertyName") &&
      callee.property.name === "autocommit_block" &&
      isNodeType(callee.object, "CallExpression")
    ) {
      const getContext = dottedName(callee.object.callee);
      if (getContext !== null && isOpMember(getContext, "get_context", opNames)) {
        contexts.push({ kind: "autocommit", name: null, table: null, body: node.body });
      }
    }
  }
  return contexts;
}

function isOpMember(dotted: string, member: string, opNames: ReadonlySet<string>): boolean {
  const suffix = `.${member}`;
  return dotted.endsWith(suffix) && opNames.has(dotted.slice(0, -suffix.length));
}

/** Every node of the tree, depth first, without recursion. */
export function* walk(root: PyNode): Generator<PyNode> {
  const stack: PyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as PyNode;
    yield node;
    for (let index = node.children.length - 1; index >= 0; index--) {
      stack.push(node.children[index] as PyNode);
    }
  }
}
