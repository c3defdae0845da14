/**
 * Stress scenarios (DOMAIN.md, "Contagion" 6; seed 002): a shock, a cascade, and where the
 * losses land — per round, per bank, per park, NPL ratio against the 1.8 % / 3 % tolerance.
 *   firm | park | industry   the named firms default (or lose `severity` of their equity)
 *   core                     the core firms default: largest DebtRank of their own default
 *                            (Battiston et al. 2012) among the `coreCandidates` firms with the
 *                            largest first-round impact Σ_j W(i→j)·v_j
 *   tightening               banks renew nothing maturing in (asOf, asOf + days]; a borrower
 *                            defaults when that principal exceeds its liquid buffer
 *                            liquidShare × assets (equity when assets are unknown)
 *   amplification            = system loss / round-1 loss (the shocked nodes' direct losses)
 * The sweep raises a uniform equity shock h(0) = x on every firm from 0 to 100 % (linear
 * DebtRank, Bardoscia et al. 2015, by default); the
 * intervention ranking measures how much cutting one guarantee tie or rescuing one firm lowers
 * the DebtRank R of a reference shock (docs/scenarios.md).
 */
import type { Snapshot } from '../../engine/index.ts';
import { ConfigError, NotFoundError, UsageError } from '../../io/errors.ts';
import { guaranteeCircles } from '../guarantee/index.ts';
import { debtRank } from './debtrank.ts';
import { impactWeights } from './exposures.ts';
import { lossBreakdown, NPL_TOLERANCE, type LossBreakdown } from './loss-breakdown.ts';
import { runContagion, CONTAGION_MODELS, type ContagionModel } from './run.ts';
import { economicValue, shockFromSpec } from './shock.ts';
import { CHANNEL_GUARANTEE, type ContagionResult, type ExposureNetwork, type Shock } from './types.ts';

export const SCENARIO_KINDS = ['firm', 'park', 'industry', 'core', 'tightening'] as const;
/** Progress callback (done, total) of the long runs: sweep points, intervention candidates. */
export type ProgressCallback = (done: number, total: number) => void;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

export type ScenarioSpec =
  | { kind: 'firm'; firms: string[] }
  | { kind: 'park'; park: string; severity?: number }
  | { kind: 'industry'; industry: string; severity?: number }
  | { kind: 'core'; count?: number }
  | { kind: 'tightening'; days?: number };

export interface ScenarioOptions {
  /** Cascade model of the scenario (the sweep and the interventions always use DebtRank). */
  model: ContagionModel;
  tolerance: { baseline: number; raised: number };
  /** Core firms: how many firms get a full DebtRank run (chosen by first-round impact). */
  coreCandidates: number;
  /** Tightening: loans maturing within this many days after asOf are not renewed. */
  days: number;
  /** Tightening: share of assets a firm can raise in cash to repay principal. */
  liquidShare: number;
  /** Tightening: reference date (default: dataset.json asOf). */
  asOf?: string;
}

export const SCENARIO_DEFAULTS: Readonly<ScenarioOptions> = Object.freeze({
  model: 'threshold',
  tolerance: NPL_TOLERANCE,
  coreCandidates: 50,
  days: 90,
  // About a fifth of an SME's assets are cash and receivables it can call within a quarter.
  liquidShare: 0.2,
});

export interface RoundSummary {
  round: number;
  /** Nodes whose distress rose in the round. */
  nodes: number;
  /** Of those, how many are in default (distress 1) when the cascade ends. */
  defaults: number;
  loss: number;
}

export interface StressResult {
  scenario: ScenarioKind;
  label: string;
  model: ContagionModel;
  /** Firms and banks that default at round 0, and the ids of the first 100 of them. */
  initialDefaults: number;
  initialIds: string[];
  /** Round-1 loss: what the shocked nodes' creditors lose directly. */
  initialLoss: number;
  systemLoss: number;
  /** systemLoss / initialLoss, null when the shock causes no direct loss. */
  amplification: number | null;
  debtRank: number;
  rounds: RoundSummary[];
  breakdown: LossBreakdown;
  /** Scenario-specific facts (core firms and their impact, tightening's maturing loans …). */
  detail: Record<string, unknown>;
  options: ScenarioOptions & { spec: ScenarioSpec };
}

