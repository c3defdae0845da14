/**
 * The import's write plan (src/io/neo4j/import.ts) and concurrent imports against
 * the real server. The plan must write every row exactly once, and two lanes of
 * one phase must never lock the same node: for relationship tables their
 * endpoint sets are disjoint, for node tables the shared node (a firm's park, a
 * financials row's firm) is taken in ascending order. Checked here from the
 * encoded columns themselves, on a generated cluster; expected counts come from
 * the dataset (expectedCounts), not from Neo4j.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateCluster } from '../../data/generator/index.ts';
import { encodeDataset, importDataset, loadDataset, STORAGE, type ImportProgress } from '../../src/io/neo4j/index.ts';
import { TABLES, type TableName } from '../../src/model/schema.ts';
import { clearDatabase, expectedCounts, openHarness, storedCounts, type Harness } from './harness.ts';

const ds = generateCluster({ firms: 600, seed: 3 });

/** Neo4j integers (seq) → numbers. */
const num = (v: unknown) => (typeof v === 'number' ? v : (v as { toNumber(): number }).toNumber());

describe('write plan', () => {
  it.each([1, 2, 3])('with %i lane(s) writes every row of every table exactly once, phases covering the rows in order', (lanes) => {
    const enc = encodeDataset(ds, lanes);
    for (const table of TABLES) {
      const e = enc[table];
      expect(e.length).toBe(ds[table].length);
      // seq (column p0, the row's position in its table) is a permutation of 0..n-1.
      const seq = e.columns.p0!.map(num).sort((a, b) => a - b);
      expect(seq).toEqual(Array.from({ length: e.length }, (_, i) => i));
      // Lanes tile [0, n) without gaps or overlaps, phase after phase.
      const ranges = e.phases.flat();
      let at = 0;
      for (const r of ranges) {
        expect(r.start).toBe(at);
        expect(r.end).toBeGreaterThan(r.start);
        at = r.end;
      }
      expect(at).toBe(e.length);
      for (const phase of e.phases) expect(phase.length).toBeLessThanOrEqual(lanes);
    }
  });

  it('one lane keeps the table order', () => {
    const enc = encodeDataset(ds, 1);
    for (const table of TABLES) {
      expect(enc[table].phases).toEqual(ds[table].length > 0 ? [[{ start: 0, end: ds[table].length }]] : []);
      if (table !== 'firms' && table !== 'financials') {
        expect(enc[table].columns.p0!.map(num)).toEqual(ds[table].map((_, i) => i));
      }
    }
  });

  it('concurrent lanes of a relationship table touch disjoint nodes; only the last phase crosses lanes', () => {
    for (const lanes of [2, 3]) {
      const enc = encodeDataset(ds, lanes);
      for (const table of TABLES.filter((t) => STORAGE[t].kind === 'rel')) {
        const e = enc[table];
        const from = e.columns.from as string[];
        const to = e.columns.to as string[];
        const first = e.phases[0]!;
        expect(first.length).toBeGreaterThan(1); // the split leaves work for more than one session
        const owner = new Map<string, number>();
        first.forEach((lane, k) => {
          for (let r = lane.start; r < lane.end; r++) {
            for (const id of [from[r]!, to[r]!]) {
              expect(owner.get(id) ?? k).toBe(k);
              owner.set(id, k);
            }
          }
        });
        // Crossing rows come last, in one lane.
        expect(e.phases.length).toBeLessThanOrEqual(2);
        if (e.phases.length === 2) expect(e.phases[1]!.length).toBe(1);
        // The endpoints of each row are the dataset's (same multiset of pairs as the table).
        const [f, t] = STORAGE[table].ends!;
        const pairs = (ds[table] as unknown as Record<string, string>[]).map((row) => `${row[f]}→${row[t]}`).sort();
        expect(from.map((a, r) => `${a}→${to[r]}`).sort()).toEqual(pairs);
      }
    }
  });

  it('node tables are written in ascending order of the node their rows share (park, firm)', () => {
    const enc = encodeDataset(ds, 2);
    const parks = (enc.firms.columns.park as (string | null)[]).map((p) => p ?? '');
    expect(parks).toEqual([...parks].sort());
    const firmIdCol = `p${enc.financials.props.indexOf('firm_id')}`;
    const firms = enc.financials.columns[firmIdCol] as string[];
    expect(firms).toEqual([...firms].sort());
  });

  it('property: any lane count keeps every row once and relationship lanes disjoint', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 50, max: 150 }), fc.integer({ min: 1, max: 50 }), (lanes, firms, seed) => {
      const small = generateCluster({ firms, seed });
      const enc = encodeDataset(small, lanes);
      for (const table of TABLES) {
        const e = enc[table];
        expect(e.phases.flat().reduce((n, r) => n + r.end - r.start, 0)).toBe(small[table].length);
        if (STORAGE[table].kind === 'rel' && e.phases.length > 0 && e.phases[0]!.length > 1) {
          const seen = new Map<string, number>();
          e.phases[0]!.forEach((lane, k) => {
            for (let r = lane.start; r < lane.end; r++) {
              for (const id of [(e.columns.from as string[])[r]!, (e.columns.to as string[])[r]!]) {
                if ((seen.get(id) ?? k) !== k) return expect.fail(`${table}: node ${id} in lanes ${seen.get(id)} and ${k}`);
                seen.set(id, k);
              }
            }
          });
        }
      }
    }), { numRuns: 25 });
  });
});

