import { Worker } from "node:worker_threads";
import type { ESLint } from "eslint";
import type { EngineSettings } from "./engine.js";
import type { BatchReply } from "./worker.js";

/**
 * Lints `files` on `threads` threads: this one, with `engine`, and `threads - 1` workers that build
 * the same engine from `settings`. Files go out in small batches to whichever thread is free, so a
 * folder of large migrations does not leave one thread working alone at the end; results come back
 * in the order of `files` whatever thread linted them.
 */
export async function lintOnThreads(
  files: readonly string[],
  engine: ESLint,
  settings: EngineSettings,
  threads: number,
  onProgress: (linted: number) => void,
): Promise<ESLint.LintResult[]> {
  const size = Math.max(4, Math.min(64, Math.ceil(files.length / (threads * 8))));
  const batches: string[][] = [];
  for (let start = 0; start < files.length; start += size) batches.push(files.slice(start, start + size));
  const done: ESLint.LintResult[][] = Array.from({ length: batches.length }, () => []);
  let next = 0;
  let linted = 0;
  const finished = (index: number, results: ESLint.LintResult[]) => {
    done[index] = results;
    linted += results.length;
    onProgress(linted);
  };

  const workers = Array.from(
    { length: Math.min(threads - 1, batches.length - 1) },
    () => new Worker(new URL("./worker.js", import.meta.url), { workerData: settings }),
  );
  const viaWorker = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      let current = -1;
      const feed = () => {
        if (next >= batches.length) {
          resolve();
          return;
        }
        current = next++;
        worker.postMessage(batches[current]);
      };
      worker.on("message", (reply: BatchReply) => {
        if (!reply.ok) {
          reject(new Error(`a linting thread failed: ${reply.error}`));
          return;
        }
        finished(current, reply.results);
        feed();
      });
      worker.on("error", reject);
      worker.on("exit", (code) => {
        reject(new Error(`a linting thread stopped with exit code ${code}`));
      });
      feed();
    });
  const here = async () => {
    while (next < batches.length) {
      const index = next++;
      finished(index, await engine.lintFiles(batches[index] ?? []));
    }
  };
  try {
    await Promise.all([here(), ...workers.map(viaWorker)]);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return done.flat();
}
