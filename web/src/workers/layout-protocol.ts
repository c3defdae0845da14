/**
 * Messages between the viewer and the ForceAtlas2 worker. Matrices and position
 * frames travel as transferable ArrayBuffers (zero copy). The worker sends one
 * frame per batch and waits for `tick` before computing the next, so it never
 * runs ahead of what the page can paint.
 */
import type { ForceAtlas2Settings } from 'graphology-layout-forceatlas2';

/** Floats per node / per edge in graphology-layout-forceatlas2's matrices. */
export const PPN = 10;
export const PPE = 3;

export type ToLayoutWorker =
  | { type: 'init'; nodes: Float32Array; edges: Float32Array; settings: Required<ForceAtlas2Settings>; iterationsPerFrame: number; maxIterations: number }
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'tick' };

export type FromLayoutWorker =
  /** x, y per node, interleaved. */
  | { type: 'frame'; xy: Float32Array; iterations: number }
  | { type: 'stopped'; iterations: number; reason: 'requested' | 'maxIterations' };
