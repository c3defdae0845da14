/**
 * The map's per-node and per-edge arrays, derived from the payload, the viewer state and
 * the loaded measures by pure functions. Each runs once per change of its inputs (view.ts
 * memoises them), so the sigma reducers only read arrays: a colour change over 100k nodes
 * is one O(n) pass here plus sigma's own pass, with no work per item in the reducers.
 *
 * Indices are payload indices (node v = GET /api/graph row; edge e = payload edge row,
 * sigma edge key `${kind}:${e}`, graph/build.ts).
 */
import type { EdgeKind, GraphPayload } from '../api/index.ts';
import type { MeasuresPayload, ScreeningStatus } from '../api/measures.ts';
import { SCREENING_STATUS_ORDER } from '../api/measures.ts';
import { NODE_SIZE_DEFAULTS, sqrtSize } from '../graph/build.ts';
import {
  BANK_COLOR, EDGE_STYLES, NO_PARK_COLOR, OTHER_COLOR, PARK_PALETTE, SCREENING_COLORS, VIRIDIS, VIRIDIS_STOPS, parkColor, rampColor, withAlpha,
} from '../graph/palette.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { ColorBy, Filters, MapLayer, SizeBy } from '../state/index.ts';

export type MeasureColumns = MeasuresPayload['columns'];
export type MeasureInfo = MeasuresPayload['info'];
export type NumericMeasure = 'impact' | 'vulnerability' | 'chainStrength';

/** A legend label: a message (translated when drawn) or dataset text shown as is. */
export type LegendLabel = { key: MessageKey; params?: Record<string, string | number> } | { text: string; title?: string };

export interface LegendCategory {
  /** Stable key for tests (park id, industry code, community id, status, 'bank', 'other'). */
  key: string;
  label: LegendLabel;
  color: string;
  count: number;
  shape?: 'circle' | 'diamond';
}

export type ColorLegend =
  | { kind: 'categories'; items: LegendCategory[] }
  | {
    kind: 'ramp'; measure: NumericMeasure; scale: 'rank' | 'linear'; stops: readonly string[];
    min: number; median: number; max: number; count: number;
    /** Nodes drawn without a value (banks for firm measures). */
    noValue: number;
  };

export interface NodeColors {
  colors: string[];
  legend: ColorLegend;
}

/** Which measure each colouring / size / layer needs from GET /api/measures. */
export const COLOR_MEASURE: Readonly<Record<ColorBy, keyof MeasureColumns | null>> = Object.freeze({
  park: null, industry: null, impact: 'impact', vulnerability: 'vulnerability', chainStrength: 'chainStrength', screening: 'screening', community: 'community',
});
export const SIZE_MEASURE: Readonly<Record<SizeBy, keyof MeasureColumns | null>> = Object.freeze({
  borrowing: null, exposure: null, impact: 'impact', degree: null,
});

/**
 * Rank scale for the heavy-tailed DebtRank measures (on the demo the median impact is 1/70
 * of the largest: a linear ramp would draw almost every firm in the darkest colour), linear
 * for chain strength, a product of tie strengths in [0, 1].
 */
export const MEASURE_SCALE: Readonly<Record<NumericMeasure, 'rank' | 'linear'>> = Object.freeze({
  impact: 'rank', vulnerability: 'rank', chainStrength: 'linear',
});

/** Categories beyond this many get OTHER_COLOR (the last palette colour is kept distinct from it). */
export const MAX_CATEGORIES = PARK_PALETTE.length - 1;

const isBank = (p: GraphPayload, v: number) => p.nodes.type[v] === 'bank';

function categoryLegend(p: GraphPayload, items: LegendCategory[]): ColorLegend {
  let banks = 0;
  for (let v = 0; v < p.nodes.id.length; v++) if (isBank(p, v)) banks++;
  if (banks > 0) items.push({ key: 'bank', label: { key: 'legend.bank' }, color: BANK_COLOR, count: banks, shape: 'diamond' });
  return { kind: 'categories', items };
}

/**
 * Ranked categories: the MAX_CATEGORIES largest get palette colours (largest first, ties by
 * key), the rest share OTHER_COLOR. Returns the colour per category key.
 */
