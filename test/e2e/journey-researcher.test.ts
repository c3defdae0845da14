/**
 * Journey "researcher" (issue 7): in Chromium against the real server on the demo cluster,
 * a researcher filters the map to one industry in one park, exports the visible subgraph as
 * GEXF and reads it back with the repo's GEXF reader (src/io), colours the map by systemic
 * impact, exports a PNG, picks a layer and a firm, and opens the shareable link in a new
 * page. Every expectation comes from the API (GET /api/graph, /api/measures) and a filter
 * written out here, not from the page's own code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { GraphPayload } from '../../web/src/api/index.ts';
import type { MeasuresPayload } from '../../src/server/routes/measures.ts';
import { VIRIDIS, rampColor } from '../../web/src/graph/palette.ts';
import { formatNumber } from '../../web/src/i18n/index.ts';
import { readDataset } from '../../src/io/index.ts';
import { collectErrors, launchBrowser, openViewer, SCREENSHOTS, type BrowserSession } from './browser.ts';
import { startViewerServer, type RunningServer } from './server.ts';

let server: RunningServer;
let context: BrowserContext;
let page: Page;
let browser: BrowserSession;
let downloads: string;
let graph: GraphPayload;
const pageErrors: string[] = [];

async function api<T>(route: string): Promise<T> {
  const res = await fetch(new URL(route, server.url));
  expect(res.status, route).toBe(200);
  return (await res.json()) as T;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

beforeAll(async () => {
  server = await startViewerServer();
  graph = await api<GraphPayload>('/api/graph');
  browser = await launchBrowser({ locale: 'en-US', errors: pageErrors, acceptDownloads: true });
  ({ context, page } = browser);
  downloads = mkdtempSync(path.join(tmpdir(), 'xinlian-downloads-'));
  // Still positions for the screenshots: let ForceAtlas2 finish its budget.
  await openViewer(page, server.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

/**
 * The filter of the journey written out over /api/graph: firms of `industry` in park
 * `park`, and (docs/viewer.md, "Filters") the banks that lend to one of them.
 */
function expectedVisible(industry: string, park: number): string[] {
  const firms = new Set<number>();
  graph.nodes.id.forEach((_, v) => { if (graph.nodes.type[v] === 'firm' && graph.nodes.industry[v] === industry && graph.nodes.park[v] === park) firms.add(v); });
  const banks = new Set<number>();
  graph.edges.kind.forEach((k, e) => { if (k === 'loan' && firms.has(graph.edges.target[e])) banks.add(graph.edges.source[e]); });
  return sorted([...firms, ...banks].map((v) => graph.nodes.id[v]));
}

