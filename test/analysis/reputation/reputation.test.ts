import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSnapshot } from '../../../src/engine/index.ts';
import { adjustPd, chainStrength, defaultCost, parkReputation, tieStrengths } from '../../../src/analysis/reputation/index.ts';
import type { Dataset } from '../../../src/model/schema.ts';
import { dataset, firm } from './fixture.ts';

/**
 * Hand-made cluster, asOf 2025-12-31 (reference year 2025), τ = 3, δ = 90 days, κ = 0.7, α = 0.5, γ = 0.8.
 *   supply e0 S→A 100, since 2022, delay 45 d, 1 dispute
 *   supply e1 S→B 300, since 2015
 *   supply e2 T→A 100, since missing (→ 1 year)
 *   loans  L1 K1→A 60 from 2022-12-31 normal; L2 K1→A 20 from 2024-12-31 special mention; L3 K2→A 20, no start (→ 1 year)
 *   guarantee B→A 50 from 2024-12-31;  park P1 = {A, S}; revenue A 1000.
 * Partner totals: sales S 400, T 100; purchases A 200, B 300.
 */
function cluster(): Dataset {
  return dataset({
    parks: [{ id: 'P1', name: 'P1', lead_industries: [] }],
    banks: [{ id: 'K1', name: 'K1', capital: 1000 }, { id: 'K2', name: 'K2', capital: 1000 }],
    firms: [
      firm('A', { park_id: 'P1', revenue: 1000 }), firm('B', { revenue: 500 }),
      firm('S', { park_id: 'P1', revenue: 400, industry: 'C3411' }), firm('T', { revenue: 100 }),
    ],
    supply: [
      { supplier_id: 'S', customer_id: 'A', value: 100, since: 2022, payment_delay_days: 45, disputes: 1 },
      { supplier_id: 'S', customer_id: 'B', value: 300, since: 2015, payment_delay_days: 0, disputes: 0 },
      { supplier_id: 'T', customer_id: 'A', value: 100 },
    ],
    loans: [
      { id: 'L1', bank_id: 'K1', borrower_id: 'A', outstanding: 60, start: '2022-12-31', status: 'normal' },
      { id: 'L2', bank_id: 'K1', borrower_id: 'A', outstanding: 20, start: '2024-12-31', status: 'special_mention' },
      { id: 'L3', bank_id: 'K2', borrower_id: 'A', outstanding: 20 },
    ],
    guarantees: [{ id: 'G1', guarantor_id: 'B', borrower_id: 'A', amount: 50, start: '2024-12-31' }],
  });
}

// Hand calculation of every tie (formulas of docs/reputation.md with the numbers above):
// e0: tenure 3 y, delay 45/90, 1 dispute, dep = ½(100/200 + 100/400) = 0.375 → weight 0.5 + 0.5·0.375 = 0.6875
const s0 = (1 - Math.exp(-3 / 3)) * Math.exp(-45 / 90) * Math.exp(-0.7) * 0.6875;
// e1: tenure 10 y, dep = ½(300/300 + 300/400) = 0.875 → 0.9375
const s1 = (1 - Math.exp(-10 / 3)) * 0.9375;
// e2: tenure 1 y (missing), dep = ½(100/200 + 100/100) = 0.75 → 0.875
const s2 = (1 - Math.exp(-1 / 3)) * 0.875;
// K1–A: first loan 2022-12-31 → 1096 days (2024 is a leap year); worst status ½; share 80/100 → 0.5 + 0.4 = 0.9
const sK1 = (1 - Math.exp(-(1096 / 365.25) / 3)) * 0.5 * 0.9;
// K2–A: 1 year (missing start), normal, share 20/100 → 0.6
const sK2 = (1 - Math.exp(-1 / 3)) * 1 * 0.6;
// guarantee B→A: 365 days, γ = 0.8
const sG = 0.8 * (1 - Math.exp(-(365 / 365.25) / 3));

