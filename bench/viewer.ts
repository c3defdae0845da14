/**
 * Viewer benchmark (issue 7, "Scale"): the real server on a generated cluster and the
 * built viewer (dist/web) in headless Chromium (playwright-core, /usr/bin/chromium,
 * software WebGL), measuring what the issue sets goals for:
 *   - page load → first full render (navigation start → sigma's first frame), ≤ 10 s;
 *   - a real click on a firm → firm panel shown (mousedown → panel visible and painted), ≤ 100 ms;
 *   - a colour-layer change through the map's colour control (`[data-testid="map-color"]`)
 *     → the frame after the map's repaint, ≤ 200 ms, and the main-thread long tasks (PerformanceObserver
 *     'longtask', > 50 ms) in that window (issue: no freeze over 200 ms);
 * plus the server side (GET /api/graph: build + serialise once, bytes) and the layout
 * (ForceAtlas2 worker: iterations, time to stop). Click and colour figures are taken twice:
 * while the layout still runs, and after it stopped.
 *
 *   node --import tsx bench/viewer.ts [firms|demo] [seed] [--profile]     (default 100000 1)
 * `--profile` records a CPU profile of the page from navigation to the first render (Chrome
 * DevTools Protocol) and prints the functions with the most self time, then stops; readable
 * names need an unminified build:
 *   npx vite build --minify false --outDir ../bench/out/web-profile
 *   XINLIAN_WEB_ROOT=bench/out/web-profile node --import tsx bench/viewer.ts 100000 1 --profile
 * (`--profile --profile-after=40` profiles the 40 s after the first render instead, and
 * `--profile --profile-click` one click on a firm until its panel is filled, and
 * `--profile --profile-colour` one colour change until the map is repainted).
 * The server runs as `xinlian serve` in its own process (as users run it), so a long analysis
 * request of the page cannot stall this process's conversation with Chromium.
 * The dataset is bench/out/gen-<firms>-<seed> (bench/dataset.ts makes it once). Build the
 * viewer first (`npx vite build`). Prints JSON and writes bench/out/viewer-<firms>.json.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { spawn, type ChildProcess } from 'node:child_process';
import { ensureDataset } from './dataset.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
/** The built viewer; XINLIAN_WEB_ROOT points elsewhere (e.g. an unminified build for --profile). */
const WEB_ROOT = process.env.XINLIAN_WEB_ROOT ?? path.join(root, 'dist/web');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const GOALS = Object.freeze({ firstRenderMs: 10_000, clickToPanelMs: 100, colourChangeMs: 200, longTaskMs: 200 });
/** Longest wait for a panel after a click (a miss — the stage or a covered node — gives none). */
const CLICK_WAIT_MS = 60_000;
/** Clicks that opened a panel, and colour changes, measured per phase. */
const CLICKS = 2;
const COLOURS = ['industry', 'park'];
/** Longest wait for ForceAtlas2 to stop by itself before the benchmark stops it. */
const LAYOUT_WAIT_MS = 240_000;

/** The map's colour control: `color-by` as the brief names it, `map-color` as panels/map-controls.ts ships it. */
const COLOR_CONTROL = '[data-testid="color-by"], [data-testid="map-color"]';

/** `xinlian serve DIR --port 0 --json` in a child process; resolves with its URL once it listens. */
function startServeProcess(dir: string): Promise<{ url: string; child: ChildProcess; seconds: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin/xinlian.js'), 'serve', dir, '--port', '0', '--web', WEB_ROOT, '--json'], {
    cwd: root, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      try {
        const { url } = JSON.parse(out) as { url: string };
        resolve({ url, child, seconds: (performance.now() - t0) / 1000 });
      } catch {
        // Not a whole JSON object yet.
      }
    });
    child.on('exit', (code) => reject(new Error(`xinlian serve exited with ${code} before listening`)));
  });
}

const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const round = (x: number) => Math.round(x * 10) / 10;

