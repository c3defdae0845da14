export { ApiError, fetchFirm, fetchGraph, fetchSummary } from './client.ts';
export { EDGE_KINDS, type DatasetSummary, type EdgeKind, type FirmDetail, type GraphPayload, type NodeType } from './types.ts';