describe('tieStrengths', () => {
  it('reproduces the hand calculation', () => {
    const t = tieStrengths(buildSnapshot(cluster()));
    expect(t.supply[0]).toBeCloseTo(s0, 12);
    expect(t.supply[1]).toBeCloseTo(s1, 12);
    expect(t.supply[2]).toBeCloseTo(s2, 12);
    expect(t.loan[0]).toBeCloseTo(sK1, 12);
    expect(t.loan[1]).toBeCloseTo(sK1, 12);
    expect(t.loan[2]).toBeCloseTo(sK2, 12);
    expect(t.guarantee[0]).toBeCloseTo(sG, 12);
    expect(t.asOf).toBe('2025-12-31');
    expect(t.options.tau).toBe(3);
  });

  it('stays in [0, 1] and falls with disputes and delay (property)', () => {
    const row = fc.record({
      value: fc.double({ min: 0, max: 1e6, noNaN: true }),
      since: fc.integer({ min: 1990, max: 2025 }),
      payment_delay_days: fc.integer({ min: 0, max: 400 }),
      disputes: fc.integer({ min: 0, max: 10 }),
    });
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), (rows) => {
      const mk = (extraDispute: number) => buildSnapshot(dataset({
        firms: [firm('X'), firm('Y'), firm('Z')],
        supply: rows.map((r, i) => ({ ...r, disputes: r.disputes + (i === 0 ? extraDispute : 0), supplier_id: i % 2 ? 'X' : 'Y', customer_id: 'Z' })),
      }));
      const a = tieStrengths(mk(0)).supply, b = tieStrengths(mk(1)).supply;
      for (let e = 0; e < rows.length; e++) {
        expect(a[e]).toBeGreaterThanOrEqual(0);
        expect(a[e]).toBeLessThanOrEqual(1);
      }
      expect(b[0]).toBeLessThanOrEqual(a[0]);
    }));
  });
});

describe('chainStrength', () => {
  it('finds the strongest bank path and reports it', () => {
    const s = buildSnapshot(cluster());
    const r = chainStrength(s);
    const [A, B, S, T] = [0, 1, 2, 3];
    // A: own bank ties, K1 (sK1 ≈ 0.285) beats K2 (sK2 ≈ 0.170).
    expect(sK1).toBeGreaterThan(sK2);
    expect(r.strength[A]).toBeCloseTo(sK1, 12);
    expect(r.bank[A]).toBe(s.index.get('K1'));
    // B: only through its guarantee of A.
    expect(r.strength[B]).toBeCloseTo(sK1 * sG, 12);
    // S: K1→A→S = sK1·s0 ≈ 0.037 loses to K1→A→B→S = sK1·sG·s1 ≈ 0.058.
    expect(sK1 * sG * s1).toBeGreaterThan(sK1 * s0);
    expect(r.strength[S]).toBeCloseTo(sK1 * sG * s1, 12);
    expect(r.path(S).map((p) => [p.from, p.to, p.kind, p.row])).toEqual([
      ['K1', 'A', 'loan', 0], ['A', 'B', 'guarantee', 0], ['B', 'S', 'supply', 1],
    ]);
    expect(r.hops[S]).toBe(3);
    expect(r.strength[T]).toBeCloseTo(sK1 * s2, 12);
  });

  it('is 0 without a bank path', () => {
    const s = buildSnapshot(dataset({ banks: [{ id: 'K', name: 'K', capital: 1 }], firms: [firm('X')] }));
    const r = chainStrength(s);
    expect(r.strength[0]).toBe(0);
    expect(r.path(0)).toEqual([]);
  });
});

