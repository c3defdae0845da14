/** Cluster and park fit: location quotients, the IO matrix, park fit, what-if, communities. */
export { firmDivisions } from './divisions.ts';
export type { Divisions } from './divisions.ts';
export { locationQuotients, LQ_DEFAULTS } from './location-quotient.ts';
export type { LocationQuotientOptions, LocationQuotients } from './location-quotient.ts';
export { ioMatrix } from './io-matrix.ts';
export type { IoMatrix } from './io-matrix.ts';
export { parkFitContext, parkFit, bestCandidates, PARK_FIT_DEFAULTS } from './park-fit.ts';
export type { Candidate, EntryRule, ParkFit, ParkFitContext, ParkFitOptions, ParkFitResult, ParkFitWeights } from './park-fit.ts';
export { parkWhatIf } from './what-if.ts';
export type { ParkMetrics, ParkWhatIf, ReputationInputs } from './what-if.ts';
export { clusterCommunities, normalizedMutualInformation, COMMUNITY_DEFAULTS } from './communities.ts';
export type { CommunitiesResult, CommunityOptions, CommunityOptionsInput, CrossingCommunity } from './communities.ts';
