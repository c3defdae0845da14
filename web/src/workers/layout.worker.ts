/// <reference lib="webworker" />
/**
 * ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian 2014, PLoS ONE 9(6):e98679)
 * off the main thread: attraction F_a = log(1 + d) along ties (LinLog mode,
 * Noack 2007), repulsion F_r = k_r·(deg(u)+1)(deg(v)+1)/d(u,v), strong gravity
 * toward the centre, Barnes–Hut approximation on large graphs. The per-iteration
 * kernel is graphology-layout-forceatlas2's `iterate`, run here on the flat
 * Float32Array matrices the page transferred.
 *
 * The worker iterates continuously in slices of `sliceMs` and hands the latest
 * positions to the page whenever the page has painted the previous ones (`tick`),
 * so convergence does not wait on the paint rate (software WebGL may paint only a
 * few frames per second) and the page is never sent more than it can draw. Without
 * `streamFrames` (large graphs) only the positions at the end of a run are sent.
 */
import iterate from 'graphology-layout-forceatlas2/iterate.js';
import { PPN, type FromLayoutWorker, type ToLayoutWorker } from './layout-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

let nodes: Float32Array | null = null;
let edges: Float32Array | null = null;
let settings: Parameters<typeof iterate>[0] | null = null;
let sliceMs = 16;
let budget = Infinity;
let maxIterations = Infinity;
let streamFrames = true;
let iterations = 0;
let running = false;
let scheduled = false;
/** The page has painted the last frame and can take a new one. */
let pageReady = true;

function post(message: FromLayoutWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function postFrame(): void {
  if (!nodes) return;
  const n = nodes.length / PPN;
  const xy = new Float32Array(2 * n);
  for (let v = 0; v < n; v++) {
    xy[2 * v] = nodes[v * PPN];
    xy[2 * v + 1] = nodes[v * PPN + 1];
  }
  pageReady = false;
  post({ type: 'frame', xy, iterations }, [xy.buffer]);
}

function slice(): void {
  scheduled = false;
  if (!running || !nodes || !edges || !settings) return;
  const start = performance.now();
  do {
    iterate(settings, nodes, edges);
    iterations++;
  } while (iterations < maxIterations && performance.now() - start < sliceMs);
  if (iterations >= maxIterations) {
    running = false;
    postFrame(); // the final positions, whether or not the page asked
    post({ type: 'stopped', iterations, reason: 'maxIterations' });
    return;
  }
  if (streamFrames && pageReady) postFrame();
  // A macrotask between slices lets `stop` and `tick` messages in.
  scheduled = true;
  setTimeout(slice, 0);
}

scope.onmessage = (event: MessageEvent<ToLayoutWorker>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'init':
      nodes = msg.nodes;
      edges = msg.edges;
      settings = msg.settings;
      sliceMs = msg.sliceMs;
      budget = msg.maxIterations;
      maxIterations = msg.maxIterations;
      streamFrames = msg.streamFrames;
      iterations = 0;
      break;
    case 'start':
      if (running) return;
      running = true;
      // A restart after reaching the cap grants another full run.
      if (iterations >= maxIterations) maxIterations = iterations + budget;
      if (!scheduled) slice();
      break;
    case 'stop':
      if (!running) return;
      running = false;
      postFrame();
      post({ type: 'stopped', iterations, reason: 'requested' });
      break;
    case 'tick':
      pageReady = true;
      break;
  }
};
