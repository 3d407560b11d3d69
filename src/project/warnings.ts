/**
 * Problems with the project's own files (a dependency file that is a FIFO, a version no one can
 * compare) are not problems in the linted file, so they are not lint messages: like ESLint's own
 * warnings about its environment, they go through `process.emitWarning`, which Node prints on
 * stderr. Each is said once per process, however many migrations look the file up.
 */
const said = new Set<string>();

export const WARNING_TYPE = "MigrationsProjectWarning";

export function warnOnce(message: string): void {
  if (said.has(message)) return;
  said.add(message);
  process.emitWarning(`eslint-plugin-migrations ${message}`, WARNING_TYPE);
}
