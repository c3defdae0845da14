/**
 * Fetchers of the park tool: the dashboard figures (GET /api/parks/:id), per-park
 * reputation (GET /api/reputation's `parks`), circles and the parks they span
 * (GET /api/circles), the park shock (GET /api/stress?scenario=park), and park fit
 * (GET /api/parkfit, /api/parkfit/candidates/:park). Types are the server's own.
 */
import type { ParkDashboard } from '../../../src/server/routes/parks.ts';
import type { CirclesBody } from '../../../src/server/routes/circles.ts';
import type { ParkFit, ParkFitResult, ParkWhatIf } from '../../../src/analysis/cluster/index.ts';
import type { ReputationReport } from '../../../src/analysis/reputation/index.ts';
import type { StressResult } from '../../../src/analysis/contagion/index.ts';
import { getJson } from './client.ts';

export type { CirclesBody, ParkDashboard, ParkFit, ParkFitResult, ParkWhatIf, ReputationReport, StressResult };

/** GET /api/parkfit: the fit result plus the what-if (null unless asked for with a park). */
export type ParkFitBody = ParkFitResult & { whatIf: ParkWhatIf | null };
export interface CandidatesBody { park: string; candidates: { firm: string; fit: ParkFit }[] }

export function fetchParkDashboard(id: string, signal?: AbortSignal): Promise<ParkDashboard> {
  return getJson<ParkDashboard>(`api/parks/${encodeURIComponent(id)}`, signal);
}

/** Only `parks` is used; top=1 keeps the firm list short. */
export function fetchReputationParks(signal?: AbortSignal): Promise<ReputationReport> {
  return getJson<ReputationReport>('api/reputation?top=1', signal);
}

export function fetchCirclesForParks(signal?: AbortSignal): Promise<CirclesBody> {
  return getJson<CirclesBody>('api/circles', signal);
}

/** Every member of the park defaults (the stress route's park scenario, its default model). */
export function fetchParkShock(id: string, signal?: AbortSignal): Promise<StressResult> {
  return getJson<StressResult>(`api/stress?scenario=park&target=${encodeURIComponent(id)}`, signal);
}

/** Fit of a firm with every park (best first), or with one park plus the what-if. */
export function fetchParkFit(firm: string, park: string | null, signal?: AbortSignal): Promise<ParkFitBody> {
  const q = new URLSearchParams({ firm });
  if (park !== null) {
    q.set('park', park);
    q.set('whatIf', 'true');
  }
  return getJson<ParkFitBody>(`api/parkfit?${q.toString()}`, signal);
}

export function fetchParkCandidates(park: string, top: number, signal?: AbortSignal): Promise<CandidatesBody> {
  return getJson<CandidatesBody>(`api/parkfit/candidates/${encodeURIComponent(park)}?top=${top}`, signal);
}
