/**
 * Push-down queries against the engine's in-memory answers on the same data:
 * circles = strongly connected components (src/engine/scc.ts, Tarjan 1972),
 * chains = breadth-first distances on the guarantee CSR and firmChains,
 * neighbourhood = BFS over every credit edge kind ignoring direction, not through
 * hubs (written out here). Plus a hand-drawn example.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCluster } from '../../data/generator/index.ts';
import { buildSnapshot, stronglyConnectedComponents, type Csr, type Snapshot } from '../../src/engine/index.ts';
import { Neo4jError } from '../../src/io/errors.ts';
import { firmChains } from '../../src/analysis/guarantee/index.ts';
import { guaranteeChainsOf, guaranteeCircleOf, importDataset, loadDataset, neighbourhoodOf } from '../../src/io/neo4j/index.ts';
import { firmChainsOf } from '../../src/io/neo4j/pushdown.ts';
import type { Dataset } from '../../src/model/schema.ts';
import { clearDatabase, openHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => { h = await openHarness(); });
afterAll(async () => { await h?.close(); });

/** BFS hop counts from `source` over one or more CSRs (unreached = −1), up to `depth`. */
function bfs(n: number, csrs: Csr[], source: number, depth: number): Int32Array {
  const dist = new Int32Array(n).fill(-1);
  dist[source] = 0;
  let frontier = [source];
  for (let d = 1; d <= depth && frontier.length > 0; d++) {
    const next: number[] = [];
    for (const v of frontier) {
      for (const c of csrs) {
        for (let e = c.offsets[v]!; e < c.offsets[v + 1]!; e++) {
          const w = c.nbr[e]!;
          if (dist[w] === -1) { dist[w] = d; next.push(w); }
        }
      }
    }
    frontier = next;
  }
  return dist;
}

/**
 * The hand example: A→B→C→A is a circle (guarantor → borrower), C→D and D→E a
 * chain hanging off it, X↔Y a mutual pair (a circle of size 2), Z alone.
 */
function handGraph(): Dataset {
  const firm = (id: string) => ({ id, name: id, industry: 'C33', kind: 'enterprise' as const, lgd: 0.45, flags: [] });
  const g = (id: string, a: string, b: string, amount: number) => ({ id, guarantor_id: a, borrower_id: b, amount });
  return {
    meta: { name: 'hand', formatVersion: 1, currency: 'CNY', unit: 1 },
    firms: ['A', 'B', 'C', 'D', 'E', 'X', 'Y', 'Z'].map(firm), parks: [], banks: [{ id: 'K', name: 'K', capital: 1 }],
    loans: [{ id: 'L1', bank_id: 'K', borrower_id: 'E', outstanding: 7 }],
    guarantees: [g('g1', 'A', 'B', 10), g('g2', 'B', 'C', 20), g('g3', 'C', 'A', 30), g('g4', 'C', 'D', 5), g('g5', 'D', 'E', 1), g('g6', 'X', 'Y', 2), g('g7', 'Y', 'X', 3)],
    supply: [{ supplier_id: 'Z', customer_id: 'E', value: 4 }], ownership: [], financials: [],
  };
}

