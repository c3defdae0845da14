/**
 * Systemic impact, vulnerability and circle fragility: hand calculations and agreement with
 * running the single-shock model firm by firm.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSnapshot } from '../../../src/engine/index.ts';
import {
  buildExposures, circleFragility, debtRank, exposureNetworkFromMatrix, spectralRadius, systemicImpact, topImpact,
} from '../../../src/analysis/contagion/index.ts';
import type { Snapshot } from '../../../src/engine/index.ts';
import { handCluster } from './fixture.ts';

/** A Snapshot stand-in with only what systemicImpact reads: nFirms, pd, ids. */
function firmsOnly(n: number, pd: number[] = []): Snapshot {
  return { nFirms: n, pd: Float64Array.from({ length: n }, (_, i) => pd[i] ?? NaN), ids: Array.from({ length: n }, (_, i) => `f${i}`) } as unknown as Snapshot;
}

describe('systemicImpact', () => {
  it('NetworkRiskMeasures example: impact of a, b, c = 0.9285714, 0.25, 0.6642857 (Battiston)', () => {
    const net = exposureNetworkFromMatrix([[0, 1, 0], [10, 0, 3], [3, 2, 0]], [2, 5, 2]);
    const r = systemicImpact(firmsOnly(3), net, { weights: [10, 100, 30] });
    expect(r.impact[0]).toBeCloseTo(0.9285714, 7);
    expect(r.impact[1]).toBeCloseTo(0.25, 7);
    expect(r.impact[2]).toBeCloseTo(0.6642857, 7);
  });

  it('vulnerability = PD-weighted mean distress over the other firms’ defaults (hand)', () => {
    // Same example. Final distress per scenario (Battiston): a defaults → (1, 1, 1);
    // b defaults → (0.5, 1, 1); c defaults → (0.3, 0.9, 1). PDs a 0.1, b 0.2, c 0.3.
    // vul(a) = (0.2·0.5 + 0.3·0.3) / 0.5 = 0.38; vul(b) = (0.1·1 + 0.3·0.9) / 0.4 = 0.925;
    // vul(c) = (0.1·1 + 0.2·1) / 0.3 = 1.
    const net = exposureNetworkFromMatrix([[0, 1, 0], [10, 0, 3], [3, 2, 0]], [2, 5, 2]);
    const r = systemicImpact(firmsOnly(3, [0.1, 0.2, 0.3]), net, { minDistress: 0 });
    expect(Array.from(r.vulnerability)).toEqual([0.38, 0.925, 1].map((x) => expect.closeTo(x, 12)));
    expect(Array.from(r.reach)).toEqual([2, 2, 2]);
  });

  it('equals debtRank(i defaults) for every firm when no materiality threshold is set', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 6 }).chain((n) => fc.tuple(
        fc.array(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 5, noNaN: true })), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
      )),
      ([assets, capital]) => {
        const n = capital.length;
        const m = assets.map((row, i) => row.map((x, j) => (i === j ? 0 : x)));
        const net = exposureNetworkFromMatrix(m, capital);
        const r = systemicImpact(firmsOnly(n), net, { minDistress: 0 });
        for (let f = 0; f < n; f++) {
          const single = debtRank(net, { defaults: [f] });
          if (Math.abs(single.debtRank - r.impact[f]) > 1e-12 || Math.abs(single.systemLoss - r.systemLoss[f]) > 1e-9) return false;
        }
        return true;
      }), { numRuns: 200 });
  });

  it('ranks the hand cluster and reports progress', () => {
    const s = buildSnapshot(handCluster());
    const net = buildExposures(s);
    const calls: number[] = [];
    const r = systemicImpact(s, net, { onProgress: (done) => calls.push(done), progressEvery: 2 });
    expect(calls).toEqual([2, 4, 5]);
    const top = topImpact(s, r, 2);
    expect(top.map((t) => t.rank)).toEqual([1, 2]);
    expect(top[0].impact).toBeGreaterThanOrEqual(top[1].impact);
    // F1's default reaches F2, F3, B1, B2 (and back to F1 through F3): impact > 0.
    expect(r.impact[0]).toBeGreaterThan(0);
    expect(r.options.minDistress).toBe(0);
    expect(r.options.minImpact).toBe(0);
  });
});

describe('spectralRadius (power iteration with Collatz–Wielandt bounds)', () => {
  it('mutual pair with impacts a, b: ρ = √(ab) (the 2-cycle is periodic; the shift makes it converge)', () => {
    const r = spectralRadius(2, Int32Array.of(0, 1), Int32Array.of(1, 0), Float64Array.of(0.5, 2));
    expect(r.value).toBeCloseTo(1, 9);
    expect(r.converged).toBe(true);
    expect(r.lower).toBeLessThanOrEqual(r.upper);
  });

  it('3-cycle with impacts 2, 3, 4: ρ = (2·3·4)^(1/3)', () => {
    const r = spectralRadius(3, Int32Array.of(0, 1, 2), Int32Array.of(1, 2, 0), Float64Array.of(2, 3, 4));
    expect(r.value).toBeCloseTo(Math.cbrt(24), 8);
  });

  it('path 0 ↔ 1 ↔ 2 with impact 0.5 each way: ρ = 0.5 · √2 (path adjacency has eigenvalues 0, ±√2)', () => {
    const r = spectralRadius(3, Int32Array.of(0, 1, 1, 2), Int32Array.of(1, 0, 2, 1), Float64Array.of(0.5, 0.5, 0.5, 0.5));
    expect(r.value).toBeCloseTo(0.5 * Math.SQRT2, 8);
  });
});

describe('circleFragility', () => {
  it('finds the hand cluster’s circle {F1, F2} (F2 guarantees F1, F1 guarantees F2)', () => {
    // Impacts between them: F1 → F2: 30 / 50 = 0.6 (g1); F2 → F1: 9 / 100 = 0.09 (J1).
    // ρ = √(0.6 · 0.09) = 0.2324: distress dies out inside the circle.
    const s = buildSnapshot(handCluster());
    const { circles } = circleFragility(s, buildExposures(s));
    expect(circles).toHaveLength(1);
    expect(circles[0].memberIds).toEqual(['F1', 'F2']);
    expect(circles[0].spectralRadius).toBeCloseTo(Math.sqrt(0.6 * 0.09), 8);
    expect(circles[0].amplifies).toBe(false);
    expect(circles[0].converged).toBe(true);
  });
});
