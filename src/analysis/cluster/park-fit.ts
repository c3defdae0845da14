/**
 * Park fit of a candidate firm (DOMAIN.md "Cluster and park fit"; seed 000: 小微企业园
 * admit firms of the park's industry or of its upstream/downstream chain). For candidate
 * c of division k and park P:
 *   concentration   = LQ(k, P) / (1 + LQ(k, P))                 (½ at LQ = 1, → 1 when P specializes in k)
 *   complementarity = max(up, down),  up   = Σ_d w_P(d) · A[k][d]   (the park's industries buy from k)
 *                                     down = Σ_d w_P(d) · A[d][k]   (k buys from the park's industries)
 *                     w_P(d) = member share of division d in P, A = input shares of io-matrix.ts
 *   gapFilling      = value P's members buy from division-k firms outside P / all P's purchases
 *   ties            = c's supply value with P's members / c's total supply value
 *   risk            = 1 − (1 − screened)(1 − ½·inCircle)(1 − linked)
 *                     linked = c's guarantee amount (given + received) with members of P that sit in
 *                     guarantee circles / c's total guarantee amount
 *   fit = w_conc·concentration + w_comp·complementarity + w_gap·gapFilling + w_ties·ties − w_risk·risk
 * Entry rules: lead industry match (k is a division of P's lead industries), concentration
 * (LQ ≥ 1), up/downstream relation (an actual tie with a member, or up or down ≥ minChainShare);
 * eligible when any of them holds, the admission practice of seed 000.
 */
import type { Snapshot } from '../../engine/index.ts';
import { UsageError, NotFoundError } from '../../io/errors.ts';
import { industryDivision } from '../../model/schema.ts';
import { guaranteeCircles, type GuaranteeCircles } from '../guarantee/index.ts';
import { screenFirms, type ScreeningResult } from '../screening/index.ts';
import { firmDivisions, type Divisions } from './divisions.ts';
import { ioMatrix, type IoMatrix } from './io-matrix.ts';
import { locationQuotients, type LocationQuotientOptions, type LocationQuotients } from './location-quotient.ts';

export interface ParkFitWeights {
  concentration: number;
  complementarity: number;
  gapFilling: number;
  ties: number;
  risk: number;
}

export interface ParkFitOptions {
  weights: ParkFitWeights;
  /** Input share from which a division counts as up- or downstream of the park. */
  minChainShare: number;
  lq: LocationQuotientOptions;
}

export const PARK_FIT_DEFAULTS: Readonly<ParkFitOptions> = Object.freeze({
  weights: Object.freeze({ concentration: 0.25, complementarity: 0.3, gapFilling: 0.2, ties: 0.25, risk: 0.5 }),
  minChainShare: 0.1,
  lq: Object.freeze({ measure: 'employees' as const }),
});

/** An existing firm, or a prospective one described by its industry and planned ties. */
export type Candidate =
  | { firm: string }
  | { industry: string; employees?: number; ties?: { partner: string; value: number; role: 'supplier' | 'customer' }[] };

export interface EntryRule {
  rule: 'lead_industry' | 'concentration' | 'up_downstream';
  zh: string;
  passed: boolean;
  detail: string;
}

export interface ParkFit {
  park: string;
  fit: number;
  breakdown: { concentration: number; complementarity: number; upstream: number; downstream: number; gapFilling: number; ties: number; risk: number };
  /** Weighted contribution of each term (fit = Σ contributions). */
  contributions: { concentration: number; complementarity: number; gapFilling: number; ties: number; risk: number };
  lq: number;
  rules: EntryRule[];
  eligible: boolean;
}

/** Everything the fit needs that does not depend on the candidate, built once in O(n + m). */
export interface ParkFitContext {
  s: Snapshot;
  div: Divisions;
  io: IoMatrix;
  lq: LocationQuotients;
  circles: GuaranteeCircles;
  screen: ScreeningResult;
  /** Member share per park × division. */
  parkShare: Float64Array;
  /** Purchases of park members from outside suppliers, per park × supplier division. */
  outsidePurchases: Float64Array;
  /** All purchases of park members, per park. */
  purchases: Float64Array;
  /** Lead-industry divisions per park. */
  lead: Set<string>[];
  options: ParkFitOptions;
}

