/**
 * Batched exact systemic impact: Battiston DebtRank of up to 32 single-firm defaults at once
 * (the kernel behind `systemicImpact`; impact.ts runs it on the calling thread and on a worker).
 *
 * Why it is exact and cheaper than one run per firm. In Battiston's dynamics a node passes its
 * distress on exactly once, in the round after it is first hit, so the run of shock b is a BFS
 * from the defaulting firm f_b: a node j at distance d transmits
 *   x_j = min(1, Σ_{i→j, dist(i) = d−1} W_ij x_i)          (its distress at the end of round d)
 * and ends with h_j = min(1, s_j), s_j = Σ_{i→j, i transmitted} W_ij x_i. So:
 * - Phase A (layers): a multi-source BFS with one bit per shock per node (Then et al. 2014,
 *   "The more the merrier", PVLDB 8(4)) walks all 32 shocks in one pass over the edges, and the
 *   floating-point work is only on forward edges (dist(j) = dist(i) + 1, ≈ 30 % of the edges on
 *   the generated clusters), in the one-shock kernel's order: transmitters ascending, edges in
 *   CSR order, capped at 1 after each addition. Thresholds (minDistress, minImpact), maxRounds
 *   and underflow (a hit of exactly 0 is no hit) are applied as the one-shock kernel does.
 * - Phase B (final distress): where s_j < 1 for sure, h_j = s_j is linear in the x, so
 *   R_b = Σ_{j≠f_b} v_j s_j = Σ_i x_i c_i − v_{f_b} s_{f_b}, c_i = Σ_j W_ij v_j, and the PD-weighted
 *   vulnerability sums Σ_b π_b s_j = Σ_i W_ij (Σ_b π_b x_i) take one pass over the edges per batch.
 *   "For sure" is the bound Σ_i W_ij max_b x_i < 1 − 1e-9; every other node gets its s_j per
 *   shock exactly and is capped.
 * The results equal the one-shock kernel up to the order of floating-point additions (bench and
 * test/analysis/contagion/impact-batch.test.ts compare them; differences are ≈ 1e-17).
 *
 * A propagation tolerance τ > 0 runs `ImpactToleranceKernel` (impact-tolerance.ts, one firm at a time
 * with a bounded timing search) or, when cascades transmit over much of the graph, this file's
 * `ImpactToleranceBatchKernel` (the full timing BFS shared by 64 firms).
 */
import { impactWeights } from './exposures.ts';
import type { HubDistances } from './impact-tolerance.ts';
import type { ExposureNetwork } from './types.ts';

/** Shocks per batch: one bit each in an Int32 mask. */
export const BATCH = 32;

/** What the kernel reads: plain typed arrays, so a worker can get them as SharedArrayBuffers. */
export interface ImpactInput {
  n: number;
  nFirms: number;
  /**
   * Network index of each kernel node (`localityOrder`; firms stay 0 … nFirms − 1). Everything
   * below is in kernel indices, and so are the kernels' `weighted` sums; `storeBatch` writes the
   * per-firm results at network indices.
   */
  node: Int32Array;
  /** Out-edges with a positive impact weight (CSR, edges in the network's order). */
  outOffsets: Int32Array;
  outNbr: Int32Array;
  outW: Float64Array;
  /** The same edges by exposed node; each block lists its defaulters ascending. */
  inOffsets: Int32Array;
  inSrc: Int32Array;
  inW: Float64Array;
  /** Full out-degree (zero-weight edges included), for the `updates` count of the one-shock kernel. */
  degree: Int32Array;
  /** Σ_j amount(i→j): the loss a full default of i passes on. */
  outAmount: Float64Array;
  /** outAmount / Σ capital (minImpact test). */
  reachValue: Float64Array;
  /** Economic value v (sums to 1). */
  value: Float64Array;
  /** c_i = Σ_j W_ij v_j. */
  valueOut: Float64Array;
  /** Scenario probability π per firm. */
  pi: Float64Array;
  minDistress: number;
  minImpact: number;
  maxRounds: number;
  /** Propagation tolerance τ (0 = exact); > 0 requires minDistress = minImpact = 0. */
  tolerance: number;
  /** Tolerance kernel only: distances to the hubs (computed once, shared by the threads) and its forward budget. */
  hubs?: HubDistances;
  forwardBudget?: number;
  /** Tolerance runs: the batch kernel (true) or one firm at a time (false); impact.ts decides after its probe batch. */
  toleranceBatch?: boolean;
}

/** Per-firm results, written at the firm's index (shared between threads). */
export interface ImpactOutput {
  impact: Float64Array;
  systemLoss: Float64Array;
  reach: Int32Array;
  rounds: Int32Array;
  updates: Float64Array;
  /** Σ_f π_f h_j^(f) over the firms this thread ran (j ≠ f), at kernel index j. */
  weighted: Float64Array;
}

/** A kernel's per-shock results of its last batch, shock b = firm first + b. */
export interface BatchResults {
  readonly r: Float64Array;
  readonly loss: Float64Array;
  readonly reach: Int32Array;
  readonly rounds: Int32Array;
  readonly updates: Float64Array;
}

