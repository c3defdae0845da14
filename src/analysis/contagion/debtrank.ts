/**
 * DebtRank (Battiston, Puliga, Kaushik, Tasca & Caldarelli 2012, "DebtRank: too central to
 * fail?", Sci. Rep. 2:541).
 *   W(i→j) = min(1, exposure of j to i / capital of j)
 *   h_j(t) = min(1, h_j(t−1) + Σ_{i ∈ D(t−1)} W(i→j) h_i(t−1)),   R = Σ h_j v_j − Σ h_j(0) v_j
 * States U (undistressed) → D (distressed: h > 0) → I (inactive): a node passes its distress on
 * exactly once, in the round after it becomes distressed, so walks through cycles cannot
 * re-amplify. Runs sparse: each round touches only the out-edges of the D nodes, and the
 * scratch arrays are reused between runs (systemic impact of every firm runs one per firm;
 * `debtRank` keeps one workspace per network, so repeated shocks allocate only their results).
 * The hot loop is memory-bound (one random read-modify-write of h[j], and of loss[j] when losses
 * are tracked, per edge): big rounds on big networks go through receiver buckets
 * (`bucketedRound`), and a loop without the loss branch serves runs that do not ask for losses;
 * every node receives its hits in the same order as before, so results are unchanged bit for bit.
 */
import { ConfigError } from '../../io/errors.ts';
import { impactWeights } from './exposures.ts';
import { contagionResult, economicValue, initialDistress } from './shock.ts';
import type { ContagionResult, ExposureNetwork, RoundRecord, Shock } from './types.ts';

export interface DebtRankOptions {
  /** Cap the impact of each pair at 1 (Battiston's min(1, ·)). Off = W = exposure / capital, as NetworkRiskMeasures' `contagion(…, single.hit = TRUE)`. */
  capImpact: boolean;
  /**
   * Materiality: a node whose distress is ≤ minDistress when it is due to propagate is retired
   * without passing anything on; 0 = exact. An approximation (see minImpact).
   */
  minDistress: number;
  /**
   * A node is retired the same way unless the most it can add to R in its next step,
   * h_i × Σ_j amount(i→j) / Σ capital, reaches minImpact (R units); 0 = exact. Cuts the work
   * of huge runs, but Battiston's dynamics are order-sensitive (a retired node changes when its
   * neighbours are first hit), so R can move either way: measure before relying on it.
   */
  minImpact: number;
  /** Stop after this many rounds (Battiston's dynamics end by themselves in ≤ n rounds). */
  maxRounds: number;
  /** Economic value v for R (normalised to sum 1); default: capital. */
  weights?: ArrayLike<number>;
  /** Keep per-round records (nodes, distress, loss). */
  recordRounds: boolean;
}

export const DEFAULT_DEBTRANK_OPTIONS: Readonly<DebtRankOptions> = Object.freeze({
  capImpact: true,
  minDistress: 0,
  minImpact: 0,
  maxRounds: 1_000_000,
  recordRounds: true,
});

const U = 0, D = 1, I = 2;

export interface Reach { outAmount: Float64Array; reachValue: Float64Array }
const reachCache = new WeakMap<ExposureNetwork, Reach>();

/**
 * Σ_j amount(i→j) and its share of total capital, per node: they depend on the network only,
 * so they are computed once per network (cached like the impact weights) — every fresh
 * workspace would otherwise redo an O(n + m) pass and allocate two n-arrays.
 */
export function reachOf(net: ExposureNetwork): Reach {
  const hit = reachCache.get(net);
  if (hit) return hit;
  const n = net.n;
  let capitalTotal = 0;
  for (let v = 0; v < n; v++) capitalTotal += net.capital[v];
  const outAmount = new Float64Array(n), reachValue = new Float64Array(n);
  const { offsets } = net.out, amount = net.amount;
  for (let v = 0; v < n; v++) {
    let out = 0;
    for (let p = offsets[v]; p < offsets[v + 1]; p++) out += amount[p];
    outAmount[v] = out;
    reachValue[v] = capitalTotal > 0 ? out / capitalTotal : out > 0 ? Infinity : 0;
  }
  const reach = { outAmount, reachValue };
  reachCache.set(net, reach);
  return reach;
}

