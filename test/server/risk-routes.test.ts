/**
 * GET /api/circles, /api/circles/firm/:id, /api/stress, /api/montecarlo through fastify's
 * inject on the worked example of docs/scenarios.md (hand-calculated numbers there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildSnapshot } from '../../src/engine/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { getJson } from '../helpers/server.ts';
import { scenariosExample } from '../helpers/fixtures.ts';

let app: FastifyInstance;

beforeAll(async () => {
  const ds = scenariosExample();
  app = await buildApp({ dataset: ds, snapshot: buildSnapshot(ds), webRoot: '/nonexistent-web-root' });
});

afterAll(async () => app.close());

const get = (url: string) => getJson(app, url);

describe('circle routes', () => {
  it('GET /api/circles lists the A ⇄ B circle', async () => {
    const r = await get('/api/circles');
    expect(r.status).toBe(200);
    expect(r.body.circles).toEqual([{
      id: 'C001', size: 2, members: ['A', 'B'], internalEdges: 2, guaranteedInside: 30, loansOutstanding: 140, density: 1, parks: ['P1'],
      patterns: { circle: 'C001', chain: 0, mutual: 1, cross: 0, focus: 0 },
    }]);
    expect((await get('/api/circles?min=3')).body.circles).toEqual([]);
    expect((await get('/api/circles?min=1')).status).toBe(400);
  });

  it('GET /api/circles/firm/:id walks up and down', async () => {
    // B's guarantors: A and C (hop 1); its borrower: A (hop 1); A's other guarantor is B itself.
    const r = await get('/api/circles/firm/B?hops=2');
    expect(r.status).toBe(200);
    expect(r.body.up).toEqual([{ id: 'A', hop: -1 }, { id: 'C', hop: -1 }]);
    expect(r.body.down).toEqual([{ id: 'A', hop: 1 }]);
    expect((await get('/api/circles/firm/nope')).body).toEqual({ error: 'not_found', message: "unknown firm 'nope'" });
  });
});

describe('stress and montecarlo routes', () => {
  it('GET /api/stress runs the scenarios', async () => {
    const firmA = await get('/api/stress?scenario=firm&target=A');
    expect(firmA.status).toBe(200);
    expect(firmA.body).toMatchObject({ scenario: 'firm', initialLoss: 45, systemLoss: 67.5, amplification: 1.5 });
    const t = await get('/api/stress?scenario=tightening');
    expect(t.body.initialIds).toEqual(['D']);
    const sweep = await get('/api/stress?scenario=sweep&steps=2');
    expect(sweep.body.points.map((p: { shock: number }) => p.shock)).toEqual([0, 0.5, 1]);
    const iv = await get('/api/stress?scenario=interventions&shock=A&top=1');
    expect(iv.body.ranking).toMatchObject([{ kind: 'rescue', target: 'A' }]);
    expect((await get('/api/stress?scenario=park')).status).toBe(400);
    expect((await get('/api/stress?scenario=bogus')).status).toBe(400);
  });

  it('GET /api/montecarlo is reproducible and validated', async () => {
    const a = await get('/api/montecarlo?draws=300&seed=9');
    expect(a.status).toBe(200);
    expect(a.body.draws).toBe(300);
    expect(a.body.histogram.counts.reduce((x: number, y: number) => x + y, 0)).toBe(300);
    expect(a.body.banks.map((b: { bank: string }) => b.bank)).toEqual(['K']);
    expect((await get('/api/montecarlo?draws=300&seed=9')).body).toEqual(a.body);
    expect((await get('/api/montecarlo?draws=0')).status).toBe(400);
  });
});
