/**
 * `xinlian serve --neo4j` against the real server, on data/demo imported into
 * Neo4j. The reference for every answer is the in-memory server on the same
 * CSV files (readDataset + buildSnapshot): summary, neighbourhoods and guarantee
 * chains must be the same bodies (the push-down answers come from Cypher, the
 * in-memory ones from the Snapshot's CSR arrays). Then a park-only load, an
 * injection-like id, and the CLI process itself.
 */
import { spawn } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/engine/index.ts';
import { readDataset } from '../../src/io/index.ts';
import { importDataset, loadDataset, type LoadScope } from '../../src/io/neo4j/index.ts';
import type { Dataset } from '../../src/model/schema.ts';
import { buildApp, type GraphPayload } from '../../src/server/index.ts';
import { useNeo4jBackend } from '../../src/server/neo4j-backend.ts';
import { BIN, ROOT } from '../helpers/cli.ts';
import { getJson } from '../helpers/server.ts';
import { clearDatabase, openHarness, type Harness } from './harness.ts';

let h: Harness;
let demo: Dataset;
let memory: FastifyInstance;
let graphDb: FastifyInstance;

/** The server `serve --neo4j` builds: the scope loaded into a Snapshot, push-down routes on the connection. */
async function neo4jApp(scope: LoadScope): Promise<FastifyInstance> {
  const ds = await loadDataset(h.conn, { scope });
  const app = await buildApp({ dataset: ds, snapshot: buildSnapshot(ds), webRoot: '/nonexistent-web-root' });
  useNeo4jBackend(app, { conn: h.conn, scope });
  return app;
}

beforeAll(async () => {
  h = await openHarness();
  demo = (await readDataset(`${ROOT}/data/demo`)).dataset;
  await clearDatabase(h.conn);
  await importDataset(h.conn, demo);
  memory = await buildApp({ dataset: demo, snapshot: buildSnapshot(demo), webRoot: '/nonexistent-web-root' });
  graphDb = await neo4jApp({ kind: 'all' });
}, 300_000);

afterAll(async () => {
  await memory?.close();
  await graphDb?.close();
  await h?.close();
});

async function ok(app: FastifyInstance, url: string) {
  const r = await getJson(app, url);
  expect(r.status, `${url}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
  return r.body;
}

/** Every 80th firm (25 firms) and 25 firms that take part in guarantees, spread over the table. */
function sampleFirms(): { any: string[]; guaranteed: string[] } {
  const any = demo.firms.filter((_, k) => k % 80 === 0).map((f) => f.id);
  const inGuarantees = [...new Set(demo.guarantees.flatMap((g) => [g.guarantor_id, g.borrower_id]))].sort();
  const step = Math.floor(inGuarantees.length / 25);
  return { any, guaranteed: inGuarantees.filter((_, k) => k % step === 0).slice(0, 25) };
}

describe('serve --neo4j on data/demo (whole database)', () => {
  it('/api/summary equals the CSV-loaded server', async () => {
    expect(await ok(graphDb, '/api/summary')).toEqual(await ok(memory, '/api/summary'));
  });

  it('/api/neighbourhood (1, 2 and 3 hops) equals the in-memory answer on 50 firms: same nodes, edges, hubs, cut', async () => {
    const { any, guaranteed } = sampleFirms();
    let truncated = 0;
    let edges = 0;
    for (const id of [...any, ...guaranteed]) {
      for (const q of ['hops=1', 'hops=2', 'hops=2&hubDegree=10', 'hops=3&limit=300']) {
        const url = `/api/neighbourhood/${id}?${q}`;
        const [db, mem] = [await ok(graphDb, url), await ok(memory, url)];
        expect(db.source).toBe('neo4j');
        expect(mem.source).toBe('memory');
        expect({ ...db, source: undefined }, url).toEqual({ ...mem, source: undefined });
        truncated += mem.truncated ? 1 : 0;
        edges += mem.edges.kind.length;
      }
    }
    // The sample must exercise the cut and the hub rule, or the comparison proves little.
    expect(truncated).toBeGreaterThan(0);
    expect(edges).toBeGreaterThan(1000);
  }, 300_000);

  it('/api/circles/firm/:id equals the in-memory chains on 50 firms, also when maxFirms cuts the walk', async () => {
    const { any, guaranteed } = sampleFirms();
    let reached = 0;
    let cut = 0;
    for (const id of [...any, ...guaranteed]) {
      for (const q of ['', '?hops=6', '?hops=4&max=5']) {
        const url = `/api/circles/firm/${id}${q}`;
        const [db, mem] = [await ok(graphDb, url), await ok(memory, url)];
        expect(db, url).toEqual(mem);
        reached += mem.up.length + mem.down.length;
        cut += mem.truncated ? 1 : 0;
      }
    }
    expect(reached).toBeGreaterThan(100);
    expect(cut).toBeGreaterThan(0);
  }, 300_000);

  it('a Cypher-injection id is data: 404 not_found, and the database is intact', async () => {
    for (const id of ["F0000001'}) DETACH DELETE n //", 'x` MATCH (n) DETACH DELETE n', '$id']) {
      for (const route of ['neighbourhood', 'circles/firm']) {
        const r = await getJson(graphDb, `/api/${route}/${encodeURIComponent(id)}`);
        expect(r.status, `${route} ${id}`).toBe(404);
        expect(r.body.error).toBe('not_found');
      }
    }
    expect((await ok(graphDb, '/api/summary')).counts.firms.total).toBe(demo.firms.length);
  });
});

