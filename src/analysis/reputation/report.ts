/**
 * The reputation result as plain JSON (CLI `reputation --json`, GET /api/reputation):
 * per park the reputation figures, per firm chain strength with its path, default cost
 * and credit dependency. Firms are listed strongest chain first, up to `top`.
 */
import type { Snapshot } from '../../engine/index.ts';
import { chainStrength, type ChainStep } from './chain-strength.ts';
import { defaultCost } from './default-cost.ts';
import { parkReputation, type ParkReputation } from './park-reputation.ts';
import { tieStrengths } from './ties.ts';

export interface FirmReputation {
  firm: string;
  name: string;
  park: string | null;
  chainStrength: number;
  bank: string | null;
  hops: number;
  defaultCost: number;
  /** NaN (null in JSON) when revenue is missing. */
  defaultCostRatio: number | null;
  creditDependency: number | null;
  mainBank: string | null;
  path: ChainStep[];
}

export interface ReputationReport {
  asOf: string;
  firms: FirmReputation[];
  /** meanDefaultCostRatio null when no member has revenue. */
  parks: (Omit<ParkReputation, 'meanDefaultCostRatio'> & { meanDefaultCostRatio: number | null })[];
  /** Firms reached by any bank / all firms. */
  reached: number;
  totalFirms: number;
  options: { top: number; firm: string | null; tau: number; strongTie: number; chainThreshold: number };
}

const orNull = (x: number) => (Number.isFinite(x) ? x : null);

export function reputationReport(s: Snapshot, opts: { top?: number; firm?: string } = {}): ReputationReport {
  const top = opts.top ?? 50;
  const ties = tieStrengths(s);
  const chain = chainStrength(s, {}, ties);
  const cost = defaultCost(s, {}, ties);
  const parks = parkReputation(s, ties, cost, chain);
  let reached = 0;
  for (let f = 0; f < s.nFirms; f++) if (chain.strength[f] > 0) reached++;
  let list: number[];
  if (opts.firm !== undefined) {
    const f = s.index.get(opts.firm);
    list = f !== undefined && f < s.nFirms ? [f] : [];
  } else {
    // Partial selection would do; a full sort of an index array is O(n log n) and under a second at 1M.
    const order = new Int32Array(s.nFirms);
    for (let f = 0; f < s.nFirms; f++) order[f] = f;
    order.sort((a, b) => chain.strength[b] - chain.strength[a] || a - b);
    list = [...order.subarray(0, top)];
  }
  const firms = list.map((f): FirmReputation => ({
    firm: s.ids[f],
    name: s.dataset.firms[f].name,
    park: s.park[f] >= 0 ? s.ids[s.park[f]] : null,
    chainStrength: chain.strength[f],
    bank: chain.bank[f] >= 0 ? s.ids[chain.bank[f]] : null,
    hops: chain.hops[f],
    defaultCost: cost.cost[f],
    defaultCostRatio: orNull(cost.ratio[f]),
    creditDependency: orNull(cost.dependency[f]),
    mainBank: cost.mainBank[f] >= 0 ? s.ids[cost.mainBank[f]] : null,
    path: chain.path(f),
  }));
  return {
    asOf: ties.asOf, firms, parks: parks.parks.map((p) => ({ ...p, meanDefaultCostRatio: orNull(p.meanDefaultCostRatio) })), reached, totalFirms: s.nFirms,
    options: { top, firm: opts.firm ?? null, tau: ties.options.tau, strongTie: parks.options.strongTie, chainThreshold: parks.options.chainThreshold },
  };
}
