import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../../src/engine/index.ts';
import { datasetSummary } from '../../../src/analysis/metrics/index.ts';
import { workedExample } from '../guarantee/fixture.ts';

describe('datasetSummary', () => {
  it('totals the worked example by hand', () => {
    const ds = workedExample();
    ds.guarantees.push(
      { id: 'j1', guarantor_id: 'E', borrower_id: 'H', loan_id: 'L4', amount: 20, group: 'J' },
      { id: 'j2', guarantor_id: 'G', borrower_id: 'H', loan_id: 'L4', amount: 20, group: 'J' },
    );
    ds.supply.push({ supplier_id: 'A', customer_id: 'C', value: 300 }, { supplier_id: 'B', customer_id: 'C', value: 45.5 });
    const r = datasetSummary(buildSnapshot(ds));
    expect(r.meta.name).toBe('test');
    expect(r.counts.firms).toEqual({ total: 8, enterprise: 7, guarantor: 1 }); // F is a guarantee company
    expect(r.counts.banks).toEqual({ total: 2, byKind: { state: 0, joint_stock: 0, city: 1, rural: 0, village: 0, other: 0, unspecified: 1 } });
    expect(r.counts.parks).toEqual({ total: 2, byKind: { micro: 1, industrial: 0, tech: 0, other: 0, unspecified: 1 } });
    expect(r.counts.loans).toEqual({ total: 4, byStatus: { normal: 1, special_mention: 1, npl: 1, unspecified: 1 } });
    expect(r.counts.guarantees).toBe(12);
    expect(r.counts.jointGroups).toBe(1);
    expect(r.counts.supply).toBe(2);
    expect(r.counts.ownership).toBe(0);
    // P1 = {A, B}: employees 10 + 20, loans L1 100 + L2 50, guaranteed on A (C→A 30, F→A 11) + B (10 + 5) = 56.
    // P2 = {C, D}: employees 5 (D unknown), loans L3 30, guaranteed on C (20) + D (9 + 4) = 33.
    // Outside = {E, F, G, H}: employees 7, loans L4 20, guaranteed on E 8, G 6, H 7 + 20 + 20 = 61.
    expect(r.parks).toEqual([
      { id: 'P1', name: 'Park one', kind: 'micro', firms: 2, employees: 30, loansOutstanding: 150, guaranteed: 56 },
      { id: 'P2', name: 'Park two', kind: null, firms: 2, employees: 5, loansOutstanding: 30, guaranteed: 33 },
    ]);
    expect(r.outsideParks).toEqual({ firms: 4, employees: 7, loansOutstanding: 20, guaranteed: 61 });
    // 56 + 33 + 61 = 150 guaranteed; loans 200; supply 345.5; risk-shared only L1 (100).
    expect(r.exposure).toEqual({ loanOutstanding: 200, guaranteed: 150, supplyValue: 345.5, riskShareCovered: 100 });
    // Circles {A,B,C} and {D,E} (docs/guarantee-structure.md); E → H and G → H do not close a new cycle.
    expect(r.circles).toEqual({ count: 2, sizes: [3, 2], largest: 3, firmsInCircles: 5 });
  });
});
