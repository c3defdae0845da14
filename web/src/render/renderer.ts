/**
 * The renderer of the credit graph: sigma.js draws and picks the nodes (its settings,
 * node programs and the node reducer); render/ties.ts draws the ties around them. The
 * state → reducers → refresh loop: controllers outside only change the store; this
 * module repaints when the state changes, with `skipIndexation` because a state change
 * only alters colours and visibility, never positions, and the tie layer redraws only
 * what changed after each sigma render.
 */
import Sigma from 'sigma';
import type { NodeDisplayData } from 'sigma/types';
import type { GraphPayload } from '../api/index.ts';
import type { Store, ViewerState } from '../state/index.ts';
import type { CreditGraph, NodeAttributes } from '../graph/index.ts';
import { createLabelDrawer } from './labels.ts';
import { createNodeColorTexture, nodePrograms } from './node-programs.ts';
import { createTieLayer, type TieStyles } from './ties.ts';

/**
 * Above this many nodes a repaint of every node takes a noticeable time (sigma 3.0.3
 * re-indexes all nodes on a refresh without `partialGraph`): hovering then only changes
 * the cursor, and repaints wait until the browser has painted what the state change
 * showed elsewhere (the side panel), several changes coalescing into one repaint.
 */
export const LARGE_GRAPH_NODES = 20_000;

export const LABEL_FONT = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

export interface RendererHandle {
  sigma: Sigma<NodeAttributes>;
  /** Tie canvas draws and uploads so far (render/ties.ts). */
  tieDraws(): { base: number; front: number; uploads: number };
  /**
   * The map's pictures in stacking order (ties included) with their CSS opacity, for the PNG
   * export: `use` runs right after a sigma render, the only time sigma's WebGL canvases can be read.
   */
  withLayers<T>(use: (layers: MapLayer[]) => T): Promise<T>;
  /** Viewport (CSS pixel) position of a node, relative to the graph container. */
  nodeViewportPosition(node: string): { x: number; y: number } | null;
  zoomBy(factor: number): void;
  /** Repaints done for state changes so far, and when the last one ended (performance.now()). */
  repaints(): { count: number; last: number | null };
  fit(): void;
  kill(): void;
}

/** One picture of the map's stack of canvases. */
export interface MapLayer {
  image: CanvasImageSource & { width: number; height: number };
  opacity: number;
}

/** What the map draws (layers/view.ts's map view): sigma's node reducer and the tie sets. */
export interface ReducerLayer {
  nodeReducer(key: string, attrs: NodeAttributes): Partial<NodeDisplayData>;
  /** RGBA bytes per payload index (render/node-programs.ts draws them). */
  nodeColors(): Uint8Array;
  ties(): TieStyles;
}

/** State fields that change what is drawn (never positions): each change is one reducer pass. */
export const VISUAL_FIELDS: readonly (keyof ViewerState)[] = Object.freeze([
  'hiddenEdgeKinds', 'selectedNode', 'hoveredNode', 'layer', 'colorBy', 'sizeBy', 'filters', 'highlight', 'overlay', 'explore',
]);

/**
 * Fields whose change only recolours nodes (never their size, position, z-order, label
 * or any tie): the colouring and the contagion overlay. The node programs read colours
 * from a texture (render/node-programs.ts), so sigma only redraws: no refresh at all.
 */
export const NODE_COLOUR_FIELDS: readonly (keyof ViewerState)[] = Object.freeze(['colorBy', 'overlay']);

export function createRenderer(
  container: HTMLElement, graph: CreditGraph, payload: GraphPayload, store: Store, layer: ReducerLayer,
): RendererHandle {
  const colors = createNodeColorTexture();
  const labels = createLabelDrawer();
  const sigma = new Sigma<NodeAttributes>(graph, container, {
    defaultDrawNodeLabel: labels.draw,
    nodeProgramClasses: nodePrograms(colors),
    defaultNodeType: 'circle',
    nodeReducer: layer.nodeReducer,
    zIndex: true,
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

  const ties = createTieLayer(sigma, graph, payload, layer.ties);
  const setColors = () => colors.set(layer.nodeColors());
  sigma.on('beforeRender', setColors);
  sigma.on('beforeRender', labels.reset);
  sigma.on('afterRender', ties.sync);

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
  const painted = { count: 0, last: null as number | null };
  const repaint = () => {
    const fields = pending;
    pending = null;
    if (fields === null) return;
    if ([...fields].every((field) => NODE_COLOUR_FIELDS.includes(field))) {
      // Only node colours change: a new colour texture and the node pictures redrawn, no sigma render.
      setColors();
      colors.redraw(sigma.getRenderParams());
    } else {
      sigma.refresh({ skipIndexation: true });
    }
    painted.count++;
    painted.last = performance.now();
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
    repaints: () => ({ ...painted }),
    tieDraws: () => ties.draws(),
    async withLayers(use) {
      const tiePictures = await ties.pictures();
      const tieCanvases = [...container.querySelectorAll('canvas.xinlian-ties, canvas.xinlian-ties-front')];
      return new Promise((resolve, reject) => {
        sigma.once('afterRender', () => {
          try {
            resolve(use([...container.querySelectorAll('canvas')]
              .filter((canvas) => !canvas.classList.contains('sigma-mouse'))
              .map((canvas) => tiePictures[tieCanvases.indexOf(canvas)] ?? { image: canvas, opacity: 1 })));
          } catch (err) {
            reject(err);
          }
        });
        sigma.scheduleRender();
      });
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
      sigma.off('beforeRender', setColors);
      sigma.off('afterRender', ties.sync);
      ties.kill();
      sigma.kill();
    },
  };
}
