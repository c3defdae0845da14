/**
 * Journey "firm" (issue 7, item 4): a risk officer selects a firm and reads its analysis in
 * the side panel. Everything shown is compared with the API's JSON fetched by the test:
 * screening verdict, rank, score and reasons (GET /api/firms/:id/screening, and the firm's
 * place in GET /api/screening), systemic impact and vulnerability (GET /api/firms/:id/impact
 * and GET /api/impact), chain strength, its path and default cost (GET /api/reputation?firm=),
 * guarantees given / received (GET /api/firms/:id). The path is drawn through
 * state.highlight (nodes = the path's nodes, edges = the path's graph edges); "Explore"
 * leaves only the ego network on the map, "Expand" adds a neighbour's neighbours, "Show all"
 * ends it. Real server, real Chromium (playwright-core), under the server's CSP.
 * Screenshots: test-artifacts/screenshots/firm-en.png and firm.png (zh-CN).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { FirmDetail, GraphPayload } from '../../web/src/api/index.ts';
import type { FirmImpactEntry, FirmReputation, FirmScreening, ReputationReport } from '../../web/src/api/firm-analysis.ts';
import type { ScreeningReport } from '../../src/analysis/screening/index.ts';
import { launchBrowser, openViewer, SCREENSHOTS as SHOTS, type BrowserSession } from './browser.ts';
import { startViewerServer, type RunningServer } from './server.ts';

let server: RunningServer;
let context: BrowserContext;
let page: Page;
let browser: BrowserSession;
let graph: GraphPayload;
const pageErrors: string[] = [];

async function api<T>(route: string): Promise<T> {
  const res = await fetch(new URL(route, server.url));
  expect(res.status, route).toBe(200);
  return (await res.json()) as T;
}

/**
 * The figure `testid` inside `scope` shows `value`: its data-value is the API number, and
 * its text, read back as a number, equals it to the precision shown (a share in %).
 */
async function expectFigure(scope: string, testid: string, value: number | null, share = false): Promise<void> {
  const sel = `${scope} [data-testid="${testid}"]`;
  expect(await page.getAttribute(sel, 'data-value'), testid).toBe(value === null ? 'null' : String(value));
  if (value === null) return;
  const text = (await page.textContent(sel))!.replace(/[,\s%]/g, '');
  const decimals = text.includes('.') ? text.split('.')[1].length : 0;
  const shown = Number(text) / (share ? 100 : 1);
  const step = 10 ** -decimals / (share ? 100 : 1);
  expect(Math.abs(shown - value), `${testid}: ${text} vs ${value}`).toBeLessThanOrEqual(step / 2 + 1e-12);
}

