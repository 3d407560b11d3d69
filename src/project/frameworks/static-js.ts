import { createRequire } from "node:module";
import path from "node:path";
import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/types";

type TypeScriptParser = typeof import("@typescript-eslint/parser");

const require = createRequire(import.meta.url);
let parser: TypeScriptParser | undefined;

/** What a config's value is when it can be known without running it: a string, or a list of them. */
export type StaticValue = string | string[];

/**
 * A JavaScript or TypeScript config file (a knexfile, a data source, `.sequelizerc`), read without
 * running it: a linter runs on checkouts nobody vetted. Only literal values are known: strings,
 * template strings and `+` of those, arrays of them, and `path.join`/`path.resolve` of those with
 * `__dirname`, `import.meta.dirname` or `process.cwd()`, which all mean the config's own folder here.
 */
export class StaticJsConfig {
  readonly #text: string;
  readonly #folder: string;
  #program: TSESTree.Program | null | undefined;

  constructor(text: string, file: string) {
    this.#text = text;
    this.#folder = path.dirname(file);
  }

  /**
   * Parsed on the first question whose key the text contains: loading the parser loads TypeScript
   * (about a quarter of a second), which a project whose configs name no migrations should not pay.
   */
  #parsed(): TSESTree.Program | null {
    if (this.#program !== undefined) return this.#program;
    parser ??= require("@typescript-eslint/parser") as TypeScriptParser;
    try {
      this.#program = parser.parse(this.#text, { ecmaVersion: "latest", sourceType: "module", range: false, loc: false });
    } catch {
      // A config that does not parse names nothing; the framework falls back to its defaults.
      this.#program = null;
    }
    return this.#program;
  }

  /**
   * The values of every property called `key` (`key: …`, `"key": …`, `key = …` assignments to a
   * member), in source order, that are static. `within` narrows to properties of an object that
   * is itself the value of a property of that name (`migrations: { directory }`).
   */
  values(key: string, within?: string): StaticValue[] {
    const found: StaticValue[] = [];
    if (!this.#text.includes(key)) return found;
    const visit = (node: unknown, parentKey: string | null): void => {
      if (node === null || typeof node !== "object") return;
      if (Array.isArray(node)) {
        for (const child of node) visit(child, parentKey);
        return;
      }
      const current = node as TSESTree.Node;
      if (current.type === AST_NODE_TYPES.Property && propertyName(current) === key && (within === undefined || parentKey === within)) {
        const value = this.#evaluate(current.value);
        if (value !== null) found.push(value);
      }
      for (const [field, child] of Object.entries(current)) {
        if (field === "parent") continue;
        visit(child, keyForChild(current, field, parentKey));
      }
    };
    visit(this.#parsed(), null);
    return found;
  }

  /** The first static string among {@link values}. */
  string(key: string, within?: string): string | null {
    for (const value of this.values(key, within)) if (typeof value === "string") return value;
    return null;
  }

  #evaluate(node: TSESTree.Node): StaticValue | null {
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
        return typeof node.value === "string" ? node.value : null;
      case AST_NODE_TYPES.TemplateLiteral: {
        // `${__dirname}/migrations`: every field must be static too.
        let text = node.quasis[0]?.value.cooked ?? "";
        for (const [index, expression] of node.expressions.entries()) {
          const value = this.#evaluate(expression);
          if (typeof value !== "string") return null;
          text += value + (node.quasis[index + 1]?.value.cooked ?? "");
        }
        return text;
      }
      case AST_NODE_TYPES.BinaryExpression: {
        // `__dirname + "/migrations/*{.ts,.js}"`, TypeORM's habit.
        if (node.operator !== "+") return null;
        const left = this.#evaluate(node.left);
        const right = this.#evaluate(node.right);
        return typeof left === "string" && typeof right === "string" ? left + right : null;
      }
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
        return this.#evaluate(node.expression);
      case AST_NODE_TYPES.ArrayExpression: {
        // The static strings of the list; other entries (TypeORM's migration classes) name no folder.
        const items = node.elements.map((element) => (element === null || element.type === AST_NODE_TYPES.SpreadElement ? null : this.#evaluate(element)));
        const strings = items.filter((item): item is string => typeof item === "string");
        return strings.length > 0 ? strings : null;
      }
      case AST_NODE_TYPES.CallExpression:
        return this.#pathCall(node);
      default:
        return this.#isOwnFolder(node) ? this.#folder : null;
    }
  }

  /** `path.join(__dirname, "db", "migrations")`, `resolve("db", "migrate")`, `join(process.cwd(), "x")`. */
  #pathCall(node: TSESTree.CallExpression): string | null {
    const callee = node.callee;
    const name = callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : callee.type === AST_NODE_TYPES.Identifier ? callee.name : null;
    if (name !== "join" && name !== "resolve") return null;
    const parts: string[] = [];
    for (const argument of node.arguments) {
      const value = argument.type === AST_NODE_TYPES.SpreadElement ? null : this.#evaluate(argument);
      if (typeof value !== "string") return null;
      parts.push(value);
    }
    // `path.resolve("db")` resolves against the working folder, which for these tools is the config's.
    return name === "resolve" ? path.resolve(this.#folder, ...parts) : path.join(...parts);
  }

  #isOwnFolder(node: TSESTree.Node): boolean {
    if (node.type === AST_NODE_TYPES.Identifier) return node.name === "__dirname";
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      // import.meta.dirname
      return node.object.type === AST_NODE_TYPES.MetaProperty && node.property.type === AST_NODE_TYPES.Identifier && node.property.name === "dirname";
    }
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
      const { object, property } = node.callee;
      return object.type === AST_NODE_TYPES.Identifier && object.name === "process" && property.type === AST_NODE_TYPES.Identifier && property.name === "cwd";
    }
    return false;
  }
}

function propertyName(property: TSESTree.Property): string | null {
  if (property.computed) return null;
  if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return typeof property.key.value === "string" ? property.key.value : null;
}

/** The key of the object a child node belongs to: a property's value opens its key; wrappers keep it. */
function keyForChild(node: TSESTree.Node, field: string, parentKey: string | null): string | null {
  if (node.type === AST_NODE_TYPES.Property) return field === "value" ? propertyName(node) : null;
  if (node.type === AST_NODE_TYPES.ObjectExpression || node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSSatisfiesExpression) return parentKey;
  return null;
}
