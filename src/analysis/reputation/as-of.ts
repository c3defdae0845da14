/**
 * The reference date of reputation measures: tenures are counted up to it. It is the
 * option when given, else the dataset's `meta.asOf`, else the latest supply `since`
 * year (so a dataset without a date still gives the same numbers on every run).
 */
import type { Snapshot } from '../../engine/index.ts';
import { ConfigError } from '../../io/errors.ts';

const MS_PER_YEAR = 365.25 * 86_400_000;

/** Reference date as epoch ms (UTC midnight). */
export function referenceDate(s: Snapshot, asOf?: string): number {
  const iso = asOf ?? s.dataset.meta.asOf;
  if (iso !== undefined) {
    const t = isoToMs(iso);
    if (Number.isNaN(t)) throw new ConfigError(`asOf '${iso}' is not an ISO date YYYY-MM-DD`);
    return t;
  }
  let year = -Infinity;
  for (const r of s.dataset.supply) if (r.since !== undefined && r.since > year) year = r.since;
  return Number.isFinite(year) ? Date.UTC(year, 11, 31) : Date.UTC(1970, 0, 1);
}

/** `YYYY-MM-DD` → epoch ms, parsed by hand (Date.parse is slow on millions of rows). */
export function isoToMs(iso: string): number {
  if (iso.length < 10 || iso[4] !== '-' || iso[7] !== '-') return NaN;
  const y = +iso.slice(0, 4), m = +iso.slice(5, 7), d = +iso.slice(8, 10);
  if (!(y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return NaN;
  return Date.UTC(y, m - 1, d);
}

/** Years from a date (ms) to the reference date, ≥ 0. */
export function yearsBetween(fromMs: number, refMs: number): number {
  return Math.max(0, (refMs - fromMs) / MS_PER_YEAR);
}

/** Year of the reference date as a fraction-free integer (for `since` years). */
export function referenceYear(refMs: number): number {
  return new Date(refMs).getUTCFullYear();
}

export interface LoanDates {
  /** Loan start as epoch ms, NaN when missing. Aligned with loan rows. */
  start: Float64Array;
  /** Maturity as epoch ms, NaN when missing. */
  maturity: Float64Array;
}

const loanDateCache = new WeakMap<Snapshot, LoanDates>();

/** Loan dates parsed once per Snapshot (ties, the recommendation list and renewal all need them). */
export function loanDates(s: Snapshot): LoanDates {
  let d = loanDateCache.get(s);
  if (d) return d;
  const loans = s.dataset.loans;
  const start = new Float64Array(loans.length), maturity = new Float64Array(loans.length);
  for (let e = 0; e < loans.length; e++) {
    const l = loans[e];
    start[e] = l.start === undefined ? NaN : isoToMs(l.start);
    maturity[e] = l.maturity === undefined ? NaN : isoToMs(l.maturity);
  }
  d = { start, maturity };
  loanDateCache.set(s, d);
  return d;
}
