import type { ArrowFunctionExpression, FunctionDeclaration, FunctionExpression, Node, ObjectExpression, Program } from "estree";
import { descendants, isIdentifier, keyName } from "./estree.js";

export type FunctionNode = FunctionDeclaration | FunctionExpression | ArrowFunctionExpression;

/**
 * A function the migration tool runs: an exported `up`/`down`, a class's `up`/`down` method, or a
 * function of the same module that one of those calls.
 */
export interface Migration {
  fn: FunctionNode;
  inClass: boolean;
  /** The first parameter, which the tool fills with its API object whatever its name. */
  param: string | null;
}

/** An exported `up`/`down` that is SQL text rather than a function: `exports.up = "CREATE TABLE …"`. */
export interface SqlExport {
  name: string;
  value: Node;
}

/** What a JS/TS migration module gives its tool, found in one walk and shared by every adapter. */
export interface MigrationModule {
  migrations: Migration[];
  sqlExports: SqlExport[];
}

const MIGRATION_NAMES = new Set(["up", "down"]);

/** The functions a JS/TS migration tool runs; see readMigrationModule. */
export function migrationFunctions(program: Program): Migration[] {
  return readMigrationModule(program).migrations;
}

// The builder adapters, the SQL sinks and the file's scopes all ask about the same program.
const cache = new WeakMap<Program, MigrationModule>();

/**
 * The functions a JS/TS migration tool runs, and the SQL text it runs directly:
 * - exported `up`/`down` in every CommonJS and ESM spelling, also as properties of an object
 *   literal that is exported directly or through a module-level constant (typed, `as` or
 *   `satisfies` included), as home-grown runners take them;
 * - `up`/`down` methods of a class (TypeORM, MikroORM);
 * - one level of helpers: module-level functions that those call by name (`await addIndexes(pool)`)
 *   and methods of the same class they call on `this` (`await this.addIndexes(queryRunner)`).
 * Everything else in the file is application code as far as the host adapters are concerned.
 */
export function readMigrationModule(program: Program): MigrationModule {
  let found = cache.get(program);
  if (!found) {
    found = findMigrationModule(program);
    cache.set(program, found);
  }
  return found;
}

function findMigrationModule(program: Program): MigrationModule {
  const functions = moduleFunctions(program);
  const objects = moduleObjects(program);
  const exported = new Map<Node, string>();
  const addExport = (name: string, node: Node | null | undefined): void => {
    if (node && MIGRATION_NAMES.has(name)) {
      exported.set(unwrapped(node), name);
    }
  };
  const addObject = (node: Node | null | undefined): void => {
    const object = objectOf(node, objects);
    for (const property of object?.properties ?? []) {
      if (property.type === "Property" && !property.computed) {
        addExport(keyName(property.key) ?? "", property.value);
      }
    }
  };

  for (const statement of program.body) {
    if (statement.type === "ExportNamedDeclaration") {
      const { declaration } = statement;
      if (declaration?.type === "FunctionDeclaration") {
        addExport(declaration.id.name, declaration);
      } else if (declaration?.type === "VariableDeclaration") {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === "Identifier") {
            addExport(declarator.id.name, declarator.init);
            // `export const migration: Migration = { up, down }`.
            addObject(declarator.init);
          }
        }
      }
      for (const specifier of statement.specifiers) {
        addExport(keyName(specifier.exported) ?? "", specifier.local);
        addObject(specifier.local);
      }
    } else if (statement.type === "ExportDefaultDeclaration") {
      addObject(statement.declaration as Node);
    } else if (statement.type === "ExpressionStatement" && statement.expression.type === "AssignmentExpression") {
      const { left, right, operator } = statement.expression;
      if (operator !== "=" || left.type !== "MemberExpression") {
        continue;
      }
      if (isModuleExports(left)) {
        addObject(right);
      } else if ((isModuleExports(left.object) || isIdentifier(left.object, "exports")) && !left.computed) {
        addExport(keyName(left.property) ?? "", right);
      }
    }
  }

  const migrations: Migration[] = [];
  const seen = new Set<FunctionNode>();
  const addMigration = (fn: FunctionNode, inClass: boolean): void => {
    if (!seen.has(fn)) {
      seen.add(fn);
      migrations.push({ fn, inClass, param: firstParam(fn) });
    }
  };
  const sqlExports: SqlExport[] = [];
  for (const [node, name] of exported) {
    // `exports.up = up` and `{ up }` name a function declared elsewhere in the module.
    const fn = node.type === "Identifier" ? functions.get(node.name) : node;
    if (fn && isFunction(fn)) {
      addMigration(fn, false);
    } else {
      sqlExports.push({ name, value: node });
    }
  }
  // Each migration method's class, by its methods' names: where `this.helper()` leads.
  const classMethods = new Map<FunctionNode, ReadonlyMap<string, FunctionExpression>>();
  for (const node of descendants(program)) {
    if (node.type !== "ClassBody") {
      continue;
    }
    const methods = new Map<string, FunctionExpression>();
    for (const member of node.body) {
      if (member.type === "MethodDefinition" && member.kind === "method" && !member.computed) {
        methods.set(keyName(member.key) ?? "", member.value);
      }
    }
    for (const [name, method] of methods) {
      if (MIGRATION_NAMES.has(name)) {
        addMigration(method, true);
        classMethods.set(method, methods);
      }
    }
  }

  // One level of helpers, in the order the migration functions call them.
  const direct = [...migrations];
  for (const { fn, inClass } of direct) {
    const methods = inClass ? classMethods.get(fn) : undefined;
    for (const node of descendants(fn.body)) {
      if (node.type !== "CallExpression") {
        continue;
      }
      const { callee } = node;
      if (callee.type === "Identifier") {
        const helper = functions.get(callee.name);
        if (helper) {
          addMigration(helper, false);
        }
      } else if (methods && callee.type === "MemberExpression" && callee.object.type === "ThisExpression" && !callee.computed) {
        const helper = methods.get(keyName(callee.property) ?? "");
        if (helper) {
          addMigration(helper, true);
        }
      }
    }
  }
  return { migrations, sqlExports };
}

