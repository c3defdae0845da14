/**
 * Linear DebtRank (Bardoscia, Battiston, Caccioli & Caldarelli 2015, "DebtRank: a microscopic
 * foundation for shock propagation", PLoS ONE 10(6):e0130406).
 *   Λ(i→j) = exposure of j to i / capital of j
 *   h_j(t+1) = min(1, h_j(t) + Σ_i Λ(i→j) (h_i(t) − h_i(t−1)))
 * Unlike Battiston's DebtRank every increment of distress is passed on, so distress keeps
 * circulating in guarantee circles until the increments die out; the run ends when no node
 * holds an unpropagated increment above `tolerance` (the largest one left is the residual).
 * Sparse: each round touches only the out-edges of nodes whose distress rose.
 */
import { ConfigError } from '../../io/errors.ts';
import { impactWeights } from './exposures.ts';
import { shockSeeds } from './debtrank.ts';
import { contagionResult, economicValue, initialDistress } from './shock.ts';
import type { ContagionResult, ExposureNetwork, RoundRecord, Shock } from './types.ts';

export interface LinearDebtRankOptions {
  /** Cap each pair's impact at 1. Bardoscia et al. use the plain ratio (off). */
  capImpact: boolean;
  /** Increments of distress ≤ tolerance are kept pending instead of propagated. */
  tolerance: number;
  maxRounds: number;
  /** Economic value v for R (normalised to sum 1); default: capital. */
  weights?: ArrayLike<number>;
  recordRounds: boolean;
}

export const DEFAULT_LINEAR_DEBTRANK_OPTIONS: Readonly<LinearDebtRankOptions> = Object.freeze({
  capImpact: false,
  // Increments below 1e-9 of capital are below any amount a report shows (万元 × 1e-9).
  tolerance: 1e-9,
  maxRounds: 100_000,
  recordRounds: true,
});

export function linearDebtRank(net: ExposureNetwork, shock: Shock, options: Partial<LinearDebtRankOptions> = {}): ContagionResult {
  const o = { ...DEFAULT_LINEAR_DEBTRANK_OPTIONS, ...options };
  if (!(o.tolerance > 0)) throw new ConfigError(`tolerance must be > 0, got ${o.tolerance}`);
  if (!(o.maxRounds >= 1)) throw new ConfigError(`maxRounds must be ≥ 1, got ${o.maxRounds}`);
  const n = net.n;
  const h0 = initialDistress(n, shock);
  const h = h0.slice();
  const loss = new Float64Array(n);
  const transmitted = new Float64Array(n);
  const pending = new Float64Array(n);
  const queued = new Uint8Array(n);
  let frontier = new Int32Array(n);
  let next = new Int32Array(n);
  const level = new Float64Array(n);
  const roundOf = new Int32Array(n).fill(-1);
  const changed = new Int32Array(n);
  const w = impactWeights(net, o.capImpact);
  const { offsets, nbr } = net.out;
  const amount = net.amount;

  // The shock itself is the first increment: h(0) − h(−1) with h(−1) = 0.
  const seeds = shockSeeds(h0);
  let fc = 0;
  for (let k = 0; k < seeds.nodes.length; k++) {
    const v = seeds.nodes[k];
    pending[v] = seeds.distress[k];
    if (pending[v] > o.tolerance) { frontier[fc++] = v; queued[v] = 1; }
  }
  const rounds: RoundRecord[] = [];
  if (o.recordRounds) rounds.push({ round: 0, nodes: Array.from(seeds.nodes), distress: Array.from(seeds.distress), loss: 0 });
  let round = 0, updates = 0;
  let converged = true;
  while (fc > 0) {
    if (round >= o.maxRounds) { converged = false; break; }
    round++;
    // Synchronous update: every increment of round t is sent in round t+1.
    for (let k = 0; k < fc; k++) {
      const i = frontier[k];
      level[k] = pending[i];
      pending[i] = 0;
      queued[i] = 0;
    }
    let cc = 0, roundLoss = 0;
    for (let k = 0; k < fc; k++) {
      const i = frontier[k], d = level[k];
      transmitted[i] += d;
      for (let p = offsets[i]; p < offsets[i + 1]; p++) {
        const wp = w[p];
        if (wp === 0) continue;
        const j = nbr[p];
        updates++;
        const lossHere = amount[p] * d;
        loss[j] += lossHere;
        roundLoss += lossHere;
        const before = h[j];
        if (before >= 1) continue;
        const after = Math.min(1, before + wp * d);
        h[j] = after;
        pending[j] += after - before;
        if (roundOf[j] !== round) { roundOf[j] = round; changed[cc++] = j; }
      }
    }
    let nc = 0;
    for (let k = 0; k < cc; k++) {
      const j = changed[k];
      if (queued[j] === 0 && pending[j] > o.tolerance) { queued[j] = 1; next[nc++] = j; }
    }
    if (o.recordRounds) {
      const rec: RoundRecord = { round, nodes: new Array(cc), distress: new Array(cc), loss: roundLoss };
      for (let k = 0; k < cc; k++) { rec.nodes[k] = changed[k]; rec.distress[k] = h[changed[k]]; }
      rounds.push(rec);
    }
    const t = frontier; frontier = next; next = t;
    fc = nc;
  }
  let residual = 0;
  for (let v = 0; v < n; v++) if (pending[v] > residual) residual = pending[v];
  return contagionResult(
    'linear-debtrank', h, h0, loss, transmitted, rounds, economicValue(net, o.weights),
    { rounds: round, updates, converged, residual },
    { ...o, weights: o.weights ? 'custom' : 'capital', shock: shock.label ?? null },
  );
}

linearDebtRank.detailed = function detailed(net: ExposureNetwork, shock: Shock, options: Partial<LinearDebtRankOptions> = {}) {
  const result = linearDebtRank(net, shock, options);
  return { ...result.diagnostics!, result };
};