function resolveOptions(options: Partial<ScenarioOptions>): ScenarioOptions {
  const o: ScenarioOptions = { ...SCENARIO_DEFAULTS, ...options };
  if (!CONTAGION_MODELS.includes(o.model)) throw new ConfigError(`model must be one of ${CONTAGION_MODELS.join(', ')}, got '${String(o.model)}'`);
  if (!(Number.isInteger(o.days) && o.days >= 0)) throw new ConfigError(`days must be an integer ≥ 0, got ${o.days}`);
  if (!(o.liquidShare >= 0 && o.liquidShare <= 1)) throw new ConfigError(`liquidShare must be in [0, 1], got ${o.liquidShare}`);
  if (!(Number.isInteger(o.coreCandidates) && o.coreCandidates >= 1)) throw new ConfigError(`coreCandidates must be an integer ≥ 1, got ${o.coreCandidates}`);
  return o;
}

/** Run one scenario through the cascade and break the losses down. */
export function stressScenario(s: Snapshot, net: ExposureNetwork, spec: ScenarioSpec, options: Partial<ScenarioOptions> = {}): StressResult {
  // A partial equity shock (severity < 1) defaults nobody by itself, so the threshold
  // cascade, which propagates defaults only, would show no loss at all: unless a model
  // is asked for, such a shock runs through DebtRank, which propagates partial distress.
  const partial = (spec.kind === 'park' || spec.kind === 'industry') && spec.severity !== undefined && spec.severity < 1;
  const o = resolveOptions(partial && options.model === undefined ? { ...options, model: 'debtrank' } : options);
  let shock: Shock;
  const detail: Record<string, unknown> = {};
  switch (spec.kind) {
    case 'firm': {
      if (spec.firms.length === 0) throw new UsageError('firm scenario needs at least one firm id');
      const nodes = spec.firms.map((id) => {
        const v = s.index.get(id);
        if (v === undefined || v >= s.nFirms) throw new NotFoundError('firm', id);
        return v;
      });
      shock = { defaults: Int32Array.from(nodes), label: `${spec.firms.join(', ')} default${spec.firms.length === 1 ? 's' : ''}` };
      break;
    }
    case 'park':
      shock = withSeverity(s, shockFromSpec(s, `park:${spec.park}`), spec.severity, `park ${spec.park}`);
      break;
    case 'industry':
      shock = withSeverity(s, shockFromSpec(s, `industry:${spec.industry}`), spec.severity, `industry ${spec.industry}`);
      break;
    case 'core': {
      const count = spec.count ?? 1;
      if (!(Number.isInteger(count) && count >= 1)) throw new UsageError(`core scenario count must be an integer ≥ 1, got ${count}`);
      const core = coreFirms(s, net, count, o.coreCandidates);
      detail.coreFirms = core;
      shock = { defaults: Int32Array.from(core.map((c) => s.index.get(c.firm)!)), label: `core firm${count === 1 ? '' : 's'} ${core.map((c) => c.firm).join(', ')} default` };
      break;
    }
    case 'tightening': {
      const t = creditTightening(s, spec.days ?? o.days, o.liquidShare, o.asOf);
      const { defaulting, ...facts } = t;
      detail.tightening = { ...facts, defaulting: defaulting.length, defaultingIds: defaulting.slice(0, 100).map((v) => s.ids[v]) };
      shock = { defaults: Int32Array.from(t.defaulting), label: `no renewal of loans maturing by ${t.until}: ${t.defaulting.length} firms cannot repay` };
      break;
    }
    default:
      throw new UsageError(`unknown scenario '${(spec as { kind: string }).kind}': use ${SCENARIO_KINDS.join(', ')}`);
  }
  const result = runContagion(net, o.model, shock, { recordRounds: true });
  return report(s, net, spec, o, shock, result, detail);
}

function withSeverity(s: Snapshot, shock: Shock, severity: number | undefined, what: string): Shock {
  if (severity === undefined || severity === 1) return shock;
  if (!(severity > 0 && severity < 1)) throw new UsageError(`severity must be in (0, 1], got ${severity}`);
  const distress = new Float64Array(s.n);
  const nodes = shock.defaults!;
  for (let k = 0; k < nodes.length; k++) distress[nodes[k]] = severity;
  return { distress, label: `${what} firms lose ${severity * 100} % of equity (${nodes.length} firms)` };
}

