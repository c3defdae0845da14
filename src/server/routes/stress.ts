/**
 * GET /api/stress?scenario=firm|park|industry|core|tightening|sweep|interventions&target=…
 * → the same bodies as `xinlian stress --json` (docs/scenarios.md), and
 * GET /api/montecarlo?draws=&seed=&… → `xinlian montecarlo --json` (docs/montecarlo.md).
 * The exposure network is built once per 联保 mode (ServerState.exposures); Monte Carlo
 * results are kept per option set (same seed, same result, so a repeat is served from memory).
 * `roundsDetail=true` on a scenario (firm, park, industry, core, tightening) adds the
 * per-round playback of routes/contagion.ts (`roundsDetail`), from the scenario's own shock.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Snapshot } from '../../engine/index.ts';
import {
  CONTAGION_MODELS, creditTightening, monteCarlo, rankInterventions, runContagion, shockFromSpec, shockSweep, stressScenario,
  type ContagionModel, type ScenarioSpec, type Shock, type StressResult,
} from '../../analysis/contagion/index.ts';
import { UsageError } from '../../io/errors.ts';
import { addRoundsDetailSchema, roundsDetail } from './contagion.ts';

const anyObject = { type: 'object', additionalProperties: true } as const;

/** The stress bodies vary by scenario; their fields are documented in docs/scenarios.md. */
export const STRESS_SCHEMA = anyObject;
export const MONTECARLO_SCHEMA = {
  type: 'object',
  required: ['draws', 'loss', 'systemLoss', 'histogram', 'defaults', 'banks', 'firms', 'options'],
  properties: {
    draws: { type: 'integer' },
    loss: anyObject,
    systemLoss: anyObject,
    histogram: { type: 'object', properties: { lower: { type: 'number' }, width: { type: 'number' }, counts: { type: 'array', items: { type: 'integer' } } } },
    defaults: anyObject,
    banks: { type: 'array', items: anyObject },
    firms: { type: 'array', items: anyObject },
    options: anyObject,
  },
} as const;

interface StressQuery {
  scenario: string; target?: string; model?: ContagionModel; severity?: number; count: number; days: number;
  liquidShare: number; steps: number; shock: string; top: number; joint: 'expected' | 'worst'; roundsDetail: boolean;
}

interface MonteCarloQuery {
  draws: number; seed: number; parkLoading: number; industryLoading: number; defaultPd: number; alpha: number; top: number; joint: 'expected' | 'worst';
}

const MAX_CACHED_RUNS = 16;

/**
 * The shock a scenario ran (stressScenario keeps it inside): rebuilt from its spec and the
 * facts it reports, the same way scenarios.ts builds it.
 */
function scenarioShock(s: Snapshot, spec: ScenarioSpec, result: StressResult): Shock {
  const severe = (defaults: ArrayLike<number>, severity: number | undefined): Shock => {
    if (severity === undefined || severity === 1) return { defaults };
    const distress = new Float64Array(s.n);
    for (let k = 0; k < defaults.length; k++) distress[defaults[k]] = severity;
    return { distress };
  };
  switch (spec.kind) {
    case 'firm': return { defaults: spec.firms.map((id) => s.index.get(id)!) };
    case 'park': return severe(shockFromSpec(s, `park:${spec.park}`).defaults!, spec.severity);
    case 'industry': return severe(shockFromSpec(s, `industry:${spec.industry}`).defaults!, spec.severity);
    case 'core': return { defaults: (result.detail.coreFirms as { firm: string }[]).map((c) => s.index.get(c.firm)!) };
    default: {
      const o = result.options;
      return { defaults: creditTightening(s, spec.days ?? o.days, o.liquidShare, o.asOf).defaulting };
    }
  }
}

