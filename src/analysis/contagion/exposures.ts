/**
 * The exposure network: who loses how much when whom defaults (DOMAIN.md, "Contagion").
 *
 * Every edge i → j reads "when i fully defaults, j loses amount(i, j)", net of LGD, of
 * what guarantors cover and of the risk-sharing scheme. Four channels:
 *   guarantee    borrower → guarantor  amount × share × LGD(borrower), share = 1/k ('expected')
 *                                      or 1 ('worst') for a 联保 group of k guarantors, 1 alone
 *   loan         borrower → bank       max(0, outstanding − cover) × LGD(borrower)
 *                                      × (1 − guaranteeCompany − pool) when risk_share
 *   receivables  customer → supplier   value × receivablesShare
 *   input        supplier → customer   value × inputLossShare × (1 − substitutability)
 * Assumptions (docs/contagion.md, "Exposures"):
 * - cover of a loan = its linked guarantees (one joint group counts once, at its largest named
 *   amount: the bank collects a joint and several guarantee once) + the borrower's guarantees
 *   without loan_id spread over its loans pro rata to outstanding; cover ≤ outstanding.
 *   The bank is netted first-order: it assumes guarantors pay, as a bank books a guaranteed loan.
 * - LGD is the defaulting borrower's `lgd` (default 0.45); supply channels carry no LGD, their
 *   shares already say which part of the trade value is lost.
 * - capital = firm equity (missing or negative → 0: such a firm has no buffer, any loss
 *   distresses it fully) and bank tier-1 capital; parks have no capital and no edges.
 * The models read the network only, so a network can also be built straight from an
 * exposure list or matrix (`exposureNetworkFromEdges`, `exposureNetworkFromMatrix`).
 */
import { buildCsr, type Snapshot } from '../../engine/index.ts';
import { ConfigError } from '../../io/errors.ts';
import {
  CHANNEL_GUARANTEE, CHANNEL_INPUT, CHANNEL_LOAN, CHANNEL_RECEIVABLES,
  type ExposureNetwork, type ExposureOptions,
} from './types.ts';

export const DEFAULT_EXPOSURE_OPTIONS: Readonly<ExposureOptions> = Object.freeze({
  joint: 'expected',
  supply: true,
  // About three months of annual sales are outstanding as receivables (90-day terms).
  receivablesShare: 0.25,
  // Half of a lost supplier's inputs can be sourced elsewhere inside the cluster.
  substitutability: 0.5,
  // A customer loses a tenth of the lost input value (lost margin, switching costs).
  inputLossShare: 0.1,
  // Seed 002: guarantee company 40 %, compensation pool 20 %, bank the rest.
  riskShare: Object.freeze({ guaranteeCompany: 0.4, pool: 0.2 }),
}) as Readonly<ExposureOptions>;

export function resolveExposureOptions(options: Partial<ExposureOptions> = {}): ExposureOptions {
  const o: ExposureOptions = {
    ...DEFAULT_EXPOSURE_OPTIONS,
    ...options,
    riskShare: { ...DEFAULT_EXPOSURE_OPTIONS.riskShare, ...options.riskShare },
  };
  if (o.joint !== 'expected' && o.joint !== 'worst') throw new ConfigError(`joint must be 'expected' or 'worst', got '${String(o.joint)}'`);
  for (const key of ['receivablesShare', 'substitutability', 'inputLossShare'] as const) checkShare(key, o[key]);
  checkShare('riskShare.guaranteeCompany', o.riskShare.guaranteeCompany);
  checkShare('riskShare.pool', o.riskShare.pool);
  if (o.riskShare.guaranteeCompany + o.riskShare.pool > 1 + 1e-12) {
    throw new ConfigError('riskShare.guaranteeCompany + riskShare.pool must be ≤ 1 (the bank keeps the rest)');
  }
  return o;
}

function checkShare(name: string, v: number): void {
  if (!(typeof v === 'number' && v >= 0 && v <= 1)) throw new ConfigError(`${name} must be a share in [0, 1], got ${String(v)}`);
}

/**
 * Build an ExposureNetwork from an edge list: edge e says "when defaulter[e] defaults,
 * exposed[e] loses amount[e]". Edges are stored in CSR order of the defaulter, so
 * `out.edge[p] === p` and the models read `amount[p]` without an indirection.
 */
