/**
 * GET /api/firms/:id → one firm with everything around it: its park, loans with
 * bank names, guarantees given / received with counterpart names, suppliers and
 * customers with trade values, owners and owned firms with shares, financials.
 * Neighbours are read from the Snapshot's CSR adjacency (O(degree)), rows from the
 * Dataset tables by edge index.
 *
 * Per-firm analysis for the viewer's firm panel (the all-firm routes answer lists):
 *   GET /api/firms/:id/screening?withinDays=90 → the firm's screening verdict, reasons, rank on
 *     the recommendation list and renewal candidates (the numbers of GET /api/screening);
 *   GET /api/firms/:id/impact → its systemic impact and vulnerability with its rank (the
 *     numbers of GET /api/impact, from the same memo 'impact'). The all-firm sweep is
 *     O(firms × edges) (≈ 14 min on 2 cores at 100k firms, docs/contagion.md), so above
 *     FULL_SWEEP_MAX_FIRMS, and until someone has asked GET /api/impact, the firm's own
 *     DebtRank run gives impact, system loss and reach (the sweep's run for that firm, equal
 *     to rounding), and rank / vulnerability (which need every firm's run) are null.
 */
import type { FastifyPluginAsync } from 'fastify';
import { DEFAULT_IMPACT_OPTIONS, DebtRankWorkspace, economicValue, systemicImpact, type FirmImpact } from '../../analysis/contagion/index.ts';
import { guaranteeCircles } from '../../analysis/guarantee/index.ts';
import { chainStrength } from '../../analysis/reputation/index.ts';
import {
  recommendationList, renewalCandidates, screenFirms,
  type RecommendationEntry, type RecommendationResult, type RenewalCandidate, type ScreenReason, type ScreeningResult,
} from '../../analysis/screening/index.ts';
import { NODE_FIRM } from '../../engine/index.ts';
import type { Csr, Snapshot } from '../../engine/index.ts';
import { NotFoundError } from '../../io/errors.ts';
import type { Bank, Financials, Firm, Guarantee, Loan, Park } from '../../model/schema.ts';
import type { ServerState } from '../state.ts';

/** Ids are free text in the dataset; 200 characters bounds the request without rejecting real ids. */
export const FIRM_PARAMS_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
  additionalProperties: false,
} as const;

export interface TradePartner { id: string; name: string; value: number; since: number | null; payment_delay_days: number | null; disputes: number | null }
export interface OwnershipLink { id: string; name: string; type: 'firm' | 'bank'; share: number }

export interface FirmDetail {
  firm: Firm;
  park: Park | null;
  loans: (Loan & { bank_name: string })[];
  guaranteesGiven: (Guarantee & { counterpart_id: string; counterpart_name: string })[];
  guaranteesReceived: (Guarantee & { counterpart_id: string; counterpart_name: string })[];
  suppliers: TradePartner[];
  customers: TradePartner[];
  owners: OwnershipLink[];
  owned: OwnershipLink[];
  financials: Financials[];
}

const record = { type: 'object', additionalProperties: true } as const;
const records = { type: 'array', items: record } as const;
const partner = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      id: { type: 'string' }, name: { type: 'string' }, value: { type: 'number' },
      since: { type: ['integer', 'null'] }, payment_delay_days: { type: ['number', 'null'] }, disputes: { type: ['integer', 'null'] },
    },
  },
} as const;
const link = {
  type: 'array',
  items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, type: { enum: ['firm', 'bank'] }, share: { type: 'number' } } },
} as const;

export const FIRM_DETAIL_SCHEMA = {
  type: 'object',
  required: ['firm', 'park', 'loans', 'guaranteesGiven', 'guaranteesReceived', 'suppliers', 'customers', 'owners', 'owned', 'financials'],
  properties: {
    firm: record, park: { type: ['object', 'null'], additionalProperties: true },
    loans: records, guaranteesGiven: records, guaranteesReceived: records,
    suppliers: partner, customers: partner, owners: link, owned: link, financials: records,
  },
} as const;

/** Edge rows of node v in one CSR direction. */
function* edgesAt(csr: Csr, v: number): Generator<[edge: number, other: number]> {
  for (let p = csr.offsets[v]; p < csr.offsets[v + 1]; p++) yield [csr.edge[p], csr.nbr[p]];
}

