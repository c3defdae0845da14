/**
 * The Monte Carlo draw engine: one block of draws of the Gaussian copula, each run
 * through the threshold cascade (Furfine 2003). Runs in a worker thread or, for
 * `workers: 0`, in the calling thread: the same function either way, so results do
 * not depend on where a block runs.
 *
 * Sampling (exact, sparse): conditional on the factors, firm i defaults with
 *   p_i(Z) = Φ((t_i − a_park·Z_park − a_ind·Z_ind) / σ),  σ = √(1 − a_park² − a_ind²), t_i = Φ⁻¹(pd_i)
 * (Vasicek 2002). Firms of one (park, industry) cell share the factor term, so each
 * cell is scanned in order of decreasing t_i with geometric skips at the current
 * largest p (thinned by p_j / p): every firm still defaults with probability
 * exactly p_i(Z) independently of the others, but only about Σ p_i firms per draw
 * are touched instead of one normal variate per firm.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createRng, deriveSeed } from '../../engine/rng.ts';
import { ThresholdRunner } from './threshold.ts';
import type { ExposureNetwork } from './types.ts';

/** Everything a block needs, as plain typed arrays (structured-clone friendly). */
export interface CopulaModel {
  nFirms: number;
  nBanks: number;
  /** Node index of the first bank (= nFirms). */
  bankBase: number;
  nParkFactors: number;
  nIndustryFactors: number;
  /** Cells: firms of one (park, industry division), in cellFirms[cellStart[c] .. cellStart[c+1]), by decreasing threshold. */
  cellStart: Int32Array;
  cellFirms: Int32Array;
  /** Threshold t_i = Φ⁻¹(pd_i) of each entry of cellFirms (aligned). */
  cellThreshold: Float64Array;
  /** Park factor of each cell, −1 = outside any park (no park factor). */
  cellPark: Int32Array;
  cellIndustry: Int32Array;
  parkLoading: number;
  industryLoading: number;
  maxRounds: number;
}

/** The exposure network's arrays the cascade reads. */
export interface NetworkArrays {
  n: number;
  offsets: Int32Array;
  nbr: Int32Array;
  amount: Float64Array;
  capital: Float64Array;
}

export interface BlockResult {
  block: number;
  /** First draw index of the block. */
  first: number;
  count: number;
  /** Per draw: Σ loss of banks; Σ loss of all nodes; initial (copula) defaults; all defaults. */
  bankLoss: Float64Array;
  systemLoss: Float64Array;
  initialDefaults: Int32Array;
  defaults: Int32Array;
  /** count × nBanks, row-major: loss of each bank in each draw. */
  perBankLoss: Float64Array;
  /** Per bank: draws of this block in which the bank defaulted. */
  bankDefaults: Int32Array;
  /** Per firm: draws of this block in which the firm was in default after the cascade. */
  firmDefaults: Int32Array;
}

export function networkArrays(net: ExposureNetwork): NetworkArrays {
  return { n: net.n, offsets: net.out.offsets, nbr: net.out.nbr, amount: net.amount, capital: net.capital };
}

/** The cascade only reads `out`, `amount` and `capital`; `in` and `channel` are not needed here. */
function asNetwork(a: NetworkArrays): ExposureNetwork {
  const csr = { offsets: a.offsets, nbr: a.nbr, edge: new Int32Array(0) };
  return { n: a.n, out: csr, in: csr, amount: a.amount, channel: new Uint8Array(0), capital: a.capital, options: {} as ExposureNetwork['options'] };
}

export class BlockSimulator {
  private readonly runner: ThresholdRunner;
  private readonly initial: Int32Array;
  private readonly zPark: Float64Array;
  private readonly zIndustry: Float64Array;

  constructor(private readonly model: CopulaModel, network: NetworkArrays) {
    this.runner = new ThresholdRunner(asNetwork(network));
    this.initial = new Int32Array(model.nFirms);
    this.zPark = new Float64Array(model.nParkFactors);
    this.zIndustry = new Float64Array(model.nIndustryFactors);
  }

