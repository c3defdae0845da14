/**
 * Fetchers of the contagion tool: one cascade with its per-round playback
 * (GET /api/contagion?roundsDetail=true, or /api/stress?scenario=tightening for
 * credit tightening), the shock sweep (GET /api/stress?scenario=sweep) and the
 * Monte Carlo loss distribution (GET /api/montecarlo). Types are the server's own
 * (type-only imports), so a change of a route body fails `tsc` here.
 */
import type { ContagionReport, MonteCarloResult, StressResult, SweepResult } from '../../../src/analysis/contagion/index.ts';
import type { RoundDetail, RoundsDetail } from '../../../src/server/routes/contagion.ts';
import { getJson } from './client.ts';

export type { RoundDetail, RoundsDetail, SweepResult };

export const CONTAGION_MODEL_IDS = ['debtrank', 'linear', 'threshold', 'clearing'] as const;
export type ContagionModelId = (typeof CONTAGION_MODEL_IDS)[number];

export const SHOCK_KINDS = ['firm', 'park', 'industry', 'tightening'] as const;
export type ShockKind = (typeof SHOCK_KINDS)[number];

/** A shock the tool can run: a firm (or bank) id, a park id, an industry code, or N days of no renewals. */
export interface ShockChoice {
  kind: ShockKind;
  /** Firm id, park id, GB/T code, or the number of days (as text) for tightening. */
  target: string;
}

/** What the playback needs, whichever route answered. */
export interface CascadeRun {
  model: ContagionModelId;
  label: string;
  systemLoss: number;
  rounds: { round: number; loss: number }[];
  breakdown: ContagionReport['breakdown'];
  roundsDetail: RoundsDetail;
}

/** The query of one cascade: /api/contagion for a firm, park or industry, /api/stress for tightening. */
export function cascadeUrl(shock: ShockChoice, model: ContagionModelId): string {
  if (shock.kind === 'tightening') {
    return `api/stress?scenario=tightening&days=${encodeURIComponent(shock.target)}&model=${model}&roundsDetail=true`;
  }
  const spec = shock.kind === 'firm' ? shock.target : `${shock.kind}:${shock.target}`;
  return `api/contagion?shock=${encodeURIComponent(spec)}&model=${model}&top=0&roundsDetail=true`;
}

export async function fetchCascade(shock: ShockChoice, model: ContagionModelId, signal?: AbortSignal): Promise<CascadeRun> {
  const url = cascadeUrl(shock, model);
  if (shock.kind === 'tightening') {
    const body = await getJson<StressResult & { roundsDetail: RoundsDetail }>(url, signal);
    return { model: body.model, label: body.label, systemLoss: body.systemLoss, rounds: body.rounds, breakdown: body.breakdown, roundsDetail: body.roundsDetail };
  }
  const body = await getJson<ContagionReport & { roundsDetail: RoundsDetail }>(url, signal);
  return { model: body.model, label: body.shock.label, systemLoss: body.systemLoss, rounds: body.rounds, breakdown: body.breakdown, roundsDetail: body.roundsDetail };
}

/** The amplification curve: a uniform firm equity shock from 0 to 100 % in `steps` steps. */
export function fetchSweep(steps: number, signal?: AbortSignal): Promise<SweepResult> {
  return getJson<SweepResult>(`api/stress?scenario=sweep&steps=${steps}`, signal);
}

/** The route's body: the MonteCarloResult without the per-draw arrays, plus the top firms. */
export type MonteCarloBody = Omit<MonteCarloResult, 'losses' | 'firmDefaultFrequency'> & {
  firms: { firm: string; name: string; pd: number | null; defaultFrequency: number }[];
};

export function fetchMonteCarlo(draws: number, seed: number, signal?: AbortSignal): Promise<MonteCarloBody> {
  return getJson<MonteCarloBody>(`api/montecarlo?draws=${draws}&seed=${seed}&top=0`, signal);
}
