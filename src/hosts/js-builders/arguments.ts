import type { CallExpression } from "estree";
import type { Edit } from "../../operations.js";

/**
 * An edit that appends `value` as the call's last argument, in the call's own layout: after the
 * last argument on one line (`f(a, b)` → `f(a, b, value)`), or on a line of its own when the
 * arguments end on separate lines, keeping a trailing comma if the call has one. `null` for a call
 * without arguments or without source ranges.
 */
export function appendArgument(text: string, call: CallExpression, value: string): Edit | null {
  const last = call.arguments.at(-1);
  if (!last?.range || !call.range) {
    return null;
  }
  const lastEnd = last.range[1];
  // The call's `)` is its last character; what lies between holds the layout.
  const between = text.slice(lastEnd, call.range[1] - 1);
  if (!between.includes("\n")) {
    return { range: [lastEnd, lastEnd], text: `, ${value}` };
  }
  const lineStart = text.lastIndexOf("\n", last.range[0] - 1) + 1;
  const indentation = /^[ \t]*/.exec(text.slice(lineStart, last.range[0]))?.[0] ?? "";
  const lineBreak = text.includes("\r\n") ? "\r\n" : "\n";
  const comma = /^\s*,/.exec(between);
  return comma
    ? { range: [lastEnd + comma[0].length, lastEnd + comma[0].length], text: `${lineBreak}${indentation}${value},` }
    : { range: [lastEnd, lastEnd], text: `,${lineBreak}${indentation}${value}` };
}
