/**
 * Guarantee structure plan: which firms form the guarantee circles (担保圈), mutual
 * pairs (互保), joint-guarantee groups (联保小组), one-to-many hubs (一保多) and
 * many-to-one focus borrowers (多保一) — the patterns of DOMAIN.md.
 *
 * Circles must come out exactly as designed, not merged by chance into one giant
 * component. So every firm gets a chain key k(f) ∈ [0, 1), all members of one
 * designed structure share one key, and every other guarantee g → b is drawn only
 * when k(g) < k(b). Any directed cycle then has equal keys along it, i.e. lies
 * inside one designed structure: the strongly connected components (Tarjan 1972)
 * of the generated guarantee graph are exactly the designed circles, pairs and
 * joint groups, while chains (担保链) of any depth run between them.
 */
import type { Rng } from '../../src/engine/index.ts';
import { intBetween } from './draw.ts';
import { ROLE_ENTERPRISE, ROLE_GUARANTOR, type FirmPlan } from './firms.ts';
import { drawFrom, poolSize, type Pools } from './pools.ts';

export type StructureKind = 'circle' | 'mutual' | 'joint_group';

export interface Structure {
  kind: StructureKind;
  /** Member firms; a circle's members are in cycle order (m0 → m1 → … → m0). */
  members: Int32Array;
}

export interface StructurePlan {
  /** Chain key per firm (guarantee companies −1: they only give guarantees). */
  key: Float64Array;
  /** Firm → index into `structures`, −1 when in none. */
  member: Int32Array;
  structures: Structure[];
  /** 一保多: firms that guarantee many borrowers. */
  hubs: Int32Array;
  /** 多保一: borrowers guaranteed by many separate guarantors. */
  focus: Int32Array;
}

/** Designed circle sizes per 2,000 firms (scaled linearly with the cluster). */
export const CIRCLE_SIZES_PER_2000 = Object.freeze([3, 3, 4, 4, 5, 6, 7, 8, 10, 12, 15, 18, 24]);
/** One big cross-park circle per 100,000 firms (at least one). */
export const BIG_CIRCLE_EVERY = 100_000;
export const BIG_CIRCLE_SIZE: readonly [number, number] = [36, 42];
export const MUTUAL_PAIRS_PER_FIRM = 0.008;
export const JOINT_GROUPS_PER_FIRM = 0.004;
export const HUBS_PER_FIRM = 0.003;
export const FOCUS_PER_FIRM = 0.002;
/** Designed structures take at most this share of the firms. */
const MAX_MEMBER_SHARE = 0.3;

export function planStructures(rng: Rng, firms: FirmPlan, pools: Pools, nParks: number): StructurePlan {
  const n = firms.n;
  const key = new Float64Array(n);
  for (let f = 0; f < n; f++) key[f] = firms.role[f] === ROLE_GUARANTOR ? -1 : rng.next();
  const member = new Int32Array(n).fill(-1);
  const taken = new Uint8Array(n);
  const structures: Structure[] = [];
  let budget = Math.floor(n * MAX_MEMBER_SHARE);

  const free = (f: number) => f >= 0 && taken[f] === 0 && firms.role[f] === ROLE_ENTERPRISE;
  /** A free enterprise, preferably from park `home` (−1: anywhere). */
  const pickFree = (home: number): number => {
    if (home >= 0 && poolSize(pools.byPark, home) > 0 && rng.next() < 0.85) {
      for (let t = 0; t < 20; t++) {
        const f = drawFrom(rng, pools.byPark, home);
        if (free(f)) return f;
      }
    }
    for (let t = 0; t < 60; t++) {
      const f = pools.all.length === 0 ? -1 : pools.all[rng.int(pools.all.length)];
      if (free(f)) return f;
    }
    return -1;
  };
  const add = (kind: StructureKind, size: number, home: (i: number) => number): boolean => {
    if (size > budget) return false;
    const members = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const f = pickFree(home(i));
      if (f < 0) {
        for (let j = 0; j < i; j++) taken[members[j]] = 0;
        return false;
      }
      members[i] = f;
      taken[f] = 1;
    }
    const s = structures.length;
    const k = key[members[0]];
    for (const f of members) {
      member[f] = s;
      key[f] = k;
    }
    structures.push({ kind, members });
    budget -= size;
    return true;
  };

  // Big circles span three parks, taken round-robin so members interleave.
  const bigCount = Math.max(1, Math.round(n / BIG_CIRCLE_EVERY));
  for (let b = 0; b < bigCount; b++) {
    const size = Math.min(intBetween(rng, BIG_CIRCLE_SIZE[0], BIG_CIRCLE_SIZE[1]), Math.floor(n * 0.05));
    if (size < 3) break;
    const first = rng.int(nParks);
    const parks = [first, (first + 1 + rng.int(nParks - 1)) % nParks];
    let third = rng.int(nParks);
    while (third === parks[0] || third === parks[1]) third = (third + 1) % nParks;
    parks.push(third);
    add('circle', size, (i) => parks[i % 3]);
  }
  const scale = n / 2000;
  for (const size of CIRCLE_SIZES_PER_2000) {
    const count = Math.floor(scale) + (rng.next() < scale - Math.floor(scale) ? 1 : 0);
    for (let c = 0; c < count; c++) {
      const home = rng.next() < 0.8 ? rng.int(nParks) : -1;
      add('circle', size, () => home);
    }
  }
  const groups = Math.round(n * JOINT_GROUPS_PER_FIRM);
  for (let g = 0; g < groups; g++) {
    const home = rng.next() < 0.8 ? rng.int(nParks) : -1;
    add('joint_group', intBetween(rng, 3, 5), () => home);
  }
  const pairs = Math.round(n * MUTUAL_PAIRS_PER_FIRM);
  for (let m = 0; m < pairs; m++) {
    const home = rng.next() < 0.7 ? rng.int(nParks) : -1;
    add('mutual', 2, () => home);
  }

  // Hubs give guarantees to many later firms: a small key puts most firms after them.
  const hubs: number[] = [];
  for (let h = Math.round(n * HUBS_PER_FIRM); h > 0; h--) {
    const f = pickFree(-1);
    if (f < 0) break;
    taken[f] = 1;
    key[f] *= 0.02;
    hubs.push(f);
  }
  // Focus borrowers receive from many earlier firms: a key close to 1.
  const focus: number[] = [];
  for (let h = Math.round(n * FOCUS_PER_FIRM); h > 0; h--) {
    const f = pickFree(-1);
    if (f < 0) break;
    taken[f] = 1;
    key[f] = 1 - (1 - key[f]) * 0.02;
    focus.push(f);
  }
  return { key, member, structures, hubs: Int32Array.from(hubs), focus: Int32Array.from(focus) };
}
