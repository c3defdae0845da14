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
 */
import { impactWeights } from './exposures.ts';
import type { ExposureNetwork } from './types.ts';

/** Shocks per batch: one bit each in an Int32 mask. */
export const BATCH = 32;

/** What the kernel reads: plain typed arrays, so a worker can get them as SharedArrayBuffers. */
export interface ImpactInput {
  n: number;
  nFirms: number;
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
}

/** Per-firm results, written at the firm's index (shared between threads). */
export interface ImpactOutput {
  impact: Float64Array;
  systemLoss: Float64Array;
  reach: Int32Array;
  rounds: Int32Array;
  updates: Float64Array;
  /** Σ_f π_f h_j^(f) over the firms this thread ran (j ≠ f). */
  weighted: Float64Array;
}

export function impactInput(
  net: ExposureNetwork, nFirms: number, capImpact: boolean, value: Float64Array, pi: Float64Array,
  outAmount: Float64Array, reachValue: Float64Array, minDistress: number, minImpact: number, maxRounds: number,
  alloc: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes),
): ImpactInput {
  const n = net.n;
  const w = impactWeights(net, capImpact);
  const { offsets, nbr } = net.out;
  const f64 = (len: number) => new Float64Array(alloc(len * 8));
  const i32 = (len: number) => new Int32Array(alloc(len * 4));
  let m = 0;
  for (let p = 0; p < w.length; p++) if (w[p] > 0) m++;
  const outOffsets = i32(n + 1), outNbr = i32(m), outW = f64(m), degree = i32(n), valueOut = f64(n);
  const inCount = new Int32Array(n + 1);
  let q = 0;
  for (let i = 0; i < n; i++) {
    outOffsets[i] = q;
    degree[i] = offsets[i + 1] - offsets[i];
    let c = 0;
    for (let p = offsets[i]; p < offsets[i + 1]; p++) {
      if (!(w[p] > 0)) continue;
      outNbr[q] = nbr[p];
      outW[q] = w[p];
      c += w[p] * value[nbr[p]];
      inCount[nbr[p] + 1]++;
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
  const copy = (a: Float64Array) => { const b = f64(a.length); b.set(a); return b; };
  return {
    n, nFirms, outOffsets, outNbr, outW, inOffsets, inSrc, inW, degree,
    outAmount: copy(outAmount), reachValue: copy(reachValue), value: copy(value), valueOut, pi: copy(pi),
    minDistress, minImpact, maxRounds,
  };
}

/** Scratch of one thread; `run` handles one batch of ≤ 32 consecutive firms. */
export class ImpactBatchKernel {
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
    const { out } = this;
    for (let b = 0; b < count; b++) {
      const f = first + b;
      out.impact[f] = this.r[b];
      out.systemLoss[f] = this.loss[b];
      out.reach[f] = this.reach[b];
      out.rounds[f] = this.rounds[b];
      out.updates[f] = this.updates[b];
    }
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