/** Copies a batch's results into the output columns of kernel firms first … first + count − 1 (at their network indices). */
export function storeBatch(out: ImpactOutput, node: Int32Array, first: number, count: number, batch: BatchResults): void {
  for (let b = 0; b < count; b++) {
    const f = node[first + b];
    // R ≥ 0; the capped nodes' correction (r −= v·s, r += v·min(s, 1)) can leave −1e-20 of cancellation.
    out.impact[f] = batch.r[b] > 0 ? batch.r[b] : 0;
    out.systemLoss[f] = batch.loss[b];
    out.reach[f] = batch.reach[b];
    out.rounds[f] = batch.rounds[b];
    out.updates[f] = batch.updates[b];
  }
}

/**
 * The kernels' numbering of the nodes (order[k] = network index of kernel node k): BFS order over
 * the exposure graph taken as undirected (from the node of highest degree, then from the next
 * unvisited one), the firms first and the other nodes (banks) after them, so firms stay
 * 0 … nFirms − 1. Neighbours get nearby indices: a cascade's reads and writes fall in fewer cache
 * lines, and a batch of consecutive firms shares most of its BFS (on the 100k cluster: exact
 * kernel 9.5 → 6.8 ms per firm, tolerance 1e-4 6.7 → 4.4 ms in an A/B, docs/contagion.md).
 */
export function localityOrder(net: ExposureNetwork, nFirms: number): Int32Array {
  const n = net.n, bfs = new Int32Array(n), seen = new Uint8Array(n);
  const degree = (v: number) => net.out.offsets[v + 1] - net.out.offsets[v] + net.in.offsets[v + 1] - net.in.offsets[v];
  const roots = Array.from({ length: n }, (_, v) => v).sort((a, b) => degree(b) - degree(a) || a - b);
  let tail = 0;
  for (const root of roots) {
    if (seen[root]) continue;
    seen[root] = 1;
    bfs[tail++] = root;
    for (let head = tail - 1; head < tail; head++) {
      const v = bfs[head];
      for (const csr of [net.out, net.in]) {
        for (let p = csr.offsets[v]; p < csr.offsets[v + 1]; p++) {
          const u = csr.nbr[p];
          if (!seen[u]) { seen[u] = 1; bfs[tail++] = u; }
        }
      }
    }
  }
  const order = new Int32Array(n);
  let k = 0;
  for (const v of bfs) if (v < nFirms) order[k++] = v;
  for (const v of bfs) if (v >= nFirms) order[k++] = v;
  return order;
}

export function impactInput(
  net: ExposureNetwork, nFirms: number, capImpact: boolean, value: Float64Array, pi: Float64Array,
  outAmount: Float64Array, reachValue: Float64Array, minDistress: number, minImpact: number, maxRounds: number,
  alloc: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes), tolerance = 0,
): ImpactInput {
  const n = net.n;
  const w = impactWeights(net, capImpact);
  const { offsets, nbr } = net.out;
  const f64 = (len: number) => new Float64Array(alloc(len * 8));
  const i32 = (len: number) => new Int32Array(alloc(len * 4));
  const node = i32(n);
  node.set(localityOrder(net, nFirms));
  const rank = new Int32Array(n);
  for (let k = 0; k < n; k++) rank[node[k]] = k;
  let m = 0;
  for (let p = 0; p < w.length; p++) if (w[p] > 0) m++;
  const outOffsets = i32(n + 1), outNbr = i32(m), outW = f64(m), degree = i32(n), valueOut = f64(n);
  const inCount = new Int32Array(n + 1);
  let q = 0;
  for (let i = 0; i < n; i++) {
    const v = node[i];
    outOffsets[i] = q;
    degree[i] = offsets[v + 1] - offsets[v];
    let c = 0;
    for (let p = offsets[v]; p < offsets[v + 1]; p++) {
      if (!(w[p] > 0)) continue;
      const j = rank[nbr[p]];
      outNbr[q] = j;
      outW[q] = w[p];
      c += w[p] * value[nbr[p]];
      inCount[j + 1]++;
      q++;
    }
    valueOut[i] = c;
  }
  outOffsets[n] = q;
  const inOffsets = i32(n + 1), inSrc = i32(m), inW = f64(m);
  for (let j = 0; j < n; j++) inCount[j + 1] += inCount[j];
  inOffsets.set(inCount);
  const cursor = inCount.subarray(0, n);
  // Defaulters ascending within each block: i runs ascending.
  for (let i = 0; i < n; i++) {
    for (let p = outOffsets[i]; p < outOffsets[i + 1]; p++) {
      const k = cursor[outNbr[p]]++;
      inSrc[k] = i;
      inW[k] = outW[p];
    }
  }
  const permuted = (a: Float64Array) => { const b = f64(a.length); for (let k = 0; k < a.length; k++) b[k] = a[node[k]]; return b; };
  return {
    n, nFirms, node, outOffsets, outNbr, outW, inOffsets, inSrc, inW, degree,
    outAmount: permuted(outAmount), reachValue: permuted(reachValue), value: permuted(value), valueOut, pi: permuted(pi),
    minDistress, minImpact, maxRounds, tolerance,
  };
}

