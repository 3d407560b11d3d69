/**
 * "linted 1,200 of 3,000 files" on one line of a terminal, redrawn at most ten times a second and
 * erased when the run ends. Nothing at all unless the stream is a terminal, so redirected or piped
 * stderr (CI logs, pre-commit, editors) never receives it, and nothing for runs that end within
 * the first half second.
 */
export class Progress {
  readonly #stream: NodeJS.WriteStream;
  readonly #total: number;
  readonly #enabled: boolean;
  readonly #start = Date.now();
  #lastDraw = 0;
  #drawn = false;

  constructor(stream: NodeJS.WriteStream, total: number) {
    this.#stream = stream;
    this.#total = total;
    this.#enabled = stream.isTTY;
  }

  update(linted: number): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (now - this.#start < 500 || now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    this.#drawn = true;
    const format = new Intl.NumberFormat("en-US");
    this.#stream.write(`\r\x1b[Klinted ${format.format(linted)} of ${format.format(this.#total)} files`);
  }

  end(): void {
    if (this.#drawn) this.#stream.write("\r\x1b[K");
    this.#drawn = false;
  }
}
