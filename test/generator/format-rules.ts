/**
 * An independent checker of the DATA_FORMAT.md contract, written from the spec
 * (not from the generator), so generator tests can fail when a row breaks a rule
 * even before or without src/io's validator. Returns every violation found.
 */
import { BANK_KINDS, COLLATERAL_KINDS, FIRM_FLAGS, FIRM_KINDS, LOAN_STATUSES, PARK_KINDS, type Dataset } from '../../src/model/schema.ts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const isIso = (s: string | undefined) => s === undefined || (ISO.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s);
const inUnit = (x: number | undefined) => x === undefined || (Number.isFinite(x) && x >= 0 && x <= 1);
const nonNeg = (x: number | undefined) => x === undefined || (Number.isFinite(x) && x >= 0);
const CODE = /^[A-T]\d{2}(\d{1,2})?$/;

export function formatViolations(ds: Dataset, cap = 20): string[] {
  const out: string[] = [];
  const bad = (msg: string) => {
    if (out.length < cap) out.push(msg);
  };
  if (ds.meta.formatVersion !== 1 || !ds.meta.name) bad('meta: name and formatVersion 1 required');
  if (!(ds.meta.unit > 0)) bad('meta: unit must be > 0');
  if (!isIso(ds.meta.asOf)) bad('meta: asOf not ISO');

  const ids = new Set<string>();
  const unique = (id: string, what: string) => {
    if (!id) bad(`${what}: empty id`);
    if (ids.has(id)) bad(`${what} ${id}: id used twice`);
    ids.add(id);
  };
  const parks = new Set<string>(), banks = new Set<string>(), firms = new Set<string>();
  for (const p of ds.parks) {
    unique(p.id, 'park');
    parks.add(p.id);
    if (!p.name) bad(`park ${p.id}: name required`);
    if (p.kind !== undefined && !PARK_KINDS.includes(p.kind)) bad(`park ${p.id}: kind ${p.kind}`);
    if (p.rating !== undefined && !(p.rating >= 0 && p.rating <= 5)) bad(`park ${p.id}: rating ${p.rating}`);
    if (p.capacity !== undefined && !(Number.isInteger(p.capacity) && p.capacity >= 0)) bad(`park ${p.id}: capacity`);
    for (const c of p.lead_industries) if (!CODE.test(c)) bad(`park ${p.id}: lead industry ${c}`);
  }
  for (const b of ds.banks) {
    unique(b.id, 'bank');
    banks.add(b.id);
    if (!b.name) bad(`bank ${b.id}: name required`);
    if (b.kind !== undefined && !BANK_KINDS.includes(b.kind)) bad(`bank ${b.id}: kind ${b.kind}`);
    if (!(b.capital > 0)) bad(`bank ${b.id}: capital must be > 0`);
  }
  for (const f of ds.firms) {
    unique(f.id, 'firm');
    firms.add(f.id);
    if (!f.name) bad(`firm ${f.id}: name required`);
    if (!CODE.test(f.industry)) bad(`firm ${f.id}: industry ${f.industry}`);
    if (!FIRM_KINDS.includes(f.kind)) bad(`firm ${f.id}: kind ${f.kind}`);
    if (f.park_id !== undefined && !parks.has(f.park_id)) bad(`firm ${f.id}: unknown park ${f.park_id}`);
    if (f.founded !== undefined && !Number.isInteger(f.founded)) bad(`firm ${f.id}: founded`);
    if (f.employees !== undefined && !(Number.isInteger(f.employees) && f.employees >= 0)) bad(`firm ${f.id}: employees`);
    for (const k of ['assets', 'liabilities', 'revenue'] as const) if (!nonNeg(f[k])) bad(`firm ${f.id}: ${k} ${f[k]}`);
    if (f.equity !== undefined && f.assets !== undefined && f.liabilities !== undefined && Math.abs(f.equity - (f.assets - f.liabilities)) > 1e-6) {
      bad(`firm ${f.id}: equity ${f.equity} ≠ assets − liabilities`);
    }
    if (!inUnit(f.pd) || !inUnit(f.lgd)) bad(`firm ${f.id}: pd/lgd outside [0,1]`);
    for (const flag of f.flags) if (!FIRM_FLAGS.includes(flag)) bad(`firm ${f.id}: flag ${flag}`);
  }
  const loans = new Map<string, { borrower: string; amount?: number }>();
  for (const l of ds.loans) {
    if (loans.has(l.id)) bad(`loan ${l.id}: id used twice`);
    loans.set(l.id, { borrower: l.borrower_id, amount: l.amount });
    if (!banks.has(l.bank_id)) bad(`loan ${l.id}: unknown bank ${l.bank_id}`);
    if (!firms.has(l.borrower_id)) bad(`loan ${l.id}: unknown borrower ${l.borrower_id}`);
    if (!nonNeg(l.outstanding) || !nonNeg(l.amount)) bad(`loan ${l.id}: negative amount`);
    if (l.amount !== undefined && l.outstanding > l.amount) bad(`loan ${l.id}: outstanding > amount`);
    if (!isIso(l.start) || !isIso(l.maturity)) bad(`loan ${l.id}: dates not ISO`);
    if (l.start !== undefined && l.maturity !== undefined && l.maturity < l.start) bad(`loan ${l.id}: maturity < start`);
    if (l.collateral !== undefined && !COLLATERAL_KINDS.includes(l.collateral)) bad(`loan ${l.id}: collateral ${l.collateral}`);
    if (l.status !== undefined && !LOAN_STATUSES.includes(l.status)) bad(`loan ${l.id}: status ${l.status}`);
    if (l.rate !== undefined && !(l.rate >= 0 && l.rate < 1)) bad(`loan ${l.id}: rate ${l.rate} is not a fraction`);
  }
  const guaranteeIds = new Set<string>();
  const groupLoan = new Map<string, string | undefined>();
  for (const g of ds.guarantees) {
    if (guaranteeIds.has(g.id)) bad(`guarantee ${g.id}: id used twice`);
    guaranteeIds.add(g.id);
    if (!firms.has(g.guarantor_id) || !firms.has(g.borrower_id)) bad(`guarantee ${g.id}: unknown firm`);
    if (g.guarantor_id === g.borrower_id) bad(`guarantee ${g.id}: self-guarantee`);
    if (!nonNeg(g.amount)) bad(`guarantee ${g.id}: amount`);
    if (g.loan_id !== undefined) {
      const loan = loans.get(g.loan_id);
      if (!loan) bad(`guarantee ${g.id}: unknown loan ${g.loan_id}`);
      else {
        if (loan.borrower !== g.borrower_id) bad(`guarantee ${g.id}: borrower is not the loan's borrower`);
        if (loan.amount !== undefined && g.amount > loan.amount) bad(`guarantee ${g.id}: amount ${g.amount} > loan amount ${loan.amount}`);
      }
    }
    if (g.group !== undefined) {
      if (groupLoan.has(g.group) && groupLoan.get(g.group) !== g.loan_id) bad(`guarantee ${g.id}: group ${g.group} names two loans`);
      groupLoan.set(g.group, g.loan_id);
    }
    if (!isIso(g.start) || !isIso(g.end)) bad(`guarantee ${g.id}: dates not ISO`);
    if (g.start !== undefined && g.end !== undefined && g.end < g.start) bad(`guarantee ${g.id}: end < start`);
  }
  for (const s of ds.supply) {
    if (!firms.has(s.supplier_id) || !firms.has(s.customer_id)) bad(`supply ${s.supplier_id}→${s.customer_id}: unknown firm`);
    if (s.supplier_id === s.customer_id) bad(`supply ${s.supplier_id}: self-supply`);
    if (!nonNeg(s.value)) bad(`supply ${s.supplier_id}→${s.customer_id}: value`);
    if (s.payment_delay_days !== undefined && !nonNeg(s.payment_delay_days)) bad('supply: payment delay < 0');
    if (s.disputes !== undefined && !(Number.isInteger(s.disputes) && s.disputes >= 0)) bad('supply: disputes');
  }
  const shareInto = new Map<string, number>();
  for (const o of ds.ownership) {
    if (!firms.has(o.owner_id) && !banks.has(o.owner_id)) bad(`ownership: unknown owner ${o.owner_id}`);
    if (!firms.has(o.owned_id)) bad(`ownership: owned ${o.owned_id} is not a firm`);
    if (!(o.share > 0 && o.share <= 1)) bad(`ownership ${o.owner_id}→${o.owned_id}: share ${o.share}`);
    shareInto.set(o.owned_id, (shareInto.get(o.owned_id) ?? 0) + o.share);
  }
  for (const [id, total] of shareInto) if (total > 1 + 1e-9) bad(`ownership: shares into ${id} sum to ${total}`);
  const firmYears = new Set<string>();
  for (const r of ds.financials) {
    if (!firms.has(r.firm_id)) bad(`financials: unknown firm ${r.firm_id}`);
    if (!Number.isInteger(r.year)) bad(`financials ${r.firm_id}: year`);
    const k = `${r.firm_id}/${r.year}`;
    if (firmYears.has(k)) bad(`financials ${k}: two rows`);
    firmYears.add(k);
  }
  return out;
}
