/**
 * GET /api/contagion?model=&shock=&top=&roundsDetail= → ContagionReport (src/analysis/contagion/report.ts);
 * GET /api/impact?top=&tolerance= → the most systemic firms with their vulnerability; tolerance
 *   (default 0 = exact) stops passing on distress below it (a lower bound of each impact, faster;
 *   stated in the answer as `tolerance`, `exact` and `error`). Exact runs share memo 'impact' with
 *   the firm panel and /api/measures; each tolerance has its own memo.
 * The exposure network (default options) and the all-firm impact are computed once per
 * loaded dataset (ServerState.memo).
 *
 * `roundsDetail=true` adds what the viewer's playback draws round by round (docs/api.md,
 * "Rounds detail"): per round the nodes whose distress changed and their new distress (two
 * aligned columns of node indices and values, not one object per node), the cumulative system
 * loss, defaults, loss and NPL ratio per bank and loss per park. The models record only the
 * per-round distress, so the per-node losses are replayed from those records with each model's
 * own transmission rule (loss of j = Σ_i amount(i→j) × T_i, T_i the share of i's exposures
 * passed on so far):
 *   debtrank   a node passes on its distress once, in the round after it is first hit;
 *   linear     a node passes on its distress increments above `tolerance`, one round later;
 *   threshold  a node passes on its whole exposure in the round after it defaults;
 *   clearing   the solver's waves are not replayable from the records: each wave k is
 *              re-solved with maxUpdates = the updates of waves 1..k (the exact state then).
 * The last round is the run's own result, so it equals the report's totals (and `breakdown`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Snapshot } from '../../engine/index.ts';
import {
  CONTAGION_MODELS, contagionReport, impactErrorNote, initialDistress, lossBreakdown, runContagion, shockFromSpec, systemicImpact, topImpact,
  type ContagionModel, type ContagionResult, type ExposureNetwork, type Shock,
} from '../../analysis/contagion/index.ts';

export const CONTAGION_QUERY_SCHEMA = {
  type: 'object',
  required: ['shock'],
  properties: {
    model: { type: 'string', enum: [...CONTAGION_MODELS], default: 'debtrank' },
    // <id> | park:<id> | industry:<code> | uniform:<share>; ids are free text, bounded like /firms/:id.
    shock: { type: 'string', minLength: 1, maxLength: 220 },
    top: { type: 'integer', minimum: 0, maximum: 1000, default: 20 },
    roundsDetail: { type: 'boolean', default: false },
  },
  additionalProperties: false,
} as const;

export const IMPACT_QUERY_SCHEMA = {
  type: 'object',
  properties: {
    top: { type: 'integer', minimum: 0, maximum: 100_000, default: 20 },
    tolerance: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0 },
  },
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
    roundsDetail: { $ref: 'RoundsDetail#' },
  },
} as const;

const nums = { type: 'array', items: num } as const;
const ints = { type: 'array', items: { type: 'integer' } } as const;

/** Shared by /api/contagion and /api/stress (registered once per fastify instance by `addRoundsDetailSchema`). */
export const ROUNDS_DETAIL_SCHEMA = {
  $id: 'RoundsDetail',
  type: 'object',
  required: ['banks', 'parks', 'rounds'],
  properties: {
    banks: { type: 'array', items: { type: 'string' } },
    parks: { type: 'array', items: { type: 'string' } },
    rounds: {
      type: 'array',
      items: {
        type: 'object',
        required: ['round', 'nodes', 'distress', 'loss', 'systemLoss', 'defaults', 'bankLoss', 'bankNplRatio', 'parkLoss', 'parkDefaulted', 'outsideParks', 'nplRatio'],
        properties: {
          round: { type: 'integer' }, nodes: ints, distress: nums, loss: num, systemLoss: num, defaults: { type: 'integer' },
          bankLoss: nums, bankNplRatio: nums, parkLoss: nums, parkDefaulted: ints, outsideParks: num, nplRatio: num,
        },
      },
    },
  },
} as const;

