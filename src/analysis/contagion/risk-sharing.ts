/**
 * Risk sharing of covered loans (seed 002, the guarantee-company / compensation-pool scheme for
 * small and micro loans): a covered (`risk_share`) loan's loss is split
 *   guarantee company g (40 %), compensation pool q (20 %), bank 1 − g − q (the rest).
 * The loss of a covered loan in a cascade is its uncovered outstanding × LGD(borrower) ×
 * transmitted(borrower): the same base buildExposures uses, of which the exposure network
 * carries only the bank's part (1 − g − q).
 */
import type { Snapshot } from '../../engine/index.ts';
import { ConfigError } from '../../io/errors.ts';
import { loanGuaranteeCover } from './exposures.ts';
import type { ContagionResult, ExposureNetwork, RiskShareOptions } from './types.ts';

export interface RiskShareSplit {
  guaranteeCompany: number;
  pool: number;
  bank: number;
}

/** Split one loss; shares must be in [0, 1] with g + q ≤ 1. */
export function splitCoveredLoss(loss: number, shares: RiskShareOptions): RiskShareSplit {
  const { guaranteeCompany: g, pool: q } = shares;
  if (!(g >= 0 && q >= 0 && g + q <= 1 + 1e-12)) throw new ConfigError(`risk shares must be ≥ 0 with guaranteeCompany + pool ≤ 1, got ${g} and ${q}`);
  return { guaranteeCompany: loss * g, pool: loss * q, bank: loss * (1 - g - q) };
}

export interface RiskSharingTotals extends RiskShareSplit {
  /** Σ of the three parts: the loss of covered loans. */
  total: number;
  /** Number of covered loans whose borrower passed on a loss. */
  loans: number;
  /** Per bank id: its covered-loan loss split. */
  byBank: Record<string, RiskShareSplit>;
  shares: RiskShareOptions;
}

/** Per-party totals of covered-loan losses in a contagion result (shares default to the network's). */
export function riskSharingTotals(
  s: Snapshot,
  net: ExposureNetwork,
  result: ContagionResult,
  shares: RiskShareOptions = net.options.riskShare,
): RiskSharingTotals {
  const cover = loanGuaranteeCover(s);
  const totals: RiskSharingTotals = { guaranteeCompany: 0, pool: 0, bank: 0, total: 0, loans: 0, byBank: {}, shares };
  const loans = s.dataset.loans;
  for (let l = 0; l < s.loan.m; l++) {
    if (!loans[l].risk_share) continue;
    const borrower = s.loan.dst[l];
    const t = result.transmitted ? result.transmitted[borrower] : result.defaulted[borrower];
    if (!(t > 0)) continue;
    const lgd = Number.isNaN(s.lgd[borrower]) ? 0.45 : s.lgd[borrower];
    const loss = Math.max(0, s.loan.weight[l] - cover[l]) * lgd * t;
    if (loss === 0) continue;
    const part = splitCoveredLoss(loss, shares);
    totals.guaranteeCompany += part.guaranteeCompany;
    totals.pool += part.pool;
    totals.bank += part.bank;
    totals.total += loss;
    totals.loans++;
    const bankId = loans[l].bank_id;
    const acc = (totals.byBank[bankId] ??= { guaranteeCompany: 0, pool: 0, bank: 0 });
    acc.guaranteeCompany += part.guaranteeCompany;
    acc.pool += part.pool;
    acc.bank += part.bank;
  }
  return totals;
}
