/**
 * The viewer's pure parts (web/src: graph model, seed layout, reducers, search,
 * i18n, state, layout matrices), tested in Node without a browser. The browser
 * behaviour is covered by viewer.test.ts against the real server.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iterate from 'graphology-layout-forceatlas2/iterate.js';
import type { EdgeKind, GraphPayload } from '../../web/src/api/index.ts';
import { EDGE_KINDS } from '../../web/src/api/index.ts';
import {
  BANK_COLOR, NO_PARK_COLOR, NODE_SIZE_DEFAULTS, PARK_PALETTE,
  SEED_LAYOUT_DEFAULTS, buildCreditGraph, forEachTie, parkColor, seedPositions, sqrtSize, tieKey,
} from '../../web/src/graph/index.ts';
import { amountUnitLabel, en, formatNumber, formatShare, resolveLang, t, zhCN, type MessageKey } from '../../web/src/i18n/index.ts';
import { buildSearchIndex, normalise, searchNodes } from '../../web/src/panels/index.ts';
import { createStore, initialState, toggleEdgeKind, type ViewerState } from '../../web/src/state/index.ts';
import { PPE, PPN, layoutMatrices, layoutSettings } from '../../web/src/workers/index.ts';
import { LabelBoxes } from '../../web/src/render/labels.ts';

/** A payload of the GET /api/graph shape (docs/development.md, "API"). */
function payload(spec: {
  firms: { park: number; borrowing: number; name?: string }[];
  banks?: number;
  parks?: number;
  edges?: [EdgeKind, number, number, number][];
}): GraphPayload {
  const banks = spec.banks ?? 0;
  const nParks = spec.parks ?? 0;
  const ids = [...spec.firms.map((_, i) => `F${i}`), ...Array.from({ length: banks }, (_, b) => `B${b}`)];
  const edges = spec.edges ?? [];
  return {
    nodes: {
      id: ids,
      name: [...spec.firms.map((f, i) => f.name ?? `firm ${i}`), ...Array.from({ length: banks }, (_, b) => `bank ${b}`)],
      type: [...spec.firms.map(() => 'firm' as const), ...Array.from({ length: banks }, () => 'bank' as const)],
      park: [...spec.firms.map((f) => f.park), ...Array.from({ length: banks }, () => -1)],
      industry: [...spec.firms.map(() => 'C3311'), ...Array.from({ length: banks }, () => '')],
      borrowing: [...spec.firms.map((f) => f.borrowing), ...Array.from({ length: banks }, () => 0)],
      equity: ids.map(() => null),
      flags: ids.map(() => ''),
    },
    edges: { kind: edges.map((e) => e[0]), source: edges.map((e) => e[1]), target: edges.map((e) => e[2]), weight: edges.map((e) => e[3]) },
    parks: Array.from({ length: nParks }, (_, p) => ({ id: `P${p}`, name: `park ${p}`, kind: 'micro' as const, lead_industries: [] })),
    meta: { name: 'test', formatVersion: 1, currency: 'CNY', unit: 10000 },
  };
}

const baseState: ViewerState = initialState('en');

