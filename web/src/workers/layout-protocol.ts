/**
 * Messages between the viewer and the ForceAtlas2 worker. Matrices and position
 * frames travel as transferable ArrayBuffers (zero copy). The page sends `tick`
 * after painting a frame; the worker sends a new frame only after a tick, so
 * frames never queue up faster than the page can draw them.
 */
import type { ForceAtlas2Settings } from 'graphology-layout-forceatlas2';

/** Floats per node / per edge in graphology-layout-forceatlas2's matrices. */
export const PPN = 10;
export const PPE = 3;

export type ToLayoutWorker =
  | {
    type: 'init'; nodes: Float32Array; edges: Float32Array; settings: Required<ForceAtlas2Settings>; sliceMs: number; maxIterations: number;
    /** false: send positions only when the run ends (large graphs, workers/layout.ts). */
    streamFrames: boolean;
  }
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'tick' };

export type FromLayoutWorker =
  /** x, y per node, interleaved. */
  | { type: 'frame'; xy: Float32Array; iterations: number }
  | { type: 'stopped'; iterations: number; reason: 'requested' | 'maxIterations' };
