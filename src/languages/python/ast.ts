/**
 * The plain-object Python AST that ESLint traverses.
 *
 * Node types keep @lezer/python's names (`CallExpression`, `ArgList`, `String`, …) so that selectors
 * read like the grammar. Punctuation and keywords are dropped; the few places where their position
 * matters for fixes (commas in an argument list) keep it as a field. A handful of nodes are
 * synthesised because the grammar keeps them flat: `KeywordArgument`, `StarArgument`,
 * `DoubleStarArgument` and `WithItem`.
 */

import type { UnreadableSpan } from "./grammar-gaps.js";

export type { UnreadableSpan };

export interface Position {
  /** 1-based line. */
  line: number;
  /** 0-based column, in UTF-16 code units like ESLint's JavaScript locations. */
  column: number;
}

export interface SourceLocation {
  start: Position;
  end: Position;
}

export type Range = [number, number];

export interface BaseNode {
  type: string;
  range: Range;
  loc: SourceLocation;
  /** Every child node in source order; the only visitor key. */
  children: PyNode[];
}

export interface GenericNode extends BaseNode {
  type: Exclude<string, SpecificNode["type"]>;
}

export interface Script extends BaseNode {
  type: "Script";
  comments: Comment[];
  /** Valid Python the parser could not read (see grammar-gaps.ts); the rest of the file was read. */
  unreadable: UnreadableSpan[];
}

export interface Comment {
  type: "Comment";
  /** Text after the `#`. */
  value: string;
  range: Range;
  loc: SourceLocation;
}

export interface Name extends BaseNode {
  type: "VariableName" | "PropertyName";
  name: string;
}

export interface MemberExpression extends BaseNode {
  type: "MemberExpression";
  object: PyNode;
  /** The attribute (`PropertyName`) or, when `computed`, the subscript expression. */
  property: PyNode;
  computed: boolean;
}

export interface CallExpression extends BaseNode {
  type: "CallExpression";
  callee: PyNode;
  argList: ArgList;
}

export interface ArgList extends BaseNode {
  type: "ArgList";
  /** Offsets of the `,` separators, in order. */
  commas: number[];
  /** A bare generator argument, `f(x for x in y)`, which admits no other argument. */
  generator: boolean;
}

export interface KeywordArgument extends BaseNode {
  type: "KeywordArgument";
  name: Name;
  value: PyNode;
}

export interface StarArgument extends BaseNode {
  type: "StarArgument" | "DoubleStarArgument";
  value: PyNode;
}

export type StringQuote = "'" | '"' | "'''" | '"""';

export interface StringPart extends BaseNode {
  type: "String" | "FormatString";
  /** Lower-cased prefix letters, e.g. `""`, `"r"`, `"rb"`, `"f"`. */
  prefix: string;
  quote: StringQuote;
  /** Offsets of the text between the quotes. */
  contentRange: Range;
}

export interface ContinuedString extends BaseNode {
  type: "ContinuedString";
  children: StringPart[];
}

export interface BooleanLiteral extends BaseNode {
  type: "Boolean";
  value: boolean;
}

export interface ImportedName {
  /** Dotted name as written, e.g. `op` or `alembic.op`. */
  name: string;
  /** The `as` name, when there is one. */
  alias: string | null;
}

export interface ImportStatement extends BaseNode {
  type: "ImportStatement";
  /** Module of a `from … import`, with leading dots for relative imports; `null` for `import …`. */
  from: string | null;
  names: ImportedName[];
}

export interface WithItem extends BaseNode {
  type: "WithItem";
  context: PyNode;
  target: PyNode | null;
}

export interface WithStatement extends BaseNode {
  type: "WithStatement";
  items: WithItem[];
  /** Missing only in a file with a syntax error. */
  body: PyNode | null;
}

export interface AssignStatement extends BaseNode {
  type: "AssignStatement";
}

export interface FunctionDefinition extends BaseNode {
  type: "FunctionDefinition";
  name: string;
}

export type SpecificNode =
  | Script
  | Name
  | MemberExpression
  | CallExpression
  | ArgList
  | KeywordArgument
  | StarArgument
  | StringPart
  | ContinuedString
  | BooleanLiteral
  | ImportStatement
  | WithItem
  | WithStatement
  | AssignStatement
  | FunctionDefinition;

export type PyNode = SpecificNode | GenericNode;

/** The node interface whose `type` admits `T` (several types can share one interface). */
export type NodeOfType<T extends SpecificNode["type"]> = SpecificNode extends infer N
  ? N extends { type: infer U }
    ? T extends U
      ? N
      : never
    : never
  : never;

export function isNodeType<T extends SpecificNode["type"]>(
  node: PyNode | null | undefined,
  type: T,
): node is NodeOfType<T> {
  return node?.type === type;
}
