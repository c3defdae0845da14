/**
 * Louvain community detection (Blondel, Guillaume, Lambiotte & Lefebvre 2008,
 * J. Stat. Mech. P10008) on CSR typed arrays: maximize the modularity
 *   Q = Σ_c [ Σin_c / 2m − γ (Σtot_c / 2m)² ]
 * by local moving (gain of putting i into c: k_i,c − γ Σtot_c k_i / 2m) and
 * aggregation of communities into nodes, level after level, until no node moves.
 * Iterative, O(m) per sweep; node order shuffled by the seeded rng (createRng), so
 * the same seed gives the same partition. graphology-communities-louvain follows
 * the same paper; it is used as the oracle in test/engine/louvain.test.ts only.
 *
 * Graph convention: a symmetric weighted adjacency; every undirected edge {u, v}
 * appears in both rows, a self-loop once with its full weight A_uu.
 */
import { createRng } from './rng.ts';

export interface WeightedCsr {
  n: number;
  offsets: Int32Array;
  nbr: Int32Array;
  weight: Float64Array;
}

export interface LouvainOptions {
  seed: number;
  /** γ: > 1 gives smaller communities. */
  resolution: number;
  /** A level stops when a sweep improves Q by less than this. */
  tolerance: number;
  /** Safety bound on sweeps per level. */
  maxSweeps: number;
  maxLevels: number;
}

export const LOUVAIN_DEFAULTS: Readonly<LouvainOptions> = Object.freeze({
  seed: 1, resolution: 1, tolerance: 1e-7, maxSweeps: 50, maxLevels: 20,
});

export interface LouvainResult {
  /** Node → community in [0, count), numbered by first node. */
  community: Int32Array;
  count: number;
  modularity: number;
  /** Levels actually aggregated and the node moves of each. */
  levels: { nodes: number; moves: number; modularity: number }[];
  options: LouvainOptions;
}

/** Symmetric weighted CSR from undirected edge lists (parallel edges kept; they add up). */
export function undirectedWeightedCsr(n: number, a: Int32Array, b: Int32Array, w: Float64Array): WeightedCsr {
  const m = a.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    offsets[a[i] + 1]++;
    if (a[i] !== b[i]) offsets[b[i] + 1]++;
  }
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const cursor = offsets.slice(0, n);
  const nbr = new Int32Array(offsets[n]), weight = new Float64Array(offsets[n]);
  for (let i = 0; i < m; i++) {
    let p = cursor[a[i]]++;
    nbr[p] = b[i]; weight[p] = w[i];
    if (a[i] === b[i]) continue;
    p = cursor[b[i]]++;
    nbr[p] = a[i]; weight[p] = w[i];
  }
  return { n, offsets, nbr, weight };
}

/** Modularity of a partition (same convention as the header). */
export function modularity(g: WeightedCsr, community: Int32Array, resolution = 1): number {
  const { n, offsets, nbr, weight } = g;
  let c = 0;
  for (let v = 0; v < n; v++) if (community[v] + 1 > c) c = community[v] + 1;
  const inside = new Float64Array(c), tot = new Float64Array(c);
  let m2 = 0;
  for (let v = 0; v < n; v++) {
    for (let p = offsets[v]; p < offsets[v + 1]; p++) {
      const w = weight[p];
      tot[community[v]] += w;
      m2 += w;
      if (community[nbr[p]] === community[v]) inside[community[v]] += w;
    }
  }
  if (m2 === 0) return 0;
  let q = 0;
  for (let k = 0; k < c; k++) q += inside[k] / m2 - resolution * (tot[k] / m2) ** 2;
  return q;
}

export function louvain(graph: WeightedCsr, options: Partial<LouvainOptions> = {}): LouvainResult {
  const opts: LouvainOptions = { ...LOUVAIN_DEFAULTS, ...options };
  const rng = createRng(opts.seed);
  const n0 = graph.n;
  // membership of original nodes in the current level's nodes
  const member = new Int32Array(n0);
  for (let v = 0; v < n0; v++) member[v] = v;
  let g = graph;
  const levels: LouvainResult['levels'] = [];
  for (let level = 0; level < opts.maxLevels; level++) {
    const { comm, moves } = moveNodes(g, opts, rng);
    // Renumber communities 0..k−1 by first node.
    const map = new Int32Array(g.n).fill(-1);
    let k = 0;
    for (let v = 0; v < g.n; v++) if (map[comm[v]] < 0) map[comm[v]] = k++;
    for (let v = 0; v < g.n; v++) comm[v] = map[comm[v]];
    for (let v = 0; v < n0; v++) member[v] = comm[member[v]];
    levels.push({ nodes: g.n, moves, modularity: modularity(g, comm, opts.resolution) });
    if (moves === 0 || k === g.n) break;
    g = aggregate(g, comm, k);
  }
  // Refinement: one more local-moving pass of the original nodes, starting from the final
  // partition, lets single nodes leave a community they were aggregated into too early
  // (a node moves only when that raises Q, so Q never drops).
  if (levels.length > 1) {
    const { comm, moves } = moveNodes(graph, opts, rng, member);
    if (moves > 0) member.set(comm);
  }
  const community = new Int32Array(n0);
  const map = new Int32Array(n0).fill(-1);
  let count = 0;
  for (let v = 0; v < n0; v++) {
    const c = member[v];
    if (map[c] < 0) map[c] = count++;
    community[v] = map[c];
  }
  return { community, count, modularity: modularity(graph, community, opts.resolution), levels, options: opts };
}

