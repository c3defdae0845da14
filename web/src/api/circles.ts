/**
 * Fetchers of the circles tool: guarantee circles (GET /api/circles), their fragility
 * (GET /api/circles/fragility) and one firm's guarantee chains (GET /api/circles/firm/:id).
 * Types are the server's own (type-only imports), so a change of a route body fails `tsc` here.
 */
import type { CircleFragilityRow, CirclesBody } from '../../../src/server/routes/circles.ts';
import type { FirmChains } from '../../../src/analysis/guarantee/index.ts';
import { getJson } from './client.ts';

export type CircleRow = CirclesBody['circles'][number];
export type { CircleFragilityRow, CirclesBody };

export interface FragilityBody {
  circles: CircleFragilityRow[];
  options: { minSize: number; tolerance: number; maxIterations: number };
}

/** A chain edge with its index in GET /api/graph's edge columns (viewer edge key `guarantee:<graphEdge>`). */
export type ChainEdgeRow = FirmChains['edges'][number] & { graphEdge: number };
export type FirmChainsBody = Omit<FirmChains, 'edges'> & { edges: ChainEdgeRow[] };

export function fetchCircles(signal?: AbortSignal): Promise<CirclesBody> {
  return getJson<CirclesBody>('api/circles', signal);
}

export function fetchCircleFragility(signal?: AbortSignal): Promise<FragilityBody> {
  return getJson<FragilityBody>('api/circles/fragility', signal);
}

export function fetchFirmChains(id: string, hops: number, signal?: AbortSignal): Promise<FirmChainsBody> {
  return getJson<FirmChainsBody>(`api/circles/firm/${encodeURIComponent(id)}?hops=${hops}`, signal);
}
