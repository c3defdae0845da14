/**
 * Journey "risk officer" (issue 7): from a guarantee circle to a contagion run.
 * The real server on the demo cluster, the built viewer (dist/web) in Chromium:
 * open the circles tool and a circle (or, without that tool, find a firm of the
 * largest circle by search), take one of its members as the defaulting firm,
 * choose a model, play the cascade to the end; the final loss and the round count
 * shown must be the API's for the same query, the overlay must be the API's
 * distress and a hit node's drawn colour (pixel under it) must change between
 * round 0 and the last round; then the shock sweep and a small Monte Carlo, whose
 * VaR / ES shown must be the API's, and a cancelled Monte Carlo. Screenshots of
 * the end in English and Chinese go to test-artifacts/screenshots/.
 * The scenario string (contagion-scenario.ts) is checked without the browser first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import type { GraphPayload } from '../../web/src/api/index.ts';
import type { MonteCarloBody, RoundsDetail, SweepResult } from '../../web/src/api/contagion.ts';
import { formatScenario, parseScenario } from '../../web/src/panels/contagion-scenario.ts';
import { collectErrors, launchBrowser, openViewer, SCREENSHOTS as SHOTS, type BrowserSession } from './browser.ts';
import { startViewerServer, type RunningServer } from './server.ts';

const MODEL = 'debtrank';
const MC = { draws: 200, seed: 7 };

interface ContagionBody {
  systemLoss: number;
  rounds: { round: number }[];
  roundsDetail: RoundsDetail;
}

describe('contagion scenario string', () => {
  it('round-trips every shock kind and refuses what it did not write', () => {
    for (const shock of [
      { kind: 'firm', target: 'F0000034' }, { kind: 'park', target: 'P02' }, { kind: 'industry', target: 'C33' }, { kind: 'tightening', target: '90' },
    ] as const) {
      const s = { model: 'linear' as const, shock, round: 3 };
      expect(parseScenario(formatScenario(s))).toEqual(s);
    }
    expect(formatScenario({ model: 'debtrank', shock: { kind: 'firm', target: 'F0000034' }, round: 3 })).toBe('model=debtrank&shock=F0000034&round=3');
    expect(formatScenario({ model: 'threshold', shock: { kind: 'park', target: 'P 1&x' }, round: null })).toBe('model=threshold&shock=park%3AP+1%26x');
    expect(parseScenario('model=debtrank&shock=park%3AP+1%26x')!.shock).toEqual({ kind: 'park', target: 'P 1&x' });
    expect(parseScenario('model=magic&shock=F1')).toBeNull();
    expect(parseScenario('model=debtrank')).toBeNull();
    expect(parseScenario('model=debtrank&shock=tightening%3Asoon')).toBeNull();
    expect(parseScenario('shock=F1&round=x')).toEqual({ model: 'debtrank', shock: { kind: 'firm', target: 'F1' }, round: null });
  });
});

/** RGB of one CSS pixel of the page (a 1×1 PNG screenshot: no filter context, so the row bytes are the pixel). */
async function pixel(page: Page, x: number, y: number): Promise<[number, number, number]> {
  const png = await page.screenshot({ clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 } });
  let p = 8;
  const idat: Buffer[] = [];
  let colorType = -1;
  while (p < png.length) {
    const len = png.readUInt32BE(p);
    const type = png.toString('ascii', p + 4, p + 8);
    if (type === 'IHDR') colorType = png[p + 8 + 9];
    if (type === 'IDAT') idat.push(png.subarray(p + 8, p + 8 + len));
    p += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect([2, 6]).toContain(colorType);
  return [raw[1], raw[2], raw[3]];
}

