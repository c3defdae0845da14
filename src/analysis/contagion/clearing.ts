/**
 * Clearing payments (Eisenberg & Noe 2001, "Systemic risk in financial systems", Management
 * Science 47(2):236–249).
 *   p = min(p̄, max(0, e + Πᵀ p)),   p̄_i = Σ_j L_ij,   Π_ij = L_ij / p̄_i
 * Solved from p = p̄ (which converges to the greatest clearing vector) in shortfall form:
 * d = p̄ − p, s_j = Σ_i Π_ij d_i (payments j does not receive), b_j = e_j + Σ_i L_ij − p̄_j
 * (equity if everyone pays), d_j = min(p̄_j, max(0, s_j − b_j)). A work queue recomputes only
 * nodes whose incoming shortfall changed, so a sparse shock costs work proportional to the
 * region it reaches. It stops when no node's payment is off its fixed-point value by more
 * than `tolerance`, i.e. ‖p − Φ(p)‖∞ ≤ tolerance, and reports that residual.
 *
 * Firm/bank graph (docs/contagion.md, "Clearing"): an exposure edge i → j of amount a is read
 * as a nominal liability L_ij = a (LGD already applied, so p̄ counts what is at risk); the
 * external assets net of senior external liabilities are implied so that each node's equity at
 * full payment is its capital: e_i = c_i + p̄_i − Σ_k L_ki (negative when its claims exceed its
 * capital and liabilities, as neva's external assets − external liabilities may be). Without
 * this a firm's contingent claims (guarantees, receivables) would count as assets that pay its
 * debts. A node that defaults in the shock loses its assets and claims and pays nothing (the
 * full exposure passes on, as in the other models); an equity shock h lowers e_i by h·c_i.
 * So a node defaults when its losses reach its capital, as in Furfine, but passes on only the
 * part of its losses above its capital: its creditors recover what it can still pay.
 */
import { ConfigError } from '../../io/errors.ts';
import { contagionResult, economicValue, initialDistress } from './shock.ts';
import type { ContagionResult, ExposureNetwork, RoundRecord, Shock } from './types.ts';

export interface ClearingOptions {
  /** Stop when ‖p − Φ(p)‖∞ ≤ tolerance (amount unit). */
  tolerance: number;
  /** Upper bound on node updates (safety net; the queue normally empties first). */
  maxUpdates: number;
  weights?: ArrayLike<number>;
  recordRounds: boolean;
}

export const DEFAULT_CLEARING_OPTIONS: Readonly<ClearingOptions> = Object.freeze({
  tolerance: 1e-9,
  maxUpdates: 2_000_000_000,
  recordRounds: true,
});

/** A system of nominal liabilities: edge k says `debtor[k]` owes `creditor[k]` the amount `liability[k]`. */
export interface ClearingSystem {
  n: number;
  debtor: Int32Array;
  creditor: Int32Array;
  liability: Float64Array;
  /** External (non-network) assets net of senior external liabilities; may be negative. */
  external: Float64Array;
}

export interface ClearingVector {
  /** Clearing payment of each node. */
  payments: Float64Array;
  /** Total nominal liabilities p̄. */
  nominal: Float64Array;
  /** e + Πᵀp − p̄: negative for defaulted nodes (as neva reports equities). */
  equity: Float64Array;
  /** Payments not received (s), per node. */
  shortfallReceived: Float64Array;
  /** 1 where p_i < p̄_i − tolerance. */
  defaulted: Uint8Array;
  /** Waves of the work queue. */
  rounds: number;
  /** Node updates. */
  updates: number;
  /** ‖p − Φ(p)‖∞ at the end. */
  residual: number;
  converged: boolean;
  /** Nodes whose payment fell, per wave (when recorded). */
  waves?: { nodes: number[]; shortfall: number }[];
}

interface Csr3 { offsets: Int32Array; nbr: Int32Array; w: Float64Array }

function byDebtor(sys: ClearingSystem): Csr3 {
  const { n, debtor, creditor, liability } = sys;
  const m = debtor.length;
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) offsets[debtor[k] + 1]++;
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const cursor = offsets.slice(0, n);
  const nbr = new Int32Array(m), w = new Float64Array(m);
  for (let k = 0; k < m; k++) { const p = cursor[debtor[k]]++; nbr[p] = creditor[k]; w[p] = liability[k]; }
  return { offsets, nbr, w };
}

/** Eisenberg–Noe clearing vector of an explicit liability system. */
export function clearingVector(sys: ClearingSystem, options: Partial<ClearingOptions> = {}): ClearingVector {
  const o = { ...DEFAULT_CLEARING_OPTIONS, ...options };
  if (!(o.tolerance > 0)) throw new ConfigError(`tolerance must be > 0, got ${o.tolerance}`);
  const { n, external } = sys;
  if (external.length !== n) throw new ConfigError(`external assets must have length n = ${n}`);
  for (let k = 0; k < sys.liability.length; k++) if (!(sys.liability[k] >= 0)) throw new ConfigError(`liability ${k} must be ≥ 0`);
  const g = byDebtor(sys);
  const nominal = new Float64Array(n), inflow = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let p = g.offsets[i]; p < g.offsets[i + 1]; p++) { nominal[i] += g.w[p]; inflow[g.nbr[p]] += g.w[p]; }
  const buffer = new Float64Array(n);
  for (let i = 0; i < n; i++) buffer[i] = external[i] + inflow[i] - nominal[i];
  return solveShortfall(n, g.offsets, g.nbr, g.w, nominal, buffer, o);
}

