/**
 * The recommendation list (推荐清单, seed 001): firms that pass the screen, ranked by
 *   score = w_need · need + w_credit · credit + w_chain · chain        (weights sum to 1)
 *   need   = max(1 − outstanding / (ρ · revenue), maturing share)   clamped to [0, 1]
 *            (the credit gap against a typical credit-to-revenue ratio ρ, or the share of
 *            its debt maturing within the horizon, whichever is larger: seed 001's firm
 *            with 200万 falling due is a firm in need)
 *   credit = 1 − pd / pd_max (clamped), else 1 − liabilities / assets, else 0 (unknown = no credit)
 *   chain  = chain strength (reputation/chain-strength.ts)
 * Tech (科技型) and foreign-trade (外贸) firms are flagged: seed 001 names them as
 * priority groups; the flag is shown, not added to the score, so the ranking stays one formula.
 */
import { hasFlag, type Snapshot } from '../../engine/index.ts';
import { loanDates, referenceDate } from '../reputation/index.ts';
import type { ScreeningResult } from './screen.ts';

export interface RecommendationOptions {
  weights: { need: number; credit: number; chain: number };
  /** ρ: credit a firm typically carries per unit of revenue. */
  creditToRevenue: number;
  /** pd at or above which credit = 0. */
  pdMax: number;
  /** Horizon (days after asOf) of the maturing share. */
  maturingWithinDays: number;
  asOf?: string;
}

export const RECOMMENDATION_DEFAULTS: Readonly<RecommendationOptions> = Object.freeze({
  weights: Object.freeze({ need: 0.3, credit: 0.4, chain: 0.3 }),
  creditToRevenue: 0.3,
  pdMax: 0.1,
  maturingWithinDays: 90,
});

export interface RecommendationEntry {
  rank: number;
  firm: string;
  name: string;
  score: number;
  need: number;
  credit: number;
  chain: number;
  tech: boolean;
  foreignTrade: boolean;
}

export interface RecommendationResult {
  /** Firm indices of the list, best first. */
  order: Int32Array;
  score: Float64Array;
  need: Float64Array;
  credit: Float64Array;
  /** Firms flagged tech / foreign trade on the list. */
  flagged: { tech: number; foreignTrade: number };
  options: RecommendationOptions;
  /** Entry at a rank (0-based). */
  entry(rank: number): RecommendationEntry;
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

export function recommendationList(s: Snapshot, screen: ScreeningResult, chain: Float64Array, options: Partial<Omit<RecommendationOptions, 'weights'>> & { weights?: Partial<RecommendationOptions['weights']> } = {}): RecommendationResult {
  const opts: RecommendationOptions = { ...RECOMMENDATION_DEFAULTS, ...options, weights: { ...RECOMMENDATION_DEFAULTS.weights, ...options.weights } };
  const nF = s.nFirms;
  const ref = referenceDate(s, opts.asOf);
  const horizon = ref + opts.maturingWithinDays * 86_400_000;
  const outstanding = new Float64Array(nF), maturing = new Float64Array(nF);
  const maturity = loanDates(s).maturity;
  for (let e = 0; e < s.loan.m; e++) {
    const f = s.loan.dst[e], w = s.loan.weight[e];
    outstanding[f] += w;
    const t = maturity[e]; // NaN (missing) fails both tests
    if (t >= ref && t <= horizon) maturing[f] += w;
  }
  const need = new Float64Array(nF), credit = new Float64Array(nF), score = new Float64Array(nF).fill(NaN);
  const listed: number[] = [];
  const { weights: W } = opts;
  for (let f = 0; f < nF; f++) {
    if (screen.reasons[f] !== 0 || screen.notBorrower[f]) continue;
    const rev = s.revenue[f];
    const gap = rev > 0 ? 1 - outstanding[f] / (opts.creditToRevenue * rev) : 0;
    const mshare = outstanding[f] > 0 ? maturing[f] / outstanding[f] : 0;
    need[f] = clamp01(Math.max(gap, mshare));
    const pd = s.pd[f], A = s.assets[f], L = s.liabilities[f];
    credit[f] = Number.isFinite(pd) ? clamp01(1 - pd / opts.pdMax) : A > 0 && Number.isFinite(L) ? clamp01(1 - L / A) : 0;
    score[f] = W.need * need[f] + W.credit * credit[f] + W.chain * chain[f];
    listed.push(f);
  }
  const order = Int32Array.from(listed);
  const ids = s.ids;
  // Equal scores keep the order of firms.csv (a numeric tiebreak: string comparison of 1M ids is slow).
  order.sort((a, b) => score[b] - score[a] || a - b);
  let tech = 0, foreignTrade = 0;
  for (const f of order) {
    if (hasFlag(s, f, 'tech')) tech++;
    if (hasFlag(s, f, 'foreign_trade')) foreignTrade++;
  }
  const entry = (rank: number): RecommendationEntry => {
    const f = order[rank];
    return {
      rank: rank + 1, firm: ids[f], name: s.dataset.firms[f].name, score: score[f], need: need[f], credit: credit[f], chain: chain[f],
      tech: hasFlag(s, f, 'tech'), foreignTrade: hasFlag(s, f, 'foreign_trade'),
    };
  };
  return { order, score, need, credit, flagged: { tech, foreignTrade }, options: opts, entry };
}
