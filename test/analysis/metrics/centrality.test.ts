import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DirectedGraph } from 'graphology';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import { buildCsr, buildSnapshot } from '../../../src/engine/index.ts';
import { pageRank, pageRankCsr } from '../../../src/analysis/metrics/index.ts';
import { dataset, firm, guarantees } from '../guarantee/fixture.ts';

// CommonJS module with an ESM-style .d.ts: the function is the module itself at run time.
type GraphologyPagerank = (g: DirectedGraph, o: { getEdgeWeight: string | null; tolerance: number; maxIterations: number }) => Record<string, number>;
const loaded = pagerankModule as unknown as GraphologyPagerank & { default?: GraphologyPagerank };
const pagerank: GraphologyPagerank = loaded.default ?? loaded;

describe('pageRank', () => {
  it('solves a two-node graph with a dangling node by hand', () => {
    // 0 → 1, node 1 dangling, α = 0.85. Stationary equations with uniform dangling mass:
    //   x0 = (1 − α)/2 + α·x1/2,  x0 + x1 = 1  ⇒  1 − x1 = 0.075 + 0.425·x1  ⇒  x1 = 0.925/1.425.
    const r = pageRankCsr(2, buildCsr(2, Int32Array.of(0), Int32Array.of(1)), null, { tolerance: 1e-14, maxIterations: 1000 });
    // Weighted, with the incoming CSR derived internally: one edge, so the weight cannot matter.
    const w = pageRankCsr(2, buildCsr(2, Int32Array.of(0), Int32Array.of(1)), Float64Array.of(7), { tolerance: 1e-14, maxIterations: 1000 });
    expect(w.rank[1]).toBeCloseTo(0.925 / 1.425, 12);
    expect(r.converged).toBe(true);
    expect(r.rank[1]).toBeCloseTo(0.925 / 1.425, 12);
    expect(r.rank[0]).toBeCloseTo(0.5 / 1.425, 12);
  });

  it('gives 1/N to every node of a directed cycle', () => {
    const n = 5;
    const from = Int32Array.from({ length: n }, (_, i) => i), to = Int32Array.from({ length: n }, (_, i) => (i + 1) % n);
    const r = pageRankCsr(n, buildCsr(n, from, to), null);
    for (const x of r.rank) expect(x).toBeCloseTo(0.2, 12);
  });

  it('matches graphology-metrics pagerank on random weighted graphs (property)', () => {
    const graphs = fc.integer({ min: 2, max: 12 }).chain((n) => fc.tuple(
      fc.constant(n),
      fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 2)).map(([a, k]) => [a, (a + 1 + k) % n] as const), { maxLength: 40, selector: ([a, b]) => `${a}>${b}` }),
      fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 40, maxLength: 40 }),
    ));
    fc.assert(fc.property(graphs, ([n, edges, weights]) => {
      const s = buildSnapshot(dataset({
        firms: Array.from({ length: n }, (_, i) => firm(`F${i}`)),
        guarantees: guarantees(edges.map(([a, b], i) => [`F${a}`, `F${b}`, weights[i]])),
      }));
      const g = new DirectedGraph();
      for (let i = 0; i < n; i++) g.addNode(`F${i}`);
      edges.forEach(([a, b], i) => g.addEdge(`F${a}`, `F${b}`, { weight: weights[i] }));
      // graphology stops at ‖Δ‖₁ < N·tolerance, ours at ‖Δ‖₁ < tolerance: run both to 1e-12 / N.
      const theirs = pagerank(g, { getEdgeWeight: 'weight', tolerance: 1e-13, maxIterations: 10_000 });
      const ours = pageRank(s, { tolerance: 1e-12, maxIterations: 10_000 });
      for (let i = 0; i < n; i++) expect(ours.rank[i]).toBeCloseTo(theirs[`F${i}`], 10);
      const unweighted = pagerank(g, { getEdgeWeight: null, tolerance: 1e-13, maxIterations: 10_000 });
      const oursU = pageRank(s, { weighted: false, tolerance: 1e-12, maxIterations: 10_000 });
      for (let i = 0; i < n; i++) expect(oursU.rank[i]).toBeCloseTo(unweighted[`F${i}`], 10);
      // reverse: true = PageRank of the graph with every edge turned around (risk direction).
      const back = new DirectedGraph();
      for (let i = 0; i < n; i++) back.addNode(`F${i}`);
      edges.forEach(([a, b], i) => back.addEdge(`F${b}`, `F${a}`, { weight: weights[i] }));
      const theirsBack = pagerank(back, { getEdgeWeight: 'weight', tolerance: 1e-13, maxIterations: 10_000 });
      const oursBack = pageRank(s, { reverse: true, tolerance: 1e-12, maxIterations: 10_000 });
      for (let i = 0; i < n; i++) expect(oursBack.rank[i]).toBeCloseTo(theirsBack[`F${i}`], 10);
      let sum = 0;
      for (const x of ours.rank) sum += x;
      expect(sum).toBeCloseTo(1, 12);
    }), { numRuns: 150 });
  });

  it('carries the options used', () => {
    const s = buildSnapshot(dataset({ firms: [firm('A'), firm('B')], guarantees: guarantees([['A', 'B', 1]]) }));
    expect(pageRank(s, { reverse: true }).options).toEqual({ damping: 0.85, tolerance: 1e-6, maxIterations: 200, weighted: true, edgeKind: 'guarantee', reverse: true });
  });
});
