/**
 * Random exposure networks for the systemic-impact property tests (impact-batch.test.ts,
 * impact-tolerance.test.ts): n nodes, the first nFirms of them firms, some zero capitals,
 * parallel edges and self-loops; weights ≥ 1e-3 and capitals ≥ 0.5 (or 0), so no product underflows.
 */
import fc from 'fast-check';
import type { Snapshot } from '../../../src/engine/index.ts';
import { exposureNetworkFromEdges, type ExposureNetwork } from '../../../src/analysis/contagion/index.ts';

/** The Snapshot fields systemicImpact reads, for nFirms firms with these PDs (NaN when missing). */
export function firmsOnly(nFirms: number, pd: number[]): Snapshot {
  return { nFirms, pd: Float64Array.from({ length: nFirms }, (_, i) => pd[i] ?? NaN), ids: Array.from({ length: nFirms }, (_, i) => `f${i}`) } as unknown as Snapshot;
}

export const network = (maxN: number, maxDegree: number, size: 'small' | 'max' = 'small') => fc.integer({ min: 1, max: maxN }).chain((n) => fc.record({
  n: fc.constant(n),
  nFirms: fc.integer({ min: 1, max: n }),
  edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 50, noNaN: true }))), { maxLength: n * maxDegree, size }),
  capital: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.5, max: 100, noNaN: true })), { minLength: n, maxLength: n }),
  // PDs of 0 or ≥ 1e-6: a subnormal PD (fast-check tries 2e-323) makes π × h round differently in
  // the two summation orders, and vulnerability = Σ π h / Σ π then blows that rounding up to 0.25.
  pd: fc.array(fc.oneof(fc.constant(NaN), fc.constant(0), fc.double({ min: 1e-6, max: 0.3, noNaN: true })), { minLength: n, maxLength: n }),
}));

export function build(g: { n: number; edges: [number, number, number][]; capital: number[] }): ExposureNetwork {
  return exposureNetworkFromEdges(
    g.n, Int32Array.from(g.edges, (e) => e[0]), Int32Array.from(g.edges, (e) => e[1]),
    Float64Array.from(g.edges, (e) => e[2]), Float64Array.from(g.capital),
  );
}
