import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSnapshot } from '../../../src/engine/index.ts';
import { buildExposures } from '../../../src/analysis/contagion/index.ts';
import { creditTightening, rankInterventions, shockSweep, stressScenario } from '../../../src/analysis/contagion/scenarios.ts';
import { scenariosExample } from '../../helpers/fixtures.ts';

/**
 * The worked example of docs/scenarios.md. Bank K (capital 100); firms A, B, C in park P1,
 * D in park P2 (industry C34). Guarantees: B backs A's loan L1 (20), C backs B's loan L2 (40),
 * A backs B (10, no loan) — so A ⇄ B is a circle (test/helpers/fixtures.ts). LGD 0.45, no supply edges.
 * Exposures (docs/contagion.md formulas), "when X defaults, Y loses":
 *   A→B 20·0.45 = 9;  B→C 40·0.45 = 18;  B→A 10·0.45 = 4.5
 *   A→K (100 − 20)·0.45 = 36;  B→K 0 (L2 covered 40 + 10 ≥ 40);  C→K 60·0.45 = 27;  D→K 30·0.45 = 13.5
 */
function example() {
  const ds = scenariosExample();
  const s = buildSnapshot(ds);
  return { s, net: buildExposures(s, { supply: false }) };
}
// Capitals for DebtRank's economic value: A 10 + B 5 + C 100 + D 50 + K 100 = 265.
const V = 265;

describe('stressScenario', () => {
  it('firm default: rounds, amplification, bank, park and NPL (threshold model)', () => {
    const { s, net } = example();
    const r = stressScenario(s, net, { kind: 'firm', firms: ['A'] });
    // Round 1: B loses 9 ≥ 5 → defaults; K loses 36 < 100.  Round 2: B passes on C 18, A 4.5 (K 0): no new default.
    expect(r.rounds.map((q) => [q.round, q.defaults, q.loss])).toEqual([[0, 1, 0], [1, 1, 45], [2, 0, 22.5]]);
    expect(r.initialLoss).toBe(45);
    expect(r.systemLoss).toBe(67.5);
    expect(r.amplification).toBe(1.5);
    expect(r.initialIds).toEqual(['A']);
    const k = r.breakdown.banks[0];
    expect(k.loss).toBe(36);
    // NPL after the cascade: L1 (A) + L2 (B) = 140 of 230 outstanding.
    expect(k.nplRatio).toBeCloseTo(140 / 230, 12);
    expect(k.exceedsRaised).toBe(true);
    // Park P1 losses: A 4.5 + B 9 + C 18 = 31.5; P2 nothing.
    expect(r.breakdown.parks.map((p) => [p.park, p.loss, p.defaulted])).toEqual([['P1', 31.5, 2], ['P2', 0, 0]]);
    expect(r.options.model).toBe('threshold');
  });

  it('park and industry shocks', () => {
    const { s, net } = example();
    // P1: A, B, C default at once; round 1 = 9 + 36 + 18 + 4.5 + 27 = 94.5, K (63 < 100) survives.
    const park = stressScenario(s, net, { kind: 'park', park: 'P1' });
    expect(park.initialDefaults).toBe(3);
    expect(park.systemLoss).toBe(94.5);
    expect(park.amplification).toBe(1);
    // Industry C34 = D only: K loses 13.5.
    const ind = stressScenario(s, net, { kind: 'industry', industry: 'C34' });
    expect(ind.initialIds).toEqual(['D']);
    expect(ind.systemLoss).toBe(13.5);
    expect(ind.breakdown.system.nplRatio).toBeCloseTo(30 / 230, 12);
  });

  it('core firm = largest DebtRank of its own default', () => {
    const { s, net } = example();
    // W = min(1, exposure / capital): A→B 1, A→K .36, B→C .18, B→A .45, C→K .27, D→K .135.
    // DebtRank of A's default (each node propagates once): B 1, K .36; then C .18; then K + .18·.27 = .4086.
    //   R(A) = (5·1 + 100·.4086 + 100·.18) / 265 = 63.86 / 265.
    // R(B) = (100·.18 + 10·.45 + 100·(.18·.27 + .45·.36)) / 265 = 43.56 / 265; R(C) = 27/265; R(D) = 13.5/265.
    const r = stressScenario(s, net, { kind: 'core' }, { coreCandidates: 4 });
    const core = r.detail.coreFirms as { firm: string; impact: number }[];
    expect(core).toHaveLength(1);
    expect(core[0].firm).toBe('A');
    expect(core[0].impact).toBeCloseTo(63.86 / V, 12);
    expect(r.initialIds).toEqual(['A']);
    const two = stressScenario(s, net, { kind: 'core', count: 2 }, { coreCandidates: 4 }).detail.coreFirms as { firm: string; impact: number }[];
    expect(two.map((c) => c.firm)).toEqual(['A', 'B']);
    expect(two[1].impact).toBeCloseTo(43.56 / V, 12);
  });

  it('credit tightening: firms that cannot repay maturing principal default', () => {
    const { s, net } = example();
    // asOf 2025-12-31 + 90 days = 2026-03-31: L3 (C, 60) and L4 (D, 30) mature; L1 does not, L2 has no date.
    // Buffers 0.2 × assets: C 200 ≥ 60 repays; D 20 < 30 defaults.
    const t = creditTightening(s, 90, 0.2);
    expect(t).toMatchObject({ until: '2026-03-31', maturingLoans: 2, maturingAmount: 90, firmsDue: 2 });
    expect(t.defaulting.map((v) => s.ids[v])).toEqual(['D']);
    const r = stressScenario(s, net, { kind: 'tightening' });
    expect(r.initialIds).toEqual(['D']);
    expect(r.systemLoss).toBe(13.5);
    // 30 days: only L4 (2026-02-15) falls in (2025-12-31, 2026-01-30]? No: none does.
    expect(creditTightening(s, 30, 0.2).maturingLoans).toBe(0);
    // A 5 % buffer: C's 50 < 60 as well.
    expect(creditTightening(s, 90, 0.05).defaulting.map((v) => s.ids[v])).toEqual(['C', 'D']);
  });
});

