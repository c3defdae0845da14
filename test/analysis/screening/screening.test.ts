import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSnapshot } from '../../../src/engine/index.ts';
import { rankByScore, recommendationList, renewalCandidates, screenFirms, shellFirms, zombieFirms } from '../../../src/analysis/screening/index.ts';
import type { Financials } from '../../../src/model/schema.ts';
import { dataset, firm } from '../reputation/fixture.ts';

const fin = (firm_id: string, rows: [number, number, number][]): Financials[] =>
  rows.map(([year, ebit, interest_expense]) => ({ firm_id, year, ebit, interest_expense }));

describe('zombieFirms', () => {
  // Coverage = EBIT / interest per year, worked out beside each firm.
  const ds = dataset({
    firms: ['Z', 'GAP', 'ZERO', 'RECOVERED', 'EDGE', 'SHORT'].map((id) => firm(id)),
    financials: [
      ...fin('Z', [[2022, 5, 10], [2023, 8, 10], [2024, 9, 10]]),           // 0.5, 0.8, 0.9 → zombie
      ...fin('GAP', [[2021, 1, 10], [2022, 1, 10], [2024, 1, 10]]),         // recent years 2024, 2022, 2021: not consecutive
      ...fin('ZERO', [[2022, -5, 0], [2023, -5, 10], [2024, -5, 10]]),      // 2022 has no interest → never a zombie year
      ...fin('RECOVERED', [[2020, 1, 10], [2021, 1, 10], [2022, 1, 10], [2023, 20, 10]]), // 2023 coverage 2
      ...fin('EDGE', [[2022, 10, 10], [2023, 5, 10], [2024, 5, 10]]),      // 2022 coverage exactly 1 is not < 1
      ...fin('SHORT', [[2023, 1, 10], [2024, 1, 10]]),                      // only two years
    ],
  });

  it('flags only the firm with three consecutive recent years below 1', () => {
    const r = zombieFirms(buildSnapshot(ds));
    expect([...r.zombie]).toEqual([1, 0, 0, 0, 0, 0]);
    expect(r.evidence.get(0)!.map((y) => [y.year, y.coverage])).toEqual([[2024, 0.9], [2023, 0.8], [2022, 0.5]]);
    expect(r.options).toEqual({ years: 3, coverageBelow: 1 });
  });

  it('gives the same zombies when financials.csv is not ordered by firm', () => {
    // The fixture's rows reversed: firms and their years now come last-first, so the
    // run-by-run path cannot be used; the result must still be Z alone, years as above.
    const r = zombieFirms(buildSnapshot({ ...ds, financials: [...ds.financials].reverse() }));
    expect([...r.zombie]).toEqual([1, 0, 0, 0, 0, 0]);
    expect(r.evidence.get(0)!.map((y) => [y.year, y.coverage])).toEqual([[2024, 0.9], [2023, 0.8], [2022, 0.5]]);
  });

  it('judges the first row of a duplicated year, in file order, whatever the firm order', () => {
    // D's 2024 appears twice: first coverage 0.5 (zombie year), then 3. The first row counts,
    // so D is a zombie; E's first 2024 row has coverage 3, so E is not.
    const dup = dataset({
      firms: [firm('D'), firm('E')],
      financials: [...fin('D', [[2022, 1, 10], [2023, 1, 10], [2024, 5, 10], [2024, 30, 10]]),
        ...fin('E', [[2024, 30, 10], [2022, 1, 10], [2023, 1, 10], [2024, 5, 10]])],
    });
    expect([...zombieFirms(buildSnapshot(dup)).zombie]).toEqual([1, 0]);
    // Interleave the firms (E's rows first) keeping each firm's own row order: same answer.
    const e = dup.financials.filter((r) => r.firm_id === 'E'), d = dup.financials.filter((r) => r.firm_id === 'D');
    const mixed = [e[0], d[0], e[1], d[1], e[2], d[2], e[3], d[3]];
    expect([...zombieFirms(buildSnapshot({ ...dup, financials: mixed })).zombie]).toEqual([1, 0]);
  });

  it('does not depend on the order of financials rows across firms (property)', () => {
    // Each firm has at most one row a year, so any permutation of the rows must give the
    // same flags and evidence as the rows sorted by firm.
    const firmYears = fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.boolean()), { maxLength: 5 });
    fc.assert(fc.property(fc.array(firmYears, { minLength: 1, maxLength: 6 }), fc.integer(), (firms, seed) => {
      const ids = firms.map((_, i) => `F${i}`);
      const rows: Financials[] = [];
      firms.forEach((ys, i) => ys.forEach(([e, x, skip], j) => { if (!skip) rows.push({ firm_id: ids[i], year: 2018 + j, ebit: e, interest_expense: x }); }));
      const shuffled = fc.sample(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), { seed, numRuns: 1 })[0];
      const run = (fin: Financials[]) => zombieFirms(buildSnapshot(dataset({ firms: ids.map((id) => firm(id)), financials: fin })));
      const a = run(rows), b = run(shuffled);
      expect([...b.zombie]).toEqual([...a.zombie]);
      expect([...b.evidence].sort((x, y) => x[0] - y[0])).toEqual([...a.evidence].sort((x, y) => x[0] - y[0]));
    }));
  });

  it('is invariant under scaling EBIT and interest by the same positive factor (property)', () => {
    const year = fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 50 }));
    fc.assert(fc.property(fc.array(year, { minLength: 0, maxLength: 5 }), fc.double({ min: 0.01, max: 100, noNaN: true }), (ys, k) => {
      const mk = (f: number) => buildSnapshot(dataset({
        firms: [firm('X')],
        financials: ys.map(([e, i], j) => ({ firm_id: 'X', year: 2020 + j, ebit: e * f, interest_expense: i * f })),
      }));
      expect(zombieFirms(mk(k)).zombie[0]).toBe(zombieFirms(mk(1)).zombie[0]);
    }));
  });
});

