/**
 * Communities of the cluster (Louvain, src/engine/louvain.ts; Blondel et al. 2008) on
 * the undirected firm graph of supply and guarantee ties, compared with the parks:
 *   edge weight = value / mean supply value (supply) + amount / mean guarantee amount (guarantee)
 * so that both relations weigh alike on average whatever their units and scale;
 *   NMI(C, P) = 2 I(C; P) / (H(C) + H(P))   over firms that belong to a park
 * (Danon, Díaz-Guilera, Duch & Arenas 2005, J. Stat. Mech. P09008), and the communities
 * whose members sit in more than one park: clusters that cross park borders.
 */
import { louvain, undirectedWeightedCsr, LOUVAIN_DEFAULTS, type LouvainOptions, type Snapshot } from '../../engine/index.ts';

export interface CommunityOptions {
  louvain: LouvainOptions;
  /** Include guarantee ties (else supply only). */
  guarantees: boolean;
  /** Smallest community reported as crossing. */
  minCrossingSize: number;
}

export const COMMUNITY_DEFAULTS: Readonly<CommunityOptions> = Object.freeze({ louvain: LOUVAIN_DEFAULTS, guarantees: true, minCrossingSize: 3 });

export interface CrossingCommunity {
  community: number;
  size: number;
  /** Members per park (park id → count), largest first; firms outside parks under ''. */
  parks: [string, number][];
  /** Share of the community's park members outside its largest park. */
  spill: number;
}

export interface CommunitiesResult {
  /** Firm → community. Length nFirms. */
  community: Int32Array;
  count: number;
  modularity: number;
  /** Community sizes. */
  sizes: Int32Array;
  nmi: number;
  crossing: CrossingCommunity[];
  levels: { nodes: number; moves: number; modularity: number }[];
  options: CommunityOptions;
}

export type CommunityOptionsInput = Partial<Omit<CommunityOptions, 'louvain'>> & { louvain?: Partial<LouvainOptions> };

export function clusterCommunities(s: Snapshot, options: CommunityOptionsInput = {}): CommunitiesResult {
  const opts: CommunityOptions = { ...COMMUNITY_DEFAULTS, ...options, louvain: { ...COMMUNITY_DEFAULTS.louvain, ...options.louvain } };
  const nF = s.nFirms;
  const sm = s.supply.m, gm = opts.guarantees ? s.guarantee.m : 0;
  const a = new Int32Array(sm + gm), b = new Int32Array(sm + gm), w = new Float64Array(sm + gm);
  const mean = (x: Float64Array, m: number) => { let t = 0; for (let i = 0; i < m; i++) t += x[i]; return m > 0 && t > 0 ? t / m : 1; };
  const ms = mean(s.supply.weight, sm), mg = mean(s.guarantee.weight, gm);
  let k = 0;
  for (let e = 0; e < sm; e++, k++) { a[k] = s.supply.src[e]; b[k] = s.supply.dst[e]; w[k] = s.supply.weight[e] / ms; }
  for (let e = 0; e < gm; e++, k++) { a[k] = s.guarantee.src[e]; b[k] = s.guarantee.dst[e]; w[k] = s.guarantee.weight[e] / mg; }
  const r = louvain(undirectedWeightedCsr(nF, a, b, w), opts.louvain);
  const sizes = new Int32Array(r.count);
  for (let f = 0; f < nF; f++) sizes[r.community[f]]++;
  const base = nF + s.nBanks;
  const parkOf = new Int32Array(nF);
  for (let f = 0; f < nF; f++) parkOf[f] = s.park[f] < 0 ? -1 : s.park[f] - base;
  return {
    community: r.community, count: r.count, modularity: r.modularity, sizes,
    nmi: normalizedMutualInformation(r.community, parkOf),
    crossing: crossingCommunities(s, r.community, r.count, sizes, opts.minCrossingSize),
    levels: r.levels, options: opts,
  };
}

/**
 * NMI of two labelings over the items where both labels are ≥ 0 (−1 = unlabeled),
 * 2 I / (H_a + H_b); 1 when both are a single block (identical trivial partitions).
 */
export function normalizedMutualInformation(x: Int32Array, y: Int32Array): number {
  const joint = new Map<number, number>(), cx = new Map<number, number>(), cy = new Map<number, number>();
  let ny = 0;
  for (let i = 0; i < y.length; i++) if (y[i] + 1 > ny) ny = y[i] + 1;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < 0 || y[i] < 0) continue;
    n++;
    const key = x[i] * ny + y[i];
    joint.set(key, (joint.get(key) ?? 0) + 1);
    cx.set(x[i], (cx.get(x[i]) ?? 0) + 1);
    cy.set(y[i], (cy.get(y[i]) ?? 0) + 1);
  }
  if (n === 0) return NaN;
  const H = (m: Map<number, number>) => { let h = 0; for (const c of m.values()) h -= (c / n) * Math.log(c / n); return h; };
  const hx = H(cx), hy = H(cy);
  if (hx + hy === 0) return 1;
  let mi = 0;
  for (const [key, c] of joint) {
    const px = cx.get(Math.floor(key / ny))! / n, py = cy.get(key % ny)! / n, pxy = c / n;
    mi += pxy * Math.log(pxy / (px * py));
  }
  return (2 * mi) / (hx + hy);
}

function crossingCommunities(s: Snapshot, community: Int32Array, count: number, sizes: Int32Array, minSize: number): CrossingCommunity[] {
  const perComm: Map<number, number>[] = [];
  for (let c = 0; c < count; c++) perComm.push(new Map());
  for (let f = 0; f < s.nFirms; f++) {
    const c = community[f];
    if (sizes[c] < minSize) continue;
    const m = perComm[c];
    m.set(s.park[f], (m.get(s.park[f]) ?? 0) + 1);
  }
  const out: CrossingCommunity[] = [];
  for (let c = 0; c < count; c++) {
    const m = perComm[c];
    let inParks = 0, largest = 0, parks = 0;
    for (const [p, n] of m) if (p >= 0) { inParks += n; parks++; if (n > largest) largest = n; }
    if (parks < 2) continue;
    const list: [string, number][] = [...m].map(([p, n]) => [p < 0 ? '' : s.ids[p], n] as [string, number]);
    list.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    out.push({ community: c, size: sizes[c], parks: list, spill: (inParks - largest) / inParks });
  }
  return out.sort((a, b) => b.size - a.size || a.community - b.community);
}
