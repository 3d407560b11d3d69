// Retry replay of whole histories (issue 13): every bundled history that runs on PostgreSQL is
// linted, fixed with `eslint --fix` and replayed with each step run twice (test/replay/history.ts).
// A fixed step without findings whose retry fails is a plugin bug; the counts are exact so that a
// regression, or an improvement, shows. If PostgreSQL cannot start, every case fails.

import { describe, expect, it } from "vitest";
import { replayCluster } from "./cluster.js";
import { bundledHistories, failuresLeft, replayHistory, retryCounts, unexplainedFailures, type RetryCounts } from "./history.js";

const freshDatabase = replayCluster("history_replay");

/**
 * Steps; findings as written and left by `--fix` (the whole files, down directions included); steps
 * whose first run and retry both succeed, as written and after `--fix`.
 */
const COUNTS: Record<string, RetryCounts> = {
  prisma: { steps: 2, findingsBefore: 7, findingsAfter: 0, survivedBefore: 1, survivedAfter: 2 },
  flyway: { steps: 2, findingsBefore: 6, findingsAfter: 0, survivedBefore: 1, survivedAfter: 2 },
  dbmate: { steps: 2, findingsBefore: 11, findingsAfter: 0, survivedBefore: 1, survivedAfter: 2 },
  goose: { steps: 3, findingsBefore: 9, findingsAfter: 0, survivedBefore: 2, survivedAfter: 3 },
  "golang-migrate": { steps: 2, findingsBefore: 5, findingsAfter: 0, survivedBefore: 1, survivedAfter: 2 },
  drizzle: { steps: 2, findingsBefore: 7, findingsAfter: 0, survivedBefore: 1, survivedAfter: 2 },
  supabase: { steps: 2, findingsBefore: 7, findingsAfter: 0, survivedBefore: 1, survivedAfter: 2 },
  "alembic-raw-sql": { steps: 1, findingsBefore: 7, findingsAfter: 0, survivedBefore: 0, survivedAfter: 1 },
  // createTable (a suggestion) and dropColumn (report only) are left to the developer.
  knex: { steps: 3, findingsBefore: 9, findingsAfter: 3, survivedBefore: 1, survivedAfter: 1 },
  // addConstraint has no guard: report only.
  "node-pg-migrate": { steps: 3, findingsBefore: 9, findingsAfter: 2, survivedBefore: 2, survivedAfter: 2 },
  "home-grown": { steps: 4, findingsBefore: 10, findingsAfter: 0, survivedBefore: 1, survivedAfter: 4 },
  "histories/storage-tenant": { steps: 26, findingsBefore: 30, findingsAfter: 4, survivedBefore: 6, survivedAfter: 22 },
  "histories/knex-ledger": { steps: 12, findingsBefore: 26, findingsAfter: 9, survivedBefore: 1, survivedAfter: 8 },
};

describe.each(bundledHistories())("replaying history $name with every step run twice", (history) => {
  it("fails a fixed retry only where a finding is left, with the counts expected", async () => {
    const report = await replayHistory(history, freshDatabase);

    const unexplained = unexplainedFailures(report);
    expect(unexplained.map((step) => step.file)).toEqual([]);
    expect(retryCounts(report)).toEqual(COUNTS[history.name]);

    // Every step's first run succeeds, as written and fixed: only the retries may fail.
    expect(report.steps.filter((step) => !step.before.ranFirstTime || !step.after.ranFirstTime)).toEqual([]);
    // Each failure left after --fix carries a SQLSTATE, so the report can group it.
    expect(failuresLeft(report).filter((group) => group.error.startsWith("-----"))).toEqual([]);
  });
});

it("replays a history of twenty or more migrations", () => {
  const tenant = bundledHistories().find((history) => history.name === "histories/storage-tenant");
  expect(tenant?.steps.length).toBeGreaterThanOrEqual(20);
});
