/**
 * GET /api/measures: per-node analysis columns (impact, vulnerability, chain strength,
 * screening status, community) aligned with /api/graph's node order, fetched by the map
 * the first time a colouring or size needs one (src/server/routes/measures.ts).
 */
import type { MeasureName, MeasuresPayload, ScreeningStatus } from '../../../src/server/routes/measures.ts';
import { getJson } from './client.ts';

export type { MeasureName, MeasuresPayload, ScreeningStatus };

/** Kept as values here (importing the server module would bundle fastify into the page). */
export const SCREENING_STATUS_ORDER = ['passed', 'zombie', 'shell', 'dishonest', 'multiple', 'guarantor'] as const satisfies readonly ScreeningStatus[];

export function fetchMeasures(names: readonly MeasureName[], signal?: AbortSignal): Promise<MeasuresPayload> {
  return getJson<MeasuresPayload>(`api/measures?names=${names.map(encodeURIComponent).join(',')}`, signal);
}
