import { TreeSourceCode } from "../tree-source-code.js";
import type { SqlCommentNode, SqlNode, SqlScript } from "./ast.js";
import type { SqlLanguageOptions } from "./language-options.js";

export class SqlSourceCode extends TreeSourceCode<SqlLanguageOptions, SqlScript, SqlNode, SqlCommentNode> {
  /** `comments` are `--` and `/* *\/` comments in source order, including the migration tools' marker comments. */
  constructor({ text, ast }: { text: string; ast: SqlScript }) {
    super({ text, ast, comments: ast.comments });
  }
}
