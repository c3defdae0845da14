/**
 * Per-firm systemic impact and vulnerability: the DebtRank of each firm's own default (Battiston
 * et al. 2012, Sci. Rep. 2:541, where DebtRank of a node's default is its systemic impact).
 *   impact_i        = R(i defaults) = Σ_{j≠i} h_j^(i) v_j
 *   vulnerability_j = Σ_{i≠j} π_i h_j^(i) / Σ_{i≠j} π_i,   π_i = PD of firm i (1 when unknown)
 * i.e. the vulnerability of j is its expected distress when one firm defaults, the defaulting
 * firm drawn with probability proportional to its PD. Exact: the firms run in batches of 32
 * through impact-batch.ts (one BFS pass for 32 shocks, floating-point work on forward edges
 * only, linear final distress where no cap can bind), on the calling thread and one worker
 * thread; the results equal one DebtRank run per firm up to the order of additions
 * (docs/contagion.md, "Systemic impact", has the measured rates).
 *
 * `tolerance` τ > 0 trades exactness for speed where shocks reach almost every node with tiny
 * distress (the supply channels): a node whose distress is below τ does not pass it on, while the
 * timing of the dynamics stays exact (impact-tolerance.ts). The result is then a lower bound of the
 * exact one (R̃ ≤ R for every firm, non-increasing in τ); its measured error is in
 * docs/contagion.md. Exact (τ = 0) is the default here; `xinlian impact` and GET /api/impact state
 * the tolerance they used in their output.
 */
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Snapshot } from '../../engine/index.ts';
import { ConfigError } from '../../io/errors.ts';
import { DebtRankWorkspace, reachOf, resolveDebtRankOptions, type DebtRankOptions } from './debtrank.ts';
import { impactInput, type ImpactOutput } from './impact-batch.ts';
import { hubDistances, ImpactToleranceKernel } from './impact-tolerance.ts';
import { BATCH_FINISHED, CTRL_DONE_FIRMS, CTRL_FAILED, CTRL_NEXT, CTRL_SLOTS, impactKernel, runBatches, type ImpactWorkerSetup } from './impact.worker.ts';
import { economicValue } from './shock.ts';
import type { ExposureNetwork } from './types.ts';

export interface ImpactOptions extends DebtRankOptions {
  /** Called every `progressEvery` firms with (done, total). */
  onProgress?: (done: number, total: number) => void;
  progressEvery: number;
  /** Scenario probabilities π per node (default: firm PD, 1 when missing). */
  scenarioWeights?: ArrayLike<number>;
  /**
   * Propagation tolerance τ ∈ [0, 1): distress below τ is not passed on (0 = exact DebtRank). The
   * impact is then a lower bound of the exact one. Not combinable with minDistress / minImpact.
   */
  tolerance: number;
  /**
   * Worker threads besides the calling one (0 = calling thread only). Default: 1 when the machine
   * has ≥ 2 cores and the run is large enough (firms × edges ≥ 2·10^9) to pay for starting one.
   */
  workers?: number;
}

export const DEFAULT_IMPACT_OPTIONS: Readonly<Omit<ImpactOptions, 'onProgress' | 'scenarioWeights' | 'weights' | 'workers'>> = Object.freeze({
  capImpact: true,
  // Exact by default. Battiston's dynamics are order-sensitive: retiring nodes below a
  // materiality threshold changes when their neighbours are first hit, and R can then move
  // either way (bench/results-contagion.md measures it), so thresholds are opt-in.
  minDistress: 0,
  minImpact: 0,
  maxRounds: 1_000_000,
  recordRounds: false,
  progressEvery: 1000,
  tolerance: 0,
});

export interface FirmImpact {
  /** DebtRank R of each firm's default (index = firm index). */
  impact: Float64Array;
  /** System loss (amount unit) of each firm's default. */
  systemLoss: Float64Array;
  /** Nodes distressed by each firm's default, itself excluded. */
  reach: Int32Array;
  /** Expected distress of every node (firms and banks) across single-firm defaults. */
  vulnerability: Float64Array;
  /** Total DebtRank rounds and node updates over all runs. */
  rounds: number;
  updates: number;
  options: Record<string, unknown>;
}

/** Below this many firm × edge pairs a worker costs more to start than it saves. */
const WORKER_THRESHOLD = 2e9;

export function systemicImpact(s: Snapshot, net: ExposureNetwork, options: Partial<ImpactOptions> = {}): FirmImpact {
  return systemicImpactThreads(s, net, options, {});
}