describe('journey: risk officer', () => {
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let browser: BrowserSession;
  let graph: GraphPayload;
  const pageErrors: string[] = [];
  const api = async <T>(route: string): Promise<T> => {
    const res = await fetch(new URL(route, server.url));
    expect(res.status, route).toBe(200);
    return (await res.json()) as T;
  };
  const fmt = (lang: string, v: number, digits = 2) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(v);

  beforeAll(async () => {
    server = await startViewerServer();
    graph = await api<GraphPayload>('/api/graph');
    browser = await launchBrowser({ locale: 'en-US', errors: pageErrors });
    ({ context, page } = browser);
    // Still positions for the pixel checks: let ForceAtlas2 finish its budget.
    await openViewer(page, server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('circle → member default → playback → sweep → Monte Carlo, every number the API\'s', async () => {
    // 1. A firm of a guarantee circle: through the circles tool when it is there, else by search.
    let member: string;
    if (await page.$('[data-testid="tab-circles"]')) {
      await page.click('[data-testid="tab-circles"]');
      await page.waitForSelector('[data-testid="circle-row"]', { timeout: 60_000 });
      await page.click('[data-testid="circle-row"] >> nth=0');
      await page.waitForSelector('[data-testid="circle-member"]');
      member = (await page.getAttribute('[data-testid="circle-member"] >> nth=0', 'data-firm-id'))!;
      await page.click('[data-testid="circle-member"] >> nth=0');
    } else {
      const circles = await api<{ circles: { size: number; members: string[] }[] }>('/api/circles');
      const largest = circles.circles.reduce((a, b) => (b.size > a.size ? b : a));
      member = largest.members[0];
      await page.fill('[data-testid="search"]', member);
      await page.waitForSelector(`#search-suggestions [data-node="${member}"]`);
      await page.click(`#search-suggestions [data-node="${member}"]`);
    }
    await page.waitForFunction((id) => window.xinlianViewer!.state().selectedNode === id, member);

    // 2. The contagion tool takes the selected firm as its default shock.
    await page.click('[data-testid="tab-contagion"]');
    await page.waitForSelector('[data-testid="contagion-form"]');
    expect(await page.getAttribute('[data-testid="contagion-firm"]', 'data-firm-id')).toBe(member);
    await page.selectOption('[data-testid="contagion-model"]', MODEL);
    await page.click('[data-testid="contagion-run"]');
    await page.waitForSelector('[data-testid="playback-rounds"]', { timeout: 60_000 });

    // The API for the same query (and its round detail, for the overlay).
    const plain = await api<ContagionBody>(`/api/contagion?shock=${encodeURIComponent(member)}&model=${MODEL}`);
    const detailed = await api<ContagionBody>(`/api/contagion?shock=${encodeURIComponent(member)}&model=${MODEL}&top=0&roundsDetail=true`);
    const last = plain.rounds.at(-1)!.round;
    expect(Number(await page.getAttribute('[data-testid="playback-rounds"]', 'data-value'))).toBe(last);
    expect(last).toBeGreaterThan(0);

    // 3. A node the cascade reaches (not the shocked firm), visible on the canvas, the largest such.
    const finalDistress = new Map<number, number>();
    for (const r of detailed.roundsDetail.rounds) r.nodes.forEach((v, i) => finalDistress.set(v, r.distress[i]));
    const round0 = new Set(detailed.roundsDetail.rounds[0].nodes);
    const candidates = [...finalDistress].filter(([v, d]) => d > 0.05 && !round0.has(v)).map(([v]) => graph.nodes.id[v]);
    expect(candidates.length).toBeGreaterThan(0);
    await page.click('[data-testid="playback-back"]');
    await page.focus('[data-testid="playback-slider"]');
    await page.keyboard.press('Home');
    await page.waitForSelector('[data-testid="playback-round"][data-round="0"]');
    // The slider is keyboard-operable: → is one round on, and the overlay follows it.
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('[data-testid="playback-round"][data-round="1"]');
    expect(await page.evaluate(() => window.xinlianViewer!.state().overlay?.caption)).toBe(`Distress, round 1 / ${last}`);
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector('[data-testid="playback-round"][data-round="0"]');
    const target = await page.evaluate((ids) => {
      const hook = window.xinlianViewer!;
      const box = hook.containerRect();
      const tools = document.getElementById('tools')!.getBoundingClientRect();
      const panel = document.getElementById('panel')!;
      const panelLeft = panel.hidden ? Infinity : panel.getBoundingClientRect().left;
      const seen = ids.map((id) => ({ id, p: hook.nodeViewportPosition(id), r: hook.nodeRadius(id) ?? 0 }))
        .filter((c) => c.p !== null && c.r >= 2)
        .map((c) => ({ id: c.id, x: box.left + c.p!.x, y: box.top + c.p!.y, r: c.r }))
        .filter((c) => c.x > tools.right + 4 && c.x < Math.min(panelLeft, box.left + box.width) - 4 && c.y > box.top + 4 && c.y < box.top + box.height - 4);
      seen.sort((a, b) => b.r - a.r);
      return seen[0] ?? null;
    }, candidates);
    expect(target, 'a reached node drawn in the free part of the canvas').not.toBeNull();
    const before = await pixel(page, target!.x, target!.y);
    const overlay0 = await page.evaluate((id) => window.xinlianViewer!.state().overlay?.values.get(id) ?? 0, target!.id);
    expect(overlay0).toBe(0);

    // 4. Play to the end.
    await page.click('[data-testid="playback-play"]');
    await page.waitForSelector(`[data-testid="playback-round"][data-round="${last}"]`, { timeout: 60_000 });
    await page.waitForSelector('[data-testid="playback-play"][data-playing="false"]');
    const lossText = (await page.textContent('[data-testid="playback-loss"]'))!;
    expect(lossText).toBe(fmt('en', plain.systemLoss));
    expect(Number(await page.getAttribute('[data-testid="playback-loss"]', 'data-value'))).toBe(plain.systemLoss);
    const state = await page.evaluate((id) => {
      const s = window.xinlianViewer!.state();
      return { scenario: s.scenario, key: s.overlay?.key, value: s.overlay?.values.get(id) ?? 0, caption: s.overlay?.caption };
    }, target!.id);
    expect(state.scenario).toBe(`model=${MODEL}&shock=${encodeURIComponent(member)}&round=${last}`);
    expect(state.key).toBe(`contagion:model=${MODEL}&shock=${encodeURIComponent(member)}`);
    expect(state.caption).toBe(`Distress, round ${last} / ${last}`);
    expect(state.value).toBe(finalDistress.get(graph.nodes.id.indexOf(target!.id)));
    await page.waitForTimeout(300); // sigma draws on the next animation frame
    const after = await pixel(page, target!.x, target!.y);
    expect(after, `drawn colour of ${target!.id} at round 0 vs round ${last}`).not.toEqual(before);

    // The charts are there, labelled; the bank table holds the API's last-round figures.
    await page.waitForSelector('[data-testid="chart-loss"] canvas');
    expect(await page.getAttribute('[data-testid="chart-banks"]', 'aria-label')).toContain('1.8 %');
    await page.click('.contagion-result details summary');
    const bankLosses = await page.$$eval('[data-testid="table-banks"] tbody tr td:nth-child(2)', (tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    expect(bankLosses).toEqual(detailed.roundsDetail.rounds.at(-1)!.bankLoss);

    // 5. The sweep.
    await page.click('[data-testid="sweep-run"]');
    await page.waitForSelector('[data-testid="chart-sweep"] canvas', { timeout: 60_000 });
    const sweep = await api<SweepResult>('/api/stress?scenario=sweep&steps=20');
    await page.click('[data-testid="contagion-sweep"] details summary');
    const sweepLosses = await page.$$eval('[data-testid="table-sweep"] tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
    expect(sweepLosses).toEqual(sweep.points.map((p) => fmt('en', p.systemLoss)));

    // 6. Monte Carlo: a cancelled run leaves no figures; a small run shows the API's EL, VaR, ES.
    await page.fill('[data-testid="mc-draws"]', '3000');
    await page.click('[data-testid="mc-run"]');
    await page.waitForSelector('[data-testid="mc-status"][data-state="loading"]');
    await page.click('[data-testid="mc-cancel"]');
    await page.waitForSelector('[data-testid="mc-status"][data-state="cancelled"]');
    expect(await page.$('[data-testid="mc-var"]')).toBeNull();
    await page.fill('[data-testid="mc-draws"]', String(MC.draws));
    await page.fill('[data-testid="mc-seed"]', String(MC.seed));
    await page.click('[data-testid="mc-run"]');
    await page.waitForSelector('[data-testid="mc-var"]', { timeout: 120_000 });
    const mc = await api<MonteCarloBody>(`/api/montecarlo?draws=${MC.draws}&seed=${MC.seed}&top=0`);
    expect(await page.textContent('[data-testid="mc-var"]')).toBe(fmt('en', mc.loss.var));
    expect(await page.textContent('[data-testid="mc-es"]')).toBe(fmt('en', mc.loss.es));
    expect(await page.textContent('[data-testid="mc-el"]')).toBe(fmt('en', mc.loss.mean));
    expect(Number(await page.getAttribute('[data-testid="mc-var"]', 'data-value'))).toBe(mc.loss.var);
    await page.waitForSelector('[data-testid="chart-montecarlo"] canvas');

    // The end of the journey on screen: the sweep table folded, the Monte Carlo figures in view.
    await page.click('[data-testid="contagion-sweep"] details summary');
    await page.$eval('[data-testid="contagion-montecarlo"]', (e) => e.scrollIntoView({ block: 'end' }));
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'risk-officer.png') });
    await page.click('[data-testid="lang-switch"]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    expect(await page.textContent('[data-testid="playback-loss"]')).toBe(fmt('zh-CN', plain.systemLoss));
    expect(await page.textContent('[data-testid="mc-var"]')).toBe(fmt('zh-CN', mc.loss.var));
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'risk-officer-zh.png') });
    await page.evaluate(() => document.querySelector('[data-testid="tool-contagion"]')!.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'risk-officer-zh-top.png') });

    // 7. Leaving the tool takes the overlay and the scenario off the map.
    await page.click('[data-testid="tab-contagion"]');
    const cleared = await page.evaluate(() => ({ overlay: window.xinlianViewer!.state().overlay, scenario: window.xinlianViewer!.state().scenario }));
    expect(cleared).toEqual({ overlay: null, scenario: null });

    // 8. A shared link (#tool=contagion&scenario=…) opens the tool on that run and round.
    const scenario = `model=threshold&shock=${encodeURIComponent(member)}&round=1`;
    const restored = await context.newPage();
    collectErrors(restored, pageErrors);
    await restored.goto(`${server.url}#${new URLSearchParams({ tool: 'contagion', scenario }).toString()}`);
    await restored.waitForSelector('html[data-ready="true"]', { timeout: 60_000 });
    await restored.waitForSelector('[data-testid="playback-round"][data-round="1"]', { timeout: 60_000 });
    const threshold = await api<ContagionBody>(`/api/contagion?shock=${encodeURIComponent(member)}&model=threshold&top=0&roundsDetail=true`);
    expect(Number(await restored.getAttribute('[data-testid="playback-loss"]', 'data-value'))).toBe(threshold.roundsDetail.rounds[1].systemLoss);
    expect(await restored.inputValue('[data-testid="contagion-model"]')).toBe('threshold');
    expect(await restored.evaluate(() => window.xinlianViewer!.state().scenario)).toBe(scenario);
    await restored.close();
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
