import type { MigrationOperation } from "../operations.js";
import { PythonSourceCode } from "../languages/python/source-code.js";
import { extractAlembicOperations } from "./alembic/extract.js";

const cache = new WeakMap<object, readonly MigrationOperation[]>();

/**
 * The migration operations of a file, extracted once per SourceCode and shared by every rule that
 * asks for them.
 */
export function migrationOperations(sourceCode: object): readonly MigrationOperation[] {
  const cached = cache.get(sourceCode);
  if (cached) {
    return cached;
  }
  const operations = sourceCode instanceof PythonSourceCode
    ? extractAlembicOperations(sourceCode.text, sourceCode.ast)
    : [];
  cache.set(sourceCode, operations);
  return operations;
}
