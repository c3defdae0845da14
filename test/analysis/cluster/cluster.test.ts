import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSnapshot } from '../../../src/engine/index.ts';
import {
  bestCandidates, clusterCommunities, ioMatrix, locationQuotients, normalizedMutualInformation, parkFit, parkFitContext, parkWhatIf,
} from '../../../src/analysis/cluster/index.ts';
import type { Supply } from '../../../src/model/schema.ts';
import { dataset, firm } from '../reputation/fixture.ts';
import { region } from './fixture.ts';

describe('locationQuotients', () => {
  it('follows LQ = (x_ir / x_r) / (x_iN / x_N) on the hand-made table', () => {
    const r = locationQuotients(buildSnapshot(region()));
    expect(r.divisions).toEqual(['C17', 'C33']);
    expect(r.get('P1', 'C33')).toBeCloseTo((80 / 100) / (130 / 300), 12); // 24/13
    expect(r.get('P1', 'C17')).toBeCloseTo((20 / 100) / (170 / 300), 12); // 6/17
    expect(r.get('P2', 'C33')).toBeCloseTo((50 / 100) / (130 / 300), 12); // 15/13
    expect(r.get('P2', 'C17')).toBeCloseTo((50 / 100) / (170 / 300), 12); // 15/17
  });

  it('uses revenue in the revenue variant', () => {
    const ds = region();
    ds.firms.forEach((f, i) => { f.revenue = [10, 10, 30, 25, 25, 0, 0][i]; });
    // P1: C33 20 of 50; region C33 10+10+25 = 45 of 100 → (0.4)/(0.45)
    expect(locationQuotients(buildSnapshot(ds), { measure: 'revenue' }).get('P1', 'C33')).toBeCloseTo(0.4 / 0.45, 12);
  });

  it('has employment-weighted mean 1 in every park: Σ_i LQ(i,r)·x_iN/x_N = 1 (property)', () => {
    const codes = ['C17', 'C33', 'C38', 'A01'];
    const row = fc.tuple(fc.nat(3), fc.integer({ min: -1, max: 2 }), fc.integer({ min: 1, max: 500 }));
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (rows) => {
      const ds = dataset({
        parks: [0, 1, 2].map((p) => ({ id: `P${p}`, name: `P${p}`, lead_industries: [] })),
        firms: rows.map(([c, p, e], i) => firm(`F${i}`, { industry: codes[c], employees: e, ...(p >= 0 ? { park_id: `P${p}` } : {}) })),
      });
      const r = locationQuotients(buildSnapshot(ds));
      const D = r.divisions.length;
      let all = 0;
      for (let d = 0; d < D; d++) all += r.total[d];
      for (let p = 0; p < 3; p++) {
        if (Number.isNaN(r.lq[p * D])) continue; // empty park
        let mean = 0;
        for (let d = 0; d < D; d++) mean += r.lq[p * D + d] * r.total[d] / all;
        expect(mean).toBeCloseTo(1, 10);
      }
    }));
  });
});

describe('ioMatrix', () => {
  it('sums supply values by division pair', () => {
    const m = ioMatrix(buildSnapshot(region()));
    // [C17→C17, C17→C33, C33→C17, C33→C33] = [0, f→a 5 + d→e 15, a→c 10 + b→d 30, a→b 40]
    expect([...m.flow]).toEqual([0, 20, 40, 40]);
    // Purchases: C17 40, C33 60. Input shares: C33→C17 40/40, C17→C33 20/60, C33→C33 40/60.
    expect(m.inputShare[2]).toBe(1);
    expect(m.inputShare[1]).toBeCloseTo(1 / 3, 12);
    expect(m.inputShare[3]).toBeCloseTo(2 / 3, 12);
    // Sales: C17 20, C33 80 → C33→C17 output share 40/80.
    expect(m.outputShare[2]).toBe(0.5);
  });
});