/** Module-level functions by name: `function f() {}` and `const f = () => {}`, exported or not. */
function moduleFunctions(program: Program): Map<string, FunctionNode> {
  const declared = new Map<string, FunctionNode>();
  for (const statement of program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type === "FunctionDeclaration") {
      declared.set(declaration.id.name, declaration);
    } else if (declaration?.type === "VariableDeclaration") {
      for (const declarator of declaration.declarations) {
        const init = declarator.init ? unwrapped(declarator.init) : null;
        if (declarator.id.type === "Identifier" && init && isFunction(init)) {
          declared.set(declarator.id.name, init);
        }
      }
    }
  }
  return declared;
}

/** Module-level `const NAME = { … }` (typed or not), by name. */
function moduleObjects(program: Program): Map<string, ObjectExpression> {
  const objects = new Map<string, ObjectExpression>();
  for (const statement of program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type !== "VariableDeclaration" || declaration.kind !== "const") {
      continue;
    }
    for (const declarator of declaration.declarations) {
      const init = declarator.init ? unwrapped(declarator.init) : null;
      if (declarator.id.type === "Identifier" && init?.type === "ObjectExpression") {
        objects.set(declarator.id.name, init);
      }
    }
  }
  return objects;
}

/** The object literal an export names: written in place, or a module-level constant holding one. */
function objectOf(node: Node | null | undefined, objects: ReadonlyMap<string, ObjectExpression>): ObjectExpression | null {
  const value = node ? unwrapped(node) : null;
  if (value?.type === "ObjectExpression") {
    return value;
  }
  return value?.type === "Identifier" ? (objects.get(value.name) ?? null) : null;
}

/** The expression inside TypeScript's `x as T`, `x satisfies T` and `x!`. */
export function unwrapped(node: Node): Node {
  let inner = node;
  while (/^TS(?:As|NonNull|Satisfies)Expression$/u.test(inner.type)) {
    inner = (inner as unknown as { expression: Node }).expression;
  }
  return inner;
}

export function isFunction(node: Node): node is FunctionNode {
  return node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression";
}

export function firstParam(fn: FunctionNode): string | null {
  const [param] = fn.params;
  return param?.type === "Identifier" ? param.name : null;
}

function isModuleExports(node: Node): boolean {
  return node.type === "MemberExpression" && !node.computed && isIdentifier(node.object, "module") && keyName(node.property) === "exports";
}