describe('i18n', () => {
  const keys = Object.keys(en) as MessageKey[];
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has every label in both languages, with the same placeholders', () => {
    expect(Object.keys(zhCN).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(en[key].length, key).toBeGreaterThan(0);
      expect(zhCN[key].length, key).toBeGreaterThan(0);
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('translates the visible labels (zh-CN differs from en except placeholders and acronyms)', () => {
    // File formats and the names of measures that Chinese risk texts also write in Latin letters.
    const ACRONYMS = /\b(GEXF|CSV|PNG|DebtRank|VaR|ES|LQ|NPL)\b/g;
    const same = keys.filter((k) => zhCN[k] === en[k]);
    expect(same.filter((k) => en[k].replace(ACRONYMS, '').replace(/\{\w+\}|\s/g, '') !== '')).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'summary.largestCircle', { size: 9 })).toBe('largest 9');
    expect(t('zh-CN', 'summary.largestCircle', { size: 9 })).toBe('最大 9 家');
    expect(t('en', 'summary.largestCircle', {})).toBe('largest {size}');
  });

  it('resolves the language: stored choice, then browser preference, then en', () => {
    expect(resolveLang('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(resolveLang(null, ['fr-FR', 'zh-TW', 'en'])).toBe('zh-CN');
    expect(resolveLang(null, ['en-GB', 'zh-CN'])).toBe('en');
    expect(resolveLang('klingon', ['de'])).toBe('en');
    fc.assert(fc.property(fc.option(fc.string()), fc.array(fc.string()), (stored, preferred) => {
      const lang = resolveLang(stored, preferred);
      expect(['zh-CN', 'en']).toContain(lang);
      if (stored === 'zh-CN' || stored === 'en') expect(lang).toBe(stored);
      else expect(resolveLang(stored, ['zh-Hans-CN', ...preferred])).toBe('zh-CN');
    }));
  });

  it('formats numbers per locale and names the amount unit', () => {
    // Intl grouping for both locales is the comma every 3 digits (CLDR).
    expect(formatNumber('en', 1234567.891)).toBe('1,234,567.89');
    expect(formatNumber('zh-CN', 1234567.891, 0)).toBe('1,234,568');
    expect(formatNumber('en', NaN)).toBe('–');
    expect(formatNumber('en', null)).toBe('–');
    expect(formatShare('en', 0.45)).toBe('45 %');
    expect(amountUnitLabel('zh-CN', 10000, 'CNY')).toBe('万元');
    expect(amountUnitLabel('en', 10000, 'CNY')).toBe('10k CNY');
    expect(amountUnitLabel('en', 1, 'USD')).toBe('USD');
  });
});

describe('graph model', () => {
  it('sizes by √amount between the bounds', () => {
    // Hand: value = max/4 → √(1/4) = ½ → min + ½(max − min) = 2 + 4 = 6.
    expect(sqrtSize(25, 100, 2, 10)).toBe(6);
    expect(sqrtSize(100, 100, 2, 10)).toBe(10);
    expect(sqrtSize(0, 100, 2, 10)).toBe(2);
    expect(sqrtSize(NaN, 100, 2, 10)).toBe(2);
    fc.assert(fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 1e-3, max: 1e9, noNaN: true }), (v, max) => {
      const s = sqrtSize(v, max, 3, 12);
      expect(s).toBeGreaterThanOrEqual(3);
      expect(s).toBeLessThanOrEqual(12);
    }));
  });

  it('builds the node graph and the tie index with kinds, colours, shapes and counts', () => {
    // Firms F0, F1 in park 0, F2 outside; bank B0 (index 3) lends to F0 twice and F1 once.
    const p = payload({
      firms: [{ park: 0, borrowing: 400 }, { park: 0, borrowing: 100 }, { park: -1, borrowing: 0 }],
      banks: 1, parks: 1,
      edges: [['loan', 3, 0, 300], ['loan', 3, 0, 100], ['loan', 3, 1, 100], ['guarantee', 1, 0, 50], ['supply', 2, 0, 20], ['ownership', 0, 1, 0.4]],
    });
    const { graph, ties, edgeCounts, parkMembers, outsideParks } = buildCreditGraph(p);
    expect(graph.order).toBe(4);
    expect(graph.size).toBe(0); // ties are not graphology edges (render/ties.ts draws them)
    // Ties per node, both ends: F0 has loans 0, 1, guarantee 3, supply 4, ownership 5; B0 the three loans.
    const of = (v: number) => [...ties.edges.subarray(ties.offsets[v], ties.offsets[v + 1])].sort();
    expect([of(0), of(1), of(2), of(3)]).toEqual([[0, 1, 3, 4, 5], [2, 3, 5], [4], [0, 1, 2]]); // parallel loans kept
    expect(edgeCounts).toEqual({ loan: 3, guarantee: 1, supply: 1, ownership: 1 });
    expect(parkMembers).toEqual([1 + 1]);
    expect(outsideParks).toBe(1);
    const s = NODE_SIZE_DEFAULTS;
    // F0 borrows the most → firmMax; F1 = 100/400 → √¼ = ½ of the range.
    expect(graph.getNodeAttribute('F0', 'size')).toBe(s.firmMax);
    expect(graph.getNodeAttribute('F1', 'size')).toBe(s.firmMin + (s.firmMax - s.firmMin) / 2);
    expect(graph.getNodeAttribute('F2', 'size')).toBe(s.firmMin);
    // The only bank lends 500 = the maximum.
    expect(graph.getNodeAttributes('B0')).toMatchObject({ type: 'diamond', color: BANK_COLOR, exposure: 500, size: s.bankMax, nodeType: 'bank' });
    expect(graph.getNodeAttribute('F0', 'color')).toBe(PARK_PALETTE[0]);
    expect(graph.getNodeAttribute('F2', 'color')).toBe(NO_PARK_COLOR);
    expect(tieKey(p, 3)).toBe('guarantee:3');
    const seen: [number, number, boolean][] = [];
    forEachTie(p, ties, 1, (e, other, outgoing) => seen.push([e, other, outgoing]));
    expect(seen.sort()).toEqual([[2, 3, false], [3, 0, true], [5, 0, false]]); // F1 guarantees F0
  });

  it('cycles the park palette without skipping colours', () => {
    expect(parkColor(-1)).toBe(NO_PARK_COLOR);
    expect(parkColor(PARK_PALETTE.length + 2)).toBe(PARK_PALETTE[2]);
    expect(new Set(PARK_PALETTE).size).toBe(PARK_PALETTE.length);
  });
});