describe('shellFirms and screenFirms', () => {
  const ds = dataset({
    firms: [
      firm('EMPTY', { employees: 0 }),                 // revenue missing = 0, no supply → shell
      firm('TRADER', { revenue: 0 }),                  // employees missing = 0 but supplies X → not a shell
      firm('STAFFED', { employees: 3, revenue: 0 }),   // has staff → not a shell
      firm('X', { employees: 5, revenue: 100, flags: ['dishonest'] }),
      firm('GC', { kind: 'guarantor', employees: 4, revenue: 10 }),
    ],
    supply: [{ supplier_id: 'TRADER', customer_id: 'X', value: 10 }],
  });

  it('a shell stops being one with any supply row, employee or revenue (property)', () => {
    const change = fc.constantFrom('supplier', 'customer', 'employees', 'revenue');
    fc.assert(fc.property(change, fc.integer({ min: 1, max: 1000 }), (what, x) => {
      const ds = dataset({ firms: [firm('S', { employees: 0 }), firm('O', { employees: 1 })] });
      expect(shellFirms(buildSnapshot(ds)).shell[0]).toBe(1);
      if (what === 'supplier') ds.supply.push({ supplier_id: 'S', customer_id: 'O', value: x });
      if (what === 'customer') ds.supply.push({ supplier_id: 'O', customer_id: 'S', value: x });
      if (what === 'employees') ds.firms[0].employees = x;
      if (what === 'revenue') ds.firms[0].revenue = x;
      expect(shellFirms(buildSnapshot(ds)).shell[0]).toBe(0);
    }));
  });

  it('applies the shell rule', () => {
    expect([...shellFirms(buildSnapshot(ds)).shell]).toEqual([1, 0, 0, 0, 0]);
  });

  it('gives every exclusion its reason with numbers', () => {
    const r = screenFirms(buildSnapshot(ds));
    expect([...r.reasons]).toEqual([2, 0, 0, 4, 0]);
    expect(r.counts).toEqual({ zombie: 0, shell: 1, dishonest: 1, screenedOut: 2, passed: 2, guaranteeCompanies: 1 });
    const [shell] = r.explain(0);
    expect(shell.code).toBe('shell');
    expect(shell.numbers).toEqual({ employees: 0, revenue: 0, supplyRows: 0 });
    expect(shell.zh).toContain('空壳');
    expect(r.explain(3).map((x) => x.code)).toEqual(['dishonest']);
    expect(r.explain(1)).toEqual([]);
  });

  it('explains a zombie with its coverage per year', () => {
    const r = screenFirms(buildSnapshot(dataset({ firms: [firm('Z')], financials: fin('Z', [[2022, 5, 10], [2023, 8, 10], [2024, 9, 10]]) })));
    const [z] = r.explain(0);
    expect(z.numbers).toMatchObject({ coverage_2024: 0.9, coverage_2023: 0.8, coverage_2022: 0.5, interest_2024: 10 });
    expect(z.en).toContain('2024: 0.9');
  });
});

