/**
 * GET /api/measures?names=impact,vulnerability,chainStrength,screening,community
 * → per-node columns aligned with GET /api/graph's node order (firms, then banks), so the
 * viewer can colour and size the map by an analysis result without one request per firm.
 * Each column reuses the analysis behind its own route and the same ServerState.memo key
 * where one exists, so /api/impact and a colouring by impact share one computation:
 *   impact         DebtRank R of the firm's default (src/analysis/contagion/impact.ts); banks null
 *   vulnerability  expected distress over single-firm defaults (same run); firms and banks
 *   chainStrength  strongest reputation path to a bank (src/analysis/reputation/chain-strength.ts); banks null
 *   screening      'passed' | 'zombie' | 'shell' | 'dishonest' | 'multiple' | 'guarantor' (screenFirms,
 *                  as in /api/screening: a firm screened out for several reasons is 'multiple'; a
 *                  professional guarantee company, which the list does not rank, is 'guarantor'); banks null
 *   community      Louvain community (clusterCommunities, seed 1, as /api/communities); banks null
 * `info` carries per column what a legend needs (range, categories with counts, community count).
 * impact and vulnerability need the all-firm DebtRank sweep, O(firms × edges) (≈ 14 min at 100k
 * firms, docs/contagion.md): as for the firm panel (routes/firms.ts), above FULL_SWEEP_MAX_FIRMS
 * they are served only once the sweep exists (GET /api/impact ran it), else 400 with the reason,
 * so a colouring never blocks the server for an hour.
 */
import type { FastifyPluginAsync } from 'fastify';
import { systemicImpact } from '../../analysis/contagion/index.ts';
import { clusterCommunities } from '../../analysis/cluster/index.ts';
import { chainStrength } from '../../analysis/reputation/index.ts';
import { screenFirms, SCREEN_BITS } from '../../analysis/screening/index.ts';
import { UsageError } from '../../io/errors.ts';
import type { ServerState } from '../state.ts';
import { FULL_SWEEP_MAX_FIRMS } from './firms.ts';

export const MEASURE_NAMES = ['impact', 'vulnerability', 'chainStrength', 'screening', 'community'] as const;
export type MeasureName = (typeof MEASURE_NAMES)[number];

export const SCREENING_STATUSES = ['passed', 'zombie', 'shell', 'dishonest', 'multiple', 'guarantor'] as const;
export type ScreeningStatus = (typeof SCREENING_STATUSES)[number];

/** The seed /api/communities uses by default; the map shows the same partition. */
export const MEASURE_COMMUNITY_SEED = 1;

export interface NumericInfo {
  /** Over the nodes that have a value (null = no value anywhere). */
  min: number | null;
  max: number | null;
}

export interface MeasuresPayload {
  /** Nodes of /api/graph (firms + banks); every column has this length. */
  nodes: number;
  columns: {
    impact?: (number | null)[];
    vulnerability?: (number | null)[];
    chainStrength?: (number | null)[];
    screening?: (ScreeningStatus | null)[];
    community?: (number | null)[];
  };
  info: {
    impact?: NumericInfo;
    vulnerability?: NumericInfo;
    chainStrength?: NumericInfo;
    /** Firms per status. */
    screening?: Record<ScreeningStatus, number>;
    /** Community sizes by community id; modularity of the partition. */
    community?: { count: number; modularity: number; sizes: number[] };
  };
}

const nullableNumbers = { type: 'array', items: { type: ['number', 'null'] } } as const;
const range = { type: 'object', required: ['min', 'max'], properties: { min: { type: ['number', 'null'] }, max: { type: ['number', 'null'] } } } as const;

export const MEASURES_SCHEMA = {
  type: 'object',
  required: ['nodes', 'columns', 'info'],
  properties: {
    nodes: { type: 'integer' },
    columns: {
      type: 'object',
      properties: {
        impact: nullableNumbers,
        vulnerability: nullableNumbers,
        chainStrength: nullableNumbers,
        screening: { type: 'array', items: { anyOf: [{ enum: [...SCREENING_STATUSES] }, { type: 'null' }] } },
        community: { type: 'array', items: { type: ['integer', 'null'] } },
      },
      additionalProperties: false,
    },
    info: {
      type: 'object',
      properties: {
        impact: range,
        vulnerability: range,
        chainStrength: range,
        screening: { type: 'object', additionalProperties: { type: 'integer' } },
        community: { type: 'object', properties: { count: { type: 'integer' }, modularity: { type: 'number' }, sizes: { type: 'array', items: { type: 'integer' } } } },
      },
      additionalProperties: false,
    },
  },
} as const;

