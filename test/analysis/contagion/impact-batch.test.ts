/**
 * The batched systemic impact (impact-batch.ts: 32 shocks per BFS pass, linear final distress
 * where no cap binds, a worker thread) against one Battiston DebtRank run per firm through the
 * one-shock kernel (DebtRankWorkspace), on generated networks of small and medium size, with
 * every option the one-shock kernel has: capImpact, minDistress, minImpact, maxRounds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSnapshot } from '../../../src/engine/index.ts';
import {
  buildExposures, DebtRankWorkspace, economicValue, systemicImpact, type ExposureNetwork,
} from '../../../src/analysis/contagion/index.ts';
import { systemicImpactThreads } from '../../../src/analysis/contagion/impact.ts';
import { generateCluster } from '../../../data/generator/index.ts';
import { build, firmsOnly, network } from './random-network.ts';

interface Options { capImpact: boolean; minDistress: number; minImpact: number; maxRounds: number }

/** The definition, one DebtRank run per firm (what systemicImpact computed before batching). */
function oneAtATime(net: ExposureNetwork, nFirms: number, pd: Float64Array, o: Options) {
  const ws = new DebtRankWorkspace(net, o.capImpact);
  const value = economicValue(net);
  const pi = Array.from(pd, (x) => (Number.isNaN(x) ? 1 : Math.max(0, x)));
  const piTotal = pi.reduce((a, b) => a + b, 0);
  const impact: number[] = [], systemLoss: number[] = [], reach: number[] = [];
  const weighted = new Float64Array(net.n);
  let rounds = 0, updates = 0;
  for (let f = 0; f < nFirms; f++) {
    ws.run(Int32Array.of(f), Float64Array.of(1), o.minDistress, o.maxRounds, o.minImpact, undefined, false);
    rounds += ws.rounds;
    updates += ws.updates;
    let r = 0, loss = 0, count = 0;
    for (let k = 0; k < ws.touchedCount; k++) {
      const v = ws.touched[k];
      loss += ws.transmitted[v] * ws.outAmount[v];
      if (v === f) continue;
      const h = ws.h[v];
      if (h > 0) { r += h * value[v]; count++; weighted[v] += pi[f] * h; }
    }
    impact.push(r);
    systemLoss.push(loss);
    reach.push(count);
  }
  const vulnerability = Array.from(weighted, (w, v) => {
    const d = v < nFirms ? piTotal - pi[v] : piTotal;
    return d > 0 ? w / d : 0;
  });
  return { impact, systemLoss, reach, vulnerability, rounds, updates };
}

/** Differences allowed: the order of floating-point additions (R ≤ 1, vulnerability ≤ 1, loss relative). */
function agree(net: ExposureNetwork, nFirms: number, pd: number[], o: Options, workers = 0): string | null {
  const s = firmsOnly(nFirms, pd);
  // With a worker, the calling thread waits for the worker's first batch: both threads run batches.
  const got = systemicImpactThreads(s, net, { ...o, workers }, { workerFirst: workers > 0, batchedOnly: true });
  const want = oneAtATime(net, nFirms, s.pd, o);
  for (let f = 0; f < nFirms; f++) {
    if (!(Math.abs(got.impact[f] - want.impact[f]) <= 1e-12)) return `impact of ${f}: ${got.impact[f]} vs ${want.impact[f]}`;
    if (!(Math.abs(got.systemLoss[f] - want.systemLoss[f]) <= 1e-12 * Math.max(1, want.systemLoss[f]))) return `systemLoss of ${f}: ${got.systemLoss[f]} vs ${want.systemLoss[f]}`;
    if (got.reach[f] !== want.reach[f]) return `reach of ${f}: ${got.reach[f]} vs ${want.reach[f]}`;
  }
  for (let v = 0; v < net.n; v++) {
    if (!(Math.abs(got.vulnerability[v] - want.vulnerability[v]) <= 1e-12)) return `vulnerability of ${v}: ${got.vulnerability[v]} vs ${want.vulnerability[v]}`;
  }
  if (got.rounds !== want.rounds) return `rounds ${got.rounds} vs ${want.rounds}`;
  if (got.updates !== want.updates) return `updates ${got.updates} vs ${want.updates}`;
  return null;
}

const options = fc.record({
  capImpact: fc.boolean(),
  minDistress: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.6, noNaN: true })),
  minImpact: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e-2, noNaN: true })),
  maxRounds: fc.oneof(fc.constant(1_000_000), fc.integer({ min: 1, max: 4 })),
});

