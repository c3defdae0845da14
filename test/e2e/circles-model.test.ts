/**
 * The circles tool's pure parts (web/src/panels/circles-model.ts) and the layout plan
 * for large graphs (web/src/workers/layout.ts), in Node without a browser. The browser
 * journey is journey-circles.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { GraphPayload } from '../../web/src/api/index.ts';
import type { CircleFragilityRow, CircleRow, FirmChainsBody } from '../../web/src/api/circles.ts';
import { buildCreditGraph, tieOfKey } from '../../web/src/graph/index.ts';
import {
  byDepth, chainHighlight, circleHighlight, isCirclesHighlight, nextSort, sortCircles, DEFAULT_CIRCLE_SORT,
} from '../../web/src/panels/circles-model.ts';
import { LAYOUT_DEFAULTS, layoutPlan } from '../../web/src/workers/index.ts';

function circle(id: string, size: number, amount: number, loans: number, parks: string[]): CircleRow {
  return {
    id, size, members: [], internalEdges: 0, guaranteedInside: amount, loansOutstanding: loans, density: 1, parks,
    patterns: { circle: id, chain: 0, mutual: 0, cross: 0, focus: 0 },
  };
}

const rows = [
  circle('C001', 5, 10, 300, ['P1', 'P2']),
  circle('C002', 3, 40, 100, ['P1']),
  circle('C003', 3, 20, 200, []),
  circle('C004', 2, 40, 50, ['P1', 'P2', 'P3']),
];
const rho = (id: string, spectralRadius: number): [string, CircleFragilityRow] =>
  [id, { id, size: 0, spectralRadius, lower: spectralRadius, upper: spectralRadius, iterations: 1, converged: true, amplifies: spectralRadius > 1 }];

describe('circle table order', () => {
  const ids = (list: CircleRow[]) => list.map((c) => c.id);

  it('keeps the API order by default and flips a column on a second click', () => {
    expect(ids(sortCircles(rows, DEFAULT_CIRCLE_SORT))).toEqual(['C001', 'C002', 'C003', 'C004']);
    const size = nextSort(DEFAULT_CIRCLE_SORT, 'size');
    expect(size).toEqual({ key: 'size', dir: 'desc' });
    expect(nextSort(size, 'size')).toEqual({ key: 'size', dir: 'asc' });
    expect(nextSort(DEFAULT_CIRCLE_SORT, 'id')).toEqual({ key: 'id', dir: 'desc' });
  });

  it('sorts each numeric column, ties in the API order', () => {
    // Sizes 5, 3, 3, 2: C002 and C003 tie and stay in API order both ways.
    expect(ids(sortCircles(rows, { key: 'size', dir: 'desc' }))).toEqual(['C001', 'C002', 'C003', 'C004']);
    expect(ids(sortCircles(rows, { key: 'size', dir: 'asc' }))).toEqual(['C004', 'C002', 'C003', 'C001']);
    // Amounts 10, 40, 20, 40.
    expect(ids(sortCircles(rows, { key: 'amount', dir: 'desc' }))).toEqual(['C002', 'C004', 'C003', 'C001']);
    // Loans 300, 100, 200, 50.
    expect(ids(sortCircles(rows, { key: 'loans', dir: 'asc' }))).toEqual(['C004', 'C002', 'C003', 'C001']);
    // Parks spanned 2, 1, 0, 3.
    expect(ids(sortCircles(rows, { key: 'parks', dir: 'desc' }))).toEqual(['C004', 'C001', 'C002', 'C003']);
    expect(ids(sortCircles(rows, { key: 'id', dir: 'desc' }))).toEqual(['C004', 'C003', 'C002', 'C001']);
  });

  it('sorts by fragility, unknown values last in both directions', () => {
    const f = new Map([rho('C001', 0.2), rho('C002', 1.3), rho('C004', 0.5)]);
    expect(ids(sortCircles(rows, { key: 'fragility', dir: 'desc' }, f))).toEqual(['C002', 'C004', 'C001', 'C003']);
    expect(ids(sortCircles(rows, { key: 'fragility', dir: 'asc' }, f))).toEqual(['C001', 'C004', 'C002', 'C003']);
    // Not loaded yet: the API order.
    expect(ids(sortCircles(rows, { key: 'fragility', dir: 'desc' }, null))).toEqual(['C001', 'C002', 'C003', 'C004']);
  });
});

/**
 * Firms A, B, C, D, bank K. Payload edge order (= edge keys): 0 loan K→A, 1 guarantee A→B,
 * 2 guarantee B→A, 3 guarantee B→C, 4 supply A→B, 5 guarantee C→D.
 * Circle {A, B}: the guarantees among members are edges 1 and 2 (not 3: C is outside, not 4: supply).
 */
