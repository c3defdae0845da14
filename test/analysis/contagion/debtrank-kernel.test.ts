/**
 * The one-shock DebtRank kernel (DebtRankWorkspace.run) against the kernel it replaced, kept here
 * as the slow reference: the same Battiston dynamics over the network's full CSR with the impact
 * weights read per edge (zero weights skipped in the loop), per-node loss always tracked. The
 * compact edge layout and the loop without losses must not change a single bit of h, loss,
 * transmitted, the rounds or the updates count, whatever the seeds, thresholds and maxRounds.
 * (properties.test.ts checks the same kernel against the dense textbook iteration.)
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DebtRankWorkspace, exposureNetworkFromEdges, impactWeights, type ExposureNetwork } from '../../../src/analysis/contagion/index.ts';
import { reachOf } from '../../../src/analysis/contagion/debtrank.ts';

interface Reference { h: Float64Array; loss: Float64Array; transmitted: Float64Array; rounds: number; updates: number; converged: boolean }

/** The pre-2026-11-23 kernel, transcribed without its scratch-array reuse and round records. */
function referenceRun(
  net: ExposureNetwork, capImpact: boolean, seeds: number[], seedDistress: number[], minDistress: number, maxRounds: number, minImpact: number,
): Reference {
  const n = net.n, { offsets, nbr } = net.out, amount = net.amount, w = impactWeights(net, capImpact);
  const { reachValue } = reachOf(net);
  const h = new Float64Array(n), loss = new Float64Array(n), transmitted = new Float64Array(n);
  const state = new Uint8Array(n); // 0 U, 1 D, 2 I
  let frontier: number[] = [];
  for (let k = 0; k < seeds.length; k++) {
    const v = seeds[k], x = seedDistress[k];
    if (!(x > 0)) continue;
    if (x > h[v]) h[v] = x > 1 ? 1 : x;
    if (state[v] === 0) { state[v] = 1; frontier.push(v); }
  }
  frontier.sort((a, b) => a - b);
  let round = 0, updates = 0, converged = true;
  while (frontier.length > 0) {
    if (round >= maxRounds) { converged = false; break; }
    round++;
    const level = frontier.map((i) => h[i]);
    const fresh: number[] = [];
    frontier.forEach((i, k) => {
      const x = level[k];
      state[i] = 2;
      transmitted[i] = x;
      updates += offsets[i + 1] - offsets[i];
      for (let p = offsets[i]; p < offsets[i + 1]; p++) {
        if (w[p] === 0) continue;
        const j = nbr[p], hj = h[j];
        if (hj >= 1) { loss[j] += amount[p] * x; continue; }
        const after = hj + w[p] * x;
        if (after === hj) continue;
        loss[j] += amount[p] * x;
        h[j] = after > 1 ? 1 : after;
        if (hj === 0) fresh.push(j);
      }
    });
    const next: number[] = [];
    for (const j of fresh) {
      if (h[j] > minDistress && h[j] * reachValue[j] >= minImpact) { state[j] = 1; next.push(j); } else state[j] = 2;
    }
    frontier = next.sort((a, b) => a - b);
  }
  return { h, loss, transmitted, rounds: round, updates, converged };
}

const network = fc.integer({ min: 1, max: 30 }).chain((n) => fc.record({
  n: fc.constant(n),
  edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 50, noNaN: true }))), { maxLength: n * 5 }),
  capital: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.5, max: 100, noNaN: true })), { minLength: n, maxLength: n }),
  seeds: fc.array(fc.tuple(fc.nat(n - 1), fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1.5, noNaN: true }))), { minLength: 1, maxLength: 4 }),
  capImpact: fc.boolean(),
  minDistress: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
  minImpact: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e-2, noNaN: true })),
  maxRounds: fc.oneof(fc.constant(1_000_000), fc.integer({ min: 1, max: 3 })),
}));

describe('DebtRankWorkspace = the previous kernel, bit for bit', () => {
  it('random networks (parallel edges, self-loops, zero weights and capitals), partial and repeated seeds, every option', () => {
    fc.assert(fc.property(network, (g) => {
      const net = exposureNetworkFromEdges(
        g.n, Int32Array.from(g.edges, (e) => e[0]), Int32Array.from(g.edges, (e) => e[1]),
        Float64Array.from(g.edges, (e) => e[2]), Float64Array.from(g.capital),
      );
      const seeds = g.seeds.map((s) => s[0]), distress = g.seeds.map((s) => s[1]);
      const want = referenceRun(net, g.capImpact, seeds, distress, g.minDistress, g.maxRounds, g.minImpact);
      const ws = new DebtRankWorkspace(net, g.capImpact);
      for (const trackLoss of [true, false]) {
        // Run twice on the same workspace: the second run must clear what the first touched.
        for (let rep = 0; rep < 2; rep++) {
          const converged = ws.run(Int32Array.from(seeds), Float64Array.from(distress), g.minDistress, g.maxRounds, g.minImpact, undefined, trackLoss);
          expect(converged).toBe(want.converged);
          expect(ws.h).toEqual(want.h);
          expect(ws.transmitted).toEqual(want.transmitted);
          if (trackLoss) expect(ws.loss).toEqual(want.loss);
          else expect(ws.loss.every((x) => x === 0)).toBe(true);
          expect(ws.rounds).toBe(want.rounds);
          expect(ws.updates).toBe(want.updates);
          const touched = Array.from(ws.touched.subarray(0, ws.touchedCount)).sort((a, b) => a - b);
          const hit = Array.from(want.h.keys()).filter((v) => want.h[v] > 0);
          expect(touched).toEqual(hit);
        }
      }
    }), { numRuns: 500 });
  });

  it('a 300,000-node network, where big rounds go through the receiver buckets (early applies of full buckets included)', () => {
    // Bucketed rounds need ≥ 2^18 nodes and ≥ 2^16 edges in the round: 5 random out-edges per
    // node reach 5^7 ≈ 78k nodes (390k edges) in round 7. Amounts and capitals from a fixed LCG.
    const n = 300_000, deg = 5;
    let seed = 12345;
    const rand = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
    const from = new Int32Array(n * deg), to = new Int32Array(n * deg), amount = new Float64Array(n * deg);
    for (let e = 0; e < n * deg; e++) {
      from[e] = Math.floor(e / deg);
      to[e] = Math.floor(rand() * n);
      amount[e] = rand() < 0.05 ? 0 : rand() * 2;
    }
    const capital = Float64Array.from({ length: n }, () => (rand() < 0.02 ? 0 : 5 + rand() * 100));
    const net = exposureNetworkFromEdges(n, from, to, amount, capital);
    for (const [seeds, distress] of [[[0], [1]], [[7, 99, 7], [0.3, 1, 0.6]]] as const) {
      const want = referenceRun(net, true, [...seeds], [...distress], 0, 1_000_000, 0);
      const ws = new DebtRankWorkspace(net, true);
      for (const trackLoss of [true, false]) {
        ws.run(Int32Array.from(seeds), Float64Array.from(distress), 0, 1_000_000, 0, undefined, trackLoss);
        expect(ws.updates).toBe(want.updates);
        expect(ws.rounds).toBe(want.rounds);
        // Counted, not compared with toEqual: a diff of 300k-element arrays takes minutes to print.
        let differ = 0;
        for (let v = 0; v < n; v++) {
          if (ws.h[v] !== want.h[v] || ws.transmitted[v] !== want.transmitted[v] || (trackLoss && ws.loss[v] !== want.loss[v])) differ++;
        }
        expect(differ).toBe(0);
      }
      expect(want.updates).toBeGreaterThan(1_000_000);
    }
  }, 60_000);
});
