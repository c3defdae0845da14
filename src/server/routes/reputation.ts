/**
 * Reputation, screening, park fit and communities (issue 5), same bodies as the CLI's --json:
 *   GET /api/reputation?top=50&firm=ID     → ReputationReport (src/analysis/reputation/report.ts)
 *   GET /api/screening?top=100&withinDays=90 → ScreeningReport (src/analysis/screening/report.ts)
 *   GET /api/parkfit?firm=ID | industry=CODE [&park=ID&whatIf=true] → ParkFitResult (+ whatIf)
 *   GET /api/parkfit/candidates/:park?top=20 → best candidates for a park
 *   GET /api/communities?seed=1            → communities vs parks (without the per-firm map unless full=true)
 * Results are computed on first request per parameter set and kept by ServerState.memo.
 * `reputation?firm=` (the viewer's firm panel asks it on every selection) is assembled from
 * ties, chain strength, default cost and park reputation computed once per dataset
 * (firmReputationReport), not by a full reputationReport per firm.
 */
import type { FastifyPluginAsync } from 'fastify';
import { bestCandidates, clusterCommunities, parkFit, parkFitContext, parkWhatIf, type Candidate, type ParkFitContext } from '../../analysis/cluster/index.ts';
import {
  chainStrength, defaultCost, parkReputation, reputationReport, tieStrengths, type ReputationReport,
} from '../../analysis/reputation/index.ts';
import type { Snapshot } from '../../engine/index.ts';
import { screeningReport } from '../../analysis/screening/index.ts';
import { NotFoundError, UsageError } from '../../io/errors.ts';

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const nullableNum = { type: ['number', 'null'] } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const open = { type: 'object', additionalProperties: true } as const;
const id = { type: 'string', minLength: 1, maxLength: 200 } as const;

const step = { type: 'object', properties: { from: str, to: str, kind: str, row: int, strength: num } } as const;

export const REPUTATION_SCHEMA = {
  type: 'object',
  required: ['asOf', 'firms', 'parks', 'reached', 'totalFirms', 'options'],
  properties: {
    asOf: str,
    firms: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          firm: str, name: str, park: nullableStr, chainStrength: num, bank: nullableStr, hops: int, defaultCost: num,
          defaultCostRatio: nullableNum, creditDependency: nullableNum, mainBank: nullableStr, path: { type: 'array', items: step },
        },
      },
    },
    parks: {
      type: 'array',
      items: { type: 'object', properties: { park: str, members: int, strongPairs: int, strongTieDensity: num, meanDefaultCostRatio: nullableNum, chainShare: num } },
    },
    reached: int, totalFirms: int, options: open,
  },
} as const;

const reason = { type: 'object', properties: { code: str, zh: str, en: str, numbers: { type: 'object', additionalProperties: num } } } as const;

export const SCREENING_SCHEMA = {
  type: 'object',
  required: ['counts', 'recommendation', 'listed', 'flagged', 'excluded', 'renewal', 'renewalExcluded', 'asOf', 'options'],
  properties: {
    counts: { type: 'object', additionalProperties: int },
    recommendation: {
      type: 'array',
      items: { type: 'object', properties: { rank: int, firm: str, name: str, score: num, need: num, credit: num, chain: num, tech: { type: 'boolean' }, foreignTrade: { type: 'boolean' } } },
    },
    listed: int,
    flagged: { type: 'object', properties: { tech: int, foreignTrade: int } },
    excluded: { type: 'array', items: { type: 'object', properties: { firm: str, name: str, reasons: { type: 'array', items: reason } } } },
    renewal: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          loan: str, bank: str, borrower: str, outstanding: num, maturity: str, daysToMaturity: int,
          circle: nullableStr, circleSize: int, circleLoansOutstanding: num, circleGuaranteed: num,
        },
      },
    },
    renewalExcluded: { type: 'object', properties: { notNormal: int, screenedOut: int } },
    asOf: str,
    options: open,
  },
} as const;

