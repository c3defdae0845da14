/**
 * PageRank (Page, Brin, Motwani & Winograd 1999) on CSR, the fixed point with Σx = 1 of
 *   x = α·W x + (α·Σ_{dangling} x + 1 − α) / N,   W[j][i] = w(i→j) / Σ_k w(i→k)
 * solved by Gauss–Seidel sweeps (Arasu, Novak, Tomkins & Tomlin 2002, "PageRank computation
 * and the structure of the web", WWW): each node uses its in-neighbours' newest values, which
 * needs about half the sweeps of power iteration (30 vs 53 on the 1M-node benchmark graph).
 * Dangling mass (nodes without out-weight) is spread uniformly. Stops when
 * ‖x' − x‖₁ < tolerance. graphology-metrics and NetworkX test ‖x' − x‖₁ < N·tolerance,
 * which at N = 1M and tolerance 1e-6 stops after one iteration (‖x‖₁ = 1), so the
 * tolerance here is absolute. O(iterations · (N + m)) with typed arrays only.
 */
import { buildCsr, type Csr, type Snapshot } from '../../engine/index.ts';

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
 * Sweeps gather over the incoming edges (`incoming`, built from `csr` when not given): each
 * node sums its in-neighbours' pre-scaled scores and is written once.
 */
export function pageRankCsr(N: number, csr: Csr, weight: Float64Array | null, options: Partial<PageRankOptions> = {}, incoming?: Csr): PageRankResult {
  const opts: PageRankOptions = { ...PAGERANK_DEFAULTS, ...options };
  const alpha = opts.damping;
  const { offsets, edge } = csr;
  // 1 / out-weight per node; 0 marks a dangling node (no out-weight).
  const invOut = new Float64Array(N);
  const dangling: number[] = [];
  for (let i = 0; i < N; i++) {
    let total = 0;
    for (let p = offsets[i]; p < offsets[i + 1]; p++) total += weight ? weight[edge[p]] : 1;
    if (total > 0) invOut[i] = 1 / total;
    else dangling.push(i);
  }
  const inn = incoming ?? reverseCsr(N, csr);
  const inOff = inn.offsets, inNbr = inn.nbr;
  // Weight of each incoming slot, read sequentially in the hot loop (null: all 1).
  let inW: Float64Array | null = null;
  if (weight) {
    inW = new Float64Array(inOff[N]);
    for (let p = 0; p < inOff[N]; p++) inW[p] = weight[inn.edge[p]];
  }
  const x = new Float64Array(N).fill(1 / N);
  const previous = new Float64Array(N);
  // scaled[i] = x_i / out-weight(i), kept current as x_i changes within a sweep.
  const scaled = new Float64Array(N);
  for (let i = 0; i < N; i++) scaled[i] = x[i] * invOut[i];
  let iterations = 0, delta = Infinity, converged = false;
  while (iterations < opts.maxIterations) {
    previous.set(x);
    let dangle = 0;
    for (const i of dangling) dangle += x[i];
    const base = (alpha * dangle + 1 - alpha) / N;
    // Gauss–Seidel sweep: in-neighbours earlier in the order already carry this sweep's values.
    let total = 0;
    for (let j = 0; j < N; j++) {
      let sum = 0;
      const end = inOff[j + 1];
      if (inW) for (let p = inOff[j]; p < end; p++) sum += scaled[inNbr[p]] * inW[p];
      else for (let p = inOff[j]; p < end; p++) sum += scaled[inNbr[p]];
      const v = base + alpha * sum;
      x[j] = v;
      scaled[j] = v * invOut[j];
      total += v;
    }
    // The dangling mass came from the previous sweep, so the sum drifts from 1: renormalise.
    delta = 0;
    for (let j = 0; j < N; j++) {
      const v = x[j] / total;
      x[j] = v;
      scaled[j] = v * invOut[j];
      delta += Math.abs(v - previous[j]);
    }
    iterations++;
    if (delta < opts.tolerance) { converged = true; break; }
  }
  return { rank: x, iterations, converged, delta, options: opts };
}

/** The incoming CSR of rows [0, N) of `csr` (edge ids kept). */
function reverseCsr(N: number, csr: Csr): Csr {
  const m = csr.offsets[N];
  const from = new Int32Array(m), to = new Int32Array(m), id = new Int32Array(m);
  for (let i = 0; i < N; i++) {
    for (let p = csr.offsets[i]; p < csr.offsets[i + 1]; p++) { from[p] = i; to[p] = csr.nbr[p]; id[p] = csr.edge[p]; }
  }
  const rev = buildCsr(N, to, from);
  // buildCsr numbers edges by position in (to, from); map back to the original edge ids.
  for (let p = 0; p < m; p++) rev.edge[p] = id[rev.edge[p]];
  return rev;
}

/** PageRank of firms and banks (parks carry no edges and are left out: rank length nFirms + nBanks). */
export function pageRank(s: Snapshot, options: Partial<PageRankOptions> = {}): PageRankResult {
  const opts: PageRankOptions = { ...PAGERANK_DEFAULTS, ...options };
  const kind = s[opts.edgeKind];
  const N = s.nFirms + s.nBanks;
  return pageRankCsr(N, opts.reverse ? kind.in : kind.out, opts.weighted ? kind.weight : null, opts, opts.reverse ? kind.out : kind.in);
}
