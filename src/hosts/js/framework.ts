import type { Node, Program } from "estree";
import { descendants, isIdentifier, keyName } from "./estree.js";
import type { Migration } from "./migration-functions.js";
import { runExpressions } from "./runs.js";

/**
 * The tools whose migration functions call builders on their first parameter: `pgm.createTable(…)`
 * and `queryInterface.createTable(…)` look alike but mean different things (node-pg-migrate's is
 * unguarded, Sequelize's emits IF NOT EXISTS), and both share method names with each other.
 */
export type ParamBuilder = "node-pg-migrate" | "Sequelize";

/** Packages a migration file imports (or names in a JSDoc `import("…")` type) and the tool each belongs to. */
const PACKAGES: readonly { pattern: RegExp; tool: ParamBuilder | "other" }[] = [
  { pattern: /^(?:sequelize|sequelize-typescript|sequelize-cli|@sequelize\/core)$/u, tool: "Sequelize" },
  { pattern: /^node-pg-migrate(?:\/|$)/u, tool: "node-pg-migrate" },
  // A file that imports another tool's package is that tool's, so neither builder vocabulary applies.
  { pattern: /^(?:knex|kysely|typeorm|db-migrate|@mikro-orm\/.+)$/u, tool: "other" },
];

/** Types of the API parameter, written as TypeScript annotations. */
const PARAM_TYPES: Record<string, ParamBuilder | "other"> = {
  MigrationBuilder: "node-pg-migrate",
  QueryInterface: "Sequelize",
  Knex: "other",
  Kysely: "other",
  QueryRunner: "other",
};

/** Methods only one of the two APIs has (node-pg-migrate's aliases included). */
const ONLY: Record<ParamBuilder, ReadonlySet<string>> = {
  "node-pg-migrate": new Set([
    "sql", "func", "noTransaction", "createIndex", "addColumns", "dropColumns", "alterColumn", "createType", "addType", "dropType",
    "addTypeValue", "createExtension", "addExtension", "dropExtension", "createSchema", "dropSchema", "createFunction", "dropFunction",
    "createTrigger", "dropTrigger", "createView", "dropView", "createMaterializedView", "createPolicy", "createConstraint",
    "renameConstraint", "createSequence", "dropSequence", "createDomain", "createRole", "db",
  ]),
  Sequelize: new Set([
    "removeIndex", "removeColumn", "changeColumn", "removeConstraint", "bulkInsert", "bulkDelete", "bulkUpdate", "describeTable",
    "showAllTables", "showIndex", "getForeignKeyReferencesForTable", "sequelize", "upsert", "insert", "rawSelect",
  ]),
};

/** Column attributes in the column maps each API takes (`notNull` vs `allowNull`). */
const COLUMN_ATTRIBUTES: Record<ParamBuilder, ReadonlySet<string>> = {
  "node-pg-migrate": new Set(["notNull", "default", "deferrable", "sequenceGenerated", "expressionGenerated"]),
  Sequelize: new Set(["allowNull", "defaultValue", "autoIncrement", "autoIncrementIdentity", "field"]),
};

/**
 * Whether a function migration's first parameter is node-pg-migrate's `pgm` or Sequelize's
 * `queryInterface`; `null` when the file does not say (another tool's, or too little to tell).
 * Decided by, in order: the packages the file imports (and JSDoc `import("…")` types), the type
 * annotation of the parameter, then the weight of what the functions do with their parameters.
 * A method name counts as one clue among others, so that an alias one API shares with the other
 * (`pgm.addIndex`) does not decide alone.
 */
export function paramBuilder(program: Program, migrations: readonly Migration[]): ParamBuilder | null {
  const declared = new Set([...importedPackages(program), ...migrations.flatMap(({ fn }) => paramTypes(fn.params[0]))]);
  const named = [...declared].filter((tool): tool is ParamBuilder => tool !== "other");
  if (named.length === 1) {
    return named[0] ?? null;
  }
  if (declared.size > 0) {
    return null;
  }
  const score = { "node-pg-migrate": 0, Sequelize: 0 };
  for (const migration of migrations) {
    if (migration.inClass || migration.param === null) {
      continue;
    }
    for (const [tool, weight] of clues(migration, migration.param)) {
      score[tool] += weight;
    }
  }
  if (score.Sequelize === score["node-pg-migrate"]) {
    return null;
  }
  return score.Sequelize > score["node-pg-migrate"] ? "Sequelize" : "node-pg-migrate";
}

