/**
 * Dataset summary: counts, per-park totals, exposure totals and the guarantee-
 * circle profile of one Snapshot, in one O(n + m) pass per table. Served by
 * `xinlian summary` and GET /api/summary.
 */
import type { Snapshot } from '../../engine/index.ts';
import {
  BANK_KINDS, LOAN_STATUSES, PARK_KINDS,
  type Amount, type BankKind, type DatasetMeta, type LoanStatus, type ParkId, type ParkKind,
} from '../../model/schema.ts';
import { guaranteeCircles, type GuaranteeCircles } from '../guarantee/index.ts';

export interface ParkSummary {
  id: ParkId;
  name: string;
  kind: ParkKind | null;
  firms: number;
  /** Sum of known employee counts of members. */
  employees: number;
  /** Outstanding of loans borrowed by members. */
  loansOutstanding: Amount;
  /** Guaranteed amount on members' borrowing (rows whose borrower is a member). */
  guaranteed: Amount;
}

export interface DatasetSummary {
  meta: DatasetMeta;
  counts: {
    firms: { total: number; enterprise: number; guarantor: number };
    /** `unspecified` counts rows without a kind. */
    banks: { total: number; byKind: Record<BankKind | 'unspecified', number> };
    parks: { total: number; byKind: Record<ParkKind | 'unspecified', number> };
    /** `unspecified` counts loans without a status. */
    loans: { total: number; byStatus: Record<LoanStatus | 'unspecified', number> };
    guarantees: number;
    /** Distinct `group` values of guarantees.csv (联保 groups). */
    jointGroups: number;
    supply: number;
    ownership: number;
    financials: number;
  };
  /** One entry per park, in parks.csv order. */
  parks: ParkSummary[];
  /** The same totals for firms outside any park. */
  outsideParks: Omit<ParkSummary, 'id' | 'name' | 'kind'>;
  exposure: {
    loanOutstanding: Amount;
    guaranteed: Amount;
    supplyValue: Amount;
    /** Outstanding of loans with risk_share = true. */
    riskShareCovered: Amount;
  };
  circles: {
    count: number;
    /** Circle sizes, descending. */
    sizes: number[];
    /** Size of the largest circle, 0 when there is none. */
    largest: number;
    firmsInCircles: number;
  };
}

function zeros<K extends string>(keys: readonly K[]): Record<K | 'unspecified', number> {
  const r = { unspecified: 0 } as Record<K | 'unspecified', number>;
  for (const k of keys) r[k] = 0;
  return r;
}

export function datasetSummary(s: Snapshot, circles: GuaranteeCircles = guaranteeCircles(s)): DatasetSummary {
  const ds = s.dataset;
  const parkBase = s.nFirms + s.nBanks;
  let guarantor = 0;
  for (let v = 0; v < s.nFirms; v++) guarantor += s.guarantorCompany[v];

  const banksByKind = zeros(BANK_KINDS);
  for (const b of ds.banks) banksByKind[b.kind ?? 'unspecified']++;
  const parksByKind = zeros(PARK_KINDS);
  for (const p of ds.parks) parksByKind[p.kind ?? 'unspecified']++;
  const loansByStatus = zeros(LOAN_STATUSES);
  for (const l of ds.loans) loansByStatus[l.status ?? 'unspecified']++;
  const groups = new Set<string>();
  for (const g of ds.guarantees) if (g.group !== undefined) groups.add(g.group);

  // Slot p for park p, slot nParks for "outside any park".
  const np = s.nParks;
  const firms = new Float64Array(np + 1), employees = new Float64Array(np + 1);
  const loans = new Float64Array(np + 1), guaranteed = new Float64Array(np + 1);
  const slot = (firm: number) => (s.park[firm] < 0 ? np : s.park[firm] - parkBase);
  for (let v = 0; v < s.nFirms; v++) {
    const k = slot(v);
    firms[k]++;
    if (!Number.isNaN(s.employees[v])) employees[k] += s.employees[v];
  }
  let loanOutstanding = 0, riskShareCovered = 0;
  for (let e = 0; e < s.loan.m; e++) {
    const amt = s.loan.weight[e];
    loanOutstanding += amt;
    if (ds.loans[e].risk_share === true) riskShareCovered += amt;
    loans[slot(s.loan.dst[e])] += amt;
  }
  let guaranteedTotal = 0;
  for (let e = 0; e < s.guarantee.m; e++) {
    guaranteedTotal += s.guarantee.weight[e];
    guaranteed[slot(s.guarantee.dst[e])] += s.guarantee.weight[e];
  }
  let supplyValue = 0;
  for (let e = 0; e < s.supply.m; e++) supplyValue += s.supply.weight[e];

  const sizes = circles.circles.map((c) => c.size); // already size-descending
  return {
    meta: ds.meta,
    counts: {
      firms: { total: s.nFirms, enterprise: s.nFirms - guarantor, guarantor },
      banks: { total: s.nBanks, byKind: banksByKind },
      parks: { total: np, byKind: parksByKind },
      loans: { total: s.loan.m, byStatus: loansByStatus },
      guarantees: s.guarantee.m,
      jointGroups: groups.size,
      supply: s.supply.m,
      ownership: s.ownership.m,
      financials: ds.financials.length,
    },
    parks: ds.parks.map((p, i) => ({
      id: p.id, name: p.name, kind: p.kind ?? null,
      firms: firms[i], employees: employees[i], loansOutstanding: loans[i], guaranteed: guaranteed[i],
    })),
    outsideParks: { firms: firms[np], employees: employees[np], loansOutstanding: loans[np], guaranteed: guaranteed[np] },
    exposure: { loanOutstanding, guaranteed: guaranteedTotal, supplyValue, riskShareCovered },
    circles: { count: sizes.length, sizes, largest: sizes[0] ?? 0, firmsInCircles: circles.firmsInCircles },
  };
}
