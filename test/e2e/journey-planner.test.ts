/**
 * Journey "planner" (issue 7, item 5): a park planner opens the park tool, chooses a park
 * and reads its dashboard, then runs park fit for a candidate firm. Every number on the page
 * is compared with the API's JSON fetched by the test: GET /api/parks/:id (LQ by industry,
 * supply ties), /api/reputation (the park's reputation), /api/circles (circles whose
 * members touch the park), /api/stress?scenario=park (NPL ratios), /api/parkfit (each term
 * of the breakdown, the weighted contributions, the what-if, the best parks in the API's
 * order) and /api/parkfit/candidates/:park. Keyboard: the circle rows take ↓ and Enter.
 * Real server and Chromium under the server's CSP (ECharts' SVG output included).
 * Screenshots: test-artifacts/screenshots/planner-en.png and planner.png (zh-CN).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { GraphPayload } from '../../web/src/api/index.ts';
import type { CandidatesBody, CirclesBody, ParkDashboard, ParkFitBody, ReputationReport, StressResult } from '../../web/src/api/parks.ts';
import { launchBrowser, openViewer, SCREENSHOTS as SHOTS, type BrowserSession } from './browser.ts';
import { startViewerServer, type RunningServer } from './server.ts';

let server: RunningServer;
let context: BrowserContext;
let page: Page;
let browser: BrowserSession;
let graph: GraphPayload;
let park = '';
const pageErrors: string[] = [];

async function api<T>(route: string): Promise<T> {
  const res = await fetch(new URL(route, server.url));
  expect(res.status, route).toBe(200);
  return (await res.json()) as T;
}

/** data-value of each element matching `sel`, as numbers (the page's copy of the API's). */
const values = (sel: string) => page.$$eval(sel, (els) => els.map((e) => Number(e.getAttribute('data-value'))));

/**
 * The figure at `sel` shows `value`: data-value is the API number, and the text, read back
 * as a number, equals it to the precision shown (a share in %).
 */
async function expectFigure(sel: string, value: number | null, share = false): Promise<void> {
  expect(await page.getAttribute(sel, 'data-value'), sel).toBe(value === null ? 'null' : String(value));
  if (value === null) return;
  const text = (await page.textContent(sel))!.replace(/[,\s%]/g, '');
  const decimals = text.includes('.') ? text.split('.')[1].length : 0;
  const shown = Number(text) / (share ? 100 : 1);
  const step = 10 ** -decimals / (share ? 100 : 1);
  expect(Math.abs(shown - value), `${sel}: ${text} vs ${value}`).toBeLessThanOrEqual(step / 2 + 1e-12);
}

