export type { ViewerContext } from './context.ts';
export { mountFirmPanel } from './firm-panel.ts';
export { mountHeader, summaryStats } from './header.ts';
export { edgeKindLabel, mountLegend } from './legend.ts';
export { mountSearch, SUGGESTION_LIMIT } from './search.ts';
export { buildSearchIndex, normalise, searchNodes, type SearchEntry, type SearchHit } from './search-index.ts';
export { mountToolbar } from './toolbar.ts';
export { mountTools, type Tool } from './tools.ts';
