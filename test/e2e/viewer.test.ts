/**
 * End-to-end: the real server (src/server) on a real dataset, the built viewer
 * (dist/web, `vite build`), driven in Debian's Chromium through playwright-core.
 * Checks the first paint, search → panel, a real canvas click on a node at the
 * position sigma reports (graphToViewport), the panel's loan count against the
 * API, an edge-kind switch, the language switch and its persistence, Escape,
 * and that no data string is ever parsed as markup. Screenshots go to
 * test-artifacts/ (gitignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { FirmDetail, GraphPayload } from '../../web/src/api/index.ts';
import { HOSTILE, ROOT, startViewerServer, writeHostileDataset, type RunningServer } from './server.ts';

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The server's policy minus 'unsafe-inline' for styles (docs/viewer.md, "Security"). */
const STRICT_CSP = "default-src 'self'; script-src 'self'; worker-src 'self' blob:; img-src 'self' data: blob:; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

let server: RunningServer;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let graph: GraphPayload;
const pageErrors: string[] = [];

async function api<T>(route: string): Promise<T> {
  const res = await fetch(new URL(route, server.url));
  expect(res.status, route).toBe(200);
  return (await res.json()) as T;
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (tools/test-setup.js does it)`);
  // The server serves dist/web; build it when this suite runs alone (npm test builds it first).
  if (!existsSync(path.join(ROOT, 'dist/web/index.html'))) execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'ignore' });
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startViewerServer();
  graph = await api<GraphPayload>('/api/graph');
  userDataDir = mkdtempSync(path.join(tmpdir(), 'xinlian-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (msg) => {
    // A CSP violation is reported on the console; treat it as a failure like a page error.
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  await page.goto(server.url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 60_000 });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

describe('viewer in Chromium against the real server', () => {
  it('draws the whole graph and the summary on first paint', async () => {
    const counts = await page.evaluate(() => window.xinlianViewer!.counts());
    expect(counts).toEqual({ nodes: graph.nodes.id.length, edges: graph.edges.kind.length });
    // Browser language zh-CN → Chinese labels, and <html lang> follows.
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('.legend-title')).toBe('图例');
    const firms = graph.nodes.type.filter((x) => x === 'firm').length;
    expect(await page.textContent('[data-stat="firms"] dd')).toBe(firms.toLocaleString('zh-CN'));
    expect(await page.textContent('[data-testid="dataset-name"]')).toBe(graph.meta.name);
    // The canvas is not blank: sigma drew nodes.
    const drawn = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('.sigma-nodes');
      return canvas !== null && canvas.width > 0;
    });
    expect(drawn).toBe(true);
    // ForceAtlas2 starts by itself and stops after its iteration budget; then the button
    // restarts and stops it (the rest of the suite wants still positions and a quiet CPU).
    const toggle = '[data-testid="layout-toggle"]';
    await page.waitForSelector(`${toggle}[data-running="false"]`, { timeout: 90_000 });
    const timings = await page.evaluate(() => window.xinlianViewer!.timings());
    expect(timings.layoutIterations).toBe(300); // LAYOUT_DEFAULTS.maxIterations: it stopped by itself
    expect(timings.firstRender).toBeGreaterThanOrEqual(timings.dataLoaded);
    expect(timings.layoutStopped).toBeGreaterThan(timings.firstRender!);
    // Recorded, not asserted: wall-clock figures depend on the machine (docs/viewer.md quotes them).
    writeFileSync(path.join(ARTIFACTS, 'viewer-timings.json'), JSON.stringify({ ...timings, nodes: graph.nodes.id.length, edges: graph.edges.kind.length }, null, 2));
    // Run restarts it for another budget of iterations. Once converged those can finish
    // within a frame or two, so Stop is pressed only if it is still running; either way
    // it must end stopped and stay still.
    await page.click(toggle);
    await page.waitForFunction(() => window.xinlianViewer!.timings().layoutIterations > 300);
    if ((await page.getAttribute(toggle, 'data-running')) === 'true') await page.click(toggle);
    await page.waitForSelector(`${toggle}[data-running="false"][aria-pressed="false"]`);
    const stoppedAt = await page.evaluate(() => window.xinlianViewer!.timings().layoutIterations);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => window.xinlianViewer!.timings().layoutIterations)).toBe(stoppedAt);
    await shot('viewer-overview');
  }, 150_000);

  it('finds a firm by name, opens its panel with the API loan count, closes on Escape', async () => {
    // The largest borrower: it has loans, and its name is data from the dataset.
    let firm = -1;
    for (let v = 0; v < graph.nodes.id.length; v++) {
      if (graph.nodes.type[v] === 'firm' && (firm < 0 || graph.nodes.borrowing[v] > graph.nodes.borrowing[firm])) firm = v;
    }
    const id = graph.nodes.id[firm];
    const name = graph.nodes.name[firm];
    const detail = await api<FirmDetail>(`/api/firms/${encodeURIComponent(id)}`);
    expect(detail.loans.length).toBeGreaterThan(0);

    await page.click('[data-testid="search"]');
    // Paste all but the last character, type that one: both input paths run the search.
    await page.fill('[data-testid="search"]', name.slice(0, -1));
    await page.keyboard.type(name.slice(-1));
    await page.waitForSelector(`#search-suggestions [data-node="${id}"]`);
    // Keyboard navigation: move the active option to our firm, then Enter.
    const options = await page.$$eval('#search-suggestions [role="option"]', (els) => els.map((e) => e.getAttribute('data-node')));
    for (let i = 0; i < options.indexOf(id); i++) await page.keyboard.press('ArrowDown');
    expect(await page.getAttribute('[data-testid="search"]', 'aria-activedescendant')).toBe(`search-suggestions-${options.indexOf(id)}`);
    await page.keyboard.press('Enter');

    await page.waitForSelector('#panel[data-state="ready"]');
    expect(await page.textContent('[data-testid="panel-name"]')).toBe(name);
    expect(await page.getAttribute('#panel [data-section="loans"]', 'data-count')).toBe(String(detail.loans.length));
    expect(await page.textContent('#panel [data-section="loans"] .count')).toBe(String(detail.loans.length));
    expect(await page.$$eval('#panel [data-section="loans"] tbody tr', (rows) => rows.length)).toBe(detail.loans.length);
    expect(await page.$$eval('#panel [data-section="guaranteesReceived"] tbody tr', (rows) => rows.length)).toBe(detail.guaranteesReceived.length);
    expect(await page.evaluate(() => window.xinlianViewer!.state().selectedNode)).toBe(id);
    expect(new URL(page.url()).hash).toBe(`#node=${encodeURIComponent(id)}`);
    await page.waitForTimeout(600); // camera animation
    await shot('viewer-firm-panel');

    // Financials: one table row per year, one bar per known revenue and per known EBIT.
    expect(await page.$$eval('#panel [data-section="financials"] tbody tr', (rows) => rows.length)).toBe(detail.financials.length);
    const bars = detail.financials.reduce((k, r) => k + (r.revenue !== undefined ? 1 : 0) + (r.ebit !== undefined ? 1 : 0), 0);
    expect(await page.$$eval('#panel .chart-financials rect:not(.chart-legend rect)', (rects) => rects.length)).toBe(bars);

    // Walk to the lending bank from the loans table: the bank's panel lists its loans from the graph.
    const bankId = detail.loans[0].bank_id;
    const bankIndex = graph.nodes.id.indexOf(bankId);
    const bankLoans = graph.edges.kind.filter((k, e) => k === 'loan' && graph.edges.source[e] === bankIndex).length;
    await page.click(`#panel [data-section="loans"] [data-node="${bankId}"] >> nth=0`);
    await page.waitForSelector(`#panel[data-node="${bankId}"][data-state="ready"]`);
    expect(await page.textContent('[data-testid="panel-name"]')).toBe(graph.nodes.name[bankIndex]);
    expect(await page.getAttribute('#panel [data-section="loans"]', 'data-count')).toBe(String(bankLoans));

    await page.keyboard.press('Escape'); // the search list is closed already → Escape closes the panel
    await page.waitForSelector('#panel', { state: 'hidden' });
    expect(await page.evaluate(() => window.xinlianViewer!.state().selectedNode)).toBeNull();
  });

  it('selects a firm by a real click on the canvas at its sigma viewport position', async () => {
    // The layout was stopped in the first test, so positions hold still between reading and clicking.
    expect(await page.getAttribute('[data-testid="layout-toggle"]', 'data-running')).toBe('false');
    await page.click('[data-testid="zoom-fit"]');
    // Positions are read from sigma, so the camera must have finished its animation.
    await page.waitForFunction(() => !window.xinlianViewer!.cameraMoving());

    // A firm whose disc no other node overlaps, inside the canvas, clear of the legend card and
    // of every overlay (the topmost element at its centre belongs to sigma's container).
    const firmIds = graph.nodes.id.filter((_, v) => graph.nodes.type[v] === 'firm');
    const pickTarget = () => page.evaluate((ids) => {
      const hook = window.xinlianViewer!;
      const rect = hook.containerRect();
      const container = document.getElementById('graph')!;
      const legend = document.getElementById('legend')!.getBoundingClientRect();
      const items = ids.map((id) => ({ id, p: hook.nodeViewportPosition(id)!, r: hook.nodeRadius(id)! }));
      const clear = items
        .filter(({ p, r }) => p.x > legend.right - rect.left + 20 && p.x < rect.width - 20 && p.y > 20 && p.y < rect.height - 20 && r >= 4)
        .filter(({ p }) => container.contains(document.elementFromPoint(rect.left + p.x, rect.top + p.y)))
        .filter((a) => items.every((b) => b === a || Math.hypot(a.p.x - b.p.x, a.p.y - b.p.y) > a.r + b.r + 2))
        .sort((a, b) => b.r - a.r);
      return clear.length ? { id: clear[0].id, x: rect.left + clear[0].p.x, y: rect.top + clear[0].p.y } : null;
    }, firmIds);

    // sigma picks nodes from a buffer drawn with each frame: let two frames pass before each
    // click, and read the positions again for each attempt (at most 3 real clicks).
    let target: { id: string; x: number; y: number } | null = null;
    for (let attempt = 1; ; attempt++) {
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      target = await pickTarget();
      expect(target).not.toBeNull();
      await page.mouse.move(target!.x, target!.y);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      await page.mouse.click(target!.x, target!.y);
      try {
        await page.waitForSelector('#panel[data-state="ready"]', { timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    expect(await page.evaluate(() => window.xinlianViewer!.state().selectedNode)).toBe(target!.id);
    const detail = await api<FirmDetail>(`/api/firms/${encodeURIComponent(target!.id)}`);
    expect(await page.textContent('[data-testid="panel-name"]')).toBe(detail.firm.name);
    expect(await page.getAttribute('#panel [data-section="loans"]', 'data-count')).toBe(String(detail.loans.length));
    await page.click('[data-testid="panel-close"]');
    await page.waitForSelector('#panel', { state: 'hidden' });
  });

  it('switches an edge kind off and on from the legend', async () => {
    const toggle = '[data-edge-kind="loan"]';
    expect(await page.getAttribute(toggle, 'aria-checked')).toBe('true');
    const draws = await page.evaluate(() => window.xinlianViewer!.tieDraws());
    await page.click(toggle);
    // The shown tie set changed: the base canvas got a new tie array and was redrawn.
    await page.waitForFunction((before) => window.xinlianViewer!.tieDraws().base > before, draws.base);
    expect((await page.evaluate(() => window.xinlianViewer!.tieDraws())).uploads).toBeGreaterThan(draws.uploads);
    expect(await page.getAttribute(toggle, 'aria-checked')).toBe('false');
    expect(await page.getAttribute(toggle, 'data-state')).toBe('off');
    expect(await page.evaluate(() => [...window.xinlianViewer!.state().hiddenEdgeKinds])).toEqual(['loan']);
    await shot('viewer-loans-hidden');
    await page.keyboard.press('Space'); // the re-rendered switch kept keyboard focus
    expect(await page.getAttribute(toggle, 'aria-checked')).toBe('true');
    expect(await page.evaluate(() => [...window.xinlianViewer!.state().hiddenEdgeKinds])).toEqual([]);
  });

  it('switches to English, and the choice survives a reload', async () => {
    const zhLegend = await page.textContent('.legend-title');
    const zhPlaceholder = await page.getAttribute('[data-testid="search"]', 'placeholder');
    await page.click('[data-testid="lang-switch"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('.legend-title')).toBe('Legend');
    expect(await page.textContent('[data-stat="firms"] dt')).toBe('Firms');
    expect(await page.getAttribute('[data-testid="search"]', 'placeholder')).toBe('Search firm or bank by name or id');
    expect(zhLegend).not.toBe('Legend');
    expect(zhPlaceholder).not.toBe('Search firm or bank by name or id');
    expect(await page.title()).toBe('xinlian · credit graph viewer');

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('.legend-title')).toBe('Legend');
    await page.waitForSelector('[data-testid="layout-toggle"][data-running="false"]', { timeout: 90_000 });
    await shot('viewer-en');

    // The panel in English, picked by id this time (ids are searchable too).
    const id = graph.nodes.id[graph.nodes.type.indexOf('firm')];
    await page.fill('[data-testid="search"]', id);
    await page.waitForSelector(`#search-suggestions [data-node="${id}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#panel[data-state="ready"]');
    expect(await page.textContent('#panel [data-section="loans"] h3 span')).toBe('Loans');
    await page.waitForTimeout(800);
    await shot('viewer-en-panel');

    // The selection is in the URL: a reload (or a shared link) opens the same panel.
    await page.reload();
    await page.waitForSelector('#panel[data-state="ready"]');
    expect(await page.getAttribute('#panel', 'data-node')).toBe(id);
  }, 150_000);

  it('draws the ties on the page itself when the browser has no OffscreenCanvas', async () => {
    const other = await context.newPage();
    const errors: string[] = [];
    other.on('pageerror', (e) => errors.push(e.message));
    await other.addInitScript('delete window.OffscreenCanvas;');
    await other.goto(server.url);
    await other.waitForSelector('html[data-ready="true"]', { timeout: 60_000 });
    await other.waitForFunction(() => window.xinlianViewer!.tieDraws().base > 0);
    // A page-owned WebGL canvas kept its drawing buffer (preserveDrawingBuffer): count inked pixels.
    const inked = await other.evaluate(async () => {
      const bitmap = await createImageBitmap(document.querySelector<HTMLCanvasElement>('canvas.xinlian-ties')!);
      const c = document.createElement('canvas');
      c.width = bitmap.width;
      c.height = bitmap.height;
      const g = c.getContext('2d')!;
      g.drawImage(bitmap, 0, 0);
      const px = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(10_000);
    // Drawn by the page: its context is the page's (a canvas handed to a worker has none here).
    expect(await other.evaluate(() => document.querySelector<HTMLCanvasElement>('canvas.xinlian-ties')!.getContext('webgl2') !== null)).toBe(true);
    expect(await page.evaluate(() => {
      try { return document.querySelector<HTMLCanvasElement>('canvas.xinlian-ties')!.getContext('webgl2') !== null; } catch { return false; }
    })).toBe(false);
    expect(errors).toEqual([]);
    await other.close();
  });

  it('raised no page error and no CSP violation', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('data is shown as text, never run as markup', () => {
  let hostile: RunningServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xinlian-hostile-'));
    writeHostileDataset(dir);
    hostile = await startViewerServer(dir);
  });
  afterAll(async () => {
    await hostile?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders markup-like names literally in the header, legend, search and panel', async () => {
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (error) => errors.push(error.message));
    p.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    // Serve this page under a stricter policy than the server's: no 'unsafe-inline'
    // styles either. Any violation is a console error, so the viewer is shown to need none.
    await p.route(hostile.url, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers(), 'content-security-policy': STRICT_CSP };
      await route.fulfill({ response, headers });
    });
    await p.goto(hostile.url);
    await p.waitForSelector('html[data-ready="true"]');
    expect(await p.textContent('[data-testid="dataset-name"]')).toBe('<i>hostile</i>');
    expect(await p.textContent('[data-park="P1"] .legend-name')).toBe(HOSTILE.park);

    await p.fill('[data-testid="search"]', '恶意');
    await p.waitForSelector('#search-suggestions [data-node="F1"]');
    expect(await p.textContent('#search-suggestions [data-node="F1"] .search-name')).toBe(HOSTILE.firm);
    await p.keyboard.press('Enter');
    await p.waitForSelector('#panel[data-state="ready"]');
    expect(await p.textContent('[data-testid="panel-name"]')).toBe(HOSTILE.firm);
    expect(await p.textContent('#panel [data-section="loans"] tbody .link')).toBe(HOSTILE.bank);
    expect(await p.textContent('#panel [data-section="guaranteesReceived"] tbody .link')).toBe(HOSTILE.firm2);
    await p.hover('#panel [data-section="loans"] tbody .link');

    const injected = await p.evaluate(() => ({
      flag: (window as unknown as { __xss?: number }).__xss ?? null,
      handlers: document.querySelectorAll('[onerror], [onload], [onmouseover]').length,
      bodyScripts: document.querySelectorAll('body script').length,
    }));
    expect(injected).toEqual({ flag: null, handlers: 0, bodyScripts: 0 });
    expect(errors).toEqual([]);
    await p.screenshot({ path: path.join(ARTIFACTS, 'viewer-hostile-names.png') });
    // The stricter policy was really in force: an inline style attribute is refused.
    const refused = await p.evaluate(() => new Promise<boolean>((resolve) => {
      document.addEventListener('securitypolicyviolation', () => resolve(true), { once: true });
      document.body.setAttribute('style', 'outline: 1px solid red');
      setTimeout(() => resolve(false), 2000);
    }));
    expect(refused).toBe(true);
    await p.close();
  });
});
