import { parse as parseTs } from "@typescript-eslint/parser";
import * as espree from "espree";
import type { Program } from "estree";
import { expect } from "vitest";
import { extractJsBuilderOperations } from "../../../src/hosts/js-builders/extract.js";
import type { Edit, Guard, GuardState, MigrationOperation } from "../../../src/operations.js";

function locate(text: string) {
  return (offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    return { line, column: offset - (before.lastIndexOf("\n") + 1) };
  };
}

// Both parsers produce ESTree; their own node types only widen it with TypeScript nodes. Comments are
// kept, as ESLint keeps them.
export function extract(text: string, parser: "espree" | "typescript" = "espree"): MigrationOperation[] {
  const ast =
    parser === "espree"
      ? espree.parse(text, { ecmaVersion: "latest", sourceType: "module", range: true, loc: true, comment: true })
      : parseTs(text, { range: true, loc: true, comment: true });
  return extractJsBuilderOperations(text, ast as unknown as Program, locate(text));
}

export function single(text: string, parser: "espree" | "typescript" = "espree"): MigrationOperation {
  const found = extract(text, parser);
  expect(found).toHaveLength(1);
  return found[0] as MigrationOperation;
}

export function current(operation: MigrationOperation): GuardState {
  if (operation.guard.kind !== "option") {
    throw new Error(`expected an option guard, got ${operation.guard.kind}`);
  }
  return operation.guard.current;
}

export function advice(guard: Guard): string {
  if (guard.kind !== "none") {
    throw new Error(`expected no guard, got ${guard.kind}`);
  }
  return guard.advice;
}

export function apply(text: string, edits: readonly Edit[] | null | undefined): string {
  if (!edits) {
    throw new Error("expected edits");
  }
  return [...edits].sort((a, b) => b.range[0] - a.range[0]).reduce((out, e) => out.slice(0, e.range[0]) + e.text + out.slice(e.range[1]), text);
}

/** The source after the guard's fix, checked to be guarded on a second read. */
export function fixed(text: string, parser: "espree" | "typescript" = "espree"): string {
  const state = current(single(text, parser));
  if (state.state !== "missing") {
    throw new Error(`expected a missing guard, got ${state.state}`);
  }
  expect(state.certain).toBe(true);
  const after = apply(text, state.add);
  expect(current(single(after, parser)).state).toBe("enabled");
  return after;
}