beforeAll(async () => {
  server = await startViewerServer();
  graph = await api<GraphPayload>('/api/graph');
  browser = await launchBrowser({ locale: 'en-US', errors: pageErrors });
  ({ context, page } = browser);
  await openViewer(page, server.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('journey: a park planner', () => {
  it('opens the park tool, chooses a park, and reads the API’s numbers on the dashboard', async () => {
    // The park touched by the most guarantee circles: every part of the dashboard has rows.
    const circles = await api<CirclesBody>('/api/circles');
    const touching = (id: string) => circles.circles.filter((c) => c.parks.includes(id));
    park = graph.parks.map((p) => p.id).sort((a, b) => touching(b).length - touching(a).length)[0];
    expect(touching(park).length).toBeGreaterThan(0);

    await page.click('[data-testid="tab-park"]');
    await page.waitForSelector('[data-testid="tool-park"]:not([hidden]) [data-testid="park-select"]');
    await page.selectOption('[data-testid="park-select"]', park);
    const d = '[data-testid="park-dashboard"]';
    await page.waitForSelector(`${d} [data-testid="park-members"]`);
    await page.waitForSelector(`${d} [data-testid="park-npl-stressed"]`, { timeout: 60_000 });
    await page.waitForSelector(`${d} [data-testid="park-strong-tie-density"]`);

    const dash = await api<ParkDashboard>(`/api/parks/${park}`);
    await expectFigure(`${d} [data-testid="park-members"]`, dash.members);
    // LQ by industry: every division of the park in the API's order, with its LQ, members and share.
    expect(await page.$$eval(`${d} [data-testid="park-lq-row"]`, (els) => els.map((e) => e.getAttribute('data-division')))).toEqual(dash.lq.map((r) => r.division));
    expect(await values(`${d} [data-testid="park-lq-row"] [data-testid="lq-value"]`)).toEqual(dash.lq.map((r) => r.lq));
    expect(await values(`${d} [data-testid="park-lq-row"] [data-testid="lq-members"]`)).toEqual(dash.lq.map((r) => r.members));
    await expectFigure(`${d} [data-testid="park-lq-row"]:first-child [data-testid="lq-value"]`, dash.lq[0].lq);
    // The LQ chart is drawn (ECharts SVG) with an accessible name.
    await page.waitForSelector(`${d} [data-testid="park-lq-chart"] svg`);
    expect(await page.getAttribute(`${d} [data-testid="park-lq-chart"]`, 'aria-label')).toContain(dash.park.name);
    // Supply ties inside, into and out of the park.
    for (const dir of ['internal', 'inbound', 'outbound'] as const) {
      await expectFigure(`${d} [data-testid="park-supply-row"][data-dir="${dir}"] [data-testid="supply-count"]`, dash.supply[dir].count);
      await expectFigure(`${d} [data-testid="park-supply-row"][data-dir="${dir}"] [data-testid="supply-amount"]`, dash.supply[dir].amount);
    }

    const rep = (await api<ReputationReport>('/api/reputation?top=1')).parks.find((p) => p.park === park)!;
    await expectFigure(`${d} [data-testid="park-strong-tie-density"]`, rep.strongTieDensity);
    await expectFigure(`${d} [data-testid="park-mean-cost-ratio"]`, rep.meanDefaultCostRatio);
    await expectFigure(`${d} [data-testid="park-chain-share"]`, rep.chainShare, true);

    await expectFigure(`${d} [data-testid="park-circles-count"]`, touching(park).length);
    expect(await page.$$eval(`${d} [data-testid="park-circle-row"]`, (els) => els.map((e) => e.getAttribute('data-circle-id')))).toEqual(touching(park).map((c) => c.id));
    expect(await values(`${d} [data-testid="park-circle-row"] [data-testid="circle-loans"]`)).toEqual(touching(park).map((c) => c.loansOutstanding));

    const shock = await api<StressResult>(`/api/stress?scenario=park&target=${park}`);
    await expectFigure(`${d} [data-testid="park-npl-baseline"]`, shock.breakdown.system.baselineNplRatio, true);
    await expectFigure(`${d} [data-testid="park-npl-stressed"]`, shock.breakdown.system.nplRatio, true);
    await expectFigure(`${d} [data-testid="park-shock-loss"]`, shock.systemLoss);
    await expectFigure(`${d} [data-testid="park-shock-defaults"]`, shock.breakdown.firmsDefaulted);
    expect(await values(`${d} [data-testid="park-npl-row"] [data-testid="npl-stressed"]`)).toEqual(shock.breakdown.banks.map((b) => b.nplRatio));
    await page.waitForSelector(`${d} [data-testid="park-npl-chart"] svg`);
  }, 120_000);

  it('highlights a circle of the park from the keyboard', async () => {
    const circles = await api<CirclesBody>('/api/circles');
    const rows = await page.$$eval('[data-testid="park-circle-row"]', (els) => els.map((e) => e.getAttribute('data-circle-id')!));
    await page.focus('[data-testid="park-circle-row"] >> nth=0');
    let target = rows[0];
    if (rows.length > 1) {
      await page.keyboard.press('ArrowDown');
      target = rows[1];
    }
    await page.keyboard.press('Enter');
    const h = await page.evaluate(() => {
      const x = window.xinlianViewer!.state().highlight;
      return x && { key: x.key, nodes: [...x.nodes].sort() };
    });
    expect(h).toEqual({ key: `park-circle:${target}`, nodes: [...circles.circles.find((c) => c.id === target)!.members].sort() });
    // Focus stayed on the row after the dashboard re-rendered; Enter again clears the highlight.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-circle-id'))).toBe(target);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => window.xinlianViewer!.state().highlight)).toBeNull();
  });

  it('runs park fit for a candidate: breakdown, what-if and best parks equal the API’s', async () => {
    // A firm outside the park among its best candidates (so the fit is worth reading).
    const best = await api<CandidatesBody>(`/api/parkfit/candidates/${park}?top=10`);
    const firm = best.candidates[0].firm;
    const name = graph.nodes.name[graph.nodes.id.indexOf(firm)];
    await page.fill('[data-testid="fit-candidate"]', name);
    await page.waitForSelector(`[data-testid="fit-suggestion"][data-node="${firm}"]`);
    const options = await page.$$eval('[data-testid="fit-suggestion"]', (els) => els.map((e) => e.getAttribute('data-node')));
    for (let i = 0; i < options.indexOf(firm); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await page.inputValue('[data-testid="fit-candidate"]')).toBe(`${name} (${firm})`);
    await page.click('[data-testid="fit-run"]');
    await page.waitForSelector(`[data-testid="fit-result"][data-firm="${firm}"][data-park="${park}"][data-state="ready"]`, { timeout: 60_000 });
    await page.waitForSelector('[data-testid="fit-all"][data-state="ready"]');

    const one = await api<ParkFitBody>(`/api/parkfit?firm=${firm}&park=${park}&whatIf=true`);
    const fit = one.parks[0];
    const r = '[data-testid="fit-result"]';
    await expectFigure(`${r} [data-testid="fit-total"]`, fit.fit);
    for (const [term, value] of Object.entries(fit.breakdown)) {
      await expectFigure(`${r} [data-testid="fit-component"][data-component="${term}"] [data-testid="fit-value"]`, value);
    }
    for (const [term, value] of Object.entries(fit.contributions)) {
      await expectFigure(`${r} [data-testid="fit-component"][data-component="${term}"] [data-testid="fit-contribution"]`, value);
    }
    // fit = Σ contributions (docs/park-fit.md): the rows shown add up to the total shown.
    const contributions = await values(`${r} [data-testid="fit-contribution"]`);
    expect(contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(fit.fit, 12);
    expect(await page.$$eval(`${r} [data-testid="fit-rule"]`, (els) => els.map((e) => [e.getAttribute('data-rule'), e.getAttribute('data-passed')])))
      .toEqual(fit.rules.map((x) => [x.rule, String(x.passed)]));
    // What-if: the park's metrics before and after the candidate joins.
    const w = one.whatIf!;
    for (const metric of Object.keys(w.before).filter((k) => k !== 'reputation') as (keyof typeof w.before)[]) {
      const row = `${r} [data-testid="whatif-row"][data-metric="${metric}"]`;
      expect(await page.getAttribute(`${row} [data-testid="whatif-before"]`, 'data-value'), metric).toBe(String(w.before[metric]));
      expect(await page.getAttribute(`${row} [data-testid="whatif-after"]`, 'data-value'), metric).toBe(String(w.after[metric]));
    }
    await page.waitForSelector(`${r} [data-testid="fit-chart"] svg`);

    // The best parks for the candidate, in the API's order, with their fits.
    const all = await api<ParkFitBody>(`/api/parkfit?firm=${firm}`);
    expect(await page.$$eval('[data-testid="fit-best-park"]', (els) => els.map((e) => e.getAttribute('data-park')))).toEqual(all.parks.map((p) => p.park));
    expect(await values('[data-testid="fit-best-park"] [data-testid="best-fit"]')).toEqual(all.parks.map((p) => p.fit));

    // Best candidates for the park, in the API's order.
    await page.click('[data-testid="candidates-run"]');
    await page.waitForSelector('[data-testid="candidate-row"]');
    expect(await page.$$eval('[data-testid="candidate-row"]', (els) => els.map((e) => e.getAttribute('data-firm')))).toEqual(best.candidates.map((c) => c.firm));
    expect(await values('[data-testid="candidate-row"] [data-testid="candidate-fit"]')).toEqual(best.candidates.map((c) => c.fit.fit));
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'planner-en.png') });
    await page.$eval('[data-testid="tool-park"]', (e) => { e.scrollTop = 0; });
    await page.screenshot({ path: path.join(SHOTS, 'planner-dashboard-en.png') });
  }, 120_000);

  it('switches the tool to Chinese with the same numbers', async () => {
    const before = await values('[data-testid="fit-contribution"]');
    await page.click('[data-testid="lang-switch"]');
    await page.waitForSelector('html[lang="zh-CN"]');
    expect(await page.textContent('[data-testid="tab-park"]')).toBe('园区');
    expect(await page.textContent('[data-testid="park-fit"] h3')).toBe('园区匹配');
    expect(await page.textContent('[data-testid="fit-run"]')).toBe('计算园区匹配');
    expect(await values('[data-testid="fit-contribution"]')).toEqual(before);
    await page.waitForSelector('[data-testid="fit-chart"] svg');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'planner.png') });
    await page.$eval('[data-testid="tool-park"]', (e) => { e.scrollTop = 0; });
    await page.screenshot({ path: path.join(SHOTS, 'planner-dashboard.png') });
    expect(pageErrors).toEqual([]);
  });
});