describe('serve --neo4j --park', () => {
  it('loads exactly the park\'s firms, while push-down neighbourhoods still see beyond the park', async () => {
    const park = demo.parks[0]!.id;
    const members = demo.firms.filter((f) => f.park_id === park).map((f) => f.id);
    const app = await neo4jApp({ kind: 'park', park });
    try {
      const graph = (await ok(app, '/api/graph')) as GraphPayload;
      const firms = graph.nodes.id.filter((_, k) => graph.nodes.type[k] === 'firm');
      expect(firms.sort()).toEqual([...members].sort());
      expect((await ok(app, '/api/summary')).counts.firms.total).toBe(members.length);
      // A member with a supply or guarantee partner outside the park: the database answer includes the partner.
      const inPark = new Set(members);
      const edge = [...demo.supply.map((s) => [s.supplier_id, s.customer_id]), ...demo.guarantees.map((g) => [g.guarantor_id, g.borrower_id])]
        .find(([a, b]) => inPark.has(a!) !== inPark.has(b!))!;
      const [inside, outside] = inPark.has(edge[0]!) ? edge : [edge[1], edge[0]];
      const nb = await ok(app, `/api/neighbourhood/${inside}?hubDegree=1000`);
      expect(nb.nodes.id).toContain(outside);
      expect(nb).toEqual({ ...(await ok(memory, `/api/neighbourhood/${inside}?hubDegree=1000`)), source: 'neo4j' });
      // A firm outside the park is unknown to the loaded graph but not to the database.
      expect((await getJson(app, `/api/firms/${outside}`)).status).toBe(404);
      expect((await getJson(app, `/api/neighbourhood/${outside}`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('the CLI process', () => {
  /** Runs `xinlian serve …`; resolves with the URL line (or the exit) and a stop function. */
  function serve(args: string[], env: NodeJS.ProcessEnv): Promise<{ url?: string; code?: number | null; stdout: string; stderr: string; stop: () => Promise<void> }> {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const stop = async () => { child.kill('SIGTERM'); await closed; };
    return new Promise((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (m) resolve({ url: m[1], stdout, stderr, stop });
      });
      void closed.then((code) => resolve({ code, stdout, stderr, stop }));
    });
  }

  const env = () => {
    const e = { ...process.env };
    delete e.NEO4J_URI;
    return e;
  };

  it('serve --neo4j URI prints its URL on 127.0.0.1 and answers /api/summary and /api/neighbourhood from the database', async () => {
    const s = await serve(['--neo4j', h.server.settings.uri, '--port', '0'], env());
    try {
      expect(s.url, s.stderr).toBeDefined();
      expect(s.stdout).toContain(`from ${h.server.settings.uri} (the whole database: ${demo.firms.length} firms)`);
      const summary = await (await fetch(`${s.url}api/summary`)).json();
      expect(summary).toEqual(await ok(memory, '/api/summary'));
      const id = demo.firms[7]!.id;
      const nb = await (await fetch(`${s.url}api/neighbourhood/${id}?hops=2`)).json();
      expect(nb).toEqual({ ...(await ok(memory, `/api/neighbourhood/${id}?hops=2`)), source: 'neo4j' });
    } finally {
      await s.stop();
    }
  }, 120_000);

  it('NEO4J_URI without DIR serves from Neo4j too; --park loads that park\'s firms', async () => {
    const park = demo.parks[0]!.id;
    const members = demo.firms.filter((f) => f.park_id === park).length;
    const s = await serve(['--port', '0', '--park', park], { ...env(), NEO4J_URI: h.server.settings.uri });
    try {
      expect(s.url, s.stderr).toBeDefined();
      expect(s.stdout).toContain(`(park ${park}: ${members} firms)`);
      expect((await (await fetch(`${s.url}api/summary`)).json()).counts.firms.total).toBe(members);
    } finally {
      await s.stop();
    }
  }, 120_000);

  it('an unreachable server, a malformed URI or an unknown park exits 1 with what failed', async () => {
    const refused = await serve(['--neo4j', 'bolt://127.0.0.1:1', '--port', '0'], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^xinlian: Neo4j at bolt:\/\/127\.0\.0\.1:1: connecting failed: the server is not reachable/);
    const malformed = await serve(['--neo4j', 'http://127.0.0.1:7474', '--port', '0'], env());
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/^xinlian: bad Neo4j URI 'http:\/\/127\.0\.0\.1:7474': expected bolt:\/\/HOST:PORT/);
    const park = await serve(['--neo4j', h.server.settings.uri, '--park', 'NO-SUCH-PARK', '--port', '0'], env());
    expect(park.code).toBe(1);
    expect(park.stderr).toMatch(/no park 'NO-SUCH-PARK'/);
    for (const r of [refused, malformed, park]) expect(r.stderr).not.toMatch(/this is a bug/);
  }, 120_000);

  it('usage errors exit 2: a URI without --neo4j, --park without Neo4j', async () => {
    const uri = await serve([h.server.settings.uri, '--port', '0'], env());
    expect(uri.code).toBe(2);
    expect(uri.stderr).toMatch(/add --neo4j/);
    const park = await serve(['data/demo', '--park', 'P01', '--port', '0'], env());
    expect(park.code).toBe(2);
    expect(park.stderr).toMatch(/go with --neo4j/);
  }, 60_000);
});
