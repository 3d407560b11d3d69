import type { File, Language, OkParseResult, ParseResult } from "@eslint/core";
import type { Tree } from "@lezer/common";
import { parser } from "@lezer/python";
import type { Script } from "./ast.js";
import { convertTree } from "./convert.js";
import { chainCutShort, firstErrorOffset } from "./long-chains.js";
import { findPython2, PYTHON2_NOT_SUPPORTED } from "./python2.js";
import { LineIndex } from "../line-index.js";
import type { PythonLanguageOptions } from "./language-options.js";
import { PythonSourceCode } from "./source-code.js";
import { pythonVisitorKeys } from "./visitor-keys.js";

export class PythonLanguage
  implements
    Language<{ LangOptions: PythonLanguageOptions; Code: PythonSourceCode; RootNode: Script; Node: unknown }>
{
  readonly fileType = "text";
  readonly lineStart = 1;
  readonly columnStart = 0;
  readonly nodeTypeKey = "type";
  readonly visitorKeys = pythonVisitorKeys;
  readonly defaultLanguageOptions: PythonLanguageOptions = {};

  validateLanguageOptions(languageOptions: PythonLanguageOptions): void {
    const unknown = Object.keys(languageOptions);
    if (unknown.length > 0) {
      throw new TypeError(`The Python language has no options; unexpected key "${unknown[0]}".`);
    }
  }

  parse(file: File): ParseResult<Script> {
    const text = typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
    const nul = text.indexOf("\u0000");
    if (nul !== -1) {
      // CPython refuses source with NUL bytes too; such a file is binary, not a migration.
      return failure(text, nul, "source contains a NUL byte; this looks like a binary file, not Python");
    }
    let tree: Tree;
    try {
      tree = parser.parse(lezerText(text));
    } catch (error) {
      // @lezer/common builds the tree recursively: input nested a few thousand levels deep can exhaust
      // the stack (how deep depends on the caller) before the parser's own depth limit rejects it.
      if (error instanceof RangeError) {
        return failure(text, 0, "too deeply nested to parse");
      }
      throw error;
    }
    const { ast, problem } = convertTree(tree, text);
    const python2 = findPython2(tree, text);
    if (python2 && (!problem || python2.offset <= problem.offset)) {
      return failure(text, python2.offset, `${capitalized(python2.construct)} is Python 2 syntax: ${PYTHON2_NOT_SUPPORTED}`);
    }
    if (problem) {
      const errorOffset = firstErrorOffset(tree);
      const cutShort = errorOffset === null ? null : chainCutShort(tree, errorOffset);
      const reported = cutShort && cutShort.offset <= problem.offset ? cutShort : problem;
      const note = python2 ? ` (${python2.construct} on line ${String(new LineIndex(text).position(python2.offset).line)}: ${PYTHON2_NOT_SUPPORTED})` : "";
      return failure(text, reported.offset, `${reported.message}${note}`);
    }
    return { ok: true, ast };
  }

  createSourceCode(file: File, input: OkParseResult<Script>): PythonSourceCode {
    return new PythonSourceCode({ text: file.body as string, ast: input.ast });
  }
}

function capitalized(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

function failure(text: string, offset: number, message: string): ParseResult<Script> {
  const { line, column } = new LineIndex(text).position(offset);
  return { ok: false, errors: [{ message, line, column: column + 1 }] };
}

/**
 * The text given to @lezer/python: as long as `text`, so that every offset in its tree is an offset in
 * `text`, from which the AST is built. It works around quirks of the parser:
 *
 * - After 300 or so statements separated by blank or comment-only lines, @lezer/lr's guard against
 *   deep left-recursive trees gives up with a syntax error; with CRLF every line counts, since it
 *   reads the LF as a blank line after the CR. So the line break before such a line becomes spaces
 *   (Python ignores these lines; not after a backslash, which joins them to the line before) and CRLF
 *   becomes ` \n`; convert.ts splits joined comments again.
 * - After a backslash it takes only `\n` as a line break, so `"a\<CRLF>b"` would end the string at
 *   the LF; the backslash moves one place right, onto the LF. An even run of backslashes is escaped
 *   backslashes, not a continuation.
 * - A form feed, whitespace to Python, makes a blank line a syntax error; there it becomes a space.
 */
function lezerText(text: string): string {
  return text
    .replace(/(?<!\\)((?:\\\\)*)\\\r\n/gu, "$1 \\\n")
    .replace(/(?<!\\)(?:\r\n|[\r\n])(?=[ \t\f]*(?:#[^\r\n]*)?[\r\n])/gu, (lineBreak) => " ".repeat(lineBreak.length))
    .replaceAll("\r\n", " \n")
    .replace(/(?<=^|[\r\n])[ \t]*\f[ \t\f]*(?=[\r\n]|$)/gu, (blank) => blank.replaceAll("\f", " "));
}
