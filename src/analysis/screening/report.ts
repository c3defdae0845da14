/**
 * The screening result as plain JSON (CLI `screen --json`, GET /api/screening): the
 * recommendation list (top N), the exclusions with their reasons, and the renewal
 * candidates. Chain strength for the ranking comes from reputation/chain-strength.ts.
 */
import type { Snapshot } from '../../engine/index.ts';
import { guaranteeCircles } from '../guarantee/index.ts';
import { chainStrength } from '../reputation/index.ts';
import { recommendationList, type RecommendationEntry, type RecommendationOptions } from './recommendation.ts';
import { renewalCandidates, type RenewalCandidate, type RenewalOptions } from './renewal.ts';
import { screenFirms, type ScreenReason, type ScreeningResult } from './screen.ts';

export interface Exclusion {
  firm: string;
  name: string;
  reasons: ScreenReason[];
}

export interface ScreeningReport {
  counts: ScreeningResult['counts'];
  recommendation: RecommendationEntry[];
  listed: number;
  flagged: { tech: number; foreignTrade: number };
  excluded: Exclusion[];
  renewal: RenewalCandidate[];
  renewalExcluded: { notNormal: number; screenedOut: number };
  asOf: string;
  options: { top: number; recommendation: RecommendationOptions; renewal: RenewalOptions };
}

export function screeningReport(s: Snapshot, opts: { top?: number; withinDays?: number } = {}): ScreeningReport {
  const top = opts.top ?? 100;
  const screen = screenFirms(s);
  const chain = chainStrength(s);
  const rec = recommendationList(s, screen, chain.strength, opts.withinDays !== undefined ? { maturingWithinDays: opts.withinDays } : {});
  const ren = renewalCandidates(s, screen, opts.withinDays !== undefined ? { withinDays: opts.withinDays } : {}, guaranteeCircles(s));
  const recommendation: RecommendationEntry[] = [];
  for (let r = 0; r < Math.min(top, rec.order.length); r++) recommendation.push(rec.entry(r));
  const excluded: Exclusion[] = [];
  for (let f = 0; f < s.nFirms; f++) if (screen.reasons[f]) excluded.push({ firm: s.ids[f], name: s.dataset.firms[f].name, reasons: screen.explain(f) });
  return {
    counts: screen.counts, recommendation, listed: rec.order.length, flagged: rec.flagged, excluded,
    renewal: ren.candidates, renewalExcluded: ren.excluded, asOf: ren.asOf,
    options: { top, recommendation: rec.options, renewal: ren.options },
  };
}
