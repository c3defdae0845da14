/**
 * fast-check properties: any valid Dataset (random Unicode text, numbers over the
 * allowed ranges, optional fields present or not, random references that respect
 * every cross-record rule) passes validateDataset and survives a write → read
 * through every format unchanged.
 */
import fc from 'fast-check';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASET_FORMATS, readDataset, validateDataset, writeDataset } from '../../src/io/index.ts';
import {
  BANK_KINDS, COLLATERAL_KINDS, FIRM_FLAGS, FIRM_KINDS, LOAN_STATUSES, PARK_KINDS,
  type Bank, type Dataset, type Financials, type Firm, type Guarantee, type Loan, type Ownership, type Park, type Supply,
} from '../../src/model/schema.ts';
import { cleanTempDirs, tempDir } from './helpers.ts';

afterAll(cleanTempDirs);

// Text that XML 1.0 can carry (no C0 controls but tab/LF/CR) and that is not blank.
// eslint-disable-next-line no-control-regex
const XML_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
  .chain((s) => fc.constantFrom(s, `=${s}`, ` ${s}`, `"${s}",\n`, `${s}\r\n`))
  .filter((s) => s.trim() !== '' && !XML_UNSAFE.test(s));
const noNegZero = (v: number) => (Object.is(v, -0) ? 0 : v);
const amount = fc.double({ min: 0, max: 1e12, noNaN: true }).map(noNegZero);
const unit = fc.double({ min: 0, max: 1, noNaN: true }).map(noNegZero);
const date = fc.integer({ min: 0, max: 20000 }).map((d) => new Date(Date.UTC(2000, 0, 1) + d * 86400000).toISOString().slice(0, 10));
const industry = fc.constantFrom('C33', 'C3311', 'L7296', 'A011', 'F5123');
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const extra = opt(fc.dictionary(fc.constantFrom('note', 'source', '备注'), text, { minKeys: 1, maxKeys: 2 }));