describe('renewalCandidates', () => {
  // asOf 2025-12-31. A and B guarantee each other (a circle of 2); C is dishonest.
  const ds = dataset({
    banks: [{ id: 'K', name: 'K', capital: 1 }],
    firms: [firm('A', { employees: 1 }), firm('B', { employees: 1 }), firm('C', { employees: 1, flags: ['dishonest'] }), firm('D', { employees: 1 })],
    loans: [
      { id: 'L1', bank_id: 'K', borrower_id: 'A', outstanding: 10, maturity: '2026-01-15', status: 'normal' },  // 15 days
      { id: 'L2', bank_id: 'K', borrower_id: 'D', outstanding: 20, maturity: '2026-03-31' },                    // 90 days, status missing = normal
      { id: 'L3', bank_id: 'K', borrower_id: 'D', outstanding: 30, maturity: '2026-04-01' },                    // 91 days: outside
      { id: 'L4', bank_id: 'K', borrower_id: 'D', outstanding: 40, maturity: '2025-12-30' },                    // already past
      { id: 'L5', bank_id: 'K', borrower_id: 'B', outstanding: 50, maturity: '2026-02-01', status: 'special_mention' },
      { id: 'L6', bank_id: 'K', borrower_id: 'C', outstanding: 60, maturity: '2026-02-01' },                    // dishonest borrower
      { id: 'L7', bank_id: 'K', borrower_id: 'B', outstanding: 70, maturity: '2027-01-01' },
    ],
    guarantees: [
      { id: 'g1', guarantor_id: 'A', borrower_id: 'B', amount: 5 },
      { id: 'g2', guarantor_id: 'B', borrower_id: 'A', amount: 7 },
    ],
  });

  it('lists normal loans maturing within 90 days of healthy borrowers with circle exposure', () => {
    const s = buildSnapshot(ds);
    const r = renewalCandidates(s, screenFirms(s));
    expect(r.candidates.map((c) => [c.loan, c.daysToMaturity, c.circle, c.circleSize])).toEqual([
      ['L1', 15, 'C001', 2], ['L2', 90, null, 0],
    ]);
    // Circle {A, B}: loans of A (10) and B (50 + 70) = 130; guaranteed inside 5 + 7 = 12.
    expect(r.candidates[0]).toMatchObject({ circleLoansOutstanding: 130, circleGuaranteed: 12 });
    expect(r.excluded).toEqual({ notNormal: 1, screenedOut: 1 });
    expect(renewalCandidates(s, screenFirms(s), { withinDays: 10 }).candidates).toEqual([]);
  });
});

