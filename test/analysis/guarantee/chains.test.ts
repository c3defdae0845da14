import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSnapshot } from '../../../src/engine/index.ts';
import { firmChains, guaranteeChainDepths } from '../../../src/analysis/guarantee/index.ts';
import { dataset, firm, guarantees, workedExample } from './fixture.ts';

describe('guaranteeChainDepths', () => {
  it('reproduces the worked example', () => {
    // Condensation of the example: F → G → H, F → {A,B,C} → {D,E} (via C → D).
    // depth: F 0; G 1; H 2; {A,B,C} 1; {D,E} 2.   height: H 0, G 1, F 2; {D,E} 0, {A,B,C} 1.
    const r = guaranteeChainDepths(buildSnapshot(workedExample()));
    //                        A  B  C  D  E  F  G  H
    expect([...r.depth]).toEqual([1, 1, 1, 2, 2, 0, 1, 2]);
    expect([...r.height]).toEqual([1, 1, 1, 0, 0, 2, 1, 0]);
    expect(r.maxDepth).toBe(2);
    expect(r.depthHistogram).toEqual([1, 4, 3]);
  });

  /**
   * Brute force: depth(v) = the most component-crossing edges on any simple path ending at v
   * (every path of the condensation lifts to a simple path, since circles are strongly connected),
   * with components from naive mutual reachability; height likewise for paths starting at v.
   */
  function bruteForce(n: number, edges: [number, number][]) {
    const adj: number[][] = Array.from({ length: n }, () => []);
    for (const [a, b] of edges) adj[a].push(b);
    const reach = adj.map((_, s) => {
      const seen = new Array(n).fill(false);
      const stack = [s];
      seen[s] = true;
      while (stack.length) for (const w of adj[stack.pop()!]) if (!seen[w]) { seen[w] = true; stack.push(w); }
      return seen;
    });
    const same = (u: number, v: number) => reach[u][v] && reach[v][u];
    const depth = new Array(n).fill(0), height = new Array(n).fill(0);
    const onPath = new Array(n).fill(false);
    const extend = (start: number, v: number, crossings: number) => {
      if (crossings > depth[v]) depth[v] = crossings;
      if (crossings > height[start]) height[start] = crossings;
      onPath[v] = true;
      for (const w of adj[v]) if (!onPath[w]) extend(start, w, crossings + (same(v, w) ? 0 : 1));
      onPath[v] = false;
    };
    for (let s = 0; s < n; s++) extend(s, s, 0);
    return { depth, height };
  }

  const run = (n: number, edges: [number, number][]) => guaranteeChainDepths(buildSnapshot(dataset({
    firms: Array.from({ length: n }, (_, i) => firm(`F${i}`)),
    guarantees: guarantees(edges.map(([a, b]) => [`F${a}`, `F${b}`, 1])),
  })));

  it('equals brute-force longest paths on random small DAGs (property)', () => {
    // A DAG: edges only from lower to higher rank under a random permutation of the firms.
    const dags = fc.integer({ min: 2, max: 8 }).chain((n) => fc.tuple(
      fc.constant(n),
      fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
      fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 16 }),
    ));
    fc.assert(fc.property(dags, ([n, perm, pairs]) => {
      const edges = pairs.filter(([a, b]) => a < b).map(([a, b]): [number, number] => [perm[a], perm[b]]);
      const r = run(n, edges);
      const bf = bruteForce(n, edges);
      expect([...r.depth]).toEqual(bf.depth);
      expect([...r.height]).toEqual(bf.height);
    }), { numRuns: 300 });
  });

  it('collapses circles: equals brute force on random small graphs with cycles (property)', () => {
    const graphs = fc.integer({ min: 2, max: 7 }).chain((n) => fc.tuple(
      fc.constant(n),
      fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 2)).map(([a, k]): [number, number] => [a, (a + 1 + k) % n]), { maxLength: 12 }),
    ));
    fc.assert(fc.property(graphs, ([n, edges]) => {
      const r = run(n, edges);
      const bf = bruteForce(n, edges);
      expect([...r.depth]).toEqual(bf.depth);
      expect([...r.height]).toEqual(bf.height);
    }), { numRuns: 300 });
  });

  it('handles a 1,000,000-firm chain without recursion', { timeout: 240_000 }, () => {
    const n = 1_000_000;
    const firms = Array.from({ length: n }, (_, i) => firm(`F${i}`));
    const rows = Array.from({ length: n - 1 }, (_, i) => ({ id: `g${i}`, guarantor_id: `F${i}`, borrower_id: `F${i + 1}`, amount: 1 }));
    const r = guaranteeChainDepths(buildSnapshot(dataset({ firms, guarantees: rows })));
    expect(r.maxDepth).toBe(n - 1);
    expect(r.height[0]).toBe(n - 1);
  });
});

describe('firmChains', () => {
  it('walks up to guarantors and down to borrowers by hop', () => {
    const s = buildSnapshot(workedExample());
    // D's guarantors: C (hop 1) and E (hop 1); C's guarantor B at hop 2; E's guarantor D is D itself.
    // D's borrowers: E (hop 1); E's borrower is D itself, so the walk stops.
    const r = firmChains(s, s.index.get('D')!, { hops: 2 });
    expect(r.up).toEqual([{ id: 'C', hop: -1 }, { id: 'E', hop: -1 }, { id: 'B', hop: -2 }]);
    expect(r.down).toEqual([{ id: 'E', hop: 1 }]);
    // Edges followed: B→C (g3), D→E (g5), E→D (g6), C→D (g7).
    expect(r.edges.map((e) => e.id)).toEqual(['g3', 'g5', 'g6', 'g7']);
    expect(r.truncated).toBe(false);
    const capped = firmChains(s, s.index.get('D')!, { hops: 2, maxFirms: 1 });
    expect(capped.up).toHaveLength(1);
    expect(capped.down).toEqual([]); // E is not added again once the cap is reached
    expect(capped.truncated).toBe(true);
  });
});
