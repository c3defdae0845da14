/**
 * The tools/neo4j test server's contract: one ready line with a 127.0.0.1 Bolt
 * URI, a server that answers Cypher there with auth off, and a clean stop on
 * SIGTERM or when its stdin closes (so it never outlives the process that started it).
 */
import { describe, expect, it } from 'vitest';
import { connectNeo4j, startTestServer } from '../../src/io/neo4j/index.ts';

function exited(p: import('node:child_process').ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve(p.exitCode);
    else p.once('exit', (code) => resolve(code));
  });
}

describe('tools/neo4j test server', () => {
  it('prints a 127.0.0.1 Bolt URI, answers Cypher without credentials, and exits 0 when stdin closes', async () => {
    const server = await startTestServer();
    try {
      expect(server.settings.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
      const conn = await connectNeo4j(server.settings);
      const s = conn.driver.session();
      // 6 × 7 = 42, computed by the server.
      expect((await s.run('RETURN 6 * 7 AS x')).records[0]!.get('x').toNumber()).toBe(42);
      await s.close();
      await conn.close();
      const done = exited(server.process!);
      server.process!.stdin!.end();
      expect(await done).toBe(0);
    } finally {
      await server.stop();
    }
  }, 180_000);

  it('stop() ends the server with SIGTERM and the port stops answering', async () => {
    const server = await startTestServer();
    await server.stop();
    expect(server.process!.exitCode !== null || server.process!.signalCode !== null).toBe(true);
    await expect(connectNeo4j(server.settings)).rejects.toThrow(/not reachable/);
  }, 180_000);
});
