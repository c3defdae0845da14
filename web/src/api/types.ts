/**
 * The server ↔ viewer contract (docs/development.md, "API"). The payload types
 * are the server's own (type-only imports: nothing of the Node code is bundled),
 * so a change on one side that breaks the other fails `tsc`.
 */
import type { DatasetSummary } from '../../../src/analysis/metrics/index.ts';
import type { FirmDetail, GraphPayload } from '../../../src/server/index.ts';

export type { DatasetSummary, FirmDetail, GraphPayload };

/** Kept as a value here (importing the server's would bundle fastify into the page). */
export const EDGE_KINDS = ['loan', 'guarantee', 'supply', 'ownership'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];
export type NodeType = GraphPayload['nodes']['type'][number];

// Compile-time check that the list above is exactly the server's edge kinds.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const EDGE_KINDS_MATCH_SERVER: Same<EdgeKind, GraphPayload['edges']['kind'][number]> = true;
void EDGE_KINDS_MATCH_SERVER;

/** The error body of every API failure. */
export interface ApiErrorBody {
  error: string;
  message: string;
}