/** What impact.ts and the worker drive: `run` handles one batch of ≤ width consecutive firms. */
export interface ImpactKernel {
  readonly width: number;
  /** Nodes the last batch's cascades reached (in any of its shocks). */
  readonly reached: number;
  run(first: number, count: number): void;
}

/** Scratch of one thread; `run` handles one batch of ≤ 32 consecutive firms. */
export class ImpactBatchKernel implements ImpactKernel {
  readonly width = BATCH;
  private readonly x: Float64Array;
  /** Per node: [2j] = shocks that have hit j (seen), [2j + 1] = shocks hitting j in this layer (mark); one cache line for both. */
  private readonly sm: Int32Array;
  private readonly front: Int32Array;
  private list: Int32Array;
  private nextList: Int32Array;
  private readonly xMax: Float64Array;
  private readonly xPi: Float64Array;
  /** Nodes hit in some shock of the last batch (first `touchedCount`): resets and phase B run over these only, so a batch of small cascades costs what they reach, not O(n). */
  private readonly touched: Int32Array;
  private touchedCount = 0;
  /** Nodes that transmitted in some shock (first `senderCount`), and in which shocks (bit mask). */
  private readonly senders: Int32Array;
  private senderCount = 0;
  private readonly sent: Int32Array;
  /** Phase B scratch: Σ_i W_ij max_b x_i and Σ_i W_ij Σ_b π_b x_i per node, nodes they were written for, exact-set slots. */
  private readonly bound: Float64Array;
  private readonly piSum: Float64Array;
  private readonly dirty: Int32Array;
  private readonly isDirty: Uint8Array;
  private readonly slot: Int32Array;
  private readonly exact: Int32Array;
  private acc = new Float64Array(0);
  /**
   * Forward contributions (x index, value) waiting to be added, in buckets of 2^bucketShift
   * consecutive x entries (256 KB of x: an L2-sized slice). Adding them bucket by bucket turns
   * random writes over the whole n × 32 x array into writes inside one slice at a time; each
   * entry keeps its place in push order, so every x entry receives its additions in the
   * one-shock kernel's order.
   */
  private readonly entryIndex: Int32Array;
  private readonly entryValue: Float64Array;
  private readonly bucketStart: Int32Array;
  private readonly bucketFill: Int32Array;
  private readonly bucketShift: number;
  /** Buckets written since the last flush (long thin cascades flush often: only these are visited). */
  private readonly used: Int32Array;
  private usedCount = 0;
  private readonly r = new Float64Array(BATCH);
  private readonly loss = new Float64Array(BATCH);
  private readonly reach = new Int32Array(BATCH);
  private readonly rounds = new Int32Array(BATCH);
  private readonly updates = new Float64Array(BATCH);

  constructor(private readonly input: ImpactInput, private readonly out: ImpactOutput) {
    const n = input.n;
    this.x = new Float64Array(n * BATCH);
    this.sm = new Int32Array(2 * n);
    this.front = new Int32Array(n);
    this.list = new Int32Array(n);
    this.nextList = new Int32Array(n);
    this.xMax = new Float64Array(n);
    this.xPi = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.senders = new Int32Array(n);
    this.sent = new Int32Array(n);
    this.bound = new Float64Array(n);
    this.piSum = new Float64Array(n);
    this.dirty = new Int32Array(n);
    this.isDirty = new Uint8Array(n);
    this.slot = new Int32Array(n).fill(-1);
    this.exact = new Int32Array(n);
    this.bucketShift = 15;
    const buckets = Math.max(1, Math.ceil((n * BATCH) / 2 ** this.bucketShift));
    // ≈ 1M entries (12 MB) in all; a full bucket flushes every bucket early, which is harmless.
    const perBucket = Math.max(64, Math.min(8192, Math.floor(2 ** 20 / buckets)));
    this.entryIndex = new Int32Array(buckets * perBucket);
    this.entryValue = new Float64Array(buckets * perBucket);
    this.bucketStart = new Int32Array(buckets + 1);
    for (let k = 0; k <= buckets; k++) this.bucketStart[k] = k * perBucket;
    this.bucketFill = this.bucketStart.slice(0, buckets);
    this.used = new Int32Array(buckets);
  }

  /** Nodes the last batch's cascades reached (in any of its shocks). */
  get reached(): number {
    return this.touchedCount;
  }

  /** Firms first … first + count − 1 (count ≤ 32). */
  run(first: number, count: number): void {
    this.propagate(first, count);
    this.finish(first, count);
    const { r, loss, reach, rounds, updates } = this;
    storeBatch(this.out, this.input.node, first, count, { r, loss, reach, rounds, updates });
  }

