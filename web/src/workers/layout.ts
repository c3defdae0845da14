/**
 * Page side of the ForceAtlas2 worker: packs the graph into the flat matrices
 * (graphology-layout-forceatlas2's layout: x, y, dx, dy, old dx, old dy, mass,
 * convergence, size, fixed per node; source, target, weight per edge), transfers
 * them, and writes each returned frame back into the graph's x / y, which sigma
 * repaints. Settings: the package's `inferSettings` for the graph's order, in
 * LinLog mode (docs/viewer.md, "Layout").
 *
 * Large graphs (more than `largeOrder` nodes, e.g. 100k firms) are laid out without
 * intermediate frames and with a smaller iteration budget: each frame written into
 * the graph makes sigma re-process every node and edge on the main thread (seconds
 * at 100k nodes / 440k ties in software WebGL), so streaming frames would freeze
 * clicks and colour changes for the whole run. The seed layout (graph/seed-layout.ts)
 * already shows the parks; the worker refines it off the main thread and the page
 * takes the positions once, when the run ends (docs/viewer.md, "Scale").
 */
import type { ForceAtlas2Settings } from 'graphology-layout-forceatlas2';
import type { EdgeKind, GraphPayload } from '../api/index.ts';
import type { CreditGraph } from '../graph/index.ts';
import { PPE, PPN, type FromLayoutWorker, type ToLayoutWorker } from './layout-protocol.ts';

export const LAYOUT_DEFAULTS = Object.freeze({
  /** Worker compute slice between message checks, in ms (at least one iteration). */
  sliceMs: 16,
  /**
   * The layout stops itself after this many iterations (the button restarts it). On
   * the 2,009-node demo the mean move per iteration falls from 2.2 units at
   * iteration 50 to 0.6 (of a ≈ 1,000-unit layout) by 300 and stays there.
   */
  maxIterations: 300,
  /**
   * Attraction per tie kind (amounts are ignored: they span orders of magnitude and
   * would collapse a firm onto its biggest lender). Loans pull weakly: a handful of
   * banks lend to nearly every firm, and full-strength loan ties would pull the
   * whole cluster into one ball around them, hiding the guarantee and supply
   * structure between firms that the viewer is for.
   */
  edgeWeights: Object.freeze({ loan: 0.05, guarantee: 1, supply: 0.6, ownership: 1 }) as Readonly<Record<EdgeKind, number>>,
  linLogMode: true,
  /** Above this many nodes the page gets no intermediate frames, only the final positions. */
  largeOrder: 20_000,
  /**
   * Iteration budget above `largeOrder`. Barnes–Hut iterations cost O(n log n + m): at 100k
   * nodes / 440k ties one takes ≈ 0.3–1 s in the worker on this machine, so 300 would keep
   * a core busy for minutes; from the seed layout 60 iterations pull the ties together.
   */
  largeMaxIterations: 60,
});
export type LayoutOptions = typeof LAYOUT_DEFAULTS;

/**
 * How a graph of `order` nodes is laid out: iteration budget, whether frames stream to the
 * page, and whether the layout starts with the page. Large graphs wait for "Run layout": a
 * run takes one of the machine's cores for a minute and more (95 s at 100k firms on 2 cores,
 * during which a colour change took 0.2–0.3 s instead of 0.15 s) and then moves every node
 * at once, under a user who may be reading the map; the seed layout already shows the parks.
 */
export function layoutPlan(
  order: number, options: Partial<Record<'maxIterations' | 'largeOrder' | 'largeMaxIterations', number>> = {},
): { maxIterations: number; streamFrames: boolean; autoStart: boolean } {
  const o = { ...LAYOUT_DEFAULTS, ...options };
  const large = order > o.largeOrder;
  return { maxIterations: large ? Math.min(o.maxIterations, o.largeMaxIterations) : o.maxIterations, streamFrames: !large, autoStart: !large };
}

