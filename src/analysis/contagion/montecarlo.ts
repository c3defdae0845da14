/**
 * Monte Carlo of correlated defaults: a Gaussian copula with park and industry factors
 * (Vasicek 2002, "Loan portfolio value", Risk 15(12); Li 2000, J. Fixed Income 9(4)),
 * each draw run through the threshold default cascade (Furfine 2003).
 *   X_i = a_park·Z_park(i) + a_ind·Z_ind(i) + √(1 − a_park² − a_ind²)·ε_i,  firm i defaults iff Φ(X_i) < pd_i
 * Z and ε independent N(0, 1); a firm outside every park has no park term (X_i = a_ind·Z_ind + √(1 − a_ind²)·ε_i).
 * Loss of a draw = Σ loss of banks after the cascade. VaR_α = L_(⌈αN⌉) of the sorted
 * losses; ES_α = mean of the ⌊(1 − α)N⌋ largest (Acerbi & Tasche 2002, J. Bank. Finance 26(7)).
 *
 * Reproducible whatever the worker count: draws are cut into fixed blocks and block b
 * draws from createRng(deriveSeed(seed, b)), so which thread runs a block does not matter.
 */
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { industryDivision } from '../../model/schema.ts';
import type { Snapshot } from '../../engine/index.ts';
import { ConfigError } from '../../io/errors.ts';
import type { ExposureNetwork } from './types.ts';
import {
  BlockSimulator, networkArrays, normalCdf, normalQuantile,
  type BlockResult, type CopulaModel, type NetworkArrays, type WorkerJob, type WorkerSetup,
} from './montecarlo.worker.ts';

export { normalCdf, normalQuantile };

export interface MonteCarloOptions {
  draws: number;
  seed: number;
  /** Worker threads; 0 runs every block in the calling thread. Default: one per core, at most 2. */
  workers: number;
  /** Draws per block (one random stream each). Changing it changes the draws; the worker count does not. */
  blockSize: number;
  /** Loading a_park on the park factor. */
  parkLoading: number;
  /** Loading a_ind on the industry factor (GB/T division, e.g. C33). */
  industryLoading: number;
  /** PD of firms without one in firms.csv. */
  defaultPd: number;
  /** Confidence level of VaR and ES. */
  alpha: number;
  /** Bins of the loss histogram. */
  bins: number;
  /** Cascade rounds per draw. */
  maxRounds: number;
  /** Called after each finished block with (draws done, draws total). */
  onProgress?: (done: number, total: number) => void;
}

export const MONTECARLO_DEFAULTS: Readonly<Omit<MonteCarloOptions, 'onProgress'>> = Object.freeze({
  draws: 10_000,
  seed: 1,
  workers: Math.min(2, cpus().length),
  blockSize: 250,
  // Two firms of one park and one industry correlate at a_park² + a_ind² = 0.18, inside the
  // 0.12–0.24 range Basel II (BCBS 2006, §272) assumes for SME exposures; one shared factor 0.09.
  parkLoading: 0.3,
  industryLoading: 0.3,
  defaultPd: 0.02,
  alpha: 0.99,
  bins: 50,
  maxRounds: 1_000_000,
});

export interface RiskMeasures {
  mean: number;
  /** Standard error of the mean, sd / √N. */
  standardError: number;
  var: number;
  es: number;
  max: number;
}

export interface BankRisk extends RiskMeasures {
  bank: string;
  name: string;
  capital: number;
  /** Share of draws in which the bank's losses reached its capital. */
  defaultFrequency: number;
}

export interface MonteCarloResult {
  draws: number;
  /** Bank losses: the credit loss of the banking system per draw. */
  loss: RiskMeasures;
  /** Σ loss of all nodes (firms too): guarantees called, receivables lost, inputs lost. */
  systemLoss: RiskMeasures;
  histogram: { lower: number; width: number; counts: number[] };
  defaults: { meanInitial: number; meanTotal: number; meanContagion: number; maxTotal: number };
  banks: BankRisk[];
  /** Per firm: share of draws with the firm in default after the cascade (contagion-adjusted PD). */
  firmDefaultFrequency: Float64Array;
  /** Per-draw bank loss, in draw order. */
  losses: Float64Array;
  options: Omit<MonteCarloOptions, 'onProgress'>;
}

/** VaR and ES of a sample (sorted copy; the input is left as is). */
export function riskMeasures(sample: ArrayLike<number>, alpha: number): RiskMeasures {
  const n = sample.length;
  if (n === 0) return { mean: 0, standardError: 0, var: 0, es: 0, max: 0 };
  const sorted = Float64Array.from(sample).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  // Guard against α·N landing a hair above an integer in floating point (0.99 × 10000).
  const k = Math.min(n, Math.max(1, Math.ceil(alpha * n - 1e-9)));
  const tail = Math.max(1, Math.floor((1 - alpha) * n + 1e-9));
  let tailSum = 0;
  for (let i = n - tail; i < n; i++) tailSum += sorted[i];
  return { mean, standardError: sd / Math.sqrt(n), var: sorted[k - 1], es: tailSum / tail, max: sorted[n - 1] };
}