export function parkFitContext(s: Snapshot, options: Partial<Omit<ParkFitOptions, 'weights'>> & { weights?: Partial<ParkFitWeights> } = {}, parts: { circles?: GuaranteeCircles; screen?: ScreeningResult } = {}): ParkFitContext {
  const opts: ParkFitOptions = { ...PARK_FIT_DEFAULTS, ...options, weights: { ...PARK_FIT_DEFAULTS.weights, ...options.weights } };
  const div = firmDivisions(s);
  const D = div.codes.length, P = s.nParks, base = s.nFirms + s.nBanks;
  const parkShare = new Float64Array(P * D), count = new Float64Array(P);
  for (let f = 0; f < s.nFirms; f++) {
    const p = s.park[f];
    if (p < 0) continue;
    parkShare[(p - base) * D + div.ofFirm[f]]++;
    count[p - base]++;
  }
  for (let p = 0; p < P; p++) for (let d = 0; d < D; d++) if (count[p] > 0) parkShare[p * D + d] /= count[p];
  const outsidePurchases = new Float64Array(P * D), purchases = new Float64Array(P);
  const { src, dst, weight } = s.supply;
  for (let e = 0; e < s.supply.m; e++) {
    const p = s.park[dst[e]];
    if (p < 0) continue;
    purchases[p - base] += weight[e];
    if (s.park[src[e]] !== p) outsidePurchases[(p - base) * D + div.ofFirm[src[e]]] += weight[e];
  }
  const lead = s.dataset.parks.map((pk) => new Set(pk.lead_industries.map(industryDivision)));
  return {
    s, div, io: ioMatrix(s), lq: locationQuotients(s, opts.lq),
    circles: parts.circles ?? guaranteeCircles(s), screen: parts.screen ?? screenFirms(s),
    parkShare, outsidePurchases, purchases, lead, options: opts,
  };
}

interface ResolvedCandidate {
  firm: number;
  division: number;
  code: string;
  /** Supply value with members of each park (by park offset), and in total. */
  tieValue: Map<number, number>;
  tieTotal: number;
  /** Guarantee amount with circle members of each park, and in total. */
  linked: Map<number, number>;
  guaranteeTotal: number;
  screened: boolean;
  inCircle: boolean;
}

