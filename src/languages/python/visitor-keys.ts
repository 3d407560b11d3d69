import { parser } from "@lezer/python";

const SYNTHESISED = ["KeywordArgument", "StarArgument", "DoubleStarArgument", "WithItem"];

/** Every node keeps its children under `children`, whatever its type. */
export const pythonVisitorKeys: Record<string, string[]> = Object.fromEntries(
  [...parser.nodeSet.types.map((type) => type.name).filter((name) => /^[A-Z]/u.test(name)), ...SYNTHESISED]
    .filter((name) => name !== "Comment")
    .map((name) => [name, ["children"]]),
);