/** Switches for tests (impact-batch.test.ts). */
export interface ImpactRunSwitches {
  /** The calling thread waits until a worker has finished the first batch, so the worker path runs whatever its start-up time. */
  workerFirst?: boolean;
  /** Always the batched kernel (no switch to one run per firm for sparse cascades). */
  batchedOnly?: boolean;
  /** Tolerance kernels: the batch one (true) or one firm at a time (false) instead of the probe's choice. */
  toleranceBatch?: boolean;
  /** Tolerance kernel (impact-tolerance.ts): hubs' in-degree and forward budget, to force each of its paths. */
  hubInDegree?: number;
  forwardBudget?: number;
}

/**
 * `systemicImpact` with the test switches. The first batch decides the kernel: when the 32
 * cascades together reach under 1/8 of the nodes (e.g. credit channels only), one sparse run per
 * firm (DebtRankWorkspace) is cheaper than the batch kernel's per-layer and per-batch overheads,
 * and the other firms run that way on the calling thread; otherwise the batches go on, with the
 * workers. Exact runs only: a tolerance run always goes in batches (tolerance kernel).
 */
export function systemicImpactThreads(s: Snapshot, net: ExposureNetwork, options: Partial<ImpactOptions>, switches: ImpactRunSwitches): FirmImpact {
  const o = { ...DEFAULT_IMPACT_OPTIONS, ...options, ...resolveDebtRankOptions({ ...DEFAULT_IMPACT_OPTIONS, ...options }) };
  if (!(Number.isInteger(o.progressEvery) && o.progressEvery >= 1)) throw new ConfigError(`progressEvery must be an integer ≥ 1, got ${o.progressEvery}`);
  if (!(typeof o.tolerance === 'number' && o.tolerance >= 0 && o.tolerance < 1)) throw new ConfigError(`tolerance must be in [0, 1), got ${String(o.tolerance)}`);
  if (o.tolerance > 0 && (o.minDistress > 0 || o.minImpact > 0)) {
    throw new ConfigError('tolerance cannot be combined with minDistress or minImpact: the tolerance keeps the exact timing, the thresholds retire nodes');
  }
  const nFirms = s.nFirms;
  const workers = o.workers ?? (cpus().length >= 2 && nFirms * net.amount.length >= WORKER_THRESHOLD ? 1 : 0);
  if (!(Number.isInteger(workers) && workers >= 0)) throw new ConfigError(`workers must be an integer ≥ 0, got ${workers}`);
  const value = economicValue(net, o.weights);
  const pi = new Float64Array(nFirms);
  let piTotal = 0;
  for (let f = 0; f < nFirms; f++) {
    const x = o.scenarioWeights ? o.scenarioWeights[f] : s.pd[f];
    pi[f] = Number.isNaN(x) || x === undefined ? 1 : Math.max(0, x);
    piTotal += pi[f];
  }
  const shared = workers > 0;
  const alloc = (bytes: number): ArrayBufferLike => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const { outAmount, reachValue } = reachOf(net);
  const input = impactInput(net, nFirms, o.capImpact, value, pi, outAmount, reachValue, o.minDistress, o.minImpact, o.maxRounds, alloc, o.tolerance);
  if (o.tolerance > 0) {
    input.toleranceBatch = switches.toleranceBatch;
    if (input.toleranceBatch !== true) input.hubs = hubDistances(input, switches.hubInDegree, alloc);
    input.forwardBudget = switches.forwardBudget;
  }
  const out = (weighted: Float64Array): ImpactOutput => ({
    impact: new Float64Array(result.impact.buffer), systemLoss: new Float64Array(result.systemLoss.buffer),
    reach: new Int32Array(result.reach.buffer), rounds: new Int32Array(result.rounds.buffer),
    updates: new Float64Array(result.updates.buffer), weighted,
  });
  const result = {
    impact: new Float64Array(alloc(nFirms * 8)), systemLoss: new Float64Array(alloc(nFirms * 8)),
    reach: new Int32Array(alloc(nFirms * 4)), rounds: new Int32Array(alloc(nFirms * 4)), updates: new Float64Array(alloc(nFirms * 8)),
  };
  const mainOut = out(new Float64Array(net.n));
  let kernel = impactKernel(input, mainOut);
  const width = kernel.width;
  const batches = Math.ceil(nFirms / width);
  const control = new Int32Array(alloc(CTRL_SLOTS * 4));
  const status = new Int32Array(alloc(Math.max(1, batches) * 4)).subarray(0, batches);
  const workerOuts: ImpactOutput[] = [];
  const threads: Worker[] = [];
  let sparse = false, probed = false;
  /** Vulnerability sums of the one-run-per-firm path (network indices; the kernels' are in kernel indices). */
  let sparseWeighted: Float64Array | undefined;
  const probe = (): void => {
    // The probe batch, claimed like any other.
    const k = Atomics.add(control, CTRL_NEXT, 1), count = Math.min(width, nFirms);
    kernel.run(k * width, count);
    Atomics.add(control, CTRL_DONE_FIRMS, count);
    Atomics.store(status, k, BATCH_FINISHED);
    probed = true;
  };
  if (!switches.batchedOnly && batches > 1 && o.tolerance === 0) {
    probe();
    if (kernel.reached * 8 < net.n) {
      sparse = true;
      Atomics.store(control, CTRL_NEXT, batches);
    }
  }
  if (o.tolerance > 0 && input.toleranceBatch === undefined && batches > 1 && kernel instanceof ImpactToleranceKernel) {
    // One firm at a time costs its timing search and transmissions; when these cover a quarter of
    // the edges per firm (small τ), the batch kernel's shared BFS and per-node slots are cheaper
    // (bench/results-contagion.md: at 100k, τ = 1e-6 is 2× faster in batches, τ = 1e-2 5× slower).
    probe();
    const { forwardEdges, backwardEdges } = kernel.work;
    let updates = 0;
    for (let k = 0; k < width; k++) updates += result.updates[input.node[k]];
    input.toleranceBatch = (forwardEdges + backwardEdges + updates) * 4 > width * input.outOffsets[net.n];
    if (input.toleranceBatch) kernel = impactKernel(input, mainOut);
  }
  for (let w = 0; w < (sparse ? 0 : Math.min(workers, Math.max(0, batches - 1))); w++) {
    const wOut = out(new Float64Array(alloc(net.n * 8)));
    workerOuts.push(wOut);
    threads.push(startWorker({ kind: 'xinlian-impact', input, out: wOut, control, status }));
  }
  let reported = 0;
  const progress = (): void => {
    if (!o.onProgress) return;
    const done = Atomics.load(control, CTRL_DONE_FIRMS);
    while (reported + o.progressEvery <= done) {
      reported += o.progressEvery;
      o.onProgress(reported, nFirms);
    }
  };
  try {
    if (sparse) {
      // Every firm but the probe batch's (kernel firms 0 … width − 1), at network indices.
      const rest = new Int32Array(nFirms - width);
      for (let k = width; k < nFirms; k++) rest[k - width] = input.node[k];
      sparseWeighted = new Float64Array(net.n);
      oneRunPerFirm(net, o, rest, value, pi, result, sparseWeighted, (done) => {
        Atomics.store(control, CTRL_DONE_FIRMS, width + done);
        progress();
      });
      status.fill(BATCH_FINISHED);
    }
    if (switches.workerFirst && threads.length > 0) {
      const t0 = Date.now();
      while (Atomics.load(status, 0) !== BATCH_FINISHED && Atomics.load(control, CTRL_FAILED) === 0) {
        if (Date.now() - t0 > 60_000) throw new Error('systemicImpact: the impact worker did not finish its first batch within 60 s');
        Atomics.wait(status, 0, 0, 100);
      }
    }
    const mine = new Set(runBatches(kernel, nFirms, control, status, progress));
    if (probed) mine.add(0);
    // Wait for the batches the workers are still running; a failed worker's batches (and its
    // partial vulnerability sums) are redone here.
    let failed = false;
    for (let k = 0; k < batches && !failed; k++) {
      while (Atomics.load(status, k) !== BATCH_FINISHED) {
        if (Atomics.load(control, CTRL_FAILED) !== 0) { failed = true; break; }
        Atomics.wait(status, k, 0, 100);
      }
      progress();
    }
    if (failed) {
      for (let k = 0; k < batches; k++) if (!mine.has(k)) kernel.run(k * width, Math.min(width, nFirms - k * width));
      workerOuts.length = 0;
    }
  } finally {
    for (const t of threads) void t.terminate();
  }
  if (o.onProgress) {
    progress();
    if (reported < nFirms) o.onProgress(nFirms, nFirms);
  }
  const weighted = sparseWeighted ?? new Float64Array(net.n);
  for (const w of [mainOut, ...workerOuts]) for (let k = 0; k < net.n; k++) weighted[input.node[k]] += w.weighted[k];
  // Exclude each firm's own scenario from its denominator (its own default is not "exposure").
  const vulnerability = new Float64Array(net.n);
  for (let v = 0; v < net.n; v++) {
    const denominator = v < nFirms ? piTotal - pi[v] : piTotal;
    vulnerability[v] = denominator > 0 ? weighted[v] / denominator : 0;
  }
  let rounds = 0, updates = 0;
  for (let f = 0; f < nFirms; f++) { rounds += result.rounds[f]; updates += result.updates[f]; }
  const { onProgress: _p, scenarioWeights, weights, ...rest } = o;
  return {
    impact: result.impact, systemLoss: result.systemLoss, reach: result.reach, vulnerability, rounds, updates,
    options: {
      ...rest, workers: threads.length, kernel: o.tolerance > 0 ? (input.toleranceBatch ? 'tolerance, batched' : 'tolerance, one firm at a time') : sparse ? 'one run per firm' : 'batched',
      exact: o.tolerance === 0,
      weights: weights ? 'custom' : 'capital', scenarioWeights: scenarioWeights ? 'custom' : 'pd',
    },
  };
}