describe('parkFit', () => {
  // f (C17, 100 employees) against P1:
  //   concentration = LQ/(1+LQ) with LQ(C17,P1) = 6/17 → 6/23
  //   w_P1 = {C17 1/3, C33 2/3}; up = 2/3 · A[C17→C33] = 2/3 · 1/3 = 2/9; down = 2/3 · A[C33→C17] = 2/3 · 1 = 2/3
  //   gap: P1 buys a→c 10, f→a 5, a→b 40 = 55, of which 5 from C17 outside → 1/11
  //   ties: all of f's supply (5) is with P1 → 1;  risk: f has no guarantee into P1's circles, is not screened → 0
  //   fit = 0.25·6/23 + 0.3·2/3 + 0.2·1/11 + 0.25·1 = 0.53339...
  const fitP1 = 0.25 * 6 / 23 + 0.3 * 2 / 3 + 0.2 / 11 + 0.25;
  // f against P2: LQ(C17,P2) = 15/17 → 15/32; w = ½, ½: up = ½·1/3, down = ½·1 → ½; gap 0 (P2 buys b→d 30 C33, d→e 15 inside);
  //   ties 0; risk: f's guarantees 30 (to d, in P2's circle) + 10 (from g) → linked 30/40 = 0.75 → risk 0.75
  //   fit = 0.25·15/32 + 0.3·½ − 0.5·0.75 = −0.1078125
  const fitP2 = 0.25 * 15 / 32 + 0.3 * 0.5 - 0.5 * 0.75;

  it('reproduces the hand-computed breakdown and ranks the parks', () => {
    const ctx = parkFitContext(buildSnapshot(region()));
    const r = parkFit(ctx, { firm: 'f' });
    expect(r.division).toBe('C17');
    expect(r.parks.map((p) => p.park)).toEqual(['P1', 'P2']);
    const [p1, p2] = r.parks;
    expect(p1.breakdown.concentration).toBeCloseTo(6 / 23, 12);
    expect(p1.breakdown.upstream).toBeCloseTo(2 / 9, 12);
    expect(p1.breakdown.downstream).toBeCloseTo(2 / 3, 12);
    expect(p1.breakdown.complementarity).toBeCloseTo(2 / 3, 12);
    expect(p1.breakdown.gapFilling).toBeCloseTo(1 / 11, 12);
    expect(p1.breakdown.ties).toBe(1);
    expect(p1.breakdown.risk).toBe(0);
    expect(p1.fit).toBeCloseTo(fitP1, 12);
    expect(p1.rules.map((x) => [x.rule, x.passed])).toEqual([['lead_industry', false], ['concentration', false], ['up_downstream', true]]);
    expect(p1.eligible).toBe(true);
    expect(p2.breakdown.risk).toBeCloseTo(0.75, 12);
    expect(p2.fit).toBeCloseTo(fitP2, 12);
    expect(p2.rules[0].passed).toBe(true); // C17 is P2's lead industry
    const sum = Object.values(p1.contributions).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(p1.fit, 12);
  });

  it('scores a prospective firm from its industry and planned ties', () => {
    const ctx = parkFitContext(buildSnapshot(region()));
    // Same division as f and all its planned supply (10 to a) with P1: the same terms as f.
    const r = parkFit(ctx, { industry: 'C1751', ties: [{ partner: 'a', value: 10, role: 'supplier' }] }, 'P1');
    expect(r.parks).toHaveLength(1);
    expect(r.parks[0].fit).toBeCloseTo(fitP1, 12);
    expect(() => parkFit(ctx, { firm: 'nobody' })).toThrow(/unknown firm/);
    expect(() => parkFit(ctx, { firm: 'f' }, 'P9')).toThrow(/unknown park/);
  });

  it('fit is the sum of its weighted terms and eligibility follows the rules, for any weights (property)', () => {
    const w = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(fc.property(fc.tuple(w, w, w, w, w), fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), ([c1, c2, c3, c4, c5], id) => {
      const ctx = parkFitContext(buildSnapshot(region()), { weights: { concentration: c1, complementarity: c2, gapFilling: c3, ties: c4, risk: c5 } });
      for (const p of parkFit(ctx, { firm: id }).parks) {
        const b = p.breakdown;
        expect(p.fit).toBeCloseTo(c1 * b.concentration + c2 * b.complementarity + c3 * b.gapFilling + c4 * b.ties - c5 * b.risk, 12);
        expect(p.eligible).toBe(p.rules.some((r) => r.passed));
        for (const v of [b.concentration, b.complementarity, b.gapFilling, b.ties, b.risk]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
    }), { numRuns: 50 });
  });

  it('lists the best outside candidates for a park', () => {
    const ctx = parkFitContext(buildSnapshot(region()));
    const top = bestCandidates(ctx, 'P1', 2);
    expect(top[0].firm).toBe('f');
    expect(top[0].fit.fit).toBeCloseTo(fitP1, 12);
    expect(top.map((t) => t.firm)).not.toContain('a');
  });
});

describe('parkWhatIf', () => {
  it('recomputes the park with the candidate inside', () => {
    const ctx = parkFitContext(buildSnapshot(region()));
    const r = parkWhatIf(ctx, { firm: 'f' }, 'P1');
    // Before: 3 members, LQ(C17) 6/17, lead share 2/3 (a, b are C33),
    //   supply touching P1: a→c 10, b→d 30, f→a 5, a→b 40 = 85, inside 50 → 10/17; outside C17 purchases 5/55.
    expect(r.before).toMatchObject({ members: 3, circleMembers: 0, circles: 0 });
    expect(r.before.lq).toBeCloseTo(6 / 17, 12);
    expect(r.before.leadShare).toBeCloseTo(2 / 3, 12);
    expect(r.before.internalTradeShare).toBeCloseTo(50 / 85, 12);
    expect(r.before.outsideShare).toBeCloseTo(5 / 55, 12);
    // After: 4 members, P1 employees 200 with C17 120 → LQ (120/200)/(170/300) = 18/17; lead share 2/4;
    //   f→a is now inside: 55/85; nothing of C17 bought outside any more.
    expect(r.after.members).toBe(4);
    expect(r.after.lq).toBeCloseTo(18 / 17, 12);
    expect(r.after.leadShare).toBe(0.5);
    expect(r.after.internalTradeShare).toBeCloseTo(55 / 85, 12);
    expect(r.after.outsideShare).toBe(0);
  });

  it('adds a prospective firm with its employees and ties', () => {
    const ctx = parkFitContext(buildSnapshot(region()));
    const r = parkWhatIf(ctx, { industry: 'C17', employees: 100, ties: [{ partner: 'd', value: 20, role: 'customer' }] }, 'P1');
    // It joins region and park: P1 200 employees, C17 120; region C17 270 of 400 → (0.6)/(270/400) = 8/9.
    expect(r.after.lq).toBeCloseTo(0.6 / (270 / 400), 12);
    // Its purchase of 20 from d (C17, outside P1) is a C17 purchase from outside: (5 + 20) / (55 + 20).
    expect(r.after.outsideShare).toBeCloseTo(25 / 75, 12);
    expect(r.after.internalTradeShare).toBeCloseTo(50 / 105, 12);
  });
});

describe('normalizedMutualInformation', () => {
  it('matches the hand calculation 2I/(H_a + H_b)', () => {
    expect(normalizedMutualInformation(Int32Array.of(0, 0, 1, 1), Int32Array.of(1, 1, 0, 0))).toBeCloseTo(1, 12);
    expect(normalizedMutualInformation(Int32Array.of(0, 0, 1, 1), Int32Array.of(0, 1, 0, 1))).toBeCloseTo(0, 12);
    // x = 0001, y = 0011: H_x = −(¾ln¾ + ¼ln¼), H_y = ln 2,
    // I = ½ln((½)/(¾·½)) + ¼ln((¼)/(¾·½)) + ¼ln((¼)/(¼·½)) = ½ln(4/3) + ¼ln(2/3) + ¼ln 2
    const hx = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), hy = Math.log(2);
    const mi = 0.5 * Math.log(4 / 3) + 0.25 * Math.log(2 / 3) + 0.25 * Math.log(2);
    expect(normalizedMutualInformation(Int32Array.of(0, 0, 0, 1), Int32Array.of(0, 0, 1, 1))).toBeCloseTo(2 * mi / (hx + hy), 12);
    // Unlabeled items (−1) are left out.
    expect(normalizedMutualInformation(Int32Array.of(0, 0, 1, 1, 0), Int32Array.of(1, 1, 0, 0, -1))).toBeCloseTo(1, 12);
  });

  it('is symmetric and in [0, 1] (property)', () => {
    const labels = fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { minLength: 1, maxLength: 40 });
    fc.assert(fc.property(labels, (pairs) => {
      const x = Int32Array.from(pairs, (p) => p[0]), y = Int32Array.from(pairs, (p) => p[1]);
      const a = normalizedMutualInformation(x, y), b = normalizedMutualInformation(y, x);
      expect(a).toBeCloseTo(b, 12);
      expect(a).toBeGreaterThanOrEqual(-1e-12);
      expect(a).toBeLessThanOrEqual(1 + 1e-12);
    }));
  });
});

