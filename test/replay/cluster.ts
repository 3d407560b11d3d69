import { afterAll, beforeAll } from "vitest";
import { startPostgres, type PostgresCluster, type PostgresDatabase } from "../support/postgres.js";

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