/** What one function does with its parameters, as weighted votes. */
function* clues(migration: Migration, param: string): Generator<[ParamBuilder, number]> {
  const { fn } = migration;
  const second = fn.params[1];
  const dataTypes = second?.type === "Identifier" ? second.name : null;
  // A promise returned or awaited is how Sequelize's calls run; node-pg-migrate's return nothing and queue SQL.
  const runs = runExpressions(fn);
  // The conventional names are a weak clue: anyone may call a parameter anything.
  if (param === "pgm") {
    yield ["node-pg-migrate", 1];
  } else if (/^(?:queryInterface|qi)$/iu.test(param)) {
    yield ["Sequelize", 1];
  }
  if (dataTypes !== null && /^(?:Sequelize|DataTypes)$/u.test(dataTypes)) {
    yield ["Sequelize", 1];
  }
  for (const node of descendants(fn.body)) {
    if (node.type === "MemberExpression" && !node.computed && dataTypes !== null && isIdentifier(node.object, dataTypes)) {
      // `Sequelize.STRING`, `DataTypes.INTEGER(11)`, `Sequelize.literal(…)`: the second parameter is Sequelize's.
      yield ["Sequelize", 3];
    } else if (node.type === "Property" && !node.computed) {
      const key = keyName(node.key) ?? "";
      for (const tool of ["node-pg-migrate", "Sequelize"] as const) {
        if (COLUMN_ATTRIBUTES[tool].has(key)) {
          yield [tool, 1];
        }
      }
    } else if (node.type === "MemberExpression" && !node.computed && isIdentifier(node.object, param)) {
      const method = keyName(node.property) ?? "";
      for (const tool of ["node-pg-migrate", "Sequelize"] as const) {
        if (ONLY[tool].has(method)) {
          yield [tool, 2];
        }
      }
    } else if (node.type === "CallExpression" && isParamCall(node, param) && node !== fn.body) {
      // `(pgm) => pgm.createTable(…)` and `(queryInterface) => queryInterface.createTable(…)` are both common.
      yield runs.get(node) === "awaited" ? ["Sequelize", 1] : ["node-pg-migrate", 1];
    }
  }
}

/** `param.method(…)`. */
function isParamCall(node: Node, param: string): boolean {
  return node.type === "CallExpression" && node.callee.type === "MemberExpression" && !node.callee.computed && isIdentifier(node.callee.object, param);
}

/** The tools of the packages a file imports, requires, or names in a JSDoc `import("…")` type. */
function importedPackages(program: Program): (ParamBuilder | "other")[] {
  const sources: string[] = [];
  for (const node of descendants(program)) {
    if (node.type === "ImportDeclaration" && typeof node.source.value === "string") {
      sources.push(node.source.value);
    } else if (node.type === "CallExpression" && isIdentifier(node.callee, "require") && node.arguments[0]?.type === "Literal") {
      const { value } = node.arguments[0];
      if (typeof value === "string") {
        sources.push(value);
      }
    }
  }
  // typescript-eslint keeps `import x = require("…")` as its own node type, outside ESTree's.
  for (const statement of program.body as readonly { type: string; moduleReference?: { expression?: { value?: unknown } } }[]) {
    const value = statement.type === "TSImportEqualsDeclaration" ? statement.moduleReference?.expression?.value : undefined;
    if (typeof value === "string") {
      sources.push(value);
    }
  }
  for (const comment of program.comments ?? []) {
    for (const match of comment.value.matchAll(/import\(\s*["']([^"']+)["']\s*\)/gu)) {
      sources.push(match[1] ?? "");
    }
  }
  return sources.flatMap((source) => PACKAGES.filter(({ pattern }) => pattern.test(source)).map(({ tool }) => tool));
}

/** typescript-eslint's type annotation nodes, outside ESTree's types: only what is read here. */
interface TypeName {
  type: string;
  name?: string;
  left?: TypeName;
  right?: TypeName;
}

/** The tool a parameter's type annotation names: `(pgm: MigrationBuilder)`, `(db: Kysely<any>)`. */
function paramTypes(param: Node | undefined): (ParamBuilder | "other")[] {
  const annotation = (param as { typeAnnotation?: { typeAnnotation?: { type: string; typeName?: TypeName } } } | undefined)?.typeAnnotation?.typeAnnotation;
  const typeName = annotation?.type === "TSTypeReference" ? annotation.typeName : undefined;
  // `Knex.Transaction`, `Sequelize.QueryInterface`: the namespace or the type names the tool.
  const names = typeName?.type === "TSQualifiedName" ? [typeName.left?.name, typeName.right?.name] : [typeName?.name];
  return names.flatMap((name) => {
    const tool = name !== undefined && Object.hasOwn(PARAM_TYPES, name) ? PARAM_TYPES[name] : undefined;
    return tool ? [tool] : [];
  });
}
