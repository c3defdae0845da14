/**
 * The issue-5 routes (reputation, screening, park fit, communities) on the tiny dataset of
 * fixture.ts: each body equals the analysis function's result (whose numbers are checked by
 * hand in test/analysis/{reputation,screening,cluster}), plus the HTTP contract (404, 400).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { getJson } from '../helpers/server.ts';
import { buildSnapshot } from '../../src/engine/index.ts';
import { reputationReport } from '../../src/analysis/reputation/index.ts';
import { screeningReport } from '../../src/analysis/screening/index.ts';
import { parkFit, parkFitContext } from '../../src/analysis/cluster/index.ts';
import { tinyDataset } from './fixture.ts';

let app: FastifyInstance;
const ds = tinyDataset();
const s = buildSnapshot(ds);

beforeAll(async () => {
  app = await buildApp({ dataset: ds, snapshot: s, webRoot: '/nonexistent-web-root' });
});
afterAll(async () => app.close());

const get = (url: string) => getJson(app, url);
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('reputation routes', () => {
  it('GET /api/reputation returns the report with paths', async () => {
    const r = await get('/api/reputation?top=10');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(plain(reputationReport(s, { top: 10 })));
    // F3 is reached through its own loan from B2 (one hop).
    const f3 = r.body.firms.find((f: { firm: string }) => f.firm === 'F3');
    expect(f3.path[0]).toMatchObject({ from: 'B2', to: 'F3', kind: 'loan' });
  });

  it('GET /api/reputation?firm= unknown → 404', async () => {
    const r = await get('/api/reputation?firm=NOPE');
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('not_found');
  });

  it('GET /api/screening returns list, exclusions and renewal', async () => {
    const r = await get('/api/screening?withinDays=30');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(plain(screeningReport(s, { top: 100, withinDays: 30 })));
    expect(r.body.options.renewal.withinDays).toBe(30);
  });

  it('GET /api/parkfit scores a firm against every park and validates the query', async () => {
    const r = await get('/api/parkfit?firm=F3');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ...plain(parkFit(parkFitContext(s), { firm: 'F3' })), whatIf: null });
    const w = await get('/api/parkfit?industry=C33&park=P1&whatIf=true');
    expect(w.status).toBe(200);
    expect(w.body.whatIf.after.members).toBe(w.body.whatIf.before.members + 1);
    expect((await get('/api/parkfit')).status).toBe(400);
    expect((await get('/api/parkfit?firm=F3&industry=C33')).status).toBe(400);
    expect((await get('/api/parkfit?industry=33')).status).toBe(400);
    expect((await get('/api/parkfit?firm=F3&park=NOPE')).status).toBe(404);
  });

  it('GET /api/parkfit/candidates/:park lists outside firms', async () => {
    const r = await get('/api/parkfit/candidates/P1?top=5');
    expect(r.status).toBe(200);
    expect(r.body.candidates.map((c: { firm: string }) => c.firm)).toEqual(['F3']); // GC is a guarantee company, F1/F2 are inside
  });

  it('GET /api/communities is deterministic for a seed', async () => {
    const a = await get('/api/communities?seed=4&full=true');
    const b = await get('/api/communities?seed=4&full=true');
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
    expect(Object.keys(a.body.community).sort()).toEqual(['F1', 'F2', 'F3', 'GC']);
    expect(a.body.options.louvain.seed).toBe(4);
  });
});