const parkFitItem = {
  type: 'object',
  properties: {
    park: str, fit: num, lq: num, eligible: { type: 'boolean' },
    breakdown: { type: 'object', additionalProperties: num },
    contributions: { type: 'object', additionalProperties: num },
    rules: { type: 'array', items: { type: 'object', properties: { rule: str, zh: str, passed: { type: 'boolean' }, detail: str } } },
  },
} as const;

export const PARK_FIT_SCHEMA = {
  type: 'object',
  required: ['candidate', 'division', 'parks', 'options', 'whatIf'],
  properties: { candidate: open, division: str, parks: { type: 'array', items: parkFitItem }, options: open, whatIf: { type: ['object', 'null'], additionalProperties: true } },
} as const;

export const CANDIDATES_SCHEMA = {
  type: 'object',
  required: ['park', 'candidates'],
  properties: { park: str, candidates: { type: 'array', items: { type: 'object', properties: { firm: str, fit: parkFitItem } } } },
} as const;

export const COMMUNITIES_SCHEMA = {
  type: 'object',
  required: ['count', 'modularity', 'nmi', 'sizes', 'crossing', 'options'],
  properties: {
    count: int, modularity: num, nmi: nullableNum, sizes: { type: 'array', items: int },
    crossing: { type: 'array', items: { type: 'object', properties: { community: int, size: int, spill: num, parks: { type: 'array', items: { type: 'array', items: [str, int] } } } } },
    levels: { type: 'array', items: { type: 'object', properties: { nodes: int, moves: int, modularity: num } } },
    community: { type: 'object', additionalProperties: int },
    options: open,
  },
} as const;

const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/** The parts of reputationReport (src/analysis/reputation/report.ts) that no query changes. */
function reputationParts(s: Snapshot) {
  const ties = tieStrengths(s);
  const chain = chainStrength(s, {}, ties);
  const cost = defaultCost(s, {}, ties);
  const parks = parkReputation(s, ties, cost, chain);
  let reached = 0;
  for (let f = 0; f < s.nFirms; f++) if (chain.strength[f] > 0) reached++;
  return { ties, chain, cost, parks, reached };
}

/** reputationReport(s, { top, firm }) for one firm `f`, from parts computed once. */
export function firmReputationReport(s: Snapshot, p: ReturnType<typeof reputationParts>, top: number, firm: string, f: number): ReputationReport {
  const { ties, chain, cost, parks } = p;
  return {
    asOf: ties.asOf,
    firms: [{
      firm: s.ids[f], name: s.dataset.firms[f].name, park: s.park[f] >= 0 ? s.ids[s.park[f]] : null,
      chainStrength: chain.strength[f], bank: chain.bank[f] >= 0 ? s.ids[chain.bank[f]] : null, hops: chain.hops[f],
      defaultCost: cost.cost[f], defaultCostRatio: orNull(cost.ratio[f]), creditDependency: orNull(cost.dependency[f]),
      mainBank: cost.mainBank[f] >= 0 ? s.ids[cost.mainBank[f]] : null, path: chain.path(f),
    }],
    parks: parks.parks.map((x) => ({ ...x, meanDefaultCostRatio: orNull(x.meanDefaultCostRatio) })),
    reached: p.reached, totalFirms: s.nFirms,
    options: { top, firm, tau: ties.options.tau, strongTie: parks.options.strongTie, chainThreshold: parks.options.chainThreshold },
  };
}

