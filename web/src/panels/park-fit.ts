/**
 * Park fit in the park tool (docs/park-fit.md): a candidate firm (defaults to the selected
 * firm; searchable by name or id) and the tool's park → the score breakdown (each term, its
 * weight and weighted contribution, fit = Σ contributions), the entry rules, the what-if
 * (the park's metrics before and after the candidate joins), and the best parks for the
 * candidate (GET /api/parkfit with and without `park`). "Best candidates" lists the firms
 * that fit the park best (GET /api/parkfit/candidates/:park). Numbers are the API's, each
 * with its raw value in `data-value`.
 */
import {
  fetchParkCandidates, fetchParkFit, type CandidatesBody, type ParkFit, type ParkFitBody,
} from '../api/parks.ts';
import { el, replaceChildren } from '../dom.ts';
import { formatNumber, t, type Lang, type MessageKey } from '../i18n/index.ts';
import type { ViewerContext } from './context.ts';
import { figure } from './firm-analysis.ts';
import { chartBox, navigableRows, type Slot, slotStatus } from './park-ui.ts';
import { buildSearchIndex, searchNodes, type SearchHit } from './search-index.ts';

/** Terms of the fit in the order of docs/park-fit.md; up/downstream are the parts of complementarity. */
export const FIT_TERMS = ['concentration', 'complementarity', 'upstream', 'downstream', 'gapFilling', 'ties', 'risk'] as const;
type FitTerm = (typeof FIT_TERMS)[number];
const WEIGHTED = new Set<FitTerm>(['concentration', 'complementarity', 'gapFilling', 'ties', 'risk']);

export const WHAT_IF_METRICS = ['members', 'lq', 'leadShare', 'internalTradeShare', 'outsideShare', 'circleMembers', 'circles'] as const;
const COUNT_METRICS = new Set<string>(['members', 'circleMembers', 'circles']);

export const CANDIDATES_TOP = 10;
const SUGGESTIONS = 8;

export interface ParkFitSection {
  root: HTMLElement;
  render(): void;
  /** The tool's park changed: the park-specific result and the candidate list are refetched / dropped. */
  parkChanged(): void;
}

