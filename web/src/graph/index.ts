export { buildCreditGraph, forEachTie, NODE_SIZE_DEFAULTS, sqrtSize, tieIndex, tieKey, tieOfKey, type CreditGraph, type CreditGraphBuild, type NodeAttributes, type TieIndex } from './build.ts';
export { seedPositions, seedRadius, SEED_LAYOUT_DEFAULTS, type SeedLayoutOptions } from './seed-layout.ts';
export {
  BANK_COLOR, EDGE_STYLES, MUTED_EDGE_COLOR, MUTED_NODE_COLOR, NO_PARK_COLOR, PARK_PALETTE, SELECTION_RING_COLOR, parkColor, type EdgeStyle,
} from './palette.ts';
