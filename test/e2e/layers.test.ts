/**
 * The map's pure parts (web/src/layers: derivations, the composed reducers, the subgraph
 * writers; web/src/state/url.ts), in Node without a browser, on a hand-built payload whose
 * every expected value is worked out in the comments. The GEXF export is read back with
 * the repo's own reader (src/io readDataset), the contract it must meet.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EdgeKind, GraphPayload } from '../../web/src/api/index.ts';
import { buildCreditGraph, tieKey, tieOfKey } from '../../web/src/graph/index.ts';
import type { TieDraw } from '../../web/src/render/ties.ts';
import {
  BANK_COLOR, DISTRESS, EDGE_STYLES, MUTED_NODE_COLOR, NO_PARK_COLOR, OTHER_COLOR, PARK_PALETTE, UNAFFECTED_COLOR, VIRIDIS,
  rampColor, withAlpha,
} from '../../web/src/graph/palette.ts';
import {
  CROSS_TIE_MUTED, MAX_CATEGORIES, createMapView, createMeasureLoader, edgeVisibility, industryColors, layerEdgeColors, measureColors,
  neededMeasures, nodeSizes, nodeVisibility, rampPositions, sizeValues, subgraphEdgesCsv, subgraphGexf, subgraphNodesCsv, subgraphOf,
  type MeasureColumns,
} from '../../web/src/layers/index.ts';
import { NO_FILTERS, initialState, type Filters, type ViewerState } from '../../web/src/state/index.ts';
import { decodeView, encodeView, type UrlView } from '../../web/src/state/url.ts';
import { readDataset } from '../../src/io/index.ts';

/**
 * Four firms and one bank, two parks:
 *   F0 (park 0, C3311, borrowing 100, tech)   F1 (park 0, C3311, borrowing 40)
 *   F2 (park 1, C1952, borrowing 10, dishonest;tech)   F3 (no park, C1952, borrowing 0)   B0 (bank)
 * edges: 0 guarantee F0→F1 (30) · 1 supply F1→F2 (50) · 2 loan B0→F0 (100) · 3 loan B0→F1 (40)
 *        4 loan B0→F2 (10) · 5 ownership F0→F3 (0.5) · 6 guarantee F2→F0 (5)
 */
const P: GraphPayload = {
  nodes: {
    id: ['F0', 'F1', 'F2', 'F3', 'B0'],
    name: ['甲 <b>', '乙', '丙 & 丁', '戊', '银行'],
    type: ['firm', 'firm', 'firm', 'firm', 'bank'],
    park: [0, 0, 1, -1, -1],
    industry: ['C3311', 'C3311', 'C1952', 'C1952', ''],
    borrowing: [100, 40, 10, 0, 0],
    equity: [50, null, 5, 1, 900],
    flags: ['tech', '', 'dishonest;tech', '', ''],
  },
  edges: {
    kind: ['guarantee', 'supply', 'loan', 'loan', 'loan', 'ownership', 'guarantee'],
    source: [0, 1, 4, 4, 4, 0, 2],
    target: [1, 2, 0, 1, 2, 3, 0],
    weight: [30, 50, 100, 40, 10, 0.5, 5],
  },
  parks: [{ id: 'P1', name: '东园', kind: 'micro', lead_industries: ['C33'] }, { id: 'P2', name: '西园', kind: null, lead_industries: [] }],
  meta: { name: 'tiny view', formatVersion: 1, currency: 'CNY', unit: 10000 },
};
const filters = (f: Partial<Filters>): Filters => ({ ...NO_FILTERS, ...f });
const ones = (a: Uint8Array) => [...a].flatMap((x, i) => (x ? [i] : []));

describe('palette', () => {
  it('has the published end colours of viridis (matplotlib) and YlOrRd (ColorBrewer, from class 3)', () => {
    expect(VIRIDIS).toHaveLength(256);
    expect(rampColor(VIRIDIS, 0)).toBe('#440154');
    expect(rampColor(VIRIDIS, 1)).toBe('#fde725');
    expect(rampColor(VIRIDIS, 0.5)).toBe('#21918c'); // the middle stop, 4 of 8
    expect(rampColor(DISTRESS, 1)).toBe('#800026');
    expect(rampColor(VIRIDIS, Number.NaN)).toBe('#440154');
    expect(withAlpha('#0072B2', 0.4)).toBe('rgba(0, 114, 178, 0.4)');
  });
});

