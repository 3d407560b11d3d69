import type { Node } from "estree";
import { children, isIdentifier, keyName } from "./estree.js";
import { type FunctionNode, isFunction } from "./migration-functions.js";

/**
 * How a migration runs an expression's value: as a statement of its own (`pgm.createTable(…);`),
 * or by waiting for it (`await x`, `return x`, `x.then(…)`, an element of `Promise.all([…])`).
 */
export type RunKind = "statement" | "awaited";

/** Methods that run the promise or builder they are called on. */
const CHAINED_RUNNERS = new Set(["then", "catch", "finally", "asCallback", "transacting", "timeout", "debug", "options", "connection"]);

/** Methods whose callbacks' results are run: a promise chain's, a transaction's, a loop's. */
const CALLBACK_RUNNERS = new Set(["then", "catch", "finally", "transaction", "forEach", "reduce", "each", "mapSeries"]);

/** Methods whose callbacks' results are run only if the list they build is: `Promise.all(names.map(…))`. */
const LIST_BUILDERS = new Set(["map", "flatMap"]);

/** `Promise.all([…])` and its siblings wait for every element of their array. */
const PROMISE_COMBINATORS = new Set(["all", "allSettled", "race", "any"]);

/**
 * The expressions in a migration function whose value runs. A knex builder (`knex.raw(…)`,
 * `knex.schema.…`) only reaches the database when it is awaited, returned or `.then`ed; elsewhere
 * (`table.uuid("id").defaultTo(knex.raw("gen_random_uuid()"))`, an argument, a property value) it
 * is a fragment of another query. Callbacks given to an unknown call (a builder's) do not run their
 * results; callbacks of `.then`, `.transaction`, `.map` and friends do.
 */
export function runExpressions(fn: FunctionNode): ReadonlyMap<Node, RunKind> {
  let runs = cache.get(fn);
  if (!runs) {
    runs = findRuns(fn);
    cache.set(fn, runs);
  }
  return runs;
}

// The builder adapters, the SQL sinks and the tool decision all ask about the same functions.
const cache = new WeakMap<FunctionNode, ReadonlyMap<Node, RunKind>>();

function findRuns(fn: FunctionNode): ReadonlyMap<Node, RunKind> {
  const runs = new Map<Node, RunKind>();
  const mark = (node: Node, kind: RunKind): void => {
    runs.set(node, runs.get(node) === "awaited" ? "awaited" : kind);
    switch (node.type) {
      case "ConditionalExpression":
        mark(node.consequent, kind);
        mark(node.alternate, kind);
        return;
      case "LogicalExpression":
        mark(node.left, kind);
        mark(node.right, kind);
        return;
      case "SequenceExpression": {
        const last = node.expressions.at(-1);
        if (last) {
          mark(last, kind);
        }
        return;
      }
      case "AwaitExpression":
        mark(node.argument, "awaited");
        return;
      case "UnaryExpression":
        if (node.operator === "void") {
          mark(node.argument, kind);
        }
        return;
      case "CallExpression": {
        const { callee } = node;
        if (callee.type !== "MemberExpression" || callee.computed || callee.object.type === "Super") {
          return;
        }
        const method = keyName(callee.property) ?? "";
        if (CHAINED_RUNNERS.has(method)) {
          mark(callee.object, "awaited");
        } else if (isIdentifier(callee.object, "Promise") && PROMISE_COMBINATORS.has(method)) {
          const [list] = node.arguments;
          const elements = list?.type === "ArrayExpression" ? list.elements : list && list.type !== "SpreadElement" ? [list] : [];
          for (const element of elements) {
            if (element && element.type !== "SpreadElement") {
              mark(element, "awaited");
            }
          }
        }
        return;
      }
      default: {
        // TypeScript's `x as T`, `x!` and `x satisfies T` wrap the expression that runs.
        const inner = (node as { expression?: Node }).expression;
        if (/^TS(?:As|NonNull|Satisfies)Expression$/u.test(node.type) && inner) {
          mark(inner, kind);
        }
      }
    }
  };

  const visit = (node: Node, running: boolean): void => {
    if (node.type === "ExpressionStatement") {
      mark(node.expression, "statement");
    } else if (node.type === "AwaitExpression") {
      mark(node.argument, "awaited");
    } else if (node.type === "ReturnStatement" && node.argument && running) {
      mark(node.argument, "awaited");
    }
    for (const child of children(node)) {
      if (isFunction(child)) {
        const callbackOf = node.type === "CallExpression" && node.arguments.includes(child as never) ? node : null;
        const runsResult = callbackOf === null || runsCallbacks(callbackOf, runs);
        if (child.body.type !== "BlockStatement" && runsResult) {
          mark(child.body, "awaited");
        }
        visit(child.body, runsResult);
      } else {
        visit(child, running);
      }
    }
  };
  if (fn.body.type !== "BlockStatement") {
    mark(fn.body, "awaited");
  }
  visit(fn.body, true);
  return runs;
}

/** Whether `call` runs what its callbacks return; its own marks are known, as ancestors are visited first. */
function runsCallbacks(call: Node, runs: ReadonlyMap<Node, RunKind>): boolean {
  if (call.type !== "CallExpression" || call.callee.type !== "MemberExpression" || call.callee.computed) {
    return false;
  }
  const method = keyName(call.callee.property) ?? "";
  return CALLBACK_RUNNERS.has(method) || (LIST_BUILDERS.has(method) && runs.has(call));
}