  /** Phase A: the layers of all shocks of the batch; x ends as what each (node, shock) transmitted. */
  private propagate(first: number, count: number): void {
    const { x, sm, front, xMax, xPi, r, loss, reach, rounds, updates, entryIndex, entryValue, bucketStart, bucketShift: shift, used } = this;
    const fill = this.bucketFill;
    const { n, outOffsets, outNbr, outW, degree, outAmount, reachValue, valueOut, pi, minDistress, minImpact, maxRounds } = this.input;
    const touched = this.touched;
    for (let k = 0; k < this.touchedCount; k++) {
      const v = touched[k];
      sm[2 * v] = 0;
      xMax[v] = 0;
      xPi[v] = 0;
      for (let q = v * BATCH, end = q + BATCH; q < end; q++) x[q] = 0;
    }
    let tc = 0;
    const { senders, sent } = this;
    for (let k = 0; k < this.senderCount; k++) sent[senders[k]] = 0;
    let sc = 0;
    r.fill(0); loss.fill(0); reach.fill(0); rounds.fill(0); updates.fill(0);
    let list = this.list, next = this.nextList;
    let lc = 0;
    for (let b = 0; b < count; b++) {
      const f = first + b, bit = 1 << b;
      x[f * BATCH + b] = 1;
      sm[2 * f] = bit;
      touched[tc++] = f;
      front[f] = bit;
      list[lc++] = f;
    }
    let layer = 0;
    while (lc > 0) {
      if (layer >= maxRounds) {
        // Distressed but stopped by maxRounds: they transmitted nothing.
        for (let k = 0; k < lc; k++) {
          const i = list[k];
          let m = front[i];
          front[i] = 0;
          while (m !== 0) { const b = 31 - Math.clz32(m & -m); m &= m - 1; x[i * BATCH + b] = 0; }
        }
        break;
      }
      layer++;
      let nc = 0;
      for (let k = 0; k < lc; k++) {
        const i = list[k], fi = front[i], ib = i * BATCH;
        front[i] = 0;
        // Bookkeeping of what (i, b) transmits: loss passed on, Σ x c for R, max and π-sum for phase B.
        const oa = outAmount[i], c = valueOut[i], deg = degree[i];
        let xm = xMax[i], xp = xPi[i], m = fi;
        while (m !== 0) {
          const b = 31 - Math.clz32(m & -m);
          m &= m - 1;
          const xv = x[ib + b];
          loss[b] += xv * oa;
          r[b] += xv * c;
          updates[b] += deg;
          rounds[b] = layer;
          if (xv > xm) xm = xv;
          xp += pi[first + b] * xv;
        }
        xMax[i] = xm;
        if (sent[i] === 0) senders[sc++] = i;
        sent[i] |= fi;
        xPi[i] = xp;
        const end = outOffsets[i + 1];
        for (let p = outOffsets[i]; p < end; p++) {
          const j = outNbr[p];
          let cand = fi & ~sm[2 * j];
          if (cand === 0) continue;
          const prev = sm[2 * j + 1];
          if (prev === 0) next[nc++] = j;
          sm[2 * j + 1] = prev | cand;
          const wp = outW[p], jb = j * BATCH;
          do {
            const low = cand & -cand, b = 31 - Math.clz32(low);
            cand ^= low;
            const idx = jb + b, bucket = idx >>> shift, pos = fill[bucket]++;
            if (pos === bucketStart[bucket]) used[this.usedCount++] = bucket;
            entryIndex[pos] = idx;
            entryValue[pos] = wp * x[ib + b];
            if (pos + 1 === bucketStart[bucket + 1]) this.flush();
          } while (cand !== 0);
        }
      }
      this.flush();
      // Ascending order for the next layer: a sort for a small set, a scan of the marks for a large one.
      if (nc * 16 < n) next.subarray(0, nc).sort();
      else {
        nc = 0;
        for (let j = 0; j < n; j++) if (sm[2 * j + 1] !== 0) next[nc++] = j;
      }
      lc = 0;
      for (let k = 0; k < nc; k++) {
        const j = next[k], jb = j * BATCH;
        let m = sm[2 * j + 1], due = 0, hit = 0;
        sm[2 * j + 1] = 0;
        while (m !== 0) {
          const low = m & -m, b = 31 - Math.clz32(low);
          m ^= low;
          const xv = x[jb + b];
          // A hit that underflowed to 0 is no hit (the one-shock kernel drops it whole).
          if (xv === 0) continue;
          hit |= low;
          reach[b]++;
          if (xv > minDistress && xv * reachValue[j] >= minImpact) due |= low;
          else x[jb + b] = 0;
        }
        if (hit !== 0 && sm[2 * j] === 0) touched[tc++] = j;
        sm[2 * j] |= hit;
        if (due !== 0) { front[j] = due; next[lc++] = j; }
      }
      const t = list; list = next; next = t;
    }
    this.touchedCount = tc;
    this.senderCount = sc;
    this.list = list;
    this.nextList = next;
  }

  /** Add the waiting forward contributions, bucket by bucket, each in push order (capped at 1 after each). */
  private flush(): void {
    const { x, entryIndex, entryValue, bucketStart, bucketFill, used } = this;
    // Bucket by bucket in any order: each x entry lives in one bucket, whose entries keep push order.
    for (let u = 0; u < this.usedCount; u++) {
      const k = used[u], end = bucketFill[k];
      for (let pos = bucketStart[k]; pos < end; pos++) {
        const idx = entryIndex[pos], after = x[idx] + entryValue[pos];
        x[idx] = after > 1 ? 1 : after;
      }
      bucketFill[k] = bucketStart[k];
    }
    this.usedCount = 0;
  }

