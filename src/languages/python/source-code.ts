import { TreeSourceCode } from "../tree-source-code.js";
import type { Comment, PyNode, Script } from "./ast.js";
import type { PythonLanguageOptions } from "./language-options.js";

export class PythonSourceCode extends TreeSourceCode<PythonLanguageOptions, Script, PyNode, Comment> {
  constructor({ text, ast }: { text: string; ast: Script }) {
    super({ text, ast, comments: ast.comments });
  }
}
