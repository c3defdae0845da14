/**
 * The viewer's circle routes through fastify's inject: GET /api/circles/fragility on the hand
 * cluster of docs/contagion.md (worked example) and the `graphEdge` of GET /api/circles/firm/:id
 * checked against the GET /api/graph edge columns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestApp, type TestApp } from '../helpers/server.ts';
import { handCluster } from '../analysis/contagion/fixture.ts';
import type { GraphPayload } from '../../src/server/index.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp(handCluster());
});

afterAll(async () => t.close());

const get = (url: string) => getJson(t.app, url);

describe('GET /api/circles/fragility', () => {
  it('gives the spectral radius of the {F1, F2} circle by its /api/circles id', async () => {
    const circles = await get('/api/circles');
    expect(circles.body.circles.map((c: { id: string; members: string[] }) => [c.id, c.members])).toEqual([['C001', ['F1', 'F2']]]);
    const r = await get('/api/circles/fragility');
    expect(r.status).toBe(200);
    expect(r.body.circles).toHaveLength(1);
    const c = r.body.circles[0];
    expect(c).toMatchObject({ id: 'C001', size: 2, converged: true, amplifies: false });
    // docs/contagion.md, worked example: F1→F2 impact 30/50 (guarantee 60 × LGD 0.5 over F2's
    // equity 50), F2→F1 9/100 (40 × ½ × 0.45 over F1's equity 100); a 2-cycle has ρ = √(product).
    expect(c.spectralRadius).toBeCloseTo(Math.sqrt((30 / 50) * (9 / 100)), 8);
    expect(c.lower).toBeLessThanOrEqual(c.spectralRadius);
    expect(c.upper).toBeGreaterThanOrEqual(c.spectralRadius);
    expect(r.body.options).toMatchObject({ minSize: 2 });
  });

  it('follows min like /api/circles and validates it', async () => {
    expect((await get('/api/circles/fragility?min=3')).body.circles).toEqual([]);
    expect((await get('/api/circles/fragility?min=1')).status).toBe(400);
  });
});

describe('GET /api/circles/firm/:id graphEdge', () => {
  it('points each chain edge at the same guarantee in the /api/graph columns', async () => {
    const graph = (await get('/api/graph')).body as GraphPayload;
    const r = await get('/api/circles/firm/F1?hops=2');
    expect(r.status).toBe(200);
    // Up from F1: hop 1 its guarantors F2 (g1) and F3 (g3); hop 2 F2's guarantors F1 (J1) and
    // F3 (J2), both already reached, so their edges are followed too. Down: F1 guarantees F2 (J1).
    expect(r.body.edges.map((e: { id: string }) => e.id)).toEqual(['J1', 'J2', 'g1', 'g3']);
    const ids = graph.nodes.id;
    for (const e of r.body.edges as { id: string; guarantor: string; borrower: string; amount: number; graphEdge: number }[]) {
      expect(graph.edges.kind[e.graphEdge]).toBe('guarantee');
      expect(ids[graph.edges.source[e.graphEdge]]).toBe(e.guarantor);
      expect(ids[graph.edges.target[e.graphEdge]]).toBe(e.borrower);
      expect(graph.edges.weight[e.graphEdge]).toBe(e.amount);
    }
    // 4 loans precede the guarantees; rows g1 0, J1 1, J2 2, g3 3.
    expect(r.body.edges.map((e: { graphEdge: number }) => e.graphEdge)).toEqual([5, 6, 4, 7]);
  });
});