/**
 * One workspace per (network, capImpact) for `debtRank`: on a 1M-node network a fresh one is
 * 10 n-arrays (≈ 70 MB), and allocating that much off-heap memory makes V8 start a full
 * marking of the whole heap — seconds when the Dataset (≈ 2 GB of row objects) is alive.
 * Safe to share: `run` is synchronous and starts with `reset`, and results copy what they keep.
 */
const workspaceCache = new WeakMap<ExposureNetwork, [DebtRankWorkspace | undefined, DebtRankWorkspace | undefined]>();

function workspaceFor(net: ExposureNetwork, capImpact: boolean): DebtRankWorkspace {
  let pair = workspaceCache.get(net);
  if (!pair) workspaceCache.set(net, (pair = [undefined, undefined]));
  const k = capImpact ? 1 : 0;
  return (pair[k] ??= new DebtRankWorkspace(net, capImpact));
}

/** Networks from this many nodes use bucketed rounds (h + loss = 4 MB, beyond a core's L2 cache). */
const BUCKETED_MIN_NODES = 1 << 18;
/** Rounds that relax at least this many edges are bucketed. */
const BUCKETED_ROUND_EDGES = 1 << 16;
/** Receivers per bucket: 2^17 nodes, 1 MB of h and 1 MB of loss (2^12 … 2^19 measured at 1M nodes: 2^17–2^18 best; small buckets mean too many write streams). */
const BUCKET_SHIFT = 17;

/** Reusable scratch state of one network: every array is reset through the touched list only. */
export class DebtRankWorkspace {
  readonly h: Float64Array;
  readonly loss: Float64Array;
  readonly transmitted: Float64Array;
  readonly state: Uint8Array;
  /** Nodes whose h, loss or state changed in the last run (first `touchedCount` entries). */
  readonly touched: Int32Array;
  touchedCount = 0;
  rounds = 0;
  updates = 0;
  private frontier: Int32Array;
  private next: Int32Array;
  private readonly level: Float64Array;
  /** Nodes first hit in the current round (their h was 0 before it). */
  private readonly fresh: Int32Array;
  /** Scratch for per-round records: h of the touched nodes before the round. */
  private readonly before: Float64Array;
  private readonly rose: Int32Array;
  /**
   * Big rounds on big networks (h and loss beyond the L2 cache): the hits are first written, in
   * push order, into buckets of 2^17 consecutive receivers (`bucketedRound`), then applied bucket
   * by bucket, so the random read-modify-writes of h and loss stay inside 2 MB at a time (fewer
   * cache and TLB misses). Each receiver gets its hits in the same order as in the direct loop:
   * same results, bit for bit.
   */
  private readonly bucketCount: number;
  private bucketStart = new Int32Array(0);
  private bucketFill = new Int32Array(0);
  private bucketsUsed = new Int32Array(0);
  private usedCount = 0;
  private entryNode = new Int32Array(0);
  private entryHit = new Float64Array(0);
  private entryLoss = new Float64Array(0);
  private freshCount = 0;
  /** Σ_j amount(i→j): the loss a full default of i passes on. */
  readonly outAmount: Float64Array;
  /** outAmount / Σ capital: the R a full default of i can add in one step (v = capital share). Shared per network. */
  private readonly reachValue: Float64Array;

  constructor(readonly net: ExposureNetwork, readonly capImpact: boolean) {
    const n = net.n;
    ({ outAmount: this.outAmount, reachValue: this.reachValue } = reachOf(net));
    this.h = new Float64Array(n);
    this.loss = new Float64Array(n);
    this.transmitted = new Float64Array(n);
    this.state = new Uint8Array(n);
    this.touched = new Int32Array(n);
    this.frontier = new Int32Array(n);
    this.next = new Int32Array(n);
    this.level = new Float64Array(n);
    this.fresh = new Int32Array(n);
    this.before = new Float64Array(n);
    this.rose = new Int32Array(n);
    this.bucketCount = n >= BUCKETED_MIN_NODES ? Math.ceil(n / 2 ** BUCKET_SHIFT) : 0;
  }

  /** Clear the last run (O(touched)). */
  reset(): void {
    for (let k = 0; k < this.touchedCount; k++) {
      const v = this.touched[k];
      this.h[v] = 0;
      this.loss[v] = 0;
      this.transmitted[v] = 0;
      this.state[v] = U;
    }
    this.touchedCount = 0;
    this.rounds = 0;
    this.updates = 0;
  }