describe('seed layout', () => {
  it('places a lone firm on the first sunflower slot', () => {
    // n = 1 → R = 22·√1 = 22; one group → centre (0, 0); spacing = 0.9·22/√1 = 19.8; k = 0: r = 19.8·√0.5, θ = 0.
    const xy = seedPositions(payload({ firms: [{ park: 0, borrowing: 1 }], parks: 1 }));
    expect(xy[0]).toBeCloseTo(19.8 * Math.sqrt(0.5), 10);
    expect(xy[1]).toBeCloseTo(0, 10);
  });

  it('puts the park centres on the circle, first at the top (−π/2)', () => {
    // Two parks, one firm each, 2 nodes → R = 22·√2 ≈ 31.11; centres at angles −π/2 and π/2 →
    // (0, −R) and (0, R); halfChord = R·sin(π/2) = R, spacing = 0.9·R, first slot r = 0.9·R·√0.5 along θ = 0.
    const xy = seedPositions(payload({ firms: [{ park: 0, borrowing: 1 }, { park: 1, borrowing: 1 }], parks: 2 }));
    const R = 22 * Math.SQRT2;
    const r = 0.9 * R * Math.sqrt(0.5);
    expect(xy[0]).toBeCloseTo(r, 9);
    expect(xy[1]).toBeCloseTo(-R, 9);
    expect(xy[2]).toBeCloseTo(r, 9);
    expect(xy[3]).toBeCloseTo(R, 9);
  });

  const layoutCase = fc.record({
    parks: fc.integer({ min: 1, max: 9 }),
    firms: fc.array(fc.record({ park: fc.integer({ min: -1, max: 8 }), borrowing: fc.double({ min: 0, max: 1e6, noNaN: true }) }), { minLength: 1, maxLength: 120 }),
    banks: fc.integer({ min: 0, max: 5 }),
  }).map(({ parks, firms, banks }) => payload({ parks, banks, firms: firms.map((f) => ({ ...f, park: f.park < parks ? f.park : -1 })) }));

  it('is deterministic, finite, and keeps every firm nearest its own group (discs do not overlap)', () => {
    fc.assert(fc.property(layoutCase, (p) => {
      const xy = seedPositions(p);
      expect(Array.from(seedPositions(p))).toEqual(Array.from(xy));
      expect(xy.every(Number.isFinite)).toBe(true);
      const n = p.nodes.id.length;
      const group = (v: number) => (p.nodes.park[v] >= 0 ? p.nodes.park[v] : -1);
      // Group centres = mean of the members' positions is not the disc centre; use the
      // disc centres recomputed from the contract instead: slot order = used groups in index order.
      const used = [...new Set(Array.from({ length: n }, (_, v) => v).filter((v) => p.nodes.type[v] === 'firm').map(group))]
        .sort((a, b) => (a === -1 ? Infinity : a) - (b === -1 ? Infinity : b));
      const slots = used.length;
      const centre = new Map(used.map((g, slot) => {
        const angle = (2 * Math.PI * slot) / slots - Math.PI / 2;
        const R = SEED_LAYOUT_DEFAULTS.scale * Math.sqrt(n);
        return [g, slots > 1 ? [R * Math.cos(angle), R * Math.sin(angle)] : [0, 0]];
      }));
      for (let v = 0; v < n; v++) {
        if (p.nodes.type[v] !== 'firm') continue;
        const [cx, cy] = centre.get(group(v))!;
        const own = Math.hypot(xy[2 * v] - cx, xy[2 * v + 1] - cy);
        for (const [g, [ox, oy]] of centre) {
          if (g === group(v)) continue;
          expect(own).toBeLessThan(Math.hypot(xy[2 * v] - ox, xy[2 * v + 1] - oy));
        }
      }
    }), { numRuns: 150 });
  });

  it('never stacks two nodes on one point', () => {
    fc.assert(fc.property(layoutCase, (p) => {
      const xy = seedPositions(p);
      const seen = new Set<string>();
      for (let v = 0; v < p.nodes.id.length; v++) seen.add(`${xy[2 * v].toFixed(9)},${xy[2 * v + 1].toFixed(9)}`);
      expect(seen.size).toBe(p.nodes.id.length);
    }), { numRuns: 150 });
  });
});

