import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildCsr } from '../../src/engine/csr.ts';
import { stronglyConnectedComponents } from '../../src/engine/scc.ts';
import { reachability } from '../helpers/reachability.ts';

function csrOf(n: number, edges: [number, number][]) {
  return buildCsr(n, Int32Array.from(edges.map((e) => e[0])), Int32Array.from(edges.map((e) => e[1])));
}

describe('stronglyConnectedComponents (Tarjan, iterative)', () => {
  it('finds the textbook example: 0→1→2→0, 2→3, 3→4→3', () => {
    // Hand-worked: {0,1,2} and {3,4} are the two cycles; 3,4 are a sink so they complete first.
    const r = stronglyConnectedComponents(5, csrOf(5, [[0, 1], [1, 2], [2, 0], [2, 3], [3, 4], [4, 3]]));
    expect(r.count).toBe(2);
    expect(r.comp[0]).toBe(r.comp[1]);
    expect(r.comp[1]).toBe(r.comp[2]);
    expect(r.comp[3]).toBe(r.comp[4]);
    expect(r.comp[3]).toBeLessThan(r.comp[0]);
    expect([...r.size].sort()).toEqual([2, 3]);
  });

  it('does not overflow on a 1,000,000-node path and cycle', () => {
    const n = 1_000_000;
    const from = new Int32Array(n), to = new Int32Array(n);
    for (let i = 0; i < n; i++) { from[i] = i; to[i] = (i + 1) % n; }
    expect(stronglyConnectedComponents(n, buildCsr(n, from, to)).count).toBe(1);
    const r = stronglyConnectedComponents(n, buildCsr(n, from.subarray(0, n - 1), to.subarray(0, n - 1)));
    expect(r.count).toBe(n);
  });

  it('equals mutual reachability on random small graphs (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 30 }))),
      ([n, edges]) => {
        const r = stronglyConnectedComponents(n, csrOf(n, edges));
        // Naive oracle: u and v share a component iff each reaches the other.
        const R = reachability(n, edges);
        for (let u = 0; u < n; u++) for (let v = 0; v < n; v++) {
          expect(r.comp[u] === r.comp[v]).toBe(R[u][v] && R[v][u]);
        }
        for (const [a, b] of edges) expect(r.comp[a]).toBeGreaterThanOrEqual(r.comp[b]);
      },
    ), { numRuns: 300 });
  });
});