/** Parse `names` (comma-separated, at least one, each known). */
export function parseMeasureNames(text: string): MeasureName[] {
  const names = text.split(',').map((x) => x.trim()).filter((x) => x !== '');
  if (names.length === 0) throw new UsageError(`names: give at least one of ${MEASURE_NAMES.join(', ')}`);
  for (const name of names) {
    if (!(MEASURE_NAMES as readonly string[]).includes(name)) throw new UsageError(`names: unknown measure '${name}'; expected any of ${MEASURE_NAMES.join(', ')}`);
  }
  return [...new Set(names)] as MeasureName[];
}

function numericColumn(n: number, count: number, value: (v: number) => number): { column: (number | null)[]; info: NumericInfo } {
  const column = new Array<number | null>(n).fill(null);
  let min = Infinity, max = -Infinity;
  for (let v = 0; v < count; v++) {
    const x = value(v);
    if (!Number.isFinite(x)) continue;
    column[v] = x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { column, info: min <= max ? { min, max } : { min: null, max: null } };
}

/** One column with its legend info, built once per loaded dataset. */
export function measure(state: ServerState, name: MeasureName, fullSweepMaxFirms = FULL_SWEEP_MAX_FIRMS): { column: unknown[]; info: unknown } {
  const s = state.snapshot;
  const n = s.nFirms + s.nBanks;
  if ((name === 'impact' || name === 'vulnerability') && s.nFirms > fullSweepMaxFirms && state.peek('impact') === undefined) {
    throw new UsageError(`${name} needs the systemic impact of every firm, a DebtRank run per firm (about 14 min at 100k firms on 2 cores); `
      + `with ${s.nFirms} firms (more than ${fullSweepMaxFirms}) it is computed only on request: run GET /api/impact once, then colour by ${name}`);
  }
  return state.memo(`measures:${name}`, () => {
    switch (name) {
      case 'impact':
      case 'vulnerability': {
        // Same memo key as GET /api/impact: one all-firm DebtRank sweep serves both.
        const impact = state.memo('impact', () => systemicImpact(s, state.exposures()));
        return name === 'impact'
          ? numericColumn(n, s.nFirms, (f) => impact.impact[f])
          : numericColumn(n, n, (v) => impact.vulnerability[v]);
      }
      case 'chainStrength': {
        const chain = state.memo('measures:chain-result', () => chainStrength(s));
        return numericColumn(n, s.nFirms, (f) => chain.strength[f]);
      }
      case 'screening': {
        const screen = screenFirms(s);
        const column = new Array<ScreeningStatus | null>(n).fill(null);
        const counts = Object.fromEntries(SCREENING_STATUSES.map((x) => [x, 0])) as Record<ScreeningStatus, number>;
        for (let f = 0; f < s.nFirms; f++) {
          const r = screen.reasons[f];
          let status: ScreeningStatus;
          if (r === 0) status = screen.notBorrower[f] ? 'guarantor' : 'passed';
          else if (r === SCREEN_BITS.zombie) status = 'zombie';
          else if (r === SCREEN_BITS.shell) status = 'shell';
          else if (r === SCREEN_BITS.dishonest) status = 'dishonest';
          else status = 'multiple';
          column[f] = status;
          counts[status]++;
        }
        return { column, info: counts };
      }
      case 'community': {
        const r = state.memo(`communities:${MEASURE_COMMUNITY_SEED}`, () => clusterCommunities(s, { louvain: { seed: MEASURE_COMMUNITY_SEED } }));
        const column = new Array<number | null>(n).fill(null);
        for (let f = 0; f < s.nFirms; f++) column[f] = r.community[f];
        return { column, info: { count: r.count, modularity: r.modularity, sizes: [...r.sizes] } };
      }
    }
  });
}

export const measureRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { names: string } }>('/measures', {
    schema: {
      querystring: {
        type: 'object',
        required: ['names'],
        properties: { names: { type: 'string', minLength: 1, maxLength: 200 } },
        additionalProperties: false,
      },
      response: { 200: MEASURES_SCHEMA },
    },
  }, async (req) => {
    const names = parseMeasureNames(req.query.names);
    const s = app.xinlian.snapshot;
    const body: MeasuresPayload = { nodes: s.nFirms + s.nBanks, columns: {}, info: {} };
    const columns = body.columns as Record<string, unknown[]>;
    const info = body.info as Record<string, unknown>;
    for (const name of names) {
      const m = measure(app.xinlian, name);
      columns[name] = m.column;
      info[name] = m.info;
    }
    return body;
  });
};