/** Selects a node with the search box (its id is an exact match, the first option). */
async function select(id: string): Promise<void> {
  await page.fill('[data-testid="search"]', id);
  await page.waitForSelector(`#search-suggestions [data-node="${id}"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`#panel[data-node="${id}"][data-state="ready"]`);
  for (const key of ['screening', 'impact', 'reputation']) {
    await page.waitForSelector(`#panel [data-testid="firmx-${key}"][data-state="ready"]`, { timeout: 60_000 });
  }
}

/** The ego network of `id` in the payload: itself and every node a tie joins it to. */
function ego(id: string): Set<string> {
  const v = graph.nodes.id.indexOf(id);
  const out = new Set([id]);
  for (let e = 0; e < graph.edges.kind.length; e++) {
    if (graph.edges.source[e] === v) out.add(graph.nodes.id[graph.edges.target[e]]);
    if (graph.edges.target[e] === v) out.add(graph.nodes.id[graph.edges.source[e]]);
  }
  return out;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

beforeAll(async () => {
  server = await startViewerServer();
  graph = await api<GraphPayload>('/api/graph');
  browser = await launchBrowser({ locale: 'en-US', errors: pageErrors });
  ({ context, page } = browser);
  // A still layout and a quiet CPU for the rest of the journey.
  await openViewer(page, server.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('journey: a risk officer reads a firm', () => {
  let firm = '';
  let reputation: FirmReputation;

  it('shows screening, impact, vulnerability, chain strength and default cost equal to the API', async () => {
    // A listed firm whose strongest chain runs through at least one other node (a path worth drawing).
    const strongest = await api<ReputationReport>('/api/reputation?top=300');
    for (const r of strongest.firms) {
      if (r.hops < 2) continue;
      const s = await api<FirmScreening>(`/api/firms/${r.firm}/screening`);
      if (s.status === 'listed') { firm = r.firm; break; }
    }
    expect(firm).not.toBe('');
    await select(firm);
    const scope = '#panel';

    const screening = await api<FirmScreening>(`/api/firms/${firm}/screening`);
    // The per-firm route agrees with the whole list: same rank and score.
    const list = await api<ScreeningReport>(`/api/screening?top=${screening.recommendation!.rank}`);
    expect(list.recommendation.at(-1)).toEqual(screening.recommendation);
    expect(await page.getAttribute(`${scope} [data-testid="screening-status"]`, 'data-status')).toBe('listed');
    expect(await page.textContent(`${scope} [data-testid="screening-status"]`))
      .toBe(`On the recommendation list: rank ${screening.recommendation!.rank.toLocaleString('en')} of ${list.listed.toLocaleString('en')}`);
    await expectFigure(scope, 'screening-score', screening.recommendation!.score);
    await expectFigure(scope, 'screening-need', screening.recommendation!.need);
    await expectFigure(scope, 'screening-credit', screening.recommendation!.credit);
    await expectFigure(scope, 'screening-chain', screening.recommendation!.chain);
    expect(await page.$$(`${scope} [data-testid="screening-reason"]`)).toHaveLength(0);

    const impact = await api<FirmImpactEntry>(`/api/firms/${firm}/impact`);
    const ranking = await api<{ top: { firm: string; impact: number; vulnerability: number }[] }>(`/api/impact?top=${impact.rank}`);
    expect(ranking.top.at(-1)).toMatchObject({ firm, impact: impact.impact, vulnerability: impact.vulnerability });
    await expectFigure(scope, 'impact-value', impact.impact);
    await expectFigure(scope, 'vulnerability-value', impact.vulnerability);
    await expectFigure(scope, 'impact-loss', impact.systemLoss);
    await expectFigure(scope, 'impact-reach', impact.reach);
    expect(await page.getAttribute(`${scope} [data-testid="impact-rank"]`, 'data-value')).toBe(String(impact.rank));

    reputation = (await api<ReputationReport>(`/api/reputation?firm=${firm}`)).firms[0];
    await expectFigure(scope, 'chain-strength', reputation.chainStrength);
    await expectFigure(scope, 'default-cost', reputation.defaultCost);
    await expectFigure(scope, 'default-cost-ratio', reputation.defaultCostRatio);
    await expectFigure(scope, 'chain-hops', reputation.hops);
    const steps = await page.$$eval(`${scope} [data-testid="path-step"]`, (els) => els.map((e) => [e.getAttribute('data-from'), e.getAttribute('data-to'), e.getAttribute('data-kind')]));
    expect(steps).toEqual(reputation.path.map((s) => [s.from, s.to, s.kind]));

    // Guarantees given and received: two separate sections with their own totals.
    const detail = await api<FirmDetail>(`/api/firms/${firm}`);
    expect(await page.getAttribute(`${scope} [data-section="guaranteesGiven"]`, 'data-count')).toBe(String(detail.guaranteesGiven.length));
    expect(await page.getAttribute(`${scope} [data-section="guaranteesReceived"]`, 'data-count')).toBe(String(detail.guaranteesReceived.length));
    const sum = (rows: { amount: number }[]) => rows.reduce((a, r) => a + r.amount, 0);
    expect(await page.textContent(`${scope} [data-testid="guaranteesGiven-hint"]`)).toContain(sum(detail.guaranteesGiven).toLocaleString('en', { maximumFractionDigits: 2 }));
    expect(await page.textContent(`${scope} [data-testid="guaranteesReceived-hint"]`)).toContain(sum(detail.guaranteesReceived).toLocaleString('en', { maximumFractionDigits: 2 }));
  }, 120_000);

  it('draws the chain-strength path on the map through state.highlight', async () => {
    await page.click('#panel [data-testid="path-show"]');
    const h = await page.evaluate(() => {
      const x = window.xinlianViewer!.state().highlight;
      return x && { key: x.key, nodes: [...x.nodes], edges: x.edges ? [...x.edges] : null };
    });
    expect(h).not.toBeNull();
    expect(h!.key).toBe(`path:${firm}`);
    expect(sorted(h!.nodes)).toEqual(sorted(new Set(reputation.path.flatMap((s) => [s.from, s.to]))));
    // One graph edge per step, of the step's kind, joining the step's two nodes (either way round).
    expect(h!.edges).toHaveLength(reputation.path.length);
    h!.edges!.forEach((key, i) => {
      const [kind, index] = key.split(':');
      const e = Number(index), step = reputation.path[i];
      expect(kind).toBe(step.kind);
      expect(graph.edges.kind[e]).toBe(step.kind);
      expect(sorted([graph.nodes.id[graph.edges.source[e]], graph.nodes.id[graph.edges.target[e]]])).toEqual(sorted([step.from, step.to]));
    });
    expect(await page.getAttribute('#panel [data-testid="path-show"]', 'aria-pressed')).toBe('true');
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(SHOTS, 'firm-path.png') });
    await page.click('#panel [data-testid="path-show"]');
    expect(await page.evaluate(() => window.xinlianViewer!.state().highlight)).toBeNull();
  });

  it('explores the ego network, expands a neighbour, and shows all again', async () => {
    await page.click('#panel [data-testid="explore"]');
    const first = ego(firm);
    const explored = await page.evaluate(() => [...(window.xinlianViewer!.state().explore ?? [])]);
    expect(sorted(explored)).toEqual(sorted(first));
    // Only the ego network is drawn.
    await page.waitForFunction((n) => window.xinlianViewer!.visibleNodes().length === n, first.size);
    expect(sorted(await page.evaluate(() => window.xinlianViewer!.visibleNodes()))).toEqual(sorted(first));

    // A firm neighbour listed in the panel whose own neighbourhood reaches beyond the first ring.
    const links = await page.$$eval('#panel .panel-body button[data-node]', (els) => els.map((e) => e.getAttribute('data-node')!));
    const neighbour = links.find((id) => id !== firm && first.has(id) && graph.nodes.type[graph.nodes.id.indexOf(id)] === 'firm'
      && [...ego(id)].some((x) => !first.has(x)));
    expect(neighbour).toBeDefined();
    await page.click(`#panel .panel-body button[data-node="${neighbour}"] >> nth=0`);
    await page.waitForSelector(`#panel[data-node="${neighbour}"][data-state="ready"]`);
    const union = new Set([...first, ...ego(neighbour!)]);
    expect(await page.textContent('#panel [data-testid="explore-expand"]')).toBe(`Expand (+${(union.size - first.size).toLocaleString('en')})`);
    await page.click('#panel [data-testid="explore-expand"]');
    expect(sorted(await page.evaluate(() => [...(window.xinlianViewer!.state().explore ?? [])]))).toEqual(sorted(union));
    await page.waitForFunction((n) => window.xinlianViewer!.visibleNodes().length === n, union.size);
    expect(await page.textContent('#panel [data-testid="explore-count"]')).toBe(`${union.size.toLocaleString('en')} nodes shown`);
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(SHOTS, 'firm-explore.png') });

    await page.click('#panel [data-testid="explore-exit"]');
    expect(await page.evaluate(() => window.xinlianViewer!.state().explore)).toBeNull();
    await page.waitForFunction((n) => window.xinlianViewer!.visibleNodes().length === n, graph.nodes.id.length);
  });

  it('shows a screened-out firm with the API’s reasons in English and Chinese', async () => {
    const report = await api<ScreeningReport>('/api/screening?top=1');
    // The excluded firm with the most reasons (each reason is a list item).
    const out = report.excluded.slice().sort((a, b) => b.reasons.length - a.reasons.length)[0];
    await select(out.firm);
    const s = await api<FirmScreening>(`/api/firms/${out.firm}/screening`);
    expect(s.reasons).toEqual(out.reasons);
    expect(await page.getAttribute('#panel [data-testid="screening-status"]', 'data-status')).toBe('excluded');
    expect(await page.$$eval('#panel [data-testid="screening-reason"]', (els) => els.map((e) => [e.getAttribute('data-code'), e.textContent])))
      .toEqual(out.reasons.map((r) => [r.code, r.en]));
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(SHOTS, 'firm-en.png') });

    await page.click('[data-testid="lang-switch"]');
    await page.waitForSelector('html[lang="zh-CN"]');
    expect(await page.$$eval('#panel [data-testid="screening-reason"]', (els) => els.map((e) => e.textContent)))
      .toEqual(out.reasons.map((r) => r.zh));
    expect(await page.textContent('#panel [data-testid="screening-status"]')).toBe('未通过筛查');
    expect(await page.textContent('#panel [data-testid="firmx-impact"] h3')).toBe('系统重要性与脆弱性');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'firm.png') });
    // Back to English for whoever runs the browser profile next (it is a temp dir, but be tidy).
    await page.click('[data-testid="lang-switch"]');
    expect(pageErrors).toEqual([]);
  });
});
