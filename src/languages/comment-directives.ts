import type { FileProblem, RulesConfig, SourceLocation } from "@eslint/core";
import { ConfigCommentParser, Directive } from "@eslint/plugin-kit";

/**
 * Inline ESLint directives written in a language's own comments (`# eslint-disable-next-line …` in
 * Python, `-- eslint-disable-next-line …` in SQL). ESLint only needs the comment's text after the
 * comment marker; everything else is shared between languages.
 */
export interface DirectiveComment {
  value: string;
  range: [number, number];
  loc: SourceLocation;
}

const commentParser = new ConfigCommentParser();
const DIRECTIVE_START = /^\s*eslint(?:-enable|-disable(?:(?:-next)?-line)?)?(?:\s|$)/u;

export function isDirectiveComment(comment: DirectiveComment): boolean {
  return DIRECTIVE_START.test(comment.value);
}

export function readDisableDirectives(
  comments: DirectiveComment[],
): { directives: Directive[]; problems: FileProblem[] } {
  const directives: Directive[] = [];
  const problems: FileProblem[] = [];
  for (const comment of comments) {
    const parsed = commentParser.parseDirective(comment.value);
    if (!parsed) {
      continue;
    }
    const { label, value, justification } = parsed;
    if (label === "eslint-disable-line" && comment.loc.start.line !== comment.loc.end.line) {
      problems.push({
        ruleId: null,
        message: `${label} comment should not span multiple lines.`,
        loc: comment.loc,
      });
      continue;
    }
    switch (label) {
      case "eslint-disable":
      case "eslint-enable":
      case "eslint-disable-next-line":
      case "eslint-disable-line":
        directives.push(
          new Directive({
            type: label.slice("eslint-".length) as "disable" | "enable" | "disable-next-line" | "disable-line",
            node: comment,
            value,
            justification,
          }),
        );
        break;
      default:
        break;
    }
  }
  return { directives, problems };
}

export function readInlineConfigs(
  comments: DirectiveComment[],
): { configs: { config: { rules: RulesConfig }; loc: SourceLocation }[]; problems: FileProblem[] } {
  const configs: { config: { rules: RulesConfig }; loc: SourceLocation }[] = [];
  const problems: FileProblem[] = [];
  for (const comment of comments) {
    const parsed = commentParser.parseDirective(comment.value);
    if (parsed?.label !== "eslint") {
      continue;
    }
    const result = commentParser.parseJSONLikeConfig(parsed.value);
    if (result.ok) {
      configs.push({ config: { rules: result.config }, loc: comment.loc });
    } else {
      problems.push({ ruleId: null, message: result.error.message, loc: comment.loc });
    }
  }
  return { configs, problems };
}
