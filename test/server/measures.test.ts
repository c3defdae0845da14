/**
 * GET /api/measures on the tiny dataset of fixture.ts: every column is aligned with
 * /api/graph's node order and equals, firm by firm, what the route of the same analysis
 * returns (/api/impact, /api/reputation, /api/screening, /api/communities), so the map
 * colours by exactly the numbers the other views show. Plus the HTTP contract (400s).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { buildSnapshot } from '../../src/engine/index.ts';
import { systemicImpact } from '../../src/analysis/contagion/index.ts';
import { getJson } from '../helpers/server.ts';
import type { GraphPayload } from '../../src/server/index.ts';
import { measure, type MeasuresPayload } from '../../src/server/routes/measures.ts';
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

describe('GET /api/measures', () => {
  it('returns columns aligned with /api/graph that equal the other routes, firm by firm', async () => {
    const graph = (await get('/api/graph')).body as GraphPayload;
    const r = await get('/api/measures?names=impact,vulnerability,chainStrength,screening,community');
    expect(r.status).toBe(200);
    const m = r.body as MeasuresPayload;
    const ids = graph.nodes.id;
    // Fixture: 4 firms (F1, F2, F3, GC) then 2 banks (B1, B2).
    expect(ids).toEqual(['F1', 'F2', 'F3', 'GC', 'B1', 'B2']);
    expect(m.nodes).toBe(6);
    for (const column of Object.values(m.columns)) expect(column).toHaveLength(6);

    const impact = (await get('/api/impact?top=100')).body as { top: { firm: string; impact: number; vulnerability: number }[] };
    const reputation = (await get('/api/reputation?top=100')).body as { firms: { firm: string; chainStrength: number }[] };
    const screening = (await get('/api/screening')).body as { excluded: { firm: string; reasons: { code: string }[] }[]; counts: Record<string, number> };
    const communities = (await get('/api/communities?full=true')).body as { community: Record<string, number>; count: number };

    for (const row of impact.top) {
      const v = ids.indexOf(row.firm);
      expect(m.columns.impact![v], row.firm).toBe(row.impact);
      expect(m.columns.vulnerability![v], row.firm).toBe(row.vulnerability);
    }
    expect(impact.top).toHaveLength(4);
    for (const row of reputation.firms) expect(m.columns.chainStrength![ids.indexOf(row.firm)], row.firm).toBe(row.chainStrength);
    expect(reputation.firms).toHaveLength(4);
    for (const [firm, c] of Object.entries(communities.community)) expect(m.columns.community![ids.indexOf(firm)], firm).toBe(c);
    expect(m.info.community!.count).toBe(communities.count);

    // Screening status from the exclusion reasons of /api/screening: one reason → its code,
    // several → 'multiple'; GC is the fixture's professional guarantee company.
    for (let v = 0; v < 4; v++) {
      const ex = screening.excluded.find((e) => e.firm === ids[v]);
      const expected = ex ? (ex.reasons.length > 1 ? 'multiple' : ex.reasons[0].code) : ids[v] === 'GC' ? 'guarantor' : 'passed';
      expect(m.columns.screening![v], ids[v]).toBe(expected);
    }
    const passed = m.columns.screening!.filter((x) => x === 'passed').length;
    expect(m.info.screening!.passed).toBe(passed);
    expect(passed).toBe(screening.counts.passed);

    // Banks carry no firm measure; vulnerability is defined for banks too (a bank is distressed by firm defaults).
    for (const v of [4, 5]) {
      expect(m.columns.impact![v]).toBeNull();
      expect(m.columns.chainStrength![v]).toBeNull();
      expect(m.columns.screening![v]).toBeNull();
      expect(m.columns.community![v]).toBeNull();
      expect(typeof m.columns.vulnerability![v]).toBe('number');
    }
    // The legend range is the column's range.
    const firmImpacts = m.columns.impact!.filter((x): x is number => x !== null);
    expect(m.info.impact).toEqual({ min: Math.min(...firmImpacts), max: Math.max(...firmImpacts) });
  });

  it('returns only the columns asked for', async () => {
    const r = await get('/api/measures?names=chainStrength');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.columns)).toEqual(['chainStrength']);
    expect(Object.keys(r.body.info)).toEqual(['chainStrength']);
  });

  it('above the full-sweep limit, serves impact only once the all-firm sweep exists', () => {
    // A fresh state on the 4-firm fixture with a limit of 2 firms: the sweep is not started
    // by a colouring (it is O(firms × edges), an hour at 100k firms).
    const state = new ServerState(ds, s);
    expect(() => measure(state, 'impact', 2)).toThrow(/run GET \/api\/impact once/);
    expect(() => measure(state, 'vulnerability', 2)).toThrow(/more than 2/);
    expect(measure(state, 'chainStrength', 2).column).toHaveLength(6); // other measures are unaffected
    state.memo('impact', () => systemicImpact(s, state.exposures())); // what GET /api/impact does
    expect(measure(state, 'impact', 2).column.slice(0, 4).every((x) => typeof x === 'number')).toBe(true);
  });

  it('refuses a missing, empty or unknown name with 400 bad_request', async () => {
    for (const url of ['/api/measures', '/api/measures?names=', '/api/measures?names=,', '/api/measures?names=impact,pagerank']) {
      const r = await get(url);
      expect(r.status, url).toBe(400);
      expect(r.body.error, url).toBe('bad_request');
    }
    expect((await get('/api/measures?names=impact,pagerank')).body.message).toContain("unknown measure 'pagerank'");
  });
});
