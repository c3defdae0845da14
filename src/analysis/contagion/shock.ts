/**
 * Shocks: what starts a cascade, and the bookkeeping every model shares.
 * A Shock names nodes that default outright (distress 1) and/or an initial relative equity
 * loss h(0) ∈ [0,1] per node; `shockFromSpec` reads the CLI/API form
 * `<firm id> | park:<id> | industry:<GB/T code or prefix> | uniform:<share>`.
 */
import type { Snapshot } from '../../engine/index.ts';
import { NotFoundError, UsageError } from '../../io/errors.ts';
import type { ContagionDiagnostics, ContagionResult, ExposureNetwork, RoundRecord, Shock } from './types.ts';

/** Initial distress h(0) per node: the shock's distress, raised to 1 for its defaults, clipped to [0, 1]. */
export function initialDistress(n: number, shock: Shock): Float64Array {
  const h = new Float64Array(n);
  if (shock.distress) {
    if (shock.distress.length !== n) throw new UsageError(`shock distress must have one value per node (${n})`);
    for (let v = 0; v < n; v++) {
      const x = shock.distress[v];
      h[v] = x > 1 ? 1 : x > 0 ? x : 0;
    }
  }
  if (shock.defaults) {
    for (let k = 0; k < shock.defaults.length; k++) {
      const v = shock.defaults[k];
      if (!(v >= 0 && v < n)) throw new UsageError(`shock default ${v} is not a node index in [0, ${n})`);
      h[v] = 1;
    }
  }
  return h;
}

/**
 * Economic value v of each node for the DebtRank R (Battiston et al. 2012): the node's share of
 * the given weights, by default of total capital. Weights that sum to 0 give v = 0.
 */
export function economicValue(net: ExposureNetwork, weights?: ArrayLike<number>): Float64Array {
  const src = weights ?? net.capital;
  if (src.length !== net.n) throw new UsageError(`weights must have one value per node (${net.n})`);
  let total = 0;
  for (let v = 0; v < net.n; v++) total += src[v] > 0 ? src[v] : 0;
  const out = new Float64Array(net.n);
  if (total > 0) for (let v = 0; v < net.n; v++) out[v] = src[v] > 0 ? src[v] / total : 0;
  return out;
}

/** R = Σ h_j v_j − Σ h_j(0) v_j. */
export function debtRankValue(h: Float64Array, h0: Float64Array, value: Float64Array): number {
  let r = 0;
  for (let v = 0; v < h.length; v++) if (h[v] !== h0[v]) r += (h[v] - h0[v]) * value[v];
  return r;
}

/** Assemble a ContagionResult; `defaulted` = distress 1 (within 1e-12). */
export function contagionResult(
  model: ContagionResult['model'],
  h: Float64Array,
  h0: Float64Array,
  loss: Float64Array,
  transmitted: Float64Array,
  rounds: RoundRecord[],
  value: Float64Array,
  diagnostics: ContagionDiagnostics,
  options: Record<string, unknown>,
  defaulted?: Uint8Array,
): ContagionResult {
  const n = h.length;
  let d = defaulted;
  if (!d) {
    // Sums such as 0.3 + 0.7 land a hair below 1: within 1e-12 is a default, reported as exactly 1.
    d = new Uint8Array(n);
    for (let v = 0; v < n; v++) if (h[v] >= 1 - 1e-12) { d[v] = 1; h[v] = 1; }
  }
  let systemLoss = 0;
  for (let v = 0; v < n; v++) systemLoss += loss[v];
  return {
    model,
    distress: h,
    loss,
    defaulted: d,
    rounds,
    systemLoss,
    debtRank: debtRankValue(h, h0, value),
    options,
    transmitted,
    diagnostics,
  };
}

/**
 * Parse a shock specification against a Snapshot:
 * - `<id>`: that firm (or bank) defaults;
 * - `park:<id>`: every firm in the park defaults;
 * - `industry:<code>`: every firm whose GB/T code starts with the code defaults (C33 takes C3311);
 * - `uniform:<x>`: every firm and bank loses the share x of its capital.
 */
export function shockFromSpec(s: Snapshot, spec: string): Shock {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? '' : spec.slice(0, colon);
  const arg = colon < 0 ? spec : spec.slice(colon + 1);
  if (kind === 'uniform') {
    const x = Number(arg);
    if (arg.trim() === '' || !(x >= 0 && x <= 1)) throw new UsageError(`uniform shock must be a share in [0, 1], got '${arg}'`);
    const distress = new Float64Array(s.n);
    distress.fill(x, 0, s.nFirms + s.nBanks);
    return { distress, label: `uniform ${x * 100} % equity shock` };
  }
  if (kind === 'park') {
    const p = s.index.get(arg);
    if (p === undefined || p < s.nFirms + s.nBanks) throw new NotFoundError('park', arg);
    const defaults: number[] = [];
    for (let f = 0; f < s.nFirms; f++) if (s.park[f] === p) defaults.push(f);
    return { defaults: Int32Array.from(defaults), label: `park ${arg} defaults (${defaults.length} firms)` };
  }
  if (kind === 'industry') {
    if (arg === '') throw new UsageError('industry shock needs a GB/T code, e.g. industry:C33');
    const match = s.industries.map((code) => code.startsWith(arg));
    const defaults: number[] = [];
    for (let f = 0; f < s.nFirms; f++) if (match[s.industry[f]]) defaults.push(f);
    if (defaults.length === 0) throw new NotFoundError('industry', arg);
    return { defaults: Int32Array.from(defaults), label: `industry ${arg} defaults (${defaults.length} firms)` };
  }
  if (kind !== '' && kind !== 'firm') throw new UsageError(`unknown shock kind '${kind}': use <firm id>, park:<id>, industry:<code> or uniform:<share>`);
  const v = s.index.get(arg);
  if (v === undefined || v >= s.nFirms + s.nBanks) throw new NotFoundError('firm', arg);
  return { defaults: Int32Array.of(v), label: `${arg} defaults` };
}