/** One level of local moving; returns each node's community (a node id of this level). */
function moveNodes(g: WeightedCsr, opts: LouvainOptions, rng: ReturnType<typeof createRng>, start?: Int32Array): { comm: Int32Array; moves: number } {
  const { n, offsets, nbr, weight } = g;
  const comm = new Int32Array(n), k = new Float64Array(n), tot = new Float64Array(n);
  let m2 = 0;
  for (let v = 0; v < n; v++) {
    comm[v] = start ? start[v] : v;
    for (let p = offsets[v]; p < offsets[v + 1]; p++) {
      k[v] += weight[p];
    }
    tot[comm[v]] += k[v];
    m2 += k[v];
  }
  if (m2 === 0) return { comm, moves: 0 };
  const order = new Int32Array(n);
  for (let v = 0; v < n; v++) order[v] = v;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]; order[i] = order[j]; order[j] = t;
  }
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  const gamma = opts.resolution;
  let moves = 0;
  let q = modularityOf(g, comm, tot, m2, gamma);
  for (let sweep = 0; sweep < opts.maxSweeps; sweep++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const v = order[i];
      const cv = comm[v];
      let nt = 0;
      for (let p = offsets[v]; p < offsets[v + 1]; p++) {
        const u = nbr[p];
        if (u === v) continue;
        const c = comm[u];
        if (acc[c] === 0) touched[nt++] = c;
        acc[c] += weight[p];
      }
      tot[cv] -= k[v];
      // Staying is the baseline; another community must gain strictly more.
      let best = cv;
      let bestGain = acc[cv] - gamma * tot[cv] * k[v] / m2;
      for (let t = 0; t < nt; t++) {
        const c = touched[t];
        const gain = acc[c] - gamma * tot[c] * k[v] / m2;
        if (gain > bestGain + 1e-12) {
          bestGain = gain;
          best = c;
        }
      }
      for (let t = 0; t < nt; t++) acc[touched[t]] = 0;
      acc[cv] = 0;
      tot[best] += k[v];
      if (best !== cv) {
        comm[v] = best;
        moved++;
      }
    }
    moves += moved;
    const q2 = modularityOf(g, comm, tot, m2, gamma);
    const gained = q2 - q;
    q = q2;
    if (moved === 0 || gained < opts.tolerance) break;
  }
  return { comm, moves };
}

/** Q from the running totals: one pass over edges for Σin. */
function modularityOf(g: WeightedCsr, comm: Int32Array, tot: Float64Array, m2: number, gamma: number): number {
  const { n, offsets, nbr, weight } = g;
  let inside = 0;
  for (let v = 0; v < n; v++) {
    const c = comm[v];
    for (let p = offsets[v]; p < offsets[v + 1]; p++) if (comm[nbr[p]] === c) inside += weight[p];
  }
  let sq = 0;
  for (let c = 0; c < n; c++) if (tot[c] > 0) sq += tot[c] * tot[c];
  return inside / m2 - gamma * sq / (m2 * m2);
}

/** The community graph: one node per community, A'_cd = Σ_{i∈c, j∈d} A_ij (self-loops keep Σin). */
function aggregate(g: WeightedCsr, comm: Int32Array, k: number): WeightedCsr {
  const { n, offsets, nbr, weight } = g;
  // Members of each community, by counting sort.
  const start = new Int32Array(k + 1);
  for (let v = 0; v < n; v++) start[comm[v] + 1]++;
  for (let c = 0; c < k; c++) start[c + 1] += start[c];
  const cur = start.slice(0, k);
  const members = new Int32Array(n);
  for (let v = 0; v < n; v++) members[cur[comm[v]]++] = v;

  const acc = new Float64Array(k);
  const touched = new Int32Array(k);
  const offs = new Int32Array(k + 1);
  let cap = Math.max(16, offsets[n] >> 1);
  let outNbr = new Int32Array(cap), outW = new Float64Array(cap);
  let m = 0;
  for (let c = 0; c < k; c++) {
    let nt = 0;
    for (let q = start[c]; q < start[c + 1]; q++) {
      const v = members[q];
      for (let p = offsets[v]; p < offsets[v + 1]; p++) {
        const d = comm[nbr[p]];
        if (acc[d] === 0) touched[nt++] = d;
        acc[d] += weight[p];
      }
    }
    if (m + nt > cap) {
      cap = Math.max(cap * 2, m + nt);
      const a = new Int32Array(cap); a.set(outNbr.subarray(0, m)); outNbr = a;
      const b = new Float64Array(cap); b.set(outW.subarray(0, m)); outW = b;
    }
    for (let t = 0; t < nt; t++) {
      const d = touched[t];
      // Row c holds Σ over ordered pairs, so the self-loop A'_cc = Σin_c (both directions) as the convention wants.
      if (acc[d] !== 0) { outNbr[m] = d; outW[m] = acc[d]; m++; }
      acc[d] = 0;
    }
    offs[c + 1] = m;
  }
  return { n: k, offsets: offs, nbr: outNbr.slice(0, m), weight: outW.slice(0, m) };
}
