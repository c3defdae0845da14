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
import { fetchMeasures } from './api/measures.ts';
import { el, replaceChildren } from './dom.ts';
import { buildCreditGraph } from './graph/index.ts';
import { createRenderer, focusCamera } from './render/index.ts';
import { createMapView, createMeasureLoader, neededMeasures, subgraphOf } from './layers/index.ts';
import { mountExport } from './panels/export.ts';
import { mountFilters } from './panels/filters.ts';
import { mountMapControls } from './panels/map-controls.ts';
import { decodeView, encodeView, urlFieldsChanged, type UrlView } from './state/url.ts';
import { amountUnitLabel, detectLang, t, type Lang } from './i18n/index.ts';
import { mountFirmPanel, mountHeader, mountLegend, mountSearch, mountToolbar, mountTools, type ViewerContext } from './panels/index.ts';
import { TOOLS } from './panels/tool-list.ts';
import { createStore, initialState, type ViewerState } from './state/index.ts';
import { createLayout, layoutPlan } from './workers/index.ts';

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
  /** Map repaints for state changes so far, and when the last one ended (ms since navigation start). */
  repaints(): { count: number; last: number | null };
  /** How often the tie canvases were drawn and uploaded (a colouring must not redraw the ties). */
  tieDraws(): { base: number; front: number; uploads: number };
  /** Ids of the nodes the map draws (layer, filters, exploration), in payload order. */
  visibleNodes(): string[];
  /** What sigma drew for a node (after the reducers), or null if unknown. */
  drawnNode(id: string): { color: string; size: number; hidden: boolean; label: string | null } | null;
  /** Whether every measure the current colouring, size and layer need has arrived. */
  measuresReady(): boolean;
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
  // The view in the URL (#layer=…&color=…&node=…) is the state the map opens with.
  const linked: UrlView = decodeView(location.hash, payload.parks);
  const { selectedNode: linkedNode, ...linkedView } = linked;
  // A scenario runs in the contagion tool: a hand-written link with a scenario and no tool opens it.
  if (linkedView.scenario !== null && linkedView.tool === null) linkedView.tool = 'contagion';
  const store = createStore({ ...initialState(lang), ...linkedView });
  const measures = createMeasureLoader((names) => fetchMeasures(names));
  const view = createMapView(build.ties, payload, store.get, measures);
  const container = byId('graph');
  const renderer = createRenderer(container, build.graph, payload, store, view);
  const layout = createLayout(build.graph, payload, (running) => {
    if (!running && layoutStopped === null) layoutStopped = performance.now();
    store.update({ layoutRunning: running });
  });
  const panel = byId('panel');
  const focusNode = (id: string) => {
    store.update({ selectedNode: id });
    // The neighbourhood through the ties the map draws (layer, filters, hidden kinds).
    const focus = view.current().focus;
    // The panel overlays the canvas's right side: centre the neighbourhood in what stays visible.
    const inset = panel.hidden ? 0 : panel.offsetWidth + 12;
    focusCamera(renderer, focus ? [focus.key, ...focus.neighbours] : [id], inset);
  };
  const ctx: ViewerContext = { store, payload, summary, build, renderer, layout, focusNode };

  mountHeader(byId('summary'), ctx);
  mountSearch(byId('search'), ctx);
  mountToolbar(byId('toolbar'), ctx);
  // The left column: map controls, legend, filters, export (each its own section).
  const left = byId('legend');
  const part = (cls: string, label: string) => el('section', { class: `side-part ${cls}`, attrs: { 'data-part': label } });
  const controlsRoot = part('map-controls', 'map'), legendRoot = part('legend-body', 'legend');
  const filtersRoot = part('filters', 'filters'), exportRoot = part('export', 'export');
  replaceChildren(left, [controlsRoot, legendRoot, filtersRoot, exportRoot]);
  mountMapControls(controlsRoot, ctx, measures);
  mountLegend(legendRoot, ctx, view, measures);
  mountFilters(filtersRoot, ctx, view);
  mountExport(exportRoot, ctx, view);
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

  // Measures are fetched the first time the colouring, the size or the layer needs one;
  // the map repaints when they arrive (until then it keeps the park colours / base sizes).
  measures.ensure(neededMeasures(store.get()));
  store.subscribe((state) => measures.ensure(neededMeasures(state)));
  measures.subscribe(() => renderer.sigma.refresh({ skipIndexation: true }));

  // The view lives in the URL (state/url.ts), so it can be shared or bookmarked; the old
  // #node=<id> links are the same format.
  store.subscribe((state, previous) => {
    if (!urlFieldsChanged(state, previous)) return;
    const hash = encodeView(state, payload.parks);
    history.replaceState(null, '', `${location.pathname}${location.search}${hash ? `#${hash}` : ''}`);
  });
  // A fragment edited or pasted into the address bar of an open viewer applies at once.
  window.addEventListener('hashchange', () => {
    const { selectedNode, ...next } = decodeView(location.hash, payload.parks);
    store.update(next);
    if (selectedNode !== store.get().selectedNode) {
      if (selectedNode !== null && build.graph.hasNode(selectedNode)) focusNode(selectedNode);
      else store.update({ selectedNode: null });
    }
  });

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
    counts: () => ({ nodes: build.graph.order, edges: payload.edges.kind.length }),
    repaints: () => renderer.repaints(),
    tieDraws: () => renderer.tieDraws(),
    visibleNodes: () => {
      const d = view.current();
      return subgraphOf(d.visibility.nodes, d.edges).nodes.map((v) => payload.nodes.id[v]);
    },
    drawnNode: (id: string) => {
      const display = renderer.sigma.getNodeDisplayData(id);
      const color = view.nodeColor(id);
      return display && color !== null ? { color, size: display.size, hidden: display.hidden === true, label: display.label ?? null } : null;
    },
    measuresReady: () => neededMeasures(store.get()).every((m) => measures.status(m) === 'ready'),
  });
  renderer.sigma.once('afterRender', () => {
    firstRender = performance.now();
    document.documentElement.dataset.ready = 'true';
  });
  renderer.sigma.refresh();
  if (layoutPlan(build.graph.order).autoStart) layout.start();
  if (linkedNode !== null && build.graph.hasNode(linkedNode)) focusNode(linkedNode);
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
