import type ts from "typescript";
import { typescript } from "./compiler.js";

/**
 * Whether TypeScript itself reports an error for this call, from the file's semantic diagnostics
 * (the file is type-checked once, then TypeScript keeps its diagnostics). null where TypeScript
 * checks nothing: a JavaScript file without `checkJs`.
 *
 * An error counts when it lies in the call and not inside a nested call or function body among
 * the arguments, whose own errors are not this call's; an error spanning a whole nested call is
 * this call's argument error.
 */
export function typeScriptReportsCall(program: ts.Program, call: ts.CallExpression): boolean | null {
  const ts = typescript();
  const file = call.getSourceFile();
  if ((file.flags & ts.NodeFlags.JavaScriptFile) !== 0 && program.getCompilerOptions().checkJs !== true) {
    return null;
  }
  const start = call.getStart(file);
  const nested = nestedRanges(call, file);
  return program.getSemanticDiagnostics(file).some((diagnostic) => {
    if (diagnostic.category !== ts.DiagnosticCategory.Error || diagnostic.start === undefined) {
      return false;
    }
    const from = diagnostic.start;
    const to = from + (diagnostic.length ?? 0);
    return (
      from >= start &&
      from < call.end &&
      !nested.some((range) => from >= range.start && to <= range.end && !(from === range.start && to === range.end && range.wholeArgument))
    );
  });
}

function nestedRanges(call: ts.CallExpression, file: ts.SourceFile): { start: number; end: number; wholeArgument: boolean }[] {
  const ts = typescript();
  const ranges: { start: number; end: number; wholeArgument: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) {
      ranges.push({ start: node.getStart(file), end: node.end, wholeArgument: true });
      return;
    }
    if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
      ranges.push({ start: node.body.getStart(file), end: node.body.end, wholeArgument: false });
      return;
    }
    ts.forEachChild(node, visit);
  };
  call.arguments.forEach(visit);
  return ranges;
}