describe('push-down on a hand-drawn graph', () => {
  beforeAll(async () => {
    await clearDatabase(h.conn);
    await importDataset(h.conn, handGraph());
  });

  it('the circle through A is {A, B, C} with 10 + 20 + 30 = 60 guaranteed inside; C→D is not inside', async () => {
    const c = await guaranteeCircleOf(h.conn, 'A');
    expect(c!.members).toEqual(['A', 'B', 'C']);
    expect(c!.edges.map((e) => e.id)).toEqual(['g1', 'g2', 'g3']);
    expect(c!.totalGuaranteed).toBe(60);
  });

  it('a mutual pair X↔Y is a circle of size 2; D, E and Z are in none', async () => {
    expect((await guaranteeCircleOf(h.conn, 'Y'))!.members).toEqual(['X', 'Y']);
    expect(await guaranteeCircleOf(h.conn, 'D')).toBeNull();
    expect(await guaranteeCircleOf(h.conn, 'Z')).toBeNull();
  });

  it('chains: A guarantees B (1 hop), C (2), D (3 via C); E needs 4 hops', async () => {
    const down = await guaranteeChainsOf(h.conn, 'A', { depth: 3, direction: 'borrowers' });
    expect(down.reached.map((r) => [r.id, r.hops])).toEqual([['B', 1], ['C', 2], ['D', 3]]);
    expect(down.reached[2]!.path).toEqual(['A', 'B', 'C', 'D']);
    expect(down.options).toEqual({ depth: 3, direction: 'borrowers' });
  });

  it('chains: E is backed by D (1), C (2), B (3) — against the guarantee direction', async () => {
    const up = await guaranteeChainsOf(h.conn, 'E', { depth: 3, direction: 'guarantors' });
    expect(up.reached.map((r) => [r.id, r.hops])).toEqual([['D', 1], ['C', 2], ['B', 3]]);
  });

  it('neighbourhood of E at 1 hop: D (guarantee), K (loan), Z (supply) and their three edges', async () => {
    const nb = await neighbourhoodOf(h.conn, 'E', { hops: 1 });
    expect(nb.nodes.map((n) => [n.id, n.type, n.hops])).toEqual([['E', 'firm', 0], ['D', 'firm', 1], ['K', 'bank', 1], ['Z', 'firm', 1]]);
    // Rows: L1 is loan 0, g5 guarantee 4, Z→E supply 0.
    expect(nb.edges).toEqual([
      { kind: 'loan', row: 0, source: 'K', target: 'E', weight: 7 },
      { kind: 'guarantee', row: 4, source: 'D', target: 'E', weight: 1 },
      { kind: 'supply', row: 0, source: 'Z', target: 'E', weight: 4 },
    ]);
    expect(nb.truncated).toBe(false);
    expect(nb.nodes.filter((n) => n.hub).map((n) => n.id)).toEqual(['K']);
    const capped = await neighbourhoodOf(h.conn, 'E', { hops: 1, limit: 2 });
    expect(capped.nodes.map((n) => n.id)).toEqual(['E', 'D']);
    expect(capped.truncated).toBe(true);
  });

  it('2 hops from E: through D to C (g4), not through the bank K (a hub)', async () => {
    const nb = await neighbourhoodOf(h.conn, 'E', { hops: 2 });
    expect(nb.nodes.map((n) => [n.id, n.hops])).toEqual([['E', 0], ['D', 1], ['K', 1], ['Z', 1], ['C', 2]]);
    expect(nb.edges.map((e) => `${e.source}→${e.target}`)).toEqual(['K→E', 'C→D', 'D→E', 'Z→E']);
  });

  it('unknown firms and out-of-range depths are Neo4jErrors; ids are parameters, not Cypher', async () => {
    await expect(guaranteeCircleOf(h.conn, "A'}) DETACH DELETE n //")).rejects.toThrow(/unknown firm/);
    await expect(neighbourhoodOf(h.conn, "A'}) DETACH DELETE n //")).rejects.toThrow(/unknown firm/);
    await expect(firmChainsOf(h.conn, "A'}) DETACH DELETE n //")).rejects.toThrow(/unknown firm/);
    await expect(guaranteeChainsOf(h.conn, 'A', { depth: 0 })).rejects.toBeInstanceOf(Neo4jError);
    await expect(guaranteeChainsOf(h.conn, 'A', { depth: 2.5 })).rejects.toBeInstanceOf(Neo4jError);
    expect((await loadDataset(h.conn)).firms).toHaveLength(8);
  });
});