export function firmDetail(state: ServerState, id: string): FirmDetail {
  const s: Snapshot = state.snapshot;
  const ds = state.dataset;
  const v = s.index.get(id);
  if (v === undefined || v >= s.nFirms || s.nodeType[v] !== NODE_FIRM) throw new NotFoundError('firm', id);
  const parkBase = s.nFirms + s.nBanks;
  const bank = (node: number): Bank => ds.banks[node - s.nFirms];
  const trade = (e: number, other: number): TradePartner => {
    const row = ds.supply[e];
    return { id: s.ids[other], name: state.nameOf(other), value: row.value, since: row.since ?? null, payment_delay_days: row.payment_delay_days ?? null, disputes: row.disputes ?? null };
  };
  const owning = (e: number, other: number): OwnershipLink => ({ id: s.ids[other], name: state.nameOf(other), type: other < s.nFirms ? 'firm' : 'bank', share: ds.ownership[e].share });
  const guarantee = (e: number, other: number) => ({ ...ds.guarantees[e], counterpart_id: s.ids[other], counterpart_name: state.nameOf(other) });
  return {
    firm: ds.firms[v],
    park: s.park[v] >= 0 ? ds.parks[s.park[v] - parkBase] : null,
    loans: Array.from(edgesAt(s.loan.in, v), ([e, b]) => ({ ...ds.loans[e], bank_name: bank(b).name })),
    guaranteesGiven: Array.from(edgesAt(s.guarantee.out, v), ([e, o]) => guarantee(e, o)),
    guaranteesReceived: Array.from(edgesAt(s.guarantee.in, v), ([e, o]) => guarantee(e, o)),
    suppliers: Array.from(edgesAt(s.supply.in, v), ([e, o]) => trade(e, o)),
    customers: Array.from(edgesAt(s.supply.out, v), ([e, o]) => trade(e, o)),
    owners: Array.from(edgesAt(s.ownership.in, v), ([e, o]) => owning(e, o)),
    owned: Array.from(edgesAt(s.ownership.out, v), ([e, o]) => owning(e, o)),
    financials: state.financialsOf(id),
  };
}

/** Firm index of a firm id, else 404 (banks and parks are not firms). */
function firmIndex(state: ServerState, id: string): number {
  const s = state.snapshot;
  const v = s.index.get(id);
  if (v === undefined || v >= s.nFirms || s.nodeType[v] !== NODE_FIRM) throw new NotFoundError('firm', id);
  return v;
}

/**
 * The screening verdict of one firm: `listed` (on the recommendation list, with its entry),
 * `excluded` (screened out, with its reasons) or `not_borrower` (a guarantee company, which
 * the list does not rank). `listed` counts the whole list, as in GET /api/screening.
 */
export interface FirmScreening {
  firm: string;
  name: string;
  status: 'listed' | 'excluded' | 'not_borrower';
  reasons: ScreenReason[];
  recommendation: RecommendationEntry | null;
  listed: number;
  renewal: RenewalCandidate[];
  asOf: string;
  withinDays: number;
}

interface ScreeningParts {
  screen: ScreeningResult;
  rec: RecommendationResult;
  /** Rank (0-based) of each firm on the list, −1 when not listed. */
  rank: Int32Array;
  renewal: Map<string, RenewalCandidate[]>;
  asOf: string;
}

/** The parts of screeningReport (src/analysis/screening/report.ts) with the same options, indexed per firm. */
function screeningParts(state: ServerState, withinDays: number): ScreeningParts {
  return state.memo(`firm-screening:${withinDays}`, () => {
    const s = state.snapshot;
    const screen = screenFirms(s);
    const rec = recommendationList(s, screen, chainStrength(s).strength, { maturingWithinDays: withinDays });
    const rank = new Int32Array(s.nFirms).fill(-1);
    rec.order.forEach((f, r) => { rank[f] = r; });
    const ren = renewalCandidates(s, screen, { withinDays }, guaranteeCircles(s));
    const renewal = new Map<string, RenewalCandidate[]>();
    for (const c of ren.candidates) {
      let list = renewal.get(c.borrower);
      if (list === undefined) renewal.set(c.borrower, (list = []));
      list.push(c);
    }
    return { screen, rec, rank, renewal, asOf: ren.asOf };
  });
}

export function firmScreening(state: ServerState, id: string, withinDays: number): FirmScreening {
  const f = firmIndex(state, id);
  const p = screeningParts(state, withinDays);
  const excluded = p.screen.reasons[f] !== 0;
  return {
    firm: id, name: state.dataset.firms[f].name,
    status: excluded ? 'excluded' : p.screen.notBorrower[f] ? 'not_borrower' : 'listed',
    reasons: excluded ? p.screen.explain(f) : [],
    recommendation: p.rank[f] >= 0 ? p.rec.entry(p.rank[f]) : null,
    listed: p.rec.order.length,
    renewal: p.renewal.get(id) ?? [],
    asOf: p.asOf, withinDays,
  };
}

/**
 * Systemic impact and vulnerability of one firm; `rank` in GET /api/impact's order (impact
 * desc, then id). `sweep` says whether the all-firm sweep was used; without it rank and
 * vulnerability are null.
 */
export interface FirmImpactEntry {
  firm: string;
  name: string;
  rank: number | null;
  firms: number;
  impact: number;
  systemLoss: number;
  reach: number;
  vulnerability: number | null;
  sweep: boolean;
  options: Record<string, unknown>;
}

/** Datasets up to this many firms get the all-firm sweep on the first per-firm request (2,000 firms: 0.6 s). */
export const FULL_SWEEP_MAX_FIRMS = 5_000;