/** One round of the playback: columns aligned with `RoundsDetail.banks` / `.parks`. */
export interface RoundDetail {
  round: number;
  /** Node indices (= /api/graph node order) whose distress (at 6 decimals) changed in this round … */
  nodes: number[];
  /** … and their distress after it, rounded to 6 decimals. */
  distress: number[];
  /** Loss added in this round (the report's `rounds[r].loss`). */
  loss: number;
  /** Cumulative loss of all nodes after this round. */
  systemLoss: number;
  /** Firms and banks in default after this round. */
  defaults: number;
  bankLoss: number[];
  bankNplRatio: number[];
  parkLoss: number[];
  parkDefaulted: number[];
  outsideParks: number;
  /** System NPL ratio after this round. */
  nplRatio: number;
}

export interface RoundsDetail {
  banks: string[];
  parks: string[];
  rounds: RoundDetail[];
}

/** Register the shared schema once (both route groups refer to it). */
export function addRoundsDetailSchema(app: Parameters<FastifyPluginAsync>[0]): void {
  if (!app.getSchema('RoundsDetail')) app.addSchema(ROUNDS_DETAIL_SCHEMA);
}

const DEFAULT_EPS = 1e-12;

/** Per-round playback of `result` (a run of `model` on `shock`, with its round records). */
export function roundsDetail(s: Snapshot, net: ExposureNetwork, model: ContagionModel, shock: Shock, result: ContagionResult): RoundsDetail {
  const n = net.n;
  const records = result.rounds;
  const { offsets, nbr } = net.out;
  const h0 = initialDistress(n, shock);
  const out: RoundDetail[] = [];
  const push = (round: number, state: ContagionResult, nodes: number[], distress: number[]) => {
    const b = lossBreakdown(s, net, state);
    let defaults = 0;
    for (let v = 0; v < s.nFirms + s.nBanks; v++) defaults += state.defaulted[v];
    out.push({
      round, nodes, distress, loss: records[round]?.loss ?? 0, systemLoss: state.systemLoss, defaults,
      bankLoss: b.banks.map((x) => x.loss), bankNplRatio: b.banks.map((x) => x.nplRatio),
      parkLoss: b.parks.map((x) => x.loss), parkDefaulted: b.parks.map((x) => x.defaulted),
      outsideParks: b.outsideParks, nplRatio: b.system.nplRatio,
    });
  };
  if (model === 'clearing') {
    // Wave k re-solved with the updates of waves 1..k; the changed nodes are the diff of distress.
    let previous = h0;
    let updates = 0;
    records.forEach((rec, k) => {
      if (k > 0) updates += rec.nodes.length;
      const state = k === 0 ? partial(result, h0, new Float64Array(n), new Float64Array(n))
        : k === records.length - 1 ? result
          : runContagion(net, 'clearing', shock, { maxUpdates: updates, recordRounds: false });
      const nodes: number[] = [], distress: number[] = [];
      for (let v = 0; v < n; v++) {
        const now = state.distress[v];
        if (k === 0 ? now > 0 : now !== previous[v]) { nodes.push(v); distress.push(now); }
      }
      push(k, state, nodes, distress);
      previous = state.distress;
    });
  } else {
    const h = new Float64Array(n);
    const sent = new Float64Array(n);
    const loss = new Float64Array(n);
    const seen = new Uint8Array(n);
    const tolerance = typeof result.options.tolerance === 'number' ? result.options.tolerance : 0;
    /** Nodes due to pass on in the next round, with the cumulative share they will have passed. */
    let due: { v: number; level: number }[] = [];
    records.forEach((rec, k) => {
      for (const { v, level } of due) {
        const delta = level - sent[v];
        if (delta <= 0) continue;
        sent[v] = level;
        for (let p = offsets[v]; p < offsets[v + 1]; p++) loss[nbr[p]] += net.amount[p] * delta;
      }
      due = [];
      for (let i = 0; i < rec.nodes.length; i++) h[rec.nodes[i]] = rec.distress[i];
      for (const v of rec.nodes) {
        if (model === 'debtrank') {
          if (!seen[v]) due.push({ v, level: h[v] });
          seen[v] = 1;
        } else if (model === 'threshold') {
          if (h[v] >= 1 && !seen[v]) due.push({ v, level: 1 });
          if (h[v] >= 1) seen[v] = 1;
        } else if (h[v] - sent[v] > tolerance && !seen[v]) {
          // linear: `seen` guards against a node listed twice in one round.
          due.push({ v, level: h[v] });
          seen[v] = 1;
        }
      }
      if (model === 'linear') for (const { v } of due) seen[v] = 0;
      // The last round is the run itself, so its figures are the report's to the last bit.
      push(k, k === records.length - 1 ? result : partial(result, h.slice(), loss.slice(), sent.slice()), rec.nodes.slice(), rec.distress.slice());
    });
  }
  compactDistress(out, n);
  return { banks: s.dataset.banks.map((b) => b.id), parks: s.dataset.parks.map((p) => p.id), rounds: out };
}