/** The copula's cells: firms grouped by (park, industry division), each by decreasing threshold. */
export function copulaModel(s: Snapshot, o: Omit<MonteCarloOptions, 'onProgress'>): CopulaModel {
  const nFirms = s.nFirms;
  const divisions = new Map<string, number>();
  const divisionOf = s.industries.map((code) => {
    const d = industryDivision(code);
    if (!divisions.has(d)) divisions.set(d, divisions.size);
    return divisions.get(d)!;
  });
  const parkBase = s.nFirms + s.nBanks;
  const nIndustry = divisions.size;
  // Cell key = (park + 1) × nIndustry + division: park −1 (outside) gets its own row.
  const cellKey = new Int32Array(nFirms);
  const keyToCell = new Map<number, number>();
  for (let f = 0; f < nFirms; f++) {
    const park = s.park[f] < 0 ? -1 : s.park[f] - parkBase;
    const key = (park + 1) * nIndustry + divisionOf[s.industry[f]];
    cellKey[f] = key;
    if (!keyToCell.has(key)) keyToCell.set(key, keyToCell.size);
  }
  const nCells = keyToCell.size;
  const cellStart = new Int32Array(nCells + 1);
  const cellPark = new Int32Array(nCells), cellIndustry = new Int32Array(nCells);
  for (const [key, c] of keyToCell) {
    cellPark[c] = Math.floor(key / nIndustry) - 1;
    cellIndustry[c] = key % nIndustry;
  }
  const threshold = new Float64Array(nFirms);
  for (let f = 0; f < nFirms; f++) {
    const pd = Number.isNaN(s.pd[f]) ? o.defaultPd : s.pd[f];
    threshold[f] = normalQuantile(pd);
    cellStart[keyToCell.get(cellKey[f])! + 1]++;
  }
  for (let c = 0; c < nCells; c++) cellStart[c + 1] += cellStart[c];
  const cursor = cellStart.slice(0, nCells);
  const cellFirms = new Int32Array(nFirms);
  for (let f = 0; f < nFirms; f++) cellFirms[cursor[keyToCell.get(cellKey[f])!]++] = f;
  const cellThreshold = new Float64Array(nFirms);
  for (let c = 0; c < nCells; c++) {
    const part = Array.from(cellFirms.subarray(cellStart[c], cellStart[c + 1]));
    part.sort((a, b) => threshold[b] - threshold[a] || a - b);
    for (let k = 0; k < part.length; k++) {
      cellFirms[cellStart[c] + k] = part[k];
      cellThreshold[cellStart[c] + k] = threshold[part[k]];
    }
  }
  return {
    nFirms, nBanks: s.nBanks, bankBase: s.nFirms, nParkFactors: s.nParks, nIndustryFactors: nIndustry,
    cellStart, cellFirms, cellThreshold, cellPark, cellIndustry,
    parkLoading: o.parkLoading, industryLoading: o.industryLoading, maxRounds: o.maxRounds,
  };
}

function resolve(options: Partial<MonteCarloOptions>): Omit<MonteCarloOptions, 'onProgress'> {
  const { onProgress: _ignored, ...rest } = options;
  const o = { ...MONTECARLO_DEFAULTS, ...rest };
  const bad = (msg: string): never => { throw new ConfigError(`montecarlo: ${msg}`); };
  if (!(Number.isInteger(o.draws) && o.draws >= 1)) bad(`draws must be an integer ≥ 1, got ${o.draws}`);
  if (!(Number.isInteger(o.blockSize) && o.blockSize >= 1)) bad(`blockSize must be an integer ≥ 1, got ${o.blockSize}`);
  if (!(Number.isInteger(o.workers) && o.workers >= 0)) bad(`workers must be an integer ≥ 0, got ${o.workers}`);
  if (!Number.isInteger(o.seed)) bad(`seed must be an integer, got ${o.seed}`);
  if (!(o.parkLoading >= 0 && o.industryLoading >= 0 && o.parkLoading ** 2 + o.industryLoading ** 2 < 1)) {
    bad(`loadings must be ≥ 0 with parkLoading² + industryLoading² < 1, got ${o.parkLoading}, ${o.industryLoading}`);
  }
  if (!(o.defaultPd >= 0 && o.defaultPd <= 1)) bad(`defaultPd must be in [0, 1], got ${o.defaultPd}`);
  if (!(o.alpha > 0 && o.alpha < 1)) bad(`alpha must be in (0, 1), got ${o.alpha}`);
  if (!(Number.isInteger(o.bins) && o.bins >= 1)) bad(`bins must be an integer ≥ 1, got ${o.bins}`);
  return o;
}

