/**
 * The one canonical state of the viewer. Controllers (buttons, search, clicks)
 * only call `update`; everything drawn is derived from the state by pure
 * functions (layers/) and by panels that re-render on `subscribe`. This is the
 * sigma.js "graph is the model, reducers derive the view" loop (STYLE.md).
 *
 * Who writes what (each field has one owner, everyone may read):
 * - layer, colorBy, sizeBy, filters: the map controls (panels/map-controls.ts);
 * - highlight: whoever shows a set of nodes (circle table, chains, chain-strength
 *   path); overlay: contagion playback (per-node distress); explore: the firm
 *   panel's ego expansion; tool: the analysis drawer (panels/tools.ts);
 * - scenario: the contagion tool (an opaque URL-safe string it parses itself).
 * The URL mirrors layer, colorBy, sizeBy, filters, selectedNode, tool and scenario.
 */
import type { EdgeKind } from '../api/index.ts';
import type { Lang } from '../i18n/index.ts';

/** Which ties the map draws: all kinds, only one network, or a derived view. */
export type MapLayer = 'all' | 'guarantee' | 'supply' | 'parks' | 'communities';
export const MAP_LAYERS: readonly MapLayer[] = ['all', 'guarantee', 'supply', 'parks', 'communities'];

export type ColorBy = 'park' | 'industry' | 'impact' | 'vulnerability' | 'chainStrength' | 'screening' | 'community';
export const COLOR_BYS: readonly ColorBy[] = ['park', 'industry', 'impact', 'vulnerability', 'chainStrength', 'screening', 'community'];

export type SizeBy = 'borrowing' | 'exposure' | 'impact' | 'degree';
export const SIZE_BYS: readonly SizeBy[] = ['borrowing', 'exposure', 'impact', 'degree'];

/** Node filters; an empty set means "no restriction" on that attribute. */
export interface Filters {
  industries: ReadonlySet<string>;
  /** Park indices of the payload; -1 = outside any park. */
  parks: ReadonlySet<number>;
  /** Outstanding borrowing range (payload amount unit); null = open. */
  minBorrowing: number | null;
  maxBorrowing: number | null;
  /** Firm flags that must all be present (e.g. 'dishonest'). */
  flags: ReadonlySet<string>;
}

export const NO_FILTERS: Filters = Object.freeze({
  industries: new Set<string>(), parks: new Set<number>(), minBorrowing: null, maxBorrowing: null, flags: new Set<string>(),
});

/**
 * A set of nodes (and optionally edge keys) to emphasise; everything else is faded.
 * `depth` (optional) gives a node's distance from the origin (chains: negative =
 * upstream guarantors, positive = downstream), drawn as a label suffix / shade.
 */
export interface Highlight {
  /** What it is, for the legend and tests: 'circle:<id>', 'chain:<firm>', 'path:<firm>' … */
  key: string;
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string> | null;
  depth?: ReadonlyMap<string, number>;
}

/** Per-node values in [0, 1] drawn as a sequential colour over every other colouring (contagion playback). */
export interface NodeOverlay {
  key: string;
  /** Legend title message key context, e.g. 'distress' (round shown in `caption`). */
  kind: 'distress';
  values: ReadonlyMap<string, number>;
  caption: string;
}

export type ToolId = 'circles' | 'contagion' | 'park';

export interface ViewerState {
  lang: Lang;
  /** Edge kinds the user switched off in the legend. */
  hiddenEdgeKinds: ReadonlySet<EdgeKind>;
  /** Node key (dataset id) shown in the side panel and highlighted with its neighbours. */
  selectedNode: string | null;
  /** Node under the pointer: highlighted like a selection, without opening the panel. */
  hoveredNode: string | null;
  /** ForceAtlas2 worker running. */
  layoutRunning: boolean;
  layer: MapLayer;
  colorBy: ColorBy;
  sizeBy: SizeBy;
  filters: Filters;
  highlight: Highlight | null;
  overlay: NodeOverlay | null;
  /** When set, only these nodes are drawn (ego exploration with the full graph hidden). */
  explore: ReadonlySet<string> | null;
  /** Open analysis tool in the drawer, or null when the drawer is closed. */
  tool: ToolId | null;
  /** The contagion scenario to show (URL-encoded by the contagion tool), or null. */
  scenario: string | null;
}

export function initialState(lang: Lang): ViewerState {
  return {
    lang, hiddenEdgeKinds: new Set(), selectedNode: null, hoveredNode: null, layoutRunning: false,
    layer: 'all', colorBy: 'park', sizeBy: 'borrowing', filters: NO_FILTERS,
    highlight: null, overlay: null, explore: null, tool: null, scenario: null,
  };
}

export type Listener = (state: ViewerState, previous: ViewerState) => void;

export interface Store {
  get(): ViewerState;
  /** Shallow-merge a patch; listeners run only when some field actually changed. */
  update(patch: Partial<ViewerState>): void;
  subscribe(listener: Listener): () => void;
}

export function createStore(initial: ViewerState): Store {
  let state: ViewerState = Object.freeze({ ...initial });
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    update(patch) {
      let changed = false;
      for (const key of Object.keys(patch) as (keyof ViewerState)[]) {
        if (!Object.is(patch[key], state[key])) changed = true;
      }
      if (!changed) return;
      const previous = state;
      state = Object.freeze({ ...state, ...patch });
      for (const listener of listeners) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A new hidden-kinds set with `kind` flipped (sets are replaced, never mutated, so `Object.is` sees the change). */
export function toggleEdgeKind(hidden: ReadonlySet<EdgeKind>, kind: EdgeKind): ReadonlySet<EdgeKind> {
  const next = new Set(hidden);
  if (next.has(kind)) next.delete(kind);
  else next.add(kind);
  return next;
}