const payload: GraphPayload = {
  nodes: {
    id: ['A', 'B', 'C', 'D', 'K'], name: ['a', 'b', 'c', 'd', 'k'], type: ['firm', 'firm', 'firm', 'firm', 'bank'],
    park: [0, 0, -1, -1, -1], industry: ['C1', 'C1', 'C2', 'C2', ''], borrowing: [10, 0, 0, 0, 0], equity: [1, 1, 1, 1, 100], flags: ['', '', '', '', ''],
  },
  edges: {
    kind: ['loan', 'guarantee', 'guarantee', 'guarantee', 'supply', 'guarantee'],
    source: [4, 0, 1, 1, 0, 2], target: [0, 1, 0, 2, 1, 3], weight: [10, 5, 5, 3, 7, 2],
  },
  parks: [{ id: 'P1', name: 'p', kind: null, lead_industries: [] }],
  meta: { name: 't', formatVersion: 1, currency: 'CNY', unit: 10000 },
};

describe('map emphasis', () => {
  const build = buildCreditGraph(payload);

  it('a circle: its members and only the guarantees between them', () => {
    const h = circleHighlight(build, payload, { id: 'C001', members: ['A', 'B'] });
    expect(h.key).toBe('circle:C001');
    expect([...h.nodes].sort()).toEqual(['A', 'B']);
    expect([...h.edges!].sort()).toEqual(['guarantee:1', 'guarantee:2']);
    expect(h.depth).toBeUndefined();
    expect(isCirclesHighlight(h)).toBe(true);
    expect(isCirclesHighlight({ key: 'path:A', nodes: new Set(), edges: null })).toBe(false);
  });

  it("a firm's chains: depth 0 for the firm, the nearer side for a firm both up and down", () => {
    // B: guarantor A (hop −1); borrowers A (+1), C (+1), D (+2). A is both: |−1| = |+1|, up kept.
    const chains: FirmChainsBody = {
      firm: 'B',
      up: [{ id: 'A', hop: -1 }],
      down: [{ id: 'A', hop: 1 }, { id: 'C', hop: 1 }, { id: 'D', hop: 2 }],
      edges: [
        { id: 'g1', guarantor: 'A', borrower: 'B', amount: 5, graphEdge: 1 },
        { id: 'g2', guarantor: 'B', borrower: 'A', amount: 5, graphEdge: 2 },
        { id: 'g3', guarantor: 'B', borrower: 'C', amount: 3, graphEdge: 3 },
        { id: 'g5', guarantor: 'C', borrower: 'D', amount: 2, graphEdge: 5 },
      ],
      truncated: false,
      options: { hops: 2, maxFirms: 500 },
    };
    const h = chainHighlight(chains);
    expect(h.key).toBe('chain:B');
    expect([...h.depth!.entries()].sort()).toEqual([['A', -1], ['B', 0], ['C', 1], ['D', 2]]);
    expect([...h.nodes].sort()).toEqual(['A', 'B', 'C', 'D']);
    expect([...h.edges!].sort()).toEqual(['guarantee:1', 'guarantee:2', 'guarantee:3', 'guarantee:5']);
    // Every highlighted key is a guarantee of the model between the API's guarantor and borrower.
    for (const e of chains.edges) {
      const tie = tieOfKey(payload, `guarantee:${e.graphEdge}`)!;
      expect([payload.nodes.id[payload.edges.source[tie]], payload.nodes.id[payload.edges.target[tie]]]).toEqual([e.guarantor, e.borrower]);
    }
    expect(byDepth(chains.down)).toEqual([{ depth: 1, ids: ['A', 'C'] }, { depth: 2, ids: ['D'] }]);
  });
});

describe('layout plan', () => {
  it('streams frames and runs the full budget up to largeOrder nodes, not above', () => {
    expect(layoutPlan(2_009)).toEqual({ maxIterations: LAYOUT_DEFAULTS.maxIterations, streamFrames: true, autoStart: true });
    expect(layoutPlan(LAYOUT_DEFAULTS.largeOrder)).toEqual({ maxIterations: LAYOUT_DEFAULTS.maxIterations, streamFrames: true, autoStart: true });
    expect(layoutPlan(100_012)).toEqual({ maxIterations: LAYOUT_DEFAULTS.largeMaxIterations, streamFrames: false, autoStart: false });
    expect(layoutPlan(100_012, { maxIterations: 10 })).toEqual({ maxIterations: 10, streamFrames: false, autoStart: false });
  });
});