export function rankCategories<K extends string | number>(counts: Map<K, number>): { color: Map<K, string>; ranked: [K, number][]; others: number; otherKinds: number } {
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const color = new Map<K, string>();
  let others = 0, otherKinds = 0;
  ranked.forEach(([key, count], k) => {
    if (k < MAX_CATEGORIES) color.set(key, PARK_PALETTE[k]);
    else { color.set(key, OTHER_COLOR); others += count; otherKinds++; }
  });
  return { color, ranked: ranked.slice(0, MAX_CATEGORIES), others, otherKinds };
}

export function parkColors(p: GraphPayload): NodeColors {
  const n = p.nodes.id.length;
  const colors = new Array<string>(n);
  const members = new Array<number>(p.parks.length).fill(0);
  let outside = 0;
  for (let v = 0; v < n; v++) {
    if (isBank(p, v)) { colors[v] = BANK_COLOR; continue; }
    const park = p.nodes.park[v];
    colors[v] = parkColor(park);
    if (park >= 0) members[park]++;
    else outside++;
  }
  const items: LegendCategory[] = p.parks.map((park, i) => ({ key: park.id, label: { text: park.name, title: park.id }, color: parkColor(i), count: members[i] }));
  if (outside > 0) items.push({ key: 'none', label: { key: 'legend.noPark' }, color: NO_PARK_COLOR, count: outside });
  return { colors, legend: categoryLegend(p, items) };
}

export function industryColors(p: GraphPayload): NodeColors {
  const n = p.nodes.id.length;
  const counts = new Map<string, number>();
  for (let v = 0; v < n; v++) if (!isBank(p, v)) counts.set(p.nodes.industry[v], (counts.get(p.nodes.industry[v]) ?? 0) + 1);
  const { color, ranked, others } = rankCategories(counts);
  const colors = new Array<string>(n);
  for (let v = 0; v < n; v++) colors[v] = isBank(p, v) ? BANK_COLOR : color.get(p.nodes.industry[v])!;
  const items: LegendCategory[] = ranked.map(([code, count]) => ({ key: code, label: { text: code }, color: color.get(code)!, count }));
  if (others > 0) items.push({ key: 'other', label: { key: 'map.legend.otherIndustries' }, color: OTHER_COLOR, count: others });
  return { colors, legend: categoryLegend(p, items) };
}

/** Community colour by community id, the same for nodes and for the communities layer's ties. */
export function communityPalette(column: readonly (number | null)[]): ReturnType<typeof rankCategories<number>> {
  const counts = new Map<number, number>();
  for (const c of column) if (c !== null) counts.set(c, (counts.get(c) ?? 0) + 1);
  return rankCategories(counts);
}

export function communityColors(p: GraphPayload, column: readonly (number | null)[]): NodeColors {
  const { color, ranked, others } = communityPalette(column);
  const colors = column.map((c, v) => (isBank(p, v) || c === null ? BANK_COLOR : color.get(c)!));
  const items: LegendCategory[] = ranked.map(([c, count]) => ({ key: String(c), label: { key: 'map.legend.community', params: { id: c } }, color: color.get(c)!, count }));
  if (others > 0) items.push({ key: 'other', label: { key: 'map.legend.otherCommunities' }, color: OTHER_COLOR, count: others });
  return { colors, legend: categoryLegend(p, items) };
}

export function screeningColors(p: GraphPayload, column: readonly (ScreeningStatus | null)[]): NodeColors {
  const counts = new Map<ScreeningStatus, number>();
  const colors = column.map((status, v) => {
    if (isBank(p, v) || status === null) return BANK_COLOR;
    counts.set(status, (counts.get(status) ?? 0) + 1);
    return SCREENING_COLORS[status];
  });
  const items: LegendCategory[] = SCREENING_STATUS_ORDER.filter((s) => counts.has(s))
    .map((s) => ({ key: s, label: { key: `map.screen.${s}` as MessageKey }, color: SCREENING_COLORS[s], count: counts.get(s)! }));
  return { colors, legend: categoryLegend(p, items) };
}