/** The given firms, one sparse DebtRank each (the definition the batch kernel reproduces). */
function oneRunPerFirm(
  net: ExposureNetwork, o: DebtRankOptions, firms: Int32Array, value: Float64Array, pi: Float64Array,
  out: { impact: Float64Array; systemLoss: Float64Array; reach: Int32Array; rounds: Int32Array; updates: Float64Array },
  weighted: Float64Array, onFirm: (done: number) => void,
): void {
  const ws = new DebtRankWorkspace(net, o.capImpact);
  const seed = new Int32Array(1), one = Float64Array.of(1);
  for (let q = 0; q < firms.length; q++) {
    const f = firms[q];
    seed[0] = f;
    ws.run(seed, one, o.minDistress, o.maxRounds, o.minImpact, undefined, false);
    let r = 0, loss = 0, count = 0;
    for (let k = 0; k < ws.touchedCount; k++) {
      const v = ws.touched[k];
      // Σ_j loss_j = Σ_i transmitted_i × outAmount_i (every edge of a propagating node).
      loss += ws.transmitted[v] * ws.outAmount[v];
      if (v === f) continue;
      const h = ws.h[v];
      if (h > 0) { r += h * value[v]; count++; weighted[v] += pi[f] * h; }
    }
    out.impact[f] = r;
    out.systemLoss[f] = loss;
    out.reach[f] = count;
    out.rounds[f] = ws.rounds;
    out.updates[f] = ws.updates;
    onFirm(q + 1);
  }
}