function resolve(ctx: ParkFitContext, c: Candidate): ResolvedCandidate {
  const { s, div } = ctx;
  const base = s.nFirms + s.nBanks;
  const tieValue = new Map<number, number>(), linked = new Map<number, number>();
  const bump = (m: Map<number, number>, k: number, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  if ('firm' in c) {
    const f = s.index.get(c.firm);
    if (f === undefined || f >= s.nFirms) throw new NotFoundError('firm', c.firm);
    let tieTotal = 0, guaranteeTotal = 0;
    for (const csr of [s.supply.out, s.supply.in]) {
      for (let q = csr.offsets[f]; q < csr.offsets[f + 1]; q++) {
        const w = s.supply.weight[csr.edge[q]], p = s.park[csr.nbr[q]];
        tieTotal += w;
        if (p >= 0) bump(tieValue, p - base, w);
      }
    }
    for (const csr of [s.guarantee.out, s.guarantee.in]) {
      for (let q = csr.offsets[f]; q < csr.offsets[f + 1]; q++) {
        const w = s.guarantee.weight[csr.edge[q]], v = csr.nbr[q], p = s.park[v];
        guaranteeTotal += w;
        if (p >= 0 && ctx.circles.circleOf[v] >= 0) bump(linked, p - base, w);
      }
    }
    const d = div.ofFirm[f];
    return {
      firm: f, division: d, code: div.codes[d], tieValue, tieTotal, linked, guaranteeTotal,
      screened: ctx.screen.reasons[f] !== 0, inCircle: ctx.circles.circleOf[f] >= 0,
    };
  }
  const code = industryDivision(c.industry);
  const d = div.indexOf.get(code) ?? -1;
  let tieTotal = 0;
  for (const t of c.ties ?? []) {
    const v = s.index.get(t.partner);
    if (v === undefined || v >= s.nFirms) throw new NotFoundError('firm', t.partner);
    if (!(t.value >= 0)) throw new UsageError(`tie value with '${t.partner}' must be ≥ 0`);
    tieTotal += t.value;
    if (s.park[v] >= 0) bump(tieValue, s.park[v] - base, t.value);
  }
  return { firm: -1, division: d, code, tieValue, tieTotal, linked, guaranteeTotal: 0, screened: false, inCircle: false };
}

function fitOne(ctx: ParkFitContext, r: ResolvedCandidate, p: number): ParkFit {
  const { s, io, options: o } = ctx;
  const D = ctx.div.codes.length;
  const W = o.weights;
  const k = r.division;
  const lq = k >= 0 ? ctx.lq.lq[p * D + k] : 0;
  const lqv = Number.isFinite(lq) ? lq : 0;
  let up = 0, down = 0;
  if (k >= 0) {
    for (let d = 0; d < D; d++) {
      const w = ctx.parkShare[p * D + d];
      if (w === 0) continue;
      up += w * io.inputShare[k * D + d];
      down += w * io.inputShare[d * D + k];
    }
  }
  const gap = k >= 0 && ctx.purchases[p] > 0 ? ctx.outsidePurchases[p * D + k] / ctx.purchases[p] : 0;
  const tieV = r.tieValue.get(p) ?? 0;
  const ties = r.tieTotal > 0 ? tieV / r.tieTotal : 0;
  const link = r.guaranteeTotal > 0 ? (r.linked.get(p) ?? 0) / r.guaranteeTotal : 0;
  const risk = 1 - (1 - (r.screened ? 1 : 0)) * (1 - (r.inCircle ? 0.5 : 0)) * (1 - link);
  const concentration = lqv / (1 + lqv);
  const complementarity = Math.max(up, down);
  const contributions = {
    concentration: W.concentration * concentration,
    complementarity: W.complementarity * complementarity,
    gapFilling: W.gapFilling * gap,
    ties: W.ties * ties,
    risk: -W.risk * risk,
  };
  const fit = contributions.concentration + contributions.complementarity + contributions.gapFilling + contributions.ties + contributions.risk;
  const lead = ctx.lead[p];
  const rules: EntryRule[] = [
    { rule: 'lead_industry', zh: '主导产业匹配', passed: lead.has(r.code), detail: `${r.code} in lead industries [${[...lead].join(', ')}]` },
    { rule: 'concentration', zh: '同业集聚（区位商 ≥ 1）', passed: lqv >= 1, detail: `LQ(${r.code}) = ${lqv.toFixed(3)}` },
    {
      rule: 'up_downstream', zh: '上下游关联', passed: tieV > 0 || Math.max(up, down) >= o.minChainShare,
      detail: `supply with members ${tieV}; upstream share ${up.toFixed(3)}, downstream share ${down.toFixed(3)} (min ${o.minChainShare})`,
    },
  ];
  return {
    park: s.ids[s.nFirms + s.nBanks + p], fit,
    breakdown: { concentration, complementarity, upstream: up, downstream: down, gapFilling: gap, ties, risk },
    contributions, lq: lqv, rules, eligible: rules.some((x) => x.passed),
  };
}

export interface ParkFitResult {
  candidate: Candidate;
  division: string;
  /** Best park first. */
  parks: ParkFit[];
  options: ParkFitOptions;
}

/** Fit of one candidate with every park (or only `park`), best first. */
export function parkFit(ctx: ParkFitContext, candidate: Candidate, park?: string): ParkFitResult {
  const r = resolve(ctx, candidate);
  const base = ctx.s.nFirms + ctx.s.nBanks;
  let list: number[];
  if (park !== undefined) {
    const v = ctx.s.index.get(park);
    if (v === undefined || v < base) throw new NotFoundError('park', park);
    list = [v - base];
  } else list = Array.from({ length: ctx.s.nParks }, (_, p) => p);
  const parks = list.map((p) => fitOne(ctx, r, p)).sort((a, b) => b.fit - a.fit || (a.park < b.park ? -1 : 1));
  return { candidate, division: r.code, parks, options: ctx.options };
}

/** The best `limit` existing firms outside the park as candidates for it. */
export function bestCandidates(ctx: ParkFitContext, park: string, limit = 20): { firm: string; fit: ParkFit }[] {
  const { s } = ctx;
  const base = s.nFirms + s.nBanks;
  const v = s.index.get(park);
  if (v === undefined || v < base) throw new NotFoundError('park', park);
  const p = v - base;
  const top: { firm: string; fit: ParkFit }[] = [];
  for (let f = 0; f < s.nFirms; f++) {
    if (s.park[f] === v || s.guarantorCompany[f]) continue;
    const fit = fitOne(ctx, resolve(ctx, { firm: s.ids[f] }), p);
    if (top.length < limit || fit.fit > top[top.length - 1].fit.fit) {
      top.push({ firm: s.ids[f], fit });
      top.sort((a, b) => b.fit.fit - a.fit.fit || (a.firm < b.firm ? -1 : 1));
      if (top.length > limit) top.pop();
    }
  }
  return top;
}
