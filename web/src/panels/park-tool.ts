/**
 * The park tool (analysis drawer tab 'park'), for park planners: choose a park → its
 * dashboard (members; reputation: strong-tie density, mean default-cost ratio, chain share;
 * internal vs external supply ties; guarantee circles touching the park; NPL ratios when
 * every member defaults; LQ by industry as a bar chart), then park fit (park-fit.ts) for a
 * candidate firm and that park. Sources: GET /api/parks/:id, /api/reputation (parks),
 * /api/circles (parks spanned), /api/stress?scenario=park. Each source fills its part of
 * the dashboard when it arrives; changing the park aborts the old park's requests.
 * ECharts is loaded with import() when the first chart is drawn. A circle row highlights
 * its members on the map (`state.highlight`, key `park-circle:<id>`); closing the tool
 * clears it.
 */
import {
  fetchCirclesForParks, fetchParkDashboard, fetchParkShock, fetchReputationParks,
  type CirclesBody, type ParkDashboard, type ReputationReport, type StressResult,
} from '../api/parks.ts';
import { el, replaceChildren } from '../dom.ts';
import { formatNumber, formatShare, t, type Lang, type MessageKey } from '../i18n/index.ts';
import type { ViewerContext } from './context.ts';
import { figure } from './firm-analysis.ts';
import { createParkFit } from './park-fit.ts';
import { chartBox, navigableRows, type Slot, slotStatus } from './park-ui.ts';
import type { Tool } from './tools.ts';

/** Bars of the LQ chart (the table lists every division). */
export const LQ_CHART_BARS = 12;
const CHART_WIDTH = 380;

interface ParkData {
  dashboard: Slot<ParkDashboard>;
  shock: Slot<StressResult>;
}

