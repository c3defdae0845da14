/**
 * Published reference values and hand calculations, reproduced through the public models.
 */
import { describe, expect, it } from 'vitest';
import {
  clearing, clearingVector, debtRank, exposureNetworkFromEdges, exposureNetworkFromMatrix,
  linearDebtRank, thresholdCascade,
} from '../../../src/analysis/contagion/index.ts';

/**
 * NetworkRiskMeasures (R, Cinelli & Silva), example of `?debt_rank` / `?contagion`:
 *   assets_matrix <- matrix(c(0, 10, 3, 1, 0, 2, 0, 3, 0), ncol = 3)   (column-major)
 *   buffer <- c(a = 2, b = 5, c = 2); weights <- c(a = 10, b = 100, c = 30)
 * Row i, column j = what i holds on j (i loses it when j defaults):
 *   a: (0, 1, 0)   b: (10, 0, 3)   c: (3, 2, 0)
 * The reference values are the package's "additional stress" (DebtRank R with v = weights / 140),
 * as listed in DOMAIN.md.
 */
const NRM_ASSETS = [[0, 1, 0], [10, 0, 3], [3, 2, 0]];
const NRM_BUFFER = [2, 5, 2];
const NRM_WEIGHTS = [10, 100, 30];
const nrm = () => exposureNetworkFromMatrix(NRM_ASSETS, NRM_BUFFER);
const A = 0, B = 1, C = 2;

describe('NetworkRiskMeasures 3-node example', () => {
  it('linear DebtRank (Bardoscia 2015): additional stress a 0.9285714, b 0.25, c 0.75', () => {
    const net = nrm();
    const r = [A, B, C].map((v) => linearDebtRank(net, { defaults: [v] }, { weights: NRM_WEIGHTS }).debtRank);
    expect(r[A]).toBeCloseTo(0.9285714, 7);
    expect(r[B]).toBeCloseTo(0.25, 7);
    expect(r[C]).toBeCloseTo(0.75, 7);
  });

  it('linear DebtRank from c: the increments 0.6, 0.3, 0.3, 0.15, … settle at h = (0.5, 1, 1)', () => {
    // Hand iteration, Λ(c→b) = 3/5, Λ(b→a) = 1/2, Λ(a→b) = 10/5: b 0.6; a 0.3; b 0.6+0.6 → 1;
    // a 0.3 + 0.5·0.4 = 0.5; then nothing moves. R = (0.5·10 + 1·100) / 140 = 0.75.
    const r = linearDebtRank(nrm(), { defaults: [C] }, { weights: NRM_WEIGHTS });
    expect(Array.from(r.distress)).toEqual([0.5, 1, 1].map((x) => expect.closeTo(x, 12)));
    expect(r.diagnostics!.converged).toBe(true);
  });

  it('threshold cascade: c 0.4285714 (b loses 3 of 5, does not default, passes nothing on)', () => {
    const r = thresholdCascade(nrm(), { defaults: [C] }, { weights: NRM_WEIGHTS });
    expect(r.debtRank).toBeCloseTo(0.4285714, 7);
    expect(r.distress[B]).toBeCloseTo(0.6, 12);
    expect(Array.from(r.defaulted)).toEqual([0, 0, 1]);
  });

  it('single-hit DebtRank (uncapped impact, as contagion(…, single.hit = TRUE)): c 0.7357143', () => {
    // b 0.6 → a 0.5·0.6 = 0.3 → b 0.6 + (10/5)·0.3 = 1.2 → 1; R = (0.3·10 + 1·100 − 0) / 140 − 0 = 0.7357143.
    const r = debtRank(nrm(), { defaults: [C] }, { weights: NRM_WEIGHTS, capImpact: false });
    expect(r.debtRank).toBeCloseTo(0.7357143, 7);
  });

  it('Battiston 2012 DebtRank (W = min(1, ·)): c 0.6642857', () => {
    // b 0.6 → a 0.3 → b 0.6 + min(1, 2)·0.3 = 0.9; R = (0.3·10 + 0.9·100) / 140 = 0.6642857.
    const r = debtRank(nrm(), { defaults: [C] }, { weights: NRM_WEIGHTS });
    expect(r.debtRank).toBeCloseTo(0.6642857, 7);
    expect(r.distress[A]).toBeCloseTo(0.3, 12);
    expect(r.distress[B]).toBeCloseTo(0.9, 12);
    expect(r.rounds.map((x) => x.round)).toEqual([0, 1, 2, 3]);
  });

  it('Battiston DebtRank of a uniform 10 % shock: stress (0.15, 0.26, 0.30)', () => {
    const r = debtRank(nrm(), { distress: Float64Array.of(0.1, 0.1, 0.1) }, { weights: NRM_WEIGHTS });
    expect(r.distress[A]).toBeCloseTo(0.15, 12);
    expect(r.distress[B]).toBeCloseTo(0.26, 12);
    expect(r.distress[C]).toBeCloseTo(0.3, 12);
    // Everyone propagates once in round 1, then is inactive.
    expect(r.diagnostics!.rounds).toBe(1);
  });
});