export const reputationRoutes: FastifyPluginAsync = async (app) => {
  const memo = <T>(key: string, build: () => T): T => app.xinlian.memo(key, build);
  const parkFitCtx = (): ParkFitContext => memo('parkfit-context', () => parkFitContext(app.xinlian.snapshot));

  app.get<{ Querystring: { top: number; firm?: string } }>('/reputation', {
    schema: {
      querystring: { type: 'object', properties: { top: { type: 'integer', minimum: 1, maximum: 100_000, default: 50 }, firm: id }, additionalProperties: false },
      response: { 200: REPUTATION_SCHEMA },
    },
  }, async (req) => {
    const s = app.xinlian.snapshot;
    const { top, firm } = req.query;
    if (firm !== undefined) {
      const v = s.index.get(firm);
      if (v === undefined || v >= s.nFirms) throw new NotFoundError('firm', firm);
    }
    if (firm !== undefined) return firmReputationReport(s, memo('reputation-parts', () => reputationParts(s)), top, firm, s.index.get(firm)!);
    return memo(`reputation:${top}`, () => reputationReport(s, { top }));
  });

  app.get<{ Querystring: { top: number; withinDays: number } }>('/screening', {
    schema: {
      querystring: {
        type: 'object',
        properties: { top: { type: 'integer', minimum: 1, maximum: 100_000, default: 100 }, withinDays: { type: 'integer', minimum: 0, maximum: 36_500, default: 90 } },
        additionalProperties: false,
      },
      response: { 200: SCREENING_SCHEMA },
    },
  }, async (req) => memo(`screening:${req.query.top}:${req.query.withinDays}`, () => screeningReport(app.xinlian.snapshot, req.query)));

  app.get<{ Querystring: { firm?: string; industry?: string; park?: string; whatIf: boolean; employees?: number } }>('/parkfit', {
    schema: {
      querystring: {
        type: 'object',
        properties: { firm: id, industry: { type: 'string', pattern: '^[A-T][0-9]{2,4}$' }, park: id, whatIf: { type: 'boolean', default: false }, employees: { type: 'integer', minimum: 0 } },
        additionalProperties: false,
      },
      response: { 200: PARK_FIT_SCHEMA },
    },
  }, async (req) => {
    const { firm, industry, park, whatIf, employees } = req.query;
    if ((firm === undefined) === (industry === undefined)) throw new UsageError('give exactly one of firm or industry');
    if (whatIf && park === undefined) throw new UsageError('whatIf needs park');
    const ctx = parkFitCtx();
    const candidate: Candidate = firm !== undefined ? { firm } : { industry: industry!, ...(employees !== undefined ? { employees } : {}) };
    const r = parkFit(ctx, candidate, park);
    return { ...r, whatIf: whatIf ? parkWhatIf(ctx, candidate, park!) : null };
  });

  app.get<{ Params: { park: string }; Querystring: { top: number } }>('/parkfit/candidates/:park', {
    schema: {
      params: { type: 'object', required: ['park'], properties: { park: id }, additionalProperties: false },
      querystring: { type: 'object', properties: { top: { type: 'integer', minimum: 1, maximum: 10_000, default: 20 } }, additionalProperties: false },
      response: { 200: CANDIDATES_SCHEMA },
    },
  }, async (req) => ({ park: req.params.park, candidates: bestCandidates(parkFitCtx(), req.params.park, req.query.top) }));

  app.get<{ Querystring: { seed: number; full: boolean } }>('/communities', {
    schema: {
      querystring: {
        type: 'object',
        properties: { seed: { type: 'integer', minimum: 0, maximum: 4294967295, default: 1 }, full: { type: 'boolean', default: false } },
        additionalProperties: false,
      },
      response: { 200: COMMUNITIES_SCHEMA },
    },
  }, async (req) => {
    const s = app.xinlian.snapshot;
    const r = memo(`communities:${req.query.seed}`, () => clusterCommunities(s, { louvain: { seed: req.query.seed } }));
    const body = {
      count: r.count, modularity: r.modularity, nmi: Number.isFinite(r.nmi) ? r.nmi : null, sizes: [...r.sizes], crossing: r.crossing, levels: r.levels, options: r.options,
    };
    return req.query.full ? { ...body, community: Object.fromEntries(Array.from(r.community, (c, f) => [s.ids[f], c])) } : body;
  });
};