function mountParkTool(body: HTMLElement, ctx: ViewerContext): void {
  const parks = ctx.payload.parks;
  const nodePark = (id: string | null): string | null => {
    if (id === null || !ctx.build.graph.hasNode(id)) return null;
    const p = ctx.build.graph.getNodeAttribute(id, 'park');
    return p >= 0 ? parks[p].id : null;
  };
  let park: string | null = nodePark(ctx.store.get().selectedNode) ?? parks[0]?.id ?? null;
  const data = new Map<string, ParkData>();
  let reputation: Slot<ReputationReport> = { state: 'loading' };
  let circles: Slot<CirclesBody> = { state: 'loading' };
  let controller: AbortController | null = null;
  let disposers: (() => void)[] = [];

  const head = el('div', { class: 'park-head' });
  const dashRoot = el('div', { class: 'park-dashboard', attrs: { 'data-testid': 'park-dashboard', 'aria-live': 'polite' } });
  const fit = createParkFit(ctx, () => park, (id) => choose(id));
  replaceChildren(body, [head, dashRoot, fit.root]);

  const settle = <T>(promise: Promise<T>, set: (slot: Slot<T>) => void, signal?: AbortSignal) => {
    promise.then(
      (value) => set({ state: 'ready', value }),
      (error: unknown) => {
        if (signal?.aborted) return;
        set({ state: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    ).finally(() => {
      if (!signal?.aborted) renderDashboard();
    });
  };

  // Park-independent sources, once per tool.
  settle(fetchReputationParks(), (s) => { reputation = s; });
  settle(fetchCirclesForParks(), (s) => { circles = s; });

  const load = (id: string) => {
    if (data.has(id) && data.get(id)!.dashboard.state !== 'error' && data.get(id)!.shock.state !== 'error') return;
    controller?.abort();
    const c = new AbortController();
    controller = c;
    const d: ParkData = { dashboard: { state: 'loading' }, shock: { state: 'loading' } };
    data.set(id, d);
    settle(fetchParkDashboard(id, c.signal), (s) => { d.dashboard = s; }, c.signal);
    settle(fetchParkShock(id, c.signal), (s) => { d.shock = s; }, c.signal);
  };

  const choose = (id: string) => {
    if (id === park) return;
    park = id;
    clearCircleHighlight();
    load(id);
    renderHead();
    renderDashboard();
    fit.parkChanged();
  };

  const clearCircleHighlight = () => {
    if (ctx.store.get().highlight?.key.startsWith('park-circle:')) ctx.store.update({ highlight: null });
  };

  const renderHead = () => {
    const lang = ctx.store.get().lang;
    const select = el('select', {
      class: 'park-select', attrs: { id: 'park-select', 'data-testid': 'park-select' },
      on: { change: () => choose(select.value) },
    }, parks.map((p) => el('option', { text: `${p.id} · ${p.name}`, attrs: { value: p.id, selected: p.id === park } })));
    replaceChildren(head, [
      el('label', { class: 'field-label', text: t(lang, 'park.choose'), attrs: { for: 'park-select' } }),
      select,
    ]);
  };

  const dl = (lang: Lang, rows: [MessageKey, Node | string | null][]): HTMLElement =>
    el('dl', { class: 'attributes park-figures' }, rows.filter(([, v]) => v !== null).flatMap(([k, v]) => [el('dt', { text: t(lang, k) }), el('dd', {}, [v])]));

  const sub = (lang: Lang, key: string, title: MessageKey, content: (Node | null)[]): HTMLElement =>
    el('section', { class: 'park-section', attrs: { 'data-section': key } }, [el('h4', { text: t(lang, title) }), ...content]);

  const draw = (box: HTMLElement, spec: Parameters<typeof import('../charts/park.ts').barChart>[1]) => {
    import('../charts/park.ts').then(
      (m) => { if (box.isConnected) disposers.push(m.barChart(box, spec)); },
      (error: unknown) => replaceChildren(box, [el('p', { class: 'empty is-error', text: String(error) })]),
    );
  };

  const renderDashboard = () => {
    for (const dispose of disposers) dispose();
    disposers = [];
    const lang = ctx.store.get().lang;
    if (park === null) {
      replaceChildren(dashRoot, [el('p', { class: 'empty', text: t(lang, 'park.noParks') })]);
      return;
    }
    const id = park;
    const d = data.get(id)!;
    const rep = reputation.state === 'ready' ? reputation.value.parks.find((p) => p.park === id) ?? null : null;
    const touching = circles.state === 'ready' ? circles.value.circles.filter((c) => c.parks.includes(id)) : [];
    const graph = ctx.build.graph;
    const inPark = (members: readonly string[]) => members.filter((m) => graph.hasNode(m) && graph.getNodeAttribute(m, 'park') >= 0
      && parks[graph.getNodeAttribute(m, 'park')].id === id).length;

    // Key figures: each from its own source, '…' until it arrives.
    const pending = (slot: Slot<unknown>) => (slot.state === 'loading' ? '…' : slot.state === 'error' ? '–' : null);
    const sys = d.shock.state === 'ready' ? d.shock.value.breakdown.system : null;
    const figures = dl(lang, [
      ['park.members', d.dashboard.state === 'ready' ? figure(lang, d.dashboard.value.members, 'park-members', 'count') : pending(d.dashboard)],
      ['park.strongTieDensity', rep ? figure(lang, rep.strongTieDensity, 'park-strong-tie-density') : pending(reputation) ?? '–'],
      ['park.meanCostRatio', rep ? figure(lang, rep.meanDefaultCostRatio, 'park-mean-cost-ratio') : pending(reputation) ?? '–'],
      ['park.chainShare', rep ? figure(lang, rep.chainShare, 'park-chain-share', 'share') : pending(reputation) ?? '–'],
      ['park.circles', circles.state === 'ready' ? figure(lang, touching.length, 'park-circles-count', 'count') : pending(circles)],
      ['park.nplBaseline', sys ? figure(lang, sys.baselineNplRatio, 'park-npl-baseline', 'share') : pending(d.shock)],
      ['park.nplStressed', sys ? figure(lang, sys.nplRatio, 'park-npl-stressed', 'share') : pending(d.shock)],
      ['park.shockLoss', d.shock.state === 'ready' ? figure(lang, d.shock.value.systemLoss, 'park-shock-loss', 'amount') : pending(d.shock)],
      ['park.shockDefaults', d.shock.state === 'ready' ? figure(lang, d.shock.value.breakdown.firmsDefaulted, 'park-shock-defaults', 'count') : pending(d.shock)],
    ]);

    // LQ by industry.
    let lqPart: (Node | null)[] = [slotStatus(lang, d.dashboard)];
    if (d.dashboard.state === 'ready') {
      const dash = d.dashboard.value;
      const bars = dash.lq.slice(0, LQ_CHART_BARS);
      const box = chartBox('park-lq-chart');
      if (bars.length > 0) {
        draw(box, {
          title: t(lang, 'park.lq.chart', { park: dash.park.name }), categories: bars.map((r) => r.division), horizontal: true,
          series: [{ name: 'LQ', values: bars.map((r) => r.lq), color: bars.map((r) => (r.lq >= 1 ? '#0072B2' : '#E69F00')) }],
          format: (v) => formatNumber(lang, v, 2), width: CHART_WIDTH, height: 40 + 18 * bars.length, markAt: 1,
        });
      }
      lqPart = [
        el('p', { class: 'section-hint', text: t(lang, 'park.lq.hint', { measure: t(lang, dash.measure === 'employees' ? 'park.measure.employees' : 'park.measure.revenue') }) }),
        bars.length > 0 ? box : null,
        el('table', { class: 'ties park-table', attrs: { 'data-testid': 'park-lq-table' } }, [
          el('thead', {}, [el('tr', {}, [
            el('th', { text: t(lang, 'park.col.division') }), el('th', { class: 'num', text: t(lang, 'park.col.members') }),
            el('th', { class: 'num', text: t(lang, 'park.col.share') }), el('th', { class: 'num', text: t(lang, 'park.col.lq') }),
          ])]),
          el('tbody', {}, dash.lq.map((r) => el('tr', { attrs: { 'data-testid': 'park-lq-row', 'data-division': r.division } }, [
            el('td', { text: r.division }),
            el('td', { class: 'num' }, [figure(lang, r.members, 'lq-members', 'count')]),
            el('td', { class: 'num' }, [figure(lang, r.share, 'lq-share', 'share')]),
            el('td', { class: `num${r.lq >= 1 ? ' is-strong' : ''}` }, [figure(lang, r.lq, 'lq-value', 'amount')]),
          ]))),
        ]),
      ];
    }

    // Supply inside / into / out of the park.
    let supplyPart: (Node | null)[] = [slotStatus(lang, d.dashboard)];
    if (d.dashboard.state === 'ready') {
      const sp = d.dashboard.value.supply;
      const all = sp.internal.amount + sp.inbound.amount + sp.outbound.amount;
      supplyPart = [el('table', { class: 'ties park-table', attrs: { 'data-testid': 'park-supply-table' } }, [
        el('thead', {}, [el('tr', {}, [
          el('th', { text: t(lang, 'park.col.direction') }), el('th', { class: 'num', text: t(lang, 'park.col.ties') }),
          el('th', { class: 'num', text: t(lang, 'park.col.amount') }), el('th', { class: 'num', text: t(lang, 'park.col.share') }),
        ])]),
        el('tbody', {}, (['internal', 'inbound', 'outbound'] as const).map((dir) => el('tr', { attrs: { 'data-testid': 'park-supply-row', 'data-dir': dir } }, [
          el('td', { text: t(lang, `park.supply.${dir}`) }),
          el('td', { class: 'num' }, [figure(lang, sp[dir].count, 'supply-count', 'count')]),
          el('td', { class: 'num' }, [figure(lang, sp[dir].amount, 'supply-amount', 'amount')]),
          el('td', { class: 'num', text: formatShare(lang, all > 0 ? sp[dir].amount / all : null) }),
        ]))),
      ])];
    }

    // Circles touching the park.
    let circlePart: (Node | null)[] = [slotStatus(lang, circles)];
    if (circles.state === 'ready') {
      const highlighted = ctx.store.get().highlight?.key;
      const tbody = el('tbody', {}, touching.map((c) => el('tr', {
        class: highlighted === `park-circle:${c.id}` ? 'is-selected' : undefined,
        attrs: { 'data-testid': 'park-circle-row', 'data-circle-id': c.id, tabindex: -1, 'aria-selected': highlighted === `park-circle:${c.id}` ? 'true' : 'false' },
        on: { click: () => toggleCircle(c.id, c.members) },
      }, [
        el('td', { text: c.id }),
        el('td', { class: 'num' }, [figure(lang, c.size, 'circle-size', 'count')]),
        el('td', { class: 'num' }, [figure(lang, inPark(c.members), 'circle-in-park', 'count')]),
        el('td', { class: 'num' }, [figure(lang, c.loansOutstanding, 'circle-loans', 'amount')]),
        el('td', { class: 'num', text: formatNumber(lang, c.parks.length, 0) }),
      ])));
      navigableRows(tbody, (row) => row.click());
      circlePart = touching.length === 0 ? [el('p', { class: 'empty', text: t(lang, 'park.circles.none') })] : [
        el('p', { class: 'section-hint', text: t(lang, 'park.circles.hint') }),
        el('table', { class: 'ties park-table is-interactive', attrs: { 'data-testid': 'park-circles-table', role: 'grid', 'aria-label': t(lang, 'park.circles.label') } }, [
          el('thead', {}, [el('tr', {}, [
            el('th', { text: t(lang, 'park.col.circle') }), el('th', { class: 'num', text: t(lang, 'park.col.size') }),
            el('th', { class: 'num', text: t(lang, 'park.col.inPark') }), el('th', { class: 'num', text: t(lang, 'park.col.loans') }),
            el('th', { class: 'num', text: t(lang, 'park.col.parks') }),
          ])]),
          tbody,
        ]),
      ];
    }

    // NPL per bank when every member defaults.
    let shockPart: (Node | null)[] = [slotStatus(lang, d.shock)];
    if (d.shock.state === 'ready') {
      const banks = d.shock.value.breakdown.banks;
      const box = chartBox('park-npl-chart');
      draw(box, {
        title: t(lang, 'park.npl.chart'), categories: banks.map((b) => b.bank),
        series: [
          { name: t(lang, 'park.npl.baseline'), values: banks.map((b) => b.baselineNplRatio), color: '#56B4E9' },
          { name: t(lang, 'park.npl.stressed'), values: banks.map((b) => b.nplRatio), color: '#D55E00' },
        ],
        format: (v) => formatShare(lang, v), width: CHART_WIDTH, height: 180,
      });
      shockPart = [
        el('p', { class: 'section-hint', text: t(lang, 'park.npl.hint', { label: d.shock.value.label, model: d.shock.value.model }) }),
        box,
        el('table', { class: 'ties park-table', attrs: { 'data-testid': 'park-npl-table' } }, [
          el('thead', {}, [el('tr', {}, [
            el('th', { text: t(lang, 'park.col.bank') }), el('th', { class: 'num', text: t(lang, 'park.npl.baseline') }),
            el('th', { class: 'num', text: t(lang, 'park.npl.stressed') }), el('th', { class: 'num', text: t(lang, 'park.col.loss') }),
          ])]),
          el('tbody', {}, banks.map((b) => el('tr', { attrs: { 'data-testid': 'park-npl-row', 'data-bank': b.bank } }, [
            el('td', { text: b.name, attrs: { title: b.bank } }),
            el('td', { class: 'num' }, [figure(lang, b.baselineNplRatio, 'npl-baseline', 'share')]),
            el('td', { class: 'num' }, [figure(lang, b.nplRatio, 'npl-stressed', 'share')]),
            el('td', { class: 'num' }, [figure(lang, b.loss, 'npl-loss', 'amount')]),
          ]))),
        ]),
      ];
    }

    // Keep keyboard focus on the circle row it was on (the dashboard is rebuilt on every change).
    const focusedCircle = document.activeElement instanceof HTMLElement && dashRoot.contains(document.activeElement)
      ? document.activeElement.getAttribute('data-circle-id') : null;
    replaceChildren(dashRoot, [
      el('h3', { class: 'tool-title', text: t(lang, 'park.dashboard') }),
      figures,
      sub(lang, 'lq', 'park.lq', lqPart),
      sub(lang, 'supply', 'park.supply', supplyPart),
      sub(lang, 'circles', 'park.circlesTitle', circlePart),
      sub(lang, 'shock', 'park.npl', shockPart),
    ]);
    if (focusedCircle !== null) {
      const row = dashRoot.querySelector<HTMLElement>(`[data-circle-id="${CSS.escape(focusedCircle)}"]`);
      row?.setAttribute('tabindex', '0');
      row?.focus();
    }
  };

  const toggleCircle = (id: string, members: readonly string[]) => {
    const key = `park-circle:${id}`;
    ctx.store.update({ highlight: ctx.store.get().highlight?.key === key ? null : { key, nodes: new Set(members), edges: null } });
  };

  renderHead();
  if (park !== null) load(park);
  renderDashboard();
  fit.render();

  ctx.store.subscribe((state, previous) => {
    if (state.tool !== 'park' && previous.tool === 'park') clearCircleHighlight();
    if (state.lang !== previous.lang) {
      renderHead();
      renderDashboard();
      fit.render();
    } else if (state.highlight !== previous.highlight && (state.highlight?.key.startsWith('park-circle:') || previous.highlight?.key.startsWith('park-circle:'))) {
      renderDashboard();
    }
  });
}

export const parkTool: Tool = { id: 'park', label: 'park.tab', mount: mountParkTool };
