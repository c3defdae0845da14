/** Guarantee structure: circles, mutual pairs, chains, joint groups, patterns. */
export { guaranteeCircles, guaranteeComponents, CIRCLE_DEFAULTS } from './circles.ts';
export type { GuaranteeCircle, GuaranteeCircles, CircleOptions } from './circles.ts';
export { mutualGuarantees } from './mutual.ts';
export type { MutualPair } from './mutual.ts';
export { guaranteeChainDepths, firmChains, CHAIN_DEFAULTS } from './chains.ts';
export type { ChainDepths, ChainOptions, ChainFirm, ChainEdge, FirmChains } from './chains.ts';
export { jointGroups } from './joint.ts';
export type { JointGroup, JointGuarantor } from './joint.ts';
export { guaranteePatterns, PATTERN_NAMES } from './patterns.ts';
export type { GuaranteePatterns, CirclePatterns, PatternName } from './patterns.ts';
