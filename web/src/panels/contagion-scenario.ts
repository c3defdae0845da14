/**
 * The contagion tool's `state.scenario` string (URL-safe, put in the URL by the map
 * controls): `model=<model>&shock=<shock>&round=<r>` where shock is a firm id,
 * `park:<id>`, `industry:<GB/T code>` or `tightening:<days>` (docs/viewer.md,
 * "Contagion"). Pure, so it is tested without a browser.
 */
import { CONTAGION_MODEL_IDS, SHOCK_KINDS, type ContagionModelId, type ShockChoice } from '../api/contagion.ts';

export interface Scenario {
  model: ContagionModelId;
  shock: ShockChoice;
  /** Round shown by the playback; null = the last round. */
  round: number | null;
}

export function formatScenario(s: Scenario): string {
  const shock = s.shock.kind === 'firm' ? s.shock.target : `${s.shock.kind}:${s.shock.target}`;
  const params = new URLSearchParams({ model: s.model, shock });
  if (s.round !== null) params.set('round', String(s.round));
  return params.toString();
}

/** The scenario of a string, or null when it is not one this tool wrote (unknown model, empty shock …). */
export function parseScenario(text: string): Scenario | null {
  const params = new URLSearchParams(text);
  const model = params.get('model') ?? 'debtrank';
  const raw = params.get('shock');
  if (!(CONTAGION_MODEL_IDS as readonly string[]).includes(model) || raw === null || raw === '') return null;
  const colon = raw.indexOf(':');
  const prefix = colon < 0 ? '' : raw.slice(0, colon);
  let shock: ShockChoice;
  if (prefix !== '' && (SHOCK_KINDS as readonly string[]).includes(prefix) && prefix !== 'firm') {
    const target = raw.slice(colon + 1);
    if (target === '') return null;
    if (prefix === 'tightening' && !/^\d{1,5}$/.test(target)) return null;
    shock = { kind: prefix as ShockChoice['kind'], target };
  } else {
    shock = { kind: 'firm', target: raw };
  }
  const roundText = params.get('round');
  const round = roundText !== null && /^\d{1,6}$/.test(roundText) ? Number(roundText) : null;
  return { model: model as ContagionModelId, shock, round };
}

/** Same run (model and shock), whatever round is shown. */
export function sameRun(a: Scenario | null, b: Scenario | null): boolean {
  return a !== null && b !== null && a.model === b.model && a.shock.kind === b.shock.kind && a.shock.target === b.shock.target;
}
