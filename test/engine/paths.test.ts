import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pathNodes, strongestPaths, undirectedStrengthGraph } from '../../src/engine/index.ts';

function graph(n: number, edges: [number, number, number][]) {
  return undirectedStrengthGraph(
    n,
    Int32Array.from(edges.map((e) => e[0])),
    Int32Array.from(edges.map((e) => e[1])),
    Float64Array.from(edges.map((e) => e[2])),
    Int32Array.from(edges.map((_, i) => i)),
  );
}

/** Best product over all simple paths from any source, by exhaustive DFS (exponential, tiny graphs only). */
function bruteForce(n: number, edges: [number, number, number][], sources: number[]): number[] {
  const adj: [number, number][][] = Array.from({ length: n }, () => []);
  for (const [a, b, s] of edges) if (s > 0) { adj[a].push([b, Math.min(1, s)]); adj[b].push([a, Math.min(1, s)]); }
  const best = new Array(n).fill(0);
  const on = new Array(n).fill(false);
  const dfs = (v: number, prod: number) => {
    if (prod > best[v]) best[v] = prod;
    on[v] = true;
    for (const [w, s] of adj[v]) if (!on[w]) dfs(w, prod * s);
    on[v] = false;
  };
  for (const src of sources) dfs(src, 1);
  return best;
}

describe('strongestPaths (max-product, multi-source Dijkstra)', () => {
  it('prefers two strong hops over one weak edge (hand calculation)', () => {
    // 0 —0.9— 1 —0.8— 2 and 0 —0.5— 2 ; source 0.
    // Node 2: direct 0.5 vs via 1: 0.9 × 0.8 = 0.72 → 0.72 through node 1.
    // Node 3 hangs off 2 with 0.5: 0.72 × 0.5 = 0.36. Node 4 is isolated: 0.
    const r = strongestPaths(graph(5, [[0, 1, 0.9], [1, 2, 0.8], [0, 2, 0.5], [2, 3, 0.5]]), [0]);
    expect(r.strength[2]).toBeCloseTo(0.72, 12);
    expect(r.strength[3]).toBeCloseTo(0.36, 12);
    expect(r.strength[4]).toBe(0);
    expect(pathNodes(r, 3)).toEqual([0, 1, 2, 3]);
    expect([...r.predEdge]).toEqual([-1, 0, 1, 3, -1]);
    expect(r.origin[3]).toBe(0);
    expect(r.hops[3]).toBe(3);
    expect(r.origin[4]).toBe(-1);
  });

  it('takes the best of several sources', () => {
    // Sources 0 and 3: node 1 is 0.4 from 0 and 0.6 × 0.9 = 0.54 from 3 via 2.
    const r = strongestPaths(graph(4, [[0, 1, 0.4], [1, 2, 0.6], [2, 3, 0.9]]), [0, 3]);
    expect(r.strength[1]).toBeCloseTo(0.54, 12);
    expect(r.origin[1]).toBe(3);
    expect(pathNodes(r, 1)).toEqual([3, 2, 1]);
  });

  it('equals brute-force enumeration of simple paths on random graphs (property)', () => {
    const arb = fc.integer({ min: 1, max: 7 }).chain((n) => fc.tuple(
      fc.constant(n),
      fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1, noNaN: true }))), { maxLength: 14 }),
      fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: 3 }),
    ));
    fc.assert(fc.property(arb, ([n, raw, sources]) => {
      // strength 0 = no tie; strengths ≥ 1e-3 keep products of ≤ 7 hops far from underflow.
      const edges = raw.filter(([a, b]) => a !== b) as [number, number, number][];
      const r = strongestPaths(graph(n, edges), sources);
      const want = bruteForce(n, edges, sources);
      for (let v = 0; v < n; v++) {
        expect(r.strength[v]).toBeCloseTo(want[v], 10);
        // The reported path realizes the reported strength.
        const p = pathNodes(r, v);
        if (want[v] === 0) { expect(p).toEqual([]); continue; }
        expect(sources).toContain(p[0]);
        let prod = 1;
        for (let i = 1; i < p.length; i++) {
          const w = r.predEdge[p[i]];
          const [a, b, s] = edges[w];
          expect([a, b].sort()).toEqual([p[i - 1], p[i]].sort());
          prod *= s;
        }
        expect(prod).toBeCloseTo(r.strength[v], 10);
      }
    }), { numRuns: 300 });
  });
});
