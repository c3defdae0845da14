/**
 * Threshold default cascade (Furfine 2003, "Interbank exposures: quantifying the risk of
 * contagion", J. Money, Credit & Banking 35(1):111–129).
 *   node j defaults when L_j ≥ c_j (1 − h_j(0)),   L_j = Σ_{i defaulted} exposure(i → j)
 * A default passes on the full exposure (LGD is already in the amount); a loss below the
 * threshold is absorbed and goes no further. Reported distress is min(1, h_j(0) + L_j / c_j).
 * Built for Monte Carlo: a ThresholdRunner keeps its scratch buffers, resets only what the last
 * draw touched and does work proportional to the edges of defaulted nodes.
 */
import { UsageError } from '../../io/errors.ts';
import { contagionResult, economicValue, initialDistress } from './shock.ts';
import type { ContagionResult, ExposureNetwork, RoundRecord, Shock } from './types.ts';

export interface ThresholdOptions {
  maxRounds: number;
  /** Economic value v for R (normalised to sum 1); default: capital. */
  weights?: ArrayLike<number>;
  recordRounds: boolean;
}

export const DEFAULT_THRESHOLD_OPTIONS: Readonly<ThresholdOptions> = Object.freeze({
  maxRounds: 1_000_000,
  recordRounds: true,
});

/** Summary of one draw; per-node detail stays in the runner's arrays until the next run. */
export interface ThresholdDraw {
  /** Nodes in default after the cascade, the initial ones included. */
  defaults: number;
  /** Defaults caused by contagion. */
  contagionDefaults: number;
  /** Cascade rounds after the initial defaults. */
  rounds: number;
  /** Σ loss over all nodes (amount unit). */
  systemLoss: number;
  /** False when maxRounds stopped the cascade with defaults still to pass on. */
  converged: boolean;
}

export class ThresholdRunner {
  /** Loss per node of the last draw (amount unit). */
  readonly loss: Float64Array;
  /** 1 for nodes in default after the last draw. */
  readonly defaulted: Uint8Array;
  /** Round in which each affected node defaulted (0 = initial), −1 otherwise. */
  readonly defaultRound: Int32Array;
  private readonly touchedList: Int32Array;
  private readonly isTouched: Uint8Array;
  private touchedCount = 0;
  private queue: Int32Array;
  /** Called per round with the nodes that defaulted in it (only by `thresholdCascade`). */
  onRound?: (round: number, defaultedNow: Int32Array, start: number, end: number, roundLoss: number) => void;

  constructor(readonly net: ExposureNetwork) {
    const n = net.n;
    this.loss = new Float64Array(n);
    this.defaulted = new Uint8Array(n);
    this.defaultRound = new Int32Array(n).fill(-1);
    this.touchedList = new Int32Array(n);
    this.isTouched = new Uint8Array(n);
    this.queue = new Int32Array(n);
  }

  /** Nodes the last draw affected (loss > 0 or defaulted); a view valid until the next run. */
  affected(): Int32Array {
    return this.touchedList.subarray(0, this.touchedCount);
  }

  private touch(v: number): void {
    if (this.isTouched[v] === 0) { this.isTouched[v] = 1; this.touchedList[this.touchedCount++] = v; }
  }

  private reset(): void {
    for (let k = 0; k < this.touchedCount; k++) {
      const v = this.touchedList[k];
      this.loss[v] = 0;
      this.defaulted[v] = 0;
      this.defaultRound[v] = -1;
      this.isTouched[v] = 0;
    }
    this.touchedCount = 0;
  }

  /**
   * Run one cascade. `initial` is either an Int32Array of node indices (the first `count`
   * entries, so a preallocated buffer can be reused) or a Uint8Array mask of length n.
   * `buffer` optionally gives each node's loss-absorbing capital for this draw (default: capital).
   */
  run(initial: Int32Array | Uint8Array, count = initial.length, buffer?: Float64Array, maxRounds = Infinity): ThresholdDraw {
    this.reset();
    const { offsets, nbr } = this.net.out;
    const amount = this.net.amount;
    const cap = buffer ?? this.net.capital;
    const { loss, defaulted, defaultRound, queue } = this;
    let tail = 0;
    const seed = (v: number): void => {
      if (defaulted[v]) return;
      defaulted[v] = 1;
      defaultRound[v] = 0;
      this.touch(v);
      queue[tail++] = v;
    };
    if (initial instanceof Uint8Array) {
      if (initial.length !== this.net.n) throw new UsageError(`a default mask must have length n = ${this.net.n}`);
      for (let v = 0; v < initial.length; v++) if (initial[v]) seed(v);
    } else {
      for (let k = 0; k < count; k++) {
        const v = initial[k];
        if (!(v >= 0 && v < this.net.n)) throw new UsageError(`initial default ${v} is not a node index`);
        seed(v);
      }
    }
    const initialDefaults = tail;
    let head = 0, round = 0, systemLoss = 0;
    if (this.onRound) this.onRound(0, queue, 0, tail, 0);
    while (head < tail && round < maxRounds) {
      round++;
      const end = tail;
      let roundLoss = 0;
      for (; head < end; head++) {
        const i = queue[head];
        for (let p = offsets[i]; p < offsets[i + 1]; p++) {
          const a = amount[p];
          if (a === 0) continue;
          const j = nbr[p];
          this.touch(j);
          const l = loss[j] + a;
          loss[j] = l;
          roundLoss += a;
          if (defaulted[j] === 0 && l >= cap[j]) {
            defaulted[j] = 1;
            defaultRound[j] = round;
            queue[tail++] = j;
          }
        }
      }
      systemLoss += roundLoss;
      if (this.onRound) this.onRound(round, queue, end, tail, roundLoss);
    }
    return { defaults: tail, contagionDefaults: tail - initialDefaults, rounds: round, systemLoss, converged: head >= tail };
  }
}

