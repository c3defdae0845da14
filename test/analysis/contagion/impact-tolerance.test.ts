/**
 * Systemic impact under a propagation tolerance τ (impact-batch.ts, ImpactToleranceKernel): a node
 * whose distress is below τ passes nothing on, the timing of the dynamics stays exact.
 * What is asserted, and why it must hold:
 * - τ = 0 is the exact computation (the same code path, so the same bits);
 * - τ = 5e-324 (the smallest double) drops nothing but exact zeros, so the tolerance kernel must
 *   reproduce the exact kernel on networks without underflow (different code, same numbers up to
 *   the order of additions): this checks the kernel itself;
 * - for any τ, every impact, system loss, reach (nodes given distress) and vulnerability is a lower
 *   bound of the exact one (induction over the rounds: x̃ ≤ x because min(1, ·) is monotone and
 *   only non-negative terms are dropped, and the timing does not depend on τ);
 * - impact and reach do not increase with τ (the transmitted set shrinks and each x̃ decreases);
 * - one thread and two threads give the same numbers (each batch is computed the same way).
 * Reference values are the exact batched kernel's, itself tested against one DebtRank run per
 * firm in impact-batch.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Snapshot } from '../../../src/engine/index.ts';
import { buildSnapshot } from '../../../src/engine/index.ts';
import { buildExposures, systemicImpact, type ExposureNetwork, type FirmImpact } from '../../../src/analysis/contagion/index.ts';
import { systemicImpactThreads } from '../../../src/analysis/contagion/impact.ts';
import { impactInput } from '../../../src/analysis/contagion/impact-batch.ts';
import { hubDistances, ImpactToleranceKernel } from '../../../src/analysis/contagion/impact-tolerance.ts';
import { reachOf } from '../../../src/analysis/contagion/debtrank.ts';
import { generateCluster } from '../../../data/generator/index.ts';
import { build, firmsOnly, network } from './random-network.ts';

const dynamics = fc.record({
  capImpact: fc.boolean(),
  maxRounds: fc.oneof(fc.constant(1_000_000), fc.integer({ min: 1, max: 4 })),
});

/** Batched kernels only (no switch to one run per firm), so the tolerance kernel is what runs. */
function run(s: Snapshot, net: ExposureNetwork, o: { capImpact: boolean; maxRounds: number; tolerance: number }, workers = 0, tuning: ToleranceTuning = {}): FirmImpact {
  return systemicImpactThreads(s, net, { ...o, workers }, { batchedOnly: true, workerFirst: workers > 0, ...tuning });
}

/**
 * The tolerance kernel's three ways of deciding "was j hit before this round?" (impact-tolerance.ts):
 * the full forward BFS (a budget no layer exceeds), backward searches with no forward layer taken
 * unless a search outgrows it (budget −1), hub tables for every node with an in-edge, and backward
 * searches that meet hubs (nodes of in-degree > 2) on their way.
 */
type ToleranceTuning = { forwardBudget?: number; hubInDegree?: number; toleranceBatch?: boolean };
/** The two tolerance kernels: one firm at a time (impact-tolerance.ts) and 64 firms per BFS pass (impact-batch.ts). */
const KERNELS: [string, ToleranceTuning][] = [['one firm at a time', { toleranceBatch: false }], ['batched', { toleranceBatch: true }]];
const PATHS: Record<string, ToleranceTuning> = {
  forward: { toleranceBatch: false, forwardBudget: Number.MAX_SAFE_INTEGER, hubInDegree: Number.MAX_SAFE_INTEGER },
  backward: { toleranceBatch: false, forwardBudget: -1, hubInDegree: Number.MAX_SAFE_INTEGER },
  hubs: { toleranceBatch: false, forwardBudget: -1, hubInDegree: 0 },
  mixed: { toleranceBatch: false, forwardBudget: -1, hubInDegree: 2 },
};

