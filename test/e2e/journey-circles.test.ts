/**
 * Journey "circles" (issue 7, item 2), in Chromium against the real server on data/demo:
 * a risk officer opens the circles tab; the table's rows equal GET /api/circles (ids,
 * sizes, amounts, loans, parks) and GET /api/circles/fragility (ρ); sorts by size and
 * by fragility; opens a circle with the keyboard and with the mouse, and the map's
 * highlight holds exactly the circle's members and the guarantees among them (counted
 * from GET /api/graph's columns, not from the viewer's model); picks a member and reads
 * its chains up and down with the depths of GET /api/circles/firm/:id, at two depths;
 * clears; switches to Chinese; closes the tool, which takes its highlight off the map.
 * Screenshots: test-artifacts/screenshots/circles.png (en) and circles-zh.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { GraphPayload } from '../../web/src/api/index.ts';
import type { CirclesBody, FirmChainsBody, FragilityBody } from '../../web/src/api/circles.ts';
import { launchBrowser, openViewer, SCREENSHOTS, type BrowserSession } from './browser.ts';
import { startViewerServer, type RunningServer } from './server.ts';

let server: RunningServer;
let context: BrowserContext;
let page: Page;
let browser: BrowserSession;
let graph: GraphPayload;
let circles: CirclesBody;
let fragility: FragilityBody;
const pageErrors: string[] = [];

async function api<T>(route: string): Promise<T> {
  const res = await fetch(new URL(route, server.url));
  expect(res.status, route).toBe(200);
  return (await res.json()) as T;
}

/** The page formats with Intl.NumberFormat(lang, { maximumFractionDigits }) (web/src/i18n/format.ts). */
const fmt = (lang: string, v: number, digits = 2) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(v);

/** Guarantee edge keys (`guarantee:<payload index>`, graph/build.ts) with both ends in `members`. */
function internalGuarantees(members: readonly string[]): string[] {
  const set = new Set(members);
  const keys: string[] = [];
  for (let e = 0; e < graph.edges.kind.length; e++) {
    if (graph.edges.kind[e] !== 'guarantee') continue;
    if (set.has(graph.nodes.id[graph.edges.source[e]]) && set.has(graph.nodes.id[graph.edges.target[e]])) keys.push(`guarantee:${e}`);
  }
  return keys.sort();
}

interface HighlightView { key: string; nodes: string[]; edges: string[] | null; depth: [string, number][] | null }

function highlight(): Promise<HighlightView | null> {
  return page.evaluate(() => {
    const h = window.xinlianViewer!.state().highlight;
    if (!h) return null;
    return {
      key: h.key, nodes: [...h.nodes].sort(), edges: h.edges ? [...h.edges].sort() : null,
      depth: h.depth ? [...h.depth.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)) : null,
    };
  });
}

async function rowCells(): Promise<{ id: string; size: string; amount: string; loans: string; fragility: string; parks: string }[]> {
  return page.$$eval('[data-testid="circle-row"]', (rows) => rows.map((r) => {
    const cell = (col: string) => r.querySelector(`[data-col="${col}"]`)?.textContent ?? '';
    return { id: r.getAttribute('data-circle-id')!, size: cell('size'), amount: cell('amount'), loans: cell('loans'), fragility: cell('fragility'), parks: cell('parks') };
  }));
}