/**
 * Position in [0, 1] of each value on the ramp. Rank: the share of valued nodes with a
 * strictly lower value, over (count − 1), so equal values share a colour and the lowest is 0,
 * the highest 1. Linear: (x − min) / (max − min). NaN for nodes without a value.
 */
export function rampPositions(column: readonly (number | null)[], scale: 'rank' | 'linear'): { t: Float64Array; min: number; median: number; max: number; count: number } {
  const n = column.length;
  const t = new Float64Array(n).fill(NaN);
  const order: number[] = [];
  for (let v = 0; v < n; v++) if (column[v] !== null && Number.isFinite(column[v])) order.push(v);
  const count = order.length;
  if (count === 0) return { t, min: NaN, median: NaN, max: NaN, count };
  order.sort((a, b) => (column[a] as number) - (column[b] as number));
  const min = column[order[0]] as number, max = column[order[count - 1]] as number;
  const median = column[order[Math.floor((count - 1) / 2)]] as number;
  if (scale === 'rank') {
    let below = 0;
    for (let k = 0; k < count; k++) {
      if (k > 0 && (column[order[k]] as number) > (column[order[k - 1]] as number)) below = k;
      t[order[k]] = count > 1 ? below / (count - 1) : 0;
    }
  } else {
    const span = max - min;
    for (const v of order) t[v] = span > 0 ? ((column[v] as number) - min) / span : 0;
  }
  return { t, min, median, max, count };
}

export function measureColors(p: GraphPayload, measure: NumericMeasure, column: readonly (number | null)[]): NodeColors {
  const scale = MEASURE_SCALE[measure];
  const r = rampPositions(column, scale);
  let noValue = 0;
  const colors = new Array<string>(column.length);
  for (let v = 0; v < column.length; v++) {
    if (Number.isNaN(r.t[v])) {
      colors[v] = isBank(p, v) ? BANK_COLOR : OTHER_COLOR;
      noValue++;
    } else colors[v] = rampColor(VIRIDIS, r.t[v]);
  }
  return { colors, legend: { kind: 'ramp', measure, scale, stops: VIRIDIS_STOPS, min: r.min, median: r.median, max: r.max, count: r.count, noValue } };
}

/** The node colours of a colouring, or null while its measure is not loaded. */
export function nodeColors(p: GraphPayload, colorBy: ColorBy, columns: MeasureColumns): NodeColors | null {
  switch (colorBy) {
    case 'park': return parkColors(p);
    case 'industry': return industryColors(p);
    case 'community': return columns.community ? communityColors(p, columns.community) : null;
    case 'screening': return columns.screening ? screeningColors(p, columns.screening) : null;
    default: {
      const column = columns[colorBy];
      return column ? measureColors(p, colorBy, column) : null;
    }
  }
}

/** Borrowed by firms, lent by banks (the base sizing of graph/build.ts). */
export function borrowingOrLending(p: GraphPayload): Float64Array {
  const n = p.nodes.id.length;
  const x = new Float64Array(n);
  for (let v = 0; v < n; v++) if (!isBank(p, v)) x[v] = p.nodes.borrowing[v] || 0;
  for (let e = 0; e < p.edges.kind.length; e++) if (p.edges.kind[e] === 'loan') x[p.edges.source[e]] += p.edges.weight[e];
  return x;
}

/**
 * The amount behind each size: borrowing (banks: lending); exposure = borrowing + guarantees
 * given (what a firm owes directly and contingently; banks: lending); impact; degree = ties
 * of any kind. Null while a needed measure is not loaded.
 */
export function sizeValues(p: GraphPayload, sizeBy: SizeBy, columns: MeasureColumns): Float64Array | null {
  const n = p.nodes.id.length;
  if (sizeBy === 'borrowing') return borrowingOrLending(p);
  if (sizeBy === 'exposure') {
    const x = borrowingOrLending(p);
    for (let e = 0; e < p.edges.kind.length; e++) if (p.edges.kind[e] === 'guarantee') x[p.edges.source[e]] += p.edges.weight[e];
    return x;
  }
  if (sizeBy === 'degree') {
    const x = new Float64Array(n);
    for (let e = 0; e < p.edges.kind.length; e++) { x[p.edges.source[e]]++; x[p.edges.target[e]]++; }
    return x;
  }
  const column = columns.impact;
  if (!column) return null;
  const x = new Float64Array(n);
  for (let v = 0; v < n; v++) x[v] = column[v] ?? 0;
  return x;
}