  /**
   * Run from the seeds (node, initial distress). `onRound` receives the nodes whose distress
   * rose in each round. Without `trackLoss` the per-node loss is not accumulated (the system
   * loss is still Σ transmitted × outAmount). Returns true when the dynamics ended before maxRounds.
   *
   * Invariant that keeps the hot loop at one random access per edge (h[j], plus loss[j] when
   * tracked): after every round each node that was hit is D or I, so a node is undistressed
   * exactly when h = 0, and "first hit" is "h was 0" — no state or marker reads per edge.
   */
  run(
    seeds: ArrayLike<number>,
    seedDistress: ArrayLike<number>,
    minDistress: number,
    maxRounds: number,
    minImpact = 0,
    onRound?: (round: number, nodes: Int32Array, count: number, roundLoss: number) => void,
    trackLoss = true,
  ): boolean {
    this.reset();
    const { h, loss, transmitted, state, level, touched, fresh, reachValue } = this;
    const { offsets, nbr } = this.net.out;
    const w = impactWeights(this.net, this.capImpact), amount = this.net.amount;
    const n = this.net.n;
    let fc = 0, tc = 0, updates = 0;
    for (let k = 0; k < seeds.length; k++) {
      const v = seeds[k], x = seedDistress[k];
      if (!(x > 0)) continue;
      if (h[v] === 0) touched[tc++] = v;
      if (x > h[v]) h[v] = x > 1 ? 1 : x;
      // The shocked nodes always propagate: the shock is what is being measured.
      if (state[v] === U) {
        state[v] = D;
        this.frontier[fc++] = v;
      }
    }
    if (fc > 1) this.frontier.subarray(0, fc).sort();
    let round = 0;
    let converged = true;
    while (fc > 0) {
      if (round >= maxRounds) { converged = false; break; }
      round++;
      const frontier = this.frontier;
      const touchedBefore = tc;
      if (onRound) for (let k = 0; k < tc; k++) this.before[k] = h[touched[k]];
      // Battiston's update uses h_i(t−1): freeze the levels before anyone receives.
      for (let k = 0; k < fc; k++) level[k] = h[frontier[k]];
      let nc = 0, cc = 0;
      let work = 0;
      if (this.bucketCount > 0) for (let k = 0; k < fc; k++) work += offsets[frontier[k] + 1] - offsets[frontier[k]];
      if (work >= BUCKETED_ROUND_EDGES) {
        this.touchedCount = tc;
        updates += this.bucketedRound(fc, trackLoss);
        tc = this.touchedCount;
        cc = this.freshCount;
      } else {
        for (let k = 0; k < fc; k++) {
          const i = frontier[k], x = level[k];
          state[i] = I;
          transmitted[i] = x;
          updates += offsets[i + 1] - offsets[i];
          const end = offsets[i + 1];
          // Two copies of the loop so that the one without losses has no loss branch per edge.
          if (trackLoss) {
            for (let p = offsets[i]; p < end; p++) {
              const wp = w[p];
              if (wp === 0) continue;
              const j = nbr[p];
              const hj = h[j];
              if (hj >= 1) {
                loss[j] += amount[p] * x;
                continue;
              }
              const after = hj + wp * x;
              // w·x can underflow to 0 only for x below 1e-300: such a hit is dropped whole.
              if (after === hj) continue;
              loss[j] += amount[p] * x;
              h[j] = after > 1 ? 1 : after;
              if (hj === 0) { touched[tc++] = j; fresh[cc++] = j; }
            }
          } else {
            for (let p = offsets[i]; p < end; p++) {
              const wp = w[p];
              if (wp === 0) continue;
              const j = nbr[p];
              const hj = h[j];
              if (hj >= 1) continue;
              const after = hj + wp * x;
              if (after === hj) continue;
              h[j] = after > 1 ? 1 : after;
              if (hj === 0) { touched[tc++] = j; fresh[cc++] = j; }
            }
          }
        }
      }
      if (minDistress === 0 && minImpact === 0) {
        // Exact: every first-hit node has h > 0 and h × reach ≥ 0, so all are due (no h reads).
        const next = this.next;
        for (let k = 0; k < cc; k++) {
          const j = fresh[k];
          state[j] = D;
          next[nc++] = j;
        }
      } else {
        for (let k = 0; k < cc; k++) {
          const j = fresh[k];
          // Battiston's timing is kept: a node is due the round after it is first hit. One below
          // the materiality thresholds is retired then without propagating; delaying it instead
          // would let it gather more distress and pass on more than the exact dynamics.
          if (h[j] > minDistress && h[j] * reachValue[j] >= minImpact) {
            state[j] = D;
            this.next[nc++] = j;
          } else {
            state[j] = I;
          }
        }
      }
      // Next round's transmitters in ascending order, so it reads their edge blocks (w, nbr,
      // amount) front to back instead of jumping: a sort for a few, a scan of the states for many.
      if (nc > 1) {
        const next = this.next;
        if (nc * 16 < n) next.subarray(0, nc).sort();
        else {
          let q = 0;
          for (let v = 0; v < n; v++) if (state[v] === D) next[q++] = v;
        }
      }
      this.touchedCount = tc;
      if (onRound) {
        let rc = 0;
        for (let k = 0; k < touchedBefore; k++) if (h[touched[k]] > this.before[k]) this.rose[rc++] = touched[k];
        for (let k = touchedBefore; k < tc; k++) this.rose[rc++] = touched[k];
        // The loss added this round is what the propagating nodes passed on: Σ x_i × outAmount_i.
        let roundLoss = 0;
        for (let k = 0; k < fc; k++) roundLoss += level[k] * this.outAmount[frontier[k]];
        onRound(round, this.rose, rc, roundLoss);
      }
      this.frontier = this.next;
      this.next = frontier;
      fc = nc;
    }
    this.touchedCount = tc;
    this.rounds = round;
    this.updates = updates;
    return converged;
  }

