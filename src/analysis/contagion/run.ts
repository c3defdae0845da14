/**
 * One entry point over the four models, for the CLI, the API and the scenario runner:
 * `runContagion(net, 'debtrank' | 'linear' | 'threshold' | 'clearing', shock, options)`.
 */
import { UsageError } from '../../io/errors.ts';
import { clearing, type ClearingOptions } from './clearing.ts';
import { debtRank, type DebtRankOptions } from './debtrank.ts';
import { linearDebtRank, type LinearDebtRankOptions } from './linear-debtrank.ts';
import { thresholdCascade, type ThresholdOptions } from './threshold.ts';
import type { ContagionResult, ExposureNetwork, Shock } from './types.ts';

export const CONTAGION_MODELS = ['debtrank', 'linear', 'threshold', 'clearing'] as const;
export type ContagionModel = (typeof CONTAGION_MODELS)[number];

type AnyOptions = Partial<DebtRankOptions & LinearDebtRankOptions & ThresholdOptions & ClearingOptions>;

export function runContagion(net: ExposureNetwork, model: ContagionModel, shock: Shock, options: AnyOptions = {}): ContagionResult {
  switch (model) {
    case 'debtrank': return debtRank(net, shock, pick(options, ['capImpact', 'minDistress', 'maxRounds', 'weights', 'recordRounds']));
    case 'linear': return linearDebtRank(net, shock, pick(options, ['capImpact', 'tolerance', 'maxRounds', 'weights', 'recordRounds']));
    case 'threshold': return thresholdCascade(net, shock, pick(options, ['maxRounds', 'weights', 'recordRounds']));
    case 'clearing': return clearing(net, shock, pick(options, ['tolerance', 'maxUpdates', 'weights', 'recordRounds']));
    default: throw new UsageError(`unknown contagion model '${String(model)}': use ${CONTAGION_MODELS.join(', ')}`);
  }
}

function pick<T extends object>(o: T, keys: string[]): T {
  const out: Record<string, unknown> = {};
  for (const k of keys) if ((o as Record<string, unknown>)[k] !== undefined) out[k] = (o as Record<string, unknown>)[k];
  return out as T;
}
