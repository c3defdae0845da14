/**
 * Viewer bootstrap: fetch the graph and the summary, build the graphology model,
 * start sigma and the ForceAtlas2 worker, mount the panels. Everything after
 * this is driven by the store (state/) → reducers (layers/) → sigma refresh.
 *
 * Readiness for tests and tools: once sigma has drawn the first frame,
 * `<html data-ready="true">` is set and `window.xinlianViewer` exposes read-only
 * hooks (a node's viewport position from sigma's graphToViewport, the state).
 */
import './styles.css';
import { fetchGraph, fetchSummary, type DatasetSummary } from './api/index.ts';
import { el, replaceChildren } from './dom.ts';
import { buildCreditGraph } from './graph/index.ts';
import { createRenderer, focusCamera } from './render/index.ts';
import { focusOf } from './layers/index.ts';
import { amountUnitLabel, detectLang, t, type Lang } from './i18n/index.ts';
import { mountFirmPanel, mountHeader, mountLegend, mountSearch, mountToolbar, mountTools, type ViewerContext } from './panels/index.ts';
import { TOOLS } from './panels/tool-list.ts';
import { createStore, initialState, type ViewerState } from './state/index.ts';
import { createLayout } from './workers/index.ts';

export interface ViewerTestHooks {
  /** Position of a node in CSS pixels relative to the graph container, or null if unknown. */
  nodeViewportPosition(id: string): { x: number; y: number } | null;
  /** Drawn radius of a node in CSS pixels at the current zoom, or null if unknown. */
  nodeRadius(id: string): number | null;
  /** Bounding box of the graph container in page coordinates. */
  containerRect(): { left: number; top: number; width: number; height: number };
  state(): ViewerState;
  /** True while a camera animation (zoom, fit, focus) is in progress. */
  cameraMoving(): boolean;
  /** Milestones in ms since navigation start; `layoutStopped` is the first time ForceAtlas2 stopped. */
  timings(): { dataLoaded: number; firstRender: number | null; layoutStopped: number | null; layoutIterations: number };
  counts(): { nodes: number; edges: number };
}

declare global {
  interface Window {
    xinlianViewer?: ViewerTestHooks;
  }
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html lacks #${id}`);
  return node as T;
}

function applyLang(lang: Lang): void {
  document.documentElement.lang = lang;
  document.title = t(lang, 'app.title');
}

async function start(): Promise<void> {
  const lang = detectLang();
  applyLang(lang);
  const status = byId('status');
  status.textContent = t(lang, 'app.loading');

  const [payload, summary] = await Promise.all([
    fetchGraph(),
    // The graph is usable without the summary; the header then counts from the payload.
    fetchSummary().catch((): DatasetSummary | null => null),
  ]);

  const dataLoaded = performance.now();
  let firstRender: number | null = null;
  let layoutStopped: number | null = null;
  const build = buildCreditGraph(payload);
  const store = createStore(initialState(lang));
  const container = byId('graph');
  const renderer = createRenderer(container, build.graph, store);
  const layout = createLayout(build.graph, (running) => {
    if (!running && layoutStopped === null) layoutStopped = performance.now();
    store.update({ layoutRunning: running });
  });
  const panel = byId('panel');
  const focusNode = (id: string) => {
    store.update({ selectedNode: id });
    const focus = focusOf(build.graph, store.get());
    // The panel overlays the canvas's right side: centre the neighbourhood in what stays visible.
    const inset = panel.hidden ? 0 : panel.offsetWidth + 12;
    focusCamera(renderer, focus ? [focus.node, ...focus.neighbours] : [id], inset);
  };
  const ctx: ViewerContext = { store, payload, summary, build, renderer, layout, focusNode };

  mountHeader(byId('summary'), ctx);
  mountSearch(byId('search'), ctx);
  mountToolbar(byId('toolbar'), ctx);
  mountLegend(byId('legend'), ctx);
  mountFirmPanel(panel, ctx);
  mountTools(byId('tools'), ctx, TOOLS);

  const renderStatus = () => {
    const { lang: l, layoutRunning } = store.get();
    const unit = t(l, 'unit.amount', { unit: amountUnitLabel(l, payload.meta.unit, payload.meta.currency) });
    replaceChildren(status, [
      el('span', { text: t(l, 'footer.hint') }),
      el('span', { text: unit }),
      layoutRunning ? el('span', { class: 'status-running', text: t(l, 'toolbar.layoutRunning') }) : null,
    ]);
  };
  renderStatus();
  store.subscribe((state, previous) => {
    if (state.lang !== previous.lang) applyLang(state.lang);
    if (state.lang !== previous.lang || state.layoutRunning !== previous.layoutRunning) renderStatus();
  });

  // The selection lives in the URL (#node=<id>), so a view of one firm can be shared or bookmarked.
  store.subscribe((state, previous) => {
    if (state.selectedNode === previous.selectedNode) return;
    const hash = state.selectedNode === null ? '' : `#node=${encodeURIComponent(state.selectedNode)}`;
    history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
  });
  const linked = new URLSearchParams(location.hash.slice(1)).get('node');

  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && store.get().selectedNode !== null) store.update({ selectedNode: null });
  });

  window.xinlianViewer = Object.freeze({
    nodeViewportPosition: (id: string) => renderer.nodeViewportPosition(id),
    nodeRadius: (id: string) => {
      const display = renderer.sigma.getNodeDisplayData(id);
      return display ? renderer.sigma.scaleSize(display.size) : null;
    },
    containerRect: () => {
      const r = container.getBoundingClientRect();
      return { left: r.left, top: r.top, width: r.width, height: r.height };
    },
    state: () => store.get(),
    cameraMoving: () => renderer.sigma.getCamera().isAnimated(),
    timings: () => ({ dataLoaded, firstRender, layoutStopped, layoutIterations: layout.iterations }),
    counts: () => ({ nodes: build.graph.order, edges: build.graph.size }),
  });
  renderer.sigma.once('afterRender', () => {
    firstRender = performance.now();
    document.documentElement.dataset.ready = 'true';
  });
  renderer.sigma.refresh();
  layout.start();
  if (linked !== null && build.graph.hasNode(linked)) focusNode(linked);
}

start().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const status = document.getElementById('status');
  if (status) {
    status.textContent = t(detectLang(), 'app.loadError', { message });
    status.classList.add('is-error');
  }
  document.documentElement.dataset.ready = 'error';
});
