/**
 * The "Circles" tool of the analysis drawer (issue 7, item 2): the table of
 * guarantee circles (GET /api/circles, fragility from GET /api/circles/fragility,
 * loaded separately so the table shows before the exposure network is built on a
 * big dataset) and the guarantee chains of the selected firm.
 *
 * A circle row (click / Enter) sets state.highlight to the circle's members and
 * the guarantees between them and moves the camera onto them; "Highlight chains"
 * sets it to the selected firm's chains with each firm's depth, and keeps
 * following the selection while it is on. The tool clears only highlights it set
 * (keys `circle:` / `chain:`), on "Clear" and when the drawer leaves the tool.
 */
import { el, replaceChildren } from '../dom.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { fetchCircleFragility, fetchCircles, fetchFirmChains, type CircleFragilityRow, type CircleRow, type CirclesBody } from '../api/circles.ts';
import { focusCamera } from '../render/camera.ts';
import type { ViewerState } from '../state/index.ts';
import type { ViewerContext } from './context.ts';
import type { Tool } from './tools.ts';
import {
  DEFAULT_CIRCLE_SORT, chainHighlight, circleHighlight, isCirclesHighlight, nextSort, sortCircles, type CircleSort,
} from './circles-model.ts';
import { CIRCLE_PAGE, renderCircleTable } from './circles-table.ts';
import { CHAIN_HOPS, renderChains, type ChainsView } from './circles-chains.ts';

export const circlesTool: Tool = {
  id: 'circles',
  label: 'circles.tab',
  mount: mountCirclesTool,
};

