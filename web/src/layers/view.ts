/**
 * The map layer: the sigma reducers for everything the viewer state says about drawing —
 * layer, colouring, size, filters, ego exploration (visibility), contagion distress
 * (overlay), circles / chains / paths (highlight) and the selection or hover (focus).
 * Composition, from bottom to top:
 *   visibility (explore, else layer + filters; hidden edge kinds) → colour (overlay, else
 *   colorBy) and size (sizeBy) → highlight (fade the rest; depth as ↑n / ↓n label) →
 *   focus (with a highlight: ring and label only; without: the focus and its neighbours
 *   through shown ties keep their colours, everything else is muted, as in Gephi Lite).
 *
 * Nodes are drawn by sigma through `nodeReducer`; ties by render/ties.ts from `ties()`:
 * the base set (every visible tie in its layer colour) and the emphasised front set (the
 * highlight's ties, else the focus's), the base dimmed while something is emphasised.
 *
 * Speed: every per-node and per-tie array is derived once per change of its inputs
 * (derive.ts, memoised here on input identity: the store replaces what changes), so the
 * node reducer is O(1) array reads that write into the attribute copy sigma hands it —
 * no allocation per item — and the tie sets are rebuilt only when their own inputs
 * change (a node colouring never rebuilds them).
 */
import type { NodeDisplayData } from 'sigma/types';
import { parseColor } from 'sigma/utils';
import type { GraphPayload } from '../api/index.ts';
import { forEachTie, tieOfKey, type NodeAttributes, type TieIndex } from '../graph/build.ts';
import { DISTRESS, EDGE_STYLES, MUTED_NODE_COLOR, UNAFFECTED_COLOR, rampColor } from '../graph/palette.ts';
import type { TieDraw, TieStyles } from '../render/ties.ts';
import type { Highlight, NodeOverlay, ViewerState } from '../state/index.ts';
import {
  edgeVisibility, layerEdgeColors, neededMeasures, nodeColors, nodeSizes, nodeVisibility, parkColors, sizeValues,
  type MeasureColumns, type NodeColors, type Visibility,
} from './derive.ts';
import type { MeasureLoader } from './measures.ts';

/** Smallest drawn radius (px) of the focused node and of its neighbours: every neighbour stays clickable. */
export const FOCUS_MIN_SIZE = 7;
export const NEIGHBOUR_MIN_SIZE = 4;

/** Above this many highlighted nodes, sigma's label grid decides which labels to draw. */
export const HIGHLIGHT_LABELS_UP_TO = 60;

export interface ViewFocus {
  key: string;
  v: number;
  neighbours: ReadonlySet<string>;
}

export interface Derived {
  state: ViewerState;
  /** Colours of the chosen colouring; while its measure loads, the park colours. */
  colors: NodeColors;
  /** True while the chosen colouring's or size's measure is being fetched (or failed). */
  waiting: boolean;
  sizes: Float32Array;
  visibility: Visibility;
  edges: Uint8Array;
  edgeColors: string[] | null;
  overlay: string[] | null;
  highlightNodes: Uint8Array | null;
  highlightEdges: Uint8Array | null;
  depthLabels: Map<number, string> | null;
  focus: ViewFocus | null;
}

/** One-entry memo on argument identity (the inputs are immutable state fields and arrays). */
function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: A | null = null;
  let value: R;
  return (...args: A) => {
    if (last !== null && args.every((x, i) => Object.is(x, last![i]))) return value;
    value = fn(...args);
    last = args;
    return value;
  };
}

export function depthSuffix(depth: number): string {
  return depth < 0 ? ` ↑${-depth}` : depth > 0 ? ` ↓${depth}` : '';
}

/** Distress colour per node: 0 (or absent) → UNAFFECTED_COLOR, (0, 1] → the YlOrRd ramp. */
export function overlayColors(p: GraphPayload, indexOf: ReadonlyMap<string, number>, overlay: NodeOverlay): string[] {
  const out = new Array<string>(p.nodes.id.length).fill(UNAFFECTED_COLOR);
  for (const [id, value] of overlay.values) {
    const v = indexOf.get(id);
    if (v !== undefined && value > 0) out[v] = rampColor(DISTRESS, value);
  }
  return out;
}

