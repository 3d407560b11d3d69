import type { ArrowFunctionExpression, FunctionDeclaration, FunctionExpression, Node, ObjectExpression, Program } from "estree";
import { descendants, isIdentifier, keyName } from "./estree.js";

export type FunctionNode = FunctionDeclaration | FunctionExpression | ArrowFunctionExpression;

/** A function the migration tool calls: an exported `up`/`down`, or a class's `up`/`down` method. */
export interface Migration {
  fn: FunctionNode;
  inClass: boolean;
  /** The first parameter, which the tool fills with its API object whatever its name. */
  param: string | null;
}

const MIGRATION_NAMES = new Set(["up", "down"]);

/**
 * The functions a JS/TS migration tool runs: exported `up`/`down` in every CommonJS and ESM
 * spelling, and `up`/`down` methods of a class (TypeORM, MikroORM). Everything else in the file is
 * application code as far as the host adapters are concerned.
 */
export function migrationFunctions(program: Program): Migration[] {
  const declared = new Map<string, FunctionNode>();
  for (const statement of program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type === "FunctionDeclaration") {
      declared.set(declaration.id.name, declaration);
    } else if (declaration?.type === "VariableDeclaration") {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === "Identifier" && declarator.init && isFunction(declarator.init)) {
          declared.set(declarator.id.name, declarator.init);
        }
      }
    }
  }

  const functions = new Set<FunctionNode>();
  // `exports.up = up` and `{ up }` name a function declared elsewhere in the module.
  const add = (node: Node | null | undefined): void => {
    const fn = node?.type === "Identifier" ? declared.get(node.name) : node;
    if (fn && isFunction(fn)) {
      functions.add(fn);
    }
  };
  const addObject = (object: ObjectExpression): void => {
    for (const property of object.properties) {
      if (property.type === "Property" && !property.computed && MIGRATION_NAMES.has(keyName(property.key) ?? "")) {
        add(property.value);
      }
    }
  };

  for (const statement of program.body) {
    if (statement.type === "ExportNamedDeclaration") {
      const { declaration } = statement;
      if (declaration?.type === "FunctionDeclaration" && MIGRATION_NAMES.has(declaration.id.name)) {
        add(declaration);
      } else if (declaration?.type === "VariableDeclaration") {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === "Identifier" && MIGRATION_NAMES.has(declarator.id.name)) {
            add(declarator.init);
          }
        }
      }
      for (const specifier of statement.specifiers) {
        if (MIGRATION_NAMES.has(keyName(specifier.exported) ?? "")) {
          add(specifier.local);
        }
      }
    } else if (statement.type === "ExportDefaultDeclaration" && statement.declaration.type === "ObjectExpression") {
      addObject(statement.declaration);
    } else if (statement.type === "ExpressionStatement" && statement.expression.type === "AssignmentExpression") {
      const { left, right, operator } = statement.expression;
      if (operator !== "=" || left.type !== "MemberExpression") {
        continue;
      }
      if (isModuleExports(left) && right.type === "ObjectExpression") {
        addObject(right);
      } else if (
        (isModuleExports(left.object) || isIdentifier(left.object, "exports")) &&
        !left.computed &&
        MIGRATION_NAMES.has(keyName(left.property) ?? "")
      ) {
        add(right);
      }
    }
  }

  const migrations: Migration[] = [...functions].map((fn) => ({ fn, inClass: false, param: firstParam(fn) }));
  for (const node of descendants(program)) {
    if (
      node.type === "MethodDefinition" &&
      node.kind === "method" &&
      !node.computed &&
      MIGRATION_NAMES.has(keyName(node.key) ?? "")
    ) {
      migrations.push({ fn: node.value, inClass: true, param: firstParam(node.value) });
    }
  }
  return migrations;
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