/** Distress is for drawing: 6 decimals, and a node is listed only when that rounded value changes. */
function compactDistress(rounds: RoundDetail[], n: number): void {
  const shown = new Float64Array(n);
  for (const r of rounds) {
    const nodes: number[] = [], distress: number[] = [];
    for (let i = 0; i < r.nodes.length; i++) {
      const v = r.nodes[i], x = Math.round(r.distress[i] * 1e6) / 1e6;
      if (x === shown[v] && r.round > 0) continue;
      shown[v] = x;
      nodes.push(v);
      distress.push(x);
    }
    r.nodes = nodes;
    r.distress = distress;
  }
}

/** A ContagionResult as of one round (what lossBreakdown reads: distress, loss, defaulted, transmitted). */
function partial(result: ContagionResult, h: Float64Array, loss: Float64Array, transmitted: Float64Array): ContagionResult {
  const defaulted = new Uint8Array(h.length);
  let systemLoss = 0;
  for (let v = 0; v < h.length; v++) {
    if (h[v] >= 1 - DEFAULT_EPS) defaulted[v] = 1;
    systemLoss += loss[v];
  }
  return { ...result, distress: h, loss, defaulted, transmitted, systemLoss };
}

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
    tolerance: num,
    exact: { type: 'boolean' },
    error: { type: 'string' },
  },
} as const;

export const contagionRoutes: FastifyPluginAsync = async (app) => {
  addRoundsDetailSchema(app);
  app.get<{ Querystring: { model: ContagionModel; shock: string; top: number; roundsDetail: boolean } }>(
    '/contagion',
    { schema: { querystring: CONTAGION_QUERY_SCHEMA, response: { 200: CONTAGION_REPORT_SCHEMA, 400: { $ref: 'ApiError#' }, 404: { $ref: 'ApiError#' } } } },
    async (req) => {
      const { model, shock, top } = req.query;
      const s = app.xinlian.snapshot, net = app.xinlian.exposures();
      const report = contagionReport(s, net, model, shock, top);
      if (!req.query.roundsDetail) return report;
      const parsed = shockFromSpec(s, shock);
      return { ...report, roundsDetail: roundsDetail(s, net, model, parsed, runContagion(net, model, parsed)) };
    },
  );
  app.get<{ Querystring: { top: number; tolerance: number } }>(
    '/impact',
    { schema: { querystring: IMPACT_QUERY_SCHEMA, response: { 200: IMPACT_SCHEMA, 400: { $ref: 'ApiError#' } } } },
    async (req) => {
      const state = app.xinlian;
      const { tolerance } = req.query;
      const impact = tolerance === 0
        ? state.memo('impact', () => systemicImpact(state.snapshot, state.exposures()))
        : state.memo(`impact:tolerance=${tolerance}`, () => systemicImpact(state.snapshot, state.exposures(), { tolerance }));
      const exact = impact.options.exact === true;
      return {
        firms: state.snapshot.nFirms, top: topImpact(state.snapshot, impact, req.query.top), options: impact.options,
        tolerance, exact, error: impactErrorNote(exact, tolerance),
      };
    },
  );
};