/** The work-queue solver shared by both entry points (graph in debtor-CSR form). */
function solveShortfall(
  n: number, offsets: Int32Array, nbr: Int32Array, w: Float64Array,
  nominal: Float64Array, buffer: Float64Array, o: ClearingOptions,
): ClearingVector {
  const tol = o.tolerance;
  const d = new Float64Array(n);
  const s = new Float64Array(n);
  const queued = new Uint8Array(n);
  let queue = new Int32Array(n), next = new Int32Array(n);
  let qc = 0;
  const target = (j: number): number => {
    const x = s[j] - buffer[j];
    return x <= 0 ? 0 : x >= nominal[j] ? nominal[j] : x;
  };
  for (let i = 0; i < n; i++) if (target(i) > tol) { queue[qc++] = i; queued[i] = 1; }
  const waves: { nodes: number[]; shortfall: number }[] | undefined = o.recordRounds ? [] : undefined;
  let rounds = 0, updates = 0, converged = true;
  while (qc > 0) {
    rounds++;
    let nc = 0, waveShortfall = 0;
    const waveNodes: number[] | undefined = waves ? [] : undefined;
    for (let k = 0; k < qc; k++) {
      const i = queue[k];
      queued[i] = 0;
      const t = target(i);
      const delta = t - d[i];
      if (Math.abs(delta) <= tol) continue;
      if (++updates > o.maxUpdates) { converged = false; break; }
      d[i] = t;
      waveShortfall += delta;
      waveNodes?.push(i);
      const scale = delta / nominal[i];
      for (let p = offsets[i]; p < offsets[i + 1]; p++) {
        const j = nbr[p];
        s[j] += w[p] * scale;
        if (queued[j] === 0 && Math.abs(target(j) - d[j]) > tol) { queued[j] = 1; next[nc++] = j; }
      }
    }
    if (!converged) break;
    if (waves && waveNodes!.length > 0) waves.push({ nodes: waveNodes!, shortfall: waveShortfall });
    const tq = queue; queue = next; next = tq;
    qc = nc;
  }
  const payments = new Float64Array(n), equity = new Float64Array(n), defaulted = new Uint8Array(n);
  let residual = 0;
  for (let i = 0; i < n; i++) {
    payments[i] = nominal[i] - d[i];
    equity[i] = buffer[i] - s[i];
    if (d[i] > tol) defaulted[i] = 1;
    const r = Math.abs(target(i) - d[i]);
    if (r > residual) residual = r;
  }
  return { payments, nominal, equity, shortfallReceived: s, defaulted, rounds, updates, residual, converged, waves };
}

/** Eisenberg–Noe clearing on the exposure network (mapping in the header). */
export function clearing(net: ExposureNetwork, shock: Shock, options: Partial<ClearingOptions> = {}): ContagionResult {
  const o = { ...DEFAULT_CLEARING_OPTIONS, ...options };
  if (!(o.tolerance > 0)) throw new ConfigError(`tolerance must be > 0, got ${o.tolerance}`);
  const n = net.n;
  const h0 = initialDistress(n, shock);
  const { offsets, nbr } = net.out;
  const nominal = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let p = offsets[i]; p < offsets[i + 1]; p++) nominal[i] += net.amount[p];
  // b_i = e_i + Σ_k L_ki − p̄_i with e_i = c_i (1 − h_i(0)) + p̄_i − Σ_k L_ki: the equity at full
  // payment is the (shocked) capital.
  const buffer = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // A defaulted node's assets are gone, claims included: it pays nothing (d = p̄), as a
    // default passes its full exposure in the other models.
    buffer[i] = h0[i] >= 1 ? -nominal[i] : net.capital[i] * (1 - h0[i]);
  }
  const cv = solveShortfall(n, offsets, nbr, net.amount, nominal, buffer, o);
  const h = new Float64Array(n), transmitted = new Float64Array(n), defaulted = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = net.capital[i];
    const lossOfEquity = c - Math.max(0, cv.equity[i] + (nominal[i] - cv.payments[i]));
    if (h0[i] >= 1 || cv.defaulted[i]) { h[i] = 1; defaulted[i] = 1; }
    else h[i] = c > 0 ? Math.min(1, Math.max(h0[i], lossOfEquity / c)) : cv.shortfallReceived[i] > o.tolerance ? 1 : 0;
    if (nominal[i] > 0) transmitted[i] = (nominal[i] - cv.payments[i]) / nominal[i];
  }
  const rounds: RoundRecord[] = [];
  if (o.recordRounds) {
    const seeds: number[] = [];
    for (let v = 0; v < n; v++) if (h0[v] > 0) seeds.push(v);
    rounds.push({ round: 0, nodes: seeds, distress: seeds.map((v) => h0[v]), loss: 0 });
    cv.waves!.forEach((wave, k) => rounds.push({ round: k + 1, nodes: wave.nodes, distress: wave.nodes.map((v) => h[v]), loss: wave.shortfall }));
  }
  return contagionResult(
    'clearing', h, h0, cv.shortfallReceived, transmitted, rounds, economicValue(net, o.weights),
    { rounds: cv.rounds, updates: cv.updates, converged: cv.converged, residual: cv.residual },
    { ...o, weights: o.weights ? 'custom' : 'capital', shock: shock.label ?? null },
    defaulted,
  );
}

clearing.detailed = function detailed(net: ExposureNetwork, shock: Shock, options: Partial<ClearingOptions> = {}) {
  const result = clearing(net, shock, options);
  return { ...result.diagnostics!, result };
};