describe('clusterCommunities', () => {
  it('finds three supply cliques and the one that crosses the park border', () => {
    // Cliques of 4 (all ordered pairs trade 10): A1–A4 in P1, B1–B4 in P2, X1 X2 in P1 + X3 X4 in P2,
    // joined by single trades of 1 (A1→B1, B1→X1, X1→A1).
    const ids = [...['A1', 'A2', 'A3', 'A4'], ...['B1', 'B2', 'B3', 'B4'], ...['X1', 'X2', 'X3', 'X4']];
    const parkOf = (id: string) => (id[0] === 'A' || id === 'X1' || id === 'X2' ? 'P1' : 'P2');
    const supply: Supply[] = [];
    for (const g of ['A', 'B', 'X']) for (let i = 1; i <= 4; i++) for (let j = 1; j <= 4; j++) if (i !== j) supply.push({ supplier_id: `${g}${i}`, customer_id: `${g}${j}`, value: 10 });
    supply.push({ supplier_id: 'A1', customer_id: 'B1', value: 1 }, { supplier_id: 'B1', customer_id: 'X1', value: 1 }, { supplier_id: 'X1', customer_id: 'A1', value: 1 });
    const ds = dataset({
      parks: [{ id: 'P1', name: 'P1', lead_industries: [] }, { id: 'P2', name: 'P2', lead_industries: [] }],
      firms: ids.map((id) => firm(id, { park_id: parkOf(id) })),
      supply,
    });
    const r = clusterCommunities(buildSnapshot(ds), { louvain: { seed: 3 } });
    expect(r.count).toBe(3);
    expect([...r.sizes]).toEqual([4, 4, 4]);
    expect(r.crossing).toHaveLength(1);
    expect(r.crossing[0].parks).toEqual([['P1', 2], ['P2', 2]]);
    expect(r.crossing[0].spill).toBe(0.5);
    // NMI: H(C) = ln 3, H(P) = ln 2, I = 2·(4/12)·ln 2 + 2·(2/12)·ln 1 = (2/3) ln 2 → 2I/(H_C + H_P) = (4/3) ln 2 / ln 6
    expect(r.nmi).toBeCloseTo((4 / 3) * Math.log(2) / Math.log(6), 12);
    expect(r.options.louvain.seed).toBe(3);
    expect(r.options.louvain.resolution).toBe(1);
  });
});