describe('search', () => {
  const index = buildSearchIndex(
    ['F001', 'F010', 'F100', 'B1'],
    ['温州华鑫机械有限公司', '华鑫阀门', 'Acme Valve', '温州银行'],
    ['firm', 'firm', 'firm', 'bank'],
  );

  it('ranks exact id, id prefix, name prefix, name substring, id substring', () => {
    expect(searchNodes(index, 'F010').map((h) => h.key)).toEqual(['F010']);
    // 'f0' is a prefix of F001 and F010 only (rank 1); equal ranks go shorter name first:
    // 华鑫阀门 (4 chars) before 温州华鑫机械有限公司 (10).
    expect(searchNodes(index, 'f0').map((h) => [h.key, h.rank])).toEqual([['F010', 1], ['F001', 1]]);
    // '0' is inside all three firm ids but starts none (rank 4): 华鑫阀门 (4) first, then the two
    // 10-character names in dataset order, F001 before F100.
    expect(searchNodes(index, '0').map((h) => [h.key, h.rank])).toEqual([['F010', 4], ['F001', 4], ['F100', 4]]);
    // '华鑫' starts 华鑫阀门 (rank 2) and is inside 温州华鑫机械有限公司 (rank 3).
    expect(searchNodes(index, '华鑫').map((h) => [h.key, h.rank])).toEqual([['F010', 2], ['F001', 3]]);
    // NFKC: full-width 'ＡＣＭＥ' is 'acme'.
    expect(searchNodes(index, 'ＡＣＭＥ').map((h) => h.key)).toEqual(['F100']);
    expect(searchNodes(index, '   ')).toEqual([]);
  });

  it('returns only matches, best ranks first, at most the limit', () => {
    const names = fc.array(fc.string({ unit: fc.constantFrom('华', '鑫', '机', 'a', 'b', 'F', '1', ' ') , maxLength: 8 }), { minLength: 1, maxLength: 40 });
    fc.assert(fc.property(names, fc.string({ unit: fc.constantFrom('华', '鑫', 'a', 'F', '1'), minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 12 }), (ns, q, limit) => {
      const idx = buildSearchIndex(ns.map((_, i) => `F${i}`), ns, ns.map(() => 'firm'));
      const hits = searchNodes(idx, q, limit);
      const nq = normalise(q);
      const matching = idx.filter((e) => e.nameNorm.includes(nq) || e.idNorm.includes(nq)).length;
      expect(hits.length).toBe(Math.min(limit, matching));
      for (let i = 1; i < hits.length; i++) expect(hits[i].rank).toBeGreaterThanOrEqual(hits[i - 1].rank);
    }));
  });
});

describe('state store', () => {
  it('notifies only on change, with the previous state', () => {
    const store = createStore(baseState);
    const seen: [string | null, string | null][] = [];
    store.subscribe((s, prev) => seen.push([prev.selectedNode, s.selectedNode]));
    store.update({ selectedNode: 'F1' });
    store.update({ selectedNode: 'F1' });
    store.update({ selectedNode: null });
    expect(seen).toEqual([[null, 'F1'], ['F1', null]]);
    expect(Object.isFrozen(store.get())).toBe(true);
  });

  it('toggling an edge kind twice restores the set, and never mutates it', () => {
    fc.assert(fc.property(fc.subarray([...EDGE_KINDS]), fc.constantFrom(...EDGE_KINDS), (kinds, kind) => {
      const hidden: ReadonlySet<EdgeKind> = new Set(kinds);
      const once = toggleEdgeKind(hidden, kind);
      expect(once.has(kind)).toBe(!hidden.has(kind));
      expect([...toggleEdgeKind(once, kind)].sort()).toEqual([...hidden].sort());
      expect([...hidden].sort()).toEqual([...kinds].sort());
    }));
  });
});