describe('derivations (layers/derive)', () => {
  it('places values on the ramp by rank (ties share) or linearly', () => {
    // values 5, null, 1, 5, 3: sorted 1, 3, 5, 5 → below-counts 0, 1, 2, 2 over (4 − 1).
    const r = rampPositions([5, null, 1, 5, 3], 'rank');
    expect([...r.t].map((x) => (Number.isNaN(x) ? null : x))).toEqual([2 / 3, null, 0, 2 / 3, 1 / 3]);
    expect([r.min, r.median, r.max, r.count]).toEqual([1, 3, 5, 4]);
    // Linear: (x − 1) / (5 − 1).
    const l = rampPositions([5, null, 1, 5, 3], 'linear');
    expect([...l.t].map((x) => (Number.isNaN(x) ? null : x))).toEqual([1, null, 0, 1, 0.5]);
    const c = measureColors(P, 'impact', [0.2, 0.1, 0.1, 0, null]);
    // ranks: 0 → 0, 0.1 (twice) → 1/3, 0.2 → 1; the bank has no value.
    expect(c.colors).toEqual([rampColor(VIRIDIS, 1), rampColor(VIRIDIS, 1 / 3), rampColor(VIRIDIS, 1 / 3), rampColor(VIRIDIS, 0), BANK_COLOR]);
    expect(c.legend).toMatchObject({ kind: 'ramp', scale: 'rank', min: 0, max: 0.2, noValue: 1 });
  });

  it('colours industries by firm count, the largest first, past the palette in grey', () => {
    const c = industryColors(P);
    // C3311 and C1952 both have 2 firms: ties by code, so C1952 first.
    expect(c.colors).toEqual([PARK_PALETTE[1], PARK_PALETTE[1], PARK_PALETTE[0], PARK_PALETTE[0], BANK_COLOR]);
    const many: GraphPayload = { ...P, nodes: { ...P.nodes, industry: ['A01', 'A02', 'A03', 'A04', ''] } };
    expect(MAX_CATEGORIES).toBe(15);
    expect(industryColors(many).colors.slice(0, 4)).toEqual(PARK_PALETTE.slice(0, 4));
    expect(OTHER_COLOR).not.toBe(PARK_PALETTE[15]);
  });

  it('shows nodes by layer, filters and exploration', () => {
    const all = nodeVisibility(P, 'all', NO_FILTERS, null);
    expect(ones(all.nodes)).toEqual([0, 1, 2, 3, 4]);
    expect([all.firms, all.banks, all.totalFirms]).toEqual([4, 1, 4]);
    // guarantee layer: endpoints of edges 0 and 6 → F0, F1, F2.
    expect(ones(nodeVisibility(P, 'guarantee', NO_FILTERS, null).nodes)).toEqual([0, 1, 2]);
    expect(ones(nodeVisibility(P, 'supply', NO_FILTERS, null).nodes)).toEqual([1, 2]);
    expect(ones(nodeVisibility(P, 'parks', NO_FILTERS, null).nodes)).toEqual([0, 1, 2, 3]);
    // Industry C1952 → F2, F3; B0 lends to F2 → shown.
    expect(ones(nodeVisibility(P, 'all', filters({ industries: new Set(['C1952']) }), null).nodes)).toEqual([2, 3, 4]);
    // Outside parks → F3 only; B0 lends to no shown firm → hidden.
    expect(ones(nodeVisibility(P, 'all', filters({ parks: new Set([-1]) }), null).nodes)).toEqual([3]);
    // Borrowing in [10, 40] → F1, F2 (+ B0); flags tech → F0, F2; both tech and dishonest → F2.
    expect(ones(nodeVisibility(P, 'all', filters({ minBorrowing: 10, maxBorrowing: 40 }), null).nodes)).toEqual([1, 2, 4]);
    expect(ones(nodeVisibility(P, 'all', filters({ flags: new Set(['tech']) }), null).nodes)).toEqual([0, 2, 4]);
    expect(ones(nodeVisibility(P, 'all', filters({ flags: new Set(['tech', 'dishonest']) }), null).nodes)).toEqual([2, 4]);
    // Exploration sets layer and filters aside.
    expect(ones(nodeVisibility(P, 'supply', filters({ parks: new Set([1]) }), new Set(['F0', 'B0'])).nodes)).toEqual([0, 4]);
  });

  it('shows a tie when its layer and the legend show its kind and both ends are shown', () => {
    const all = nodeVisibility(P, 'all', NO_FILTERS, null).nodes;
    expect(ones(edgeVisibility(P, all, 'all', new Set()))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(ones(edgeVisibility(P, all, 'all', new Set<EdgeKind>(['loan'])))).toEqual([0, 1, 5, 6]);
    expect(ones(edgeVisibility(P, all, 'parks', new Set()))).toEqual([0, 1, 6]);
    const c1952 = nodeVisibility(P, 'all', filters({ industries: new Set(['C1952']) }), null).nodes;
    expect(ones(edgeVisibility(P, c1952, 'all', new Set()))).toEqual([4]);
  });

  it('colours park-layer ties: inside a park in its colour, across parks strong, touching no park grey', () => {
    const c = layerEdgeColors(P, 'parks', undefined)!;
    expect(c[0]).toBe(withAlpha(PARK_PALETTE[0], 0.6)); // F0→F1 both park 0
    expect(c[1]).toBe(EDGE_STYLES.supply.focusColor); // F1 (park 0) → F2 (park 1)
    expect(c[5]).toBe(CROSS_TIE_MUTED); // F0 → F3 (no park)
    const community: MeasureColumns['community'] = [7, 7, 8, 8, null];
    const k = layerEdgeColors(P, 'communities', community)!;
    // Both communities have 2 firms: community 7 ranks first (ties by id) → palette 0.
    expect(k[0]).toBe(withAlpha(PARK_PALETTE[0], 0.6));
    expect(k[1]).toBe(CROSS_TIE_MUTED);
    expect(layerEdgeColors(P, 'all', community)).toBeNull();
  });

  it('sizes by exposure = borrowing + guarantees given, banks by lending', () => {
    const x = sizeValues(P, 'exposure', {})!;
    // F0: 100 + 30; F1: 40; F2: 10 + 5; F3: 0; B0 lends 150.
    expect([...x]).toEqual([130, 40, 15, 0, 150]);
    expect([...sizeValues(P, 'degree', {})!]).toEqual([4, 3, 3, 1, 3]);
    expect(sizeValues(P, 'impact', {})).toBeNull();
    const s = nodeSizes(P, x);
    expect(s[0]).toBe(11); // the largest firm: firmMax
    expect(s[3]).toBe(2.5); // zero: firmMin
    expect(s[4]).toBe(16); // the only bank: bankMax
    expect(neededMeasures({ colorBy: 'impact', sizeBy: 'impact', layer: 'communities' }).sort()).toEqual(['community', 'impact']);
    expect(neededMeasures({ colorBy: 'park', sizeBy: 'degree', layer: 'all' })).toEqual([]);
  });
});

describe('the composed reducers (layers/view)', () => {
  const { graph, ties } = buildCreditGraph(P);
  const setup = (patch: Partial<ViewerState>, columns: MeasureColumns = {}) => {
    let state: ViewerState = { ...initialState('en'), ...patch };
    const loader = createMeasureLoader(async () => ({ columns, info: {} }));
    const view = createMapView(ties, P, () => state, loader);
    // What sigma draws for a node: the reducer's size, visibility and labels, and the colour the node programs read.
    const node = (id: string) => ({ ...view.nodeReducer(id, { ...graph.getNodeAttributes(id) }), color: view.nodeColor(id) });
    /** Where tie `key` is drawn: in the base set and/or the emphasised front set, with its style there. */
    const edge = (key: string) => {
      const e = tieOfKey(P, key)!;
      const t = view.ties();
      const at = (d: TieDraw | null) => {
        const i = d ? d.edges.indexOf(e) : -1;
        return i < 0 ? null : { color: d!.colors[i], size: d!.sizes[i], ends: [d!.ends[2 * i], d!.ends[2 * i + 1]], arrow: d!.arrows[i] === 1 };
      };
      return { base: at(t.base), front: at(t.front), dimmed: t.dimBase };
    };
    return { view, node, edge, loader, set: (p: Partial<ViewerState>) => { state = { ...state, ...p }; } };
  };

  it('reads tie keys back to payload indices', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((e) => tieOfKey(P, tieKey(P, e)))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(tieOfKey(P, 'loan:0')).toBeNull(); // tie 0 is a guarantee
    expect(tieOfKey(P, 'loan:7')).toBeNull();
    expect(tieOfKey(P, 'loan')).toBeNull();
    // Ties of F0: guarantee 0 (out), loan 2 (in), ownership 5 (out), guarantee 6 (in).
    expect([...ties.edges.subarray(ties.offsets[0], ties.offsets[1])].sort()).toEqual([0, 2, 5, 6]);
    expect(ties.offsets[5]).toBe(14); // every tie listed at both ends
  });

  it('writes into the attribute copy sigma hands it (no allocation per item)', () => {
    const { view } = setup({ selectedNode: 'F1' });
    const attrs = { ...graph.getNodeAttributes('F0') };
    expect(view.nodeReducer('F0', attrs)).toBe(attrs);
  });

  it('hands the node programs each drawn colour as RGBA bytes, a new array only when colours change', () => {
    const s = setup({});
    const rgba = s.view.nodeColors();
    // F0 in park 0: PARK_PALETTE[0] = #0072B2 (Okabe–Ito blue) → 0, 114, 178, opaque.
    expect(PARK_PALETTE[0]).toBe('#0072B2');
    expect([...rgba.subarray(0, 4)]).toEqual([0x00, 0x72, 0xb2, 255]);
    expect(rgba).toHaveLength(4 * 5);
    s.set({ hiddenEdgeKinds: new Set<EdgeKind>(['loan']) });
    expect(s.view.nodeColors()).toBe(rgba);
    s.set({ selectedNode: 'F1' });
    // F3 (ownership tie to F0 only) is muted: MUTED_NODE_COLOR #E9ECEF.
    expect(MUTED_NODE_COLOR).toBe('#E9ECEF');
    expect([...s.view.nodeColors().subarray(12, 16)]).toEqual([0xe9, 0xec, 0xef, 255]);
  });

  it('keeps the tie sets while only the node colouring changes', () => {
    const s = setup({});
    const before = s.view.ties();
    s.set({ colorBy: 'industry' });
    expect(s.view.ties()).toBe(before);
    s.set({ selectedNode: 'F1' });
    expect(s.view.ties().base).toBe(before.base);
    expect(s.view.ties().front).not.toBeNull();
  });

  it('hides filtered-out nodes with their ties and colours by the colouring', () => {
    const { node, edge } = setup({ filters: filters({ industries: new Set(['C3311']) }) });
    expect(node('F2').hidden).toBe(true);
    expect(node('F0')).toMatchObject({ color: PARK_PALETTE[0] });
    expect(node('F3').hidden).toBe(true);
    expect(edge('supply:1').base).toBeNull();
    // A tie runs rim to rim: F0 (the largest borrower, 11) → F1 (borrowing 40 of 100 → 2.5 + 8.5·√0.4);
    // guarantees end in an arrowhead, ownership does not.
    const f1 = Math.fround(2.5 + 8.5 * Math.sqrt(0.4));
    expect(edge('guarantee:0')).toEqual({ base: { color: EDGE_STYLES.guarantee.color, size: Math.fround(EDGE_STYLES.guarantee.size), ends: [11, f1], arrow: true }, front: null, dimmed: false });
    expect(setup({}).edge('ownership:5').base!.arrow).toBe(false);
    const s = setup({ colorBy: 'screening' }, { screening: ['passed', 'zombie', 'multiple', 'guarantor', null] });
    // Until the column arrives: park colours (F3 outside parks).
    expect(s.node('F3').color).toBe(NO_PARK_COLOR);
  });

  it('fades all but the highlight and labels depth', () => {
    const { node, edge } = setup({
      highlight: { key: 'chain:F1', nodes: new Set(['F0', 'F1', 'F2']), edges: new Set(['guarantee:0']), depth: new Map([['F0', -1], ['F1', 0], ['F2', 2]]) },
    });
    expect(node('F0')).toMatchObject({ label: '甲 <b> ↑1', zIndex: 2, forceLabel: true });
    expect(node('F1')).toMatchObject({ label: '乙', zIndex: 2 });
    expect(node('F2').label).toBe('丙 & 丁 ↓2');
    expect(node('B0')).toMatchObject({ color: MUTED_NODE_COLOR, label: null });
    // The highlight's tie in front, at 1.8× its size; the rest stays in the dimmed base.
    expect(edge('guarantee:0').front).toMatchObject({ color: EDGE_STYLES.guarantee.focusColor, size: Math.fround(1.4 * 1.8) });
    expect(edge('supply:1')).toMatchObject({ front: null, dimmed: true }); // both ends highlighted, but not a listed edge
    expect(edge('supply:1').base).not.toBeNull();
  });

  it('draws distress over the colouring: 0 grey, else the YlOrRd ramp', () => {
    const { node } = setup({ overlay: { key: 'debtrank:F0', kind: 'distress', values: new Map([['F0', 1], ['F1', 0.5], ['F2', 0]]), caption: 'round 2' } });
    expect(node('F0').color).toBe('#800026');
    expect(node('F1').color).toBe(rampColor(DISTRESS, 0.5));
    expect(node('F2').color).toBe(UNAFFECTED_COLOR);
    expect(node('B0').color).toBe(UNAFFECTED_COLOR);
  });

  it('with a focus and no highlight, mutes what is outside the neighbourhood through shown ties', () => {
    const { node, edge } = setup({ selectedNode: 'F1', hiddenEdgeKinds: new Set<EdgeKind>(['supply']) });
    expect(node('F1')).toMatchObject({ highlighted: true, forceLabel: true });
    expect(node('F0').color).toBe(PARK_PALETTE[0]); // guarantee neighbour
    expect(node('F2').color).toBe(MUTED_NODE_COLOR); // only joined by the hidden supply tie
    // F1's shown ties in front (guarantee 0, loan 3; supply 1 is hidden), the others dimmed behind.
    expect(edge('guarantee:0').front).toMatchObject({ color: EDGE_STYLES.guarantee.focusColor });
    expect(edge('loan:3').front).toMatchObject({ color: EDGE_STYLES.loan.focusColor, size: Math.fround(1.6) }); // max(1.6, 0.6 × 1.8)
    // Rims at the node reducer's sizes: the focus F1 at least FOCUS_MIN_SIZE 7 (it is 7.88), the bank B0 16 (≥ 4).
    expect(edge('loan:3').front!.ends).toEqual([16, Math.fround(Math.max(2.5 + 8.5 * Math.sqrt(0.4), 7))]);
    expect(edge('supply:1')).toMatchObject({ base: null, front: null });
    expect(edge('loan:2')).toMatchObject({ front: null, dimmed: true });
  });

  it('repaints once a measure arrives', async () => {
    const columns: MeasureColumns = { impact: [0.3, 0.2, 0.1, 0, null] };
    const s = setup({ colorBy: 'impact' }, columns);
    expect(s.view.current().waiting).toBe(true);
    const arrived = new Promise<void>((resolve) => s.loader.subscribe(() => { if (s.loader.status('impact') === 'ready') resolve(); }));
    s.loader.ensure(['impact']);
    await arrived;
    s.set({}); // the store replaces the state on every update
    expect(s.view.current().waiting).toBe(false);
    expect(s.node('F0').color).toBe('#fde725');
    expect(s.node('F3').color).toBe('#440154');
  });
});

