/**
 * Connection faults (issue 6): rejected credentials and unusable URIs end in a
 * Neo4jError that names what failed (the URI, the user) and what to do. The
 * credential cases run against a harness server started with authentication on
 * (tools/neo4j `--auth USER:PASSWORD`), the URI cases need no server: an unused
 * port on 127.0.0.1 and URIs whose scheme the driver does not speak.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Neo4jError } from '../../src/io/errors.ts';
import { connectNeo4j } from '../../src/io/neo4j/index.ts';
import { startAuthServer } from './harness.ts';

const USER = 'risk_officer';
const PASSWORD = 'correct-horse-7';

describe('credentials', () => {
  let server: Awaited<ReturnType<typeof startAuthServer>>;
  beforeAll(async () => { server = await startAuthServer(USER, PASSWORD); }, 180_000);
  afterAll(async () => { await server?.stop(); });

  it('the right user and password connect and can run a query', async () => {
    const conn = await connectNeo4j({ uri: server.uri, user: USER, password: PASSWORD });
    try {
      const s = conn.driver.session();
      try {
        const r = await s.run('RETURN 1 + 1 AS two');
        expect(r.records[0]!.get('two').toNumber()).toBe(2);
      } finally {
        await s.close();
      }
    } finally {
      await conn.close();
    }
  }, 60_000);

  it('a wrong password is a Neo4jError naming the URI and the user, and saying which settings to fix', async () => {
    const err = await connectNeo4j({ uri: server.uri, user: USER, password: 'wrong-password' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Neo4jError);
    const msg = (err as Error).message;
    expect(msg).toContain(`Neo4j at ${server.uri}: connecting failed`);
    expect(msg).toContain(`user '${USER}'`);
    expect(msg).toMatch(/wrong password or unknown user/);
    expect(msg).toMatch(/set NEO4J_USER and NEO4J_PASSWORD/);
    expect(msg).not.toContain('wrong-password');
  }, 60_000);

  it('an unknown user is rejected the same way, naming that user', async () => {
    const err = await connectNeo4j({ uri: server.uri, user: 'nobody', password: PASSWORD }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Neo4jError);
    expect((err as Error).message).toContain(`Neo4j at ${server.uri}: connecting failed: the server rejected the login of user 'nobody'`);
  }, 60_000);

  it('no credentials against a server that needs them says a login is required', async () => {
    const err = await connectNeo4j({ uri: server.uri }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Neo4jError);
    expect((err as Error).message).toContain(`Neo4j at ${server.uri}: connecting failed: the server requires a login and none was given: set NEO4J_USER and NEO4J_PASSWORD`);
  }, 60_000);
});

describe('bad URIs', () => {
  it('an unused port on 127.0.0.1 is "not reachable", naming the URI and that nothing listens there', async () => {
    // A port we just held and released: nothing listens on it now.
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const uri = `bolt://127.0.0.1:${port}`;
    const err = await connectNeo4j({ uri, user: USER, password: PASSWORD }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Neo4jError);
    const msg = (err as Error).message;
    expect(msg).toContain(`Neo4j at ${uri}: connecting failed: the server is not reachable (nothing listens at 127.0.0.1:${port})`);
    expect(msg).toMatch(/point NEO4J_URI at a running server/);
  }, 60_000);

  it.each(['http://127.0.0.1:7474', 'bolt+x://127.0.0.1:7687', 'localhost:7687', 'neo4j:/127.0.0.1'])(
    'the URI %s is refused before connecting, naming it and the accepted schemes',
    async (uri) => {
      const err = await connectNeo4j({ uri }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Neo4jError);
      expect((err as Error).message).toBe(
        `bad Neo4j URI '${uri}': expected bolt://HOST:PORT or neo4j://HOST:PORT (bolt+s:// or neo4j+s:// for TLS); set NEO4J_URI or --uri`,
      );
    },
  );
});