export interface MapView {
  /** Size, visibility, z-order and labels for sigma; colours come from `nodeColors`. */
  nodeReducer(key: string, attrs: NodeAttributes): Partial<NodeDisplayData>;
  /** The drawn colour of every node as RGBA bytes by payload index (same array until the colours change). */
  nodeColors(): Uint8Array;
  /** The drawn colour of one node (CSS), or null for an unknown id. */
  nodeColor(id: string): string | null;
  /** The ties to draw (same object until one of their inputs changes). */
  ties(): TieStyles;
  /** The derived arrays of the current state (recomputed only when an input changed). */
  current(): Derived;
  /** Payload index of a node id. */
  indexOf: ReadonlyMap<string, number>;
}

type NodeOut = Partial<NodeDisplayData>;

/** Emphasised ties are drawn at least this thick (size units), and 1.8× their base size. */
const FRONT_TIE_MIN_SIZE = 1.6;

export function createMapView(ties: TieIndex, payload: GraphPayload, getState: () => ViewerState, measures: MeasureLoader): MapView {
  const p = payload;
  const n = p.nodes.id.length;
  const indexOf = new Map<string, number>();
  for (let v = 0; v < n; v++) indexOf.set(p.nodes.id[v], v);

  const fallbackColors = parkColors(p);
  const colorsOf = memo((colorBy: ViewerState['colorBy'], columns: MeasureColumns) => nodeColors(p, colorBy, columns));
  // Keyed on the one column a size reads (only 'impact' reads one), so another measure arriving keeps the sizes and the ties.
  const sizesOf = memo((sizeBy: ViewerState['sizeBy'], impact: MeasureColumns['impact']) => {
    const values = sizeValues(p, sizeBy, { impact });
    return values ? nodeSizes(p, values) : null;
  });
  const baseSizes = nodeSizes(p, sizeValues(p, 'borrowing', {})!);
  const visibilityOf = memo((layer: ViewerState['layer'], filters: ViewerState['filters'], explore: ViewerState['explore']) => nodeVisibility(p, layer, filters, explore));
  const edgesOf = memo((nodes: Uint8Array, layer: ViewerState['layer'], hidden: ViewerState['hiddenEdgeKinds']) => edgeVisibility(p, nodes, layer, hidden));
  const edgeColorsOf = memo((layer: ViewerState['layer'], community: MeasureColumns['community']) => layerEdgeColors(p, layer, community));
  const overlayOf = memo((overlay: NodeOverlay | null) => (overlay ? overlayColors(p, indexOf, overlay) : null));
  const highlightOf = memo((h: Highlight | null) => {
    if (!h) return { nodes: null, edges: null, labels: null, small: false };
    const nodes = new Uint8Array(n);
    for (const id of h.nodes) { const v = indexOf.get(id); if (v !== undefined) nodes[v] = 1; }
    let edges: Uint8Array | null = null;
    if (h.edges) {
      edges = new Uint8Array(p.edges.kind.length);
      for (const key of h.edges) { const e = tieOfKey(p, key); if (e !== null) edges[e] = 1; }
    }
    let labels: Map<number, string> | null = null;
    if (h.depth) {
      labels = new Map();
      for (const [id, depth] of h.depth) {
        const v = indexOf.get(id);
        if (v !== undefined && depth !== 0) labels.set(v, p.nodes.name[v] + depthSuffix(depth));
      }
    }
    return { nodes, edges, labels, small: h.nodes.size <= HIGHLIGHT_LABELS_UP_TO };
  });
  const focusOfView = memo((node: string | null, nodes: Uint8Array, edges: Uint8Array): ViewFocus | null => {
    if (node === null) return null;
    const v = indexOf.get(node);
    if (v === undefined || !nodes[v]) return null;
    const neighbours = new Set<string>();
    forEachTie(p, ties, v, (e, other) => { if (edges[e]) neighbours.add(p.nodes.id[other]); });
    return { key: node, v, neighbours };
  });

  /** A tie set from the chosen payload indices: colour and thickness per tie, drawn radius per node (ties run rim to rim). */
  const tieDraw = (chosen: number[], color: (e: number) => string, size: (e: number) => number, radius: (v: number) => number): TieDraw => {
    const count = chosen.length;
    const out = {
      edges: Int32Array.from(chosen), colors: new Array<string>(count), sizes: new Float32Array(count),
      ends: new Float32Array(2 * count), arrows: new Uint8Array(count),
    };
    for (let i = 0; i < count; i++) {
      const e = chosen[i];
      out.colors[i] = color(e);
      out.sizes[i] = size(e);
      out.ends[2 * i] = radius(p.edges.source[e]);
      out.ends[2 * i + 1] = radius(p.edges.target[e]);
      out.arrows[i] = EDGE_STYLES[p.edges.kind[e]].type === 'arrow' ? 1 : 0;
    }
    return out;
  };
  const baseTiesOf = memo((edges: Uint8Array, edgeColors: string[] | null, sizes: Float32Array): TieDraw => {
    const chosen: number[] = [];
    for (let e = 0; e < edges.length; e++) if (edges[e]) chosen.push(e);
    return tieDraw(chosen, (e) => (edgeColors ? edgeColors[e] : EDGE_STYLES[p.edges.kind[e]].color), (e) => EDGE_STYLES[p.edges.kind[e]].size, (v) => sizes[v]);
  });
  const frontTiesOf = memo((
    edges: Uint8Array, hNodes: Uint8Array | null, hEdges: Uint8Array | null, focus: ViewFocus | null, sizes: Float32Array,
  ): TieDraw | null => {
    const chosen: number[] = [];
    if (hNodes) {
      // A highlight's ties: its own tie set, else every shown tie between two highlighted nodes.
      for (let e = 0; e < edges.length; e++) {
        if (edges[e] && (hEdges ? hEdges[e] === 1 : hNodes[p.edges.source[e]] === 1 && hNodes[p.edges.target[e]] === 1)) chosen.push(e);
      }
    } else if (focus) {
      forEachTie(p, ties, focus.v, (e) => { if (edges[e]) chosen.push(e); });
    } else {
      return null;
    }
    const kindOf = (e: number) => EDGE_STYLES[p.edges.kind[e]];
    // The node reducer's sizes for the focus and the emphasised nodes (every end of these ties is one).
    const radius = (v: number) => Math.max(sizes[v], focus?.v === v ? FOCUS_MIN_SIZE : NEIGHBOUR_MIN_SIZE);
    return tieDraw(chosen, (e) => kindOf(e).focusColor, (e) => Math.max(FRONT_TIE_MIN_SIZE, kindOf(e).size * 1.8), radius);
  });

  const tiesOf = memo((base: TieDraw, front: TieDraw | null): TieStyles => ({ base, front, dimBase: front !== null }));

  /**
   * The drawn colour of node v: the distress overlay, else the colouring; with a highlight,
   * muted outside it; else with a focus, muted outside the focus and its neighbours through
   * shown ties (as in Gephi Lite).
   */
  type ColorInputs = [colors: readonly string[], overlay: string[] | null, highlightNodes: Uint8Array | null, focus: ViewFocus | null];
  const colorOf = ([colors, overlay, highlightNodes, focus]: ColorInputs, v: number): string => {
    const own = overlay ? overlay[v] : colors[v];
    if (highlightNodes) return highlightNodes[v] ? own : MUTED_NODE_COLOR;
    return !focus || focus.v === v || focus.neighbours.has(p.nodes.id[v]) ? own : MUTED_NODE_COLOR;
  };
  const colorInputs = (d: Derived): ColorInputs => [d.colors.colors, d.overlay, d.highlightNodes, d.focus];
  const rgbaOf = new Map<string, number>();
  const nodeRGBAOf = memo((...inputs: ColorInputs): Uint8Array => {
    const out = new Uint8Array(4 * n);
    const view = new DataView(out.buffer);
    for (let v = 0; v < n; v++) {
      const css = colorOf(inputs, v);
      let packed = rgbaOf.get(css);
      if (packed === undefined) {
        const c = parseColor(css);
        packed = ((c.r << 24) | (c.g << 16) | (c.b << 8) | Math.round(c.a * 255)) >>> 0;
        rgbaOf.set(css, packed);
      }
      view.setUint32(4 * v, packed);
    }
    return out;
  });

  let cachedState: ViewerState | null = null;
  let cachedColumns: MeasureColumns | null = null;
  let derived: Derived | null = null;
  let highlightSmall = false;
  const current = (): Derived => {
    const state = getState();
    const columns = measures.columns();
    if (derived && state === cachedState && columns === cachedColumns) return derived;
    cachedState = state;
    cachedColumns = columns;
    const colors = colorsOf(state.colorBy, columns);
    const sizes = sizesOf(state.sizeBy, state.sizeBy === 'impact' ? columns.impact : undefined);
    const visibility = visibilityOf(state.layer, state.filters, state.explore);
    const edges = edgesOf(visibility.nodes, state.layer, state.hiddenEdgeKinds);
    const h = highlightOf(state.highlight);
    highlightSmall = h.small;
    const waiting = neededMeasures(state).some((name) => measures.status(name) !== 'ready');
    derived = {
      state,
      colors: colors ?? fallbackColors,
      waiting,
      sizes: sizes ?? baseSizes,
      visibility,
      edges,
      edgeColors: edgeColorsOf(state.layer, columns.community),
      overlay: overlayOf(state.overlay),
      highlightNodes: h.nodes,
      highlightEdges: h.edges,
      depthLabels: h.labels,
      focus: focusOfView(state.selectedNode ?? state.hoveredNode, visibility.nodes, edges),
    };
    return derived;
  };

  return {
    indexOf,
    current,
    nodeReducer(key, attrs) {
      const d = current();
      const v = attrs.index;
      const out = attrs as unknown as NodeOut;
      if (!d.visibility.nodes[v]) {
        out.hidden = true;
        return out;
      }
      out.size = d.sizes[v];
      const f = d.focus;
      if (d.highlightNodes) {
        if (d.highlightNodes[v]) {
          out.zIndex = 2;
          out.size = Math.max(out.size, NEIGHBOUR_MIN_SIZE);
          const label = d.depthLabels?.get(v);
          if (label !== undefined) out.label = label;
          if (highlightSmall) out.forceLabel = true;
        } else {
          out.label = null;
          out.zIndex = 0;
        }
        if (f && f.v === v) {
          out.highlighted = true;
          out.forceLabel = true;
          out.size = Math.max(out.size, FOCUS_MIN_SIZE);
          out.zIndex = 3;
        }
        return out;
      }
      if (!f) return out;
      // base.ts's focus rule: the focus and its neighbours keep their colours, the rest is muted.
      if (f.v === v) {
        out.highlighted = true;
        out.forceLabel = true;
        out.size = Math.max(out.size, FOCUS_MIN_SIZE);
        out.zIndex = 2;
      } else if (f.neighbours.has(key)) {
        out.forceLabel = f.neighbours.size <= 40;
        out.size = Math.max(out.size, NEIGHBOUR_MIN_SIZE);
        out.zIndex = 1;
      } else {
        out.label = null;
        out.zIndex = 0;
      }
      return out;
    },
    nodeColors() {
      const d = current();
      return nodeRGBAOf(...colorInputs(d));
    },
    nodeColor(id) {
      const v = indexOf.get(id);
      return v === undefined ? null : colorOf(colorInputs(current()), v);
    },
    ties() {
      const d = current();
      const front = frontTiesOf(d.edges, d.highlightNodes, d.highlightEdges, d.focus, d.sizes);
      return tiesOf(baseTiesOf(d.edges, d.edgeColors, d.sizes), front);
    },
  };
}
