/// <reference lib="webworker" />
/**
 * ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian 2014, PLoS ONE 9(6):e98679)
 * off the main thread: attraction F_a = d(u,v) along ties, repulsion
 * F_r = k_r·(deg(u)+1)(deg(v)+1)/d(u,v), strong gravity toward the centre,
 * Barnes–Hut approximation on large graphs. The per-iteration kernel is
 * graphology-layout-forceatlas2's `iterate`, run here in batches on the flat
 * Float32Array matrices the page transferred.
 */
import iterate from 'graphology-layout-forceatlas2/iterate.js';
import { PPN, type FromLayoutWorker, type ToLayoutWorker } from './layout-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

let nodes: Float32Array | null = null;
let edges: Float32Array | null = null;
let settings: Parameters<typeof iterate>[0] | null = null;
let iterationsPerFrame = 1;
let budget = Infinity;
let maxIterations = Infinity;
let iterations = 0;
let running = false;
let awaitingTick = false;

function post(message: FromLayoutWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function step(): void {
  if (!running || !nodes || !edges || !settings) return;
  for (let i = 0; i < iterationsPerFrame && iterations < maxIterations; i++, iterations++) iterate(settings, nodes, edges);
  const n = nodes.length / PPN;
  const xy = new Float32Array(2 * n);
  for (let v = 0; v < n; v++) {
    xy[2 * v] = nodes[v * PPN];
    xy[2 * v + 1] = nodes[v * PPN + 1];
  }
  awaitingTick = true;
  post({ type: 'frame', xy, iterations }, [xy.buffer]);
  if (iterations >= maxIterations) {
    running = false;
    post({ type: 'stopped', iterations, reason: 'maxIterations' });
  }
}

scope.onmessage = (event: MessageEvent<ToLayoutWorker>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'init':
      nodes = msg.nodes;
      edges = msg.edges;
      settings = msg.settings;
      iterationsPerFrame = msg.iterationsPerFrame;
      budget = msg.maxIterations;
      maxIterations = msg.maxIterations;
      iterations = 0;
      break;
    case 'start':
      if (running) return;
      running = true;
      // A restart after reaching the cap grants another full run.
      if (iterations >= maxIterations) maxIterations = iterations + budget;
      if (!awaitingTick) step();
      break;
    case 'stop':
      if (!running) return;
      running = false;
      post({ type: 'stopped', iterations, reason: 'requested' });
      break;
    case 'tick':
      awaitingTick = false;
      step();
      break;
  }
};