/**
 * Node 20 does not apply `--import tsx` hooks to a worker's own entry file, so the worker
 * starts from a small evaluated script that registers tsx and then imports the .ts file
 * (as montecarlo.ts does). The worker needs nothing from this thread's event loop.
 */
function startWorker(setup: ImpactWorkerSetup): Worker {
  const url = new URL('./impact.worker.ts', import.meta.url);
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/index\.cjs$/, 'index.mjs');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((t) => { t.register(); return import(${JSON.stringify(url.href)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: setup, execArgv: ['--import', 'tsx'] });
  worker.unref();
  // Errors are flagged through the shared control array; this only keeps them from being unhandled.
  worker.on('error', () => undefined);
  return worker;
}

export interface RankedFirm {
  rank: number;
  firm: string;
  name: string;
  impact: number;
  systemLoss: number;
  reach: number;
  vulnerability: number;
}

/** The N firms of largest systemic impact (ties broken by id for a stable order). */
export function topImpact(s: Snapshot, r: FirmImpact, n: number): RankedFirm[] {
  const order = Array.from({ length: s.nFirms }, (_, f) => f);
  order.sort((a, b) => r.impact[b] - r.impact[a] || (s.ids[a] < s.ids[b] ? -1 : s.ids[a] > s.ids[b] ? 1 : 0));
  return order.slice(0, Math.max(0, n)).map((f, k) => ({
    rank: k + 1,
    firm: s.ids[f],
    name: s.dataset.firms[f].name,
    impact: r.impact[f],
    systemLoss: r.systemLoss[f],
    reach: r.reach[f],
    vulnerability: r.vulnerability[f],
  }));
}

/** What the tolerance does to the figures, said in the output (docs/contagion.md has the measured error). */
export function impactErrorNote(exact: boolean, tolerance: number): string {
  if (exact) return 'exact';
  return `tolerance ${tolerance}: distress below it is not passed on, so every impact R, system loss, reach and vulnerability is a lower bound of the exact one `
    + '(0 ≤ R_exact − R; measured on 100k firms: max |ΔR| 2.5e-4 at 1e-2 (94 of the top 100 kept), 6.1e-6 at 1e-4, 8.3e-8 at 1e-6, for R up to 2.1e-3; docs/contagion.md)';
}
