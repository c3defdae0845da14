/**
 * Side panel of the selected node. For a firm it shows GET /api/firms/:id: the
 * attributes and every tie (loans with their banks, guarantees given and
 * received, suppliers, customers, owners, owned firms, financials). For a bank
 * it lists its loans from the graph itself (the API describes firms only).
 * Counterparts are buttons that select that node, so one can walk a guarantee
 * chain from the panel. Every data string is set as text, never as markup.
 * A firm also gets the analysis sections of firm-analysis.ts (screening, impact,
 * chain strength, default cost; fetched in parallel, rendered as they arrive) and
 * every node the explore controls of firm-explore.ts (ego network on demand).
 */
import { ApiError, fetchFirm, type FirmDetail } from '../api/index.ts';
import { financialsChart } from '../charts/index.ts';
import { el, replaceChildren } from '../dom.ts';
import { forEachTie } from '../graph/index.ts';
import { amountUnitLabel, formatNumber, formatShare, t, type Lang, type MessageKey } from '../i18n/index.ts';
import type { ViewerContext } from './context.ts';
import { createFirmAnalysis } from './firm-analysis.ts';
import { exploreControls } from './firm-explore.ts';

type Cell = string | Node;
interface Column<R> {
  label: MessageKey;
  value: (row: R) => Cell;
  numeric?: boolean;
}

