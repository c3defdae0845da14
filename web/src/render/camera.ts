/**
 * Camera moves onto a set of nodes. Kept apart from renderer.ts and free of
 * sigma value imports, so panels that move the camera can be loaded (and
 * unit-tested) in Node, where sigma's WebGL classes do not exist.
 */
import type { RendererHandle } from './renderer.ts';

export const FOCUS_CAMERA_DEFAULTS = Object.freeze({
  /** Visible area = this × the bounding box of the node and its neighbours. */
  padding: 1.4,
  /** Closest zoom for a node without neighbours, and the zoom bounds. */
  loneRatio: 0.2,
  minRatio: 0.03,
  maxRatio: 1.2,
  durationMs: 400,
});

/**
 * Move the camera so that `nodes` (a node and its neighbours) fill the part of
 * the canvas not covered by an overlay of `rightInset` CSS pixels (the side
 * panel). Works in sigma's framed-graph coordinates: the zoom ratio is the box
 * size over what one unit of ratio shows, and the centre is shifted by the
 * framed distance of half the inset, both measured with sigma's own
 * viewportToFramedGraph at the target camera state.
 */
export function focusCamera(
  handle: RendererHandle, nodes: readonly string[], rightInset = 0, options: Partial<typeof FOCUS_CAMERA_DEFAULTS> = {},
): void {
  const o = { ...FOCUS_CAMERA_DEFAULTS, ...options };
  const { sigma } = handle;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const graph = sigma.getGraph();
  for (const node of nodes) {
    if (!graph.hasNode(node)) continue;
    // From the graph's own x / y, not getNodeDisplayData: while the layout runs, sigma's
    // display cache holds un-normalised positions between a graph update and the next frame.
    const { x, y } = graph.getNodeAttributes(node);
    const d = sigma.viewportToFramedGraph(sigma.graphToViewport({ x, y }));
    minX = Math.min(minX, d.x); maxX = Math.max(maxX, d.x);
    minY = Math.min(minY, d.y); maxY = Math.max(maxY, d.y);
  }
  if (minX === Infinity) return;
  const { width, height } = sigma.getDimensions();
  const visibleWidth = Math.max(1, width - rightInset);
  const camera = sigma.getCamera();
  const centre = { x: (minX + maxX) / 2, y: (minY + maxY) / 2 };
  const at = (ratio: number) => ({ ...camera.getState(), x: centre.x, y: centre.y, ratio });
  // What the visible area spans in framed units at ratio 1.
  const a = sigma.viewportToFramedGraph({ x: 0, y: 0 }, { cameraState: at(1) });
  const b = sigma.viewportToFramedGraph({ x: visibleWidth, y: height }, { cameraState: at(1) });
  const spanX = Math.abs(b.x - a.x), spanY = Math.abs(b.y - a.y);
  const boxX = maxX - minX, boxY = maxY - minY;
  let ratio = boxX === 0 && boxY === 0 ? o.loneRatio : o.padding * Math.max(boxX / spanX, boxY / spanY);
  ratio = Math.min(o.maxRatio, Math.max(o.minRatio, ratio));
  // Shift right by half the inset so the box centres in the uncovered part.
  const shifted = sigma.viewportToFramedGraph({ x: width / 2 + rightInset / 2, y: height / 2 }, { cameraState: at(ratio) });
  void camera.animate({ x: shifted.x, y: shifted.y, ratio }, { duration: o.durationMs });
}