describe('the shareable URL (state/url)', () => {
  const parks = P.parks;
  it('keeps old #node= links and leaves defaults out', () => {
    expect(decodeView('#node=F0000034', parks)).toMatchObject({ selectedNode: 'F0000034', layer: 'all', colorBy: 'park', filters: NO_FILTERS });
    expect(encodeView({ ...initialState('en') }, parks)).toBe('');
    expect(encodeView({ ...initialState('en'), selectedNode: 'F 1&x' }, parks)).toBe('node=F+1%26x');
  });

  it('ignores unknown values', () => {
    const v = decodeView('#layer=nope&color=pagerank&park=P9,P2&hide=loan,teleport&tool=x&bmin=abc', parks);
    expect(v).toMatchObject({ layer: 'all', colorBy: 'park', tool: null });
    expect([...v.filters.parks]).toEqual([1]);
    expect([...v.hiddenEdgeKinds]).toEqual(['loan']);
    expect(v.filters.minBorrowing).toBeNull();
  });

  it('round-trips every view', () => {
    const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && !s.includes(','));
    const view = fc.record({
      layer: fc.constantFrom('all', 'guarantee', 'supply', 'parks', 'communities'),
      colorBy: fc.constantFrom('park', 'industry', 'impact', 'vulnerability', 'chainStrength', 'screening', 'community'),
      sizeBy: fc.constantFrom('borrowing', 'exposure', 'impact', 'degree'),
      industries: fc.uniqueArray(text, { maxLength: 3 }),
      parks: fc.uniqueArray(fc.constantFrom(-1, 0, 1), { maxLength: 3 }),
      minBorrowing: fc.option(fc.double({ min: 0, max: 1e9, noNaN: true })),
      maxBorrowing: fc.option(fc.double({ min: 0, max: 1e9, noNaN: true })),
      flags: fc.uniqueArray(fc.constantFrom('dishonest', 'tech', 'foreign_trade', 'state_owned'), { maxLength: 4 }),
      hidden: fc.uniqueArray(fc.constantFrom<EdgeKind>('loan', 'guarantee', 'supply', 'ownership'), { maxLength: 4 }),
      selectedNode: fc.option(text),
      tool: fc.option(fc.constantFrom('circles', 'contagion', 'park')),
      scenario: fc.option(fc.string({ minLength: 1, maxLength: 40 })),
    });
    fc.assert(fc.property(view, (x) => {
      const f: Filters = { industries: new Set(x.industries), parks: new Set(x.parks), minBorrowing: x.minBorrowing, maxBorrowing: x.maxBorrowing, flags: new Set(x.flags) };
      const v: UrlView = {
        layer: x.layer as UrlView['layer'], colorBy: x.colorBy as UrlView['colorBy'], sizeBy: x.sizeBy as UrlView['sizeBy'], filters: f,
        hiddenEdgeKinds: new Set(x.hidden), selectedNode: x.selectedNode, tool: x.tool as UrlView['tool'], scenario: x.scenario,
      };
      const back = decodeView(`#${encodeView(v, parks)}`, parks);
      const norm = (u: UrlView) => ({
        ...u, hiddenEdgeKinds: [...u.hiddenEdgeKinds].sort(),
        filters: { ...u.filters, industries: [...u.filters.industries].sort(), parks: [...u.filters.parks].sort(), flags: [...u.filters.flags].sort() },
      });
      expect(norm(back)).toEqual(norm(v));
    }), { numRuns: 300 });
  });
});

