import type { PyNode, Script } from "../../languages/python/ast.js";
import { isNodeType } from "../../languages/python/ast.js";
import { dottedName } from "../../languages/python/names.js";
import { nodesOfType } from "../../languages/python/node-index.js";

/**
 * The names under which a migration file reaches Alembic's `op` module: `op` from
 * `from alembic import op`, `alembic_op` from `from alembic import op as alembic_op`, `alembic.op`
 * after `import alembic`, and so on.
 */
export function alembicOpNames(script: Script): Set<string> {
  const names = new Set<string>();
  let opBoundElsewhere = false;
  for (const node of nodesOfType(script, "ImportStatement")) {
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

/** Every batch and autocommit block of the file. */
export function withContexts(script: Script, opNames: ReadonlySet<string>): WithContext[] {
  return nodesOfType(script, "WithStatement").flatMap((node) => withContext(node, opNames));
}

/** The blocks whose body contains `node`, outermost first. */
export function contextsAround(contexts: readonly WithContext[], node: PyNode): WithContext[] {
  return contexts.filter((context) => context.body.range[0] <= node.range[0] && node.range[1] <= context.body.range[1]);
}
