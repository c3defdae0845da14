/**
 * GET /api/neighbourhood/:id on the in-memory Snapshot, against the hand-built
 * dataset of fixture.ts. Credit relationships there (row = position in its table):
 *   loans      L1 B1→F1 80 (0) · L2 B2→F1 20 (1) · L3 B1→F2 50 (2) · L4 B2→F3 30 (3)
 *   guarantees G1 F2→F1 40 (0) · G2 F1→F2 30 (1) · G3 F3→F1 10 (2) · G4 GC→F3 30 (3)
 *   supply     F3→F1 200 (0) · F1→F2 120 (1)
 *   ownership  F1→F3 0.4 (0) · B1→F1 0.1 (1)
 * Degrees (in + out, counted from these lines): F1 9 (L1 L2 G1 G2 G3 S0 S1 O0 O1),
 * F2 4 (L3 G1 G2 S1), F3 5 (L4 G3 G4 S0 O0), GC 1 (G4), B1 3 (L1 L3 O1), B2 2 (L2 L4).
 * Node attributes are also checked against GET /api/graph for the same ids.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphPayload } from '../../src/server/index.ts';
import type { NeighbourhoodPayload } from '../../src/server/neighbourhood.ts';
import { getJson, startTestApp, type TestApp } from '../helpers/server.ts';
import { tinyDataset } from './fixture.ts';

let t: TestApp;
let app: FastifyInstance;
let graph: GraphPayload;
beforeAll(async () => {
  t = await startTestApp(tinyDataset(), {}, 'xinlian-nb-');
  app = t.app;
  graph = (await getJson(app, '/api/graph')).body as GraphPayload;
});
afterAll(async () => t.close());

async function nb(url: string): Promise<NeighbourhoodPayload> {
  const r = await getJson(app, url);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as NeighbourhoodPayload;
}

/** Edges as `kind source→target weight` with ids, in answer order. */
function edgeList(p: NeighbourhoodPayload): string[] {
  return p.edges.kind.map((k, e) => `${k} ${p.nodes.id[p.edges.source[e]!]}→${p.nodes.id[p.edges.target[e]!]} ${p.edges.weight[e]}`);
}

/** The six relationships among F3, B2, F1 and GC, ordered by kind, then row. */
const F3_ONE_HOP_EDGES = ['loan B2→F1 20', 'loan B2→F3 30', 'guarantee F3→F1 10', 'guarantee GC→F3 30', 'supply F3→F1 200', 'ownership F1→F3 0.4'];

