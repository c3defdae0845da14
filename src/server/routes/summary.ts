/** GET /api/summary → DatasetSummary (src/analysis/metrics/summary.ts), computed once. */
import type { FastifyPluginAsync } from 'fastify';
import { NO_QUERY } from '../schemas.ts';

const count = { type: 'integer' } as const;
const amount = { type: 'number' } as const;
const countsByKey = { type: 'object', additionalProperties: { type: 'integer' } } as const;
const parkTotals = {
  firms: count, employees: amount, loansOutstanding: amount, guaranteed: amount,
} as const;

export const SUMMARY_SCHEMA = {
  type: 'object',
  required: ['meta', 'counts', 'parks', 'outsideParks', 'exposure', 'circles'],
  properties: {
    meta: { type: 'object', additionalProperties: true },
    counts: {
      type: 'object',
      properties: {
        firms: { type: 'object', properties: { total: count, enterprise: count, guarantor: count } },
        banks: { type: 'object', properties: { total: count, byKind: countsByKey } },
        parks: { type: 'object', properties: { total: count, byKind: countsByKey } },
        loans: { type: 'object', properties: { total: count, byStatus: countsByKey } },
        guarantees: count, jointGroups: count, supply: count, ownership: count, financials: count,
      },
    },
    parks: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: ['string', 'null'] }, ...parkTotals } },
    },
    outsideParks: { type: 'object', properties: parkTotals },
    exposure: { type: 'object', properties: { loanOutstanding: amount, guaranteed: amount, supplyValue: amount, riskShareCovered: amount } },
    circles: { type: 'object', properties: { count, sizes: { type: 'array', items: count }, largest: count, firmsInCircles: count } },
  },
} as const;

export const summaryRoutes: FastifyPluginAsync = async (app) => {
  app.get('/summary', { schema: { querystring: NO_QUERY, response: { 200: SUMMARY_SCHEMA } } }, async () => app.xinlian.summary());
};