describe('journey: researcher', () => {
  // The most common industry, and the park holding most of its firms.
  let industry = '';
  let park = -1;
  let visible: string[] = [];

  it('filters the map to one industry in one park', async () => {
    const count = new Map<string, number>();
    graph.nodes.industry.forEach((code, v) => { if (graph.nodes.type[v] === 'firm') count.set(code, (count.get(code) ?? 0) + 1); });
    industry = [...count].sort((a, b) => b[1] - a[1])[0][0];
    const inPark = new Map<number, number>();
    graph.nodes.park.forEach((p, v) => { if (p >= 0 && graph.nodes.industry[v] === industry) inPark.set(p, (inPark.get(p) ?? 0) + 1); });
    park = [...inPark].sort((a, b) => b[1] - a[1])[0][0];
    visible = expectedVisible(industry, park);
    expect(visible.length).toBeGreaterThan(2);

    await page.click('[data-testid="filter-industry-summary"]');
    await page.check(`[data-testid="filter-industry"] input[data-industry="${industry}"]`);
    await page.click('[data-testid="filter-park-summary"]');
    await page.check(`[data-testid="filter-park"] input[data-park-index="${park}"]`);

    const state = await page.evaluate(() => {
      const s = window.xinlianViewer!.state();
      return { industries: [...s.filters.industries], parks: [...s.filters.parks] };
    });
    expect(state).toEqual({ industries: [industry], parks: [park] });
    expect(sorted(await page.evaluate(() => window.xinlianViewer!.visibleNodes()))).toEqual(visible);
    const firms = visible.filter((id) => graph.nodes.type[graph.nodes.id.indexOf(id)] === 'firm').length;
    expect(await page.getAttribute('[data-testid="visible-count"]', 'data-firms')).toBe(String(firms));
    expect(await page.getAttribute('[data-testid="visible-count"]', 'data-banks')).toBe(String(visible.length - firms));
    const totalFirms = graph.nodes.type.filter((x) => x === 'firm').length;
    expect(await page.textContent('[data-testid="visible-count"]')).toBe(
      `${formatNumber('en', firms, 0)} of ${formatNumber('en', totalFirms, 0)} firms shown, ${formatNumber('en', visible.length - firms, 0)} banks`);
    // A filtered-out firm is hidden on the canvas, a kept one is drawn.
    const hiddenFirm = graph.nodes.id.find((id, v) => graph.nodes.type[v] === 'firm' && graph.nodes.industry[v] !== industry)!;
    expect((await page.evaluate((id) => window.xinlianViewer!.drawnNode(id), hiddenFirm))!.hidden).toBe(true);
    expect((await page.evaluate((id) => window.xinlianViewer!.drawnNode(id), visible[0]))!.hidden).toBe(false);
  });

  it('exports the visible subgraph as GEXF that the repo reader parses to the same nodes', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-gexf"]')]);
    expect(download.suggestedFilename()).toMatch(/\.gexf$/);
    const file = path.join(downloads, 'view.gexf');
    await download.saveAs(file);
    const { dataset } = await readDataset(file);
    const ids = sorted([...dataset.firms.map((f) => f.id), ...dataset.banks.map((b) => b.id)]);
    expect(ids).toEqual(visible);
    expect(ids).toEqual(sorted(await page.evaluate(() => window.xinlianViewer!.visibleNodes())));
    // Every firm is of the industry and park filtered on; every loan runs between shown nodes.
    expect(new Set(dataset.firms.map((f) => f.industry))).toEqual(new Set([industry]));
    expect(new Set(dataset.firms.map((f) => f.park_id))).toEqual(new Set([graph.parks[park].id]));
    const expectedLoans = graph.edges.kind.filter((k, e) => k === 'loan' && visible.includes(graph.nodes.id[graph.edges.source[e]]) && visible.includes(graph.nodes.id[graph.edges.target[e]])).length;
    expect(dataset.loans).toHaveLength(expectedLoans);
  });

  it('colours by systemic impact with the colour of each firm\'s rank in the API values', async () => {
    await page.waitForSelector('[data-testid="layout-toggle"][data-running="false"]', { timeout: 60_000 });
    await page.waitForTimeout(300);
    const drawsBefore = await page.evaluate(() => window.xinlianViewer!.tieDraws());
    await page.selectOption('[data-testid="map-color"]', 'impact');
    await page.waitForSelector('[data-testid="legend-color"][data-color-by="impact"][data-state="ready"]', { timeout: 60_000 });
    await page.waitForFunction(() => window.xinlianViewer!.measuresReady());
    // A colouring repaints the nodes only: the tie canvases are neither re-uploaded nor redrawn.
    expect(await page.evaluate(() => window.xinlianViewer!.tieDraws())).toEqual(drawsBefore);
    await page.click('[data-testid="zoom-fit"]');
    await page.evaluate(() => document.getElementById('legend')!.scrollTo(0, 0));
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'researcher-impact.png') });
    const m = await api<MeasuresPayload>('/api/measures?names=impact');
    const column = m.columns.impact!;
    const values = column.filter((x): x is number => x !== null);
    // Rank scale (docs/viewer.md): t = share of valued firms with a strictly lower impact, over (count − 1).
    const t = (x: number) => values.filter((y) => y < x).length / (values.length - 1);
    const shown = visible.filter((id) => graph.nodes.type[graph.nodes.id.indexOf(id)] === 'firm');
    for (const id of shown) {
      const x = column[graph.nodes.id.indexOf(id)]!;
      const drawn = await page.evaluate((node) => window.xinlianViewer!.drawnNode(node), id);
      expect(drawn!.color, id).toBe(rampColor(VIRIDIS, t(x)));
    }
    // The legend's range is the API's.
    const max = Math.max(...values), min = Math.min(...values);
    expect(Number(await page.getAttribute('.legend-ramp-labels[data-max]', 'data-max'))).toBe(max);
    expect(Number(await page.getAttribute('.legend-ramp-labels[data-max]', 'data-min'))).toBe(min);
    expect(await page.textContent('[data-testid="ramp-max"]')).toContain(formatNumber('en', max, Math.max(2, 2 - Math.floor(Math.log10(max)))));
  });

  it('paints a new colouring on the canvas (colour texture, no sigma refresh)', async () => {
    const before = await page.evaluate(() => window.xinlianViewer!.repaints().count);
    await page.selectOption('[data-testid="map-color"]', 'industry');
    await page.waitForFunction((n) => window.xinlianViewer!.repaints().count > n, before);
    await page.waitForTimeout(200);
    // A shown firm no other shown node overlaps, and the screen pixel at its centre.
    const target = await page.evaluate((ids) => {
      const v = window.xinlianViewer!;
      const rect = v.containerRect();
      const nodes = v.visibleNodes().map((id) => ({ id, p: v.nodeViewportPosition(id)!, r: v.nodeRadius(id)! }));
      const free = nodes.filter((a) => ids.includes(a.id) && a.r >= 3 && a.p.x > 260 && a.p.x < rect.width - 420 && a.p.y > 60 && a.p.y < rect.height - 20
        && nodes.every((b) => b === a || Math.hypot(a.p.x - b.p.x, a.p.y - b.p.y) > a.r + b.r + 2));
      const best = free.sort((a, b) => b.r - a.r)[0];
      return best ? { id: best.id, x: rect.left + best.p.x, y: rect.top + best.p.y, color: v.drawnNode(best.id)!.color } : null;
    }, visible.filter((id) => graph.nodes.type[graph.nodes.id.indexOf(id)] === 'firm'));
    expect(target).not.toBeNull();
    const png = await page.screenshot({ clip: { x: Math.round(target!.x), y: Math.round(target!.y), width: 1, height: 1 } });
    const rgba = await page.evaluate(async (b64) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))], { type: 'image/png' }));
      const c = document.createElement('canvas');
      c.width = c.height = 1;
      const g = c.getContext('2d')!;
      g.drawImage(bitmap, 0, 0);
      return [...g.getImageData(0, 0, 1, 1).data];
    }, png.toString('base64'));
    await page.selectOption('[data-testid="map-color"]', 'impact');
    await page.waitForFunction(() => window.xinlianViewer!.measuresReady());
    const want = [1, 3, 5].map((i) => parseInt(target!.color.slice(i, i + 2), 16));
    for (let k = 0; k < 3; k++) expect(Math.abs(rgba[k]! - want[k]!), `${target!.id} ${target!.color} drawn as ${rgba}`).toBeLessThanOrEqual(3);
  });

  it('exports the view as a PNG of the canvas size', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-png"]')]);
    const file = path.join(downloads, 'view.png');
    await download.saveAs(file);
    const png = readFileSync(file);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const canvas = await page.evaluate(() => { const c = document.querySelector<HTMLCanvasElement>('.sigma-nodes')!; return { w: c.width, h: c.height }; });
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect({ w: png.readUInt32BE(16), h: png.readUInt32BE(20) }).toEqual(canvas);

    // The ties are in the picture (render/ties.ts draws them on canvases of their own, in a
    // worker): with every tie kind switched off, fewer pixels differ from the background.
    const inked = (bytes: Buffer) => page.evaluate(async (b64) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))], { type: 'image/png' }));
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = c.getContext('2d')!;
      g.drawImage(bitmap, 0, 0);
      const px = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] !== px[0] || px[i + 1] !== px[1] || px[i + 2] !== px[2]) n++;
      return n;
    }, bytes.toString('base64'));
    const withTies = await inked(png);
    // The legend is rebuilt after each switch: click by selector, one kind at a time.
    const shownKinds = await page.$$eval('.edge-toggle[data-state="on"]', (els) => els.map((e) => e.getAttribute('data-edge-kind')!));
    const toggle = async (kinds: string[]) => { for (const k of kinds) await page.click(`.edge-toggle[data-edge-kind="${k}"]`); };
    await toggle(shownKinds);
    const [bare] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-png"]')]);
    await bare.saveAs(file);
    const withoutTies = await inked(readFileSync(file));
    await toggle(shownKinds);
    expect(await page.$$eval('.edge-toggle[data-state="on"]', (els) => els.length)).toBe(shownKinds.length);
    expect(shownKinds.length).toBeGreaterThan(0);
    expect(withoutTies).toBeGreaterThan(0); // the nodes
    expect(withTies).toBeGreaterThan(withoutTies * 1.2);
  });

  it('restores layer, colour, size, filters and selection from the shared link in a new page', async () => {
    await page.selectOption('[data-testid="map-layer"]', 'guarantee');
    await page.selectOption('[data-testid="map-size"]', 'degree');
    // A firm still shown in the guarantee layer: one of the filtered firms with a guarantee tie.
    const withGuarantee = new Set<string>();
    graph.edges.kind.forEach((k, e) => { if (k === 'guarantee') { withGuarantee.add(graph.nodes.id[graph.edges.source[e]]); withGuarantee.add(graph.nodes.id[graph.edges.target[e]]); } });
    const firm = visible.find((id) => withGuarantee.has(id) && graph.nodes.type[graph.nodes.id.indexOf(id)] === 'firm')!;
    expect(firm).toBeDefined();
    await page.fill('[data-testid="search"]', firm);
    await page.waitForSelector(`#search-suggestions [data-node="${firm}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`#panel[data-node="${firm}"][data-state="ready"]`);

    const before = await page.evaluate(() => window.xinlianViewer!.visibleNodes());
    const link = await page.inputValue('[data-testid="share-url"]');
    expect(new URL(link).hash).toContain('layer=guarantee');
    expect(link).toBe(page.url());
    await page.waitForTimeout(600); // camera
    await page.screenshot({ path: path.join(SCREENSHOTS, 'researcher-selected.png') });

    const other = await context.newPage();
    collectErrors(other, pageErrors);
    await other.goto(link);
    await other.waitForSelector('html[data-ready="true"]', { timeout: 60_000 });
    await other.waitForSelector(`#panel[data-node="${firm}"][data-state="ready"]`);
    const state = await other.evaluate(() => {
      const s = window.xinlianViewer!.state();
      return { layer: s.layer, colorBy: s.colorBy, sizeBy: s.sizeBy, industries: [...s.filters.industries], parks: [...s.filters.parks], selectedNode: s.selectedNode };
    });
    expect(state).toEqual({ layer: 'guarantee', colorBy: 'impact', sizeBy: 'degree', industries: [industry], parks: [park], selectedNode: firm });
    expect(await other.evaluate(() => window.xinlianViewer!.visibleNodes())).toEqual(before);
    expect(await other.inputValue('[data-testid="map-layer"]')).toBe('guarantee');
    expect(await other.inputValue('[data-testid="map-color"]')).toBe('impact');
    expect(await other.inputValue('[data-testid="map-size"]')).toBe('degree');
    expect(await other.isChecked(`[data-testid="filter-industry"] input[data-industry="${industry}"]`)).toBe(true);
    expect(await other.isChecked(`[data-testid="filter-park"] input[data-park-index="${park}"]`)).toBe(true);
    await other.waitForSelector('[data-testid="legend-color"][data-state="ready"]', { timeout: 60_000 });
    // The journey's end: the restored view, the left column at its top (layer, colour, legend).
    await other.evaluate(() => document.getElementById('legend')!.scrollTo(0, 0));
    // The new page runs its own layout: let it settle, then frame the whole map.
    await other.waitForSelector('[data-testid="layout-toggle"][data-running="false"]', { timeout: 120_000 });
    await other.click('[data-testid="zoom-fit"]');
    await other.waitForTimeout(800); // camera
    await other.screenshot({ path: path.join(SCREENSHOTS, 'researcher.png') });
    await other.close();
  }, 240_000);

  it('raised no page error', () => {
    expect(pageErrors).toEqual([]);
  });
});
