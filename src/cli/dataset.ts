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
import { formatIssue, type DataIssue } from '../io/errors.ts';
import { readDataset } from '../io/index.ts';
import type { Dataset } from '../model/schema.ts';
import type { CommandContext } from './command.ts';

export interface LoadedDataset {
  /** Absolute path that was read. */
  path: string;
  dataset: Dataset;
  /** Warnings as printed (unknown columns …); they never change the exit code. */
  warnings: string[];
  /** Wall-clock seconds of reading + validating. */
  readSeconds: number;
}

export interface LoadedAnalysis extends LoadedDataset {
  snapshot: Snapshot;
  snapshotSeconds: number;
}

/** A reader warning as one line: DataIssue-shaped warnings get the file:line:column form. */
export function warningText(w: unknown): string {
  if (typeof w === 'string') return w;
  if (w !== null && typeof w === 'object' && 'file' in w && 'message' in w) return formatIssue(w as DataIssue);
  if (w instanceof Error) return w.message;
  return String(w);
}

/** Reads and validates a dataset (folder or single file); throws DataError with every issue. */
export async function loadDataset(ctx: CommandContext, input: string): Promise<LoadedDataset> {
  const abs = path.resolve(ctx.cwd, input);
  const t0 = performance.now();
  const bar = ctx.progress(`read ${path.basename(abs)}`);
  let result: Awaited<ReturnType<typeof readDataset>>;
  try {
    result = await readDataset(abs);
  } finally {
    bar.done();
  }
  const warnings = Array.from(result.warnings as readonly unknown[], warningText);
  for (const w of warnings) ctx.warn(w);
  return { path: abs, dataset: result.dataset, warnings, readSeconds: (performance.now() - t0) / 1000 };
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