/** The kernel run directly on firms 0 … nFirms − 1, for its work counters. */
function kernelWork(net: ExposureNetwork, nFirms: number, tolerance: number, tuning: ToleranceTuning): ImpactToleranceKernel['work'] {
  const v = new Float64Array(net.n).fill(1 / net.n), { outAmount, reachValue } = reachOf(net);
  const input = impactInput(net, nFirms, true, v, new Float64Array(net.n).fill(1), outAmount, reachValue, 0, 0, 1_000_000, undefined, tolerance);
  input.hubs = hubDistances(input, tuning.hubInDegree);
  input.forwardBudget = tuning.forwardBudget;
  const out = { impact: new Float64Array(nFirms), systemLoss: new Float64Array(nFirms), reach: new Int32Array(nFirms), rounds: new Int32Array(nFirms), updates: new Float64Array(nFirms), weighted: new Float64Array(net.n) };
  const kernel = new ImpactToleranceKernel(input, out);
  for (let first = 0; first < nFirms; first += kernel.width) kernel.run(first, Math.min(kernel.width, nFirms - first));
  return kernel.work;
}

/** First disagreement beyond `eps` (R, vulnerability ≤ 1; loss relative), or null. */
function sameNumbers(a: FirmImpact, b: FirmImpact, nFirms: number, n: number, eps: number): string | null {
  for (let f = 0; f < nFirms; f++) {
    if (!(Math.abs(a.impact[f] - b.impact[f]) <= eps)) return `impact of ${f}: ${a.impact[f]} vs ${b.impact[f]}`;
    if (!(Math.abs(a.systemLoss[f] - b.systemLoss[f]) <= eps * Math.max(1, b.systemLoss[f]))) return `systemLoss of ${f}: ${a.systemLoss[f]} vs ${b.systemLoss[f]}`;
    if (a.reach[f] !== b.reach[f]) return `reach of ${f}: ${a.reach[f]} vs ${b.reach[f]}`;
  }
  for (let v = 0; v < n; v++) if (!(Math.abs(a.vulnerability[v] - b.vulnerability[v]) <= eps)) return `vulnerability of ${v}: ${a.vulnerability[v]} vs ${b.vulnerability[v]}`;
  if (a.rounds !== b.rounds) return `rounds ${a.rounds} vs ${b.rounds}`;
  return null;
}

