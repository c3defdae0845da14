/**
 * The sigma.js renderer of the credit graph: settings, node/edge programs and the
 * state → reducers → refresh loop. Controllers outside only change the store;
 * this module repaints when the state changes, with `skipIndexation` because a
 * state change only alters colours and visibility, never positions.
 */
import Sigma from 'sigma';
import { EdgeArrowProgram, EdgeRectangleProgram, NodeCircleProgram } from 'sigma/rendering';
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import type { Store, ViewerState } from '../state/index.ts';
import type { CreditGraph, EdgeAttributes, NodeAttributes } from '../graph/index.ts';
import { NodeDiamondProgram } from './node-diamond.ts';

/** Above this many edges, edges are hidden while the camera moves (sigma `hideEdgesOnMove`). */
export const HIDE_EDGES_ON_MOVE_ABOVE = 5_000;

/**
 * Above this many nodes a repaint of every item takes seconds (sigma 3.0.3 re-indexes all
 * nodes and edges on a refresh without `partialGraph`, and headless WebGL is software):
 * hovering then only changes the cursor, and repaints wait until the browser has painted
 * what the state change showed elsewhere (the side panel), several changes coalescing
 * into one repaint.
 */
export const LARGE_GRAPH_NODES = 20_000;

export const LABEL_FONT = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

export interface RendererHandle {
  sigma: Sigma<NodeAttributes, EdgeAttributes>;
  /** Viewport (CSS pixel) position of a node, relative to the graph container. */
  nodeViewportPosition(node: string): { x: number; y: number } | null;
  zoomBy(factor: number): void;
  fit(): void;
  kill(): void;
}

/** What sigma draws: a pair of reducers (layers/view.ts's map view). */
export interface ReducerLayer {
  nodeReducer(key: string, attrs: NodeAttributes): Partial<NodeDisplayData>;
  edgeReducer(key: string, attrs: EdgeAttributes): Partial<EdgeDisplayData>;
}

/** State fields that change what is drawn (never positions): each change is one reducer pass. */
export const VISUAL_FIELDS: readonly (keyof ViewerState)[] = Object.freeze([
  'hiddenEdgeKinds', 'selectedNode', 'hoveredNode', 'layer', 'colorBy', 'sizeBy', 'filters', 'highlight', 'overlay', 'explore',
]);

/**
 * Fields whose change only recolours nodes (never their size, position, z-order, label
 * or any edge): the colouring and the contagion overlay. Sigma then re-runs the node
 * reducer and rewrites the node buffers without touching the edges (at 100k firms and
 * 300k+ ties the edge pass is most of a full refresh).
 */
export const NODE_COLOUR_FIELDS: readonly (keyof ViewerState)[] = Object.freeze(['colorBy', 'overlay']);

export function createRenderer(
  container: HTMLElement, graph: CreditGraph, store: Store, layer: ReducerLayer,
): RendererHandle {
  const sigma = new Sigma<NodeAttributes, EdgeAttributes>(graph, container, {
    nodeProgramClasses: { circle: NodeCircleProgram, diamond: NodeDiamondProgram },
    edgeProgramClasses: { arrow: EdgeArrowProgram, line: EdgeRectangleProgram },
    defaultNodeType: 'circle',
    defaultEdgeType: 'line',
    nodeReducer: layer.nodeReducer,
    edgeReducer: layer.edgeReducer,
    zIndex: true,
    hideEdgesOnMove: graph.size > HIDE_EDGES_ON_MOVE_ABOVE,
    labelFont: LABEL_FONT,
    labelSize: 12,
    labelWeight: '500',
    labelColor: { color: '#1F2933' },
    labelDensity: 0.35,
    labelGridCellSize: 90,
    labelRenderedSizeThreshold: 8,
    minEdgeThickness: 0.6,
    stagePadding: 40,
    minCameraRatio: 0.02,
    maxCameraRatio: 8,
  });

  sigma.on('clickNode', ({ node }) => store.update({ selectedNode: node }));
  sigma.on('clickStage', () => store.update({ selectedNode: null }));
  const large = graph.order > LARGE_GRAPH_NODES;
  sigma.on('enterNode', ({ node }) => {
    container.classList.add('is-pointing');
    if (!large) store.update({ hoveredNode: node });
  });
  sigma.on('leaveNode', () => {
    container.classList.remove('is-pointing');
    if (!large) store.update({ hoveredNode: null });
  });

  // Fields changed since the last repaint; null when no repaint is pending.
  let pending: Set<keyof ViewerState> | null = null;
  const repaint = () => {
    const fields = pending;
    pending = null;
    if (fields === null) return;
    if ([...fields].every((field) => NODE_COLOUR_FIELDS.includes(field))) {
      // Only node colours change: repaint the nodes alone; edges keep their buffers.
      sigma.refresh({ partialGraph: { nodes: graph.nodes() }, skipIndexation: true });
    } else {
      sigma.refresh({ skipIndexation: true });
    }
  };
  const unsubscribe = store.subscribe((state, previous) => {
    const changed = VISUAL_FIELDS.filter((field) => state[field] !== previous[field]);
    if (changed.length === 0) return;
    const first = pending === null;
    pending ??= new Set();
    for (const field of changed) pending.add(field);
    if (!large) repaint();
    // After the next frame is painted (rAF runs before paint; the timeout after it).
    else if (first) requestAnimationFrame(() => setTimeout(repaint, 0));
  });

  return {
    sigma,
    nodeViewportPosition(node) {
      if (!graph.hasNode(node)) return null;
      const { x, y } = graph.getNodeAttributes(node);
      return sigma.graphToViewport({ x, y });
    },
    zoomBy(factor) {
      const camera = sigma.getCamera();
      void camera.animate({ ratio: camera.ratio / factor }, { duration: 200 });
    },
    fit() {
      void sigma.getCamera().animatedReset({ duration: 300 });
    },
    kill() {
      unsubscribe();
      pending = null;
      sigma.kill();
    },
  };
}
