/** Screening and the recommendation list (推荐清单): zombie, shell, dishonest; ranking; renewal. */
export { zombieFirms, ZOMBIE_DEFAULTS } from './zombie.ts';
export type { ZombieOptions, ZombieResult, ZombieYear } from './zombie.ts';
export { shellFirms } from './shell.ts';
export type { ShellResult } from './shell.ts';
export { screenFirms, SCREEN_DEFAULTS, SCREEN_BITS } from './screen.ts';
export type { ScreenCode, ScreenOptions, ScreenReason, ScreeningResult } from './screen.ts';
export { rankByScore, recommendationList, RECOMMENDATION_DEFAULTS } from './recommendation.ts';
export type { RecommendationEntry, RecommendationOptions, RecommendationResult } from './recommendation.ts';
export { renewalCandidates, RENEWAL_DEFAULTS } from './renewal.ts';
export type { RenewalCandidate, RenewalOptions, RenewalResult } from './renewal.ts';
export { screeningReport } from './report.ts';
export type { Exclusion, ScreeningReport } from './report.ts';
