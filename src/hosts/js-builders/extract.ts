import type { CallExpression, Program } from "estree";
import type { MigrationOperation } from "../../operations.js";
import { descendants, isIdentifier, keyName } from "../js/estree.js";
import { paramBuilder } from "../js/framework.js";
import { migrationFunctions } from "../js/migration-functions.js";
import { runExpressions } from "../js/runs.js";
import { isDbMigrate, readDbMigrate } from "./db-migrate.js";
import { isKnexChain, readKnex } from "./knex.js";
import { readKysely } from "./kysely.js";
import { type Found, indexTarget, readPgm, withConcurrentDrops } from "./node-pg-migrate.js";
import { readSequelize } from "./sequelize.js";
import { chainOf, type Context, isMethodCall, type Locate, noteContext } from "./support.js";
import { readTypeorm } from "./typeorm.js";

/**
 * Schema operations that node-pg-migrate (`pgm.createIndex(...)`), Kysely
 * (`db.schema.createTable(...)...execute()`), knex (`knex.schema.dropTable(...)`), TypeORM
 * (`queryRunner.createTable(...)`), Sequelize (`queryInterface.addIndex(...)`) and db-migrate
 * (`db.createTable(...)`) builders perform inside a migration's `up`/`down`, in source order. The
 * API object is the migration function's first parameter, whatever its name; whether calls on it
 * are node-pg-migrate's or Sequelize's is decided once for the file (see paramBuilder), and each
 * framework's module reads its own calls.
 */
export function extractJsBuilderOperations(text: string, program: Program, locate: Locate): MigrationOperation[] {
  const found: Found[] = [];
  const migrations = migrationFunctions(program);
  const dbMigrate = isDbMigrate(program, migrations);
  const builder = dbMigrate ? null : paramBuilder(program, migrations);
  for (const migration of migrations) {
    const param = migration.param;
    if (param === null) {
      continue;
    }
    const calls: CallExpression[] = [];
    const context: Context = { text, param, locate, runs: runExpressions(migration.fn), awaitedStatements: new Map(), checkedBlocks: [] };
    for (const node of descendants(migration.fn.body)) {
      noteContext(node, context);
      if (node.type === "CallExpression") {
        calls.push(node);
      }
    }
    // Class methods are TypeORM's, whose builders take guards as positional flags.
    if (migration.inClass) {
      for (const call of calls) {
        const operation = readTypeorm(call, context);
        if (operation) {
          found.push({ operation, index: null });
        }
      }
      continue;
    }
    if (dbMigrate) {
      for (const call of calls) {
        const operation = readDbMigrate(call, context);
        if (operation) {
          found.push({ operation, index: null });
        }
      }
      continue;
    }
    // node-pg-migrate queues its SQL, so a `noTransaction()` anywhere in the function covers every call.
    const autocommit = calls.some((call) => isMethodCall(call, param, "noTransaction"));
    const inChain = new Set<CallExpression>();
    for (const call of calls) {
      if (inChain.has(call)) {
        continue;
      }
      const chain = chainOf(call);
      for (const link of chain.links) {
        inChain.add(link.call);
      }
      const root = chain.root;
      if (root.type === "Identifier" && root.name === param) {
        // Without a decided tool, a call on the parameter means nothing certain: no finding beats a wrong one.
        const link = chain.links[0];
        const operation =
          builder === "Sequelize" ? readSequelize(link, context) : builder === "node-pg-migrate" ? readPgm(text, link, param, autocommit, locate) : null;
        if (operation) {
          found.push({ operation, index: indexTarget(text, operation.kind, chain.links[0]?.call) });
        }
      } else if (root.type === "MemberExpression" && !root.computed && isIdentifier(root.object, param) && keyName(root.property) === "schema") {
        const operations = isKnexChain(chain.links, call, context) ? readKnex(chain.links, context) : readKysely(chain.links, param, locate);
        for (const operation of operations) {
          found.push({ operation, index: null });
        }
      }
    }
  }
  found.sort((a, b) => a.operation.span.range[0] - b.operation.span.range[0]);
  return withConcurrentDrops(found);
}