  /**
   * Phase B: final distress, R and the vulnerability sums. Everything is pushed from the senders
   * (cost: their out-edges, like the propagation), so a batch of small cascades stays cheap and a
   * node of huge in-degree (a bank) is not pulled per batch.
   */
  private finish(first: number, count: number): void {
    const { sm, xMax, xPi, r, x, senders, sent, bound, piSum, dirty, isDirty, slot, exact } = this;
    const { outOffsets, outNbr, outW, value, pi } = this.input;
    const weighted = this.out.weighted;
    const full = count === 32 ? -1 : (1 << count) - 1;
    let dc = 0;
    for (let k = 0; k < this.senderCount; k++) {
      const i = senders[k], xm = xMax[i], xp = xPi[i];
      for (let p = outOffsets[i]; p < outOffsets[i + 1]; p++) {
        const j = outNbr[p], w = outW[p];
        if (isDirty[j] === 0) { isDirty[j] = 1; dirty[dc++] = j; }
        bound[j] += w * xm;
        piSum[j] += w * xp;
      }
    }
    // Linear nodes (no cap can bind): Σ_b π_b s_j in one sum. Seeds and possibly capped nodes: s per shock.
    let ec = 0;
    for (let k = 0; k < dc; k++) {
      const j = dirty[k];
      // Not hit at all (every hit underflowed to 0): as in the one-shock kernel, no distress.
      if (sm[2 * j] === 0) continue;
      if (bound[j] < 1 - 1e-9 && !(j >= first && j < first + count)) weighted[j] += piSum[j];
      else { slot[j] = ec; exact[ec++] = j; }
    }
    if (ec > 0) {
      if (this.acc.length < ec * BATCH) this.acc = new Float64Array(Math.max(ec * BATCH, 2 * this.acc.length));
      const acc = this.acc;
      acc.fill(0, 0, ec * BATCH);
      for (let k = 0; k < this.senderCount; k++) {
        const i = senders[k], ib = i * BATCH, bits = sent[i];
        for (let p = outOffsets[i]; p < outOffsets[i + 1]; p++) {
          const e = slot[outNbr[p]];
          if (e < 0) continue;
          const w = outW[p], eb = e * BATCH;
          let m = bits;
          while (m !== 0) {
            const low = m & -m, b = 31 - Math.clz32(low);
            m ^= low;
            acc[eb + b] += w * x[ib + b];
          }
        }
      }
      for (let e = 0; e < ec; e++) {
        const j = exact[e], vj = value[j], eb = e * BATCH;
        slot[j] = -1;
        let m = sm[2 * j] & full;
        while (m !== 0) {
          const low = m & -m, b = 31 - Math.clz32(low);
          m ^= low;
          const s = acc[eb + b];
          r[b] -= vj * s;
          // v_f is not in R_f, and a firm's own scenario is not exposure.
          if (j === first + b) continue;
          const h = s > 1 ? 1 : s;
          r[b] += vj * h;
          weighted[j] += pi[first + b] * h;
        }
      }
    }
    for (let k = 0; k < dc; k++) {
      const j = dirty[k];
      bound[j] = 0;
      piSum[j] = 0;
      isDirty[j] = 0;
    }
  }
}

/**
 * Int32 words of shock bits per node in the tolerance kernel: 2 × 32 = 64 shocks per pass. 1, 2 and
 * 4 words measured the same CPU time per firm (100k firms, bench/results-contagion.md): the edge
 * visits per pass grow slowly with the width (4.4 m at 32 shocks, 5.7 m at 256) but each visit
 * handles every word; 2 keeps the per-node state at one 16-byte piece.
 */
export const TOLERANCE_WORDS = 2;

/**
 * The batch kernel for a propagation tolerance τ > 0: 32 K shocks per pass, the full BFS timing
 * shared by them (the header's Phase A, followed only while some node of a shock still transmits).
 * impact.ts takes it over from the one-firm kernel (impact-tolerance.ts) when the first batch's
 * cascades transmit over a large part of the graph (small τ): each edge's additions for the 32 K
 * shocks then land in one node's slot, one cache miss for all of them. Timing bits per node
 * in K words (seen and this layer's marks side by side), distress only in slots of 32 K values
 * given to the nodes that receive some (a pool that grows), added in the one-shock kernel's order
 * (transmitters ascending, edges in CSR order, capped at 1 after each addition). Phase B is the
 * exact kernel's: linear where no cap can bind, per shock elsewhere. Memory per thread: ≈ 120
 * bytes per node, plus 512 bytes per node given distress in a batch.
 */
