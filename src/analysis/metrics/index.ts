/** Dataset-level metrics: the summary and centrality. */
export { datasetSummary } from './summary.ts';
export type { DatasetSummary, ParkSummary } from './summary.ts';
export { pageRank, pageRankCsr, PAGERANK_DEFAULTS } from './centrality.ts';
export type { PageRankOptions, PageRankResult, EdgeKindName } from './centrality.ts';