describe('push-down equals the engine on a generated cluster', () => {
  let ds: Dataset;
  let s: Snapshot;
  beforeAll(async () => {
    ds = generateCluster({ firms: 400, seed: 5 });
    s = buildSnapshot(ds);
    await clearDatabase(h.conn);
    await importDataset(h.conn, ds);
  });

  it('every circle member and every 10th firm: the circle through it equals its strongly connected component (size ≥ 2)', async () => {
    const scc = stronglyConnectedComponents(s.n, s.guarantee.out);
    let inCircles = 0;
    for (let v = 0; v < s.nFirms; v++) {
      if (scc.size[scc.comp[v]!]! < 2 && v % 10 !== 0) continue;
      const members = s.ids.filter((_, u) => scc.comp[u] === scc.comp[v]).sort();
      const circle = await guaranteeCircleOf(h.conn, s.ids[v]!);
      if (scc.size[scc.comp[v]!]! >= 2) {
        inCircles++;
        expect(circle?.members).toEqual(members);
        const inside = ds.guarantees.filter((g) => scc.comp[s.index.get(g.guarantor_id)!] === scc.comp[v] && scc.comp[s.index.get(g.borrower_id)!] === scc.comp[v]);
        expect(circle!.totalGuaranteed).toBeCloseTo(inside.reduce((t, g) => t + g.amount, 0), 6);
      } else {
        expect(circle).toBeNull();
      }
    }
    // The generator plants circles; a run that finds none would test nothing.
    expect(inCircles).toBeGreaterThan(0);
  }, 180_000);

  it('chains up to depth 3 both ways equal BFS distances on the guarantee CSR', async () => {
    let reachedAny = 0;
    for (let v = 0; v < s.nFirms; v += 7) {
      for (const direction of ['borrowers', 'guarantors'] as const) {
        const dist = bfs(s.n, [direction === 'borrowers' ? s.guarantee.out : s.guarantee.in], v, 3);
        const expected = [...dist.keys()].filter((u) => u !== v && dist[u]! > 0).map((u) => [s.ids[u]!, dist[u]!] as [string, number])
          .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        const got = await guaranteeChainsOf(h.conn, s.ids[v]!, { depth: 3, direction });
        expect(got.reached.map((r) => [r.id, r.hops])).toEqual(expected);
        for (const r of got.reached) expect(r.path).toHaveLength(r.hops + 1);
        reachedAny += expected.length;
      }
    }
    expect(reachedAny).toBeGreaterThan(0);
  });

  it('2- and 3-hop neighbourhoods equal an undirected BFS that does not go through banks or firms above hubDegree', async () => {
    const csrs = [s.loan, s.guarantee, s.supply, s.ownership].flatMap((k) => [k.out, k.in]);
    const degree = (v: number) => csrs.reduce((d, c) => d + c.offsets[v + 1]! - c.offsets[v]!, 0);
    const hubDegree = 12;
    let blocked = 0;
    for (let v = 3; v < s.nFirms; v += 41) {
      for (const hops of [2, 3]) {
        // The reference: BFS from v; a node is expanded when it is v, or a firm with degree ≤ hubDegree.
        const dist = new Int32Array(s.n).fill(-1);
        dist[v] = 0;
        let frontier = [v];
        for (let d = 1; d <= hops; d++) {
          const next: number[] = [];
          for (const u of frontier) {
            if (u !== v && (u >= s.nFirms || degree(u) > hubDegree)) { blocked++; continue; }
            for (const c of csrs) for (let e = c.offsets[u]!; e < c.offsets[u + 1]!; e++) if (dist[c.nbr[e]!] === -1) { dist[c.nbr[e]!] = d; next.push(c.nbr[e]!); }
          }
          frontier = next;
        }
        const expected = [...dist.keys()].filter((u) => dist[u]! >= 0).map((u) => s.ids[u]!).sort();
        const nb = await neighbourhoodOf(h.conn, s.ids[v]!, { hops, limit: 100_000, hubDegree });
        expect(nb.nodes.map((n) => n.id).sort()).toEqual(expected);
        for (const n of nb.nodes) expect(n.hops).toBe(dist[s.index.get(n.id)!]);
        // Edges: every relationship of the dataset whose two ends were returned.
        const inside = new Set(expected.map((id) => s.index.get(id)!));
        const count = [s.loan, s.guarantee, s.supply, s.ownership].reduce((t, k) => t + [...k.src.keys()].filter((e) => inside.has(k.src[e]!) && inside.has(k.dst[e]!)).length, 0);
        expect(nb.edges).toHaveLength(count);
      }
    }
    expect(blocked).toBeGreaterThan(0);
  });

  it('firmChainsOf equals firmChains on the Snapshot (src/analysis/guarantee/chains.ts), cuts included', async () => {
    let reached = 0;
    for (let v = 0; v < s.nFirms; v += 13) {
      for (const o of [{ hops: 3, maxFirms: 500 }, { hops: 5, maxFirms: 4 }]) {
        const mem = firmChains(s, v, o);
        expect(await firmChainsOf(h.conn, s.ids[v]!, o)).toEqual(mem);
        reached += mem.up.length + mem.down.length;
      }
    }
    expect(reached).toBeGreaterThan(0);
  });
});
