// Throwaway servers (PostgreSQL, MariaDB) that a crashed or forgetful test leaves behind would hold
// their sockets and temp dirs until the machine reboots; their clean-ups run when the process exits,
// synchronously, since "exit" allows nothing else.

import process from "node:process";

const cleanups = new Set<() => void>();
let hookInstalled = false;

/** Runs `cleanup` when the process exits, unless `forgetOnExit` removed it before. */
export function cleanUpOnExit(cleanup: () => void): void {
  cleanups.add(cleanup);
  if (hookInstalled) return;
  hookInstalled = true;
  process.on("exit", () => {
    for (const pending of cleanups) pending();
  });
}

/** Takes `cleanup` off the exit list; false when it was not on it (already run or forgotten). */
export function forgetOnExit(cleanup: () => void): boolean {
  return cleanups.delete(cleanup);
}