export function exposureNetworkFromEdges(
  n: number,
  defaulter: Int32Array,
  exposed: Int32Array,
  amount: Float64Array,
  capital: Float64Array,
  channel: Uint8Array = new Uint8Array(defaulter.length),
  options: ExposureOptions = resolveExposureOptions(),
): ExposureNetwork {
  const m = defaulter.length;
  if (exposed.length !== m || amount.length !== m || channel.length !== m) throw new ConfigError('exposure edge arrays must have the same length');
  if (capital.length !== n) throw new ConfigError(`capital must have length n = ${n}`);
  for (let e = 0; e < m; e++) {
    if (!(amount[e] >= 0) || !Number.isFinite(amount[e])) throw new ConfigError(`exposure amount of edge ${e} must be finite and ≥ 0, got ${amount[e]}`);
    if (defaulter[e] < 0 || defaulter[e] >= n || exposed[e] < 0 || exposed[e] >= n) throw new ConfigError(`exposure edge ${e} has a node outside [0, ${n})`);
  }
  const byDefaulter = buildCsr(n, defaulter, exposed);
  const sortedAmount = new Float64Array(m);
  const sortedChannel = new Uint8Array(m);
  const sortedFrom = new Int32Array(m);
  for (let v = 0; v < n; v++) {
    for (let p = byDefaulter.offsets[v]; p < byDefaulter.offsets[v + 1]; p++) {
      const e = byDefaulter.edge[p];
      sortedAmount[p] = amount[e];
      sortedChannel[p] = channel[e];
      sortedFrom[p] = v;
      byDefaulter.edge[p] = p;
    }
  }
  const cap = new Float64Array(n);
  for (let v = 0; v < n; v++) cap[v] = capital[v] > 0 ? capital[v] : 0;
  return {
    n,
    out: byDefaulter,
    in: buildCsr(n, byDefaulter.nbr, sortedFrom),
    amount: sortedAmount,
    channel: sortedChannel,
    capital: cap,
    options,
  };
}

/**
 * Build from a dense "assets matrix" as used by NetworkRiskMeasures and neva:
 * `assets[i][j]` = what i holds on j, i.e. what i loses when j defaults (edge j → i).
 */
export function exposureNetworkFromMatrix(assets: readonly (readonly number[])[], capital: readonly number[]): ExposureNetwork {
  const n = capital.length;
  const from: number[] = [], to: number[] = [], amt: number[] = [];
  for (let i = 0; i < n; i++) {
    if (assets[i].length !== n) throw new ConfigError(`assets matrix row ${i} must have ${n} columns`);
    for (let j = 0; j < n; j++) if (assets[i][j] !== 0) { from.push(j); to.push(i); amt.push(assets[i][j]); }
  }
  return exposureNetworkFromEdges(n, Int32Array.from(from), Int32Array.from(to), Float64Array.from(amt), Float64Array.from(capital));
}

/** Per-loan cover by guarantees (amount unit), ≤ outstanding. */
export function loanGuaranteeCover(s: Snapshot): Float64Array {
  const ds = s.dataset;
  const cover = new Float64Array(s.loan.m);
  // A joint group counts once, at its largest named amount.
  // Keyed by (loan row, borrower node, group): the Snapshot already resolved loan_id to a row
  // (guaranteeLoan), so no second id → row Map over every loan is built here.
  const groupMax = new Map<string, number>();
  const unlinkedByBorrower = new Float64Array(s.n);
  for (let e = 0; e < s.guarantee.m; e++) {
    const g = ds.guarantees[e];
    const l = s.guaranteeLoan[e];
    if (g.group !== undefined) {
      const key = `${l}\u0000${s.guarantee.dst[e]}\u0000${g.group}`;
      groupMax.set(key, Math.max(groupMax.get(key) ?? 0, g.amount));
      continue;
    }
    if (l >= 0) cover[l] += g.amount;
    else unlinkedByBorrower[s.guarantee.dst[e]] += g.amount;
  }
  for (const [key, amount] of groupMax) {
    const [loanRow, borrower] = key.split('\u0000');
    const l = Number(loanRow);
    if (l >= 0) cover[l] += amount;
    else unlinkedByBorrower[Number(borrower)] += amount;
  }
  const borrowed = new Float64Array(s.n);
  for (let l = 0; l < s.loan.m; l++) borrowed[s.loan.dst[l]] += s.loan.weight[l];
  for (let l = 0; l < s.loan.m; l++) {
    const b = s.loan.dst[l];
    const out = s.loan.weight[l];
    if (unlinkedByBorrower[b] > 0 && borrowed[b] > 0) cover[l] += unlinkedByBorrower[b] * (out / borrowed[b]);
    if (cover[l] > out) cover[l] = out;
  }
  return cover;
}

/**
 * The exposure network of a dataset: all four channels over the Snapshot's node space.
 * Edges are written straight into CSR order (defaulter blocks, each in channel-row order — the
 * order `exposureNetworkFromEdges` gives the same edge list), so no unsorted copy of the
 * m-long arrays is made: at 1M firms that copy is ≈ 110 MB of off-heap memory, and such
 * allocations make V8 mark the whole heap, seconds while the Dataset is alive.
 */
