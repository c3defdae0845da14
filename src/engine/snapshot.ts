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

  // One explicit loop per table (no per-row closures), each id column resolved through its own
  // sequential hint: generated and exported tables are often sorted by one end (loans and
  // supply by borrower/customer), and a hit costs one string compare instead of a Map probe.
  const hinted = index.size === n; // ids unique: a hint hit is the Map's answer
  const firmNumbers = new NumberedIds(ids, hinted ? nFirms : 0);
  const guarantee = newEdgeKind(ds.guarantees.length);
  {
    const from = new IdColumn(ids, index, hinted, firmNumbers), to = new IdColumn(ids, index, hinted, firmNumbers);
    const rows = ds.guarantees;
    for (let e = 0; e < guarantee.m; e++) {
      const g = rows[e];
      guarantee.src[e] = from.at(g.guarantor_id);
      guarantee.dst[e] = to.at(g.borrower_id);
      guarantee.weight[e] = g.amount;
    }
  }
  const loan = newEdgeKind(ds.loans.length);
  {
    const from = new IdColumn(ids, index, hinted, firmNumbers), to = new IdColumn(ids, index, hinted, firmNumbers);
    const rows = ds.loans;
    for (let e = 0; e < loan.m; e++) {
      const l = rows[e];
      loan.src[e] = from.at(l.bank_id);
      loan.dst[e] = to.at(l.borrower_id);
      loan.weight[e] = l.outstanding;
    }
  }
  const supply = newEdgeKind(ds.supply.length);
  {
    const from = new IdColumn(ids, index, hinted, firmNumbers), to = new IdColumn(ids, index, hinted, firmNumbers);
    const rows = ds.supply;
    for (let e = 0; e < supply.m; e++) {
      const r = rows[e];
      supply.src[e] = from.at(r.supplier_id);
      supply.dst[e] = to.at(r.customer_id);
      supply.weight[e] = r.value;
    }
  }
  const ownership = newEdgeKind(ds.ownership.length);
  {
    const from = new IdColumn(ids, index, hinted, firmNumbers), to = new IdColumn(ids, index, hinted, firmNumbers);
    const rows = ds.ownership;
    for (let e = 0; e < ownership.m; e++) {
      const o = rows[e];
      ownership.src[e] = from.at(o.owner_id);
      ownership.dst[e] = to.at(o.owned_id);
      ownership.weight[e] = o.share;
    }
  }
  for (const kind of [guarantee, loan, supply, ownership]) {
    kind.out = buildCsr(n, kind.src, kind.dst);
    kind.in = buildCsr(n, kind.dst, kind.src);
  }

  const guaranteeGroupSize = new Int32Array(guarantee.m).fill(1);
  const guaranteeLoan = new Int32Array(guarantee.m).fill(-1);
  const guarantees = ds.guarantees;
  let grouped = false, linked = false;
  for (let e = 0; e < guarantee.m; e++) {
    if (guarantees[e].group !== undefined) grouped = true;
    if (guarantees[e].loan_id !== undefined) linked = true;
  }
  // The string Maps below cost ≈ 100 B a row on the JS heap: built only when a column is used.
  if (grouped) {
    const groupCount = new Map<string, number>();
    for (let e = 0; e < guarantee.m; e++) {
      const group = guarantees[e].group;
      if (group !== undefined) groupCount.set(group, (groupCount.get(group) ?? 0) + 1);
    }
    for (let e = 0; e < guarantee.m; e++) {
      const group = guarantees[e].group;
      if (group !== undefined) guaranteeGroupSize[e] = groupCount.get(group)!;
    }
  }
  if (linked) {
    const loans = ds.loans;
    const loanIds: string[] = new Array(loans.length);
    for (let l = 0; l < loans.length; l++) loanIds[l] = loans[l].id;
    const numbered = new NumberedIds(loanIds, loanIds.length);
    // A Map over every loan (≈ 100 B a row) only when loan ids are not numbered by row.
    let loanRow: Map<string, number> | undefined;
    for (let e = 0; e < guarantee.m; e++) {
      const loanId = guarantees[e].loan_id;
      if (loanId === undefined) continue;
      let l = numbered.find(loanId);
      if (l < 0) {
        if (!loanRow) {
          loanRow = new Map<string, number>();
          for (let r = 0; r < loanIds.length; r++) loanRow.set(loanIds[r], r);
        }
        l = loanRow.get(loanId)!;
      }
      guaranteeLoan[e] = l;
    }
  }

  return {
    dataset: ds, n, nFirms, nBanks, nParks, ids, index, nodeType,
    equity, assets, liabilities, revenue, employees, pd, lgd,
    park, industry, industries, flags, guarantorCompany,
    guarantee, guaranteeGroupSize, guaranteeLoan, loan, supply, ownership,
  };
}

