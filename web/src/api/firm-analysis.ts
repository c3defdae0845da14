/**
 * Fetchers of the firm panel's analysis sections: screening verdict, systemic impact and
 * vulnerability (per-firm routes of src/server/routes/firms.ts) and chain strength with its
 * path and default cost (GET /api/reputation?firm=). Each is fetched on its own so the
 * sections render as their answers arrive. Types are the server's (type-only imports).
 */
import type { FirmImpactEntry, FirmScreening } from '../../../src/server/routes/firms.ts';
import type { FirmReputation, ReputationReport } from '../../../src/analysis/reputation/index.ts';
import { getJson } from './client.ts';

export type { FirmImpactEntry, FirmReputation, FirmScreening, ReputationReport };

export function fetchFirmScreening(id: string, signal?: AbortSignal): Promise<FirmScreening> {
  return getJson<FirmScreening>(`api/firms/${encodeURIComponent(id)}/screening`, signal);
}

export function fetchFirmImpact(id: string, signal?: AbortSignal): Promise<FirmImpactEntry> {
  return getJson<FirmImpactEntry>(`api/firms/${encodeURIComponent(id)}/impact`, signal);
}

/** The reputation report restricted to one firm (its entry is `firms[0]`). */
export function fetchFirmReputation(id: string, signal?: AbortSignal): Promise<ReputationReport> {
  return getJson<ReputationReport>(`api/reputation?firm=${encodeURIComponent(id)}`, signal);
}
