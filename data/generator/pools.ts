/**
 * Firm pools for drawing partners: the active enterprises (not shells, not
 * guarantee companies) grouped by industry, by park, and by park × industry, as
 * CSR lists (offsets + members) so a million firms need three Int32Arrays.
 */
import type { Rng } from '../../src/engine/index.ts';
import { INDUSTRIES } from './industries.ts';
import { ROLE_ENTERPRISE, type FirmPlan } from './firms.ts';

export interface Pool {
  offsets: Int32Array;
  members: Int32Array;
}

export interface Pools {
  all: Int32Array;
  byIndustry: Pool;
  byPark: Pool;
  /** Key park × nIndustries + industry. */
  byParkIndustry: Pool;
  nIndustries: number;
}

export function buildPools(firms: FirmPlan, nParks: number): Pools {
  const nI = INDUSTRIES.length;
  const active = (f: number) => firms.role[f] === ROLE_ENTERPRISE;
  const all: number[] = [];
  for (let f = 0; f < firms.n; f++) if (active(f)) all.push(f);
  const allArr = Int32Array.from(all);
  return {
    all: allArr,
    byIndustry: group(allArr, nI, (f) => firms.industry[f]),
    byPark: group(allArr, nParks, (f) => firms.park[f]),
    byParkIndustry: group(allArr, nParks * nI, (f) => (firms.park[f] < 0 ? -1 : firms.park[f] * nI + firms.industry[f])),
    nIndustries: nI,
  };
}

/** Counting sort of `items` into `k` buckets; key −1 leaves an item out. */
function group(items: Int32Array, k: number, key: (f: number) => number): Pool {
  const offsets = new Int32Array(k + 1);
  for (const f of items) {
    const b = key(f);
    if (b >= 0) offsets[b + 1]++;
  }
  for (let b = 0; b < k; b++) offsets[b + 1] += offsets[b];
  const fill = offsets.slice(0, k);
  const members = new Int32Array(offsets[k]);
  for (const f of items) {
    const b = key(f);
    if (b >= 0) members[fill[b]++] = f;
  }
  return { offsets, members };
}

export function poolSize(pool: Pool, bucket: number): number {
  return pool.offsets[bucket + 1] - pool.offsets[bucket];
}

/** A uniformly drawn member of a bucket, or −1 when it is empty. */
export function drawFrom(rng: Rng, pool: Pool, bucket: number): number {
  const size = pool.offsets[bucket + 1] - pool.offsets[bucket];
  return size === 0 ? -1 : pool.members[pool.offsets[bucket] + rng.int(size)];
}
