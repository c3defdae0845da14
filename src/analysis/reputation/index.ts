/** Reputation chains (信誉链): tie strength, default cost, chain strength, park reputation. */
export { tieStrengths, tenureFactor, TIE_DEFAULTS } from './ties.ts';
export type { TieOptions, TieStrengths } from './ties.ts';
export { defaultCost, DEFAULT_COST_DEFAULTS } from './default-cost.ts';
export type { DefaultCostOptions, DefaultCostResult } from './default-cost.ts';
export { chainStrength, reputationGraph, CHAIN_STRENGTH_DEFAULTS } from './chain-strength.ts';
export type { ChainStrengthOptions, ChainStrengthResult, ChainStep, TieKind } from './chain-strength.ts';
export { parkReputation, PARK_REPUTATION_DEFAULTS } from './park-reputation.ts';
export type { ParkReputation, ParkReputationOptions, ParkReputationResult } from './park-reputation.ts';
export { adjustPd, PD_ADJUSTMENT_DEFAULTS } from './pd-adjustment.ts';
export type { PdAdjustmentOptions } from './pd-adjustment.ts';
export { referenceDate, isoToMs, loanDates } from './as-of.ts';
export type { LoanDates } from './as-of.ts';
export { reputationReport } from './report.ts';
export type { FirmReputation, ReputationReport } from './report.ts';
