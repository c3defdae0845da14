/**
 * The engine Snapshot: the validated Dataset as typed arrays, built once and
 * reused by every analysis. One node index space: firms [0, nFirms), banks
 * [nFirms, nFirms + nBanks), parks after them. Per-node arrays have length n;
 * missing numbers are NaN. Each edge kind has src/dst/weight arrays aligned with
 * its Dataset table (edge e is row e) and CSR adjacency both ways.
 * Built straight from the Dataset in O(n + m) — graphology stays out of this path
 * (see ../shared/docs/ARCHITECTURE.md, "Engine rules").
 */
import { FIRM_FLAGS, type Dataset, type FirmFlag } from '../model/schema.ts';
import { buildCsr, type Csr } from './csr.ts';

export const NODE_FIRM = 0;
export const NODE_BANK = 1;
export const NODE_PARK = 2;

export interface EdgeKind {
  /** Number of edges. */
  m: number;
  src: Int32Array;
  dst: Int32Array;
  weight: Float64Array;
  /** src → dst adjacency. */
  out: Csr;
  /** dst → src adjacency. */
  in: Csr;
}

export interface Snapshot {
  dataset: Dataset;
  n: number;
  nFirms: number;
  nBanks: number;
  nParks: number;
  /** Node index → id. */
  ids: string[];
  /** Id → node index (firms, banks and parks share the namespace). */
  index: Map<string, number>;
  nodeType: Uint8Array;
  /** Firms: equity (assets − liabilities when missing, NaN when unknown); banks: tier-1 capital. */
  equity: Float64Array;
  assets: Float64Array;
  liabilities: Float64Array;
  revenue: Float64Array;
  employees: Float64Array;
  pd: Float64Array;
  lgd: Float64Array;
  /** Firm → park node index, −1 when outside any park. Length nFirms. */
  park: Int32Array;
  /** Firm → index into `industries`. Length nFirms. */
  industry: Int32Array;
  industries: string[];
  /** Firm flag bitmask, bit i = FIRM_FLAGS[i]. Length nFirms. */
  flags: Uint8Array;
  /** 1 for professional guarantee companies. Length nFirms. */
  guarantorCompany: Uint8Array;
  /** guarantor → borrower, weight = guaranteed amount. */
  guarantee: EdgeKind;
  /** Number of rows in the guarantee's joint group (1 when it has no group). */
  guaranteeGroupSize: Int32Array;
  /** Row index of the guaranteed loan, −1 when not given. */
  guaranteeLoan: Int32Array;
  /** bank → borrower, weight = outstanding. */
  loan: EdgeKind;
  /** supplier → customer, weight = annual trade value. */
  supply: EdgeKind;
  /** owner (firm or bank) → owned firm, weight = share. */
  ownership: EdgeKind;
}

export function flagBit(flag: FirmFlag): number {
  return 1 << FIRM_FLAGS.indexOf(flag);
}

export function hasFlag(s: Snapshot, firm: number, flag: FirmFlag): boolean {
  return (s.flags[firm] & flagBit(flag)) !== 0;
}

