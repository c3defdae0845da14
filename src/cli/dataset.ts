/**
 * The shared loader of analysis commands: read + validate the dataset (io/),
 * print its warnings on stderr, build the Snapshot once (engine/), with a progress
 * line per phase. An analysis command is then three lines:
 *
 *   const { snapshot } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
 *   const result = someAnalysis(snapshot, options);
 *   ctx.out.emit({ value: result, table: …, human: … });
 */
import path from 'node:path';
import { buildSnapshot, type Snapshot } from '../engine/index.ts';
import { formatIssue, readDataset, type DatasetFormat, type ReadResult } from '../io/index.ts';
import type { Dataset } from '../model/schema.ts';
import type { ArgumentSpec, CommandContext } from './command.ts';

/** The DIR argument of every command that reads a dataset (`arguments: [DATASET_ARGUMENT]`). */
export const DATASET_ARGUMENT: ArgumentSpec = Object.freeze({ name: 'DIR', description: 'dataset folder (CSV files + dataset.json) or a .json, .gexf or .graphml file' });

export interface LoadedDataset {
  /** Absolute path that was read. */
  path: string;
  dataset: Dataset;
  format: DatasetFormat;
  /** Warnings as printed (unknown columns …); they never change the exit code. */
  warnings: string[];
  /** Wall-clock seconds of reading + validating. */
  readSeconds: number;
}

export interface LoadedAnalysis extends LoadedDataset {
  snapshot: Snapshot;
  snapshotSeconds: number;
}

/** Reads and validates a dataset (folder or single file); throws DataError with every issue. */
export async function loadDataset(ctx: CommandContext, input: string): Promise<LoadedDataset> {
  const abs = path.resolve(ctx.cwd, input);
  const t0 = performance.now();
  const bar = ctx.progress(`read ${path.basename(abs)}`);
  let result: ReadResult;
  try {
    result = await readDataset(abs);
  } finally {
    bar.done();
  }
  const warnings = result.warnings.map(formatIssue);
  for (const w of warnings) ctx.warn(w);
  return { path: abs, dataset: result.dataset, format: result.format, warnings, readSeconds: (performance.now() - t0) / 1000 };
}

/** loadDataset + the engine Snapshot. */
export async function loadAnalysis(ctx: CommandContext, input: string): Promise<LoadedAnalysis> {
  const loaded = await loadDataset(ctx, input);
  const t0 = performance.now();
  const bar = ctx.progress('build graph');
  let snapshot: Snapshot;
  try {
    snapshot = buildSnapshot(loaded.dataset);
  } finally {
    bar.done();
  }
  return { ...loaded, snapshot, snapshotSeconds: (performance.now() - t0) / 1000 };
}
