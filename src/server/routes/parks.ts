/**
 * GET /api/parks/:id → the figures of the viewer's park dashboard that no other route gives:
 * the location quotient of every division present in the park (location-quotient.ts, the
 * measure park fit uses) and the park's supply ties split into internal (member → member),
 * inbound (outside supplier → member) and outbound (member → outside customer), as counts
 * and annual values. Reputation, circles and the park shock come from their own routes
 * (/api/reputation, /api/circles, /api/stress?scenario=park). One pass over the firms and
 * the supply ties per park, kept by ServerState.memo.
 */
import type { FastifyPluginAsync } from 'fastify';
import { firmDivisions, locationQuotients, type LocationQuotients } from '../../analysis/cluster/index.ts';
import { NotFoundError } from '../../io/errors.ts';
import type { ServerState } from '../state.ts';

export interface ParkDivisionLq {
  division: string;
  lq: number;
  /** Members of the park in the division. */
  members: number;
  /** x_ir of the LQ (employees by default) and its share of the park's x_r. */
  x: number;
  share: number;
}

export interface TieTotals {
  count: number;
  amount: number;
}

export interface ParkDashboard {
  park: { id: string; name: string; kind: string | null; lead_industries: string[] };
  members: number;
  /** Divisions with x_ir > 0, highest LQ first (then code). */
  lq: ParkDivisionLq[];
  measure: 'employees' | 'revenue';
  supply: { internal: TieTotals; inbound: TieTotals; outbound: TieTotals };
}

export function parkDashboard(state: ServerState, id: string): ParkDashboard {
  const s = state.snapshot;
  const base = s.nFirms + s.nBanks;
  const v = s.index.get(id);
  if (v === undefined || v < base) throw new NotFoundError('park', id);
  return state.memo(`park-dashboard:${id}`, () => {
    const p = v - base;
    const lqs: LocationQuotients = state.memo('park-lq', () => locationQuotients(s));
    const div = firmDivisions(s);
    const D = lqs.divisions.length;
    const members = new Int32Array(D);
    let total = 0;
    for (let f = 0; f < s.nFirms; f++) {
      if (s.park[f] !== v) continue;
      members[div.ofFirm[f]]++;
      total++;
    }
    let parkX = 0;
    for (let d = 0; d < D; d++) parkX += lqs.x[p * D + d];
    const lq: ParkDivisionLq[] = [];
    for (let d = 0; d < D; d++) {
      const x = lqs.x[p * D + d];
      if (x > 0) lq.push({ division: lqs.divisions[d], lq: lqs.lq[p * D + d], members: members[d], x, share: x / parkX });
    }
    lq.sort((a, b) => b.lq - a.lq || (a.division < b.division ? -1 : 1));
    const internal = { count: 0, amount: 0 }, inbound = { count: 0, amount: 0 }, outbound = { count: 0, amount: 0 };
    const { src, dst, weight } = s.supply;
    for (let e = 0; e < s.supply.m; e++) {
      const a = s.park[src[e]] === v, b = s.park[dst[e]] === v;
      const into = a && b ? internal : b ? inbound : a ? outbound : null;
      if (into === null) continue;
      into.count++;
      into.amount += weight[e];
    }
    const pk = state.dataset.parks[p];
    return {
      park: { id: pk.id, name: pk.name, kind: pk.kind ?? null, lead_industries: pk.lead_industries },
      members: total, lq, measure: lqs.options.measure, supply: { internal, inbound, outbound },
    };
  });
}

const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const ties = { type: 'object', required: ['count', 'amount'], properties: { count: int, amount: num } } as const;

export const PARK_DASHBOARD_SCHEMA = {
  type: 'object',
  required: ['park', 'members', 'lq', 'measure', 'supply'],
  properties: {
    park: { type: 'object', properties: { id: str, name: str, kind: { type: ['string', 'null'] }, lead_industries: { type: 'array', items: str } } },
    members: int,
    lq: { type: 'array', items: { type: 'object', properties: { division: str, lq: num, members: int, x: num, share: num } } },
    measure: { enum: ['employees', 'revenue'] },
    supply: { type: 'object', required: ['internal', 'inbound', 'outbound'], properties: { internal: ties, inbound: ties, outbound: ties } },
  },
} as const;

export const parkRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string } }>('/parks/:id', {
    schema: {
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } }, additionalProperties: false },
      response: { 200: PARK_DASHBOARD_SCHEMA, 404: { $ref: 'ApiError#' } },
    },
  }, async (req) => parkDashboard(app.xinlian, req.params.id));
};