export class ImpactToleranceBatchKernel implements ImpactKernel {
  readonly width: number;
  private readonly words = TOLERANCE_WORDS;
  /** Per node: [2K j, 2K j + K) shocks that have hit it, [2K j + K, 2K (j + 1)) shocks hitting it in this layer. */
  private readonly sm: Int32Array;
  /** Per node, K words: shocks in which it passes the timing on next (front) and transmits distress (sig); all shocks it ever transmitted in (sent). */
  private readonly front: Int32Array;
  private readonly sig: Int32Array;
  private readonly sent: Int32Array;
  private readonly marked: Uint8Array;
  private readonly slotOf: Int32Array;
  private readonly slotted: Int32Array;
  private slotCount = 0;
  private pool: Float64Array;
  private list: Int32Array;
  private nextList: Int32Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private readonly senders: Int32Array;
  private senderCount = 0;
  private readonly xMax: Float64Array;
  private readonly xPi: Float64Array;
  /** Reach of the 32 shocks of each word counted at once: plane q holds binary digit q of the 32 counters. */
  private readonly planes: Int32Array;
  private readonly fi: Int32Array;
  private readonly si: Int32Array;
  private readonly cand: Int32Array;
  private readonly layerBits: Int32Array;
  /** Shocks with a node that transmits distress in the current layer (alive) and in the next one. */
  private readonly alive: Int32Array;
  private readonly nextAlive: Int32Array;
  /** Phase B: shocks that put distress on each receiver (K words per node), for the reach. */
  private readonly hitBits: Int32Array;
  private readonly bound: Float64Array;
  private readonly piSum: Float64Array;
  private readonly dirty: Int32Array;
  private readonly isDirty: Uint8Array;
  private readonly exactSlot: Int32Array;
  private readonly exact: Int32Array;
  private acc = new Float64Array(0);
  private readonly r: Float64Array;
  private readonly loss: Float64Array;
  private readonly reach: Int32Array;
  private readonly rounds: Int32Array;
  private readonly updates: Float64Array;

  constructor(private readonly input: ImpactInput, private readonly out: ImpactOutput) {
    const n = input.n, K = this.words, W = 32 * K;
    this.width = W;
    this.sm = new Int32Array(2 * K * n);
    this.front = new Int32Array(K * n);
    this.sig = new Int32Array(K * n);
    this.sent = new Int32Array(K * n);
    this.marked = new Uint8Array(n);
    this.slotOf = new Int32Array(n).fill(-1);
    this.slotted = new Int32Array(n);
    this.pool = new Float64Array(Math.min(n, 1024) * W);
    this.list = new Int32Array(n);
    this.nextList = new Int32Array(n);
    this.touched = new Int32Array(n);
    this.senders = new Int32Array(n);
    this.xMax = new Float64Array(n);
    this.xPi = new Float64Array(n);
    this.planes = new Int32Array(32 * K);
    this.fi = new Int32Array(K);
    this.si = new Int32Array(K);
    this.cand = new Int32Array(K);
    this.layerBits = new Int32Array(K);
    this.alive = new Int32Array(K);
    this.nextAlive = new Int32Array(K);
    this.hitBits = new Int32Array(K * n);
    this.bound = new Float64Array(n);
    this.piSum = new Float64Array(n);
    this.dirty = new Int32Array(n);
    this.isDirty = new Uint8Array(n);
    this.exactSlot = new Int32Array(n).fill(-1);
    this.exact = new Int32Array(n);
    this.r = new Float64Array(W);
    this.loss = new Float64Array(W);
    this.reach = new Int32Array(W);
    this.rounds = new Int32Array(W);
    this.updates = new Float64Array(W);
  }

  get reached(): number {
    return this.touchedCount;
  }

  run(first: number, count: number): void {
    this.propagate(first, count);
    this.finish(first, count);
    const { r, loss, reach, rounds, updates } = this;
    storeBatch(this.out, this.input.node, first, count, { r, loss, reach, rounds, updates });
  }

  /** The distress slot of node j (W values, all 0 when new). */
  private slot(j: number): number {
    let s = this.slotOf[j];
    if (s >= 0) return s;
    s = this.slotCount++;
    const W = this.width;
    if ((s + 1) * W > this.pool.length) {
      const bigger = new Float64Array(Math.max(this.pool.length * 2, (s + 1) * W));
      bigger.set(this.pool.subarray(0, s * W));
      this.pool = bigger;
    }
    this.slotOf[j] = s;
    this.slotted[s] = j;
    return s;
  }

  private reset(): void {
    const K = this.words, W = this.width;
    const { sm, xMax, xPi, touched, sent, senders, slotOf, slotted } = this;
    for (let k = 0; k < this.touchedCount; k++) {
      const v = touched[k];
      sm.fill(0, 2 * K * v, 2 * K * (v + 1));
      xMax[v] = 0;
      xPi[v] = 0;
    }
    for (let k = 0; k < this.senderCount; k++) sent.fill(0, K * senders[k], K * (senders[k] + 1));
    for (let k = 0; k < this.slotCount; k++) slotOf[slotted[k]] = -1;
    this.pool.fill(0, 0, this.slotCount * W);
    this.slotCount = 0;
    this.touchedCount = 0;
    this.senderCount = 0;
    this.planes.fill(0);
    this.r.fill(0); this.loss.fill(0); this.reach.fill(0); this.rounds.fill(0); this.updates.fill(0);
  }

