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
  const maturity = loanDates(s).maturity;
  const loanOffsets = s.loan.in.offsets, loanRow = s.loan.in.edge, loanAmount = s.loan.weight;
  const need = new Float64Array(nF), credit = new Float64Array(nF), score = new Float64Array(nF).fill(NaN);
  // Sized by a count first: no growing JS array (or spare typed array) of ~1M firms for the GC of a large heap.
  let nListed = 0;
  for (let f = 0; f < nF; f++) if (screen.reasons[f] === 0 && !screen.notBorrower[f]) nListed++;
  const order = new Int32Array(nListed);
  let k = 0;
  const { weights: W } = opts;
  for (let f = 0; f < nF; f++) {
    if (screen.reasons[f] !== 0 || screen.notBorrower[f]) continue;
    // The firm's loans from the borrower CSR (rows ascending, as in loans.csv), summed
    // here rather than into two 1M-firm arrays.
    let outstanding = 0, maturing = 0;
    for (let p = loanOffsets[f], end = loanOffsets[f + 1]; p < end; p++) {
      const e = loanRow[p], w = loanAmount[e];
      outstanding += w;
      const t = maturity[e]; // NaN (missing) fails both tests
      if (t >= ref && t <= horizon) maturing += w;
    }
    const rev = s.revenue[f];
    const gap = rev > 0 ? 1 - outstanding / (opts.creditToRevenue * rev) : 0;
    const mshare = outstanding > 0 ? maturing / outstanding : 0;
    need[f] = clamp01(Math.max(gap, mshare));
    const pd = s.pd[f], A = s.assets[f], L = s.liabilities[f];
    credit[f] = Number.isFinite(pd) ? clamp01(1 - pd / opts.pdMax) : A > 0 && Number.isFinite(L) ? clamp01(1 - L / A) : 0;
    score[f] = W.need * need[f] + W.credit * credit[f] + W.chain * chain[f];
    order[k++] = f;
  }
  const ids = s.ids;
  rankByScore(order, score);
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

/** Score descending, equal scores in firms.csv order (a numeric tiebreak: string comparison of 1M ids is slow). */
export const byScore = (score: Float64Array) => (a: number, b: number): number => score[b] - score[a] || a - b;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Sorts `order` (firm indices, ascending) in place into byScore's order. A comparator sort
 * of ~1M firms calls back into JS ~20M times (0.5 s at 1M firms), so each firm becomes one
 * 64-bit key sorted natively (0.1 s): the high bits are the score's IEEE-754 bits mapped
 * to an order-preserving unsigned integer and inverted (descending), the low bits the firm
 * index (ascending tiebreak). The index bits displace the score's lowest mantissa bits, so
 * each run of equal high bits is checked, and a run whose scores differ only there is
 * re-sorted with the comparator: the result is exactly byScore's.
 */
export function rankByScore(order: Int32Array, score: Float64Array): void {
  const n = order.length;
  let maxIndex = 0;
  for (let i = 0; i < n; i++) {
    const f = order[i];
    if (!Number.isFinite(score[f])) { order.sort(byScore(score)); return; } // NaN / ∞ have no place in a key order
    if (f > maxIndex) maxIndex = f;
  }
  const idxBits = Math.max(1, 32 - Math.clz32(maxIndex)); // ≤ 31: indices are Int32
  const idxMask = 2 ** idxBits - 1;
  const keys = new BigUint64Array(n);
  const words = new Uint32Array(keys.buffer);
  const one = new Float64Array(1), oneWords = new Uint32Array(one.buffer);
  const HI = LITTLE_ENDIAN ? 1 : 0, LO = 1 - HI;
  for (let i = 0; i < n; i++) {
    one[0] = score[order[i]] + 0; // −0 → +0: the comparator treats them as equal
    let hi = oneWords[HI], lo = oneWords[LO];
    // Order-preserving map of a double to unsigned bits: negatives flip all bits, others the sign bit.
    if (hi & 0x80000000) { hi = ~hi; lo = ~lo; } else hi ^= 0x80000000;
    words[2 * i + HI] = ~hi >>> 0; // inverted: high scores first
    words[2 * i + LO] = ((~lo & ~idxMask) | order[i]) >>> 0;
  }
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = words[2 * i + LO] & idxMask;
  // A run of equal high bits is in index order; that is right unless a score rises inside it.
  for (let a = 0; a < n;) {
    const hi = words[2 * a + HI], lo = words[2 * a + LO] & ~idxMask;
    let b = a + 1, rising = false;
    while (b < n && words[2 * b + HI] === hi && (words[2 * b + LO] & ~idxMask) === lo) {
      if (score[order[b]] > score[order[b - 1]]) rising = true;
      b++;
    }
    if (rising) order.subarray(a, b).sort(byScore(score));
    a = b;
  }
}
