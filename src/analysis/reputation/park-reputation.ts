/**
 * Park reputation (DOMAIN.md "Reputation chain"): for park P with k members,
 *   strongTieDensity = #distinct member pairs joined by a supply tie with s ≥ θ_s / (k(k − 1)/2)
 *   meanDefaultCostRatio = mean of cost/revenue over members with revenue > 0
 *   chainShare = #members with chain strength ≥ θ / k
 * Pairs are unordered because a reputation tie binds both partners (seed 004).
 */
import type { Snapshot } from '../../engine/index.ts';
import type { ChainStrengthResult } from './chain-strength.ts';
import type { DefaultCostResult } from './default-cost.ts';
import type { TieStrengths } from './ties.ts';

export interface ParkReputationOptions {
  /** θ_s: a supply tie is strong from this strength. */
  strongTie: number;
  /** θ: chain strength a member needs to count as reached by a bank. */
  chainThreshold: number;
}

export const PARK_REPUTATION_DEFAULTS: Readonly<ParkReputationOptions> = Object.freeze({ strongTie: 0.5, chainThreshold: 0.3 });

export interface ParkReputation {
  park: string;
  members: number;
  strongPairs: number;
  strongTieDensity: number;
  meanDefaultCostRatio: number;
  chainShare: number;
}

export interface ParkReputationResult {
  parks: ParkReputation[];
  options: ParkReputationOptions;
}

/**
 * `membership` overrides the Snapshot's firm → park array (node index, −1 outside),
 * which is how park-fit's what-if evaluates a park with a candidate inside.
 */
export function parkReputation(
  s: Snapshot, ties: TieStrengths, cost: DefaultCostResult, chain: ChainStrengthResult,
  options: Partial<ParkReputationOptions> = {}, membership: Int32Array = s.park,
): ParkReputationResult {
  const opts: ParkReputationOptions = { ...PARK_REPUTATION_DEFAULTS, ...options };
  const base = s.nFirms + s.nBanks;
  const members = new Float64Array(s.nParks), costSum = new Float64Array(s.nParks), costN = new Float64Array(s.nParks);
  const reached = new Float64Array(s.nParks), strong = new Float64Array(s.nParks);
  for (let f = 0; f < s.nFirms; f++) {
    const p = membership[f];
    if (p < 0) continue;
    const k = p - base;
    members[k]++;
    if (Number.isFinite(cost.ratio[f])) { costSum[k] += cost.ratio[f]; costN[k]++; }
    if (chain.strength[f] >= opts.chainThreshold) reached[k]++;
  }
  // Distinct strong pairs: scan each member's supply neighbours (both directions) once,
  // count pair (u, v) at its smaller endpoint, dedupe with a stamp per scanning node.
  const stamp = new Int32Array(s.nFirms).fill(-1);
  const { out, in: inn } = s.supply;
  for (let u = 0; u < s.nFirms; u++) {
    const p = membership[u];
    if (p < 0) continue;
    for (const csr of [out, inn]) {
      for (let q = csr.offsets[u]; q < csr.offsets[u + 1]; q++) {
        const v = csr.nbr[q];
        if (v <= u || membership[v] !== p || stamp[v] === u) continue;
        if (ties.supply[csr.edge[q]] < opts.strongTie) continue;
        stamp[v] = u;
        strong[p - base]++;
      }
    }
  }
  const parks: ParkReputation[] = [];
  for (let k = 0; k < s.nParks; k++) {
    const n = members[k];
    parks.push({
      park: s.ids[base + k],
      members: n,
      strongPairs: strong[k],
      strongTieDensity: n > 1 ? strong[k] / (n * (n - 1) / 2) : 0,
      meanDefaultCostRatio: costN[k] > 0 ? costSum[k] / costN[k] : NaN,
      chainShare: n > 0 ? reached[k] / n : 0,
    });
  }
  return { parks, options: opts };
}