describe('ForceAtlas2 matrices', () => {
  it('packs positions, mass = 1 + degree, and edge offsets in node-matrix units', () => {
    // Path F0 → F1 → F2 (supply, weight 1) plus B0 → F0 (loan, weight ½):
    // mass = 1 + weighted degree = F0 1 + 1 + ½, F1 1 + 2, F2 1 + 1, B0 1 + ½.
    const p = payload({
      firms: [{ park: 0, borrowing: 1 }, { park: 0, borrowing: 1 }, { park: 0, borrowing: 1 }], banks: 1, parks: 1,
      edges: [['supply', 0, 1, 9], ['supply', 1, 2, 9], ['loan', 3, 0, 9]],
    });
    const { graph } = buildCreditGraph(p);
    const { nodes, edges } = layoutMatrices(graph, p, { loan: 0.5, guarantee: 1, supply: 1, ownership: 1 });
    expect(nodes.length).toBe(4 * PPN);
    expect(edges.length).toBe(3 * PPE);
    expect([0, 1, 2, 3].map((v) => nodes[v * PPN + 6])).toEqual([2.5, 3, 2, 1.5]);
    expect(Array.from(edges)).toEqual([0, PPN, 1, PPN, 2 * PPN, 1, 3 * PPN, 0, 0.5]);
    expect(nodes[0]).toBeCloseTo(graph.getNodeAttribute('F0', 'x'), 4);
  });

  it('iterates to finite positions that pull connected nodes closer than unconnected ones', () => {
    // Two linked pairs far apart; after FA2 the linked nodes are nearer each other than the pairs are.
    const p = payload({
      firms: [{ park: 0, borrowing: 1 }, { park: 0, borrowing: 1 }, { park: 1, borrowing: 1 }, { park: 1, borrowing: 1 }], parks: 2,
      edges: [['supply', 0, 1, 1], ['supply', 2, 3, 1]],
    });
    const { graph } = buildCreditGraph(p);
    const { nodes, edges } = layoutMatrices(graph, p);
    const settings = layoutSettings(graph.order);
    for (let i = 0; i < 300; i++) iterate(settings, nodes, edges);
    expect(Array.from(nodes).every(Number.isFinite)).toBe(true);
    const at = (v: number) => [nodes[v * PPN], nodes[v * PPN + 1]];
    const d = (a: number, b: number) => Math.hypot(at(a)[0] - at(b)[0], at(a)[1] - at(b)[1]);
    expect(d(0, 1)).toBeLessThan(d(0, 2));
    expect(d(2, 3)).toBeLessThan(d(1, 3));
  });
});

describe('label boxes (web/src/render/labels.ts)', () => {
  it('skips a label box that overlaps one taken in the frame, unless forced; a new frame starts empty', () => {
    const boxes = new LabelBoxes();
    expect(boxes.place(0, 0, 100, 12)).toBe(true);
    // Overlaps the first by 10 × 6 px.
    expect(boxes.place(90, 6, 190, 18)).toBe(false);
    // Touching edges do not overlap (x1 = 100 = x0).
    expect(boxes.place(100, 0, 150, 12)).toBe(true);
    // Below both.
    expect(boxes.place(0, 12, 100, 24)).toBe(true);
    // The focused firm's label is drawn whatever it covers.
    expect(boxes.place(50, 5, 60, 10, true)).toBe(true);
    boxes.clear();
    expect(boxes.place(90, 6, 190, 18)).toBe(true);
  });

  it('the taken boxes never overlap each other (forced ones aside), checked pair by pair', () => {
    const box = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 20 }));
    fc.assert(fc.property(fc.array(box, { maxLength: 60 }), (list) => {
      const boxes = new LabelBoxes();
      const taken = list.filter(([x, y, w, h]) => boxes.place(x, y, x + w, y + h));
      for (let a = 0; a < taken.length; a++) {
        for (let b = a + 1; b < taken.length; b++) {
          const [ax, ay, aw, ah] = taken[a], [bx, by, bw, bh] = taken[b];
          const apart = ax + aw <= bx || bx + bw <= ax || ay + ah <= by || by + bh <= ay;
          expect(apart).toBe(true);
        }
      }
      // Greedy: a rejected box overlaps some box taken before it.
      if (list.length > 0 && taken.length === 0) throw new Error('the first box is always taken');
    }));
  });
});