/** Radii from amounts: area ∝ amount (sqrtSize), firms and banks each on their own range. */
export function nodeSizes(p: GraphPayload, values: Float64Array): Float32Array {
  const n = p.nodes.id.length;
  let maxFirm = 0, maxBank = 0;
  for (let v = 0; v < n; v++) {
    if (isBank(p, v)) maxBank = Math.max(maxBank, values[v]);
    else maxFirm = Math.max(maxFirm, values[v]);
  }
  const s = NODE_SIZE_DEFAULTS;
  const sizes = new Float32Array(n);
  for (let v = 0; v < n; v++) {
    sizes[v] = isBank(p, v) ? sqrtSize(values[v], maxBank, s.bankMin, s.bankMax) : sqrtSize(values[v], maxFirm, s.firmMin, s.firmMax);
  }
  return sizes;
}

/** Edge kinds each layer draws (the legend switches hide more). */
export const LAYER_EDGE_KINDS: Readonly<Record<MapLayer, readonly EdgeKind[]>> = Object.freeze({
  all: ['loan', 'guarantee', 'supply', 'ownership'],
  guarantee: ['guarantee'],
  supply: ['supply'],
  parks: ['guarantee', 'supply'],
  communities: ['guarantee', 'supply'],
});

export function filtersActive(f: Filters): boolean {
  return f.industries.size > 0 || f.parks.size > 0 || f.flags.size > 0 || f.minBorrowing !== null || f.maxBorrowing !== null;
}

export function firmPasses(p: GraphPayload, v: number, f: Filters): boolean {
  if (f.industries.size > 0 && !f.industries.has(p.nodes.industry[v])) return false;
  if (f.parks.size > 0 && !f.parks.has(p.nodes.park[v])) return false;
  const b = p.nodes.borrowing[v] || 0;
  if (f.minBorrowing !== null && b < f.minBorrowing) return false;
  if (f.maxBorrowing !== null && b > f.maxBorrowing) return false;
  if (f.flags.size > 0) {
    const flags = p.nodes.flags[v] ? p.nodes.flags[v].split(';') : [];
    for (const flag of f.flags) if (!flags.includes(flag)) return false;
  }
  return true;
}

export interface Visibility {
  /** 1 = drawn. */
  nodes: Uint8Array;
  firms: number;
  banks: number;
  totalFirms: number;
}

/**
 * Which nodes are drawn. With `explore` set, exactly those nodes (the ego network the
 * user expanded; layer and filters are set aside). Otherwise a node is drawn when the layer
 * keeps it (guarantee / supply: it has a tie of that kind; parks / communities: firms only)
 * and, for a firm, it passes every filter; with a filter on, a bank is drawn when it lends
 * to a drawn firm (so a filtered view still shows who finances it).
 */
export function nodeVisibility(p: GraphPayload, layer: MapLayer, filters: Filters, explore: ReadonlySet<string> | null): Visibility {
  const n = p.nodes.id.length;
  const nodes = new Uint8Array(n);
  let totalFirms = 0;
  for (let v = 0; v < n; v++) if (!isBank(p, v)) totalFirms++;
  if (explore) {
    let firms = 0, banks = 0;
    for (let v = 0; v < n; v++) {
      if (!explore.has(p.nodes.id[v])) continue;
      nodes[v] = 1;
      if (isBank(p, v)) banks++;
      else firms++;
    }
    return { nodes, firms, banks, totalFirms };
  }
  const m = p.edges.kind.length;
  let inLayer: Uint8Array | null = null;
  if (layer === 'guarantee' || layer === 'supply') {
    inLayer = new Uint8Array(n);
    for (let e = 0; e < m; e++) if (p.edges.kind[e] === layer) { inLayer[p.edges.source[e]] = 1; inLayer[p.edges.target[e]] = 1; }
  }
  const firmsOnly = layer === 'parks' || layer === 'communities';
  const active = filtersActive(filters);
  let firms = 0;
  for (let v = 0; v < n; v++) {
    if (isBank(p, v) || (inLayer && !inLayer[v])) continue;
    if (active && !firmPasses(p, v, filters)) continue;
    nodes[v] = 1;
    firms++;
  }
  let banks = 0;
  if (!firmsOnly) {
    const lends = active ? new Uint8Array(n) : null;
    if (lends) for (let e = 0; e < m; e++) if (p.edges.kind[e] === 'loan' && nodes[p.edges.target[e]]) lends[p.edges.source[e]] = 1;
    for (let v = 0; v < n; v++) {
      if (!isBank(p, v) || (inLayer && !inLayer[v]) || (lends && !lends[v])) continue;
      nodes[v] = 1;
      banks++;
    }
  }
  return { nodes, firms, banks, totalFirms };
}