export const stressRoutes: FastifyPluginAsync = async (app) => {
  addRoundsDetailSchema(app);
  app.get<{ Querystring: StressQuery }>('/stress', {
    schema: {
      querystring: {
        type: 'object',
        required: ['scenario'],
        properties: {
          scenario: { enum: ['firm', 'park', 'industry', 'core', 'tightening', 'sweep', 'interventions'] },
          target: { type: 'string', minLength: 1, maxLength: 2000 },
          model: { enum: CONTAGION_MODELS },
          severity: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
          count: { type: 'integer', minimum: 1, maximum: 1000, default: 1 },
          days: { type: 'integer', minimum: 0, maximum: 36_500, default: 90 },
          liquidShare: { type: 'number', minimum: 0, maximum: 1, default: 0.2 },
          steps: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
          shock: { type: 'string', minLength: 1, maxLength: 300, default: 'uniform:0.1' },
          top: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
          joint: { enum: ['expected', 'worst'], default: 'expected' },
          roundsDetail: { type: 'boolean', default: false },
        },
        additionalProperties: false,
      },
      response: { 200: STRESS_SCHEMA },
    },
  }, async (req) => {
    const q = req.query;
    const s = app.xinlian.snapshot;
    const net = app.xinlian.exposures(q.joint);
    const model = q.model ? { model: q.model } : {};
    if (q.scenario === 'sweep') return shockSweep(s, net, { steps: q.steps, ...model });
    if (q.scenario === 'interventions') return rankInterventions(s, net, { shock: q.shock, top: q.top });
    const target = () => {
      if (q.target === undefined) throw new UsageError(`scenario ${q.scenario} needs target`);
      return q.target;
    };
    let spec: ScenarioSpec;
    switch (q.scenario) {
      case 'firm': spec = { kind: 'firm', firms: target().split(',').map((x) => x.trim()).filter((x) => x !== '') }; break;
      case 'park': spec = { kind: 'park', park: target(), severity: q.severity }; break;
      case 'industry': spec = { kind: 'industry', industry: target(), severity: q.severity }; break;
      case 'core': spec = { kind: 'core', count: q.count }; break;
      default: spec = { kind: 'tightening', days: q.days };
    }
    const result = stressScenario(s, net, spec, { ...model, liquidShare: q.liquidShare });
    if (!q.roundsDetail) return result;
    const shock = scenarioShock(s, spec, result);
    return { ...result, roundsDetail: roundsDetail(s, net, result.model, shock, runContagion(net, result.model, shock)) };
  });

  const runs = new Map<string, Promise<unknown>>();
  app.get<{ Querystring: MonteCarloQuery }>('/montecarlo', {
    schema: {
      querystring: {
        type: 'object',
        properties: {
          draws: { type: 'integer', minimum: 1, maximum: 100_000, default: 2000 },
          seed: { type: 'integer', minimum: -2_147_483_648, maximum: 4_294_967_295, default: 1 },
          parkLoading: { type: 'number', minimum: 0, maximum: 1, default: 0.3 },
          industryLoading: { type: 'number', minimum: 0, maximum: 1, default: 0.3 },
          defaultPd: { type: 'number', minimum: 0, maximum: 1, default: 0.02 },
          alpha: { type: 'number', minimum: 0.5, maximum: 0.99999, default: 0.99 },
          top: { type: 'integer', minimum: 0, maximum: 1000, default: 20 },
          joint: { enum: ['expected', 'worst'], default: 'expected' },
        },
        additionalProperties: false,
      },
      response: { 200: MONTECARLO_SCHEMA },
    },
  }, async (req) => {
    const q = req.query;
    const key = JSON.stringify(q);
    let run = runs.get(key);
    if (!run) {
      const s = app.xinlian.snapshot;
      run = monteCarlo(s, app.xinlian.exposures(q.joint), {
        draws: q.draws, seed: q.seed, parkLoading: q.parkLoading, industryLoading: q.industryLoading, defaultPd: q.defaultPd, alpha: q.alpha,
      }).then((r) => {
        const firms = Array.from({ length: s.nFirms }, (_, f) => f)
          .filter((f) => r.firmDefaultFrequency[f] > 0)
          .sort((a, b) => r.firmDefaultFrequency[b] - r.firmDefaultFrequency[a] || (s.ids[a] < s.ids[b] ? -1 : 1))
          .slice(0, q.top)
          .map((f) => ({ firm: s.ids[f], name: s.dataset.firms[f].name, pd: Number.isNaN(s.pd[f]) ? null : s.pd[f], defaultFrequency: r.firmDefaultFrequency[f] }));
        const { losses: _l, firmDefaultFrequency: _f, ...rest } = r;
        return { ...rest, firms };
      });
      // A failed run is not kept; the oldest entry goes first beyond MAX_CACHED_RUNS.
      run.catch(() => runs.delete(key));
      runs.set(key, run);
      if (runs.size > MAX_CACHED_RUNS) runs.delete(runs.keys().next().value!);
    }
    return run;
  });
};
