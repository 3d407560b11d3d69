// `npm run replay`: every bundled migration history linted, fixed with `eslint --fix` and replayed
// on a throwaway PostgreSQL with each step run twice (test/replay/history.ts). Prints, per history,
// the steps, how many survive a retry before and after the fix, and the failures left, grouped by
// PostgreSQL error, each with the finding that explains it.
//
//   npm run replay [-- --dir <project root> --folder <folder of .sql files> [--search-path storage,public]]
//
// With --dir and --folder it replays that one folder of plain `.sql` migrations instead (ESLint
// runs from --dir, so `configs.recommended` matches the files as in the project); --search-path
// sets what the project's runner sets on its connection.

import console from "node:console";
import path from "node:path";
import process from "node:process";
import { parseArgs } from "node:util";
import {
  bundledHistories,
  failuresLeft,
  replayHistory,
  retryCounts,
  sqlFolderHistory,
  unexplainedFailures,
  type History,
  type HistoryReport,
} from "../../test/replay/history.js";
import { startPostgres } from "../../test/support/postgres.js";

const { values } = parseArgs({ options: { dir: { type: "string" }, folder: { type: "string" }, "search-path": { type: "string" } } });

function chosenHistories(): History[] {
  if (values.dir === undefined && values.folder === undefined) return bundledHistories();
  if (values.dir === undefined || values.folder === undefined) throw new Error("--dir and --folder go together");
  const dir = path.resolve(values.dir);
  return [sqlFolderHistory(path.basename(dir), dir, values.folder, values["search-path"])];
}

function printTable(reports: HistoryReport[]): void {
  console.log("| history | steps | findings | left by `--fix` | steps surviving a retry as written | after `--fix` | fixed steps failing without a finding |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const report of reports) {
    const counts = retryCounts(report);
    console.log(
      `| ${report.history.name} | ${String(counts.steps)} | ${String(counts.findingsBefore)} | ${String(counts.findingsAfter)} | ${String(counts.survivedBefore)} | ${String(counts.survivedAfter)} | ${String(unexplainedFailures(report).length)} |`,
    );
  }
}

function printFailures(reports: HistoryReport[]): void {
  for (const report of reports) {
    const groups = failuresLeft(report);
    if (groups.length === 0) continue;
    console.log(`\n${report.history.name}: failures left after --fix`);
    for (const group of groups) {
      console.log(`  ${group.error}  (${String(group.steps.length)})`);
      for (const step of group.steps) console.log(`    ${step.file}\n      ${step.explanation}`);
    }
  }
}

const started = performance.now();
const cluster = await startPostgres();
let databases = 0;
const freshDatabase = () => cluster.createDatabase(`replay_${String((databases += 1))}`);
try {
  const reports: HistoryReport[] = [];
  for (const history of chosenHistories()) reports.push(await replayHistory(history, freshDatabase));
  console.log(`PostgreSQL ${cluster.version}; each step run twice, in a transaction unless the file asks for none or uses CONCURRENTLY\n`);
  printTable(reports);
  printFailures(reports);
  console.log(`\n${String(reports.length)} histories in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (reports.some((report) => unexplainedFailures(report).length > 0)) process.exitCode = 1;
} finally {
  await cluster.stop();
}