export function createParkFit(ctx: ViewerContext, getPark: () => string | null, choosePark: (id: string) => void): ParkFitSection {
  const { graph } = ctx.build;
  const p = ctx.payload;
  const firmsIndex = buildSearchIndex(
    p.nodes.id.filter((_, i) => p.nodes.type[i] === 'firm'), p.nodes.name.filter((_, i) => p.nodes.type[i] === 'firm'),
    p.nodes.type.filter((x) => x === 'firm'),
  );
  const isFirm = (id: string | null): id is string => id !== null && graph.hasNode(id) && graph.getNodeAttribute(id, 'nodeType') === 'firm';
  const nameOf = (id: string) => (graph.hasNode(id) ? graph.getNodeAttribute(id, 'label') : id);
  const parkName = (id: string) => p.parks.find((x) => x.id === id)?.name ?? id;

  let candidate: string | null = isFirm(ctx.store.get().selectedNode) ? ctx.store.get().selectedNode : null;
  /** The user picked a candidate by hand: the selection no longer replaces it. */
  let chosen = false;
  let all: Slot<ParkFitBody> | null = null;
  let one: Slot<ParkFitBody> | null = null;
  let ran: { firm: string; park: string } | null = null;
  let candidates: Slot<CandidatesBody> | null = null;
  let controller: AbortController | null = null;
  let dispose: (() => void) | null = null;
  let hits: SearchHit[] = [];
  let active = -1;

  const root = el('section', { class: 'park-fit', attrs: { 'data-testid': 'park-fit' } });
  const input = el('input', {
    class: 'fit-input',
    attrs: { id: 'fit-candidate', type: 'text', autocomplete: 'off', role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'fit-suggestions', 'aria-autocomplete': 'list', 'data-testid': 'fit-candidate' },
  });
  const list = el('ul', { class: 'search-list fit-suggestions', attrs: { id: 'fit-suggestions', role: 'listbox', hidden: true } });
  const form = el('div', { class: 'fit-form' });
  const results = el('div', { class: 'fit-results', attrs: { 'aria-live': 'polite' } });
  const candRoot = el('div', { class: 'fit-candidates' });

  const setCandidate = (id: string, byHand: boolean) => {
    candidate = id;
    chosen = chosen || byHand;
    input.value = `${nameOf(id)} (${id})`;
    closeList();
    renderForm();
  };

  const closeList = () => {
    hits = [];
    active = -1;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };

  const renderList = () => {
    if (hits.length === 0) return closeList();
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    replaceChildren(list, hits.map((h, i) => el('li', {
      class: `search-option${i === active ? ' is-active' : ''}`,
      attrs: { id: `fit-suggestion-${i}`, role: 'option', 'aria-selected': i === active ? 'true' : 'false', 'data-node': h.key, 'data-testid': 'fit-suggestion' },
      on: { mousedown: (e) => { e.preventDefault(); setCandidate(h.key, true); } },
    }, [el('span', { class: 'search-name', text: h.name }), el('span', { class: 'search-id', text: h.key })])));
    if (active >= 0) input.setAttribute('aria-activedescendant', `fit-suggestion-${active}`);
  };

  input.addEventListener('input', () => {
    hits = searchNodes(firmsIndex, input.value, SUGGESTIONS);
    active = hits.length > 0 ? 0 : -1;
    renderList();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && hits.length > 0) { active = (active + 1) % hits.length; renderList(); event.preventDefault(); }
    else if (event.key === 'ArrowUp' && hits.length > 0) { active = (active - 1 + hits.length) % hits.length; renderList(); event.preventDefault(); }
    else if (event.key === 'Enter') {
      event.preventDefault();
      if (active >= 0 && hits[active]) setCandidate(hits[active].key, true);
      else run();
    } else if (event.key === 'Escape') closeList();
  });
  input.addEventListener('blur', () => closeList());

  const run = () => {
    const park = getPark();
    if (candidate === null || park === null) return;
    controller?.abort();
    const c = new AbortController();
    controller = c;
    const firm = candidate;
    ran = { firm, park };
    all = { state: 'loading' };
    one = { state: 'loading' };
    const settle = (promise: Promise<ParkFitBody>, set: (s: Slot<ParkFitBody>) => void) => promise.then(
      (value) => set({ state: 'ready', value }),
      (error: unknown) => { if (!c.signal.aborted) set({ state: 'error', message: error instanceof Error ? error.message : String(error) }); },
    ).finally(() => { if (!c.signal.aborted) renderResults(); });
    settle(fetchParkFit(firm, null, c.signal), (s) => { all = s; });
    settle(fetchParkFit(firm, park, c.signal), (s) => { one = s; });
    renderResults();
  };

  const renderForm = () => {
    const lang = ctx.store.get().lang;
    input.setAttribute('placeholder', t(lang, 'park.fit.placeholder'));
    if (candidate !== null && document.activeElement !== input) input.value = `${nameOf(candidate)} (${candidate})`;
    replaceChildren(form, [
      el('label', { class: 'field-label', text: t(lang, 'park.fit.candidate'), attrs: { for: 'fit-candidate' } }),
      el('div', { class: 'fit-combo' }, [input, list]),
      el('button', {
        class: 'tool-button primary', text: t(lang, 'park.fit.run'),
        attrs: { type: 'button', disabled: candidate === null || getPark() === null, 'data-testid': 'fit-run' },
        on: { click: run },
      }),
    ]);
  };

  const termLabel = (lang: Lang, term: FitTerm) => t(lang, `park.term.${term}` as MessageKey);

  const breakdown = (lang: Lang, body: ParkFitBody, fit: ParkFit): (Node | null)[] => {
    const weights = body.options.weights as unknown as Record<string, number>;
    const contributions = fit.contributions as unknown as Record<string, number>;
    const rows = FIT_TERMS.map((term) => el('tr', { class: WEIGHTED.has(term) ? undefined : 'is-sub', attrs: { 'data-testid': 'fit-component', 'data-component': term } }, [
      el('td', { text: termLabel(lang, term) }),
      el('td', { class: 'num' }, [figure(lang, fit.breakdown[term], 'fit-value')]),
      el('td', { class: 'num', text: WEIGHTED.has(term) ? (term === 'risk' ? '−' : '') + formatNumber(lang, weights[term], 2) : '' }),
      el('td', { class: 'num' }, [WEIGHTED.has(term) ? figure(lang, contributions[term], 'fit-contribution') : '']),
    ]));
    const box = chartBox('fit-chart');
    const terms = FIT_TERMS.filter((x) => WEIGHTED.has(x));
    import('../charts/park.ts').then((m) => {
      if (!box.isConnected) return;
      dispose?.();
      dispose = m.barChart(box, {
        title: t(lang, 'park.fit.chart', { firm: nameOf(ran?.firm ?? ''), park: parkName(fit.park) }),
        categories: terms.map((x) => termLabel(lang, x)),
        series: [{ name: t(lang, 'park.col.contribution'), values: terms.map((x) => contributions[x]), color: terms.map((x) => (contributions[x] < 0 ? '#D55E00' : '#0072B2')) }],
        format: (v) => formatNumber(lang, v, 2), width: 380, height: 160, markAt: 0,
      });
    }, () => undefined);
    return [
      el('p', { class: 'fit-total' }, [
        t(lang, 'park.fit.total', { park: parkName(fit.park) }), ' ',
        figure(lang, fit.fit, 'fit-total'), ' · ',
        el('span', { text: t(lang, fit.eligible ? 'park.fit.eligible' : 'park.fit.notEligible'), attrs: { 'data-testid': 'fit-eligible', 'data-value': String(fit.eligible) } }),
      ]),
      box,
      el('table', { class: 'ties park-table', attrs: { 'data-testid': 'fit-breakdown' } }, [
        el('thead', {}, [el('tr', {}, [
          el('th', { text: t(lang, 'park.col.term') }), el('th', { class: 'num', text: t(lang, 'park.col.value') }),
          el('th', { class: 'num', text: t(lang, 'park.col.weight') }), el('th', { class: 'num', text: t(lang, 'park.col.contribution') }),
        ])]),
        el('tbody', {}, rows),
      ]),
      el('ul', { class: 'fit-rules' }, fit.rules.map((r) => el('li', {
        class: r.passed ? 'is-passed' : 'is-failed', attrs: { 'data-testid': 'fit-rule', 'data-rule': r.rule, 'data-passed': String(r.passed) },
      }, [
        el('span', { class: 'rule-mark', text: r.passed ? '✓' : '✗', attrs: { 'aria-hidden': 'true' } }),
        el('span', { text: ` ${lang === 'zh-CN' ? r.zh : t(lang, `park.rule.${r.rule}` as MessageKey)}: ${t(lang, r.passed ? 'park.rule.passed' : 'park.rule.failed')}` }),
        el('small', { class: 'rule-detail', text: r.detail }),
      ]))),
    ];
  };

  const whatIf = (lang: Lang, body: ParkFitBody): HTMLElement | null => {
    const w = body.whatIf;
    if (w === null) return null;
    const before = w.before as unknown as Record<string, number>, after = w.after as unknown as Record<string, number>;
    const cell = (v: number, metric: string, testid: string) => figure(lang, v, testid, COUNT_METRICS.has(metric) ? 'count' : metric === 'lq' ? 'small' : 'share');
    return el('div', { class: 'fit-whatif' }, [
      el('h4', { text: t(lang, 'park.whatIf', { division: w.division }) }),
      el('table', { class: 'ties park-table', attrs: { 'data-testid': 'whatif-table' } }, [
        el('thead', {}, [el('tr', {}, [
          el('th', { text: t(lang, 'park.col.metric') }), el('th', { class: 'num', text: t(lang, 'park.col.before') }), el('th', { class: 'num', text: t(lang, 'park.col.after') }),
        ])]),
        el('tbody', {}, WHAT_IF_METRICS.map((m) => el('tr', { attrs: { 'data-testid': 'whatif-row', 'data-metric': m } }, [
          el('td', { text: t(lang, `park.metric.${m}` as MessageKey) }),
          el('td', { class: 'num' }, [cell(before[m], m, 'whatif-before')]),
          el('td', { class: 'num' }, [cell(after[m], m, 'whatif-after')]),
        ]))),
      ]),
    ]);
  };

  const bestParks = (lang: Lang, body: ParkFitBody): HTMLElement => {
    const tbody = el('tbody', {}, body.parks.map((f, i) => el('tr', {
      attrs: { 'data-testid': 'fit-best-park', 'data-park': f.park, tabindex: -1, 'aria-selected': f.park === getPark() ? 'true' : 'false' },
      class: f.park === getPark() ? 'is-selected' : undefined,
      on: { click: () => choosePark(f.park) },
    }, [
      el('td', { class: 'num', text: formatNumber(lang, i + 1, 0) }),
      el('td', { text: parkName(f.park), attrs: { title: f.park } }),
      el('td', { class: 'num' }, [figure(lang, f.fit, 'best-fit')]),
      el('td', { text: f.eligible ? '✓' : '✗', attrs: { 'aria-label': t(lang, f.eligible ? 'park.fit.eligible' : 'park.fit.notEligible') } }),
    ])));
    navigableRows(tbody, (row) => row.click());
    return el('div', { class: 'fit-best' }, [
      el('h4', { text: t(lang, 'park.fit.bestParks', { firm: nameOf(ran?.firm ?? '') }) }),
      el('table', { class: 'ties park-table is-interactive', attrs: { 'data-testid': 'fit-best-parks', role: 'grid', 'aria-label': t(lang, 'park.fit.bestParksLabel') } }, [
        el('thead', {}, [el('tr', {}, [
          el('th', { class: 'num', text: '#' }), el('th', { text: t(lang, 'park.col.park') }),
          el('th', { class: 'num', text: t(lang, 'park.col.fit') }), el('th', { text: t(lang, 'park.col.eligible') }),
        ])]),
        tbody,
      ]),
    ]);
  };

  const renderResults = () => {
    const lang = ctx.store.get().lang;
    dispose?.();
    dispose = null;
    if (ran === null || all === null || one === null) {
      replaceChildren(results, [el('p', { class: 'empty', text: t(lang, 'park.fit.prompt') })]);
      return;
    }
    const fit = one.state === 'ready' ? one.value.parks[0] : null;
    replaceChildren(results, [
      el('div', { class: 'fit-one', attrs: { 'data-testid': 'fit-result', 'data-firm': ran.firm, 'data-park': ran.park, 'data-state': one.state } },
        one.state === 'ready' && fit ? [...breakdown(lang, one.value, fit), whatIf(lang, one.value)] : [slotStatus(lang, one)]),
      el('div', { attrs: { 'data-state': all.state, 'data-testid': 'fit-all' } }, all.state === 'ready' ? [bestParks(lang, all.value)] : [slotStatus(lang, all)]),
    ]);
  };

  const renderCandidates = () => {
    const lang = ctx.store.get().lang;
    const park = getPark();
    const button = el('button', {
      class: 'tool-button', text: t(lang, 'park.candidates.run', { count: CANDIDATES_TOP }),
      attrs: { type: 'button', disabled: park === null, 'data-testid': 'candidates-run' },
      on: { click: () => loadCandidates() },
    });
    let content: (Node | null)[] = [];
    if (candidates !== null && candidates.state !== 'ready') content = [slotStatus(lang, candidates)];
    else if (candidates !== null && candidates.state === 'ready') {
      const tbody = el('tbody', {}, candidates.value.candidates.map((c, i) => el('tr', {
        attrs: { 'data-testid': 'candidate-row', 'data-firm': c.firm, tabindex: -1 },
        on: { click: () => { setCandidate(c.firm, true); ctx.focusNode(c.firm); } },
      }, [
        el('td', { class: 'num', text: formatNumber(lang, i + 1, 0) }),
        el('td', { text: nameOf(c.firm), attrs: { title: c.firm } }),
        el('td', { class: 'num' }, [figure(lang, c.fit.fit, 'candidate-fit')]),
        el('td', { text: c.fit.eligible ? '✓' : '✗' }),
      ])));
      navigableRows(tbody, (row) => row.click());
      content = [el('table', { class: 'ties park-table is-interactive', attrs: { 'data-testid': 'candidates-table', role: 'grid', 'aria-label': t(lang, 'park.candidates.label') } }, [
        el('thead', {}, [el('tr', {}, [
          el('th', { class: 'num', text: '#' }), el('th', { text: t(lang, 'park.col.firm') }),
          el('th', { class: 'num', text: t(lang, 'park.col.fit') }), el('th', { text: t(lang, 'park.col.eligible') }),
        ])]),
        tbody,
      ])];
    }
    replaceChildren(candRoot, [el('h4', { text: t(lang, 'park.candidates', { park: park === null ? '' : parkName(park) }) }), button, ...content]);
  };

  let candController: AbortController | null = null;
  const loadCandidates = () => {
    const park = getPark();
    if (park === null) return;
    candController?.abort();
    const c = new AbortController();
    candController = c;
    candidates = { state: 'loading' };
    renderCandidates();
    fetchParkCandidates(park, CANDIDATES_TOP, c.signal).then(
      (value) => { candidates = { state: 'ready', value }; },
      (error: unknown) => { if (!c.signal.aborted) candidates = { state: 'error', message: error instanceof Error ? error.message : String(error) }; },
    ).finally(() => { if (!c.signal.aborted) renderCandidates(); });
  };

  const render = () => {
    const lang = ctx.store.get().lang;
    replaceChildren(root, [
      el('h3', { class: 'tool-title', text: t(lang, 'park.fit') }),
      el('p', { class: 'section-hint', text: t(lang, 'park.fit.hint') }),
      form, results, candRoot,
    ]);
    renderForm();
    renderResults();
    renderCandidates();
  };

  ctx.store.subscribe((state, previous) => {
    if (state.selectedNode !== previous.selectedNode && !chosen && isFirm(state.selectedNode)) {
      candidate = state.selectedNode;
      renderForm();
    }
  });

  return {
    root,
    render,
    parkChanged() {
      candController?.abort();
      candidates = null;
      if (ran !== null && candidate !== null) run();
      else renderForm();
      renderCandidates();
    },
  };
}