describe('defaultCost', () => {
  it('reproduces the hand calculation for A', () => {
    const r = defaultCost(buildSnapshot(cluster()));
    // Trade: both partners (S in C34, T in C33) have σ = 0.5 by default.
    const trade = 100 * s0 * 0.5 + 100 * s2 * 0.5;
    // Credit: outstanding × bank tie.
    const credit = 60 * sK1 + 20 * sK1 + 20 * sK2;
    // Park: 5 % of revenue 1000.
    const cost = trade + credit + 50;
    expect(r.trade[0]).toBeCloseTo(trade, 10);
    expect(r.credit[0]).toBeCloseTo(credit, 10);
    expect(r.park[0]).toBe(50);
    expect(r.cost[0]).toBeCloseTo(cost, 10);
    expect(r.ratio[0]).toBeCloseTo(cost / 1000, 12);
    // Dependency: (in-park supply 100 + main bank K1 80) / (supply 200 + loans 100) = 0.6.
    expect(r.dependency[0]).toBeCloseTo(0.6, 12);
    expect(r.mainBank[0]).toBe(4);
  });

  it('is non-negative and falls as substitutability rises (property)', () => {
    const row = fc.record({ value: fc.double({ min: 0, max: 1e4, noNaN: true }), since: fc.integer({ min: 2000, max: 2025 }), disputes: fc.integer({ min: 0, max: 3 }) });
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (rows, s1, s2) => {
      const s = buildSnapshot(dataset({
        firms: [firm('X', { revenue: 100 }), firm('Y', { revenue: 50 }), firm('Z')],
        supply: rows.map((r, i) => ({ ...r, supplier_id: i % 2 ? 'X' : 'Y', customer_id: i % 3 ? 'Z' : 'X' })).filter((r) => r.supplier_id !== r.customer_id),
      }));
      const lo = Math.min(s1, s2), hi = Math.max(s1, s2);
      const a = defaultCost(s, { substitutability: lo }), b = defaultCost(s, { substitutability: hi });
      for (let f = 0; f < 3; f++) {
        expect(a.cost[f]).toBeGreaterThanOrEqual(0);
        expect(b.cost[f]).toBeLessThanOrEqual(a.cost[f] + 1e-9);
      }
    }));
  });

  it('uses substitutability by division of the partner', () => {
    const r = defaultCost(buildSnapshot(cluster()), { substitutabilityByDivision: { C34: 1 } });
    // S (C34) is fully replaceable: only T's trade remains.
    expect(r.trade[0]).toBeCloseTo(100 * s2 * 0.5, 10);
  });
});

describe('parkReputation', () => {
  it('counts strong ties, default cost and bank reach in P1 = {A, S}', () => {
    const s = buildSnapshot(cluster());
    const t = tieStrengths(s), c = chainStrength(s, {}, t), d = defaultCost(s, {}, t);
    // s0 ≈ 0.131: strong at θ_s = 0.1 → 1 pair of 1 possible; chain A ≈ 0.285, S ≈ 0.058 → θ = 0.1 reaches A only.
    const r = parkReputation(s, t, d, c, { strongTie: 0.1, chainThreshold: 0.1 });
    expect(r.parks[0]).toMatchObject({ park: 'P1', members: 2, strongPairs: 1, strongTieDensity: 1, chainShare: 0.5 });
    expect(r.parks[0].meanDefaultCostRatio).toBeCloseTo((d.ratio[0] + d.ratio[2]) / 2, 12);
    expect(parkReputation(s, t, d, c).parks[0].strongPairs).toBe(0); // s0 < 0.5
  });
});

describe('adjustPd', () => {
  it('is off at β = 0 and applies pd·exp(−β·ratio) otherwise', () => {
    const pd = Float64Array.of(0.02, 0.05, 0.1);
    const ratio = Float64Array.of(0.5, NaN, 2);
    expect([...adjustPd(pd, ratio)]).toEqual([0.02, 0.05, 0.1]);
    const r = adjustPd(pd, ratio, { beta: 0.4 });
    expect(r[0]).toBeCloseTo(0.02 * Math.exp(-0.2), 15);
    expect(r[1]).toBe(0.05); // missing ratio leaves pd alone
    expect(r[2]).toBeCloseTo(0.1 * Math.exp(-0.8), 15);
  });
});
