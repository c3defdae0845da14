/**
 * Interrupted imports. Two ways an import stops half-way:
 * 1. The server dies: SIGKILL of the harness java process mid-import must end in
 *    a Neo4jError that says what to do. The harness keeps its store in a temp dir
 *    that it owns, so a killed server cannot be restarted on the same store; the
 *    resume is therefore shown on a fresh server (case 2) and the same property —
 *    a partial import followed by a full one equals a clean import — is what
 *    makes the kill recoverable on a real server with a persistent store.
 * 2. The import is cut between batches (Ctrl-C in the CLI, AbortSignal here):
 *    the stored dataset is marked incomplete, loads refuse it, and re-running the
 *    import ends with the counts and values of a clean import.
 * Expected counts come from the dataset (expectedCounts), not from Neo4j.
 * Both cases start their own harness servers (never the NEO4J_URI server: a user's
 * server is not ours to kill), building tools/neo4j if needed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { generateCluster } from '../../data/generator/index.ts';
import { Neo4jError } from '../../src/io/errors.ts';
import { connectNeo4j, importDataset, loadDataset, startTestServer, type TestServer } from '../../src/io/neo4j/index.ts';
import { expectedCounts, storedCounts } from './harness.ts';

const servers: TestServer[] = [];
afterAll(async () => { for (const s of servers) await s.stop(); });

describe('interrupted imports', () => {
  const ds = generateCluster({ firms: 600, seed: 3 });

  it('SIGKILL of the server mid-import ends in a Neo4jError that says to restart and re-run', async () => {
    const server = await startTestServer();
    servers.push(server);
    const conn = await connectNeo4j({ ...server.settings, maxTransactionRetryTimeMs: 1_000 });
    try {
      let killedAt = -1;
      const err = await importDataset(conn, ds, {
        batchSize: 100,
        onProgress: (p) => {
          // Kill once a few batches are in: the next batch meets a dead server.
          if (killedAt < 0 && p.rowsDone >= 500) {
            killedAt = p.rowsDone;
            server.process!.kill('SIGKILL');
          }
        },
      }).catch((e: unknown) => e);
      expect(killedAt).toBeGreaterThan(0);
      expect(err).toBeInstanceOf(Neo4jError);
      expect((err as Error).message).toMatch(/not reachable.*re-run/);
    } finally {
      await conn.close();
    }
  }, 120_000);

  it('an import cut after some batches is refused by load, and re-running it equals a clean import', async () => {
    const server = await startTestServer();
    servers.push(server);
    const conn = await connectNeo4j(server.settings);
    try {
      const abort = new AbortController();
      const cut = await importDataset(conn, ds, {
        batchSize: 250,
        signal: abort.signal,
        onProgress: (p) => { if (p.table === 'loans') abort.abort(); },
      }).catch((e: unknown) => e);
      expect(cut).toBeInstanceOf(Neo4jError);
      expect((cut as Error).message).toMatch(/import stopped after \d+ of \d+ rows; re-run it/);
      const partial = await storedCounts(conn);
      expect(partial.GUARANTEES ?? 0).toBe(0);
      await expect(loadDataset(conn)).rejects.toThrow(/last import did not finish/);

      await importDataset(conn, ds, { batchSize: 250 });
      expect(await storedCounts(conn)).toEqual(expectedCounts(ds));
      expect(await loadDataset(conn)).toEqual(ds);
    } finally {
      await conn.close();
    }
  }, 180_000);
});