describe('systemic impact with a propagation tolerance', () => {
  it('τ = 0 is the exact computation, bit for bit, and says so', () => {
    const s = buildSnapshot(generateCluster({ firms: 300, seed: 5 }));
    const net = buildExposures(s);
    const exact = systemicImpact(s, net, { workers: 0 });
    const zero = systemicImpact(s, net, { workers: 0, tolerance: 0 });
    expect(zero.impact).toEqual(exact.impact);
    expect(zero.vulnerability).toEqual(exact.vulnerability);
    expect(zero.options.exact).toBe(true);
    expect(zero.options.tolerance).toBe(0);
  });

  it.each(KERNELS)('τ = 5e-324 reproduces the exact kernel (small networks, one batch): %s', (_, kernel) => {
    fc.assert(fc.property(network(12, 4), dynamics, (g, o) => {
      const net = build(g), s = firmsOnly(g.nFirms, g.pd);
      const err = sameNumbers(run(s, net, { ...o, tolerance: Number.MIN_VALUE }, 0, kernel), run(s, net, { ...o, tolerance: 0 }), g.nFirms, net.n, 1e-12);
      if (err) throw new Error(err);
    }), { numRuns: 300 });
  });

  it.each(KERNELS)('τ = 5e-324 reproduces the exact kernel (several batches of 64 firms): %s', (_, kernel) => {
    fc.assert(fc.property(network(200, 5, 'max'), dynamics, (g, o) => {
      const net = build(g), s = firmsOnly(g.nFirms, g.pd);
      const err = sameNumbers(run(s, net, { ...o, tolerance: Number.MIN_VALUE }, 0, kernel), run(s, net, { ...o, tolerance: 0 }), g.nFirms, net.n, 1e-12);
      if (err) throw new Error(err);
    }), { numRuns: 40 });
  });

  it('the forward BFS, the backward searches and the hub tables time the dynamics identically (same bits)', () => {
    fc.assert(fc.property(network(60, 4, 'max'), dynamics, fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (g, o, tolerance) => {
      const net = build(g), s = firmsOnly(g.nFirms, g.pd);
      const [forward, ...others] = Object.values(PATHS).map((t) => run(s, net, { ...o, tolerance }, 0, t));
      for (const other of others) {
        expect(other.impact).toEqual(forward.impact);
        expect(other.systemLoss).toEqual(forward.systemLoss);
        expect(other.reach).toEqual(forward.reach);
        expect(other.vulnerability).toEqual(forward.vulnerability);
        expect(other.rounds).toBe(forward.rounds);
      }
    }), { numRuns: 200 });
  });

  it('both kernels give the same numbers, and the probe batch picks the batched one when cascades transmit over much of the graph', () => {
    const s = buildSnapshot(generateCluster({ firms: 600, seed: 4 }));
    const net = buildExposures(s);
    for (const tolerance of [1e-2, 1e-12]) {
      const o = { capImpact: true, maxRounds: 1_000_000, tolerance };
      const [one, batched] = KERNELS.map(([, k]) => run(s, net, o, 0, k));
      expect(one.options.kernel).toBe('tolerance, one firm at a time');
      expect(batched.options.kernel).toBe('tolerance, batched');
      expect(batched.reach).toEqual(one.reach);
      expect(batched.rounds).toBe(one.rounds);
      for (let f = 0; f < s.nFirms; f++) expect(Math.abs(batched.impact[f] - one.impact[f])).toBeLessThanOrEqual(1e-15);
    }
    // τ = 1e-12 passes distress on from nearly every node it reaches; τ = 0.5 from nearly none.
    const chosen = (tolerance: number) => systemicImpact(s, net, { workers: 0, tolerance }).options.kernel;
    expect(chosen(1e-12)).toBe('tolerance, batched');
    expect(chosen(0.5)).toBe('tolerance, one firm at a time');
  });

  it('each path is taken when forced: on a 300-firm cluster the three agree and do the work they are meant to', () => {
    const s = buildSnapshot(generateCluster({ firms: 300, seed: 3 }));
    const net = buildExposures(s);
    const o = { capImpact: true, maxRounds: 1_000_000, tolerance: 1e-3 };
    const results = Object.values(PATHS).map((t) => run(s, net, o, 0, t));
    for (const r of results.slice(1)) expect(r.impact).toEqual(results[0].impact);
    const forward = kernelWork(net, s.nFirms, 1e-3, PATHS.forward);
    const backward = kernelWork(net, s.nFirms, 1e-3, PATHS.backward);
    const hubs = kernelWork(net, s.nFirms, 1e-3, PATHS.hubs);
    expect(forward.searches + forward.hubAnswers).toBe(0);
    expect(backward.searches).toBeGreaterThan(0);
    expect(backward.hubAnswers).toBe(0);
    expect(backward.forwardEdges).toBeLessThan(forward.forwardEdges);
    // With budget −1 a forward layer is only taken when a search outgrows it: that fallback ran.
    expect(backward.forwardEdges).toBeGreaterThan(0);
    expect(hubs.hubAnswers).toBeGreaterThan(0);
    // Every node with an in-edge is a hub: a search can only start at a node without one, which no transmitter reaches.
    expect(hubs.searches).toBe(0);
    const mixed = kernelWork(net, s.nFirms, 1e-3, PATHS.mixed);
    expect(mixed.searches).toBeGreaterThan(0);
    expect(mixed.hubAnswers).toBeGreaterThan(0);
  });

  it.each(KERNELS)('impact, system loss, reach and vulnerability are lower bounds of the exact ones; impact and reach do not increase with τ: %s', (_, kernel) => {
    const tolerances = fc.tuple(fc.double({ min: 1e-9, max: 0.9, noNaN: true }), fc.double({ min: 1e-9, max: 0.9, noNaN: true }))
      .map(([a, b]) => (a <= b ? [a, b] : [b, a]));
    fc.assert(fc.property(network(40, 5), dynamics, tolerances, (g, o, [t1, t2]) => {
      const net = build(g), s = firmsOnly(g.nFirms, g.pd);
      const exact = run(s, net, { ...o, tolerance: 0 });
      const a = run(s, net, { ...o, tolerance: t1 }, 0, kernel), b = run(s, net, { ...o, tolerance: t2 }, 0, kernel);
      for (let f = 0; f < g.nFirms; f++) {
        // 1e-15: the linear part of R is summed in a different order than the capped part.
        if (!(a.impact[f] <= exact.impact[f] + 1e-15)) throw new Error(`R̃(${t1}) of ${f} = ${a.impact[f]} > exact ${exact.impact[f]}`);
        if (!(b.impact[f] <= a.impact[f] + 1e-15)) throw new Error(`R̃(${t2}) of ${f} = ${b.impact[f]} > R̃(${t1}) = ${a.impact[f]}`);
        if (!(a.impact[f] >= 0)) throw new Error(`negative impact ${a.impact[f]}`);
        if (!(a.systemLoss[f] <= exact.systemLoss[f] * (1 + 1e-12) + 1e-12)) throw new Error(`loss of ${f}: ${a.systemLoss[f]} > ${exact.systemLoss[f]}`);
        if (!(b.reach[f] <= a.reach[f] && a.reach[f] <= exact.reach[f])) throw new Error(`reach of ${f}: ${b.reach[f]} (${t2}), ${a.reach[f]} (${t1}), exact ${exact.reach[f]}`);
      }
      for (let v = 0; v < net.n; v++) {
        if (!(a.vulnerability[v] <= exact.vulnerability[v] + 1e-15)) throw new Error(`vulnerability of ${v}: ${a.vulnerability[v]} > ${exact.vulnerability[v]}`);
      }
    }), { numRuns: 200 });
  });

  it('a tolerance above a node\'s distress stops it passing distress on, but not the timing (hand)', () => {
    // Capital 1 everywhere, so W = amount. 0 → 1 (0.5), 1 → 2 (0.5), 0 → 3 (0.01), 3 → 2 (1), 2 → 4 (1).
    // Exact, default of 0: round 1 h_1 = 0.5, h_3 = 0.01; round 2 node 2 is first hit by both:
    // x_2 = 0.5·0.5 + 1·0.01 = 0.26; round 3 h_4 = 0.26. R = (0.5 + 0.01 + 0.26 + 0.26) / 5 = 0.206.
    // τ = 0.05: node 3 (0.01) transmits nothing, x̃_2 = 0.25, h̃_4 = 0.25: R̃ = (0.5 + 0.01 + 0.25 + 0.25) / 5 = 0.202.
    const net = build({ n: 5, edges: [[0, 1, 0.5], [1, 2, 0.5], [0, 3, 0.01], [3, 2, 1], [2, 4, 1]], capital: [1, 1, 1, 1, 1] });
    const s = firmsOnly(1, []);
    const exact = run(s, net, { capImpact: true, maxRounds: 1_000_000, tolerance: 0 });
    const tol = run(s, net, { capImpact: true, maxRounds: 1_000_000, tolerance: 0.05 });
    expect(exact.impact[0]).toBeCloseTo(0.206, 15);
    expect(tol.impact[0]).toBeCloseTo(0.202, 15);
    expect(tol.reach[0]).toBe(4);
    // A distress equal to τ is passed on (x̃ ≥ τ); just above it, not.
    expect(run(s, net, { capImpact: true, maxRounds: 1_000_000, tolerance: 0.01 }).impact[0]).toBe(exact.impact[0]);
    expect(run(s, net, { capImpact: true, maxRounds: 1_000_000, tolerance: 0.0100001 }).impact[0]).toBe(tol.impact[0]);
    expect(tol.options.exact).toBe(false);
    expect(tol.options.tolerance).toBe(0.05);
  });

  it('the same numbers on one thread and on two (64-firm batches shared with a worker)', () => {
    const s = buildSnapshot(generateCluster({ firms: 400, seed: 9 }));
    const net = buildExposures(s);
    const o = { capImpact: true, maxRounds: 1_000_000, tolerance: 1e-4 };
    const one = run(s, net, o, 0);
    const two = run(s, net, o, 1);
    expect(two.options.workers).toBe(1);
    expect(two.impact).toEqual(one.impact);
    expect(two.systemLoss).toEqual(one.systemLoss);
    expect(two.reach).toEqual(one.reach);
    // Vulnerability sums are split between the threads and added at the end: equal up to that order.
    for (let v = 0; v < net.n; v++) expect(Math.abs(two.vulnerability[v] - one.vulnerability[v])).toBeLessThanOrEqual(1e-15);
  }, 30_000);

  it('rejects a tolerance outside [0, 1) and its combination with minDistress', () => {
    const net = build({ n: 2, edges: [[0, 1, 1]], capital: [1, 1] });
    expect(() => systemicImpact(firmsOnly(2, []), net, { tolerance: 1 })).toThrow(/tolerance must be in \[0, 1\)/);
    expect(() => systemicImpact(firmsOnly(2, []), net, { tolerance: -1e-3 })).toThrow(/tolerance must be in \[0, 1\)/);
    expect(() => systemicImpact(firmsOnly(2, []), net, { tolerance: 1e-3, minDistress: 0.1 })).toThrow(/cannot be combined with minDistress/);
  });
});
