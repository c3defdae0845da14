/**
 * GET /api/circles?min=2 → guarantee circles (担保圈) with patterns, mutual pairs, chain-depth
 * histogram and joint groups (same body as `xinlian circles --json`);
 * GET /api/circles/firm/:id?hops=3 → the guarantee chains around one firm for the viewer.
 */
import type { FastifyPluginAsync } from 'fastify';
import {
  firmChains, guaranteeChainDepths, guaranteeCircles, guaranteePatterns, jointGroups, mutualGuarantees,
} from '../../analysis/guarantee/index.ts';
import type { Snapshot } from '../../engine/index.ts';
import { NotFoundError } from '../../io/errors.ts';

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const strings = { type: 'array', items: str } as const;

export const CIRCLES_SCHEMA = {
  type: 'object',
  required: ['circles', 'firmsInCircles', 'mutualPairs', 'chains', 'patternFirms', 'jointGroups', 'options'],
  properties: {
    circles: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: str, size: int, members: strings, internalEdges: int, guaranteedInside: num, loansOutstanding: num, density: num, parks: strings,
          patterns: { type: 'object', properties: { circle: str, chain: int, mutual: int, cross: int, focus: int } },
        },
      },
    },
    firmsInCircles: int,
    mutualPairs: { type: 'array', items: { type: 'object', properties: { a: str, b: str, aForB: num, bForA: num, circle: { type: ['string', 'null'] }, isolated: { type: 'boolean' } } } },
    chains: { type: 'object', properties: { maxDepth: int, depthHistogram: { type: 'array', items: int } } },
    patternFirms: { type: 'object', properties: { chain: int, mutual: int, circle: int, cross: int, focus: int } },
    jointGroups: { type: 'array', items: { type: 'object', additionalProperties: true } },
    options: { type: 'object', properties: { minSize: int } },
  },
} as const;

export const FIRM_CHAINS_SCHEMA = {
  type: 'object',
  required: ['firm', 'up', 'down', 'edges', 'truncated', 'options'],
  properties: {
    firm: str,
    up: { type: 'array', items: { type: 'object', properties: { id: str, hop: int } } },
    down: { type: 'array', items: { type: 'object', properties: { id: str, hop: int } } },
    edges: { type: 'array', items: { type: 'object', properties: { id: str, guarantor: str, borrower: str, amount: num } } },
    truncated: { type: 'boolean' },
    options: { type: 'object', properties: { hops: int, maxFirms: int } },
  },
} as const;

/** The structure of one Snapshot and circle size, computed once (circles, patterns, chains are O(n + m)). */
const cache = new WeakMap<Snapshot, Map<number, unknown>>();

export function guaranteeStructure(s: Snapshot, minSize: number) {
  let bySize = cache.get(s);
  if (!bySize) cache.set(s, (bySize = new Map()));
  const hit = bySize.get(minSize);
  if (hit) return hit;
  const circles = guaranteeCircles(s, { minSize });
  const patterns = guaranteePatterns(s, circles);
  const depths = guaranteeChainDepths(s);
  const body = {
    circles: circles.circles.map(({ nodes: _nodes, ...c }, k) => ({ ...c, patterns: patterns.circles[k] })),
    firmsInCircles: circles.firmsInCircles,
    mutualPairs: mutualGuarantees(s, circles),
    chains: { maxDepth: depths.maxDepth, depthHistogram: depths.depthHistogram },
    patternFirms: patterns.firms,
    jointGroups: jointGroups(s),
    options: circles.options,
  };
  bySize.set(minSize, body);
  return body;
}

export const circleRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { min: number } }>('/circles', {
    schema: {
      querystring: { type: 'object', properties: { min: { type: 'integer', minimum: 2, maximum: 1_000_000_000, default: 2 } }, additionalProperties: false },
      response: { 200: CIRCLES_SCHEMA },
    },
  }, async (req) => guaranteeStructure(app.xinlian.snapshot, req.query.min));

  app.get<{ Params: { id: string }; Querystring: { hops: number; max: number } }>('/circles/firm/:id', {
    schema: {
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } }, additionalProperties: false },
      querystring: {
        type: 'object',
        properties: { hops: { type: 'integer', minimum: 1, maximum: 50, default: 3 }, max: { type: 'integer', minimum: 1, maximum: 100_000, default: 500 } },
        additionalProperties: false,
      },
      response: { 200: FIRM_CHAINS_SCHEMA },
    },
  }, async (req) => {
    const s = app.xinlian.snapshot;
    const v = s.index.get(req.params.id);
    if (v === undefined || v >= s.nFirms) throw new NotFoundError('firm', req.params.id);
    return firmChains(s, v, { hops: req.query.hops, maxFirms: req.query.max });
  });
};
