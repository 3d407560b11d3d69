import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { TYPED_FIXTURE_DIR } from "./typed-rule-tester.js";

/**
 * Type-checks a typed test's code with the real compiler, as the fixture's tsconfig.json sets it
 * up but with `checkJs` on, so that the JavaScript fixtures are judged too. The program is built
 * again from the previous one, which keeps the unchanged files (hooks.ts, React's types) parsed.
 */
export function createFixtureChecker(): (fileName: string, code: string) => string[] {
  const configFile = ts.readConfigFile(path.join(TYPED_FIXTURE_DIR, "tsconfig.json"), (file) => fs.readFileSync(file, "utf8"));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, TYPED_FIXTURE_DIR);
  const options = { ...parsed.options, checkJs: true };
  const host = ts.createCompilerHost(options);
  const readSourceFile = host.getSourceFile.bind(host);
  // The unchanged files are parsed once: a program reuses only the very SourceFile objects it had.
  const parsedFiles = new Map<string, ts.SourceFile | undefined>();
  let current: { fileName: string; code: string } = { fileName: "", code: "" };
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    if (path.resolve(name) === current.fileName) {
      return ts.createSourceFile(name, current.code, languageVersion, true);
    }
    if (!parsedFiles.has(name)) {
      parsedFiles.set(name, readSourceFile(name, languageVersion, onError, shouldCreate));
    }
    return parsedFiles.get(name);
  };
  let previous: ts.Program | undefined;
  return (fileName, code) => {
    current = { fileName, code };
    const program = ts.createProgram(parsed.fileNames, options, host, previous);
    previous = program;
    const sourceFile = program.getSourceFile(fileName);
    if (sourceFile === undefined) {
      throw new Error(`${fileName} is not in the fixture's program`);
    }
    return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map(
      (diagnostic) => `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`,
    );
  };
}

/** The identifiers and literals of a text, each as often as it occurs: the data a call carries. */
export function dataTokens(code: string): string[] {
  const tokens: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      tokens.push(node.text);
    } else if (ts.isStringLiteral(node) || ts.isNumericLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) {
      tokens.push(JSON.stringify(node.text));
    } else if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword) {
      tokens.push(node.getText());
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile("code.tsx", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX));
  return tokens;
}

/** What `before` has that `after` lacks, counting repeats: `missing(["a", "a"], ["a"])` is `["a"]`. */
export function missing(before: readonly string[], after: readonly string[]): string[] {
  const left = [...after];
  return before.filter((item) => {
    const index = left.indexOf(item);
    if (index === -1) {
      return true;
    }
    left.splice(index, 1);
    return false;
  });
}