interface ClickFigures { node: string; shownMs: number; readyMs: number | null; longTasksMs: number[] }
interface ColourFigures { from: string; to: string; handlerMs: number; paintedMs: number; longTasksMs: number[]; tieDraws: number }

/** Installs the long-task observer once (buffered, so tasks before it are kept). */
async function observeLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks?: { start: number; duration: number }[] };
    if (w.__longTasks) return;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

async function longTasksBetween(page: Page, t0: number, t1: number): Promise<number[]> {
  return page.evaluate(([a, b]) => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    return w.__longTasks.filter((t) => t.start + t.duration >= a && t.start <= b).map((t) => Math.round(t.duration));
  }, [t0, t1] as const);
}

/** A real mouse click on the firm at its sigma viewport position; times to the panel shown and filled. */
async function clickFirm(page: Page, exclude: Set<string>): Promise<ClickFigures | null> {
  await page.evaluate(() => {
    const w = window as unknown as { __click?: { t0: number; shown: number | null; ready: number | null } };
    const panel = document.getElementById('panel')!;
    const rec = { t0: 0, shown: null as number | null, ready: null as number | null };
    w.__click = rec;
    document.addEventListener('mousedown', () => { rec.t0 = performance.now(); }, { capture: true, once: true });
    const check = () => {
      if (rec.t0 === 0) return;
      if (rec.shown === null && !panel.hidden) requestAnimationFrame(() => { rec.shown ??= performance.now(); });
      if (rec.ready === null && panel.dataset.state === 'ready') requestAnimationFrame(() => { rec.ready ??= performance.now(); });
    };
    new MutationObserver(check).observe(panel, { attributes: true, childList: true, subtree: true });
  });
  // Large firms first (the easiest targets); skip ones another node covers (sigma picks the top one).
  const target = await page.evaluate((skip) => {
    const v = window.xinlianViewer!;
    const rect = v.containerRect();
    const ids = v.visibleNodes().filter((id) => id.startsWith('F') && !skip.includes(id));
    const scored = ids.map((id) => ({ id, r: v.nodeRadius(id) ?? 0, p: v.nodeViewportPosition(id) }))
      .filter((x) => x.p !== null && x.p.x > 700 && x.p.x < rect.width - 440 && x.p.y > 40 && x.p.y < rect.height - 40)
      .sort((a, b) => b.r - a.r);
    const best = scored[0];
    return best ? { id: best.id, x: rect.left + best.p!.x, y: rect.top + best.p!.y } : null;
  }, [...exclude]);
  if (!target) return null;
  exclude.add(target.id);
  await page.mouse.click(target.x, target.y);
  try {
    await page.waitForFunction(() => (window as unknown as { __click: { shown: number | null } }).__click.shown !== null, undefined, { timeout: CLICK_WAIT_MS });
  } catch {
    return null; // the click hit the stage or another node's edge: no panel
  }
  await page.waitForFunction(() => (window as unknown as { __click: { ready: number | null } }).__click.ready !== null, undefined, { timeout: 30_000 }).catch(() => undefined);
  const rec = await page.evaluate(() => (window as unknown as { __click: { t0: number; shown: number; ready: number | null } }).__click);
  const node = (await page.evaluate(() => window.xinlianViewer!.state().selectedNode)) ?? target.id;
  const longTasksMs = await longTasksBetween(page, rec.t0, rec.ready ?? rec.shown);
  // Close the panel for the next measurement.
  await page.keyboard.press('Escape');
  await page.waitForSelector('#panel', { state: 'hidden', timeout: 180_000 });
  return { node, shownMs: round(rec.shown - rec.t0), readyMs: rec.ready === null ? null : round(rec.ready - rec.t0), longTasksMs };
}