describe('neva (Barucca et al. 2016) data/ example: three banks in a cycle', () => {
  /**
   * marcobardoscia/neva data/balance_sheets.csv + exposures_table.csv: A, B, C each with
   * external assets − external liabilities = 1, and A lends 0.5 to B, B to C, C to A, so each
   * book equity is 1. Shock: A loses 1.5 of external assets (equity −0.5, in default).
   */
  const net = () => exposureNetworkFromMatrix([[0, 0.5, 0], [0, 0, 0.5], [0.5, 0, 0]], [1, 1, 1]);

  it('linear DebtRank: C loses 0.5, B 0.25, A 0.125 (neva equities −0.625, 0.75, 0.5)', () => {
    // Hand: h_A = 1 → C loses 0.5·1 (h_C 0.5) → B loses 0.5·0.5 (h_B 0.25) → A loses 0.125.
    // neva final equity = book − shock − loss: A 1 − 1.5 − 0.125, B 1 − 0.25, C 1 − 0.5.
    const r = linearDebtRank(net(), { defaults: [0] });
    const equity = [1 - 1.5 - r.loss[0], 1 - r.loss[1], 1 - r.loss[2]];
    expect(equity).toEqual([-0.625, 0.75, 0.5].map((x) => expect.closeTo(x, 12)));
  });

  it('Furfine: only C is hit (0.5 < 1), no further default (neva equities −0.5, 1, 0.5)', () => {
    const r = thresholdCascade(net(), { defaults: [0] });
    expect([1 - 1.5 - r.loss[0], 1 - r.loss[1], 1 - r.loss[2]]).toEqual([-0.5, 1, 0.5]);
    expect(r.defaulted[2]).toBe(0);
  });
});

describe('Eisenberg–Noe clearing vector', () => {
  it('three banks, hand-solved: p = (116/7, 72/7, 10)', () => {
    // 1 owes 2 and 3 ten each (p̄1 = 20), 2 owes 1 five and 3 fifteen (p̄2 = 20), 3 owes 1 ten;
    // e = (4, 2, 1). Guess 3 solvent: p1 = 4 + p2/4 + 10, p2 = 2 + p1/2 ⇒ 7/8 p1 = 14.5,
    // p1 = 116/7, p2 = 72/7; check 3: 1 + p1/2 + 3/4 p2 = 17 ≥ 10, so p3 = p̄3 = 10.
    const cv = clearingVector({
      n: 3,
      debtor: Int32Array.of(0, 0, 1, 1, 2),
      creditor: Int32Array.of(1, 2, 0, 2, 0),
      liability: Float64Array.of(10, 10, 5, 15, 10),
      external: Float64Array.of(4, 2, 1),
    });
    expect(cv.payments[0]).toBeCloseTo(116 / 7, 8);
    expect(cv.payments[1]).toBeCloseTo(72 / 7, 8);
    expect(cv.payments[2]).toBeCloseTo(10, 12);
    expect(Array.from(cv.defaulted)).toEqual([1, 1, 0]);
    expect(cv.converged).toBe(true);
    expect(cv.residual).toBeLessThanOrEqual(1e-9);
    expect(cv.updates).toBeGreaterThan(2);
  });

  it('Barucca, BDF 2017 Exercise 2 (10 % shock on external assets): p = (3, 3, 2)', () => {
    // L = [0 4 0; 0 0 3; 2 0 0], external assets (20, 20, 10) × 0.9, external liabilities
    // (17, 18, 8) senior ⇒ e = (1, 0, 1). p1 = min(4, 1 + p3), p2 = min(3, p1), p3 = min(2, 1 + p2)
    // ⇒ p3 = 2, p1 = 3, p2 = 3; equity (neva style e + inflow − p̄) = (1 + 2 − 4, 0 + 3 − 3, 1 + 3 − 2).
    const cv = clearingVector({
      n: 3,
      debtor: Int32Array.of(0, 1, 2),
      creditor: Int32Array.of(1, 2, 0),
      liability: Float64Array.of(4, 3, 2),
      external: Float64Array.of(18 - 17, 18 - 18, 9 - 8),
    });
    expect(Array.from(cv.payments)).toEqual([3, 3, 2].map((x) => expect.closeTo(x, 9)));
    expect(Array.from(cv.equity)).toEqual([-1, 0, 2].map((x) => expect.closeTo(x, 9)));
  });

  it('on an exposure network: a defaulted node pays nothing, a creditor with capital absorbs it', () => {
    // 0 defaults, owes 1 six and 2 four; 1 has capital 5 (shortfall 1 passes to 2: 1 owes 2 three),
    // 2 has capital 10. Implied e: node 1 = 5 + 3 − 6 = 2. After the default 1 holds 2 and owes 3:
    // pays 2, short 1. Node 2 loses 4 + 1 = 5 < 10.
    const net = exposureNetworkFromEdges(3, Int32Array.of(0, 0, 1), Int32Array.of(1, 2, 2), Float64Array.of(6, 4, 3), Float64Array.of(0, 5, 10));
    const r = clearing(net, { defaults: [0] });
    expect(r.loss[1]).toBeCloseTo(6, 12);
    expect(r.loss[2]).toBeCloseTo(5, 12);
    expect(Array.from(r.defaulted)).toEqual([1, 1, 0]);
    expect(r.transmitted![1]).toBeCloseTo(1 / 3, 12);
    expect(r.distress[2]).toBeCloseTo(0.5, 12);
    expect(r.systemLoss).toBeCloseTo(11, 12);
  });
});