/** Drops undefined fields, as a hand-built dataset would have them. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const datasetArb: fc.Arbitrary<Dataset> = fc.record({
  nParks: fc.integer({ min: 0, max: 2 }),
  nBanks: fc.integer({ min: 1, max: 3 }),
  nFirms: fc.integer({ min: 2, max: 6 }),
  idTail: fc.string({ unit: 'grapheme', maxLength: 3 }).filter((s) => s.trim() === s && !XML_UNSAFE.test(s)),
}).chain(({ nParks, nBanks, nFirms, idTail }) => {
  const parkIds = Array.from({ length: nParks }, (_, i) => `P${i}${idTail}`);
  const bankIds = Array.from({ length: nBanks }, (_, i) => `B${i}${idTail}`);
  const firmIds = Array.from({ length: nFirms }, (_, i) => `F${i}${idTail}`);
  const firmIndex = fc.integer({ min: 0, max: nFirms - 1 });
  const park = (i: number): fc.Arbitrary<Park> => fc.record({
    name: text, region: opt(text), kind: opt(fc.constantFrom(...PARK_KINDS)),
    lead_industries: fc.uniqueArray(industry, { maxLength: 2 }), rating: opt(fc.double({ min: 0, max: 5, noNaN: true }).map(noNegZero)),
    capacity: opt(fc.nat(5000)), extra,
  }).map((p) => clean({ id: parkIds[i]!, ...p }));
  const bank = (i: number): fc.Arbitrary<Bank> => fc.record({
    name: text, kind: opt(fc.constantFrom(...BANK_KINDS)), capital: fc.double({ min: 1e-3, max: 1e9, noNaN: true }), extra,
  }).map((b) => clean({ id: bankIds[i]!, ...b }));
  const firm = (i: number): fc.Arbitrary<Firm> => fc.record({
    name: text, industry, kind: fc.constantFrom(...FIRM_KINDS),
    park_id: nParks > 0 ? opt(fc.constantFrom(...parkIds)) : fc.constant(undefined),
    region: opt(text), founded: opt(fc.integer({ min: 1950, max: 2025 })), employees: opt(fc.nat(100000)),
    assets: opt(amount), liabilities: opt(amount), equity: opt(fc.double({ min: -1e9, max: 1e9, noNaN: true }).map(noNegZero)),
    revenue: opt(amount), pd: opt(unit), lgd: unit, flags: fc.uniqueArray(fc.constantFrom(...FIRM_FLAGS), { maxLength: 2 }), extra,
  }).map((f) => clean({
    id: firmIds[i]!, ...f,
    // A Dataset from a reader carries the equity default (assets − liabilities).
    equity: f.equity ?? (f.assets !== undefined && f.liabilities !== undefined ? noNegZero(f.assets - f.liabilities) : undefined),
  }));
  const loan = (i: number): fc.Arbitrary<Loan> => fc.record({
    bank_id: fc.constantFrom(...bankIds), borrower: firmIndex, amount: opt(amount), frac: unit,
    start: opt(date), days: fc.nat(4000), rate: opt(unit), collateral: opt(fc.constantFrom(...COLLATERAL_KINDS)),
    renewal: opt(fc.boolean()), status: opt(fc.constantFrom(...LOAN_STATUSES)), risk_share: opt(fc.boolean()), extra,
  }).map(({ borrower, frac, days, start, amount: amt, ...l }) => clean({
    id: `L${i}`, ...l, borrower_id: firmIds[borrower]!, amount: amt,
    // outstanding ≤ amount; maturity ≥ start
    outstanding: amt === undefined ? frac * 1000 : amt * frac, start,
    maturity: start === undefined ? undefined : new Date(Date.parse(start) + days * 86400000).toISOString().slice(0, 10),
  } as Loan));
  return fc.record({
    parks: fc.tuple(...parkIds.map((_, i) => park(i))),
    banks: fc.tuple(...bankIds.map((_, i) => bank(i))),
    firms: fc.tuple(...firmIds.map((_, i) => firm(i))),
    loans: fc.integer({ min: 0, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => loan(i)))),
    meta: fc.record({ name: text, unit: fc.double({ min: 1e-3, max: 1e6, noNaN: true }), asOf: opt(date), description: opt(text) }),
  }).chain(({ parks, banks, firms, loans, meta }) => {
    const guarantee = (i: number): fc.Arbitrary<Guarantee | undefined> => fc.record({
      loan: loans.length > 0 ? opt(fc.integer({ min: 0, max: loans.length - 1 })) : fc.constant(undefined),
      borrower: firmIndex, guarantor: firmIndex, frac: unit, group: opt(fc.constantFrom('J1', 'J2')), start: opt(date), days: fc.nat(2000), extra,
    }).map(({ loan: li, borrower, guarantor, frac, group, start, days, extra: ex }) => {
      const l = li === undefined ? undefined : loans[li]!;
      const borrower_id = l ? l.borrower_id : firmIds[borrower]!;
      const guarantor_id = firmIds[guarantor]!;
      if (guarantor_id === borrower_id) return undefined; // self-guarantee is invalid: drop
      const end = start === undefined ? undefined : new Date(Date.parse(start) + days * 86400000).toISOString().slice(0, 10);
      return clean({
        id: `G${i}`, guarantor_id, borrower_id, loan_id: l?.id, amount: (l?.amount ?? 1000) * frac,
        // a joint group is tied to one loan: name it after the loan so every row agrees
        group: group === undefined ? undefined : `${group}-${l?.id ?? 'none'}`, start, end, extra: ex,
      });
    });
    const supply: fc.Arbitrary<Supply | undefined> = fc.record({
      s: firmIndex, c: firmIndex, value: amount, since: opt(fc.integer({ min: 1990, max: 2025 })),
      payment_delay_days: opt(fc.double({ min: 0, max: 365, noNaN: true }).map(noNegZero)), disputes: opt(fc.nat(9)), extra,
    }).map(({ s, c, ...rest }) => (s === c ? undefined : clean({ supplier_id: firmIds[s]!, customer_id: firmIds[c]!, ...rest })));
    const ownership: fc.Arbitrary<Ownership[]> = fc.array(fc.record({
      owner: fc.integer({ min: 0, max: nFirms + nBanks - 1 }), owned: firmIndex, share: fc.double({ min: 0.001, max: 0.5, noNaN: true }),
    }), { maxLength: 4 }).map((rows) => {
      const sum = new Map<string, number>();
      const out: Ownership[] = [];
      for (const r of rows) {
        const owned_id = firmIds[r.owned]!;
        const total = (sum.get(owned_id) ?? 0) + r.share;
        if (total > 1) continue; // keep shares into one firm ≤ 1
        sum.set(owned_id, total);
        out.push({ owner_id: r.owner < nFirms ? firmIds[r.owner]! : bankIds[r.owner - nFirms]!, owned_id, share: r.share });
      }
      return out;
    });
    const financials: fc.Arbitrary<Financials[]> = fc.uniqueArray(fc.record({ firm: firmIndex, year: fc.integer({ min: 2015, max: 2025 }) }), { selector: (r) => `${r.firm}/${r.year}`, maxLength: 4 })
      .chain((keys) => fc.tuple(...keys.map((k) => fc.record({ revenue: opt(amount), ebit: opt(fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(noNegZero)), interest_expense: opt(amount), extra })
        .map((v) => clean({ firm_id: firmIds[k.firm]!, year: k.year, ...v })))));
    return fc.record({
      guarantees: fc.integer({ min: 0, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => guarantee(i)))),
      supply: fc.array(supply, { maxLength: 4 }),
      ownership,
      financials,
    }).map(({ guarantees, supply: sup, ownership: own, financials: fin }) => {
      // Joint-group rows must name one loan: keep only the first loan seen per group.
      const groupLoan = new Map<string, string | undefined>();
      const gs = (guarantees.filter((g) => g !== undefined) as Guarantee[]).filter((g) => {
        if (g.group === undefined) return true;
        if (!groupLoan.has(g.group)) groupLoan.set(g.group, g.loan_id);
        return groupLoan.get(g.group) === g.loan_id;
      });
      return {
        meta: clean({ ...meta, formatVersion: 1 as const, currency: 'CNY', generator: { seed: 1 } }),
        parks, banks, firms, loans, guarantees: gs,
        supply: sup.filter((s) => s !== undefined) as Supply[], ownership: own, financials: fin,
      };
    });
  });
});

describe('random valid datasets', () => {
  it('pass validateDataset', () => {
    fc.assert(fc.property(datasetArb, (ds) => {
      validateDataset(ds);
    }), { numRuns: 200 });
  });

  for (const format of DATASET_FORMATS) {
    it(`round-trip through ${format} unchanged`, async () => {
      const dir = tempDir();
      let n = 0;
      await fc.assert(fc.asyncProperty(datasetArb, async (ds) => {
        const out = path.join(dir, format === 'csv' ? `d${n}` : `d${n}.${format}`);
        n++;
        await writeDataset(ds, out, format);
        const back = await readDataset(out);
        expect(back.dataset).toEqual(ds);
      }), { numRuns: 40 });
    });
  }
});
