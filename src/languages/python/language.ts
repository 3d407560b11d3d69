import type { File, Language, OkParseResult, ParseResult } from "@eslint/core";
import { parser } from "@lezer/python";
import type { Script } from "./ast.js";
import { convertTree } from "./convert.js";
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
    const { ast, problem } = convertTree(parser.parse(text), text);
    if (problem) {
      return failure(text, problem.offset, problem.message);
    }
    return { ok: true, ast };
  }

  createSourceCode(file: File, input: OkParseResult<Script>): PythonSourceCode {
    return new PythonSourceCode({ text: file.body as string, ast: input.ast });
  }
}

function failure(text: string, offset: number, message: string): ParseResult<Script> {
  const { line, column } = new LineIndex(text).position(offset);
  return { ok: false, errors: [{ message, line, column: column + 1 }] };
}
