/**
 * The HTTP API through fastify's inject (no socket) on the hand-built dataset of
 * fixture.ts (every expected number is worked out in its header) and on a
 * generated cluster (sizes checked against the Dataset itself).
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCluster } from '../../data/generator/index.ts';
import { datasetSummary } from '../../src/analysis/metrics/index.ts';
import { buildSnapshot } from '../../src/engine/index.ts';
import { escapeHtml } from '../../src/report/index.ts';
import { buildApp, type GraphPayload } from '../../src/server/index.ts';
import { startTestApp, type TestApp } from '../helpers/server.ts';
import { tinyDataset } from './fixture.ts';

let t: TestApp;
let dir: string;
let webRoot: string;
let app: FastifyInstance;

beforeAll(async () => {
  t = await startTestApp(tinyDataset(), {
    'index.html': '<!doctype html><title>viewer</title>',
    'assets/app.js': 'console.log("viewer")',
  }, 'xinlian-server-');
  ({ app, dir, webRoot } = t);
});

afterAll(async () => t.close());

const get = (url: string) => app.inject({ method: 'GET', url });

describe('GET /api/summary', () => {
  it('reports the hand-counted totals of the tiny dataset', async () => {
    const r = await get('/api/summary');
    expect(r.statusCode).toBe(200);
    const s = r.json();
    // 4 firms, one of them the guarantee company GC.
    expect(s.counts.firms).toEqual({ total: 4, enterprise: 3, guarantor: 1 });
    expect(s.counts.banks.byKind).toMatchObject({ state: 1, rural: 1 });
    expect(s.counts.loans.byStatus).toMatchObject({ normal: 2, special_mention: 1, unspecified: 1 });
    // loans 80 + 20 + 50 + 30 = 180; guarantees 40 + 30 + 10 + 30 = 110; supply 200 + 120 = 320; L2 (20) is risk-shared.
    expect(s.exposure).toEqual({ loanOutstanding: 180, guaranteed: 110, supplyValue: 320, riskShareCovered: 20 });
    // F1 ⇄ F2 is the only circle.
    expect(s.circles).toEqual({ count: 1, sizes: [2], largest: 2, firmsInCircles: 2 });
    // P1 = {F1, F2}: loans 80 + 20 + 50 = 150, guaranteed on their borrowing 40 + 30 + 10 = 80, employees 12 (F1 unknown).
    expect(s.parks).toEqual([{ id: 'P1', name: '东园 <b>&</b>', kind: 'micro', firms: 2, employees: 12, loansOutstanding: 150, guaranteed: 80 }]);
    // Outside: F3 and GC: loan L4 30, guarantee G4 30, employees 5.
    expect(s.outsideParks).toEqual({ firms: 2, employees: 5, loansOutstanding: 30, guaranteed: 30 });
  });

  it('serialises exactly what datasetSummary returns (the response schema drops nothing)', async () => {
    const ds = generateCluster({ firms: 300, seed: 11 });
    const snapshot = buildSnapshot(ds);
    const big = await buildApp({ dataset: ds, snapshot, webRoot });
    try {
      const r = await big.inject('/api/summary');
      expect(r.json()).toEqual(JSON.parse(JSON.stringify(datasetSummary(snapshot))));
    } finally {
      await big.close();
    }
  });
});

describe('GET /api/graph', () => {
  it('has one node per firm and bank and one edge per loan, guarantee, supply and ownership row', async () => {
    const ds = generateCluster({ firms: 300, seed: 5 });
    const big = await buildApp({ dataset: ds, snapshot: buildSnapshot(ds), webRoot });
    try {
      const g: GraphPayload = (await big.inject('/api/graph')).json();
      const n = ds.firms.length + ds.banks.length;
      const m = ds.loans.length + ds.guarantees.length + ds.supply.length + ds.ownership.length;
      for (const column of Object.values(g.nodes)) expect(column).toHaveLength(n);
      for (const column of Object.values(g.edges)) expect(column).toHaveLength(m);
      expect(g.parks.map((p) => p.id)).toEqual(ds.parks.map((p) => p.id));
      expect(g.nodes.id).toEqual([...ds.firms.map((f) => f.id), ...ds.banks.map((b) => b.id)]);
      expect(g.edges.kind.filter((k) => k === 'guarantee')).toHaveLength(ds.guarantees.length);
      expect(Math.max(...g.edges.source, ...g.edges.target)).toBeLessThan(n);
    } finally {
      await big.close();
    }
  });

  it('gives the hand-computed columns of the tiny dataset', async () => {
    const g: GraphPayload = (await get('/api/graph')).json();
    expect(g.nodes.id).toEqual(['F1', 'F2', 'F3', 'GC', 'B1', 'B2']);
    expect(g.nodes.type).toEqual(['firm', 'firm', 'firm', 'firm', 'bank', 'bank']);
    expect(g.nodes.park).toEqual([0, 0, -1, -1, -1, -1]);
    expect(g.nodes.industry).toEqual(['C3311', 'C3312', 'C2231', 'L7296', '', '']);
    // F1 borrows L1 80 + L2 20; F2 L3 50; F3 L4 30.
    expect(g.nodes.borrowing).toEqual([100, 50, 30, 0, 0, 0]);
    // Only F1 has equity; banks carry their capital.
    expect(g.nodes.equity).toEqual([100, null, null, null, 1000, 500]);
    expect(g.nodes.flags).toEqual(['tech', '', '', '', '', '']);
    // Order: loans, guarantees, supply, ownership; B1 = node 4, B2 = node 5.
    expect(g.edges.kind).toEqual(['loan', 'loan', 'loan', 'loan', 'guarantee', 'guarantee', 'guarantee', 'guarantee', 'supply', 'supply', 'ownership', 'ownership']);
    expect(g.edges.source).toEqual([4, 5, 4, 5, 1, 0, 2, 3, 2, 0, 0, 4]);
    expect(g.edges.target).toEqual([0, 0, 1, 2, 0, 1, 0, 2, 0, 1, 2, 0]);
    expect(g.edges.weight).toEqual([80, 20, 50, 30, 40, 30, 10, 30, 200, 120, 0.4, 0.1]);
  });

  it('is built once and served from the cache', async () => {
    const a = await get('/api/graph');
    const b = await get('/api/graph');
    expect(b.body).toBe(a.body);
    expect(app.xinlian.graphJson(() => 'rebuilt').toString('utf8')).toBe(a.body);
  });
});

describe('GET /api/firms/:id', () => {
  it('returns the firm with its park, loans, guarantees, trade, ownership and financials', async () => {
    const r = await get('/api/firms/F1');
    expect(r.statusCode).toBe(200);
    const f = r.json();
    expect(f.firm.name).toBe('甲<script>alert(1)</script>');
    expect(f.park.id).toBe('P1');
    expect(f.loans.map((l: { id: string; bank_name: string }) => [l.id, l.bank_name])).toEqual([['L1', '工商银行'], ['L2', '农商行']]);
    expect(f.guaranteesGiven.map((g: { id: string; counterpart_name: string }) => [g.id, g.counterpart_name])).toEqual([['G2', '乙']]);
    expect(f.guaranteesReceived.map((g: { id: string; counterpart_id: string; amount: number }) => [g.id, g.counterpart_id, g.amount])).toEqual([['G1', 'F2', 40], ['G3', 'F3', 10]]);
    expect(f.suppliers).toEqual([{ id: 'F3', name: '丙', value: 200, since: 2015, payment_delay_days: null, disputes: null }]);
    expect(f.customers).toEqual([{ id: 'F2', name: '乙', value: 120, since: null, payment_delay_days: 30, disputes: 1 }]);
    expect(f.owners).toEqual([{ id: 'B1', name: '工商银行', type: 'bank', share: 0.1 }]);
    expect(f.owned).toEqual([{ id: 'F3', name: '丙', type: 'firm', share: 0.4 }]);
    expect(f.financials.map((x: { year: number }) => x.year)).toEqual([2022, 2023, 2024]);
  });

  it('returns park null and empty lists for a firm outside any park with no ties of a kind', async () => {
    const f = (await get('/api/firms/GC')).json();
    expect(f.park).toBeNull();
    expect(f.loans).toEqual([]);
    expect(f.guaranteesGiven.map((g: { id: string }) => g.id)).toEqual(['G4']);
    expect(f.financials).toEqual([]);
  });

  it('answers 404 not_found JSON for an unknown id, and for a bank or park id', async () => {
    for (const id of ['NOPE', 'B1', 'P1', '%3Cscript%3E']) {
      const r = await get(`/api/firms/${id}`);
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.json().error).toBe('not_found');
    }
  });

  it('answers 400 bad_request when the id breaks its schema', async () => {
    const r = await get(`/api/firms/${'x'.repeat(201)}`);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({ error: 'bad_request', message: expect.stringContaining('200') });
  });
});

describe('errors, headers and static files', () => {
  it('answers unknown /api routes and methods with 404 not_found JSON', async () => {
    for (const [method, url] of [['GET', '/api/nope'], ['GET', '/api'], ['POST', '/api/summary'], ['GET', '/api/firms']] as const) {
      const r = await app.inject({ method, url });
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ error: 'not_found' });
    }
  });

  it('sends the CSP and nosniff headers on API, static and error responses', async () => {
    for (const url of ['/api/summary', '/', '/assets/app.js', '/api/nope', `/api/firms/${'x'.repeat(201)}`]) {
      const r = await get(url);
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).not.toContain('unsafe'); // neither inline script nor inline style nor eval
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('serves index.html at / and assets from the web root, and no index fallback elsewhere', async () => {
    expect((await get('/')).body).toContain('<title>viewer</title>');
    expect((await get('/assets/app.js')).body).toBe('console.log("viewer")');
    expect((await get('/assets/')).statusCode).toBe(404);
    expect((await get('/some/client/route')).statusCode).toBe(404);
  });

  it('says how to build the viewer when the web root is missing, with the path HTML-escaped', async () => {
    const missing = path.join(dir, 'x<img src=x onerror=alert(1)>');
    const ds = tinyDataset();
    const bare = await buildApp({ dataset: ds, snapshot: buildSnapshot(ds), webRoot: missing });
    try {
      const r = await bare.inject('/');
      expect(r.statusCode).toBe(503);
      expect(r.body).toContain('npm run build:web');
      expect(r.body).not.toContain('<img');
      expect(r.body).toContain(escapeHtml(missing));
      expect((await bare.inject('/api/summary')).statusCode).toBe(200);
    } finally {
      await bare.close();
    }
  });
});
