/**
 * GET /api/circles?min=2 → guarantee circles (担保圈) with patterns, mutual pairs, chain-depth
 * histogram and joint groups (same body as `xinlian circles --json`);
 * GET /api/circles/fragility?min=2 → each circle's spectral radius ρ(Λ) of its impact matrix
 * (analysis/contagion/fragility.ts), by circle id, for the viewer's circle table — a separate
 * route so /api/circles stays the CLI's body and the exposure network is only built on demand;
 * GET /api/circles/firm/:id?hops=3 → the guarantee chains around one firm for the viewer, each
 * edge with `graphEdge`, its index in GET /api/graph's edge columns (the viewer's edge key).
 */
import type { FastifyPluginAsync } from 'fastify';
import {
  firmChains, guaranteeChainDepths, guaranteeCircles, guaranteePatterns, jointGroups, mutualGuarantees,
  type CircleOptions, type CirclePatterns, type GuaranteeCircle, type GuaranteePatterns, type JointGroup, type MutualPair,
} from '../../analysis/guarantee/index.ts';
import { circleFragility } from '../../analysis/contagion/index.ts';
import type { Snapshot } from '../../engine/index.ts';
import { NotFoundError } from '../../io/errors.ts';
import { firmChainsOf } from '../../io/neo4j/index.ts';
import { neo4jBackendOf } from '../neo4j-backend.ts';

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
    edges: { type: 'array', items: { type: 'object', properties: { id: str, guarantor: str, borrower: str, amount: num, graphEdge: int } } },
    truncated: { type: 'boolean' },
    options: { type: 'object', properties: { hops: int, maxFirms: int } },
  },
} as const;

export const FRAGILITY_SCHEMA = {
  type: 'object',
  required: ['circles', 'options'],
  properties: {
    circles: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'size', 'spectralRadius', 'lower', 'upper', 'converged', 'amplifies'],
        properties: { id: str, size: int, spectralRadius: num, lower: num, upper: num, iterations: int, converged: { type: 'boolean' }, amplifies: { type: 'boolean' } },
      },
    },
    options: { type: 'object', properties: { minSize: int, tolerance: num, maxIterations: int } },
  },
} as const;

export interface CircleFragilityRow {
  /** The circle's id in GET /api/circles (same `min`). */
  id: string;
  size: number;
  spectralRadius: number;
  lower: number;
  upper: number;
  iterations: number;
  converged: boolean;
  amplifies: boolean;
}

/**
 * Fragility of the circles of `guaranteeCircles(s, { minSize })`, in the same order (C001 …).
 * Both are the SCCs of size ≥ minSize of the guarantee graph; a circle is matched to its
 * fragility entry by its smallest member node index.
 */
export function circlesFragility(s: Snapshot, fragility: ReturnType<typeof circleFragility>, minSize: number) {
  const byFirst = new Map<number, (typeof fragility.circles)[number]>();
  for (const f of fragility.circles) byFirst.set(f.members[0], f);
  const rows: CircleFragilityRow[] = guaranteeCircles(s, { minSize }).circles.map((c) => {
    const f = byFirst.get(c.nodes.reduce((a, b) => Math.min(a, b)));
    if (!f || f.members.length !== c.size) throw new Error(`circle ${c.id} has no fragility entry`);
    return {
      id: c.id, size: c.size, spectralRadius: f.spectralRadius, lower: f.lower, upper: f.upper,
      iterations: f.iterations, converged: f.converged, amplifies: f.amplifies,
    };
  });
  return { circles: rows, options: { ...fragility.options, minSize } };
}

/** The GET /api/circles body (= `xinlian circles --json`). */
export interface CirclesBody {
  circles: (Omit<GuaranteeCircle, 'nodes'> & { patterns: CirclePatterns })[];
  firmsInCircles: number;
  mutualPairs: MutualPair[];
  chains: { maxDepth: number; depthHistogram: number[] };
  patternFirms: GuaranteePatterns['firms'];
  jointGroups: JointGroup[];
  options: CircleOptions;
}

/** The structure of one Snapshot and circle size, computed once (circles, patterns, chains are O(n + m)). */
const cache = new WeakMap<Snapshot, Map<number, CirclesBody>>();

export function guaranteeStructure(s: Snapshot, minSize: number): CirclesBody {
  let bySize = cache.get(s);
  if (!bySize) cache.set(s, (bySize = new Map()));
  const hit = bySize.get(minSize);
  if (hit) return hit;
  const circles = guaranteeCircles(s, { minSize });
  const patterns = guaranteePatterns(s, circles);
  const depths = guaranteeChainDepths(s);
  const body: CirclesBody = {
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

  app.get<{ Querystring: { min: number } }>('/circles/fragility', {
    schema: {
      querystring: { type: 'object', properties: { min: { type: 'integer', minimum: 2, maximum: 1_000_000_000, default: 2 } }, additionalProperties: false },
      response: { 200: FRAGILITY_SCHEMA },
    },
  }, async (req) => {
    const min = req.query.min;
    return app.xinlian.memo(`circles:fragility:${min}`, () => {
      const s = app.xinlian.snapshot;
      return circlesFragility(s, circleFragility(s, app.xinlian.exposures(), { minSize: min }), min);
    });
  });

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
    const options = { hops: req.query.hops, maxFirms: req.query.max };
    // On Neo4j (serve --neo4j) the chains are walked in the database, beyond the loaded graph.
    const backend = neo4jBackendOf(app.xinlian);
    let chains;
    if (backend) {
      chains = await firmChainsOf(backend.conn, req.params.id, options);
    } else {
      const v = s.index.get(req.params.id);
      if (v === undefined || v >= s.nFirms) throw new NotFoundError('firm', req.params.id);
      chains = firmChains(s, v, options);
    }
    // Guarantee row e is GET /api/graph edge loan.m + e (edges come loans first, then guarantees);
    // −1 for a guarantee outside the loaded graph (Neo4j only).
    const rowOf = app.xinlian.memo('guarantee-row-index', () => new Map(s.dataset.guarantees.map((g, e) => [g.id, e])));
    return {
      ...chains,
      edges: chains.edges.map((edge) => {
        const row = rowOf.get(edge.id);
        return { ...edge, graphEdge: row === undefined ? -1 : s.loan.m + row };
      }),
    };
  });
};
