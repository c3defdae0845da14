/**
 * Per-firm systemic impact and vulnerability, from one DebtRank run per firm (Battiston et al.
 * 2012, Sci. Rep. 2:541, where DebtRank of a node's default is its systemic impact).
 *   impact_i        = R(i defaults) = Σ_{j≠i} h_j^(i) v_j
 *   vulnerability_j = Σ_{i≠j} π_i h_j^(i) / Σ_{i≠j} π_i,   π_i = PD of firm i (1 when unknown)
 * i.e. the vulnerability of j is its expected distress when one firm defaults, the defaulting
 * firm drawn with probability proportional to its PD. Each run is sparse and reuses one
 * workspace, so the cost is the sum over firms of the out-edges their cascade reaches: when
 * the supply channels connect the cluster, each run reaches most of it and the total is
 * O(firms × edges) (docs/contagion.md, "Systemic impact", has the measured rates).
 */
import type { Snapshot } from '../../engine/index.ts';
import { DebtRankWorkspace, resolveDebtRankOptions, type DebtRankOptions } from './debtrank.ts';
import { economicValue } from './shock.ts';
import type { ExposureNetwork } from './types.ts';

export interface ImpactOptions extends DebtRankOptions {
  /** Called every `progressEvery` firms with (done, total). */
  onProgress?: (done: number, total: number) => void;
  progressEvery: number;
  /** Scenario probabilities π per node (default: firm PD, 1 when missing). */
  scenarioWeights?: ArrayLike<number>;
}

export const DEFAULT_IMPACT_OPTIONS: Readonly<Omit<ImpactOptions, 'onProgress' | 'scenarioWeights' | 'weights'>> = Object.freeze({
  capImpact: true,
  // Exact by default. Battiston's dynamics are order-sensitive: retiring nodes below a
  // materiality threshold changes when their neighbours are first hit, and R can then move
  // either way (bench/results-contagion.md measures it), so thresholds are opt-in.
  minDistress: 0,
  minImpact: 0,
  maxRounds: 1_000_000,
  recordRounds: false,
  progressEvery: 1000,
});

export interface FirmImpact {
  /** DebtRank R of each firm's default (index = firm index). */
  impact: Float64Array;
  /** System loss (amount unit) of each firm's default. */
  systemLoss: Float64Array;
  /** Nodes distressed by each firm's default, itself excluded. */
  reach: Int32Array;
  /** Expected distress of every node (firms and banks) across single-firm defaults. */
  vulnerability: Float64Array;
  /** Total DebtRank rounds and node updates over all runs. */
  rounds: number;
  updates: number;
  options: Record<string, unknown>;
}

export function systemicImpact(s: Snapshot, net: ExposureNetwork, options: Partial<ImpactOptions> = {}): FirmImpact {
  const o = { ...DEFAULT_IMPACT_OPTIONS, ...options, ...resolveDebtRankOptions({ ...DEFAULT_IMPACT_OPTIONS, ...options }) };
  const nFirms = s.nFirms;
  const value = economicValue(net, o.weights);
  const ws = new DebtRankWorkspace(net, o.capImpact);
  const pi = new Float64Array(nFirms);
  let piTotal = 0;
  for (let f = 0; f < nFirms; f++) {
    const x = o.scenarioWeights ? o.scenarioWeights[f] : s.pd[f];
    pi[f] = Number.isNaN(x) || x === undefined ? 1 : Math.max(0, x);
    piTotal += pi[f];
  }
  const impact = new Float64Array(nFirms), systemLoss = new Float64Array(nFirms), reach = new Int32Array(nFirms);
  const weighted = new Float64Array(net.n);
  const seed = new Int32Array(1), one = Float64Array.of(1);
  let rounds = 0, updates = 0;
  for (let f = 0; f < nFirms; f++) {
    seed[0] = f;
    ws.run(seed, one, o.minDistress, o.maxRounds, o.minImpact, undefined, false);
    rounds += ws.rounds;
    updates += ws.updates;
    let r = 0, loss = 0, count = 0;
    for (let k = 0; k < ws.touchedCount; k++) {
      const v = ws.touched[k];
      // Σ_j loss_j = Σ_i transmitted_i × outAmount_i (every edge of a propagating node).
      loss += ws.transmitted[v] * ws.outAmount[v];
      if (v === f) continue;
      const h = ws.h[v];
      if (h > 0) { r += h * value[v]; count++; weighted[v] += pi[f] * h; }
    }
    impact[f] = r;
    systemLoss[f] = loss;
    reach[f] = count;
    if (o.onProgress && (f + 1) % o.progressEvery === 0) o.onProgress(f + 1, nFirms);
  }
  if (o.onProgress && nFirms % o.progressEvery !== 0) o.onProgress(nFirms, nFirms);
  // Exclude each firm's own scenario from its denominator (its own default is not "exposure").
  const vulnerability = new Float64Array(net.n);
  for (let v = 0; v < net.n; v++) {
    const denominator = v < nFirms ? piTotal - pi[v] : piTotal;
    vulnerability[v] = denominator > 0 ? weighted[v] / denominator : 0;
  }
  const { onProgress: _p, scenarioWeights, weights, ...rest } = o;
  return {
    impact, systemLoss, reach, vulnerability, rounds, updates,
    options: { ...rest, weights: weights ? 'custom' : 'capital', scenarioWeights: scenarioWeights ? 'custom' : 'pd' },
  };
}

export interface RankedFirm {
  rank: number;
  firm: string;
  name: string;
  impact: number;
  systemLoss: number;
  reach: number;
  vulnerability: number;
}

/** The N firms of largest systemic impact (ties broken by id for a stable order). */
export function topImpact(s: Snapshot, r: FirmImpact, n: number): RankedFirm[] {
  const order = Array.from({ length: s.nFirms }, (_, f) => f);
  order.sort((a, b) => r.impact[b] - r.impact[a] || (s.ids[a] < s.ids[b] ? -1 : s.ids[a] > s.ids[b] ? 1 : 0));
  return order.slice(0, Math.max(0, n)).map((f, k) => ({
    rank: k + 1,
    firm: s.ids[f],
    name: s.dataset.firms[f].name,
    impact: r.impact[f],
    systemLoss: r.systemLoss[f],
    reach: r.reach[f],
    vulnerability: r.vulnerability[f],
  }));
}
