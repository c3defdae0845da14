/**
 * GET /api/graph → the whole graph in columns for the viewer (docs/api.md):
 * node index = Snapshot index (firms, then banks; parks are listed, not nodes),
 * edges of the four kinds in the order loan, guarantee, supply, ownership.
 * Columns instead of one object per node keep 1M firms at a few bytes each and
 * map straight onto typed arrays in the browser. The body is built and
 * serialised once, then served from memory.
 */
import type { FastifyPluginAsync } from 'fastify';
import { NO_QUERY } from '../schemas.ts';
import { FIRM_FLAGS } from '../../model/schema.ts';
import type { Snapshot } from '../../engine/index.ts';
import type { Dataset } from '../../model/schema.ts';

export const EDGE_KINDS = ['loan', 'guarantee', 'supply', 'ownership'] as const;

export interface GraphPayload {
  nodes: {
    id: string[]; name: string[]; type: ('firm' | 'bank')[]; park: number[]; industry: string[];
    /** Outstanding loans borrowed (firms), 0 for banks. */
    borrowing: number[];
    /** Firm equity or bank tier-1 capital; null when unknown. */
    equity: (number | null)[];
    /** `;`-joined firm flags, '' for none. */
    flags: string[];
  };
  edges: { kind: (typeof EDGE_KINDS)[number][]; source: number[]; target: number[]; weight: number[] };
  parks: { id: string; name: string; kind: string | null; lead_industries: string[] }[];
  meta: Dataset['meta'];
}

const strings = { type: 'array', items: { type: 'string' } } as const;
const numbers = { type: 'array', items: { type: 'number' } } as const;
const integers = { type: 'array', items: { type: 'integer' } } as const;

/** Documents the body; it is pre-serialised (JSON.stringify), so this schema is the contract, checked in tests. */
export const GRAPH_SCHEMA = {
  type: 'object',
  required: ['nodes', 'edges', 'parks', 'meta'],
  properties: {
    nodes: {
      type: 'object',
      required: ['id', 'name', 'type', 'park', 'industry', 'borrowing', 'equity', 'flags'],
      properties: {
        id: strings, name: strings, type: { type: 'array', items: { enum: ['firm', 'bank'] } }, park: integers, industry: strings,
        borrowing: numbers, equity: { type: 'array', items: { type: ['number', 'null'] } }, flags: strings,
      },
    },
    edges: {
      type: 'object',
      required: ['kind', 'source', 'target', 'weight'],
      properties: { kind: { type: 'array', items: { enum: [...EDGE_KINDS] } }, source: integers, target: integers, weight: numbers },
    },
    parks: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: ['string', 'null'] }, lead_industries: strings } },
    },
    meta: { type: 'object', additionalProperties: true },
  },
} as const;

export function graphPayload(s: Snapshot): GraphPayload {
  const ds = s.dataset;
  const n = s.nFirms + s.nBanks;
  const parkBase = s.nFirms + s.nBanks;
  const borrowing = new Float64Array(n);
  for (let e = 0; e < s.loan.m; e++) borrowing[s.loan.dst[e]] += s.loan.weight[e];
  const nodes: GraphPayload['nodes'] = { id: [], name: [], type: [], park: [], industry: [], borrowing: [], equity: [], flags: [] };
  for (let v = 0; v < n; v++) {
    const firm = v < s.nFirms;
    nodes.id.push(s.ids[v]);
    nodes.name.push(firm ? ds.firms[v].name : ds.banks[v - s.nFirms].name);
    nodes.type.push(firm ? 'firm' : 'bank');
    nodes.park.push(firm && s.park[v] >= 0 ? s.park[v] - parkBase : -1);
    nodes.industry.push(firm ? s.industries[s.industry[v]] : '');
    nodes.borrowing.push(borrowing[v]);
    nodes.equity.push(Number.isFinite(s.equity[v]) ? s.equity[v] : null);
    let flags = '';
    if (firm) for (let b = 0; b < FIRM_FLAGS.length; b++) if (s.flags[v] & (1 << b)) flags += (flags ? ';' : '') + FIRM_FLAGS[b];
    nodes.flags.push(flags);
  }
  const edges: GraphPayload['edges'] = { kind: [], source: [], target: [], weight: [] };
  for (const kind of EDGE_KINDS) {
    const k = s[kind];
    for (let e = 0; e < k.m; e++) {
      edges.kind.push(kind);
      edges.source.push(k.src[e]);
      edges.target.push(k.dst[e]);
      edges.weight.push(k.weight[e]);
    }
  }
  const parks = ds.parks.map((p) => ({ id: p.id, name: p.name, kind: p.kind ?? null, lead_industries: p.lead_industries }));
  return { nodes, edges, parks, meta: ds.meta };
}

export const graphRoutes: FastifyPluginAsync = async (app) => {
  app.get('/graph', { schema: { querystring: NO_QUERY, response: { 200: GRAPH_SCHEMA } } }, async (_req, reply) => {
    const body = app.xinlian.graphJson(() => JSON.stringify(graphPayload(app.xinlian.snapshot)));
    // A Buffer body is sent as is: the cached bytes are neither re-serialised nor re-encoded per request.
    return reply.type('application/json; charset=utf-8').send(body);
  });
};
