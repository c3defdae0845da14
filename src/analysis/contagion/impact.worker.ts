/**
 * Worker side of `systemicImpact` (impact.ts): the calling thread and this worker take batches
 * of firms (the kernel's width: 32 exact, 64 under a tolerance) from one shared counter, so
 * `systemicImpact` stays synchronous (the caller blocks with Atomics.wait only for the batches the
 * worker still runs, never on a message). All inputs and outputs live in SharedArrayBuffers; the
 * worker keeps its own vulnerability sums.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { ImpactBatchKernel, ImpactToleranceBatchKernel, type ImpactInput, type ImpactKernel, type ImpactOutput } from './impact-batch.ts';
import { ImpactToleranceKernel } from './impact-tolerance.ts';

/** Slots of the shared control array. */
export const CTRL_NEXT = 0;
export const CTRL_DONE_FIRMS = 1;
export const CTRL_FAILED = 2;
export const CTRL_SLOTS = 3;
/** Batch status: 0 unclaimed or running, 1 finished. */
export const BATCH_FINISHED = 1;

/** The exact kernel for τ = 0; under a tolerance the one-firm kernel or, when impact.ts chose it, the batch one. */
export function impactKernel(input: ImpactInput, out: ImpactOutput): ImpactKernel {
  if (input.tolerance === 0) return new ImpactBatchKernel(input, out);
  return input.toleranceBatch ? new ImpactToleranceBatchKernel(input, out) : new ImpactToleranceKernel(input, out);
}

export interface ImpactWorkerSetup {
  kind: 'xinlian-impact';
  input: ImpactInput;
  out: ImpactOutput;
  control: Int32Array;
  status: Int32Array;
}

/**
 * Take batches until none is left. Used by both threads; returns the batches this thread ran.
 * A batch's results are written before its status flips, and Atomics.store/notify order them.
 */
export function runBatches(kernel: ImpactKernel, nFirms: number, control: Int32Array, status: Int32Array, after?: () => void): number[] {
  const mine: number[] = [];
  const batches = status.length;
  for (;;) {
    const k = Atomics.add(control, CTRL_NEXT, 1);
    if (k >= batches) break;
    const first = k * kernel.width, count = Math.min(kernel.width, nFirms - first);
    kernel.run(first, count);
    mine.push(k);
    Atomics.add(control, CTRL_DONE_FIRMS, count);
    Atomics.store(status, k, BATCH_FINISHED);
    Atomics.notify(status, k);
    after?.();
  }
  return mine;
}

if (!isMainThread && (workerData as ImpactWorkerSetup | undefined)?.kind === 'xinlian-impact') {
  const setup = workerData as ImpactWorkerSetup;
  try {
    runBatches(impactKernel(setup.input, setup.out), setup.input.nFirms, setup.control, setup.status);
  } catch (err) {
    // The caller is blocked in Atomics.wait and cannot see an error event: flag it, and the
    // caller reruns the batches left unfinished.
    Atomics.store(setup.control, CTRL_FAILED, 1);
    for (let k = 0; k < setup.status.length; k++) Atomics.notify(setup.status, k);
    throw err;
  }
}
