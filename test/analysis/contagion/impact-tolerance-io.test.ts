/**
 * The propagation tolerance as users reach it: `xinlian impact --tolerance` (child process) and
 * GET /api/impact?tolerance= (fastify inject), on the hand cluster of fixture.ts. What is checked
 * is the wiring and the contract, not new numbers: the tolerance reaches the computation (τ = 0.9
 * changes some impact), the answer states it (tolerance, exact, error), every impact is at most
 * the exact one (the theorem of impact-tolerance.test.ts), the exact run stays the default and is
 * not replaced by a tolerance run in the server's memo, bad values are refused.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../helpers/cli.ts';
import { writePlainCsvFolder } from '../../helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../../helpers/server.ts';
import { handCluster } from './fixture.ts';

interface Ranked { firm: string; impact: number; systemLoss: number; reach: number }
const byFirm = (top: Ranked[]): Map<string, Ranked> => new Map(top.map((r) => [r.firm, r]));

/** Every firm at most its exact value, and at least one strictly below (so τ was applied). */
function lowerBounds(exact: Ranked[], approx: Ranked[]): void {
  const e = byFirm(exact);
  let below = 0;
  for (const r of approx) {
    const x = e.get(r.firm)!;
    expect(r.impact).toBeLessThanOrEqual(x.impact + 1e-15);
    expect(r.systemLoss).toBeLessThanOrEqual(x.systemLoss * (1 + 1e-12));
    expect(r.reach).toBeLessThanOrEqual(x.reach);
    if (r.impact < x.impact - 1e-15) below++;
  }
  expect(below).toBeGreaterThan(0);
}

describe('xinlian impact --tolerance', () => {
  const ws = cliWorkspace('xinlian-impact-tolerance-');
  let dir: string;
  beforeAll(() => {
    dir = path.join(ws.dir, 'hand');
    writePlainCsvFolder(handCluster(), dir);
  });

  it('states the tolerance and the lower-bound error note; the default is exact', async () => {
    const exact = await ws.run(['impact', dir, '--top', '10', '--json']);
    expect(exact.code, exact.stderr).toBe(0);
    const e = JSON.parse(exact.stdout);
    expect(e.tolerance).toBe(0);
    expect(e.options.exact).toBe(true);
    expect(e.error).toBe('exact');
    const tol = await ws.run(['impact', dir, '--top', '10', '--tolerance', '0.9', '--json']);
    expect(tol.code, tol.stderr).toBe(0);
    const t = JSON.parse(tol.stdout);
    expect(t.tolerance).toBe(0.9);
    expect(t.options.tolerance).toBe(0.9);
    expect(t.options.exact).toBe(false);
    expect(t.error).toMatch(/lower bound of the exact one/);
    lowerBounds(e.top, t.top);
    const human = await ws.run(['impact', dir, '--tolerance', '1e-1']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/tolerance 0\.1: distress below it is not passed on/);
  });

  it('refuses a tolerance outside [0, 1) or not a number (usage error, exit 2)', async () => {
    for (const bad of ['1', '2.5', 'abc', '1e-2x']) {
      const r = await ws.run(['impact', dir, '--tolerance', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--tolerance must be a number in \[0, 1\)/);
    }
    // A negative value reads as an option to the argument parser: a usage error too.
    expect((await ws.run(['impact', dir, '--tolerance', '-0.1'])).code).toBe(2);
  });
});

describe('GET /api/impact?tolerance=', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(handCluster(), {}, 'xinlian-impact-tolerance-api-');
  });
  afterAll(async () => t.close());
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('answers with tolerance, exact and error; the exact answer is unchanged by an earlier tolerance request', async () => {
    const approx = (await get('/api/impact?top=10&tolerance=0.9')).json();
    expect(approx.tolerance).toBe(0.9);
    expect(approx.exact).toBe(false);
    expect(approx.options.exact).toBe(false);
    expect(approx.error).toMatch(/lower bound of the exact one/);
    const exact = (await get('/api/impact?top=10')).json();
    expect(exact.tolerance).toBe(0);
    expect(exact.exact).toBe(true);
    expect(exact.error).toBe('exact');
    lowerBounds(exact.top, approx.top);
    // The firm panel reads the exact sweep (same memo as the exact /api/impact).
    const firm = exact.top[0].firm;
    const panel = (await get(`/api/firms/${firm}/impact`)).json();
    expect(panel.impact).toBe(exact.top[0].impact);
    expect(panel.options.exact).toBe(true);
  });

  it('refuses a tolerance outside [0, 1)', async () => {
    for (const bad of ['1', '-1e-3', 'x']) {
      const res = await get(`/api/impact?tolerance=${bad}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('bad_request');
    }
  });
});