export function buildExposures(s: Snapshot, options: Partial<ExposureOptions> = {}): ExposureNetwork {
  const o = resolveExposureOptions(options);
  const ds = s.dataset;
  const n = s.n;
  const supplyEdges = o.supply ? 2 * s.supply.m : 0;
  const m = s.guarantee.m + s.loan.m + supplyEdges;
  const lgdOf = (v: number): number => (Number.isNaN(s.lgd[v]) ? 0.45 : s.lgd[v]);

  // Pass 1: out-degree of each defaulter → block starts.
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < s.guarantee.m; e++) offsets[s.guarantee.dst[e] + 1]++;
  for (let l = 0; l < s.loan.m; l++) offsets[s.loan.dst[l] + 1]++;
  if (o.supply) {
    for (let e = 0; e < s.supply.m; e++) {
      offsets[s.supply.dst[e] + 1]++;
      offsets[s.supply.src[e] + 1]++;
    }
  }
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];

  // Pass 2: each edge k (guarantees, loans, then supply rows: receivables before input) goes to
  // the next free slot of its defaulter's block.
  const cursor = offsets.slice(0, n);
  const nbr = new Int32Array(m), edge = new Int32Array(m), defaulterOf = new Int32Array(m);
  const amount = new Float64Array(m), channel = new Uint8Array(m);
  let k = 0;
  const place = (defaulter: number, exposed: number, a: number, c: number): void => {
    if (!(a >= 0) || !Number.isFinite(a)) throw new ConfigError(`exposure amount of edge ${k} must be finite and ≥ 0, got ${a}`);
    const p = cursor[defaulter]++;
    nbr[p] = exposed;
    edge[p] = p;
    defaulterOf[p] = defaulter;
    amount[p] = a;
    channel[p] = c;
    k++;
  };

  for (let e = 0; e < s.guarantee.m; e++) {
    const borrower = s.guarantee.dst[e];
    const share = o.joint === 'worst' ? 1 : 1 / s.guaranteeGroupSize[e];
    place(borrower, s.guarantee.src[e], s.guarantee.weight[e] * share * lgdOf(borrower), CHANNEL_GUARANTEE);
  }
  const cover = loanGuaranteeCover(s);
  const bankKeeps = 1 - o.riskShare.guaranteeCompany - o.riskShare.pool;
  for (let l = 0; l < s.loan.m; l++) {
    const borrower = s.loan.dst[l];
    const uncovered = Math.max(0, s.loan.weight[l] - cover[l]);
    place(borrower, s.loan.src[l], uncovered * lgdOf(borrower) * (ds.loans[l].risk_share ? bankKeeps : 1), CHANNEL_LOAN);
  }
  if (o.supply) {
    const inputFactor = o.inputLossShare * (1 - o.substitutability);
    for (let e = 0; e < s.supply.m; e++) {
      const supplier = s.supply.src[e], customer = s.supply.dst[e], value = s.supply.weight[e];
      place(customer, supplier, value * o.receivablesShare, CHANNEL_RECEIVABLES);
      place(supplier, customer, value * inputFactor, CHANNEL_INPUT);
    }
  }
  const capital = new Float64Array(n);
  for (let v = 0; v < s.nFirms + s.nBanks; v++) capital[v] = s.equity[v] > 0 ? s.equity[v] : 0;
  return {
    n,
    out: { offsets, nbr, edge },
    in: buildCsr(n, nbr, defaulterOf),
    amount,
    channel,
    capital,
    options: o,
  };
}

/** Total exposure of each node (sum of its incoming amounts): the most it can lose. */
export function totalExposure(net: ExposureNetwork): Float64Array {
  const total = new Float64Array(net.n);
  const { offsets, nbr } = net.out;
  for (let v = 0; v < net.n; v++) for (let p = offsets[v]; p < offsets[v + 1]; p++) total[nbr[p]] += net.amount[p];
  return total;
}

const impactCache = new WeakMap<ExposureNetwork, { capped?: Float64Array; uncapped?: Float64Array }>();

/**
 * Impact of defaulter i on node j along each out-edge p (CSR position): amount / capital(j),
 * the relative equity loss of j if i defaults (Battiston et al. 2012). With `cap`, the total
 * impact of the pair (i, j) is capped at 1 (W = min(1, Σ amount / capital)), parallel edges
 * (several channels between the same pair) sharing the cap pro rata. For a node without
 * capital a / 0 is undefined; it takes impact 1 per counterparty (Battiston's cap), i.e. it
 * passes distress on at par, in both variants. Cached per network.
 */
export function impactWeights(net: ExposureNetwork, cap: boolean): Float64Array {
  let entry = impactCache.get(net);
  if (!entry) impactCache.set(net, (entry = {}));
  const hit = cap ? entry.capped : entry.uncapped;
  if (hit) return hit;
  const { offsets, nbr } = net.out;
  const w = new Float64Array(nbr.length);
  const pairSum = new Float64Array(net.n);
  const seenBy = new Int32Array(net.n).fill(-1);
  for (let i = 0; i < net.n; i++) {
    const start = offsets[i], end = offsets[i + 1];
    for (let p = start; p < end; p++) {
      const j = nbr[p];
      if (seenBy[j] !== i) { seenBy[j] = i; pairSum[j] = 0; }
      pairSum[j] += net.amount[p];
    }
    for (let p = start; p < end; p++) {
      const j = nbr[p], a = net.amount[p], c = net.capital[j], total = pairSum[j];
      if (a === 0) continue;
      if (c <= 0) w[p] = a / total;
      else if (cap && total > c) w[p] = a / total;
      else w[p] = a / c;
    }
  }
  if (cap) entry.capped = w;
  else entry.uncapped = w;
  return w;
}
