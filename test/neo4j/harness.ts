/**
 * Shared set-up of the Neo4j suites: one real server per test file (the harness
 * jar from tools/neo4j, or NEO4J_URI), a connection, and a reset between tests.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildTestServer, connectNeo4j, neo4jForTests, TEST_SERVER_JAR, type Neo4jConnection, type TestServer } from '../../src/io/neo4j/index.ts';
import type { Dataset, TableName } from '../../src/model/schema.ts';

export interface Harness {
  server: TestServer;
  conn: Neo4jConnection;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const server = await neo4jForTests();
  try {
    const conn = await connectNeo4j({ ...server.settings, maxTransactionRetryTimeMs: 2_000 });
    return { server, conn, close: async () => { await conn.close(); await server.stop(); } };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** Deletes every node and relationship (constraints stay: they are idempotent). */
export async function clearDatabase(conn: Neo4jConnection): Promise<void> {
  const s = conn.driver.session({ database: conn.settings.database });
  try {
    await s.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await s.close();
  }
}

/** Node counts per label and relationship counts per type, as stored. */
export async function storedCounts(conn: Neo4jConnection): Promise<Record<string, number>> {
  const s = conn.driver.session({ database: conn.settings.database });
  try {
    const out: Record<string, number> = {};
    for (const r of (await s.run('MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS c')).records) out[r.get('l')] = r.get('c').toNumber();
    for (const r of (await s.run('MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c')).records) out[r.get('t')] = r.get('c').toNumber();
    return out;
  } finally {
    await s.close();
  }
}

/**
 * What a dataset must produce in Neo4j, counted from the Dataset itself: one node
 * per park, bank, firm and financials row, one relationship per loan, guarantee,
 * supply and ownership row, one IN_PARK per firm with a park, one REPORTED per
 * financials row, plus the :Dataset node.
 */
export function expectedCounts(ds: Dataset): Record<string, number> {
  const n = (t: TableName) => ds[t].length;
  const counts: Record<string, number> = {
    Park: n('parks'), Bank: n('banks'), Firm: n('firms'), Financials: n('financials'), Dataset: 1,
    LOAN: n('loans'), GUARANTEES: n('guarantees'), SUPPLIES: n('supply'), OWNS: n('ownership'),
    IN_PARK: ds.firms.filter((f) => f.park_id !== undefined).length, REPORTED: n('financials'),
  };
  for (const k of Object.keys(counts)) if (counts[k] === 0) delete counts[k];
  return counts;
}

export async function runCypher(conn: Neo4jConnection, cypher: string, params: Record<string, unknown> = {}): Promise<void> {
  const s = conn.driver.session({ database: conn.settings.database });
  try {
    await s.run(cypher, params);
  } finally {
    await s.close();
  }
}

/**
 * A harness server with authentication ON and one known user (tools/neo4j
 * `--auth USER:PASSWORD`), for the credential tests; always started here, never
 * the NEO4J_URI server. Its settings carry no credentials: each test passes its own.
 */
export async function startAuthServer(user: string, password: string): Promise<{ uri: string; stop(): Promise<void> }> {
  if (!existsSync(TEST_SERVER_JAR)) await buildTestServer();
  const storeDir = mkdtempSync(path.join(tmpdir(), 'xinlian-neo4j-auth-'));
  const child = spawn('java', ['-jar', TEST_SERVER_JAR, '--port', '0', '--dir', storeDir, '--pagecache', '64m', '--auth', `${user}:${password}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => { rmSync(storeDir, { recursive: true, force: true }); resolve(); }));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const uri = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`the auth test server printed no ready line in 120 s:\n${stderr}`)), 120_000);
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /^NEO4J_READY (bolt:\/\/\S+)$/m.exec(stdout);
        if (m) { clearTimeout(timer); resolve(m[1]!); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the auth test server exited (code ${code}) before it was ready:\n${stderr}`)); });
    });
    return { uri, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
