/**
 * GET /api/contagion and /api/impact through fastify's inject on the hand cluster of
 * fixture.ts (numbers worked out in exposures.test.ts and docs/contagion.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/server.ts';
import { handCluster } from './fixture.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp(handCluster(), {}, 'xinlian-contagion-api-');
});

afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('GET /api/contagion', () => {
  it('threshold cascade from F1: system loss 191, F1 and F3 default, channels 45/116/25/5', async () => {
    const res = await get('/api/contagion?shock=F1&model=threshold&top=3');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.model).toBe('threshold');
    expect(body.systemLoss).toBe(191);
    expect(body.defaults).toBe(2);
    expect(body.breakdown.byChannel).toEqual({ guarantee: 45, loan: 116, receivables: 25, input: 5 });
    // Largest losses: B1 58 and B2 58 (tie → lower index first), then F3 40.
    expect(body.topLosses.map((n: { id: string }) => n.id)).toEqual(['B1', 'B2', 'F3']);
    expect(body.rounds.map((r: { round: number }) => r.round)).toEqual([0, 1, 2]);
    expect(body.breakdown.system.nplRatio).toBeCloseTo(330 / 430, 12);
  });

  it('defaults to DebtRank and to 20 listed nodes', async () => {
    const body = (await get('/api/contagion?shock=park:P1')).json();
    expect(body.model).toBe('debtrank');
    expect(body.shock.nodes).toBe(2);
    expect(body.diagnostics.converged).toBe(true);
  });

  it('validates the query: unknown model and missing shock → 400, unknown firm → 404', async () => {
    expect((await get('/api/contagion?shock=F1&model=magic')).statusCode).toBe(400);
    expect((await get('/api/contagion')).statusCode).toBe(400);
    expect((await get('/api/contagion?shock=F1&top=-1')).statusCode).toBe(400);
    const missing = await get('/api/contagion?shock=NOPE');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('not_found');
    expect((await get('/api/contagion?shock=uniform:5')).json().error).toBe('bad_request');
  });
});

describe('GET /api/impact', () => {
  it('ranks the firms by systemic impact', async () => {
    const res = await get('/api/impact?top=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.firms).toBe(5);
    expect(body.top).toHaveLength(2);
    expect(body.top[0].rank).toBe(1);
    expect(body.top[0].impact).toBeGreaterThanOrEqual(body.top[1].impact);
    expect((await get('/api/impact?top=x')).statusCode).toBe(400);
  });
});
