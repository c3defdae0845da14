/**
 * Tie strength s ∈ [0, 1] of every relationship (信誉链, seed 004; DOMAIN.md
 * "Reputation chain"): repeated dealings build trust, delays and disputes erode it,
 * and a tie binds more when the partners depend on it.
 *   supply:    s = (1 − e^(−years/τ)) · e^(−delay/δ) · e^(−κ·disputes) · (α + (1 − α)·dep),
 *              dep = ½ (value / customer's purchases + value / supplier's sales)
 *   bank:      s = (1 − e^(−years/τ)) · status · (α + (1 − α)·share),
 *              years since the pair's first loan, status = worst of the pair's loans
 *              (normal 1, special mention ½, NPL 0), share = pair outstanding / firm's borrowing
 *   guarantee: s = γ · (1 − e^(−years/τ)), years since the guarantee started
 *   ownership: s = the ownership share
 * Tenure saturation 1 − e^(−t/τ) is the learning curve of repeated games in the
 * relationship-lending literature (Petersen & Rajan 1994, J. Finance 49(1): the value of
 * a bank relationship grows with its length and flattens); τ = 3 years by default.
 */
import type { Snapshot } from '../../engine/index.ts';
import { isoToMs, loanDates, referenceDate, referenceYear, yearsBetween } from './as-of.ts';

export interface TieOptions {
  /** Tenure time constant τ in years. */
  tau: number;
  /** Payment-delay scale δ in days: a delay of δ days multiplies s by 1/e. */
  delayDays: number;
  /** Dispute penalty κ per dispute. */
  disputePenalty: number;
  /** Floor α of the dependency weight: a tie nobody depends on keeps α of its strength. */
  dependencyFloor: number;
  /** γ: strength of a fully seasoned guarantee relationship (a guarantee vouches, it does not trade). */
  guaranteeFactor: number;
  /** Tenure assumed when a start year/date is missing (a row exists, so the tie is at least this old). */
  missingTenureYears: number;
  /** Reference date (ISO); default meta.asOf. */
  asOf?: string;
}

export const TIE_DEFAULTS: Readonly<TieOptions> = Object.freeze({
  tau: 3,
  delayDays: 90,
  disputePenalty: 0.7,
  dependencyFloor: 0.5,
  guaranteeFactor: 0.8,
  missingTenureYears: 1,
});

export interface TieStrengths {
  /** Per supply row. */
  supply: Float64Array;
  /** Per loan row (the same value for all loans of one bank–firm pair). */
  loan: Float64Array;
  /** Per guarantee row. */
  guarantee: Float64Array;
  /** Per ownership row. */
  ownership: Float64Array;
  /** Reference date used (ISO). */
  asOf: string;
  options: TieOptions;
}

const STATUS_FACTOR = { normal: 1, special_mention: 0.5, npl: 0 } as const;

export function tenureFactor(years: number, tau: number): number {
  return 1 - Math.exp(-years / tau);
}

export function tieStrengths(s: Snapshot, options: Partial<TieOptions> = {}): TieStrengths {
  const opts: TieOptions = { ...TIE_DEFAULTS, ...options };
  const ref = referenceDate(s, opts.asOf);
  const refYear = referenceYear(ref);
  const ds = s.dataset;

  // Supply: partners' total purchases and sales for the dependency share.
  const sales = new Float64Array(s.n), purchases = new Float64Array(s.n);
  const { src, dst, weight } = s.supply;
  for (let e = 0; e < s.supply.m; e++) {
    sales[src[e]] += weight[e];
    purchases[dst[e]] += weight[e];
  }
  const supply = new Float64Array(s.supply.m);
  for (let e = 0; e < s.supply.m; e++) {
    const r = ds.supply[e];
    const years = r.since === undefined ? opts.missingTenureYears : Math.max(0, refYear - r.since);
    const w = weight[e];
    const dep = w > 0 ? 0.5 * (w / purchases[dst[e]] + w / sales[src[e]]) : 0;
    supply[e] = tenureFactor(years, opts.tau)
      * Math.exp(-(r.payment_delay_days ?? 0) / opts.delayDays)
      * Math.exp(-opts.disputePenalty * (r.disputes ?? 0))
      * (opts.dependencyFloor + (1 - opts.dependencyFloor) * dep);
  }

  // Bank ties: aggregate each borrower's loans by bank (stamp arrays over node ids).
  const loan = new Float64Array(s.loan.m);
  const lin = s.loan.in;
  const lw = s.loan.weight;
  const firstStart = new Float64Array(s.n), pairOut = new Float64Array(s.n), pairStatus = new Float64Array(s.n);
  const stamp = new Int32Array(s.n).fill(-1);
  const starts = loanDates(s).start;
  const missingStart = ref - opts.missingTenureYears * 365.25 * 86_400_000;
  for (let f = 0; f < s.nFirms; f++) {
    const a = lin.offsets[f], b = lin.offsets[f + 1];
    if (a === b) continue;
    let total = 0, banks = 0;
    for (let p = a; p < b; p++) {
      const bank = lin.nbr[p], e = lin.edge[p];
      const row = ds.loans[e];
      if (stamp[bank] !== f) {
        stamp[bank] = f;
        banks++;
        firstStart[bank] = Infinity;
        pairOut[bank] = 0;
        pairStatus[bank] = 1;
      }
      const t = starts[e];
      const startMs = Number.isNaN(t) ? missingStart : t;
      if (startMs < firstStart[bank]) firstStart[bank] = startMs;
      pairOut[bank] += lw[e];
      const st = STATUS_FACTOR[row.status ?? 'normal'];
      if (st < pairStatus[bank]) pairStatus[bank] = st;
      total += lw[e];
    }
    for (let p = a; p < b; p++) {
      const bank = lin.nbr[p];
      // With nothing outstanding, each bank holds an equal share of the relationship.
      const share = total > 0 ? pairOut[bank] / total : 1 / banks;
      loan[lin.edge[p]] = tenureFactor(yearsBetween(firstStart[bank], ref), opts.tau)
        * pairStatus[bank]
        * (opts.dependencyFloor + (1 - opts.dependencyFloor) * share);
    }
  }

  const guarantee = new Float64Array(s.guarantee.m);
  for (let e = 0; e < s.guarantee.m; e++) {
    const start = ds.guarantees[e].start;
    const t = start === undefined ? NaN : isoToMs(start);
    const years = Number.isNaN(t) ? opts.missingTenureYears : yearsBetween(t, ref);
    guarantee[e] = opts.guaranteeFactor * tenureFactor(years, opts.tau);
  }
  const ownership = Float64Array.from(s.ownership.weight);
  return { supply, loan, guarantee, ownership, asOf: new Date(ref).toISOString().slice(0, 10), options: opts };
}
