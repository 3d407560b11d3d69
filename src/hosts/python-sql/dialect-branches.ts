import type { Dialect } from "../../dialects.js";
import { nodesOfType } from "../../languages/python/node-index.js";
import type { Script } from "../../languages/python/ast.js";
import { dialectsOfDriver } from "../../project/dialect.js";
import type { Range } from "../../sql/types.js";

/**
 * `op.get_context().dialect.name == "mysql"`, `bind.dialect.name == 'sqlite'`, `bind.engine.name == …`,
 * either way round, and the URL's scheme: `url.startswith("mysql")`, `str(bind.engine.url).startswith("postgres")`.
 */
const DIALECT_TEST =
  /\b(?:dialect|engine)\.name\s*==\s*["'](\w+)["']|["'](\w+)["']\s*==\s*[\w.()]*\b(?:dialect|engine)\.name\b|\burl\)?\.startswith\(\s*["'](\w+)/u;

/**
 * The bodies of `if`/`elif` branches that run only on one database, with the dialects SQLAlchemy's
 * name means there: the SQL a migration sends from such a branch is that database's, whatever the
 * file's dialect.
 */
export function dialectBranches(text: string, script: Script): { range: Range; dialects: Dialect[] }[] {
  const branches: { range: Range; dialects: Dialect[] }[] = [];
  for (const statement of nodesOfType(script, "IfStatement")) {
    const { children } = statement;
    children.forEach((condition, index) => {
      const body = children[index + 1];
      if (condition.type === "Body" || body?.type !== "Body") return;
      const match = DIALECT_TEST.exec(text.slice(condition.range[0], condition.range[1]));
      const name = match?.[1] ?? match?.[2] ?? match?.[3];
      const dialects = name === undefined ? null : dialectsOfDriver(name);
      if (dialects) branches.push({ range: body.range, dialects });
    });
  }
  return branches;
}

/** The dialects of the innermost branch around `offset`, if any. */
export function branchDialectsAt(branches: readonly { range: Range; dialects: Dialect[] }[], offset: number): Dialect[] | undefined {
  let found: { range: Range; dialects: Dialect[] } | undefined;
  for (const branch of branches) {
    if (branch.range[0] <= offset && offset < branch.range[1] && (!found || branch.range[0] >= found.range[0])) found = branch;
  }
  return found?.dialects;
}