  /** Phase A: the layers of all shocks of the batch; slot values end as what each (node, shock) received in its first round. */
  private propagate(first: number, count: number): void {
    this.reset();
    const K = this.words, W = this.width;
    const { sm, front, sig, sent, marked, slotOf, xMax, xPi, touched, senders, fi, si, cand, layerBits, alive, nextAlive, r, loss, rounds, updates } = this;
    const { n, outOffsets, outNbr, outW, degree, outAmount, valueOut, pi, maxRounds, tolerance } = this.input;
    let tc = 0, sc = 0;
    alive.fill(0);
    let list = this.list, next = this.nextList;
    let lc = 0;
    for (let b = 0; b < count; b++) {
      const f = first + b, k = b >>> 5, bit = 1 << (b & 31);
      this.pool[this.slot(f) * W + b] = 1;
      sm[2 * K * f + k] |= bit;
      front[K * f + k] |= bit;
      sig[K * f + k] |= bit;
      alive[k] |= bit;
      touched[tc++] = f;
      list[lc++] = f;
    }
    let layer = 0;
    while (lc > 0) {
      let anyAlive = 0;
      for (let k = 0; k < K; k++) anyAlive |= alive[k];
      if (layer >= maxRounds || anyAlive === 0) {
        // Stopped by maxRounds (distressed but they transmit nothing), or no shock has distress left to pass on.
        for (let q = 0; q < lc; q++) { const i = list[q]; front.fill(0, K * i, K * (i + 1)); sig.fill(0, K * i, K * (i + 1)); }
        break;
      }
      layer++;
      layerBits.fill(0);
      nextAlive.fill(0);
      let nc = 0;
      for (let q = 0; q < lc; q++) {
        const i = list[q], ik = K * i;
        let sAny = 0, fAny = 0;
        for (let k = 0; k < K; k++) {
          // The timing of a shock matters only while some node still passes its distress on.
          fi[k] = front[ik + k] & alive[k];
          si[k] = sig[ik + k];
          front[ik + k] = 0;
          sig[ik + k] = 0;
          layerBits[k] |= si[k];
          sAny |= si[k];
          fAny |= fi[k];
        }
        let is = -1;
        if (sAny !== 0) {
          // Bookkeeping of what (i, b) transmits: loss passed on, Σ x c for R, max and π-sum for phase B.
          const pool = this.pool;
          is = slotOf[i] * W;
          const oa = outAmount[i], c = valueOut[i], deg = degree[i];
          let xm = xMax[i], xp = xPi[i];
          let before = 0;
          for (let k = 0; k < K; k++) before |= sent[ik + k];
          if (before === 0) senders[sc++] = i;
          for (let k = 0; k < K; k++) {
            for (let m = si[k]; m !== 0; m &= m - 1) {
              const b = 32 * k + 31 - Math.clz32(m & -m), xv = pool[is + b];
              loss[b] += xv * oa;
              r[b] += xv * c;
              updates[b] += deg;
              if (xv > xm) xm = xv;
              xp += pi[first + b] * xv;
            }
            sent[ik + k] |= si[k];
          }
          xMax[i] = xm;
          xPi[i] = xp;
        }
        if (fAny === 0) continue;
        const end = outOffsets[i + 1];
        for (let p = outOffsets[i]; p < end; p++) {
          const j = outNbr[p], jb = 2 * K * j;
          let any = 0;
          for (let k = 0; k < K; k++) {
            const c = fi[k] & ~sm[jb + k];
            cand[k] = c;
            any |= c;
          }
          if (any === 0) continue;
          if (marked[j] === 0) { marked[j] = 1; next[nc++] = j; }
          let flows = 0;
          for (let k = 0; k < K; k++) {
            sm[jb + K + k] |= cand[k];
            flows |= cand[k] & si[k];
          }
          if (flows === 0) continue;
          const js = this.slot(j) * W, pool = this.pool, wp = outW[p];
          for (let k = 0; k < K; k++) {
            for (let m = cand[k] & si[k]; m !== 0; m &= m - 1) {
              const b = 32 * k + 31 - Math.clz32(m & -m);
              const after = pool[js + b] + wp * pool[is + b];
              pool[js + b] = after > 1 ? 1 : after;
            }
          }
        }
      }
      // The last round of each shock is the last layer in which it had a node transmitting.
      for (let k = 0; k < K; k++) for (let m = layerBits[k]; m !== 0; m &= m - 1) rounds[32 * k + 31 - Math.clz32(m & -m)] = layer;
      if (nc * 16 < n) next.subarray(0, nc).sort();
      else {
        nc = 0;
        for (let j = 0; j < n; j++) if (marked[j] !== 0) next[nc++] = j;
      }
      lc = 0;
      const pool = this.pool;
      for (let q = 0; q < nc; q++) {
        const j = next[q], jb = 2 * K * j, jk = K * j, js = slotOf[j] * W;
        marked[j] = 0;
        let seenAny = 0;
        for (let k = 0; k < K; k++) {
          const m = sm[jb + K + k];
          sm[jb + K + k] = 0;
          seenAny |= sm[jb + k];
          sm[jb + k] |= m;
          // Every first hit passes the timing on (exact timing); distress only where x̃ ≥ τ.
          front[jk + k] = m;
          if (js >= 0) {
            let keep = 0;
            for (let mm = m; mm !== 0; mm &= mm - 1) {
              const low = mm & -mm;
              if (pool[js + 32 * k + 31 - Math.clz32(low)] >= tolerance) keep |= low;
            }
            sig[jk + k] = keep;
            nextAlive[k] |= keep;
          }
        }
        if (seenAny === 0) touched[tc++] = j;
        next[lc++] = j;
      }
      alive.set(nextAlive);
      const t = list; list = next; next = t;
    }
    this.touchedCount = tc;
    this.senderCount = sc;
    this.list = list;
    this.nextList = next;
  }

