import type { Position } from "./python/ast.js";

const CR = 0x0d;
const LF = 0x0a;

/** Line starts of a text, for turning string offsets into ESLint positions (1-based line, 0-based column). */
export class LineIndex {
  readonly #starts: number[];

  constructor(text: string) {
    // Same line endings as the SourceCode's lineEndingPattern (\r\n, \n, a lone \r), so locations and
    // `lines` agree. Searched for rather than matched: a match array per line was most of the
    // garbage a large file's index made, and it is built for every linted file.
    const starts = [0];
    if (text.includes("\r")) {
      for (let index = 0; index < text.length; index++) {
        const unit = text.charCodeAt(index);
        if (unit === CR && text.charCodeAt(index + 1) === LF) index++;
        if (unit === CR || unit === LF) starts.push(index + 1);
      }
    } else {
      for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
        starts.push(index + 1);
      }
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