describe('shockSweep', () => {
  it('starts at no loss, amplifies in between, and ends with every firm in default (linear DebtRank)', () => {
    const { s, net } = example();
    const r = shockSweep(s, net, { steps: 4 });
    expect(r.points.map((p) => p.shock)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(r.points[0]).toMatchObject({ initialLoss: 0, systemLoss: 0, amplification: null, firmsDefaulted: 0 });
    // x = 1: all four firms default, every exposure is lost once: 9 + 36 + 18 + 4.5 + 27 + 13.5 = 108, no amplification.
    expect(r.points[4]).toMatchObject({ systemLoss: 108, initialLoss: 108, amplification: 1, firmsDefaulted: 4, nplRatio: 1 });
    // x = 0.5: B (equity 5) is pushed to 1 by A's 0.5 × W 1 and its further rise is passed on in later rounds.
    expect(r.points[2].amplification!).toBeGreaterThan(1);
    expect(r.options).toEqual({ steps: 4, model: 'linear', tolerance: { baseline: 0.018, raised: 0.03 } });
    for (let k = 1; k < r.points.length; k++) {
      expect(r.points[k].systemLoss).toBeGreaterThanOrEqual(r.points[k - 1].systemLoss);
      if (r.points[k].amplification !== null) expect(r.points[k].amplification!).toBeGreaterThanOrEqual(1 - 1e-12);
    }
  });
});

describe('rankInterventions', () => {
  it('ranks circle-tie cuts and firm rescues by the DebtRank they save (A defaults)', () => {
    const { s, net } = example();
    const r = rankInterventions(s, net, { shock: 'A', maxFirms: 2 });
    // Base R(A) = 63.86/265 (see the core test).
    expect(r.base.debtRank).toBeCloseTo(63.86 / V, 12);
    // Circle {A, B} ties: B backs A (exposure A→B 9) and A backs B (B→A 4.5). First-round shortlist: A, C.
    //   rescue A: nothing propagates, R = 0, saves 63.86/265;
    //   cut B→A: only K .36 → R = 36/265, saves 27.86/265;
    //   rescue C: K loses .18·.27 less, R = 59/265, saves 4.86/265;
    //   cut A→B: B→A only reaches A, already in default: saves 0.
    expect(r.candidates).toEqual({ cuts: 2, rescues: 2 });
    expect(r.ranking.map((x) => `${x.kind}:${x.target}`)).toEqual(['rescue:A', 'cut:B→A', 'rescue:C', 'cut:A→B']);
    const saved = r.ranking.map((x) => x.reduction * V);
    [63.86, 27.86, 4.86, 0].forEach((x, i) => expect(saved[i]).toBeCloseTo(x, 10));
    expect(r.ranking[0].share).toBeCloseTo(1, 12);
  });

  it('no intervention raises DebtRank (property over random shocks of the example)', () => {
    const { s, net } = example();
    fc.assert(fc.property(fc.constantFrom('A', 'B', 'C', 'D', 'park:P1', 'uniform:0.3', 'uniform:0.8'), (shock) => {
      for (const x of rankInterventions(s, net, { shock, maxFirms: 4 }).ranking) expect(x.reduction).toBeGreaterThanOrEqual(-1e-12);
    }), { numRuns: 20 });
  });
});

describe('stressScenario model choice for partial shocks', () => {
  it('runs a park shock with severity < 1 through DebtRank unless a model is given', () => {
    const { s, net } = example();
    // Park P1 (A, B, C) loses half its equity. Nobody defaults from that alone, so the
    // threshold cascade (defaults only) has nothing to propagate: no loss.
    const threshold = stressScenario(s, net, { kind: 'park', park: 'P1', severity: 0.5 }, { model: 'threshold' });
    expect(threshold.model).toBe('threshold');
    expect(threshold.systemLoss).toBe(0);
    // DebtRank propagates the half distress: at least K's losses from A and C in round 1,
    // 36 · 0.5 + 27 · 0.5 = 31.5 (exposures from the header of this file).
    const r = stressScenario(s, net, { kind: 'park', park: 'P1', severity: 0.5 });
    expect(r.model).toBe('debtrank');
    expect(r.systemLoss).toBeGreaterThanOrEqual(31.5);
    // A full default (severity 1) keeps the threshold default.
    expect(stressScenario(s, net, { kind: 'park', park: 'P1' }).model).toBe('threshold');
  });
});
