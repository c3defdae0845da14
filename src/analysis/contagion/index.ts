/** Contagion models on the exposure network (docs/contagion.md). */
export * from './types.ts';
export {
  DEFAULT_EXPOSURE_OPTIONS, resolveExposureOptions, buildExposures, exposureNetworkFromEdges,
  exposureNetworkFromMatrix, loanGuaranteeCover, totalExposure, impactWeights,
} from './exposures.ts';
export { initialDistress, economicValue, debtRankValue, shockFromSpec } from './shock.ts';
export { debtRank, DebtRankWorkspace, DEFAULT_DEBTRANK_OPTIONS, type DebtRankOptions } from './debtrank.ts';
export { linearDebtRank, DEFAULT_LINEAR_DEBTRANK_OPTIONS, type LinearDebtRankOptions } from './linear-debtrank.ts';
export {
  thresholdCascade, createThresholdRunner, ThresholdRunner, DEFAULT_THRESHOLD_OPTIONS,
  type ThresholdOptions, type ThresholdDraw,
} from './threshold.ts';
export {
  clearing, clearingVector, DEFAULT_CLEARING_OPTIONS,
  type ClearingOptions, type ClearingSystem, type ClearingVector,
} from './clearing.ts';
export { lossBreakdown, NPL_TOLERANCE, type LossBreakdown, type BankLoss, type ParkLoss } from './loss-breakdown.ts';
export { riskSharingTotals, splitCoveredLoss, type RiskSharingTotals, type RiskShareSplit } from './risk-sharing.ts';
export { systemicImpact, topImpact, impactErrorNote, DEFAULT_IMPACT_OPTIONS, type FirmImpact, type ImpactOptions, type RankedFirm } from './impact.ts';
export {
  circleFragility, spectralRadius, DEFAULT_FRAGILITY_OPTIONS,
  type CircleFragility, type FragilityOptions, type SpectralRadius,
} from './fragility.ts';
export { runContagion, CONTAGION_MODELS, type ContagionModel } from './run.ts';
export * from './montecarlo.ts';
export * from './scenarios.ts';
export { contagionReport, type ContagionReport, type NodeLoss } from './report.ts';