describe('concurrent import into Neo4j', () => {
  let h: Harness;
  beforeAll(async () => { h = await openHarness(); }, 180_000);
  afterAll(async () => { await h?.close(); });
  beforeEach(async () => { await clearDatabase(h.conn); });

  it('two and three sessions with small batches give the counts and values of the dataset, and a one-session re-run changes nothing', async () => {
    for (const concurrency of [2, 3]) {
      await clearDatabase(h.conn);
      const seen: ImportProgress[] = [];
      const r = await importDataset(h.conn, ds, { batchSize: 97, concurrency, onProgress: (p) => seen.push(p) });
      expect(r.rows).toEqual(Object.fromEntries(TABLES.map((t) => [t, ds[t].length])) as Record<TableName, number>);
      expect(await storedCounts(h.conn)).toEqual(expectedCounts(ds));
      // Progress counts up to the total, one report per batch.
      const total = TABLES.reduce((n, t) => n + ds[t].length, 0);
      expect(seen.at(-1)!.rowsDone).toBe(total);
      expect(seen.map((p) => p.rowsDone)).toEqual([...seen.map((p) => p.rowsDone)].sort((a, b) => a - b));
    }
    expect(await loadDataset(h.conn)).toEqual(ds);
    await importDataset(h.conn, ds, { batchSize: 500, concurrency: 1 });
    expect(await storedCounts(h.conn)).toEqual(expectedCounts(ds));
    expect(await loadDataset(h.conn)).toEqual(ds);
  }, 600_000);

  it('a re-import over changed rows leaves exactly the new values: changed ones replaced, absent ones and extra columns removed', async () => {
    // The statements SET n += {…, prop: null, extra_json: null}: a null must remove what the first import stored.
    const small = generateCluster({ firms: 200, seed: 5 });
    const withExtra = structuredClone(small);
    withExtra.firms[0]!.extra = { legal_rep: '王某' };
    withExtra.firms[1]!.region = 'changed';
    withExtra.loans[0]!.rate = 0.5;
    await importDataset(h.conn, withExtra);
    expect(await loadDataset(h.conn)).toEqual(withExtra);
    const next = structuredClone(small);
    delete next.firms[2]!.region;
    delete next.loans[1]!.maturity;
    await importDataset(h.conn, next, { concurrency: 1 });
    expect(await storedCounts(h.conn)).toEqual(expectedCounts(next));
    expect(await loadDataset(h.conn)).toEqual(next);
  }, 120_000);

  it('refuses a concurrency outside [1, 16]', async () => {
    await expect(importDataset(h.conn, ds, { concurrency: 0 })).rejects.toThrow(/import concurrency must be an integer in \[1, 16\], got 0/);
  });
});
