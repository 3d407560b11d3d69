import { afterAll, beforeAll } from "vitest";
import { startPostgres, type PostgresCluster, type PostgresDatabase, type PsqlResult } from "../support/postgres.js";

/**
 * One throwaway PostgreSQL cluster for the test file that calls this, started before its tests and
 * stopped after them. The returned function gives each case its own empty database, so no case sees
 * another's leftovers.
 */
export function replayCluster(databasePrefix: string): () => PostgresDatabase {
  let pg: PostgresCluster | undefined;
  let databases = 0;

  beforeAll(async () => {
    pg = await startPostgres();
  });

  afterAll(async () => {
    await pg?.stop();
  });

  return () => {
    if (!pg) throw new Error("no PostgreSQL cluster: startPostgres() failed in beforeAll");
    databases += 1;
    return pg.createDatabase(`${databasePrefix}_${String(databases)}`);
  };
}

/** Runs the queries one after another, as the tool sends them, and stops at the first that fails. */
export function runQueries(db: PostgresDatabase, queries: readonly string[]): PsqlResult {
  let last: PsqlResult = { ok: true, status: 0, stdout: "", stderr: "", error: undefined };
  for (const query of queries) {
    last = db.run(query);
    if (!last.ok) {
      return last;
    }
  }
  return last;
}