export function buildSnapshot(ds: Dataset): Snapshot {
  const nFirms = ds.firms.length;
  const nBanks = ds.banks.length;
  const nParks = ds.parks.length;
  const n = nFirms + nBanks + nParks;
  const ids: string[] = new Array(n);
  const index = new Map<string, number>();
  const nodeType = new Uint8Array(n);
  const nan = () => new Float64Array(n).fill(NaN);
  const equity = nan(), assets = nan(), liabilities = nan(), revenue = nan(), employees = nan(), pd = nan(), lgd = nan();

  for (let i = 0; i < nFirms; i++) {
    const f = ds.firms[i];
    ids[i] = f.id;
    index.set(f.id, i);
  }
  for (let b = 0; b < nBanks; b++) {
    const v = nFirms + b;
    ids[v] = ds.banks[b].id;
    index.set(ids[v], v);
    nodeType[v] = NODE_BANK;
    equity[v] = ds.banks[b].capital;
  }
  for (let p = 0; p < nParks; p++) {
    const v = nFirms + nBanks + p;
    ids[v] = ds.parks[p].id;
    index.set(ids[v], v);
    nodeType[v] = NODE_PARK;
  }

  const park = new Int32Array(nFirms).fill(-1);
  const industry = new Int32Array(nFirms);
  const industries: string[] = [];
  const industryIndex = new Map<string, number>();
  const flags = new Uint8Array(nFirms);
  const guarantorCompany = new Uint8Array(nFirms);
  for (let i = 0; i < nFirms; i++) {
    const f = ds.firms[i];
    if (f.assets !== undefined) assets[i] = f.assets;
    if (f.liabilities !== undefined) liabilities[i] = f.liabilities;
    if (f.equity !== undefined) equity[i] = f.equity;
    else if (f.assets !== undefined && f.liabilities !== undefined) equity[i] = f.assets - f.liabilities;
    if (f.revenue !== undefined) revenue[i] = f.revenue;
    if (f.employees !== undefined) employees[i] = f.employees;
    if (f.pd !== undefined) pd[i] = f.pd;
    lgd[i] = f.lgd;
    if (f.park_id !== undefined) park[i] = index.get(f.park_id)!;
    let k = industryIndex.get(f.industry);
    if (k === undefined) {
      k = industries.length;
      industries.push(f.industry);
      industryIndex.set(f.industry, k);
    }
    industry[i] = k;
    let bits = 0;
    for (const flag of f.flags) bits |= flagBit(flag);
    flags[i] = bits;
    if (f.kind === 'guarantor') guarantorCompany[i] = 1;
  }

  const at = (id: string): number => index.get(id)!;
  const guarantee = edgeKind(n, ds.guarantees, (g) => at(g.guarantor_id), (g) => at(g.borrower_id), (g) => g.amount);
  const loan = edgeKind(n, ds.loans, (l) => at(l.bank_id), (l) => at(l.borrower_id), (l) => l.outstanding);
  const supply = edgeKind(n, ds.supply, (s) => at(s.supplier_id), (s) => at(s.customer_id), (s) => s.value);
  const ownership = edgeKind(n, ds.ownership, (o) => at(o.owner_id), (o) => at(o.owned_id), (o) => o.share);

  const groupCount = new Map<string, number>();
  for (const g of ds.guarantees) if (g.group !== undefined) groupCount.set(g.group, (groupCount.get(g.group) ?? 0) + 1);
  const loanRow = new Map<string, number>();
  ds.loans.forEach((l, i) => loanRow.set(l.id, i));
  const guaranteeGroupSize = new Int32Array(guarantee.m);
  const guaranteeLoan = new Int32Array(guarantee.m);
  ds.guarantees.forEach((g, e) => {
    guaranteeGroupSize[e] = g.group === undefined ? 1 : groupCount.get(g.group)!;
    guaranteeLoan[e] = g.loan_id === undefined ? -1 : loanRow.get(g.loan_id)!;
  });

  return {
    dataset: ds, n, nFirms, nBanks, nParks, ids, index, nodeType,
    equity, assets, liabilities, revenue, employees, pd, lgd,
    park, industry, industries, flags, guarantorCompany,
    guarantee, guaranteeGroupSize, guaranteeLoan, loan, supply, ownership,
  };
}

function edgeKind<T>(n: number, rows: T[], src: (r: T) => number, dst: (r: T) => number, weight: (r: T) => number): EdgeKind {
  const m = rows.length;
  const s = new Int32Array(m), d = new Int32Array(m), w = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const r = rows[e];
    s[e] = src(r);
    d[e] = dst(r);
    w[e] = weight(r);
  }
  return { m, src: s, dst: d, weight: w, out: buildCsr(n, s, d), in: buildCsr(n, d, s) };
}

/** Node index of an id, or −1. */
export function nodeOf(s: Snapshot, id: string): number {
  return s.index.get(id) ?? -1;
}
