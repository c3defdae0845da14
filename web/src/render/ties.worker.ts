/// <reference lib="webworker" />
/**
 * Draws the map's tie canvases off the main thread (render/ties.ts): the page transfers
 * the two canvases as OffscreenCanvas, then sends tie arrays and camera transforms; a
 * redraw of hundreds of thousands of ties in software WebGL then never holds the page.
 */
import { TieCanvas, type FromTieWorker, type TieTarget, type ToTieWorker } from './tie-gl.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let canvases: Record<TieTarget, TieCanvas> | null = null;

function fail(err: unknown): void {
  scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies FromTieWorker);
}

scope.onmessage = (event: MessageEvent<ToTieWorker>) => {
  const msg = event.data;
  try {
    if (msg.type === 'init') {
      canvases = { base: new TieCanvas(msg.base, msg.baseMode), front: new TieCanvas(msg.front, 'quads') };
      return;
    }
    if (!canvases) throw new Error(`tie worker: '${msg.type}' before 'init'`);
    const c = canvases;
    if (msg.type === 'upload') c[msg.target].upload(msg.data, msg.count);
    else if (msg.type === 'draw') for (const t of msg.targets) c[t].draw(msg.uniforms, msg.width, msg.height);
    else {
      void Promise.all([createImageBitmap(c.base.canvas), createImageBitmap(c.front.canvas)]).then((bitmaps) => {
        scope.postMessage({ type: 'snapshot', id: msg.id, bitmaps } satisfies FromTieWorker, bitmaps);
      }, fail);
    }
  } catch (err) {
    fail(err);
  }
};
