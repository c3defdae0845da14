/**
 * `roundsDetail=true` on GET /api/contagion and /api/stress (the viewer's playback).
 * The route replays per-node losses from the models' round records (routes/contagion.ts);
 * the independent reference here is the model itself stopped after k rounds
 * (runContagion with maxRounds = k) and broken down by lossBreakdown: both must agree at
 * every round, and the last round must equal the report's own totals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot, type Snapshot } from '../../src/engine/index.ts';
import { readDataset } from '../../src/io/index.ts';
import {
  buildExposures, lossBreakdown, runContagion, shockFromSpec, type ContagionModel, type ExposureNetwork,
} from '../../src/analysis/contagion/index.ts';
import type { RoundsDetail } from '../../src/server/routes/contagion.ts';
import { startTestApp, type TestApp } from '../helpers/server.ts';
import { handCluster } from '../analysis/contagion/fixture.ts';
import { DEMO_DATASET } from '../e2e/server.ts';

interface Body {
  systemLoss: number;
  defaults: number;
  rounds: { round: number; loss: number }[];
  breakdown: { banks: { bank: string; loss: number; nplRatio: number }[]; parks: { park: string; loss: number; defaulted: number }[]; outsideParks: number; system: { nplRatio: number } };
  roundsDetail?: RoundsDetail;
}

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

/** Every round of `body.roundsDetail` against the model stopped after that round. */
function checkAgainstTruncatedRuns(s: Snapshot, net: ExposureNetwork, model: ContagionModel, spec: string, body: Body): void {
  const rd = body.roundsDetail!;
  expect(rd.rounds.map((r) => r.round)).toEqual(body.rounds.map((r) => r.round));
  expect(rd.banks).toEqual(body.breakdown.banks.map((b) => b.bank));
  expect(rd.parks).toEqual(body.breakdown.parks.map((p) => p.park));
  let cumulative = 0;
  const shown = new Map<number, number>();
  for (const r of rd.rounds) {
    cumulative += body.rounds[r.round].loss;
    close(r.systemLoss, cumulative);
    expect(r.nodes.length).toBe(r.distress.length);
    r.nodes.forEach((v, i) => shown.set(v, r.distress[i]));
    if (r.round === 0 || model === 'clearing') continue; // clearing rounds are solver waves, not maxRounds steps
    const truncated = runContagion(net, model, shockFromSpec(s, spec), { maxRounds: r.round });
    const b = lossBreakdown(s, net, truncated);
    close(r.systemLoss, truncated.systemLoss);
    b.banks.forEach((x, k) => { close(r.bankLoss[k], x.loss); close(r.bankNplRatio[k], x.nplRatio); });
    b.parks.forEach((x, k) => { close(r.parkLoss[k], x.loss); expect(r.parkDefaulted[k]).toBe(x.defaulted); });
    close(r.outsideParks, b.outsideParks);
    close(r.nplRatio, b.system.nplRatio);
    // The distress drawn so far (last listed value per node) is the model's distress after round r, at 6 decimals.
    for (const [v, d] of shown) expect(Math.abs(d - truncated.distress[v])).toBeLessThanOrEqual(5e-7 + 1e-12);
  }
  const last = rd.rounds.at(-1)!;
  // The last round is the run itself: equal to the report to the last bit (the viewer shows both).
  expect(last.systemLoss).toBe(body.systemLoss);
  // /api/stress reports no `defaults` (its breakdown counts firms only).
  if (body.defaults !== undefined) expect(last.defaults).toBe(body.defaults);
  body.breakdown.banks.forEach((x, k) => { close(last.bankLoss[k], x.loss); close(last.bankNplRatio[k], x.nplRatio); });
  body.breakdown.parks.forEach((x, k) => close(last.parkLoss[k], x.loss));
  close(last.nplRatio, body.breakdown.system.nplRatio);
}

describe('roundsDetail on the hand cluster', () => {
  let t: TestApp;
  let s: Snapshot;
  let net: ExposureNetwork;
  beforeAll(async () => {
    const ds = handCluster();
    t = await startTestApp(ds, {}, 'xinlian-rounds-');
    s = buildSnapshot(ds);
    net = buildExposures(s, { joint: 'expected' });
  });
  afterAll(async () => t.close());

  it('threshold from F1: round 0 is F1 alone in default, the last round is the 191 of exposures.test.ts', async () => {
    const body = (await t.app.inject({ method: 'GET', url: '/api/contagion?shock=F1&model=threshold&roundsDetail=true' })).json() as Body;
    const r0 = body.roundsDetail!.rounds[0];
    expect(r0).toMatchObject({ round: 0, nodes: [0], distress: [1], loss: 0, systemLoss: 0, defaults: 1 });
    expect(body.roundsDetail!.rounds.at(-1)!.systemLoss).toBe(191);
    checkAgainstTruncatedRuns(s, net, 'threshold', 'F1', body);
  });

  it('every model agrees with its own run stopped after each round', async () => {
    for (const model of ['debtrank', 'linear', 'threshold', 'clearing'] as const) {
      for (const spec of ['F1', 'park:P1', 'uniform:0.3']) {
        const res = await t.app.inject({ method: 'GET', url: `/api/contagion?shock=${encodeURIComponent(spec)}&model=${model}&roundsDetail=true` });
        expect(res.statusCode).toBe(200);
        checkAgainstTruncatedRuns(s, net, model, spec, res.json() as Body);
      }
    }
  });

  it('is opt-in and validated', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/contagion?shock=F1' })).json().roundsDetail).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: '/api/contagion?shock=F1&roundsDetail=maybe' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/stress?scenario=park&target=P1&roundsDetail=maybe' })).statusCode).toBe(400);
  });

  it('stress scenarios carry the same detail, from the scenario\'s shock', async () => {
    const body = (await t.app.inject({ method: 'GET', url: '/api/stress?scenario=park&target=P1&model=debtrank&roundsDetail=true' })).json() as Body;
    checkAgainstTruncatedRuns(s, net, 'debtrank', 'park:P1', body);
  });
});

describe('roundsDetail on the demo cluster', () => {
  let t: TestApp;
  let s: Snapshot;
  let net: ExposureNetwork;
  beforeAll(async () => {
    const { dataset } = await readDataset(DEMO_DATASET);
    t = await startTestApp(dataset, {}, 'xinlian-rounds-demo-');
    s = buildSnapshot(dataset);
    net = buildExposures(s, { joint: 'expected' });
  });
  afterAll(async () => t.close());

  it('a firm default under each model, round by round', async () => {
    for (const model of ['debtrank', 'linear', 'threshold', 'clearing'] as const) {
      const body = (await t.app.inject({ method: 'GET', url: `/api/contagion?shock=F0001056&model=${model}&top=0&roundsDetail=true` })).json() as Body;
      checkAgainstTruncatedRuns(s, net, model, 'F0001056', body);
    }
  }, 60_000);

  it('credit tightening (90 days) ends at the scenario\'s system loss', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/stress?scenario=tightening&days=90&roundsDetail=true' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as Body;
    const last = body.roundsDetail!.rounds.at(-1)!;
    close(last.systemLoss, body.systemLoss);
    body.breakdown.banks.forEach((x, k) => close(last.bankLoss[k], x.loss));
    expect(body.roundsDetail!.rounds).toHaveLength(body.rounds.length);
  });
});
