import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSnapshot } from '../../../src/engine/index.ts';
import { guaranteeCircles, mutualGuarantees } from '../../../src/analysis/guarantee/index.ts';
import { reachability } from '../../helpers/reachability.ts';
import { dataset, firm, guarantees, workedExample } from './fixture.ts';

describe('guaranteeCircles', () => {
  it('reproduces the worked example of docs/guarantee-structure.md', () => {
    const s = buildSnapshot(workedExample());
    const r = guaranteeCircles(s);
    expect(r.circles.map((c) => c.id)).toEqual(['C001', 'C002']);
    const [abc, de] = r.circles;
    expect(abc.members).toEqual(['A', 'B', 'C']);
    // Rows inside {A,B,C}: A→B (10), A→B (5), B→C (20), C→A (30): 4 rows, 65 guaranteed.
    expect(abc.internalEdges).toBe(4);
    expect(abc.guaranteedInside).toBe(65);
    // Distinct ordered pairs 3 (A→B counted once) / (3·2) = 0.5.
    expect(abc.density).toBe(0.5);
    // Loans of members: A 100 + B 50.
    expect(abc.loansOutstanding).toBe(150);
    expect(abc.parks).toEqual(['P1', 'P2']);
    expect(de.members).toEqual(['D', 'E']);
    expect(de.internalEdges).toBe(2);
    expect(de.guaranteedInside).toBe(17);
    expect(de.density).toBe(1); // 2 pairs / (2·1)
    expect(de.loansOutstanding).toBe(30);
    expect(de.parks).toEqual(['P2']);
    expect(r.firmsInCircles).toBe(5);
    expect([...r.circleOf]).toEqual([0, 0, 0, 1, 1, -1, -1, -1]);
    expect(r.options).toEqual({ minSize: 2 });
  });

  it('numbers circles by size, then by smallest member id, whatever the row order', () => {
    // Two pairs of equal size: {X1, Z} and {X0, Y}; X0 < X1 so {X0, Y} is C001. The 3-circle comes first.
    const rows: [string, string, number][] = [['Z', 'X1', 1], ['X1', 'Z', 1], ['Y', 'X0', 1], ['X0', 'Y', 1], ['Q', 'R', 1], ['R', 'S', 1], ['S', 'Q', 1]];
    const firms = ['Z', 'X1', 'Y', 'X0', 'Q', 'R', 'S'].map((id) => firm(id));
    const a = guaranteeCircles(buildSnapshot(dataset({ firms, guarantees: guarantees(rows) })));
    const b = guaranteeCircles(buildSnapshot(dataset({ firms: [...firms].reverse(), guarantees: guarantees([...rows].reverse()) })));
    for (const r of [a, b]) expect(r.circles.map((c) => `${c.id}:${c.members.join(',')}`)).toEqual(['C001:Q,R,S', 'C002:X0,Y', 'C003:X1,Z']);
  });

  it('reports mutual pairs with their amounts and circle', () => {
    const s = buildSnapshot(workedExample());
    // Only D ⇄ E is mutual (D→E 8, E→D 9); it is the whole circle C002.
    expect(mutualGuarantees(s)).toEqual([{ a: 'D', b: 'E', aForB: 8, bForA: 9, circle: 'C002', isolated: true }]);
  });

  // Guarantor ≠ borrower by construction (b = a + 1 + k mod n), never by filtering.
  const graphs = fc.integer({ min: 2, max: 10 }).chain((n) => fc.tuple(
    fc.constant(n),
    fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 2), fc.integer({ min: 1, max: 9 })).map(([a, k, w]): [number, number, number] => [a, (a + 1 + k) % n, w]), { maxLength: 30 }),
  ));
  const snapshotOf = (n: number, edges: [number, number, number][]) => buildSnapshot(dataset({
    firms: Array.from({ length: n }, (_, i) => firm(`F${i}`)),
    guarantees: guarantees(edges.map(([a, b, w]) => [`F${a}`, `F${b}`, w])),
  }));

  it('circles = groups of ≥ 2 mutually reachable firms (property)', () => {
    fc.assert(fc.property(graphs, ([n, edges]) => {
      const r = guaranteeCircles(snapshotOf(n, edges));
      const R = reachability(n, edges);
      for (let u = 0; u < n; u++) {
        let classSize = 0;
        for (let v = 0; v < n; v++) if (R[u][v] && R[v][u]) classSize++;
        expect(r.circleOf[u] >= 0).toBe(classSize >= 2);
        if (classSize >= 2) expect(r.circles[r.circleOf[u]].size).toBe(classSize);
        for (let v = 0; v < n; v++) if (r.circleOf[u] >= 0) expect(r.circleOf[u] === r.circleOf[v]).toBe(R[u][v] && R[v][u]);
      }
      for (let i = 1; i < r.circles.length; i++) expect(r.circles[i - 1].size).toBeGreaterThanOrEqual(r.circles[i].size);
      for (const c of r.circles) expect(c.density).toBeLessThanOrEqual(1);
    }), { numRuns: 300 });
  });

  it('mutual pairs = pairs with edges both ways (property)', () => {
    fc.assert(fc.property(graphs, ([n, edges]) => {
      const s = snapshotOf(n, edges);
      const has = new Set(edges.map(([a, b]) => `${a}>${b}`));
      const expected: string[] = [];
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (has.has(`${a}>${b}`) && has.has(`${b}>${a}`)) expected.push([`F${a}`, `F${b}`].sort().join('|'));
      expect(mutualGuarantees(s).map((p) => `${p.a}|${p.b}`).sort()).toEqual(expected.sort());
    }), { numRuns: 200 });
  });
});

describe('mutualGuarantees with a larger minimum circle size', () => {
  it('still reports pairs whose component is below minSize, without a circle id', () => {
    const s = buildSnapshot(workedExample());
    // With minSize 3 only {A,B,C} is a circle (C001); the pair D ⇄ E keeps its amounts but has no circle.
    expect(mutualGuarantees(s, guaranteeCircles(s, { minSize: 3 }))).toEqual([{ a: 'D', b: 'E', aForB: 8, bForA: 9, circle: null, isolated: true }]);
  });
});
