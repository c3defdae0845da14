/**
 * The map's ties (loans, guarantees, supply, ownership), drawn from typed arrays on two
 * WebGL canvases of their own around sigma's node canvas, instead of as sigma edges.
 *
 * Why: at 100k firms and 440k ties, sigma 3 processes every edge through graphology and
 * its edge programs on each refresh, re-uploads every edge buffer and redraws every edge
 * (twice, with picking) on every frame — in software WebGL one frame of long ties costs
 * seconds of rasterisation. Here the ties are redrawn only when what they show changes:
 * - the *base* canvas holds every visible tie in its layer colour; it is redrawn when the
 *   visible set, the tie colours, node sizes, positions or the camera change, never for a
 *   node colouring or a selection;
 * - the *front* canvas, above the nodes, holds the few emphasised ties (the focus's ties, a
 *   circle, a chain, a path) in their focus colours, rim to rim of their nodes so muted nodes
 *   do not cut them; while it is in use the base canvas is dimmed with CSS opacity (a
 *   compositor change, no redraw), as sigma's reducers muted the other edges.
 * While the camera moves (drag, wheel, animation), large tie sets are hidden (as sigma's
 * `hideEdgesOnMove`) and redrawn once it settles.
 *
 * The canvases are drawn in a worker (ties.worker.ts, OffscreenCanvas) where the browser
 * allows it: in software WebGL a redraw of 440k ties takes seconds of rasterisation, and
 * the page's compositor would wait for it on the main thread. The page only computes the
 * tie arrays (tie-gl.ts has the geometry) and the camera transform, which comes from
 * sigma's public `graphToViewport`, so it always agrees with where sigma draws the nodes.
 */
import type Sigma from 'sigma';
import { floatColor } from 'sigma/utils';
import { STRIDE, TieCanvas, type TieMode, type TieUniforms, type TieTarget, type ToTieWorker, type FromTieWorker } from './tie-gl.ts';
import type { GraphPayload } from '../api/index.ts';
import type { CreditGraph, NodeAttributes } from '../graph/index.ts';

/** Ties to draw on one canvas, in drawing order (aligned arrays). */
export interface TieDraw {
  /** Payload indices of the ties. */
  readonly edges: Int32Array;
  /** CSS colours. */
  readonly colors: readonly string[];
  /** Thickness in sigma size units. */
  readonly sizes: Float32Array;
  /** Drawn radius of the source and of the target node per tie (size units): the tie runs rim to rim. */
  readonly ends: Float32Array;
  /** 1: an arrowhead at the target's rim (directed kinds). */
  readonly arrows: Uint8Array;
}

export interface TieStyles {
  base: TieDraw;
  /** Emphasised ties drawn above the base, or null. */
  front: TieDraw | null;
  /** Dim the base canvas (something is emphasised). */
  dimBase: boolean;
}

/** Opacity of the base ties while something is emphasised (sigma's muted edges were near the canvas colour). */
export const DIMMED_TIES_OPACITY = 0.18;
/** Above this many ties, ties are hidden while the camera moves and redrawn when it settles. */
export const HIDE_TIES_ON_MOVE_ABOVE = 5_000;
/** Above this many ties the base set is drawn as 1 px lines (tie-gl.ts). */
export const BASE_LINES_ABOVE = 30_000;
/** How long the camera must be still before hidden ties are redrawn. */
const SETTLE_MS = 120;

/** Where the tie canvases are drawn: in the tie worker, or on the page without OffscreenCanvas. */
interface TieSurfaces {
  upload(target: TieTarget, data: Float32Array, count: number): void;
  draw(targets: TieTarget[], u: TieUniforms, width: number, height: number): void;
  /** The canvases' current pictures, base first. */
  snapshot(): Promise<ImageBitmap[]>;
  kill(): void;
}

function offscreenWebGL(): boolean {
  if (typeof OffscreenCanvas === 'undefined' || !('transferControlToOffscreen' in HTMLCanvasElement.prototype)) return false;
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl');
    gl?.getExtension('WEBGL_lose_context')?.loseContext(); // browsers cap live contexts
    return gl !== null;
  } catch {
    return false;
  }
}

