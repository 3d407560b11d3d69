import { Worker } from "node:worker_threads";
import type { ESLint } from "eslint";
import type { EngineSettings } from "./engine.js";
import { threadOf } from "./result-cache.js";
import type { BatchReply } from "./worker.js";

/** Positions in the file list, linted together by one `lintFiles` call. */
type Batch = number[];

/**
 * Lints `files` on `threads` threads: this one, with `engine`, and `threads - 1` workers that build
 * the same engine from `settingsFor(thread)`. Files go out in small batches; results come back in
 * the order of `files` whatever thread linted them. Without a cache a batch goes to whichever thread
 * is free, so a folder of large migrations does not leave one thread working alone at the end; with
 * one, each file goes to the thread whose cache file holds its result (see result-cache.ts).
 */
export async function lintOnThreads(
  files: readonly string[],
  engine: ESLint,
  settingsFor: (thread: number) => EngineSettings,
  threads: number,
  onProgress: (linted: number) => void,
): Promise<ESLint.LintResult[]> {
  const cached = settingsFor(0).cache !== null;
  const size = Math.max(4, Math.min(64, Math.ceil(files.length / (threads * 8))));
  const queues = batchQueues(files, threads, cached, size);
  const queueOf = (thread: number) => queues[cached ? thread : 0] ?? [];
  const done: ESLint.LintResult[] = new Array<ESLint.LintResult>(files.length);
  let linted = 0;
  const finished = (batch: Batch, results: ESLint.LintResult[]) => {
    batch.forEach((position, index) => {
      done[position] = results[index] as ESLint.LintResult;
    });
    linted += results.length;
    onProgress(linted);
  };
  const filesOf = (batch: Batch) => batch.map((position) => files[position] as string);

  // Threads 1…threads-1 run in workers: with a cache those that have files, without one as many as
  // there are batches for besides this thread's first.
  const others = Array.from({ length: threads - 1 }, (_, index) => index + 1);
  const workerThreads = cached ? others.filter((thread) => queueOf(thread).length > 0) : others.slice(0, Math.max(0, queueOf(0).length - 1));
  const workers = workerThreads.map((thread) => ({
    thread,
    worker: new Worker(new URL("./worker.js", import.meta.url), { workerData: settingsFor(thread) }),
  }));
  const viaWorker = (worker: Worker, queue: Batch[]) =>
    new Promise<void>((resolve, reject) => {
      let current: Batch = [];
      const feed = () => {
        const next = queue.shift();
        if (next === undefined) {
          resolve();
          return;
        }
        current = next;
        worker.postMessage(filesOf(current));
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
    const queue = queueOf(0);
    for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
      finished(batch, await engine.lintFiles(filesOf(batch)));
    }
  };
  try {
    await Promise.all([here(), ...workers.map(({ thread, worker }) => viaWorker(worker, queueOf(thread)))]);
  } finally {
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }
  return done;
}

/**
 * The batches of each of `queues` queues: one queue shared by every thread when there is no cache,
 * else one per thread with the files `threadOf` gives it. With a cache, ESLint rewrites a thread's
 * whole cache file after every batch (serialising it costs about as much as linting when files have
 * many findings), so there a thread's files go in three batches, a quarter, a quarter and a half:
 * the file is written less than twice over, and progress still shows.
 */
function batchQueues(files: readonly string[], threads: number, cached: boolean, size: number): Batch[][] {
  const shares: number[][] = Array.from({ length: cached ? threads : 1 }, () => []);
  files.forEach((file, position) => {
    shares[cached ? threadOf(file, threads) : 0]?.push(position);
  });
  return shares.map((share) => {
    const cuts = cached ? [Math.ceil(share.length / 4), Math.ceil(share.length / 2)] : [];
    if (!cached) for (let cut = size; cut < share.length; cut += size) cuts.push(cut);
    return [0, ...cuts]
      .map((start, index) => share.slice(start, cuts[index] ?? share.length))
      .filter((batch) => batch.length > 0);
  });
}
