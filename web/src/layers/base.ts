/**
 * The base layer: what sigma draws for each node and edge, derived from the
 * viewer state by pure functions (sigma's reducer model, STYLE.md). Later layers
 * (contagion playback, circles) compose over this one the same way.
 *
 * Rules: hidden edge kinds are not drawn; with a focus (the selected node, else
 * the hovered one) only the focus, its neighbours through visible ties and those
 * ties keep their colours: everything else is muted, as in Gephi Lite, so the
 * neighbourhood reads at a glance on a dense graph.
 */
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import type { CreditGraph, EdgeAttributes, NodeAttributes } from '../graph/index.ts';
import { EDGE_STYLES, MUTED_EDGE_COLOR, MUTED_NODE_COLOR } from '../graph/index.ts';
import type { ViewerState } from '../state/index.ts';

/** Smallest drawn radius (px) of the focused node and of its neighbours. */
export const FOCUS_MIN_SIZE = 7;
export const NEIGHBOUR_MIN_SIZE = 4;

export interface Focus {
  node: string;
  /** Nodes joined to `node` by at least one visible tie (either direction). */
  neighbours: ReadonlySet<string>;
}

/** The focused node and its neighbourhood through the edge kinds that are shown. */
export function focusOf(graph: CreditGraph, state: ViewerState): Focus | null {
  const node = state.selectedNode ?? state.hoveredNode;
  if (node === null || !graph.hasNode(node)) return null;
  const neighbours = new Set<string>();
  graph.forEachEdge(node, (_edge, attrs, source, target) => {
    if (state.hiddenEdgeKinds.has(attrs.kind)) return;
    neighbours.add(source === node ? target : source);
  });
  return { node, neighbours };
}

export function nodeDisplay(key: string, attrs: NodeAttributes, focus: Focus | null): Partial<NodeDisplayData> {
  const display: Partial<NodeDisplayData> = { ...attrs };
  if (!focus) return display;
  if (key === focus.node) {
    display.highlighted = true;
    display.forceLabel = true;
    display.size = Math.max(attrs.size, FOCUS_MIN_SIZE);
    display.zIndex = 2;
  } else if (focus.neighbours.has(key)) {
    // Labels of a small neighbourhood are all worth reading; a bank with hundreds of
    // borrowers would bury the canvas in text, so sigma's label grid decides there.
    display.forceLabel = focus.neighbours.size <= 40;
    // Small borrowers would be specks next to the focus; keep every neighbour clickable.
    display.size = Math.max(attrs.size, NEIGHBOUR_MIN_SIZE);
    display.zIndex = 1;
  } else {
    display.color = MUTED_NODE_COLOR;
    display.label = null;
    display.zIndex = 0;
  }
  return display;
}

export function edgeDisplay(
  attrs: EdgeAttributes, source: string, target: string, state: ViewerState, focus: Focus | null,
): Partial<EdgeDisplayData> {
  if (state.hiddenEdgeKinds.has(attrs.kind)) return { ...attrs, hidden: true };
  const display: Partial<EdgeDisplayData> = { ...attrs };
  if (!focus) return display;
  if (source === focus.node || target === focus.node) {
    display.color = EDGE_STYLES[attrs.kind].focusColor;
    display.size = Math.max(1.6, attrs.size * 1.8);
    display.zIndex = 1;
  } else {
    display.color = MUTED_EDGE_COLOR;
    display.zIndex = 0;
  }
  return display;
}

/**
 * sigma reducers bound to a state getter. The focus is recomputed only when the
 * state object changes (the store replaces it on every update), not per item.
 */
export function createBaseLayer(graph: CreditGraph, getState: () => ViewerState) {
  let cachedFor: ViewerState | null = null;
  let focus: Focus | null = null;
  const current = () => {
    const state = getState();
    if (state !== cachedFor) {
      cachedFor = state;
      focus = focusOf(graph, state);
    }
    return { state, focus };
  };
  return {
    nodeReducer: (key: string, attrs: NodeAttributes): Partial<NodeDisplayData> => nodeDisplay(key, attrs, current().focus),
    edgeReducer: (key: string, attrs: EdgeAttributes): Partial<EdgeDisplayData> => {
      const { state, focus: f } = current();
      return edgeDisplay(attrs, graph.source(key), graph.target(key), state, f);
    },
  };
}