function report(s: Snapshot, net: ExposureNetwork, spec: ScenarioSpec, o: ScenarioOptions, shock: Shock, result: ContagionResult, detail: Record<string, unknown>): StressResult {
  const initial = Array.from(shock.defaults ?? []);
  const rounds: RoundSummary[] = result.rounds.map((r) => {
    let defaults = 0;
    for (const v of r.nodes) if (result.defaulted[v]) defaults++;
    return { round: r.round, nodes: r.nodes.length, defaults, loss: r.loss };
  });
  const initialLoss = result.rounds.find((r) => r.round === 1)?.loss ?? 0;
  return {
    scenario: spec.kind,
    label: shock.label ?? spec.kind,
    model: o.model,
    initialDefaults: initial.length,
    initialIds: initial.slice(0, 100).map((v) => s.ids[v]),
    initialLoss,
    systemLoss: result.systemLoss,
    amplification: initialLoss > 0 ? result.systemLoss / initialLoss : null,
    debtRank: result.debtRank,
    rounds,
    breakdown: lossBreakdown(s, net, result, o.tolerance),
    detail,
    options: { ...o, spec },
  };
}

export interface CoreFirm {
  firm: string;
  name: string;
  /** DebtRank R of the firm's own default. */
  impact: number;
  /** First-round impact Σ_j W(i→j)·v_j that shortlisted it. */
  firstRound: number;
}

/**
 * The `count` firms whose own default has the largest DebtRank. Exact DebtRank runs only for
 * the `candidates` firms of largest first-round impact; a firm outside that shortlist cannot
 * beat them unless second-round effects outweigh a smaller first round, which the shortlist
 * size bounds in practice (docs/scenarios.md).
 */
export function coreFirms(s: Snapshot, net: ExposureNetwork, count: number, candidates: number): CoreFirm[] {
  const first = firstRoundImpact(s, net);
  const short = topIndices(first, s.nFirms, Math.max(count, candidates), s);
  const runs = short.map((f) => ({ f, impact: debtRank(net, { defaults: Int32Array.of(f) }, { recordRounds: false }).debtRank }));
  runs.sort((a, b) => b.impact - a.impact || cmpId(s, a.f, b.f));
  return runs.slice(0, count).map(({ f, impact }) => ({ firm: s.ids[f], name: s.dataset.firms[f].name, impact, firstRound: first[f] }));
}

/** Σ_j W(i→j)·v_j per node: the DebtRank of i's default after one round. */
function firstRoundImpact(s: Snapshot, net: ExposureNetwork): Float64Array {
  const w = impactWeights(net, true);
  const value = economicValue(net);
  const { offsets, nbr } = net.out;
  const first = new Float64Array(s.nFirms);
  for (let i = 0; i < s.nFirms; i++) {
    let r = 0;
    for (let p = offsets[i]; p < offsets[i + 1]; p++) r += w[p] * value[nbr[p]];
    first[i] = r;
  }
  return first;
}

function cmpId(s: Snapshot, a: number, b: number): number {
  return s.ids[a] < s.ids[b] ? -1 : s.ids[a] > s.ids[b] ? 1 : 0;
}

/** Indices [0, n) of the k largest scores, ties by id. */
function topIndices(score: ArrayLike<number>, n: number, k: number, s: Snapshot): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => score[b] - score[a] || cmpId(s, a, b));
  return idx.slice(0, Math.min(k, n));
}

export interface Tightening {
  asOf: string;
  until: string;
  days: number;
  /** Loans maturing in (asOf, until] and their outstanding. */
  maturingLoans: number;
  maturingAmount: number;
  /** Firms with maturing principal, and those whose liquid buffer cannot repay it (node indices). */
  firmsDue: number;
  defaulting: number[];
}