/** ForceAtlas2 settings for a graph of `order` nodes: graphology-layout-forceatlas2's `inferSettings` and defaults, LinLog on. */
export function layoutSettings(order: number, linLogMode: boolean = LAYOUT_DEFAULTS.linLogMode): Required<ForceAtlas2Settings> {
  return {
    linLogMode,
    outboundAttractionDistribution: false,
    adjustSizes: false,
    edgeWeightInfluence: 1,
    scalingRatio: 10,
    strongGravityMode: true,
    gravity: 0.05,
    slowDown: 1 + Math.log(Math.max(1, order)),
    barnesHutOptimize: order > 2000,
    barnesHutTheta: 0.5,
  };
}

/** The node and edge matrices of `graph` and the payload's ties, node i = i-th node in insertion order (= payload index). */
export function layoutMatrices(
  graph: CreditGraph, payload: GraphPayload, edgeWeights: Readonly<Record<EdgeKind, number>> = LAYOUT_DEFAULTS.edgeWeights,
): { nodes: Float32Array; edges: Float32Array } {
  const m = payload.edges.kind.length;
  const nodes = new Float32Array(graph.order * PPN);
  const edges = new Float32Array(m * PPE);
  let j = 0;
  graph.forEachNode((_node, attrs) => {
    nodes[j] = attrs.x;
    nodes[j + 1] = attrs.y;
    nodes[j + 6] = 1; // mass = 1 + weighted degree, completed below
    nodes[j + 7] = 1; // convergence
    nodes[j + 8] = attrs.size;
    j += PPN;
  });
  for (let e = 0, k = 0; e < m; e++, k += PPE) {
    const s = payload.edges.source[e] * PPN, t = payload.edges.target[e] * PPN;
    const edgeWeight = edgeWeights[payload.edges.kind[e]];
    nodes[s + 6] += edgeWeight;
    nodes[t + 6] += edgeWeight;
    edges[k] = s;
    edges[k + 1] = t;
    edges[k + 2] = edgeWeight;
  }
  return { nodes, edges };
}

export interface LayoutController {
  /** The options and ForceAtlas2 settings in use. */
  readonly options: LayoutOptions;
  readonly settings: Required<ForceAtlas2Settings>;
  start(): void;
  stop(): void;
  readonly running: boolean;
  /** Iterations run so far (as of the last frame or stop). */
  readonly iterations: number;
  kill(): void;
}

export function createLayout(
  graph: CreditGraph,
  payload: GraphPayload,
  onRunningChange: (running: boolean) => void,
  options: Partial<LayoutOptions> = {},
): LayoutController {
  const o = { ...LAYOUT_DEFAULTS, ...options };
  const worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'xinlian-fa2' });
  const { nodes, edges } = layoutMatrices(graph, payload, o.edgeWeights);
  const settings = layoutSettings(graph.order, o.linLogMode);
  const plan = layoutPlan(graph.order, o);
  const init: ToLayoutWorker = {
    type: 'init', nodes, edges, settings,
    sliceMs: o.sliceMs, maxIterations: plan.maxIterations, streamFrames: plan.streamFrames,
  };
  worker.postMessage(init, [nodes.buffer, edges.buffer]);

  let running = false;
  let iterations = 0;
  const setRunning = (value: boolean) => {
    if (running === value) return;
    running = value;
    onRunningChange(value);
  };
  worker.onmessage = (event: MessageEvent<FromLayoutWorker>) => {
    const msg = event.data;
    iterations = msg.iterations;
    if (msg.type === 'stopped') {
      setRunning(false);
      return;
    }
    const xy = msg.xy;
    let v = 0;
    graph.updateEachNodeAttributes(
      (_node, attrs) => {
        attrs.x = xy[2 * v];
        attrs.y = xy[2 * v + 1];
        v++;
        return attrs;
      },
      { attributes: ['x', 'y'] },
    );
    // Ask for the next batch only once this frame can be painted.
    requestAnimationFrame(() => worker.postMessage({ type: 'tick' } satisfies ToLayoutWorker));
  };

  return {
    options: Object.freeze(o),
    settings: Object.freeze(settings),
    start() {
      setRunning(true);
      worker.postMessage({ type: 'start' } satisfies ToLayoutWorker);
    },
    stop() {
      worker.postMessage({ type: 'stop' } satisfies ToLayoutWorker);
    },
    get running() {
      return running;
    },
    get iterations() {
      return iterations;
    },
    kill() {
      worker.terminate();
      setRunning(false);
    },
  };
}