/** Row-aligned arrays of one edge kind; the CSRs are filled in once src/dst are known. */
function newEdgeKind(m: number): EdgeKind {
  const none: Csr = { offsets: new Int32Array(0), nbr: new Int32Array(0), edge: new Int32Array(0) };
  return { m, src: new Int32Array(m), dst: new Int32Array(m), weight: new Float64Array(m), out: none, in: none };
}

/**
 * Resolves one id column to node indices. It first tries the node after the previous answer
 * (and the previous answer itself, for runs of one id), which is right whenever the column is
 * sorted by node order, and falls back to the Map. Only used when ids are unique, so a string
 * match is the same node the Map would give.
 */
class IdColumn {
  private next = 0;
  constructor(
    private readonly ids: string[],
    private readonly index: Map<string, number>,
    private readonly hinted: boolean,
    private readonly numbered: NumberedIds,
  ) {}

  at(id: string): number {
    if (this.hinted) {
      const g = this.next;
      if (g < this.ids.length && this.ids[g] === id) { this.next = g + 1; return g; }
      if (g > 0 && this.ids[g - 1] === id) return g - 1;
    }
    let v: number | undefined = this.numbered.find(id);
    if (v < 0) v = this.index.get(id);
    // An unknown id (unvalidated data) stays undefined and is stored as 0, as before.
    if (v !== undefined) this.next = v + 1;
    return v!;
  }
}

/**
 * Row of an id in a list numbered by position — every id is one prefix plus a fixed-width
 * number equal to (row + first), e.g. F0000001, F0000002, … as the generator and most exports
 * write them. The list is checked once (no allocation); then `find` parses the digits and
 * confirms with one string compare, so a hit is exact and costs no hash probe into a 1M-entry
 * Map (several cache misses). Any id that does not fit gives −1 and the caller uses its Map.
 */
class NumberedIds {
  private readonly prefix: string = '';
  private readonly length: number = -1;
  private readonly first: number = 0;
  private readonly count: number = 0;

  /** `count` = how many leading entries of `ids` to cover (0 = none). */
  constructor(private readonly ids: string[], count: number) {
    if (count === 0) return;
    const id0 = ids[0];
    let start = id0.length;
    while (start > 0 && isDigit(id0.charCodeAt(start - 1))) start--;
    const width = id0.length - start;
    // Up to 15 digits stay exact in a double.
    if (width === 0 || width > 15) return;
    const prefix = id0.slice(0, start);
    const first = digitsOf(id0, start);
    for (let r = 0; r < count; r++) {
      const id = ids[r];
      if (id.length !== id0.length || !id.startsWith(prefix) || digitsOf(id, start) !== first + r) return;
    }
    this.prefix = prefix;
    this.length = id0.length;
    this.first = first;
    this.count = count;
  }

  find(id: string): number {
    if (id.length !== this.length || !id.startsWith(this.prefix)) return -1;
    const r = digitsOf(id, this.prefix.length) - this.first;
    return r >= 0 && r < this.count && this.ids[r] === id ? r : -1;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Value of the decimal digits id[start..], or −1 when one is not a digit. */
function digitsOf(id: string, start: number): number {
  let x = 0;
  for (let k = start; k < id.length; k++) {
    const c = id.charCodeAt(k);
    if (c < 48 || c > 57) return -1;
    x = x * 10 + (c - 48);
  }
  return x;
}

/** Node index of an id, or −1. */
export function nodeOf(s: Snapshot, id: string): number {
  return s.index.get(id) ?? -1;
}
