/** Public face of the HTTP server. */
export { buildApp, startServer, viewerBuilt, viewerMissingPage, DEFAULT_WEB_ROOT, LISTEN_DEFAULTS } from './app.ts';
export type { AppOptions, ListenOptions, RunningServer } from './app.ts';
export { apiError, installErrorHandlers, API_ERROR_SCHEMA } from './errors.ts';
export type { ApiError, ApiErrorCode } from './errors.ts';
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security.ts';
export { ServerState } from './state.ts';
export { API_ROUTES } from './routes/index.ts';
export { graphPayload, GRAPH_SCHEMA, EDGE_KINDS } from './routes/graph.ts';
export type { GraphPayload } from './routes/graph.ts';
export { firmDetail, FIRM_DETAIL_SCHEMA } from './routes/firms.ts';
export type { FirmDetail } from './routes/firms.ts';
export { SUMMARY_SCHEMA } from './routes/summary.ts';
export { NO_QUERY } from './schemas.ts';