  /** Draws [first, first + count) of stream `deriveSeed(seed, block)`. */
  run(seed: number, block: number, first: number, count: number): BlockResult {
    const m = this.model;
    const rng = createRng(deriveSeed(seed, block));
    const { cellStart, cellFirms, cellThreshold, cellPark, cellIndustry, parkLoading: ap, industryLoading: ak } = m;
    const nCells = cellPark.length;
    const sigmaPark = Math.sqrt(1 - ap * ap - ak * ak);
    const sigmaOutside = Math.sqrt(1 - ak * ak);
    const r: BlockResult = {
      block, first, count,
      bankLoss: new Float64Array(count), systemLoss: new Float64Array(count),
      initialDefaults: new Int32Array(count), defaults: new Int32Array(count),
      perBankLoss: new Float64Array(count * m.nBanks),
      bankDefaults: new Int32Array(m.nBanks), firmDefaults: new Int32Array(m.nFirms),
    };
    const runner = this.runner;
    for (let d = 0; d < count; d++) {
      for (let k = 0; k < this.zPark.length; k++) this.zPark[k] = rng.normal();
      for (let k = 0; k < this.zIndustry.length; k++) this.zIndustry[k] = rng.normal();
      let nInitial = 0;
      for (let c = 0; c < nCells; c++) {
        const inPark = cellPark[c] >= 0;
        const common = (inPark ? ap * this.zPark[cellPark[c]] : 0) + ak * this.zIndustry[cellIndustry[c]];
        const sigma = inPark ? sigmaPark : sigmaOutside;
        const end = cellStart[c + 1];
        let k = cellStart[c];
        while (k < end) {
          // q = p_k(Z) bounds p_j(Z) for every later j of the cell (thresholds decrease).
          const q = normalCdf((cellThreshold[k] - common) / sigma);
          if (q <= 0) break;
          let j = k;
          if (q < 1) {
            const skip = Math.floor(Math.log(1 - rng.next()) / Math.log1p(-q));
            if (skip >= end - k) break;
            j = k + skip;
          }
          const pj = j === k ? q : normalCdf((cellThreshold[j] - common) / sigma);
          if (rng.next() * q < pj) this.initial[nInitial++] = cellFirms[j];
          k = j + 1;
        }
      }
      const draw = runner.run(this.initial, nInitial, undefined, m.maxRounds);
      let bankLoss = 0;
      const row = d * m.nBanks;
      for (let b = 0; b < m.nBanks; b++) {
        const v = m.bankBase + b;
        const l = runner.loss[v];
        r.perBankLoss[row + b] = l;
        bankLoss += l;
        if (runner.defaulted[v]) r.bankDefaults[b]++;
      }
      const affected = runner.affected();
      for (let k = 0; k < affected.length; k++) {
        const v = affected[k];
        if (v < m.nFirms && runner.defaulted[v]) r.firmDefaults[v]++;
      }
      r.bankLoss[d] = bankLoss;
      r.systemLoss[d] = draw.systemLoss;
      r.initialDefaults[d] = nInitial;
      r.defaults[d] = draw.defaults;
    }
    return r;
  }
}

/**
 * Standard normal CDF, Hart (1968) double-precision rational approximation as given by
 * West (2005), "Better approximations to cumulative normal functions", Wilmott: |error| < 1e-14.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  let c = 0;
  if (z <= 37) {
    const e = Math.exp(-z * z / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      c = (e * n) / d;
    } else {
      let b = z + 0.65;
      b = z + 4 / b;
      b = z + 3 / b;
      b = z + 2 / b;
      b = z + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

/**
 * Inverse standard normal CDF: Acklam's (2003) rational approximation (relative error
 * 1.15e-9) refined by one Halley step on normalCdf, which brings it to double precision.
 * Φ⁻¹(0) = −∞ and Φ⁻¹(1) = +∞ (a firm with pd 0 never defaults, pd 1 always does).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5, r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

// ── worker entry ─────────────────────────────────────────────────────────────
export interface WorkerSetup {
  kind: 'xinlian-montecarlo';
  model: CopulaModel;
  network: NetworkArrays;
}
export interface WorkerJob { seed: number; blocks: { block: number; first: number; count: number }[] }

if (!isMainThread && parentPort && (workerData as WorkerSetup | undefined)?.kind === 'xinlian-montecarlo') {
  const setup = workerData as WorkerSetup;
  const sim = new BlockSimulator(setup.model, setup.network);
  const port = parentPort;
  port.on('message', (job: WorkerJob) => {
    for (const { block, first, count } of job.blocks) {
      const r = sim.run(job.seed, block, first, count);
      const arrays = [r.bankLoss, r.systemLoss, r.initialDefaults, r.defaults, r.perBankLoss, r.bankDefaults, r.firmDefaults];
      port.postMessage(r, arrays.map((a) => a.buffer as ArrayBuffer));
    }
    port.postMessage('done');
  });
}