/** The firm's own DebtRank run, summed as systemicImpact (src/analysis/contagion/impact.ts) sums it. */
function singleImpact(state: ServerState, f: number): { impact: number; systemLoss: number; reach: number } {
  const o = DEFAULT_IMPACT_OPTIONS;
  // One workspace for every request (each run clears what the last one touched), as the sweep reuses one.
  const { ws, value } = state.memo('impact-single', () => {
    const net = state.exposures();
    return { ws: new DebtRankWorkspace(net, o.capImpact), value: economicValue(net, undefined) };
  });
  ws.run(Int32Array.of(f), Float64Array.of(1), o.minDistress, o.maxRounds, o.minImpact, undefined, false);
  let impact = 0, systemLoss = 0, reach = 0;
  for (let k = 0; k < ws.touchedCount; k++) {
    const v = ws.touched[k];
    systemLoss += ws.transmitted[v] * ws.outAmount[v];
    if (v === f) continue;
    const h = ws.h[v];
    if (h > 0) { impact += h * value[v]; reach++; }
  }
  return { impact, systemLoss, reach };
}

export function firmImpact(state: ServerState, id: string, fullSweepMaxFirms = FULL_SWEEP_MAX_FIRMS): FirmImpactEntry {
  const f = firmIndex(state, id);
  const s = state.snapshot;
  const name = state.dataset.firms[f].name;
  // Same key and builder as GET /api/impact (routes/contagion.ts): one computation serves both.
  const r: FirmImpact | undefined = s.nFirms <= fullSweepMaxFirms
    ? state.memo('impact', () => systemicImpact(s, state.exposures()))
    : state.peek<FirmImpact>('impact');
  if (r === undefined) {
    return { firm: id, name, rank: null, firms: s.nFirms, ...singleImpact(state, f), vulnerability: null, sweep: false, options: { ...DEFAULT_IMPACT_OPTIONS, weights: 'capital' } };
  }
  const rank = state.memo('impact-rank', () => {
    const order = Array.from({ length: s.nFirms }, (_, k) => k);
    order.sort((a, b) => r.impact[b] - r.impact[a] || (s.ids[a] < s.ids[b] ? -1 : s.ids[a] > s.ids[b] ? 1 : 0));
    const out = new Int32Array(s.nFirms);
    order.forEach((k, i) => { out[k] = i + 1; });
    return out;
  });
  return {
    firm: id, name, rank: rank[f], firms: s.nFirms,
    impact: r.impact[f], systemLoss: r.systemLoss[f], reach: r.reach[f], vulnerability: r.vulnerability[f], sweep: true, options: r.options,
  };
}

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;

export const FIRM_SCREENING_SCHEMA = {
  type: 'object',
  required: ['firm', 'name', 'status', 'reasons', 'recommendation', 'listed', 'renewal', 'asOf', 'withinDays'],
  properties: {
    firm: str, name: str, status: { enum: ['listed', 'excluded', 'not_borrower'] },
    reasons: { type: 'array', items: { type: 'object', properties: { code: str, zh: str, en: str, numbers: { type: 'object', additionalProperties: num } } } },
    recommendation: {
      type: ['object', 'null'],
      properties: { rank: int, firm: str, name: str, score: num, need: num, credit: num, chain: num, tech: { type: 'boolean' }, foreignTrade: { type: 'boolean' } },
    },
    listed: int,
    renewal: { type: 'array', items: record },
    asOf: str, withinDays: int,
  },
} as const;

export const FIRM_IMPACT_SCHEMA = {
  type: 'object',
  required: ['firm', 'name', 'rank', 'firms', 'impact', 'systemLoss', 'reach', 'vulnerability', 'sweep', 'options'],
  properties: {
    firm: str, name: str, rank: { type: ['integer', 'null'] }, firms: int, impact: num, systemLoss: num, reach: int,
    vulnerability: { type: ['number', 'null'] }, sweep: { type: 'boolean' }, options: record,
  },
} as const;

export const firmRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string } }>(
    '/firms/:id',
    { schema: { params: FIRM_PARAMS_SCHEMA, response: { 200: FIRM_DETAIL_SCHEMA, 404: { $ref: 'ApiError#' } } } },
    async (req) => firmDetail(app.xinlian, req.params.id),
  );
  app.get<{ Params: { id: string }; Querystring: { withinDays: number } }>(
    '/firms/:id/screening',
    {
      schema: {
        params: FIRM_PARAMS_SCHEMA,
        querystring: { type: 'object', properties: { withinDays: { type: 'integer', minimum: 0, maximum: 36_500, default: 90 } }, additionalProperties: false },
        response: { 200: FIRM_SCREENING_SCHEMA, 404: { $ref: 'ApiError#' } },
      },
    },
    async (req) => firmScreening(app.xinlian, req.params.id, req.query.withinDays),
  );
  app.get<{ Params: { id: string } }>(
    '/firms/:id/impact',
    { schema: { params: FIRM_PARAMS_SCHEMA, response: { 200: FIRM_IMPACT_SCHEMA, 404: { $ref: 'ApiError#' } } } },
    async (req) => firmImpact(app.xinlian, req.params.id),
  );
};