  /**
   * One round of the frontier (`level` already frozen) through the buckets; returns the updates
   * count. Appends first-hit nodes to touched / fresh (counts in touchedCount / freshCount).
   */
  private bucketedRound(fc: number, trackLoss: boolean): number {
    if (this.bucketStart.length === 0) {
      // ≈ 1M entries in all (20 MB), allocated on the first big round; a full bucket applies every
      // bucket early, which is harmless.
      const buckets = this.bucketCount;
      const perBucket = Math.max(256, Math.floor(2 ** 20 / buckets));
      this.bucketStart = new Int32Array(buckets + 1);
      for (let b = 0; b <= buckets; b++) this.bucketStart[b] = b * perBucket;
      this.bucketFill = this.bucketStart.slice(0, buckets);
      this.bucketsUsed = new Int32Array(buckets);
      this.entryNode = new Int32Array(buckets * perBucket);
      this.entryHit = new Float64Array(buckets * perBucket);
      this.entryLoss = new Float64Array(buckets * perBucket);
    }
    const { state, transmitted, level, frontier, bucketStart, bucketFill: fill, bucketsUsed: used, entryNode, entryHit, entryLoss } = this;
    const { offsets, nbr } = this.net.out;
    const w = impactWeights(this.net, this.capImpact), amount = this.net.amount;
    this.freshCount = 0;
    let updates = 0;
    for (let k = 0; k < fc; k++) {
      const i = frontier[k], x = level[k];
      state[i] = I;
      transmitted[i] = x;
      updates += offsets[i + 1] - offsets[i];
      const end = offsets[i + 1];
      for (let p = offsets[i]; p < end; p++) {
        const wp = w[p];
        if (wp === 0) continue;
        const j = nbr[p], b = j >>> BUCKET_SHIFT, pos = fill[b]++;
        if (pos === bucketStart[b]) used[this.usedCount++] = b;
        entryNode[pos] = j;
        entryHit[pos] = wp * x;
        if (trackLoss) entryLoss[pos] = amount[p] * x;
        if (pos + 1 === bucketStart[b + 1]) this.applyBuckets(trackLoss);
      }
    }
    this.applyBuckets(trackLoss);
    return updates;
  }

