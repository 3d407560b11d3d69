import type { Edit } from "../../operations.js";
import type { ArgList, PyNode } from "./ast.js";

/**
 * Edits that append `name=value` to a call's arguments the way the call is already written:
 *
 * - on one line, or when the last argument shares its line with `)`: `…, last, name=value)`;
 * - one argument per line: a new line with the last argument's indentation, keeping (or adding) the
 *   comma after the last argument and a trailing comma when the call already had one.
 *
 * Returns `null` for a generator argument (`f(x for x in y)`), which takes no other argument. After
 * `**kwargs` the edit is valid Python, but the caller must decide whether it is safe.
 */
export function appendKeywordArgument(
  text: string,
  argList: ArgList,
  name: string,
  valueText: string,
): Edit[] | null {
  const args = argList.children;
  const argument = `${name}=${valueText}`;
  if (argList.generator) {
    return null;
  }
  const last = args.at(-1);
  const closeParen = argList.range[1] - 1;
  if (!last) {
    return [{ range: [argList.range[0] + 1, closeParen], text: argument }];
  }
  const trailingComma = argList.commas.find((comma) => comma >= last.range[1]) ?? null;
  const lastLineEnd = endOfLine(text, last.range[1]);
  const closesOnLastLine = lastLineEnd >= closeParen;
  if (closesOnLastLine) {
    return [{ range: [last.range[1], last.range[1]], text: `, ${argument}` }];
  }
  const lineBreak = lineBreakAt(text, lastLineEnd);
  const indent = indentationOf(text, startingArgument(text, args));
  if (trailingComma !== null) {
    const commaLineEnd = endOfLine(text, trailingComma);
    return [{ range: [commaLineEnd, commaLineEnd], text: `${lineBreak}${indent}${argument},` }];
  }
  return [
    { range: [last.range[1], last.range[1]], text: "," },
    { range: [lastLineEnd, lastLineEnd], text: `${lineBreak}${indent}${argument}` },
  ];
}

/** Offset of the line break (or end of text) after `offset`; a comment on that line stays before it. */
function endOfLine(text: string, offset: number): number {
  const match = /\r\n|[\r\n]/u.exec(text.slice(offset));
  return match ? offset + match.index : text.length;
}

function lineBreakAt(text: string, offset: number): string {
  return text.startsWith("\r\n", offset) ? "\r\n" : (text[offset] ?? "\n");
}

function lineStartOf(text: string, offset: number): number {
  let index = offset;
  while (index > 0 && text[index - 1] !== "\n" && text[index - 1] !== "\r") {
    index--;
  }
  return index;
}

/** The last argument that begins its own line decides the indentation; tabs are kept as they are. */
function startingArgument(text: string, args: PyNode[]): number {
  for (let index = args.length - 1; index >= 0; index--) {
    const start = (args[index] as PyNode).range[0];
    if (text.slice(lineStartOf(text, start), start).trim() === "") {
      return start;
    }
  }
  return (args[0] as PyNode).range[0];
}

/** Whitespace that lines a new line up under `offset`: the indentation itself, tabs kept as tabs. */
function indentationOf(text: string, offset: number): string {
  return text.slice(lineStartOf(text, offset), offset).replace(/[^\t]/gu, " ");
}