  /**
   * Phase B, as in the exact kernel: final distress, R and the vulnerability sums, pushed from the
   * nodes that transmitted (linear where Σ_i W_ij max_b x_i < 1 − 1e-9 and j is no seed of the
   * batch, per shock and capped elsewhere).
   */
  private finish(first: number, count: number): void {
    const K = this.words, W = this.width;
    const { sm, xMax, xPi, r, senders, sent, slotOf, bound, piSum, dirty, isDirty, exactSlot, exact, hitBits, planes, reach } = this;
    const { outOffsets, outNbr, outW, value, pi } = this.input;
    const weighted = this.out.weighted;
    const pool = this.pool;
    let dc = 0;
    for (let q = 0; q < this.senderCount; q++) {
      const i = senders[q], xm = xMax[i], xp = xPi[i], ik = K * i;
      for (let p = outOffsets[i]; p < outOffsets[i + 1]; p++) {
        const j = outNbr[p], w = outW[p], jk = K * j;
        if (isDirty[j] === 0) { isDirty[j] = 1; dirty[dc++] = j; }
        bound[j] += w * xm;
        piSum[j] += w * xp;
        for (let k = 0; k < K; k++) hitBits[jk + k] |= sent[ik + k];
      }
    }
    // Reach of each shock: the nodes it put distress on (h̃ > 0), the defaulting firm excluded;
    // 32 counters per word added at once, one bit plane per binary digit (vertical counters).
    let planeTop = 0;
    for (let q = 0; q < dc; q++) {
      const j = dirty[q], jk = K * j;
      for (let k = 0; k < K; k++) {
        let carry = hitBits[jk + k];
        hitBits[jk + k] = 0;
        const own = j - first - 32 * k;
        if (own >= 0 && own < 32 && j - first < count) carry &= ~(1 << own);
        let t = 0;
        for (let d = 32 * k; carry !== 0; d++, t++) {
          const c = planes[d] & carry;
          planes[d] ^= carry;
          carry = c;
        }
        if (t > planeTop) planeTop = t;
      }
    }
    for (let b = 0; b < count; b++) {
      const k = b >>> 5, bit = b & 31;
      let c = 0;
      for (let d = 0; d < planeTop; d++) c += ((planes[32 * k + d] >>> bit) & 1) * 2 ** d;
      reach[b] = c;
    }
    let ec = 0;
    for (let q = 0; q < dc; q++) {
      const j = dirty[q];
      if (bound[j] < 1 - 1e-9 && !(j >= first && j < first + count)) weighted[j] += piSum[j];
      else { exactSlot[j] = ec; exact[ec++] = j; }
    }
    if (ec > 0) {
      if (this.acc.length < ec * W) this.acc = new Float64Array(Math.max(ec * W, 2 * this.acc.length));
      const acc = this.acc;
      acc.fill(0, 0, ec * W);
      for (let q = 0; q < this.senderCount; q++) {
        const i = senders[q], is = slotOf[i] * W, ik = K * i;
        for (let p = outOffsets[i]; p < outOffsets[i + 1]; p++) {
          const e = exactSlot[outNbr[p]];
          if (e < 0) continue;
          const w = outW[p], eb = e * W;
          for (let k = 0; k < K; k++) {
            for (let m = sent[ik + k]; m !== 0; m &= m - 1) {
              const b = 32 * k + 31 - Math.clz32(m & -m);
              acc[eb + b] += w * pool[is + b];
            }
          }
        }
      }
      for (let e = 0; e < ec; e++) {
        const j = exact[e], vj = value[j], eb = e * W, jb = 2 * K * j;
        exactSlot[j] = -1;
        for (let b = 0; b < count; b++) {
          const s = acc[eb + b];
          if (s === 0 || (sm[jb + (b >>> 5)] & (1 << (b & 31))) === 0) continue;
          r[b] -= vj * s;
          // v_f is not in R_f, and a firm's own scenario is not exposure.
          if (j === first + b) continue;
          const h = s > 1 ? 1 : s;
          r[b] += vj * h;
          weighted[j] += pi[first + b] * h;
        }
      }
    }
    for (let q = 0; q < dc; q++) {
      const j = dirty[q];
      bound[j] = 0;
      piSum[j] = 0;
      isDirty[j] = 0;
    }
  }
}