describe('GET /api/neighbourhood/:id (in memory)', () => {
  it('1 hop of F3: B2 (loan L4), F1 (G3, supply, ownership), GC (G4), sorted by id, and the six edges among them', async () => {
    const p = await nb('/api/neighbourhood/F3');
    expect(p.nodes.id).toEqual(['F3', 'B2', 'F1', 'GC']);
    expect(p.nodes.hops).toEqual([0, 1, 1, 1]);
    expect(p.nodes.type).toEqual(['firm', 'bank', 'firm', 'firm']);
    expect(p.nodes.degree).toEqual([5, 2, 9, 1]);
    // L2 B2→F1 joins two level-1 nodes: found by reading F1's relationships after the walk.
    expect(edgeList(p)).toEqual(F3_ONE_HOP_EDGES);
    expect(p.hubs).toEqual([1]); // the bank
    expect(p.truncated).toBe(false);
    expect(p.options).toEqual({ hops: 1, limit: 500, hubDegree: 50 });
    expect(p.source).toBe('memory');
    // F1: borrowing 80 + 20 = 100, equity 100, flag tech, park P1; F3: loan L4 30, no park, no equity.
    expect(p.nodes.borrowing).toEqual([30, 0, 100, 0]);
    expect(p.nodes.equity).toEqual([null, 500, 100, null]);
    expect(p.nodes.flags).toEqual(['', '', 'tech', '']);
    expect(p.parks.map((x) => x.id)).toEqual(['P1']);
    expect(p.nodes.park).toEqual([-1, -1, 0, -1]);
  });

  it('every node column equals /api/graph for the same id', async () => {
    const p = await nb('/api/neighbourhood/F3?hops=2');
    expect(p.nodes.id.length).toBe(6); // hops 2 reaches every firm and bank
    const at = new Map(graph.nodes.id.map((id, k) => [id, k]));
    p.nodes.id.forEach((id, k) => {
      const g = at.get(id)!;
      for (const col of ['name', 'type', 'industry', 'borrowing', 'equity', 'flags'] as const) expect(p.nodes[col][k], `${id} ${col}`).toEqual(graph.nodes[col][g]);
      const park = p.nodes.park[k]! < 0 ? null : p.parks[p.nodes.park[k]!]!.id;
      expect(park).toEqual(graph.nodes.park[g]! < 0 ? null : graph.parks[graph.nodes.park[g]!]!.id);
    });
    // All 12 relationships are among the 6 nodes: the same multiset as /api/graph's edges.
    const all = graph.edges.kind.map((k, e) => `${k} ${graph.nodes.id[graph.edges.source[e]!]}→${graph.nodes.id[graph.edges.target[e]!]} ${graph.edges.weight[e]}`);
    expect(edgeList(p)).toEqual(all);
  });

  it('a hub is returned, not gone through: with hubDegree 4, F1 (degree 9) stops the walk and L2 B2→F1 comes from the hub pairs', async () => {
    const p = await nb('/api/neighbourhood/F3?hops=2&hubDegree=4');
    // Without the rule, hop 2 would add B1 and F2 through F1; GC (degree 1) only leads back to F3.
    expect(p.nodes.id).toEqual(['F3', 'B2', 'F1', 'GC']);
    expect(p.hubs).toEqual([1, 2]);
    expect(edgeList(p)).toEqual(F3_ONE_HOP_EDGES);
  });

  it('the focal firm is expanded even above hubDegree; hub → hub edges (B1→F2, B2→F3) are included', async () => {
    const p = await nb('/api/neighbourhood/F1?hubDegree=1');
    expect(p.nodes.id).toEqual(['F1', 'B1', 'B2', 'F2', 'F3']);
    expect(p.hubs).toEqual([1, 2, 3, 4]); // F2 (4) and F3 (5) exceed 1, banks always
    // Every relationship except G4 (GC is not reached).
    expect(edgeList(p)).toEqual([
      'loan B1→F1 80', 'loan B2→F1 20', 'loan B1→F2 50', 'loan B2→F3 30',
      'guarantee F2→F1 40', 'guarantee F1→F2 30', 'guarantee F3→F1 10',
      'supply F3→F1 200', 'supply F1→F2 120', 'ownership F1→F3 0.4', 'ownership B1→F1 0.1',
    ]);
  });

  it('limit cuts the last level by id and sets truncated: F3, 2 hops, limit 5 keeps B1 of {B1, F2}', async () => {
    const p = await nb('/api/neighbourhood/F3?hops=2&limit=5');
    expect(p.nodes.id).toEqual(['F3', 'B2', 'F1', 'GC', 'B1']);
    expect(p.nodes.hops).toEqual([0, 1, 1, 1, 2]);
    expect(p.truncated).toBe(true);
    expect(edgeList(p)).toEqual(['loan B1→F1 80', ...F3_ONE_HOP_EDGES.slice(0, 5), 'ownership F1→F3 0.4', 'ownership B1→F1 0.1']);
    // limit = the whole 1-hop answer: nothing is cut at hop 1, but hop 2 is not empty.
    const four = await nb('/api/neighbourhood/F3?hops=2&limit=4');
    expect(four.nodes.id).toEqual(['F3', 'B2', 'F1', 'GC']);
    expect(four.truncated).toBe(true);
    const exact = await nb('/api/neighbourhood/F3?hops=1&limit=4');
    expect(exact.truncated).toBe(false);
  });

  it('unknown ids and bank ids are 404; bad options are 400; an injection-like id is data', async () => {
    expect((await getJson(app, '/api/neighbourhood/NOPE')).status).toBe(404);
    expect((await getJson(app, '/api/neighbourhood/B1')).status).toBe(404);
    const inj = await getJson(app, `/api/neighbourhood/${encodeURIComponent("F1'}) DETACH DELETE n //")}`);
    expect(inj.status).toBe(404);
    expect(inj.body.error).toBe('not_found');
    for (const q of ['hops=0', 'hops=4', 'limit=0', 'limit=5001', 'hubDegree=-1', 'hops=x']) {
      const r = await getJson(app, `/api/neighbourhood/F1?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error).toBe('bad_request');
    }
  });
});
