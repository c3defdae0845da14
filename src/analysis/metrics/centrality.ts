/**
 * PageRank (Page, Brin, Motwani & Winograd 1999) by power iteration on CSR:
 *   x' = α·W x + (α·Σ_{dangling} x + 1 − α) / N,   W[j][i] = w(i→j) / Σ_k w(i→k)
 * Dangling mass (nodes without out-weight) is spread uniformly. Stops when
 * ‖x' − x‖₁ < tolerance. graphology-metrics and NetworkX test ‖x' − x‖₁ < N·tolerance,
 * which at N = 1M and tolerance 1e-6 stops after one iteration (‖x‖₁ = 1), so the
 * tolerance here is absolute. O(iterations · (N + m)) with typed arrays only.
 */
import type { Csr, Snapshot } from '../../engine/index.ts';

export type EdgeKindName = 'guarantee' | 'loan' | 'supply' | 'ownership';

export interface PageRankOptions {
  /** Damping α. */
  damping: number;
  /** Stop when the L1 change of the rank vector (which sums to 1) falls below this. */
  tolerance: number;
  maxIterations: number;
  /** Use edge weights (amounts); false = every edge weighs 1. */
  weighted: boolean;
  /** Which edges of the Snapshot (pageRank only). */
  edgeKind: EdgeKindName;
  /**
   * Follow edges backwards. Guarantees point guarantor → borrower while risk runs
   * borrower → guarantor, so `reverse: true` ranks firms by how much distress can
   * flow into them.
   */
  reverse: boolean;
}

export const PAGERANK_DEFAULTS: Readonly<PageRankOptions> = Object.freeze({
  damping: 0.85, tolerance: 1e-6, maxIterations: 200, weighted: true, edgeKind: 'guarantee', reverse: false,
});

export interface PageRankResult {
  /** Score per node (length N), sums to 1. */
  rank: Float64Array;
  iterations: number;
  converged: boolean;
  /** Final ‖x' − x‖₁. */
  delta: number;
  options: PageRankOptions;
}

/**
 * PageRank over nodes [0, N) of one CSR; `weight[csr.edge[p]]` weighs slot p (null = 1).
 * Only rows [0, N) are read, so N may cut off trailing isolated nodes (the parks).
 */
export function pageRankCsr(N: number, csr: Csr, weight: Float64Array | null, options: Partial<PageRankOptions> = {}): PageRankResult {
  const opts: PageRankOptions = { ...PAGERANK_DEFAULTS, ...options };
  const { offsets, nbr, edge } = csr;
  const alpha = opts.damping;
  // Normalised weight per CSR slot; outWeight 0 marks a dangling node.
  const m = offsets[N];
  const norm = new Float64Array(m);
  const dangling: number[] = [];
  for (let i = 0; i < N; i++) {
    let total = 0;
    for (let p = offsets[i]; p < offsets[i + 1]; p++) total += weight ? weight[edge[p]] : 1;
    if (total === 0) dangling.push(i);
    else for (let p = offsets[i]; p < offsets[i + 1]; p++) norm[p] = (weight ? weight[edge[p]] : 1) / total;
  }
  let x = new Float64Array(N).fill(1 / N);
  let y = new Float64Array(N);
  let iterations = 0, delta = Infinity, converged = false;
  while (iterations < opts.maxIterations) {
    let dangle = 0;
    for (const i of dangling) dangle += x[i];
    const base = (alpha * dangle + 1 - alpha) / N;
    y.fill(base);
    for (let i = 0; i < N; i++) {
      const xi = alpha * x[i];
      if (xi === 0) continue;
      for (let p = offsets[i]; p < offsets[i + 1]; p++) y[nbr[p]] += xi * norm[p];
    }
    delta = 0;
    for (let i = 0; i < N; i++) delta += Math.abs(y[i] - x[i]);
    const t = x; x = y; y = t;
    iterations++;
    if (delta < opts.tolerance) { converged = true; break; }
  }
  return { rank: x, iterations, converged, delta, options: opts };
}

/** PageRank of firms and banks (parks carry no edges and are left out: rank length nFirms + nBanks). */
export function pageRank(s: Snapshot, options: Partial<PageRankOptions> = {}): PageRankResult {
  const opts: PageRankOptions = { ...PAGERANK_DEFAULTS, ...options };
  const kind = s[opts.edgeKind];
  return pageRankCsr(s.nFirms + s.nBanks, opts.reverse ? kind.in : kind.out, opts.weighted ? kind.weight : null, opts);
}