/** Which firms cannot repay the principal that banks no longer roll over. */
export function creditTightening(s: Snapshot, days: number, liquidShare: number, asOfOption?: string): Tightening {
  const asOf = asOfOption ?? s.dataset.meta.asOf;
  if (asOf === undefined) throw new UsageError('credit tightening needs a reference date: set asOf in dataset.json or pass asOf');
  const start = Date.parse(`${asOf}T00:00:00Z`);
  if (Number.isNaN(start)) throw new UsageError(`asOf must be an ISO date, got '${asOf}'`);
  const end = start + days * 86_400_000;
  const until = new Date(end).toISOString().slice(0, 10);
  const due = new Float64Array(s.nFirms);
  let maturingLoans = 0, maturingAmount = 0;
  s.dataset.loans.forEach((l, e) => {
    if (l.maturity === undefined) return;
    const t = Date.parse(`${l.maturity}T00:00:00Z`);
    if (!(t > start && t <= end)) return;
    maturingLoans++;
    maturingAmount += l.outstanding;
    due[s.loan.dst[e]] += l.outstanding;
  });
  const defaulting: number[] = [];
  let firmsDue = 0;
  for (let f = 0; f < s.nFirms; f++) {
    if (due[f] === 0) continue;
    firmsDue++;
    const base = Number.isNaN(s.assets[f]) ? s.equity[f] : s.assets[f];
    const buffer = base > 0 ? liquidShare * base : 0;
    if (due[f] > buffer) defaulting.push(f);
  }
  return { asOf, until, days, maturingLoans, maturingAmount, firmsDue, defaulting };
}

// ── sweep ──────────────────────────────────────────────────────────────────────
export interface SweepPoint {
  /** Uniform equity shock h(0) on every firm. */
  shock: number;
  initialLoss: number;
  systemLoss: number;
  amplification: number | null;
  debtRank: number;
  firmsDefaulted: number;
  nplRatio: number;
}

export interface SweepResult {
  points: SweepPoint[];
  options: SweepOptions;
}

export interface SweepOptions {
  /** The curve has steps + 1 points, x = 0, 1/steps, …, 1. */
  steps: number;
  /**
   * Linear DebtRank by default: under Battiston's DebtRank a node passes distress on only once,
   * so when every firm is shocked nothing travels beyond round 1 and the curve is flat at 1.
   */
  model: ContagionModel;
  tolerance: { baseline: number; raised: number };
}

export const SWEEP_DEFAULTS: Readonly<SweepOptions> = Object.freeze({ steps: 20, model: 'linear', tolerance: NPL_TOLERANCE });

/** A uniform firm equity shock x = 0 … 1 through the cascade: the amplification curve. */
export function shockSweep(s: Snapshot, net: ExposureNetwork, options: Partial<SweepOptions> & { onProgress?: ProgressCallback } = {}): SweepResult {
  const { onProgress, ...rest } = options;
  const o: SweepOptions = { ...SWEEP_DEFAULTS, ...rest };
  if (!(Number.isInteger(o.steps) && o.steps >= 1)) throw new ConfigError(`steps must be an integer ≥ 1, got ${o.steps}`);
  const points: SweepPoint[] = [];
  for (let k = 0; k <= o.steps; k++) {
    const x = k / o.steps;
    const distress = new Float64Array(s.n);
    distress.fill(x, 0, s.nFirms);
    const r = runContagion(net, o.model, { distress, label: `uniform ${x * 100} % firm equity shock` }, { recordRounds: true });
    const initialLoss = r.rounds.find((q) => q.round === 1)?.loss ?? 0;
    let firmsDefaulted = 0;
    for (let f = 0; f < s.nFirms; f++) firmsDefaulted += r.defaulted[f];
    points.push({
      shock: x, initialLoss, systemLoss: r.systemLoss,
      amplification: initialLoss > 0 ? r.systemLoss / initialLoss : null,
      debtRank: r.debtRank, firmsDefaulted,
      nplRatio: lossBreakdown(s, net, r, o.tolerance).system.nplRatio,
    });
    onProgress?.(k + 1, o.steps + 1);
  }
  return { points, options: o };
}

// ── interventions ──────────────────────────────────────────────────────────────
export interface InterventionOptions {
  /** Reference shock, as `shockFromSpec` reads it. */
  shock: string;
  /** Guarantee ties inside circles tried as cuts, largest exposure first. */
  maxEdges: number;
  /** Firms tried as rescues, largest first-round impact first. */
  maxFirms: number;
  /** Length of the returned ranking. */
  top: number;
}

export const INTERVENTION_DEFAULTS: Readonly<InterventionOptions> = Object.freeze({ shock: 'uniform:0.1', maxEdges: 100, maxFirms: 50, top: 20 });

export interface Intervention {
  kind: 'cut' | 'rescue';
  /** `guarantor→borrower` for a cut, the firm id for a rescue. */
  target: string;
  /** DebtRank R of the reference shock with the intervention. */
  debtRank: number;
  /** R(base) − R(with it). */
  reduction: number;
  /** reduction / R(base). */
  share: number;
}

