import type { Position } from "./python/ast.js";

/** Line starts of a text, for turning string offsets into ESLint positions (1-based line, 0-based column). */
export class LineIndex {
  readonly #starts: number[];

  constructor(text: string) {
    const starts = [0];
    // Same line endings as the SourceCode's lineEndingPattern, so locations and `lines` agree.
    const lineEnding = /\r\n|[\r\n]/gu;
    for (const match of text.matchAll(lineEnding)) {
      starts.push(match.index + match[0].length);
    }
    this.#starts = starts;
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.#starts[middle] ?? 0) <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return { line: low + 1, column: offset - (this.#starts[low] ?? 0) };
  }

  lineStart(line: number): number {
    return this.#starts[line - 1] ?? 0;
  }
}
