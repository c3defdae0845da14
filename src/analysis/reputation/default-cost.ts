/**
 * Default cost (失信代价, seed 004) and credit dependency (信用依存度) of each firm.
 *   cost(f)  = Σ_{supply partners} value · s · (1 − σ_k) + Σ_{loans} outstanding · s_bank + b · revenue·[f in a park]
 *   ratio(f) = cost(f) / revenue(f)
 * σ_k is the substitutability of the partner relation (0 = irreplaceable, 1 = fully
 * replaceable), by the partner's GB/T division or a default; b is the share of revenue
 * a park membership is worth (cheap premises, shared services: the 小微企业园 rents of
 * seed 000 are about half the market price). A firm that breaks trust loses the
 * trade it cannot replace, the credit lines of banks that know it, and its place in the park.
 *   dependency(f) = (supply value with same-park partners + outstanding at the main bank)
 *                   / (all supply value + all outstanding)
 * The main bank (主办银行, seed 004) is the bank with the largest outstanding to f.
 */
import { industryDivision } from '../../model/schema.ts';
import type { Snapshot } from '../../engine/index.ts';
import { tieStrengths, type TieOptions, type TieStrengths } from './ties.ts';

export interface DefaultCostOptions {
  ties: Partial<TieOptions>;
  /** Default substitutability σ of a trade relation, in [0, 1]. */
  substitutability: number;
  /** σ by GB/T division of the partner (e.g. { C33: 0.3 }). */
  substitutabilityByDivision: Readonly<Record<string, number>>;
  /** b: value of park membership as a share of revenue. */
  parkBenefitShare: number;
}

export const DEFAULT_COST_DEFAULTS: Readonly<DefaultCostOptions> = Object.freeze({
  ties: Object.freeze({}),
  substitutability: 0.5,
  substitutabilityByDivision: Object.freeze({}),
  parkBenefitShare: 0.05,
});

export interface DefaultCostResult {
  /** Trade part of the cost. Length nFirms. */
  trade: Float64Array;
  /** Credit part. */
  credit: Float64Array;
  /** Park part. */
  park: Float64Array;
  /** Total cost in the dataset's unit. */
  cost: Float64Array;
  /** cost / revenue; NaN when revenue is missing or 0. */
  ratio: Float64Array;
  /** Credit dependency in [0, 1]; NaN for a firm with no trade and no loans. */
  dependency: Float64Array;
  /** Main bank node index, −1 without loans. */
  mainBank: Int32Array;
  options: DefaultCostOptions;
}

export function defaultCost(s: Snapshot, options: Partial<DefaultCostOptions> = {}, ties?: TieStrengths): DefaultCostResult {
  const opts: DefaultCostOptions = { ...DEFAULT_COST_DEFAULTS, ...options };
  const t = ties ?? tieStrengths(s, opts.ties);
  const nF = s.nFirms;
  // σ per industry index, looked up once instead of per edge.
  const sigma = new Float64Array(s.industries.length);
  s.industries.forEach((code, k) => { sigma[k] = opts.substitutabilityByDivision[industryDivision(code)] ?? opts.substitutability; });

  const trade = new Float64Array(nF), credit = new Float64Array(nF), park = new Float64Array(nF);
  const inPark = new Float64Array(nF), tradeAll = new Float64Array(nF);
  const { src, dst, weight } = s.supply;
  for (let e = 0; e < s.supply.m; e++) {
    const u = src[e], v = dst[e], w = weight[e], st = t.supply[e];
    // Each side loses the partner: σ is the other side's division.
    if (u < nF) { trade[u] += w * st * (1 - sigma[s.industry[v]]); tradeAll[u] += w; }
    if (v < nF) { trade[v] += w * st * (1 - sigma[s.industry[u]]); tradeAll[v] += w; }
    if (s.park[u] >= 0 && s.park[u] === s.park[v]) { inPark[u] += w; inPark[v] += w; }
  }
  const mainBank = new Int32Array(nF).fill(-1);
  const dependency = new Float64Array(nF);
  const lin = s.loan.in, lw = s.loan.weight;
  const byBank = new Float64Array(s.nBanks), touched: number[] = [];
  for (let f = 0; f < nF; f++) {
    let total = 0;
    for (let p = lin.offsets[f]; p < lin.offsets[f + 1]; p++) {
      const e = lin.edge[p], b = lin.nbr[p] - nF;
      credit[f] += lw[e] * t.loan[e];
      if (byBank[b] === 0) touched.push(b);
      byBank[b] += lw[e];
      total += lw[e];
    }
    let best = -1, bestOut = -1;
    for (const b of touched) {
      if (byBank[b] > bestOut || (byBank[b] === bestOut && b < best)) { best = b; bestOut = byBank[b]; }
      byBank[b] = 0;
    }
    touched.length = 0;
    mainBank[f] = best < 0 ? -1 : nF + best;
    const denom = tradeAll[f] + total;
    dependency[f] = denom > 0 ? (inPark[f] + Math.max(0, bestOut)) / denom : NaN;
    const rev = s.revenue[f];
    if (s.park[f] >= 0 && rev > 0) park[f] = opts.parkBenefitShare * rev;
  }
  const cost = new Float64Array(nF), ratio = new Float64Array(nF);
  for (let f = 0; f < nF; f++) {
    cost[f] = trade[f] + credit[f] + park[f];
    ratio[f] = s.revenue[f] > 0 ? cost[f] / s.revenue[f] : NaN;
  }
  return { trade, credit, park, cost, ratio, dependency, mainBank, options: opts };
}