export interface InterventionRanking {
  base: { label: string; debtRank: number; systemLoss: number };
  candidates: { cuts: number; rescues: number };
  ranking: Intervention[];
  options: InterventionOptions;
}

/**
 * Rank single interventions by how much they lower the DebtRank R of the reference shock.
 *   cut(g → b)   the guarantor g is released: the guarantee exposure b → g becomes 0 (the loan's
 *                cover moves to the risk-sharing scheme, so the bank's exposure is unchanged)
 *   rescue(f)    f is recapitalised and honours its obligations: all of f's exposures become 0
 * Candidates are the circles' internal guarantee ties (where distress loops) and the firms of
 * largest first-round impact; each costs one O(m) re-weighting and one DebtRank run.
 */
export function rankInterventions(s: Snapshot, net: ExposureNetwork, options: Partial<InterventionOptions> & { onProgress?: ProgressCallback } = {}): InterventionRanking {
  const { onProgress, ...rest } = options;
  const o: InterventionOptions = { ...INTERVENTION_DEFAULTS, ...rest };
  const shock = shockFromSpec(s, o.shock);
  const baseRun = debtRank(net, shock, { recordRounds: false });
  const base = baseRun.debtRank;
  const { offsets, nbr } = net.out;

  // Circle ties: exposure edges of the guarantee channel whose ends share a circle, by pair.
  const { circleOf } = guaranteeCircles(s);
  const pairAmount = new Map<number, number>(); // key = CSR position of the first edge of the pair
  const pairEdges = new Map<number, number[]>();
  for (let b = 0; b < s.nFirms; b++) {
    if (circleOf[b] < 0) continue;
    for (let p = offsets[b]; p < offsets[b + 1]; p++) {
      const g = nbr[p];
      if (net.channel[p] !== CHANNEL_GUARANTEE || g >= s.nFirms || circleOf[g] !== circleOf[b]) continue;
      let key = -1;
      for (let q = offsets[b]; q < p; q++) if (nbr[q] === g && net.channel[q] === CHANNEL_GUARANTEE) { key = q; break; }
      if (key < 0) { key = p; pairEdges.set(key, []); pairAmount.set(key, 0); }
      pairEdges.get(key)!.push(p);
      pairAmount.set(key, pairAmount.get(key)! + net.amount[p]);
    }
  }
  const cuts = [...pairAmount.keys()].sort((a, b) => pairAmount.get(b)! - pairAmount.get(a)! || a - b).slice(0, o.maxEdges);
  const firstRound = firstRoundImpact(s, net);
  const rescues = topIndices(firstRound, s.nFirms, o.maxFirms, s);

  const defaulterOf = (p: number): number => {
    let lo = 0, hi = net.n - 1; // offsets is non-decreasing: find v with offsets[v] ≤ p < offsets[v+1]
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (offsets[mid] <= p) lo = mid; else hi = mid - 1; }
    return lo;
  };
  const evaluate = (zero: (amount: Float64Array) => void): number => {
    const amount = net.amount.slice();
    zero(amount);
    return debtRank({ ...net, amount }, shock, { recordRounds: false }).debtRank;
  };
  const results: Intervention[] = [];
  for (const key of cuts) {
    const r = evaluate((a) => { for (const p of pairEdges.get(key)!) a[p] = 0; });
    results.push({ kind: 'cut', target: `${s.ids[nbr[key]]}→${s.ids[defaulterOf(key)]}`, debtRank: r, reduction: base - r, share: base > 0 ? (base - r) / base : 0 });
    onProgress?.(results.length, cuts.length + rescues.length);
  }
  for (const f of rescues) {
    const r = evaluate((a) => a.fill(0, offsets[f], offsets[f + 1]));
    results.push({ kind: 'rescue', target: s.ids[f], debtRank: r, reduction: base - r, share: base > 0 ? (base - r) / base : 0 });
    onProgress?.(results.length, cuts.length + rescues.length);
  }
  results.sort((a, b) => b.reduction - a.reduction || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  return {
    base: { label: shock.label ?? o.shock, debtRank: base, systemLoss: baseRun.systemLoss },
    candidates: { cuts: cuts.length, rescues: rescues.length },
    ranking: results.slice(0, o.top),
    options: o,
  };
}