beforeAll(async () => {
  server = await startViewerServer();
  [graph, circles, fragility] = await Promise.all([
    api<GraphPayload>('/api/graph'), api<CirclesBody>('/api/circles'), api<FragilityBody>('/api/circles/fragility'),
  ]);
  browser = await launchBrowser({ locale: 'en-US', errors: pageErrors });
  ({ context, page } = browser);
  // Still positions and a quiet CPU for the rest: ForceAtlas2 stops by itself after its budget.
  await openViewer(page, server.url);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('journey: circles and chains', () => {
  it('lists the API circles with their fragility, sorts by each column', async () => {
    expect(circles.circles.length).toBeGreaterThan(2);
    await page.click('[data-testid="tab-circles"]');
    await page.waitForSelector('[data-testid="circle-row"]');
    // Fragility arrives separately; wait until every shown row has it.
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="circle-row"] td.is-muted')].length);
    const rows = await rowCells();
    const shown = Math.min(100, circles.circles.length); // one page of rows (CIRCLE_PAGE)
    expect(rows).toHaveLength(shown);
    const rho = new Map(fragility.circles.map((c) => [c.id, c.spectralRadius]));
    expect(rows).toEqual(circles.circles.slice(0, shown).map((c) => ({
      id: c.id, size: fmt('en', c.size, 0), amount: fmt('en', c.guaranteedInside), loans: fmt('en', c.loansOutstanding),
      fragility: fmt('en', rho.get(c.id)!, 3), parks: fmt('en', c.parks.length, 0),
    })));
    expect(await page.textContent('[data-testid="circles-summary"]')).toBe(
      `${fmt('en', circles.circles.length, 0)} circles · ${fmt('en', circles.firmsInCircles, 0)} firms in circles`,
    );

    // Size: largest first, then smallest first; equal sizes keep the API order.
    const bySize = (dir: 1 | -1) => circles.circles.map((c, i) => ({ c, i })).sort((a, b) => dir * (a.c.size - b.c.size) || a.i - b.i).map((x) => x.c.id);
    await page.click('[data-testid="circles-sort"][data-sort="size"]');
    expect((await rowCells()).map((r) => r.id)).toEqual(bySize(-1).slice(0, shown));
    expect(await page.getAttribute('th:has([data-sort="size"])', 'aria-sort')).toBe('descending');
    await page.click('[data-testid="circles-sort"][data-sort="size"]');
    expect((await rowCells()).map((r) => r.id)).toEqual(bySize(1).slice(0, shown));
    expect(await page.getAttribute('th:has([data-sort="size"])', 'aria-sort')).toBe('ascending');
    const sizes = (await rowCells()).map((r) => Number(r.size.replace(/,/g, '')));
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));

    // Fragility: the most fragile circle of the API on top.
    await page.click('[data-testid="circles-sort"][data-sort="fragility"]');
    const top = [...fragility.circles].sort((a, b) => b.spectralRadius - a.spectralRadius)[0];
    expect((await rowCells())[0]).toMatchObject({ id: top.id, fragility: fmt('en', top.spectralRadius, 3) });
    // Back to the API order.
    await page.click('[data-testid="circles-sort"][data-sort="id"]');
    expect((await rowCells()).map((r) => r.id)).toEqual(circles.circles.slice(0, shown).map((c) => c.id));
  }, 60_000);

  it('opens a circle with the keyboard and with the mouse: exactly its members are highlighted', async () => {
    // Keyboard: focus the first row, ↓ to the second, Enter.
    await page.focus('[data-testid="circle-row"] >> nth=0');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-circle-id'))).toBe(circles.circles[1].id);
    await page.keyboard.press('Enter');
    const second = circles.circles[1];
    expect(await highlight()).toEqual({ key: `circle:${second.id}`, nodes: [...second.members].sort(), edges: internalGuarantees(second.members), depth: null });
    // The internal guarantee count of the API equals the ties highlighted.
    expect(internalGuarantees(second.members)).toHaveLength(second.internalEdges);

    // Mouse: the largest circle.
    const first = circles.circles[0];
    await page.click(`[data-testid="circle-row"][data-circle-id="${first.id}"]`);
    const h = await highlight();
    expect(h).toEqual({ key: `circle:${first.id}`, nodes: [...first.members].sort(), edges: internalGuarantees(first.members), depth: null });
    expect(await page.getAttribute(`[data-testid="circle-row"][data-circle-id="${first.id}"]`, 'aria-selected')).toBe('true');
    expect(await page.$$eval('[data-testid="circle-member"]', (els) => els.map((e) => e.getAttribute('data-firm-id')))).toEqual(first.members.slice(0, 60));
    // The camera fits the circle: every member is inside the canvas once the animation ends.
    await page.waitForFunction(() => !window.xinlianViewer!.cameraMoving());
    const inside = await page.evaluate((ids) => {
      const rect = window.xinlianViewer!.containerRect();
      return ids.every((id) => {
        const p = window.xinlianViewer!.nodeViewportPosition(id);
        return p !== null && p.x >= 0 && p.y >= 0 && p.x <= rect.width && p.y <= rect.height;
      });
    }, first.members);
    expect(inside).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'circles.png') });
  }, 60_000);

  it("lists a member's chains up and down with the API's depths, at two depths, and draws them", async () => {
    const first = circles.circles[0];
    const firm = first.members[0];
    await page.click(`[data-testid="circle-member"][data-firm-id="${firm}"]`);
    expect(await page.evaluate(() => window.xinlianViewer!.state().selectedNode)).toBe(firm);

    for (const hops of [3, 1]) {
      if (hops !== 3) await page.selectOption('[data-testid="chain-hops"]', String(hops));
      const chains = await api<FirmChainsBody>(`/api/circles/firm/${encodeURIComponent(firm)}?hops=${hops}`);
      expect(chains.up.length).toBeGreaterThan(0); // a circle member has guarantors and borrowers
      expect(chains.down.length).toBeGreaterThan(0);
      const listed = async (dir: 'up' | 'down') => {
        await page.waitForSelector(`[data-testid="chain-${dir}"] [data-testid="chain-firm"]`);
        return page.$$eval(`[data-testid="chain-${dir}"] [data-testid="chain-firm"]`, (els) => els.map((e) => ({ id: e.getAttribute('data-firm-id')!, hop: Number(e.getAttribute('data-hop')) })));
      };
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="chain-firm"]').length === n, chains.up.length + chains.down.length);
      expect(await listed('up')).toEqual(chains.up);
      expect(await listed('down')).toEqual(chains.down);
      // Every depth from 1 to the deepest is a group of the list.
      const depths = await page.$$eval('[data-testid="chain-up"] li', (els) => els.map((e) => Number(e.getAttribute('data-depth'))));
      expect(depths).toEqual([...new Set(chains.up.map((f) => -f.hop))]);
    }

    await page.click('[data-testid="chain-show"]');
    const chains = await api<FirmChainsBody>(`/api/circles/firm/${encodeURIComponent(firm)}?hops=1`);
    const h = await highlight();
    expect(h!.key).toBe(`chain:${firm}`);
    const expectedDepth = new Map<string, number>([[firm, 0]]);
    for (const f of [...chains.up, ...chains.down]) {
      const d = expectedDepth.get(f.id);
      if (d === undefined || Math.abs(f.hop) < Math.abs(d)) expectedDepth.set(f.id, f.hop);
    }
    expect(h!.depth).toEqual([...expectedDepth.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    expect(h!.nodes).toEqual([...expectedDepth.keys()].sort());
    // The ties are the API's edges, each the same guarantee in the graph payload.
    expect(h!.edges).toEqual(chains.edges.map((e) => `guarantee:${e.graphEdge}`).sort());
    for (const e of chains.edges) {
      expect(graph.nodes.id[graph.edges.source[e.graphEdge]]).toBe(e.guarantor);
      expect(graph.nodes.id[graph.edges.target[e.graphEdge]]).toBe(e.borrower);
    }
    expect(await page.getAttribute('[data-testid="chain-show"]', 'aria-pressed')).toBe('true');

    // Clear takes the emphasis off.
    await page.click('[data-testid="circles-clear"]');
    expect(await highlight()).toBeNull();
  }, 60_000);

  it('speaks Chinese after the language switch and clears its highlight when closed', async () => {
    await page.click(`[data-testid="circle-row"][data-circle-id="${circles.circles[0].id}"]`);
    await page.click('[data-testid="lang-switch"]');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('[data-testid="tab-circles"]')).toBe('担保圈');
    expect(await page.textContent('[data-testid="circles-sort"][data-sort="size"]')).toBe('企业数');
    const c = circles.circles[0];
    const row = (await rowCells())[0];
    expect(row).toMatchObject({ id: c.id, amount: fmt('zh-CN', c.guaranteedInside), loans: fmt('zh-CN', c.loansOutstanding) });
    await page.waitForFunction(() => !window.xinlianViewer!.cameraMoving());
    await page.screenshot({ path: path.join(SCREENSHOTS, 'circles-zh.png') });

    await page.click('[data-testid="tab-circles"]'); // closes the drawer
    expect(await page.evaluate(() => window.xinlianViewer!.state().tool)).toBeNull();
    expect(await highlight()).toBeNull();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
