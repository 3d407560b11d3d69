/**
 * Go `text/template` actions in a `.sql` migration. gobuffalo/pop (and ory's popx, which supabase's
 * auth server and ory's Kratos and Hydra run their migrations with) executes every SQL migration as
 * a template before sending it, with the connection details as data:
 * `alter table {{ index .Options "Namespace" }}.sessions add column aal text;`. The template runs
 * before any SQL is read, so an action is found in the raw text, also inside quotes
 * (`"{{ index .Options "Namespace" }}".identities`).
 *
 * Each action becomes a text of its length that the SQL core parses (the design's placeholder
 * mechanism): a value action a name, a control action (`if`, `else`, `end`, `range`, …) and a
 * comment spaces. Both branches of an `if` are then read, which is what a reviewer reads.
 */
import type { Range } from "./types.js";

/**
 * Starts a value action's stand-in: a letter PostgreSQL, MySQL and SQLite accept in a name, outside
 * ASCII so that no SQL spells it, and not psql's mark (psql.ts).
 */
export const TEMPLATE_MARK = "ǀ";

export interface GoTemplate {
  /** The text with every action replaced by its stand-in; the same length as the text. */
  sql: string;
  /** Each action's range in the text. */
  actions: Range[];
  /** What each value action was written as, by the number in its stand-in. */
  spellings: string[];
}

/**
 * `{{` … `}}` with Go's trim markers, whose inside holds no `{`, `}` or line break outside a quoted
 * string (a comment may span lines). PostgreSQL's array literals (`'{{1,2},{3,4}}'`) fail the
 * reading of the inside below.
 */
const ACTION = /\{\{(?:-[ \t\r\n])?(\/\*[\s\S]*?\*\/|(?:[^{}"`\r\n]|"(?:[^"\\\r\n]|\\.)*"|`[^`]*`)+?)(?:[ \t\r\n]-)?\}\}/gu;
const CONTROL = /^(?:if|else|end|range|with|define|block|break|continue)(?![\w.])/u;
/** A value: a field or variable (`.Options`, `$x`), a parenthesised pipeline, or a function with arguments (`index .Options "Namespace"`). */
const VALUE = /^(?:[.$(]|[A-Za-z_]\w*[ \t]+\S)/u;

export function readGoTemplate(text: string): GoTemplate {
  const actions: Range[] = [];
  const spellings: string[] = [];
  const numbers = new Map<string, number>();
  if (!text.includes("{{")) {
    return { sql: text, actions, spellings };
  }
  let sql = "";
  let copied = 0;
  for (const match of text.matchAll(ACTION)) {
    const [whole, body = ""] = match;
    const inside = body.trim();
    const comment = inside.startsWith("/*");
    if (!comment && !CONTROL.test(inside) && !VALUE.test(inside)) {
      continue;
    }
    const start = match.index;
    actions.push([start, start + whole.length]);
    sql += text.slice(copied, start);
    if (comment || CONTROL.test(inside)) {
      // Spaces, keeping the line breaks of a comment that spans lines.
      sql += whole.replace(/[^\r\n]/gu, " ");
    } else {
      let number = numbers.get(whole);
      if (number === undefined) {
        number = spellings.length;
        numbers.set(whole, number);
        spellings.push(whole);
      }
      sql += standIn(number, whole.length);
    }
    copied = start + whole.length;
  }
  return { sql: sql + text.slice(copied), actions, spellings };
}

/**
 * `ǀ` and the action's number in base 36, filled up with `_` to `length` (5 at least: `{{.}}`).
 * ASCII filling keeps the name short in bytes: PostgreSQL cuts a name at 63 bytes, and a name that
 * goes on after the action (`{{ … }}refresh_tokens`) must keep its end.
 */
function standIn(number: number, length: number): string {
  return `${TEMPLATE_MARK}${number.toString(36)}`.padEnd(length, "_").slice(0, length);
}

/** Shows each value action's stand-in in `text` as the file spelled it. */
export function withTemplateActionsShown(text: string, spellings: readonly string[]): string {
  if (spellings.length === 0 || !text.includes(TEMPLATE_MARK)) {
    return text;
  }
  let shown = "";
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    const number = char === TEMPLATE_MARK ? /^[0-9a-z]+/u.exec(text.slice(index + 1, index + 8))?.[0] : undefined;
    const spelling = number === undefined ? undefined : spellings[Number.parseInt(number, 36)];
    if (spelling === undefined || !text.startsWith(standIn(Number.parseInt(number ?? "", 36), spelling.length), index)) {
      shown += char;
      index++;
      continue;
    }
    shown += spelling;
    index += spelling.length;
  }
  return shown;
}

/** Characters that continue a name or qualify it, next to an action: `{{ … }}.sessions`, `ix_{{ … }}`. */
const NAME_PART = /[\w$.\u0080-\uffff]/u;

/**
 * What an insertion at `offset` of `text` touches: `inside` an action (never allowed), or `before`
 * an action that is a token of its own, whose value may be more than the name it stands in for
 * (`CREATE INDEX {{ .Index }} ON …` may expand to `CONCURRENTLY ix_a`), so a guard before it could
 * land in the wrong place. Before an action that is part of a longer name
 * (`{{ index .Options "Namespace" }}.sessions`) the insertion is safe: `null`.
 */
export function actionAtInsertion(text: string, actions: readonly Range[], offset: number): { where: "inside" | "before"; action: Range } | null {
  for (const action of actions) {
    const [start, end] = action;
    if (start < offset && offset < end) {
      return { where: "inside", action };
    }
    const after = text[end];
    if (offset === start && (after === undefined || !NAME_PART.test(after))) {
      return { where: "before", action };
    }
  }
  return null;
}
