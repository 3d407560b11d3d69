import { parentPort, workerData } from "node:worker_threads";
import type { ESLint } from "eslint";
import { createEngine, type EngineSettings } from "./engine.js";

/** A batch's outcome as it crosses back to the main thread. */
export type BatchReply = { ok: true; results: ESLint.LintResult[] } | { ok: false; error: string };

if (parentPort === null) throw new Error("src/cli/worker.ts runs only as a worker thread");
const port = parentPort;
const engine = await createEngine(workerData as EngineSettings);

port.on("message", (batch: string[]) => {
  engine.lintFiles(batch).then(
    (results) => {
      port.postMessage({ ok: true, results } satisfies BatchReply);
    },
    (error: unknown) => {
      port.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies BatchReply);
    },
  );
});