describe('systemicImpact, batched = one DebtRank per firm', () => {
  it('small networks (one batch), every option', () => {
    fc.assert(fc.property(network(12, 4), options, (g, o) => {
      const err = agree(build(g), g.nFirms, g.pd, o);
      if (err) throw new Error(err);
    }), { numRuns: 400 });
  });

  it('medium networks (several batches of 32 firms), every option', () => {
    fc.assert(fc.property(network(150, 5, 'max'), options, (g, o) => {
      const err = agree(build(g), g.nFirms, g.pd, o);
      if (err) throw new Error(err);
    }), { numRuns: 60 });
  });

  it('a generated cluster with all four channels (the nonlinear, capped nodes included), exact options and joint = worst', () => {
    const s = buildSnapshot(generateCluster({ firms: 300, seed: 5 }));
    for (const joint of ['expected', 'worst'] as const) {
      const net = buildExposures(s, { joint });
      const o = { capImpact: true, minDistress: 0, minImpact: 0, maxRounds: 1_000_000 };
      expect(agree(net, s.nFirms, Array.from(s.pd), o)).toBeNull();
      expect(agree(net, s.nFirms, Array.from(s.pd), { ...o, capImpact: false, minDistress: 0.01 })).toBeNull();
    }
  });

  it('systemicImpact as called (first batch decides): one run per firm for sparse cascades (credit channels), batches for dense ones', () => {
    const o = { capImpact: true, minDistress: 0, minImpact: 0, maxRounds: 1_000_000 };
    for (const [firms, supply] of [[5000, false], [600, true]] as const) {
      const s = buildSnapshot(generateCluster({ firms, seed: 3 }));
      const net = buildExposures(s, { supply });
      const got = systemicImpact(s, net, { workers: 0 });
      expect(got.options.kernel).toBe(supply ? 'batched' : 'one run per firm');
      const want = oneAtATime(net, s.nFirms, s.pd.subarray(0, s.nFirms), o);
      for (let f = 0; f < s.nFirms; f++) {
        expect(Math.abs(got.impact[f] - want.impact[f])).toBeLessThanOrEqual(1e-12);
        expect(got.reach[f]).toBe(want.reach[f]);
      }
      for (let v = 0; v < net.n; v++) expect(Math.abs(got.vulnerability[v] - want.vulnerability[v])).toBeLessThanOrEqual(1e-12);
      expect(got.updates).toBe(want.updates);
    }
  }, 30_000);

  it('with a worker thread: same results as the calling thread alone', () => {
    const s = buildSnapshot(generateCluster({ firms: 400, seed: 9 }));
    const net = buildExposures(s);
    const o = { capImpact: true, minDistress: 0, minImpact: 0, maxRounds: 1_000_000 };
    expect(agree(net, s.nFirms, Array.from(s.pd), o, 1)).toBeNull();
    const calls: number[] = [];
    const r = systemicImpact(s, net, { workers: 1, progressEvery: 100, onProgress: (d) => calls.push(d) });
    expect(calls).toEqual([100, 200, 300, 400]);
    expect(r.options.workers).toBe(1);
  }, 30_000);

  it('a hit that underflows to 0 is no hit (hand)', () => {
    // 0 → 1: W = 1e-200 / 1, so x_1 = 1e-200; 1 → 2: W = 1e-200, x_1 · W = 1e-400 underflows to 0:
    // node 2 is never distressed, the default of 0 reaches node 1 only. 2 → 0: W = 0.5.
    // Default of 1: h_2 = 1e-200, then h_0 = 0.5e-200 (reach 2). Default of 2: h_0 = 0.5, h_1 = 0.5e-200.
    const net = build({ n: 3, edges: [[0, 1, 1e-200], [1, 2, 1e-200], [2, 0, 1]], capital: [2, 1, 1] });
    const r = systemicImpact(firmsOnly(3, []), net);
    expect(Array.from(r.reach)).toEqual([1, 2, 2]);
    // Firm 2: R = 0.5 · 2/4 + 0.5e-200 · 1/4 (v = capital share).
    expect(r.impact[2]).toBe(0.25 + 0.125e-200);
    expect(agree(net, 3, [], { capImpact: true, minDistress: 0, minImpact: 0, maxRounds: 1_000_000 })).toBeNull();
  });

  it('rejects a bad worker count', () => {
    const net = build({ n: 2, edges: [[0, 1, 1]], capital: [1, 1] });
    expect(() => systemicImpact(firmsOnly(2, []), net, { workers: -1 })).toThrow(/workers must be an integer ≥ 0/);
  });
});
