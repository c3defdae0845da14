/**
 * Ownership rows: one-level groups (关联企业). 5 % of firms are drawn as parents;
 * each owns 1–4 subsidiaries from its park (70 %) or industry, with share 1 (30 %)
 * or U(0.51, 0.99); a second owner (another firm, or a bank in 15 % of cases) may
 * hold part of the rest. Shares are rounded down to 4 decimals, so the shares into
 * one firm sum to at most 1 (DATA_FORMAT). Subsidiaries never own, parents are
 * never owned, so there are no ownership cycles.
 */
import type { Rng } from '../../src/engine/index.ts';
import { floor4, intBetween, uniform } from './draw.ts';
import type { FirmPlan } from './firms.ts';
import { bankId, firmId } from './ids.ts';
import { drawFrom, type Pools } from './pools.ts';

export const PARENTS_PER_FIRM = 0.05;

export function* ownershipRows(rng: Rng, firms: FirmPlan, pools: Pools, nBanks: number): Generator<unknown[]> {
  const owned = new Uint8Array(firms.n);
  const parent = new Uint8Array(firms.n);
  const any = () => pools.all[rng.int(pools.all.length)];
  for (let p = Math.round(firms.n * PARENTS_PER_FIRM); p > 0; p--) {
    let f = -1;
    for (let t = 0; t < 10 && f < 0; t++) {
      const c = any();
      if (owned[c] === 0) f = c;
    }
    if (f < 0) continue;
    parent[f] = 1;
    for (let k = intBetween(rng, 1, 4); k > 0; k--) {
      let sub = -1;
      for (let t = 0; t < 10 && sub < 0; t++) {
        const c = firms.park[f] >= 0 && rng.next() < 0.7 ? drawFrom(rng, pools.byPark, firms.park[f]) : drawFrom(rng, pools.byIndustry, firms.industry[f]);
        if (c >= 0 && c !== f && owned[c] === 0 && parent[c] === 0) sub = c;
      }
      if (sub < 0) continue;
      owned[sub] = 1;
      const share = rng.next() < 0.3 ? 1 : floor4(uniform(rng, 0.51, 0.99));
      yield [firmId(f), firmId(sub), share];
      if (share < 1 && rng.next() < 0.35) {
        const rest = floor4((1 - share) * uniform(rng, 0.3, 1));
        if (rest <= 0) continue;
        if (rng.next() < 0.15) {
          yield [bankId(rng.int(nBanks)), firmId(sub), rest];
        } else {
          const o = any();
          if (o !== f && o !== sub && owned[o] === 0) {
            parent[o] = 1;
            yield [firmId(o), firmId(sub), rest];
          }
        }
      }
    }
  }
}
