/**
 * GET /api/firms/:id → one firm with everything around it: its park, loans with
 * bank names, guarantees given / received with counterpart names, suppliers and
 * customers with trade values, owners and owned firms with shares, financials.
 * Neighbours are read from the Snapshot's CSR adjacency (O(degree)), rows from the
 * Dataset tables by edge index.
 */
import type { FastifyPluginAsync } from 'fastify';
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

export const firmRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string } }>(
    '/firms/:id',
    { schema: { params: FIRM_PARAMS_SCHEMA, response: { 200: FIRM_DETAIL_SCHEMA, 404: { $ref: 'ApiError#' } } } },
    async (req) => firmDetail(app.xinlian, req.params.id),
  );
};