function workerSurfaces(canvases: Record<TieTarget, HTMLCanvasElement>, baseMode: TieMode): TieSurfaces {
  const worker = new Worker(new URL('./ties.worker.ts', import.meta.url), { type: 'module', name: 'xinlian-ties' });
  const base = canvases.base.transferControlToOffscreen();
  const front = canvases.front.transferControlToOffscreen();
  const post = (msg: ToTieWorker, transfer: Transferable[] = []) => worker.postMessage(msg, transfer);
  post({ type: 'init', base, front, baseMode }, [base, front]);
  const waiting = new Map<number, (bitmaps: ImageBitmap[]) => void>();
  let next = 0;
  worker.onmessage = (event: MessageEvent<FromTieWorker>) => {
    const msg = event.data;
    if (msg.type === 'error') console.error(`the map's ties could not be drawn: ${msg.message}`);
    else {
      waiting.get(msg.id)?.(msg.bitmaps);
      waiting.delete(msg.id);
    }
  };
  return {
    upload: (target, data, count) => post({ type: 'upload', target, data, count }, [data.buffer]),
    draw: (targets, uniforms, width, height) => post({ type: 'draw', targets, uniforms, width, height }),
    snapshot: () => new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      post({ type: 'snapshot', id });
    }),
    kill: () => worker.terminate(),
  };
}

function pageSurfaces(canvases: Record<TieTarget, HTMLCanvasElement>, baseMode: TieMode): TieSurfaces {
  const gl = { base: new TieCanvas(canvases.base, baseMode), front: new TieCanvas(canvases.front, 'quads') };
  return {
    upload: (target, data, count) => gl[target].upload(data, count),
    draw: (targets, u, width, height) => { for (const t of targets) gl[t].draw(u, width, height); },
    snapshot: () => Promise.all([createImageBitmap(canvases.base), createImageBitmap(canvases.front)]),
    kill: () => { gl.base.kill(); gl.front.kill(); },
  };
}

export interface TieLayer {
  /** Brings the canvases up to date with the styles and the camera (after each sigma render). */
  sync(): void;
  /** How often each canvas was drawn and uploaded so far (what a state change cost). */
  draws(): { base: number; front: number; uploads: number };
  /** The two tie canvases' pictures, base first, with the opacity each is shown at. */
  pictures(): Promise<{ image: ImageBitmap; opacity: number }[]>;
  kill(): void;
}

/** Packs CSS colours the way sigma's programs read them (4 normalised bytes in one float). */
function colorPacker(): (css: string) => number {
  const cache = new Map<string, number>();
  return (css) => {
    let packed = cache.get(css);
    if (packed === undefined) cache.set(css, (packed = floatColor(css)));
    return packed;
  };
}