  /** Apply the waiting hits, bucket by bucket, each bucket in push order (the direct loop's rule per hit). */
  private applyBuckets(trackLoss: boolean): void {
    const { h, loss, touched, fresh, bucketStart, bucketFill: fill, bucketsUsed: used, entryNode, entryHit, entryLoss } = this;
    let tc = this.touchedCount, cc = this.freshCount;
    for (let u = 0; u < this.usedCount; u++) {
      const b = used[u], end = fill[b];
      for (let pos = bucketStart[b]; pos < end; pos++) {
        const j = entryNode[pos], hj = h[j];
        if (hj >= 1) {
          if (trackLoss) loss[j] += entryLoss[pos];
          continue;
        }
        const after = hj + entryHit[pos];
        if (after === hj) continue;
        if (trackLoss) loss[j] += entryLoss[pos];
        h[j] = after > 1 ? 1 : after;
        if (hj === 0) { touched[tc++] = j; fresh[cc++] = j; }
      }
      fill[b] = bucketStart[b];
    }
    this.usedCount = 0;
    this.touchedCount = tc;
    this.freshCount = cc;
  }
}

export function resolveDebtRankOptions(options: Partial<DebtRankOptions> = {}): DebtRankOptions {
  const o = { ...DEFAULT_DEBTRANK_OPTIONS, ...options };
  if (!(o.minDistress >= 0 && o.minDistress < 1)) throw new ConfigError(`minDistress must be in [0, 1), got ${o.minDistress}`);
  if (!(o.maxRounds >= 1)) throw new ConfigError(`maxRounds must be ≥ 1, got ${o.maxRounds}`);
  if (!(o.minImpact >= 0)) throw new ConfigError(`minImpact must be ≥ 0, got ${o.minImpact}`);
  return o;
}

/** Shared by the DebtRank models: seeds of a shock as (node, distress) lists. */
export function shockSeeds(h0: Float64Array): { nodes: Int32Array; distress: Float64Array } {
  let count = 0;
  for (let v = 0; v < h0.length; v++) if (h0[v] > 0) count++;
  const nodes = new Int32Array(count), distress = new Float64Array(count);
  let k = 0;
  for (let v = 0; v < h0.length; v++) if (h0[v] > 0) { nodes[k] = v; distress[k++] = h0[v]; }
  return { nodes, distress };
}

/** DebtRank of one shock, with its per-round records and diagnostics. */
export function debtRank(net: ExposureNetwork, shock: Shock, options: Partial<DebtRankOptions> = {}): ContagionResult {
  const o = resolveDebtRankOptions(options);
  const ws = workspaceFor(net, o.capImpact);
  const h0 = initialDistress(net.n, shock);
  const seeds = shockSeeds(h0);
  const rounds: RoundRecord[] = [];
  if (o.recordRounds) rounds.push({ round: 0, nodes: Array.from(seeds.nodes), distress: Array.from(seeds.distress), loss: 0 });
  const converged = ws.run(seeds.nodes, seeds.distress, o.minDistress, o.maxRounds, o.minImpact, o.recordRounds
    ? (round, nodes, count, roundLoss) => {
        // Array.from / push keep fast packed elements: `new Array(count)` with count ≥ 100 000
        // (V8's kInitialMaxFastElementArray) gives a dictionary-mode array, ~10× slower to fill.
        const distress: number[] = [];
        for (let k = 0; k < count; k++) distress.push(ws.h[nodes[k]]);
        rounds.push({ round, nodes: Array.from(nodes.subarray(0, count)), distress, loss: roundLoss });
      }
    : undefined);
  // Nodes still distressed but not yet propagated when maxRounds stopped the run.
  let residual = 0;
  for (let k = 0; k < ws.touchedCount; k++) {
    const v = ws.touched[k];
    if (ws.state[v] === D && ws.h[v] > residual) residual = ws.h[v];
  }
  return contagionResult(
    'debtrank', ws.h.slice(), h0, ws.loss.slice(), ws.transmitted.slice(), rounds,
    economicValue(net, o.weights),
    { rounds: ws.rounds, updates: ws.updates, converged, residual },
    { ...o, weights: o.weights ? 'custom' : 'capital', shock: shock.label ?? null },
  );
}

/** `debtRank.detailed` in the graphology style: the result plus its diagnostics at top level. */
debtRank.detailed = function detailed(net: ExposureNetwork, shock: Shock, options: Partial<DebtRankOptions> = {}) {
  const result = debtRank(net, shock, options);
  return { ...result.diagnostics!, result };
};
