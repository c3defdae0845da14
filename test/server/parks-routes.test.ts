/**
 * The viewer's firm-panel and park-dashboard routes on the tiny dataset of fixture.ts:
 * GET /api/parks/:id (numbers worked out by hand below), GET /api/firms/:id/screening and
 * /impact (each equal to the firm's entry in the all-firm reports of the analysis modules,
 * which test/analysis checks by hand), GET /api/reputation?firm= (equal to reputationReport),
 * and the 404 / 400 contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { getJson } from '../helpers/server.ts';
import { buildSnapshot } from '../../src/engine/index.ts';
import { buildExposures, systemicImpact, topImpact } from '../../src/analysis/contagion/index.ts';
import { screeningReport } from '../../src/analysis/screening/index.ts';
import { reputationReport } from '../../src/analysis/reputation/index.ts';
import { firmImpact } from '../../src/server/routes/firms.ts';
import { ServerState } from '../../src/server/state.ts';
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

describe('GET /api/parks/:id', () => {
  it('gives the LQ of each division present and the supply ties by direction', async () => {
    const r = await get('/api/parks/P1');
    expect(r.status).toBe(200);
    // Members of P1: F1 (C3311, no employees) and F2 (C3312, 12 employees), both division C33.
    // Employees: C33 in P1 = 12 of the park's 12; region: C33 12 + C22 (F3) 5 = 17 → C33 12/17.
    // LQ(C33, P1) = (12 / 12) / (12 / 17) = 17/12. F1 adds nothing (missing x counts as 0).
    expect(r.body.park).toEqual({ id: 'P1', name: '东园 <b>&</b>', kind: 'micro', lead_industries: ['C33'] });
    expect(r.body.members).toBe(2);
    expect(r.body.measure).toBe('employees');
    expect(r.body.lq).toHaveLength(1);
    expect(r.body.lq[0]).toMatchObject({ division: 'C33', members: 2, x: 12, share: 1 });
    expect(r.body.lq[0].lq).toBeCloseTo(17 / 12, 12);
    // Supply: F1 → F2 120 (both members: internal); F3 → F1 200 (outside supplier: inbound); no outbound.
    expect(r.body.supply).toEqual({ internal: { count: 1, amount: 120 }, inbound: { count: 1, amount: 200 }, outbound: { count: 0, amount: 0 } });
  });

  it('answers 404 for an id that is not a park and 400 for an over-long one', async () => {
    for (const id of ['NOPE', 'F1', 'B1']) {
      const r = await get(`/api/parks/${id}`);
      expect(r.status, id).toBe(404);
      expect(r.body.error).toBe('not_found');
    }
    expect((await get(`/api/parks/${'x'.repeat(201)}`)).status).toBe(400);
  });
});

describe('GET /api/firms/:id/screening', () => {
  const report = screeningReport(s, { top: 100_000, withinDays: 90 });

  it('equals the firm’s place in the full screening report for every firm', async () => {
    for (const firm of ds.firms) {
      const r = await get(`/api/firms/${firm.id}/screening`);
      expect(r.status, firm.id).toBe(200);
      const excluded = report.excluded.find((x) => x.firm === firm.id);
      const listed = report.recommendation.find((x) => x.firm === firm.id) ?? null;
      expect(r.body.reasons).toEqual(plain(excluded?.reasons ?? []));
      expect(r.body.recommendation).toEqual(plain(listed));
      expect(r.body.listed).toBe(report.listed);
      expect(r.body.renewal).toEqual(plain(report.renewal.filter((c) => c.borrower === firm.id)));
      expect(r.body.status).toBe(excluded ? 'excluded' : listed ? 'listed' : 'not_borrower');
    }
    // Both verdicts occur on the fixture, so the loop above checks each branch.
    const statuses = await Promise.all(ds.firms.map(async (f) => (await get(`/api/firms/${f.id}/screening`)).body.status));
    expect(new Set(statuses)).toEqual(new Set(['listed', 'excluded']));
  });

  it('takes withinDays and rejects bad input', async () => {
    const r = await get('/api/firms/F1/screening?withinDays=30');
    expect(r.status).toBe(200);
    expect(r.body.withinDays).toBe(30);
    expect((await get('/api/firms/F1/screening?withinDays=-1')).status).toBe(400);
    expect((await get('/api/firms/B1/screening')).status).toBe(404);
  });
});

describe('GET /api/firms/:id/impact', () => {
  it('equals the firm’s entry of the all-firm impact ranking', async () => {
    const ranking = topImpact(s, systemicImpact(s, buildExposures(s)), s.nFirms);
    for (const entry of ranking) {
      const r = await get(`/api/firms/${entry.firm}/impact`);
      expect(r.status, entry.firm).toBe(200);
      expect(r.body).toMatchObject(plain(entry));
      expect(r.body).toMatchObject({ firms: 4, sweep: true });
    }
    // The all-firm route serves the same numbers (one memo).
    const top = (await get('/api/impact?top=4')).body.top;
    expect(top).toEqual(plain(ranking));
  });

  it('above the sweep size gives the firm’s own run (the sweep’s numbers to rounding) without rank and vulnerability', async () => {
    const full = systemicImpact(s, buildExposures(s));
    const state = new ServerState(ds, s); // a fresh state: no route has run the sweep yet
    for (const f of ds.firms) {
      const k = s.index.get(f.id)!;
      const one = firmImpact(state, f.id, 0);
      expect(one).toMatchObject({ rank: null, vulnerability: null, sweep: false, firms: 4 });
      // The sweep reuses one workspace, so the same terms may be summed in another order: equal to ~1e-15.
      expect(Math.abs(one.impact - full.impact[k])).toBeLessThanOrEqual(1e-12 * Math.abs(full.impact[k]));
      expect(Math.abs(one.systemLoss - full.systemLoss[k])).toBeLessThanOrEqual(1e-12 * Math.abs(full.systemLoss[k]));
      expect(one.reach).toBe(full.reach[k]);
    }
    // Once the sweep exists (GET /api/impact shares the memo), it is used whatever the size.
    state.memo('impact', () => full);
    expect(firmImpact(state, 'F1', 0)).toMatchObject({ sweep: true, impact: full.impact[0], vulnerability: full.vulnerability[0] });
  });

  it('answers 404 for banks and unknown ids', async () => {
    expect((await get('/api/firms/B1/impact')).status).toBe(404);
    expect((await get('/api/firms/NOPE/impact')).body.error).toBe('not_found');
  });
});

describe('GET /api/reputation?firm= (assembled from parts computed once)', () => {
  it('equals reputationReport restricted to the firm, for every firm and twice in a row', async () => {
    for (const firm of ds.firms) {
      for (const top of [50, 3]) {
        const r = await get(`/api/reputation?firm=${firm.id}&top=${top}`);
        expect(r.status).toBe(200);
        expect(r.body).toEqual(plain(reputationReport(s, { top, firm: firm.id })));
      }
    }
  });
});