export function createTieLayer(
  sigma: Sigma<NodeAttributes>, graph: CreditGraph, payload: GraphPayload, styles: () => TieStyles,
): TieLayer {
  const nodesCanvas = sigma.getCanvases().nodes;
  if (!nodesCanvas) throw new Error('sigma has no nodes canvas to draw the ties under');
  const n = payload.nodes.id.length;
  const { source, target } = payload.edges;
  const modes: Record<TieTarget, TieMode> = { base: source.length > BASE_LINES_ABOVE ? 'lines' : 'quads', front: 'quads' };
  const elements = {} as Record<TieTarget, HTMLCanvasElement>;
  for (const t of ['base', 'front'] as const) {
    const canvas = document.createElement('canvas');
    canvas.className = t === 'base' ? 'xinlian-ties' : 'xinlian-ties-front';
    Object.assign(canvas.style, { position: 'absolute', inset: '0', pointerEvents: 'none' });
    // The base under sigma's nodes, the emphasised ties over them (muted nodes must not cut them).
    if (t === 'base') nodesCanvas.before(canvas);
    else nodesCanvas.after(canvas);
    elements[t] = canvas;
  }
  const surfaces = offscreenWebGL() ? workerSurfaces(elements, modes.base) : pageSurfaces(elements, modes.base);
  const pack = colorPacker();
  const hideOnMove = source.length > HIDE_TIES_ON_MOVE_ABOVE;

  // Node positions by payload index, re-read when the layout moves the nodes.
  const xy = new Float32Array(2 * n);
  let positionsStale = true;
  const readPositions = () => {
    graph.forEachNode((_key, attrs) => {
      xy[2 * attrs.index] = attrs.x;
      xy[2 * attrs.index + 1] = attrs.y;
    });
    positionsStale = false;
  };
  const onMoved = () => { positionsStale = true; };
  graph.on('eachNodeAttributesUpdated', onMoved);
  graph.on('nodeAttributesUpdated', onMoved);

  const counts = { base: 0, front: 0, uploads: 0 };
  const upload = (t: TieTarget, draw: TieDraw | null) => {
    const count = draw ? draw.edges.length : 0;
    const stride = STRIDE[modes[t]];
    const data = new Float32Array(count * stride);
    const lines = modes[t] === 'lines';
    for (let i = 0, o = 0; i < count; i++, o += stride) {
      const e = draw!.edges[i]!;
      const s = source[e]!, d = target[e]!;
      const color = pack(draw!.colors[i]!);
      data[o] = xy[2 * s]!;
      data[o + 1] = xy[2 * s + 1]!;
      if (lines) {
        data[o + 2] = color;
        data[o + 3] = xy[2 * d]!;
        data[o + 4] = xy[2 * d + 1]!;
        data[o + 5] = color;
        continue;
      }
      data[o + 2] = xy[2 * d]!;
      data[o + 3] = xy[2 * d + 1]!;
      data[o + 4] = draw!.sizes[i]!;
      data[o + 5] = draw!.ends[2 * i]!;
      data[o + 6] = draw!.ends[2 * i + 1]!;
      data[o + 7] = draw!.arrows[i]!;
      data[o + 8] = color;
    }
    surfaces.upload(t, data, count);
    counts.uploads++;
  };

  let drawnBase: TieDraw | null = null;
  let drawnFront: TieDraw | null = null;
  let drawnCamera = '';
  let hidden = false;
  let settle: ReturnType<typeof setTimeout> | null = null;

  const moving = () => {
    const mouse = sigma.getMouseCaptor();
    return sigma.getCamera().isAnimated() || mouse.isMoving || mouse.draggedEvents > 0 || mouse.currentWheelDirection !== 0;
  };

  const uniforms = (width: number, height: number): TieUniforms => {
    const o = sigma.graphToViewport({ x: 0, y: 0 });
    const a = sigma.graphToViewport({ x: 1, y: 0 });
    const b = sigma.graphToViewport({ x: 0, y: 1 });
    // graph → viewport px (y down) → clip (y up), column-major for GLSL.
    const sx = 2 / width, sy = -2 / height;
    const matrix = [
      (a.x - o.x) * sx, (a.y - o.y) * sy, 0,
      (b.x - o.x) * sx, (b.y - o.y) * sy, 0,
      o.x * sx - 1, o.y * sy + 1, 1,
    ];
    const params = sigma.getRenderParams();
    return { matrix, half: [width / 2, height / 2], scale: 1 / params.sizeRatio, minWidth: params.minEdgeThickness };
  };

  const setVisibility = (value: string) => {
    elements.base.style.visibility = elements.front.style.visibility = value;
  };

  // Canvases whose ties changed since they were last drawn.
  let baseStale = true, frontStale = true;
  const sync = () => {
    const s = styles();
    if (positionsStale) {
      readPositions();
      drawnBase = drawnFront = null;
    }
    if (s.base !== drawnBase) {
      upload('base', s.base);
      drawnBase = s.base;
      baseStale = true;
    }
    if (s.front !== drawnFront) {
      upload('front', s.front);
      drawnFront = s.front;
      frontStale = true;
    }
    elements.base.style.opacity = s.dimBase ? String(DIMMED_TIES_OPACITY) : '1';
    if (hideOnMove && moving()) {
      if (!hidden) {
        setVisibility('hidden');
        hidden = true;
      }
      if (settle !== null) clearTimeout(settle);
      settle = setTimeout(() => { settle = null; sync(); }, SETTLE_MS);
      return;
    }
    const { width, height } = sigma.getDimensions();
    const u = uniforms(width, height);
    const pixelRatio = sigma.getRenderParams().pixelRatio;
    const camera = `${u.matrix.join(',')}|${u.scale}|${width}x${height}@${pixelRatio}`;
    const moved = camera !== drawnCamera;
    const targets: TieTarget[] = [];
    if (moved || baseStale) targets.push('base');
    if (moved || frontStale) targets.push('front');
    if (targets.length > 0) {
      for (const t of targets) {
        elements[t].style.width = `${width}px`;
        elements[t].style.height = `${height}px`;
        counts[t]++;
      }
      surfaces.draw(targets, u, Math.round(width * pixelRatio), Math.round(height * pixelRatio));
    }
    baseStale = frontStale = false;
    drawnCamera = camera;
    if (hidden) {
      setVisibility('');
      hidden = false;
    }
  };

  return {
    sync,
    draws: () => ({ ...counts }),
    pictures: async () => {
      const [base, front] = await surfaces.snapshot();
      return [{ image: base!, opacity: Number(elements.base.style.opacity || 1) }, { image: front!, opacity: 1 }];
    },
    kill() {
      if (settle !== null) clearTimeout(settle);
      graph.off('eachNodeAttributesUpdated', onMoved);
      graph.off('nodeAttributesUpdated', onMoved);
      surfaces.kill();
      for (const c of Object.values(elements)) c.remove();
    },
  };
}