describe('subgraph export (layers/subgraph)', () => {
  it('writes GEXF that the repo reader accepts, holding exactly the shown nodes and ties', async () => {
    const nodes = nodeVisibility(P, 'all', filters({ flags: new Set(['tech']) }), null).nodes; // F0, F2, B0
    const sub = subgraphOf(nodes, edgeVisibility(P, nodes, 'all', new Set())); // edges 2 (B0→F0), 4 (B0→F2), 6 (F2→F0)
    expect(sub).toEqual({ nodes: [0, 2, 4], edges: [2, 4, 6] });
    const dir = mkdtempSync(path.join(tmpdir(), 'xinlian-layers-'));
    try {
      const file = path.join(dir, 'view.gexf');
      writeFileSync(file, subgraphGexf(P, sub, 'a <view> & more'));
      const { dataset } = await readDataset(file);
      expect(dataset.firms.map((f) => f.id)).toEqual(['F0', 'F2']);
      expect(dataset.banks).toEqual([{ id: 'B0', name: '银行', capital: 900 }].map((b) => expect.objectContaining(b)));
      expect(dataset.parks.map((p) => p.id)).toEqual(['P1', 'P2']);
      expect(dataset.firms[0]).toMatchObject({ name: '甲 <b>', industry: 'C3311', park_id: 'P1', equity: 50, flags: ['tech'] });
      expect(dataset.firms[1]).toMatchObject({ name: '丙 & 丁', park_id: 'P2', flags: ['dishonest', 'tech'] });
      expect(dataset.loans.map((l) => [l.id, l.bank_id, l.borrower_id, l.outstanding])).toEqual([['loan:2', 'B0', 'F0', 100], ['loan:4', 'B0', 'F2', 10]]);
      expect(dataset.guarantees.map((g) => [g.id, g.guarantor_id, g.borrower_id, g.amount])).toEqual([['guarantee:6', 'F2', 'F0', 5]]);
      expect(dataset.meta).toMatchObject({ name: 'tiny view', description: 'a <view> & more' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes spreadsheet-safe CSV of the shown nodes and ties', () => {
    const sub = { nodes: [0, 4], edges: [2] };
    const odd: GraphPayload = { ...P, nodes: { ...P.nodes, name: ['=HYPERLINK("x")', ...P.nodes.name.slice(1)] } };
    expect(subgraphNodesCsv(odd, sub)).toBe('\uFEFFid,name,type,park_id,industry,borrowing,equity,flags\nF0,"\'=HYPERLINK(""x"")",firm,P1,C3311,100,50,tech\nB0,银行,bank,,,0,900,\n');
    expect(subgraphEdgesCsv(P, sub)).toBe('\uFEFFkey,kind,source,target,weight\nloan:2,loan,B0,F0,100\n');
  });

  it('refuses a name XML cannot carry with a clear message', () => {
    const bad: GraphPayload = { ...P, nodes: { ...P.nodes, name: ['a\u0001b', ...P.nodes.name.slice(1)] } };
    expect(() => subgraphGexf(bad, { nodes: [0], edges: [] }, 'x')).toThrow(/name of F0 holds a character XML 1.0 cannot carry/);
  });
});