/** Switch the colouring through the map's own control and time it to the next painted frame. */
async function changeColour(page: Page, to: string): Promise<ColourFigures> {
  const r = await page.evaluate(async ([value, selector]) => {
    const select = document.querySelector<HTMLSelectElement>(selector);
    if (!select) throw new Error(`no colour control (${selector}) on the page`);
    const from = select.value;
    const before = window.xinlianViewer!.repaints().count;
    const draws = window.xinlianViewer!.tieDraws();
    const t0 = performance.now();
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    const t1 = performance.now();
    // The map's repaint for this change has run (large graphs defer it past the next frame) and the frame after it is painted.
    const v = window.xinlianViewer!;
    while (v.repaints().count === before) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    const t2 = performance.now();
    const after = v.tieDraws();
    return { from, t0, t1, t2, tieDraws: after.base + after.front - draws.base - draws.front };
  }, [to, COLOR_CONTROL] as const);
  const longTasksMs = await longTasksBetween(page, r.t0, r.t2);
  return { from: r.from, to, handlerMs: round(r.t1 - r.t0), paintedMs: round(r.t2 - r.t0), longTasksMs, tieDraws: r.tieDraws };
}

async function interactions(page: Page, label: string) {
  const clicks: ClickFigures[] = [];
  const tried = new Set<string>();
  for (let attempt = 0; clicks.length < CLICKS && attempt < 3; attempt++) {
    const c = await clickFirm(page, tried);
    log(`${label}: click ${JSON.stringify(c)}`);
    if (c) clicks.push(c);
  }
  const colours: ColourFigures[] = [];
  // industry and park need no analysis column from the server: the figure is the map's own work.
  for (const to of COLOURS) {
    colours.push(await changeColour(page, to));
    log(`${label}: colour ${JSON.stringify(colours[colours.length - 1])}`);
  }
  return { label, load: load(), clicks, colours };
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }

/** Self time per function of a CDP CPU profile, largest first. */
function topSelfTime(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, top = 25): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, ms]) => `${Math.round(ms).toString().padStart(7)} ms  ${k}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const profile = process.argv.includes('--profile');
  /** `--profile-after=S`: profile the S seconds after the first render instead (what keeps the page busy then). */
  const profileAfter = Number(process.argv.find((a) => a.startsWith('--profile-after='))?.split('=')[1] ?? 0);
  const arg = args[0] ?? '100000';
  const seed = Number(args[1] ?? 1);
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error('dist/web is missing: run `npx vite build` first');
  const dir = arg === 'demo' ? path.join(root, 'data/demo') : await ensureDataset(Number(arg), seed, { log });

  const server = await startServeProcess(dir);
  const graphUrl = new URL('api/graph', server.url);
  let t = performance.now();
  const cold = await fetch(graphUrl);
  const coldBody = await cold.arrayBuffer();
  const bytes = coldBody.byteLength;
  const counts = JSON.parse(Buffer.from(coldBody).toString('utf8')) as { nodes: { type: string[] }; edges: { kind: string[] } };
  const graphColdMs = performance.now() - t;
  t = performance.now();
  await (await fetch(graphUrl)).arrayBuffer();
  const graphWarmMs = performance.now() - t;
  const serverFigures = {
    startSeconds: round(server.seconds), graphColdMs: round(graphColdMs), graphWarmMs: round(graphWarmMs), graphMb: round(bytes / 1e6),
    firms: counts.nodes.type.filter((x) => x === 'firm').length, banks: counts.nodes.type.filter((x) => x === 'bank').length, edges: counts.edges.kind.length,
  };
  log(`server ready: ${JSON.stringify(serverFigures)}`);

  const userDataDir = mkdtempSync(path.join(tmpdir(), 'xinlian-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 900 }, locale: 'en-US',
  });
  const errors: string[] = [];
  try {
    // tsx (esbuild keepNames) wraps named functions of the page.evaluate callbacks in __name().
    await context.addInitScript('window.__name = (fn) => fn;');
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const loadAtStart = load();
    const cdp = profile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
      await cdp.send('Profiler.start');
    }
    await page.goto(server.url);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 180_000 });
    if (cdp && profileAfter > 0) {
      await cdp.send('Profiler.stop');
      await cdp.send('Profiler.start');
      await new Promise((resolve) => setTimeout(resolve, profileAfter * 1000));
    }
    if (cdp && process.argv.includes('--profile-click')) {
      await cdp.send('Profiler.stop');
      await observeLongTasks(page);
      await page.waitForTimeout(5_000);
      await cdp.send('Profiler.start');
      const c = await clickFirm(page, new Set());
      log(`profiled click: ${JSON.stringify(c)}`);
    }
    if (cdp && process.argv.includes('--profile-colour')) {
      await cdp.send('Profiler.stop');
      await observeLongTasks(page);
      await page.waitForSelector(COLOR_CONTROL, { timeout: 30_000 });
      await page.waitForTimeout(5_000);
      await cdp.send('Profiler.start');
      log(`profiled colour change: ${JSON.stringify(await changeColour(page, 'industry'))}`);
    }
    if (cdp) {
      const { profile: cpu } = await cdp.send('Profiler.stop');
      console.log(`load ${load().join(' ')}; self time ${profileAfter > 0 ? `in the ${profileAfter} s after the first render` : process.argv.includes('--profile-click') ? 'of a click' : process.argv.includes('--profile-colour') ? 'of a colour change' : 'from navigation to the first render'}:`);
      for (const line of topSelfTime(cpu as unknown as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] })) console.log(line);
      return;
    }
    await observeLongTasks(page);
    // answeredMs: when the page's main thread first ran our script after the first frame (time to interactive, roughly).
    const first = await page.evaluate(() => ({ ...window.xinlianViewer!.timings(), counts: window.xinlianViewer!.counts(), answeredMs: performance.now() }));
    const page0 = {
      loadAtStart, dataLoadedMs: round(first.dataLoaded), firstRenderMs: first.firstRender === null ? null : round(first.firstRender), answeredMs: round(first.answeredMs),
      nodes: first.counts.nodes, edges: first.counts.edges,
      longTasksBeforeFirstRenderMs: await longTasksBetween(page, 0, first.firstRender ?? 0),
    };
    log(`first render: ${JSON.stringify(page0)}`);
    await page.waitForSelector(COLOR_CONTROL, { timeout: 30_000 });
    await page.waitForFunction(() => !window.xinlianViewer!.cameraMoving());

    const running = (await page.getAttribute('[data-testid="layout-toggle"]', 'data-running')) === 'true';
    const duringLayout = running ? await interactions(page, 'layout running') : null;
    if (duringLayout) log(`during layout: ${JSON.stringify(duringLayout)}`);

    // Let ForceAtlas2 stop by itself (its iteration cap), or stop it after LAYOUT_WAIT_MS.
    let stoppedByItself = true;
    try {
      await page.waitForSelector('[data-testid="layout-toggle"][data-running="false"]', { timeout: LAYOUT_WAIT_MS });
    } catch {
      stoppedByItself = false;
      await page.click('[data-testid="layout-toggle"]');
      await page.waitForSelector('[data-testid="layout-toggle"][data-running="false"]', { timeout: 60_000 });
    }
    const timings = await page.evaluate(() => window.xinlianViewer!.timings());
    const layout = {
      iterations: timings.layoutIterations, stoppedByItself,
      stoppedAfterFirstRenderS: timings.layoutStopped !== null && timings.firstRender !== null ? round((timings.layoutStopped - timings.firstRender) / 1000) : null,
    };
    log(`layout: ${JSON.stringify(layout)}`);
    await page.waitForTimeout(500);
    const afterLayout = await interactions(page, 'layout stopped');
    const heapMb = await page.evaluate(() => {
      const m = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return m ? Math.round(m.usedJSHeapSize / 1e6) : null;
    });
    const shots = path.join(root, 'test-artifacts/screenshots');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, `bench-viewer-${arg}.png`) });

    const result = {
      date: new Date().toISOString(), machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version },
      dataset: dir, goals: GOALS, server: serverFigures, page: page0, layout, duringLayout, afterLayout, heapMb, errors,
    };
    const out = path.join(here, 'out', `viewer-${arg}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
    server.child.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