export function mountCirclesTool(root: HTMLElement, ctx: ViewerContext): void {
  const { store, build, payload } = ctx;
  const parkNames = new Map(payload.parks.map((p) => [p.id, p.name]));
  const nameOf = (id: string) => (build.graph.hasNode(id) ? build.graph.getNodeAttribute(id, 'label') : id);

  let circles: CirclesBody | null = null;
  let circlesError: string | null = null;
  let fragility: ReadonlyMap<string, CircleFragilityRow> | string | null = null;
  let sort: CircleSort = DEFAULT_CIRCLE_SORT;
  let sorted: CircleRow[] = [];
  let limit = CIRCLE_PAGE;
  let active: string | null = null;
  let hops: number = CHAIN_HOPS.initial;
  let chains: ChainsView = { kind: 'none' };
  let chainsRequest: AbortController | null = null;

  const tableHost = el('div', { class: 'circles-table-host' });
  const detailHost = el('div', { class: 'circles-detail', attrs: { 'aria-live': 'polite' } });
  const chainsHost = el('div');
  const heading = el('h3', { class: 'circles-title' });
  const summary = el('p', { class: 'circles-summary', attrs: { 'data-testid': 'circles-summary' } });
  replaceChildren(root, [el('div', { class: 'circles-tool' }, [heading, summary, tableHost, detailHost, chainsHost])]);

  const selectedCircle = (state: ViewerState): string | null =>
    state.highlight !== null && state.highlight.key.startsWith('circle:') ? state.highlight.key.slice('circle:'.length) : null;

  const resort = () => {
    sorted = circles ? sortCircles(circles.circles, sort, fragility instanceof Map ? fragility : null) : [];
  };

  const panelInset = () => {
    const panel = document.getElementById('panel');
    return panel && !panel.hidden ? panel.offsetWidth + 12 : 0;
  };

  const showCircle = (row: CircleRow) => {
    active = row.id;
    const highlight = circleHighlight(build, ctx.payload, row);
    store.update({ highlight });
    focusCamera(ctx.renderer, [...highlight.nodes], panelInset());
  };

  const clear = () => {
    if (isCirclesHighlight(store.get().highlight)) store.update({ highlight: null });
  };

  const renderTable = () => {
    const state = store.get();
    const { lang } = state;
    heading.textContent = t(lang, 'circles.title');
    if (circlesError !== null) {
      summary.textContent = '';
      replaceChildren(tableHost, [el('p', { class: 'empty is-error', text: t(lang, 'circles.error', { message: circlesError }) })]);
      return;
    }
    if (circles === null) {
      summary.textContent = t(lang, 'circles.loading');
      replaceChildren(tableHost, []);
      return;
    }
    summary.textContent = t(lang, 'circles.summary', {
      count: formatNumber(lang, circles.circles.length, 0), firms: formatNumber(lang, circles.firmsInCircles, 0),
    });
    if (circles.circles.length === 0) {
      replaceChildren(tableHost, [el('p', { class: 'empty', text: t(lang, 'circles.none') })]);
      return;
    }
    // Keep the keyboard where it was: the row that had focus gets it back after the redraw.
    const hadFocus = tableHost.contains(document.activeElement) && document.activeElement instanceof HTMLTableRowElement;
    const fragilityNote = typeof fragility === 'string' ? el('p', { class: 'empty is-error', text: t(lang, 'circles.fragilityError', { message: fragility }) }) : null;
    replaceChildren(tableHost, [renderCircleTable({
      lang, rows: sorted, sort, fragility, selected: selectedCircle(state), active, limit,
      parkName: (id) => parkNames.get(id) ?? id,
      onSort: (key) => {
        sort = nextSort(sort, key);
        resort();
        renderTable();
      },
      onActivate: showCircle,
      onActiveChange: (id) => { active = id; },
      onMore: () => {
        limit += CIRCLE_PAGE;
        renderTable();
      },
    }), fragilityNote]);
    if (hadFocus && active !== null) tableHost.querySelector<HTMLElement>(`tr[data-circle-id="${CSS.escape(active)}"]`)?.focus();
  };

  const renderDetail = () => {
    const state = store.get();
    const { lang, highlight } = state;
    if (!isCirclesHighlight(highlight)) {
      replaceChildren(detailHost, []);
      return;
    }
    const id = selectedCircle(state);
    const row = id !== null ? circles?.circles.find((c) => c.id === id) : undefined;
    replaceChildren(detailHost, [
      row ? el('p', {
        class: 'circles-selected', attrs: { 'data-testid': 'circle-selected' },
        text: t(lang, 'circles.selected', {
          id: row.id, size: formatNumber(lang, row.size, 0), edges: formatNumber(lang, row.internalEdges, 0),
          parks: row.parks.map((p) => parkNames.get(p) ?? p).join('、') || t(lang, 'circles.noParks'),
        }),
      }) : null,
      row ? el('span', { class: 'chips circles-members' }, row.members.slice(0, 60).map((m) => el('button', {
        class: 'chip chip-button', text: nameOf(m), attrs: { type: 'button', title: m, 'data-testid': 'circle-member', 'data-firm-id': m },
        on: { click: () => ctx.focusNode(m) },
      }))) : null,
      row && row.members.length > 60 ? el('span', { class: 'is-muted', text: ` … +${formatNumber(lang, row.members.length - 60, 0)}` }) : null,
      el('button', {
        class: 'tool-button circles-clear', text: t(lang, 'circles.clear'),
        attrs: { type: 'button', 'data-testid': 'circles-clear' }, on: { click: clear },
      }),
    ]);
  };

  const renderChainsSection = () => {
    const state = store.get();
    const firm = chains.kind === 'ready' ? chains.firm : null;
    replaceChildren(chainsHost, [renderChains({
      lang: state.lang, view: chains, hops, nameOf,
      shown: firm !== null && state.highlight?.key === `chain:${firm}`,
      onHops: (h) => {
        hops = h;
        loadChains(true);
      },
      onFocus: (id) => ctx.focusNode(id),
      onShow: () => {
        if (chains.kind !== 'ready') return;
        if (store.get().highlight?.key === `chain:${chains.firm}`) store.update({ highlight: null });
        else store.update({ highlight: chainHighlight(chains.body) });
      },
    })]);
  };

  /** Fetch the selected firm's chains (again when `force`, e.g. a new depth). */
  function loadChains(force = false): void {
    const id = store.get().selectedNode;
    const current = chains.kind === 'none' || chains.kind === 'bank' ? null : chains.firm;
    if (!force && id === current) return;
    chainsRequest?.abort();
    chainsRequest = null;
    if (id === null || !build.graph.hasNode(id)) {
      chains = { kind: 'none' };
      renderChainsSection();
      return;
    }
    if (build.graph.getNodeAttribute(id, 'nodeType') !== 'firm') {
      chains = { kind: 'bank' };
      renderChainsSection();
      return;
    }
    const request = new AbortController();
    chainsRequest = request;
    chains = { kind: 'loading', firm: id };
    renderChainsSection();
    fetchFirmChains(id, hops, request.signal).then((body) => {
      if (request.signal.aborted) return;
      chains = { kind: 'ready', firm: id, body };
      // While the chains are on the map they follow the selection (and the depth).
      const h = store.get().highlight;
      if (h !== null && h.key.startsWith('chain:')) store.update({ highlight: chainHighlight(body) });
      renderChainsSection();
    }, (error: unknown) => {
      if (request.signal.aborted) return;
      chains = { kind: 'error', firm: id, message: error instanceof Error ? error.message : String(error) };
      renderChainsSection();
    });
  }

  store.subscribe((state, previous) => {
    // Leaving the tool (another tab, or the drawer closed) takes its emphasis off the map.
    if (previous.tool === 'circles' && state.tool !== 'circles') {
      clear();
      return;
    }
    if (state.tool !== 'circles') return;
    const reopened = previous.tool !== 'circles';
    if (reopened || state.lang !== previous.lang || state.highlight !== previous.highlight) {
      renderTable();
      renderDetail();
      renderChainsSection();
    }
    if (reopened || state.selectedNode !== previous.selectedNode) loadChains();
  });

  renderTable();
  renderDetail();
  loadChains();
  fetchCircles().then((body) => {
    circles = body;
    resort();
    renderTable();
    renderDetail();
  }, (error: unknown) => {
    circlesError = error instanceof Error ? error.message : String(error);
    renderTable();
  });
  fetchCircleFragility().then((body) => {
    fragility = new Map(body.circles.map((c) => [c.id, c]));
    resort();
    renderTable();
  }, (error: unknown) => {
    fragility = error instanceof Error ? error.message : String(error);
    renderTable();
  });
}
