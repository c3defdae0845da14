/**
 * Financials rows: three consecutive years (asOf year − 3 … − 1) per firm with
 * filings (shells have none). Revenue of the latest year = the firm's revenue;
 * earlier years divide by 1 + g, g ~ N(4 %, 8 %). Interest expense = the firm's
 * loan interest × U(0.85, 1.1). EBIT = coverage × interest, where coverage is drawn
 * to make the DOMAIN.md zombie rule (EBIT / interest < 1 in each of the three most
 * recent years) hold exactly for the planned zombies: zombies U(−0.8, 0.95) every
 * year; near-zombies below 1 in two years and U(1.1, 2) in one; sound firms
 * LN(3, 0.6) with the latest year at least 1.2. Firms without loans have interest 0
 * (never zombies) and EBIT = revenue × N(6 %, 3 %).
 */
import type { Rng } from '../../src/engine/index.ts';
import { clamp, logNormal, round2, uniform } from './draw.ts';
import { HEALTH_NEAR_ZOMBIE, HEALTH_ZOMBIE, ROLE_GUARANTOR, ROLE_SHELL, type FirmPlan } from './firms.ts';
import { firmId } from './ids.ts';
import type { LoanPlan } from './loans.ts';

export const FINANCIAL_YEARS = 3;

export function* financialRows(rng: Rng, firms: FirmPlan, loans: LoanPlan, asOfYear: number): Generator<unknown[]> {
  const revenue = new Float64Array(FINANCIAL_YEARS);
  for (let f = 0; f < firms.n; f++) {
    const role = firms.role[f];
    if (role === ROLE_SHELL) continue;
    const id = firmId(f);
    revenue[FINANCIAL_YEARS - 1] = firms.revenue100[f] / 100;
    for (let y = FINANCIAL_YEARS - 2; y >= 0; y--) {
      const g = clamp(0.04 + 0.08 * rng.normal(), -0.3, 0.4);
      revenue[y] = round2(revenue[y + 1] / (1 + g));
    }
    const health = firms.health[f];
    const good = rng.int(FINANCIAL_YEARS);
    for (let y = 0; y < FINANCIAL_YEARS; y++) {
      const interest = loans.interest[f] > 0 ? Math.max(0.11, round2(loans.interest[f] * uniform(rng, 0.85, 1.1))) : 0;
      let ebit: number;
      if (role === ROLE_GUARANTOR) ebit = round2(revenue[y] * uniform(rng, 0.2, 0.4));
      else if (interest === 0) ebit = round2(revenue[y] * (0.06 + 0.03 * rng.normal()));
      else {
        let coverage: number;
        if (health === HEALTH_ZOMBIE) coverage = uniform(rng, -0.8, 0.95);
        else if (health === HEALTH_NEAR_ZOMBIE) coverage = y === good ? uniform(rng, 1.1, 2) : uniform(rng, -0.5, 0.95);
        else {
          coverage = logNormal(rng, 3, 0.6);
          if (y === FINANCIAL_YEARS - 1 && coverage < 1.2) coverage = uniform(rng, 1.2, 1.7);
        }
        ebit = round2(coverage * interest);
      }
      yield [id, asOfYear - FINANCIAL_YEARS + y, revenue[y], ebit, interest];
    }
  }
}