/** An edge is drawn when its layer and the legend show its kind and both ends are drawn. */
export function edgeVisibility(p: GraphPayload, nodes: Uint8Array, layer: MapLayer, hidden: ReadonlySet<EdgeKind>): Uint8Array {
  const m = p.edges.kind.length;
  const kinds = LAYER_EDGE_KINDS[layer];
  const shown: Record<EdgeKind, boolean> = { loan: false, guarantee: false, supply: false, ownership: false };
  for (const k of kinds) shown[k] = !hidden.has(k);
  const out = new Uint8Array(m);
  for (let e = 0; e < m; e++) out[e] = shown[p.edges.kind[e]] && nodes[p.edges.source[e]] && nodes[p.edges.target[e]] ? 1 : 0;
  return out;
}

/** Ties across park or community borders and ties touching a firm outside parks. */
export const CROSS_TIE_MUTED = 'rgba(123, 135, 148, 0.3)';
export const INSIDE_TIE_ALPHA = 0.6;

/**
 * Tie colours of the derived layers (null for the others: ties keep their kind's style).
 * parks: inside one park → the park's colour (translucent: cohesion); across two parks →
 * the kind's strong colour (guarantees carry contagion, supply carries trade, across park
 * borders: what a planner looks for); touching a firm outside parks → grey.
 * communities: inside a community → its colour; across → grey.
 */
export function layerEdgeColors(p: GraphPayload, layer: MapLayer, community: readonly (number | null)[] | undefined): string[] | null {
  const m = p.edges.kind.length;
  if (layer === 'parks') {
    const inside = p.parks.map((_, i) => withAlpha(parkColor(i), INSIDE_TIE_ALPHA));
    const out = new Array<string>(m);
    for (let e = 0; e < m; e++) {
      const a = p.nodes.park[p.edges.source[e]], b = p.nodes.park[p.edges.target[e]];
      out[e] = a < 0 || b < 0 ? CROSS_TIE_MUTED : a === b ? inside[a] : EDGE_STYLES[p.edges.kind[e]].focusColor;
    }
    return out;
  }
  if (layer === 'communities' && community) {
    const { color } = communityPalette(community);
    const inside = new Map<number, string>();
    for (const [c, hex] of color) inside.set(c, withAlpha(hex, INSIDE_TIE_ALPHA));
    const out = new Array<string>(m);
    for (let e = 0; e < m; e++) {
      const a = community[p.edges.source[e]], b = community[p.edges.target[e]];
      out[e] = a !== null && a === b ? inside.get(a)! : CROSS_TIE_MUTED;
    }
    return out;
  }
  return null;
}

/** The measures a state needs loaded (colour, size, and the communities layer's tie colours). */
export function neededMeasures(state: { colorBy: ColorBy; sizeBy: SizeBy; layer: MapLayer }): (keyof MeasureColumns)[] {
  const out = new Set<keyof MeasureColumns>();
  const c = COLOR_MEASURE[state.colorBy];
  if (c) out.add(c);
  const s = SIZE_MEASURE[state.sizeBy];
  if (s) out.add(s);
  if (state.layer === 'communities') out.add('community');
  return [...out];
}