export async function monteCarlo(s: Snapshot, net: ExposureNetwork, options: Partial<MonteCarloOptions> = {}): Promise<MonteCarloResult> {
  const o = resolve(options);
  const model = copulaModel(s, o);
  const network = networkArrays(net);
  const blocks: WorkerJob['blocks'] = [];
  for (let first = 0, b = 0; first < o.draws; first += o.blockSize, b++) blocks.push({ block: b, first, count: Math.min(o.blockSize, o.draws - first) });

  const results: BlockResult[] = [];
  let done = 0;
  const collect = (r: BlockResult) => {
    results.push(r);
    done += r.count;
    options.onProgress?.(done, o.draws);
  };
  const nWorkers = Math.min(o.workers, blocks.length);
  if (nWorkers === 0) {
    const sim = new BlockSimulator(model, network);
    for (const b of blocks) collect(sim.run(o.seed, b.block, b.first, b.count));
  } else {
    await runInWorkers(model, network, o.seed, blocks, nWorkers, collect);
  }
  return aggregate(s, o, results);
}

/** Blocks dealt round-robin to the workers; each worker gets a copy of the model and the network. */
function runInWorkers(model: CopulaModel, network: NetworkArrays, seed: number, blocks: WorkerJob['blocks'], nWorkers: number, collect: (r: BlockResult) => void): Promise<void> {
  const setup: WorkerSetup = { kind: 'xinlian-montecarlo', model, network };
  // Node 20 does not apply `--import tsx` hooks to a worker's own entry file, so the worker
  // starts from a small evaluated script that registers tsx and then imports the .ts file.
  const url = new URL('./montecarlo.worker.ts', import.meta.url);
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/index\.cjs$/, 'index.mjs');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((t) => { t.register(); return import(${JSON.stringify(url.href)}); })`;
  const jobs = Array.from({ length: nWorkers }, (_, w) => blocks.filter((_, i) => i % nWorkers === w));
  return new Promise<void>((resolveAll, reject) => {
    let running = nWorkers;
    const workers: Worker[] = [];
    const fail = (err: unknown) => {
      for (const w of workers) void w.terminate();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    for (let w = 0; w < nWorkers; w++) {
      const worker = new Worker(bootstrap, { eval: true, workerData: setup, execArgv: ['--import', 'tsx'] });
      workers.push(worker);
      let finished = false;
      worker.on('message', (msg: BlockResult | 'done') => {
        if (msg === 'done') {
          finished = true;
          void worker.terminate();
          if (--running === 0) resolveAll();
          return;
        }
        collect(msg);
      });
      worker.on('error', fail);
      // A worker that dies without an error event (out of memory, killed) must not leave the run hanging.
      worker.on('exit', (code) => {
        if (!finished) fail(new Error(`montecarlo worker ${w} exited with code ${code} before finishing its blocks`));
      });
      worker.postMessage({ seed, blocks: jobs[w] } satisfies WorkerJob);
    }
  });
}

function aggregate(s: Snapshot, o: Omit<MonteCarloOptions, 'onProgress'>, results: BlockResult[]): MonteCarloResult {
  const N = o.draws, nBanks = s.nBanks;
  const losses = new Float64Array(N), system = new Float64Array(N);
  const perBank = Array.from({ length: nBanks }, () => new Float64Array(N));
  const bankDefaults = new Float64Array(nBanks);
  const firmDefaults = new Float64Array(s.nFirms);
  let initial = 0, total = 0, maxTotal = 0;
  // Placed by draw index, so the arrival order of blocks does not matter; the counts are integers.
  for (const r of results) {
    losses.set(r.bankLoss, r.first);
    system.set(r.systemLoss, r.first);
    for (let d = 0; d < r.count; d++) {
      initial += r.initialDefaults[d];
      total += r.defaults[d];
      if (r.defaults[d] > maxTotal) maxTotal = r.defaults[d];
      for (let b = 0; b < nBanks; b++) perBank[b][r.first + d] = r.perBankLoss[d * nBanks + b];
    }
    for (let b = 0; b < nBanks; b++) bankDefaults[b] += r.bankDefaults[b];
    for (let f = 0; f < s.nFirms; f++) firmDefaults[f] += r.firmDefaults[f];
  }
  const loss = riskMeasures(losses, o.alpha);
  const width = loss.max > 0 ? loss.max / o.bins : 1;
  const counts = new Array<number>(o.bins).fill(0);
  for (let d = 0; d < N; d++) counts[Math.min(o.bins - 1, Math.floor(losses[d] / width))]++;
  for (let f = 0; f < s.nFirms; f++) firmDefaults[f] /= N;
  return {
    draws: N,
    loss,
    systemLoss: riskMeasures(system, o.alpha),
    histogram: { lower: 0, width, counts },
    defaults: { meanInitial: initial / N, meanTotal: total / N, meanContagion: (total - initial) / N, maxTotal },
    banks: s.dataset.banks.map((bank, b) => ({
      bank: bank.id, name: bank.name, capital: bank.capital,
      ...riskMeasures(perBank[b], o.alpha),
      defaultFrequency: bankDefaults[b] / N,
    })),
    firmDefaultFrequency: firmDefaults,
    losses,
    options: o,
  };
}
