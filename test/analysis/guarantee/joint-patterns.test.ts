import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSnapshot } from '../../../src/engine/index.ts';
import { guaranteePatterns, jointGroups } from '../../../src/analysis/guarantee/index.ts';
import { dataset, firm, guarantees, workedExample } from './fixture.ts';

describe('jointGroups (联保)', () => {
  it('gives amount / k expected and the full amount worst case', () => {
    const ds = dataset({
      firms: ['B', 'G1', 'G2', 'G3'].map((id) => firm(id)),
      banks: [{ id: 'K', name: 'K', capital: 100 }],
      loans: [{ id: 'L', bank_id: 'K', borrower_id: 'B', amount: 90, outstanding: 60 }],
      guarantees: [
        { id: 'j1', guarantor_id: 'G1', borrower_id: 'B', loan_id: 'L', amount: 90, group: 'J' },
        { id: 'j2', guarantor_id: 'G2', borrower_id: 'B', loan_id: 'L', amount: 90, group: 'J' },
        { id: 'j3', guarantor_id: 'G3', borrower_id: 'B', loan_id: 'L', amount: 60, group: 'J' },
        { id: 's1', guarantor_id: 'G1', borrower_id: 'B', amount: 5 },
      ],
    });
    const [g] = jointGroups(buildSnapshot(ds));
    // k = 3: expected 90/3 = 30, 30, 60/3 = 20 (total 80); worst = each row's own amount, largest 90.
    expect(g).toEqual({
      group: 'J', loan: 'L', borrower: 'B', loanOutstanding: 60, k: 3,
      members: [
        { guarantor: 'G1', guarantee: 'j1', amount: 90, expected: 30, worst: 90 },
        { guarantor: 'G2', guarantee: 'j2', amount: 90, expected: 30, worst: 90 },
        { guarantor: 'G3', guarantee: 'j3', amount: 60, expected: 20, worst: 60 },
      ],
      expectedTotal: 80, worstSingle: 90,
    });
    expect(jointGroups(buildSnapshot(ds))).toHaveLength(1); // the ungrouped row s1 is not a 联保 group
  });
});

describe('guaranteePatterns', () => {
  it('counts the five patterns of the worked example', () => {
    const r = guaranteePatterns(buildSnapshot(workedExample()));
    // Distinct guarantors In / borrowers Out (docs/guarantee-structure.md):
    // A In{C,F} Out{B}; B In{A} Out{C}; C In{B} Out{A,D}; D In{C,E} Out{E}; E In{D} Out{D};
    // F In{} Out{G,A}; G In{F} Out{H}; H In{G} Out{}.
    // chain = |In|·|Out| − |In∩Out|: A 2, B 1, C 2, D 2·1−1 = 1, E 1−1 = 0, F 0, G 1, H 0.
    //                              A  B  C  D  E  F  G  H
    expect([...r.chain]).toEqual([2, 1, 2, 1, 0, 0, 1, 0]);
    expect([...r.mutual]).toEqual([0, 0, 0, 1, 1, 0, 0, 0]);
    expect([...r.circle]).toEqual([1, 1, 1, 0, 0, 0, 0, 0]); // {D,E} is a pair, counted as mutual
    expect([...r.cross]).toEqual([0, 0, 2, 0, 0, 2, 0, 0]);
    expect([...r.focus]).toEqual([2, 0, 0, 2, 0, 0, 0, 0]);
    expect(r.firms).toEqual({ chain: 5, mutual: 2, circle: 3, cross: 2, focus: 2 });
    // Inside C001 only A→B, B→C, C→A: each member is the middle of one 2-path.
    expect(r.circles).toEqual([
      { circle: 'C001', chain: 3, mutual: 0, cross: 0, focus: 0 },
      { circle: 'C002', chain: 0, mutual: 1, cross: 0, focus: 0 },
    ]);
  });

  it('chain count = brute-force 2-paths through the firm (property)', () => {
    const graphs = fc.integer({ min: 2, max: 8 }).chain((n) => fc.tuple(
      fc.constant(n),
      fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 2)).map(([a, k]): [number, number] => [a, (a + 1 + k) % n]), { maxLength: 25 }),
    ));
    fc.assert(fc.property(graphs, ([n, edges]) => {
      const r = guaranteePatterns(buildSnapshot(dataset({
        firms: Array.from({ length: n }, (_, i) => firm(`F${i}`)),
        guarantees: guarantees(edges.map(([a, b]) => [`F${a}`, `F${b}`, 1])),
      })));
      const has = new Set(edges.map(([a, b]) => `${a}>${b}`));
      for (let v = 0; v < n; v++) {
        let paths = 0, mutual = 0, outs = 0, ins = 0;
        for (let u = 0; u < n; u++) {
          if (has.has(`${v}>${u}`)) outs++;
          if (has.has(`${u}>${v}`)) ins++;
          if (has.has(`${v}>${u}`) && has.has(`${u}>${v}`)) mutual++;
          for (let w = 0; w < n; w++) if (u !== w && has.has(`${u}>${v}`) && has.has(`${v}>${w}`)) paths++;
        }
        expect(r.chain[v]).toBe(paths);
        expect(r.mutual[v]).toBe(mutual);
        expect(r.cross[v]).toBe(outs >= 2 ? outs : 0);
        expect(r.focus[v]).toBe(ins >= 2 ? ins : 0);
      }
    }), { numRuns: 200 });
  });
});
