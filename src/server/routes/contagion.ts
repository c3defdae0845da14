/**
 * GET /api/contagion?model=&shock=&top= → ContagionReport (src/analysis/contagion/report.ts);
 * GET /api/impact?top= → the most systemic firms with their vulnerability.
 * The exposure network (default options) and the all-firm impact are computed once per
 * loaded dataset (ServerState.memo).
 */
import type { FastifyPluginAsync } from 'fastify';
import {
  CONTAGION_MODELS, contagionReport, systemicImpact, topImpact, type ContagionModel,
} from '../../analysis/contagion/index.ts';

export const CONTAGION_QUERY_SCHEMA = {
  type: 'object',
  required: ['shock'],
  properties: {
    model: { type: 'string', enum: [...CONTAGION_MODELS], default: 'debtrank' },
    // <id> | park:<id> | industry:<code> | uniform:<share>; ids are free text, bounded like /firms/:id.
    shock: { type: 'string', minLength: 1, maxLength: 220 },
    top: { type: 'integer', minimum: 0, maximum: 1000, default: 20 },
  },
  additionalProperties: false,
} as const;

export const IMPACT_QUERY_SCHEMA = {
  type: 'object',
  properties: { top: { type: 'integer', minimum: 0, maximum: 100_000, default: 20 } },
  additionalProperties: false,
} as const;

const num = { type: 'number' } as const;
const open = { type: 'object', additionalProperties: true } as const;

export const CONTAGION_REPORT_SCHEMA = {
  type: 'object',
  required: ['model', 'shock', 'systemLoss', 'debtRank', 'defaults', 'rounds', 'diagnostics', 'topLosses', 'breakdown', 'riskSharing'],
  properties: {
    model: { type: 'string' },
    shock: { type: 'object', properties: { spec: { type: 'string' }, label: { type: 'string' }, nodes: { type: 'integer' } } },
    systemLoss: num, debtRank: num, defaults: { type: 'integer' },
    rounds: { type: 'array', items: { type: 'object', properties: { round: { type: 'integer' }, nodes: { type: 'integer' }, defaults: { type: 'integer' }, loss: num } } },
    diagnostics: { type: 'object', properties: { rounds: { type: 'integer' }, updates: { type: 'integer' }, converged: { type: 'boolean' }, residual: num } },
    topLosses: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, type: { enum: ['firm', 'bank'] }, loss: num, distress: num, defaulted: { type: 'boolean' } } },
    },
    breakdown: open, riskSharing: open, options: open, exposure: open,
  },
} as const;

export const IMPACT_SCHEMA = {
  type: 'object',
  required: ['firms', 'top', 'options'],
  properties: {
    firms: { type: 'integer' },
    top: {
      type: 'array',
      items: {
        type: 'object',
        properties: { rank: { type: 'integer' }, firm: { type: 'string' }, name: { type: 'string' }, impact: num, systemLoss: num, reach: { type: 'integer' }, vulnerability: num },
      },
    },
    options: open,
  },
} as const;

export const contagionRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { model: ContagionModel; shock: string; top: number } }>(
    '/contagion',
    { schema: { querystring: CONTAGION_QUERY_SCHEMA, response: { 200: CONTAGION_REPORT_SCHEMA, 400: { $ref: 'ApiError#' }, 404: { $ref: 'ApiError#' } } } },
    async (req) => contagionReport(app.xinlian.snapshot, app.xinlian.exposures(), req.query.model, req.query.shock, req.query.top),
  );
  app.get<{ Querystring: { top: number } }>(
    '/impact',
    { schema: { querystring: IMPACT_QUERY_SCHEMA, response: { 200: IMPACT_SCHEMA, 400: { $ref: 'ApiError#' } } } },
    async (req) => {
      const state = app.xinlian;
      const impact = state.memo('impact', () => systemicImpact(state.snapshot, state.exposures()));
      return { firms: state.snapshot.nFirms, top: topImpact(state.snapshot, impact, req.query.top), options: impact.options };
    },
  );
};