export function createThresholdRunner(net: ExposureNetwork): ThresholdRunner {
  return new ThresholdRunner(net);
}

/** One threshold cascade with per-round records (the slow, complete form of ThresholdRunner.run). */
export function thresholdCascade(net: ExposureNetwork, shock: Shock, options: Partial<ThresholdOptions> = {}): ContagionResult {
  const o = { ...DEFAULT_THRESHOLD_OPTIONS, ...options };
  const n = net.n;
  const h0 = initialDistress(n, shock);
  // An equity shock h(0) eats into the buffer; h(0) = 1 is a default.
  const buffer = new Float64Array(n);
  const initial: number[] = [];
  for (let v = 0; v < n; v++) {
    buffer[v] = net.capital[v] * (1 - h0[v]);
    if (h0[v] >= 1) initial.push(v);
  }
  const runner = new ThresholdRunner(net);
  const rounds: RoundRecord[] = [];
  if (o.recordRounds) {
    runner.onRound = (round, q, start, end, roundLoss) => {
      const nodes = Array.from(q.subarray(start, end));
      rounds.push({ round, nodes, distress: nodes.map(() => 1), loss: roundLoss });
    };
  }
  const draw = runner.run(Int32Array.from(initial), initial.length, buffer, o.maxRounds);
  const h = h0.slice();
  const transmitted = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    if (runner.defaulted[v]) { h[v] = 1; transmitted[v] = 1; continue; }
    if (runner.loss[v] > 0) {
      const c = net.capital[v];
      h[v] = c > 0 ? Math.min(1, h0[v] + runner.loss[v] / c) : 1;
    }
  }
  // Partial losses are part of each round too: list the nodes hit but not defaulted.
  if (o.recordRounds) addPartialLosses(net, rounds, runner.defaulted, h0);
  return contagionResult(
    'threshold', h, h0, runner.loss.slice(), transmitted, rounds, economicValue(net, o.weights),
    { rounds: draw.rounds, updates: draw.defaults, converged: draw.converged, residual: 0 },
    { ...o, weights: o.weights ? 'custom' : 'capital', shock: shock.label ?? null },
    runner.defaulted.slice(),
  );
}

/** Append to round r+1 every surviving creditor of a node that defaulted in round r, with its distress after that round. */
function addPartialLosses(net: ExposureNetwork, rounds: RoundRecord[], defaulted: Uint8Array, h0: Float64Array): void {
  const { offsets, nbr } = net.out;
  const cumulative = new Float64Array(net.n);
  const stamp = new Int32Array(net.n).fill(-1);
  for (let r = 0; r + 1 < rounds.length; r++) {
    const hit: number[] = [];
    for (const v of rounds[r].nodes) {
      if (!defaulted[v]) continue;
      for (let p = offsets[v]; p < offsets[v + 1]; p++) {
        const j = nbr[p];
        if (net.amount[p] === 0 || defaulted[j]) continue;
        cumulative[j] += net.amount[p];
        if (stamp[j] !== r + 1) { stamp[j] = r + 1; hit.push(j); }
      }
    }
    for (const j of hit) {
      const c = net.capital[j];
      rounds[r + 1].nodes.push(j);
      rounds[r + 1].distress.push(c > 0 ? Math.min(1, h0[j] + cumulative[j] / c) : 1);
    }
  }
}

thresholdCascade.detailed = function detailed(net: ExposureNetwork, shock: Shock, options: Partial<ThresholdOptions> = {}) {
  const result = thresholdCascade(net, shock, options);
  return { ...result.diagnostics!, result };
};