describe('recommendationList', () => {
  it('ranks by the documented score', () => {
    // asOf 2025-12-31, ρ = 0.3, pd_max = 0.1, weights need 0.3, credit 0.4, chain 0.3 (chain given).
    const ds = dataset({
      banks: [{ id: 'K', name: 'K', capital: 1 }],
      firms: [
        // need = 1 − 30 / (0.3·200) = 0.5; maturing share 0 → 0.5; credit = 1 − 0.02/0.1 = 0.8; chain 0.2
        //   score = 0.15 + 0.32 + 0.06 = 0.53
        firm('P', { revenue: 200, pd: 0.02, employees: 2, flags: ['tech'] }),
        // need: gap 1 − 60/30 < 0, maturing share 60/60 = 1 → 1; credit from leverage 1 − 40/100 = 0.6; chain 0
        //   score = 0.3 + 0.24 + 0 = 0.54
        firm('Q', { revenue: 100, assets: 100, liabilities: 40, employees: 2, flags: ['foreign_trade'] }),
        // screened out (dishonest)
        firm('R', { revenue: 100, pd: 0.01, employees: 2, flags: ['dishonest'] }),
      ],
      loans: [
        { id: 'L1', bank_id: 'K', borrower_id: 'P', outstanding: 30, maturity: '2027-06-30' },
        { id: 'L2', bank_id: 'K', borrower_id: 'Q', outstanding: 60, maturity: '2026-02-28' },
      ],
    });
    const s = buildSnapshot(ds);
    const r = recommendationList(s, screenFirms(s), Float64Array.of(0.2, 0, 1));
    expect(r.order.length).toBe(2);
    const [q, p] = [r.entry(0), r.entry(1)];
    expect(q).toMatchObject({ rank: 1, firm: 'Q', need: 1, foreignTrade: true, tech: false });
    expect(q.credit).toBeCloseTo(0.6, 12);
    expect(q.score).toBeCloseTo(0.54, 12);
    expect(p).toMatchObject({ rank: 2, firm: 'P', tech: true });
    expect(p.need).toBeCloseTo(0.5, 12);
    expect(p.credit).toBeCloseTo(0.8, 12);
    expect(p.score).toBeCloseTo(0.53, 12);
    expect(r.flagged).toEqual({ tech: 1, foreignTrade: 1 });
  });
});

describe('rankByScore', () => {
  // The reference is the plain comparator sort: score descending, then firm index ascending.
  const reference = (order: Int32Array, score: Float64Array) => [...order].sort((a, b) => score[b] - score[a] || a - b);

  it('orders near-equal scores that differ only in the lowest mantissa bits', () => {
    // 0.5 and the next doubles above it (0.5 + k·2⁻⁵³) share every key bit but the index bits,
    // so the run check must re-sort them: firm 3 (largest score) first, then 2, 1, 0.
    const score = new Float64Array([0.5, 0.5 + 2 ** -53, 0.5 + 2 * 2 ** -53, 0.5 + 3 * 2 ** -53]);
    const order = Int32Array.from([0, 1, 2, 3]);
    rankByScore(order, score);
    expect([...order]).toEqual([3, 2, 1, 0]);
  });

  it('keeps firm order among equal scores, −0 equal to +0', () => {
    const score = new Float64Array([0.2, -0, 0.7, 0, 0.2, -1]);
    const order = Int32Array.from([0, 1, 2, 3, 4, 5]);
    rankByScore(order, score);
    expect([...order]).toEqual([2, 0, 4, 1, 3, 5]); // 0.7; 0.2 (firms 0, 4); 0 (firms 1, 3); −1
  });

  it('falls back to the comparator for infinite scores', () => {
    // ∞ − ∞ is NaN, so two infinite scores tie and keep firm order: 0, 2, then 1.
    const score = new Float64Array([Infinity, 1, Infinity]);
    const order = Int32Array.from([0, 1, 2]);
    rankByScore(order, score);
    expect([...order]).toEqual([0, 2, 1]);
  });

  it('matches the comparator sort on any finite scores (property)', () => {
    const near = fc.integer({ min: 0, max: 6 }).map((k) => 0.25 + k * 2 ** -54);
    const value = fc.oneof(near, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1, 0.3, -1e-300, 5e-324));
    fc.assert(fc.property(fc.array(value, { maxLength: 60 }), fc.integer({ min: 0, max: 5000 }), (xs, offset) => {
      // Firm indices need not start at 0 or be dense: spread them from an offset.
      const score = new Float64Array(offset + 3 * xs.length + 1).fill(NaN);
      const order = Int32Array.from(xs, (_, i) => offset + 3 * i);
      xs.forEach((x, i) => { score[offset + 3 * i] = x; });
      const want = reference(order, score);
      rankByScore(order, score);
      expect([...order]).toEqual(want);
    }));
  });
});
