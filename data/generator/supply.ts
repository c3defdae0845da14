/**
 * Supply rows: each active enterprise buys from 1 + Exp(mean by size) suppliers
 * (mean 1.1 micro … 3.8 large, at most 10). The supplier's industry is drawn from
 * the input table (industries.ts) by weight; the supplier comes from the customer's
 * own park when the park has that industry (70 %), otherwise from anywhere in the
 * cluster — the cross-park links. Value = customer revenue × U(0.03, 0.2); payment
 * delay 0 for 30 % of ties, else LN(45 days, 0.5); disputes on 12 % of ties.
 * Shells and guarantee companies have no supply ties (they are not in the pools).
 */
import type { Rng } from '../../src/engine/index.ts';
import { clamp, intBetween, logNormal, pickWeighted, round2, uniform } from './draw.ts';
import { HEALTH_ZOMBIE, ROLE_ENTERPRISE, type FirmPlan } from './firms.ts';
import { firmId } from './ids.ts';
import { INDUSTRIES, INDUSTRY_INPUTS, industryIndex } from './industries.ts';
import { drawFrom, type Pools } from './pools.ts';

const EXTRA_SUPPLIERS_MEAN = [1.1, 1.6, 2.5, 3.8];
const MAX_SUPPLIERS = 10;

/** Per customer industry: supplier industries and their weights. */
const INPUTS = INDUSTRIES.map((info) => {
  const rows = INDUSTRY_INPUTS.filter((r) => r.customer === info.code);
  return { industries: rows.map((r) => industryIndex(r.supplier)), weights: rows.map((r) => r.weight) };
});

export function* supplyRows(rng: Rng, firms: FirmPlan, pools: Pools, asOfYear: number): Generator<unknown[]> {
  const nI = pools.nIndustries;
  const chosen: number[] = [];
  for (let c = 0; c < firms.n; c++) {
    if (firms.role[c] !== ROLE_ENTERPRISE) continue;
    const inputs = INPUTS[firms.industry[c]];
    if (inputs.industries.length === 0) continue;
    const k = clamp(1 + Math.floor(-Math.log(1 - rng.next()) * EXTRA_SUPPLIERS_MEAN[firms.size[c]]), 1, MAX_SUPPLIERS);
    chosen.length = 0;
    for (let j = 0; j < k; j++) {
      for (let t = 0; t < 3; t++) {
        const si = inputs.industries[pickWeighted(rng, inputs.weights)];
        let s = -1;
        if (firms.park[c] >= 0 && rng.next() < 0.7) s = drawFrom(rng, pools.byParkIndustry, firms.park[c] * nI + si);
        if (s < 0) s = drawFrom(rng, pools.byIndustry, si);
        if (s < 0 || s === c || chosen.includes(s)) continue;
        chosen.push(s);
        const since = intBetween(rng, Math.max(firms.founded[s], firms.founded[c]), asOfYear - 1);
        const slow = firms.health[c] === HEALTH_ZOMBIE ? 2 : 1;
        const delay = rng.next() < 0.3 ? 0 : Math.min(365, Math.round(logNormal(rng, 45, 0.5) * slow));
        const disputes = rng.next() < 0.88 ? 0 : intBetween(rng, 1, 3);
        const value = Math.max(0.5, round2((firms.revenue100[c] / 100) * uniform(rng, 0.03, 0.2)));
        yield [firmId(s), firmId(c), value, since, delay, disputes];
        break;
      }
    }
  }
}
