import type { CallExpression, KeywordArgument, PyNode } from "./ast.js";
import { isNodeType } from "./ast.js";

export interface CallArguments {
  positional: PyNode[];
  keywords: Map<string, KeywordArgument>;
  /** `*args` or `**kwargs` present: arguments cannot be matched to parameters with certainty. */
  hasUnpacking: boolean;
}

export function readCallArguments(call: CallExpression): CallArguments {
  const positional: PyNode[] = [];
  const keywords = new Map<string, KeywordArgument>();
  let hasUnpacking = false;
  for (const argument of call.argList.children) {
    if (isNodeType(argument, "KeywordArgument")) {
      keywords.set(argument.name.name, argument);
    } else if (argument.type === "StarArgument" || argument.type === "DoubleStarArgument") {
      hasUnpacking = true;
    } else {
      positional.push(argument);
    }
  }
  return { positional, keywords, hasUnpacking };
}

/** The argument bound to parameter `name`, given the function's positional parameter names. */
export function argumentFor(args: CallArguments, parameters: readonly string[], name: string): PyNode | null {
  const keyword = args.keywords.get(name);
  if (keyword) {
    return keyword.value;
  }
  const index = parameters.indexOf(name);
  return index === -1 ? null : (args.positional[index] ?? null);
}
