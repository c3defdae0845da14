/**
 * Candidates for renewal without principal repayment (无还本续贷, seeds 001–002):
 * loans with asOf ≤ maturity ≤ asOf + N days (default 90), status normal (a missing
 * status counts as normal, the CSV default), and a borrower that passes the screen
 * (screen.ts). Each candidate shows the borrower's guarantee-circle exposure, because
 * renewing a loan inside a circle keeps the whole circle's debt rolling.
 */
import type { Snapshot } from '../../engine/index.ts';
import { guaranteeCircles, type GuaranteeCircles } from '../guarantee/index.ts';
import { loanDates, referenceDate } from '../reputation/index.ts';
import type { ScreeningResult } from './screen.ts';

export interface RenewalOptions {
  /** N: maturity horizon in days after asOf. */
  withinDays: number;
  /** Reference date (ISO); default meta.asOf. */
  asOf?: string;
}

export const RENEWAL_DEFAULTS: Readonly<RenewalOptions> = Object.freeze({ withinDays: 90 });

export interface RenewalCandidate {
  loan: string;
  bank: string;
  borrower: string;
  outstanding: number;
  maturity: string;
  daysToMaturity: number;
  /** Borrower's guarantee circle id, null outside circles. */
  circle: string | null;
  circleSize: number;
  /** Outstanding of all loans of the circle's members. */
  circleLoansOutstanding: number;
  /** Guaranteed amount inside the circle. */
  circleGuaranteed: number;
}

export interface RenewalResult {
  candidates: RenewalCandidate[];
  /** Loans maturing in the window that were left out, by why. */
  excluded: { notNormal: number; screenedOut: number };
  asOf: string;
  options: RenewalOptions;
}

const DAY_MS = 86_400_000;

export function renewalCandidates(s: Snapshot, screen: ScreeningResult, options: Partial<RenewalOptions> = {}, circles?: GuaranteeCircles): RenewalResult {
  const opts: RenewalOptions = { ...RENEWAL_DEFAULTS, ...options };
  const ref = referenceDate(s, opts.asOf);
  const c = circles ?? guaranteeCircles(s);
  const candidates: RenewalCandidate[] = [];
  const excluded = { notNormal: 0, screenedOut: 0 };
  const loans = s.dataset.loans;
  const maturity = loanDates(s).maturity;
  for (let e = 0; e < loans.length; e++) {
    const days = Math.round((maturity[e] - ref) / DAY_MS);
    if (!(days >= 0 && days <= opts.withinDays)) continue; // NaN (no maturity) fails too
    const l = loans[e];
    const f = s.loan.dst[e];
    if ((l.status ?? 'normal') !== 'normal') { excluded.notNormal++; continue; }
    if (screen.reasons[f] !== 0) { excluded.screenedOut++; continue; }
    const k = c.circleOf[f];
    const circle = k >= 0 ? c.circles[k] : null;
    candidates.push({
      loan: l.id, bank: l.bank_id, borrower: l.borrower_id, outstanding: l.outstanding,
      maturity: l.maturity!, daysToMaturity: days,
      circle: circle ? circle.id : null, circleSize: circle ? circle.size : 0,
      circleLoansOutstanding: circle ? circle.loansOutstanding : 0,
      circleGuaranteed: circle ? circle.guaranteedInside : 0,
    });
  }
  candidates.sort((a, b) => a.daysToMaturity - b.daysToMaturity || (a.loan < b.loan ? -1 : a.loan > b.loan ? 1 : 0));
  return { candidates, excluded, asOf: new Date(ref).toISOString().slice(0, 10), options: opts };
}