export function mountFirmPanel(root: HTMLElement, ctx: ViewerContext): void {
  const { graph } = ctx.build;
  const cache = new Map<string, FirmDetail>();
  let pending: AbortController | null = null;
  const analysis = createFirmAnalysis(ctx);

  const nameOf = (id: string, served?: string): string =>
    served ?? (graph.hasNode(id) ? graph.getNodeAttribute(id, 'label') : id);

  /** A counterpart: a button that selects it when it is in the graph, plain text otherwise. */
  const counterpart = (id: string, served?: string): Cell => {
    const name = nameOf(id, served);
    if (!graph.hasNode(id)) return name;
    return el('button', {
      class: 'link', text: name,
      attrs: { type: 'button', title: id, 'data-node': id },
      on: { click: () => ctx.focusNode(id) },
    });
  };

  function section<R>(lang: Lang, key: string, title: MessageKey, rows: readonly R[], columns: Column<R>[], extra?: Node | null, hint?: string): HTMLElement {
    const body = rows.length === 0
      ? el('p', { class: 'empty', text: t(lang, 'panel.none') })
      : el('table', { class: 'ties' }, [
        el('thead', {}, [el('tr', {}, columns.map((c) => el('th', { text: t(lang, c.label), class: c.numeric ? 'num' : undefined })))]),
        el('tbody', {}, rows.map((row) => el('tr', {}, columns.map((c) => el('td', { class: c.numeric ? 'num' : undefined }, [c.value(row)]))))),
      ]);
    return el('section', { class: 'panel-section', attrs: { 'data-section': key, 'data-count': rows.length } }, [
      el('h3', {}, [el('span', { text: t(lang, title) }), el('span', { class: 'count', text: formatNumber(lang, rows.length, 0) })]),
      hint ? el('p', { class: 'section-hint', text: hint, attrs: { 'data-testid': `${key}-hint` } }) : null,
      extra ?? null,
      body,
    ]);
  }

  const attributeList = (pairs: [MessageKey, Cell | null][], lang: Lang): HTMLElement =>
    el('dl', { class: 'attributes' }, pairs.filter(([, v]) => v !== null && v !== '').flatMap(([k, v]) => [
      el('dt', { text: t(lang, k) }), el('dd', {}, [v]),
    ]));

  const head = (lang: Lang, kind: 'panel.firm' | 'panel.bank', id: string): HTMLElement[] => [headBar(lang, kind, id), exploreControls(ctx, lang, id)];

  const headBar = (lang: Lang, kind: 'panel.firm' | 'panel.bank', id: string): HTMLElement => {
    const meta = ctx.payload.meta;
    return el('header', { class: 'panel-head' }, [
      el('div', {}, [
        el('span', { class: `badge badge-${kind === 'panel.bank' ? 'bank' : 'firm'}`, text: t(lang, kind) }),
        el('h2', { class: 'panel-name', text: nameOf(id), attrs: { 'data-testid': 'panel-name', id: 'panel-title' } }),
        el('p', { class: 'panel-id', text: `${id} · ${t(lang, 'unit.amount', { unit: amountUnitLabel(lang, meta.unit, meta.currency) })}` }),
      ]),
      el('button', {
        class: 'icon-button close', text: '×',
        attrs: { type: 'button', 'aria-label': t(lang, 'panel.close'), title: t(lang, 'panel.close'), 'data-testid': 'panel-close' },
        on: { click: () => ctx.store.update({ selectedNode: null }) },
      }),
    ]);
  };

  const total = (rows: readonly { amount: number }[]) => rows.reduce((sum, r) => sum + r.amount, 0);

  const renderFirm = (lang: Lang, id: string, d: FirmDetail) => {
    const f = d.firm;
    const num = (v: number | undefined, digits = 2) => (v === undefined ? null : formatNumber(lang, v, digits));
    const flags = f.flags.length === 0 ? null
      : el('span', { class: 'chips' }, f.flags.map((flag) => el('span', { class: `chip chip-${flag}`, text: t(lang, `flag.${flag}` as MessageKey) })));
    const attrs = attributeList([
      ['panel.industry', f.industry],
      ['panel.park', d.park ? counterpartPark(d.park.name, d.park.id) : null],
      ['panel.region', f.region ?? null],
      ['panel.kind', t(lang, `kind.${f.kind}` as MessageKey)],
      ['panel.founded', f.founded === undefined ? null : String(f.founded)],
      ['panel.employees', num(f.employees, 0)],
      ['panel.assets', num(f.assets)],
      ['panel.liabilities', num(f.liabilities)],
      ['panel.equity', num(f.equity)],
      ['panel.revenue', num(f.revenue)],
      ['panel.pd', f.pd === undefined ? null : formatShare(lang, f.pd)],
      ['panel.lgd', formatShare(lang, f.lgd)],
      ['panel.flags', flags],
    ], lang);
    const status = (s: string | undefined) => (s ? t(lang, `status.${s}` as MessageKey) : '–');
    const fin = d.financials.slice().sort((a, b) => a.year - b.year);
    const chart = financialsChart(fin, t(lang, 'chart.financials'), { revenue: t(lang, 'col.revenue'), ebit: t(lang, 'col.ebit') });
    replaceChildren(root, [
      ...head(lang, 'panel.firm', id),
      el('div', { class: 'panel-body' }, [
        el('section', { class: 'panel-section' }, [el('h3', { text: t(lang, 'panel.attributes') }), attrs]),
        analysis.node(lang, id),
        section(lang, 'loans', 'panel.loans', d.loans, [
          { label: 'col.bank', value: (l) => counterpart(l.bank_id, l.bank_name) },
          { label: 'col.outstanding', value: (l) => formatNumber(lang, l.outstanding), numeric: true },
          { label: 'col.maturity', value: (l) => l.maturity ?? '–' },
          { label: 'col.status', value: (l) => status(l.status) },
        ]),
        section(lang, 'guaranteesGiven', 'panel.guaranteesGiven', d.guaranteesGiven, [
          { label: 'col.counterpart', value: (g) => counterpart(g.counterpart_id, g.counterpart_name) },
          { label: 'col.amount', value: (g) => formatNumber(lang, g.amount), numeric: true },
          { label: 'col.group', value: (g) => g.group ?? '–' },
        ], null, t(lang, 'firmx.given.hint', { total: formatNumber(lang, total(d.guaranteesGiven)) })),
        section(lang, 'guaranteesReceived', 'panel.guaranteesReceived', d.guaranteesReceived, [
          { label: 'col.counterpart', value: (g) => counterpart(g.counterpart_id, g.counterpart_name) },
          { label: 'col.amount', value: (g) => formatNumber(lang, g.amount), numeric: true },
          { label: 'col.group', value: (g) => g.group ?? '–' },
        ], null, t(lang, 'firmx.received.hint', { total: formatNumber(lang, total(d.guaranteesReceived)) })),
        section(lang, 'suppliers', 'panel.suppliers', d.suppliers, [
          { label: 'col.counterpart', value: (p) => counterpart(p.id, p.name) },
          { label: 'col.value', value: (p) => formatNumber(lang, p.value), numeric: true },
          { label: 'col.since', value: (p) => (p.since === null ? '–' : String(p.since)) },
        ]),
        section(lang, 'customers', 'panel.customers', d.customers, [
          { label: 'col.counterpart', value: (p) => counterpart(p.id, p.name) },
          { label: 'col.value', value: (p) => formatNumber(lang, p.value), numeric: true },
          { label: 'col.since', value: (p) => (p.since === null ? '–' : String(p.since)) },
        ]),
        section(lang, 'owners', 'panel.owners', d.owners, [
          { label: 'col.counterpart', value: (o) => counterpart(o.id, o.name) },
          { label: 'col.share', value: (o) => formatShare(lang, o.share), numeric: true },
        ]),
        section(lang, 'owned', 'panel.owned', d.owned, [
          { label: 'col.counterpart', value: (o) => counterpart(o.id, o.name) },
          { label: 'col.share', value: (o) => formatShare(lang, o.share), numeric: true },
        ]),
        section(lang, 'financials', 'panel.financials', fin, [
          { label: 'col.year', value: (r) => String(r.year) },
          { label: 'col.revenue', value: (r) => formatNumber(lang, r.revenue), numeric: true },
          { label: 'col.ebit', value: (r) => formatNumber(lang, r.ebit), numeric: true },
          { label: 'col.interest', value: (r) => formatNumber(lang, r.interest_expense), numeric: true },
        ], chart),
      ]),
    ]);
  };

  /** Parks are not graph nodes: the park is plain text with its id as a tooltip. */
  function counterpartPark(name: string, id: string): Node {
    return el('span', { text: name, attrs: { title: id } });
  }

  const renderBank = (lang: Lang, id: string) => {
    const loans: { borrower: string; outstanding: number }[] = [];
    const owned: { owned: string; share: number }[] = [];
    const { payload } = ctx;
    forEachTie(payload, ctx.build.ties, graph.getNodeAttribute(id, 'index'), (e, other, outgoing) => {
      if (!outgoing) return;
      const kind = payload.edges.kind[e], target = payload.nodes.id[other], weight = payload.edges.weight[e];
      if (kind === 'loan') loans.push({ borrower: target, outstanding: weight });
      else if (kind === 'ownership') owned.push({ owned: target, share: weight });
    });
    loans.sort((a, b) => b.outstanding - a.outstanding);
    const lending = loans.reduce((sum, l) => sum + l.outstanding, 0);
    const borrowers = new Set(loans.map((l) => l.borrower)).size;
    replaceChildren(root, [
      ...head(lang, 'panel.bank', id),
      el('div', { class: 'panel-body' }, [
        el('section', { class: 'panel-section' }, [
          el('h3', { text: t(lang, 'panel.attributes') }),
          attributeList([
            ['panel.lending', formatNumber(lang, lending)],
            ['panel.borrowers', formatNumber(lang, borrowers, 0)],
            ['panel.equity', formatNumber(lang, graph.getNodeAttribute(id, 'equity'))],
          ], lang),
        ]),
        section(lang, 'loans', 'panel.loans', loans, [
          { label: 'col.counterpart', value: (l) => counterpart(l.borrower) },
          { label: 'col.outstanding', value: (l) => formatNumber(lang, l.outstanding), numeric: true },
        ]),
        section(lang, 'owned', 'panel.owned', owned, [
          { label: 'col.counterpart', value: (o) => counterpart(o.owned) },
          { label: 'col.share', value: (o) => formatShare(lang, o.share), numeric: true },
        ]),
      ]),
    ]);
  };

  /** While the firm's detail loads (or when it failed), its analysis sections still fill in below the message. */
  const renderMessage = (lang: Lang, id: string, text: string, cls: string) =>
    replaceChildren(root, [...head(lang, 'panel.firm', id), el('div', { class: 'panel-body' }, [
      el('p', { class: cls, text, attrs: { role: 'status' } }),
      analysis.node(lang, id),
    ])]);

  const render = () => {
    const { selectedNode: id, lang } = ctx.store.get();
    pending?.abort();
    pending = null;
    root.hidden = id === null;
    root.dataset.state = id === null ? 'closed' : 'loading';
    if (id === null || !graph.hasNode(id)) {
      analysis.reset();
      root.replaceChildren();
      return;
    }
    root.dataset.node = id;
    if (graph.getNodeAttribute(id, 'nodeType') === 'bank') {
      analysis.reset();
      renderBank(lang, id);
      root.dataset.state = 'ready';
      return;
    }
    const cached = cache.get(id);
    if (cached) {
      renderFirm(lang, id, cached);
      root.dataset.state = 'ready';
      return;
    }
    renderMessage(lang, id, t(lang, 'panel.loading'), 'panel-message is-loading');
    const controller = new AbortController();
    pending = controller;
    fetchFirm(id, controller.signal).then(
      (detail) => {
        cache.set(id, detail);
        if (ctx.store.get().selectedNode !== id) return;
        renderFirm(ctx.store.get().lang, id, detail);
        root.dataset.state = 'ready';
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
        renderMessage(ctx.store.get().lang, id, t(ctx.store.get().lang, 'panel.error', { message }), 'panel-message is-error');
        root.dataset.state = 'error';
      },
    );
  };

  render();
  ctx.store.subscribe((state, previous) => {
    if (state.selectedNode !== previous.selectedNode || state.lang !== previous.lang) render();
    // The explore controls depend on the explored set and on which tie kinds are shown.
    else if (state.selectedNode !== null && (state.explore !== previous.explore || state.hiddenEdgeKinds !== previous.hiddenEdgeKinds)) render();
  });
}
