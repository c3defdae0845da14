/**
 * The "Contagion" tool of the analysis drawer (issue 7, item 3): pick a shock (a firm
 * — the selected one by default —, a park, an industry, or credit tightening for N
 * days) and a model, run it (GET /api/contagion or /api/stress with roundsDetail),
 * and play the cascade round by round: play / pause / step back / step forward and
 * a scrub slider (a native range input, so ←/→/Home/End work). Each round sets
 * state.overlay (distress 0..1 per node, drawn on the map by the map layers) and
 * state.scenario (contagion-scenario.ts: `model=…&shock=…&round=…`, mirrored in the
 * URL); a scenario that appears in the state (URL restore) is run here. Beside the
 * playback: cumulative loss per round, NPL ratio per bank against the tolerance
 * lines and loss per park at the current round (charts/contagion.ts, loaded by a
 * dynamic import), with the same numbers as tables. Below: the shock sweep and the
 * Monte Carlo distribution (contagion-analyses.ts). Reset, or leaving the tool,
 * clears the overlay and the scenario it set; coming back restores them.
 */
import { el, replaceChildren } from '../dom.ts';
import { formatNumber, formatShare, t, type Lang, type MessageKey } from '../i18n/index.ts';
import {
  CONTAGION_MODEL_IDS, SHOCK_KINDS, fetchCascade, type CascadeRun, type ContagionModelId, type ShockKind,
} from '../api/contagion.ts';
import { parkColor } from '../graph/index.ts';
import type { ViewerState } from '../state/index.ts';
import type { ViewerContext } from './context.ts';
import type { Tool } from './tools.ts';
import { buildSearchIndex, searchNodes, type SearchEntry } from './search-index.ts';
import { createDistressPlayback, type DistressPlayback } from './contagion-playback.ts';
import { formatScenario, parseScenario, sameRun, type Scenario } from './contagion-scenario.ts';
import { navTable } from './contagion-table.ts';
import { mountContagionAnalyses } from './contagion-analyses.ts';
import { loadContagionCharts, showChartError } from './contagion-charts.ts';

export const contagionTool: Tool = {
  id: 'contagion',
  label: 'contagion.tab',
  mount: mountContagionTool,
};

type ChartHandle = import('../charts/contagion.ts').ChartHandle;
type ChartsModule = typeof import('../charts/contagion.ts');

const SHOCK_LABEL: Record<ShockKind, MessageKey> = {
  firm: 'contagion.shock.firm', park: 'contagion.shock.park', industry: 'contagion.shock.industry', tightening: 'contagion.shock.tightening',
};
const MODEL_LABEL: Record<ContagionModelId, MessageKey> = {
  debtrank: 'contagion.model.debtrank', linear: 'contagion.model.linear', threshold: 'contagion.model.threshold', clearing: 'contagion.model.clearing',
};
const OVERLAY_PREFIX = 'contagion:';
/** Playback speed: the whole cascade in about this long, each round shown at least MIN and at most MAX ms. */
const PLAY = Object.freeze({ totalMs: 8000, minStepMs: 60, maxStepMs: 700 });
const SUGGESTIONS = 8;

export function mountContagionTool(root: HTMLElement, ctx: ViewerContext): void {
  const { store, payload } = ctx;
  const ids = payload.nodes.id;
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const parkNames = payload.parks.map((p) => p.name);
  const industries = [...new Set(payload.nodes.industry.filter((x) => x !== ''))].sort();
  let searchIndex: SearchEntry[] | null = null;

  // ── form state ──
  let kind: ShockKind = 'firm';
  let firm: string | null = null;
  let park = payload.parks[0]?.id ?? '';
  let industry = industries[0] ?? '';
  let days = 90;
  let model: ContagionModelId = 'debtrank';
  let suggestions: { key: string; name: string }[] = [];
  let activeSuggestion = -1;
  const firmOrBank = (id: string | null) => id !== null && indexOf.has(id);
  if (firmOrBank(store.get().selectedNode)) firm = store.get().selectedNode;

  // ── run state ──
  let run: CascadeRun | null = null;
  let scenario: Scenario | null = null;
  let playback: DistressPlayback | null = null;
  let round = 0;
  let timer: number | null = null;
  let request: AbortController | null = null;
  let status: { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; message: string } = { kind: 'idle' };
  let charts: { loss: ChartHandle; banks: ChartHandle; parks: ChartHandle } | null = null;
  let chartsModule: ChartsModule | null = null;

  const formHost = el('form', { class: 'contagion-form', attrs: { 'data-testid': 'contagion-form', novalidate: true } });
  const statusHost = el('p', { class: 'contagion-status', attrs: { 'aria-live': 'polite', 'data-testid': 'contagion-status' } });
  const resultHost = el('div', { class: 'contagion-result', attrs: { 'data-testid': 'contagion-result' } });
  const analysesHost = el('div', { class: 'contagion-analyses' });
  const heading = el('h3', { class: 'contagion-title' });
  replaceChildren(root, [el('div', { class: 'contagion-tool' }, [heading, formHost, statusHost, resultHost, analysesHost])]);
  const analyses = mountContagionAnalyses(analysesHost, ctx, loadContagionCharts);

  // ── playback DOM (built per run and language; updated in place per round so focus stays) ──
  let roundLabel: HTMLElement | null = null;
  let lossValue: HTMLElement | null = null;
  let defaultsValue: HTMLElement | null = null;
  let nplValue: HTMLElement | null = null;
  let slider: HTMLInputElement | null = null;
  let playButton: HTMLButtonElement | null = null;
  let tablesHost: HTMLElement | null = null;
  let chartTitles: { banks: HTMLElement; parks: HTMLElement } | null = null;

  const amount = (lang: Lang, v: number) => formatNumber(lang, v, 2);
  const lastRound = () => (run ? run.roundsDetail.rounds.length - 1 : 0);

  // ── form ──
  const field = (label: string, control: HTMLElement, id: string) => el('div', { class: 'contagion-field' }, [
    el('label', { text: label, attrs: { for: id } }), control,
  ]);

  function renderForm(): void {
    const { lang } = store.get();
    heading.textContent = t(lang, 'contagion.title');
    const kindSelect = el('select', {
      attrs: { id: 'contagion-kind', 'data-testid': 'contagion-kind' },
      on: { change: (e) => { kind = (e.target as HTMLSelectElement).value as ShockKind; renderForm(); } },
    }, SHOCK_KINDS.map((k) => el('option', { text: t(lang, SHOCK_LABEL[k]), attrs: { value: k, selected: k === kind } })));
    const modelSelect = el('select', {
      attrs: { id: 'contagion-model', 'data-testid': 'contagion-model' },
      on: { change: (e) => { model = (e.target as HTMLSelectElement).value as ContagionModelId; } },
    }, CONTAGION_MODEL_IDS.map((m) => el('option', { text: t(lang, MODEL_LABEL[m]), attrs: { value: m, selected: m === model } })));
    replaceChildren(formHost, [
      field(t(lang, 'contagion.shock'), kindSelect, 'contagion-kind'),
      targetField(lang),
      field(t(lang, 'contagion.model'), modelSelect, 'contagion-model'),
      el('div', { class: 'contagion-actions' }, [
        el('button', { class: 'contagion-button is-primary', text: t(lang, 'contagion.run'), attrs: { type: 'submit', 'data-testid': 'contagion-run' } }),
        el('button', { class: 'contagion-button', text: t(lang, 'contagion.reset'), attrs: { type: 'button', 'data-testid': 'contagion-reset' }, on: { click: reset } }),
      ]),
    ]);
  }

  function targetField(lang: Lang): HTMLElement {
    if (kind === 'park') {
      return field(t(lang, 'contagion.park'), el('select', {
        attrs: { id: 'contagion-target', 'data-testid': 'contagion-park' },
        on: { change: (e) => { park = (e.target as HTMLSelectElement).value; } },
      }, payload.parks.map((p) => el('option', { text: `${p.name} (${p.id})`, attrs: { value: p.id, selected: p.id === park } }))), 'contagion-target');
    }
    if (kind === 'industry') {
      return field(t(lang, 'contagion.industry'), el('select', {
        attrs: { id: 'contagion-target', 'data-testid': 'contagion-industry' },
        on: { change: (e) => { industry = (e.target as HTMLSelectElement).value; } },
      }, industries.map((code) => el('option', { text: code, attrs: { value: code, selected: code === industry } }))), 'contagion-target');
    }
    if (kind === 'tightening') {
      return field(t(lang, 'contagion.days'), el('input', {
        attrs: { id: 'contagion-target', type: 'number', min: 0, max: 36500, step: 1, value: days, 'data-testid': 'contagion-days' },
        on: { input: (e) => { days = Math.max(0, Math.min(36500, Math.round(Number((e.target as HTMLInputElement).value) || 0))); } },
      }), 'contagion-target');
    }
    return firmField(lang);
  }

  /** Firm picker: a combobox over the firms and banks (name or id), defaulting to the selected node. */
  function firmField(lang: Lang): HTMLElement {
    const list = el('ul', { class: 'contagion-suggestions', attrs: { id: 'contagion-firm-list', role: 'listbox', 'data-testid': 'contagion-firm-list' } });
    const input = el('input', {
      attrs: {
        id: 'contagion-target', type: 'search', autocomplete: 'off', role: 'combobox', 'aria-autocomplete': 'list',
        'aria-controls': 'contagion-firm-list', 'aria-expanded': 'false', placeholder: t(lang, 'contagion.firmPlaceholder'),
        value: firm !== null ? `${payload.nodes.name[indexOf.get(firm)!]} (${firm})` : '', 'data-testid': 'contagion-firm',
        'data-firm-id': firm ?? '',
      },
    });
    const showList = () => {
      input.setAttribute('aria-expanded', suggestions.length > 0 ? 'true' : 'false');
      if (activeSuggestion >= 0) input.setAttribute('aria-activedescendant', `contagion-firm-${activeSuggestion}`);
      else input.removeAttribute('aria-activedescendant');
      replaceChildren(list, suggestions.map((s, i) => el('li', {
        class: i === activeSuggestion ? 'is-active' : '', text: `${s.name} (${s.key})`,
        attrs: { id: `contagion-firm-${i}`, role: 'option', 'aria-selected': i === activeSuggestion ? 'true' : 'false', 'data-node': s.key },
        on: { mousedown: (e) => { e.preventDefault(); choose(i); } },
      })));
    };
    const choose = (i: number) => {
      const s = suggestions[i];
      if (!s) return;
      firm = s.key;
      input.value = `${s.name} (${s.key})`;
      input.setAttribute('data-firm-id', s.key);
      suggestions = [];
      activeSuggestion = -1;
      showList();
    };
    input.addEventListener('input', () => {
      searchIndex ??= buildSearchIndex(ids, payload.nodes.name, payload.nodes.type);
      suggestions = searchNodes(searchIndex, input.value, SUGGESTIONS).map((h) => ({ key: h.key, name: h.name }));
      activeSuggestion = suggestions.length > 0 ? 0 : -1;
      firm = null;
      input.setAttribute('data-firm-id', '');
      showList();
    });
    input.addEventListener('keydown', (e) => {
      if (suggestions.length === 0) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        activeSuggestion = (activeSuggestion + (e.key === 'ArrowDown' ? 1 : -1) + suggestions.length) % suggestions.length;
        showList();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        choose(activeSuggestion);
      } else if (e.key === 'Escape') {
        e.stopPropagation();
        suggestions = [];
        activeSuggestion = -1;
        showList();
      }
    });
    input.addEventListener('blur', () => { suggestions = []; activeSuggestion = -1; showList(); });
    return el('div', { class: 'contagion-field contagion-combobox' }, [
      el('label', { text: t(lang, 'contagion.firm'), attrs: { for: 'contagion-target' } }), input, list,
    ]);
  }

  formHost.addEventListener('submit', (e) => {
    e.preventDefault();
    const target = kind === 'firm' ? firm : kind === 'park' ? park : kind === 'industry' ? industry : String(days);
    if (target === null || target === '') {
      status = { kind: 'error', message: t(store.get().lang, 'contagion.firmMissing') };
      renderStatus();
      return;
    }
    start({ model, shock: { kind, target }, round: null });
  });

  // ── running ──
  function start(next: Scenario): void {
    stop();
    request?.abort();
    const controller = new AbortController();
    request = controller;
    status = { kind: 'loading' };
    renderStatus();
    fetchCascade(next.shock, next.model, controller.signal).then((body) => {
      if (controller.signal.aborted) return;
      request = null;
      run = body;
      scenario = next;
      playback = createDistressPlayback(body.roundsDetail, ids);
      status = { kind: 'idle' };
      syncForm(next);
      renderStatus();
      buildPlayback();
      showRound(next.round === null ? lastRound() : Math.min(next.round, lastRound()));
    }, (error: unknown) => {
      if (controller.signal.aborted) return;
      request = null;
      status = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
      renderStatus();
    });
  }

  /** The form shows what ran (a URL-restored scenario fills it in). */
  function syncForm(sc: Scenario): void {
    kind = sc.shock.kind;
    model = sc.model;
    if (kind === 'firm') firm = sc.shock.target;
    else if (kind === 'park') park = sc.shock.target;
    else if (kind === 'industry') industry = sc.shock.target;
    else days = Number(sc.shock.target);
    renderForm();
  }

  function stop(): void {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
    if (playButton) updatePlayButton();
  }

  function play(): void {
    if (!run) return;
    if (timer !== null) { stop(); return; }
    if (round >= lastRound()) showRound(0);
    const step = Math.max(PLAY.minStepMs, Math.min(PLAY.maxStepMs, PLAY.totalMs / Math.max(1, lastRound())));
    timer = window.setInterval(() => {
      if (round >= lastRound()) { stop(); return; }
      showRound(round + 1);
    }, step);
    updatePlayButton();
  }

  function updatePlayButton(): void {
    const { lang } = store.get();
    const playing = timer !== null;
    playButton!.textContent = playing ? '❚❚' : '▶';
    playButton!.setAttribute('aria-label', t(lang, playing ? 'contagion.pause' : 'contagion.play'));
    playButton!.setAttribute('title', t(lang, playing ? 'contagion.pause' : 'contagion.play'));
    playButton!.setAttribute('aria-pressed', playing ? 'true' : 'false');
    playButton!.setAttribute('data-playing', playing ? 'true' : 'false');
  }

  function reset(): void {
    stop();
    request?.abort();
    request = null;
    run = null;
    scenario = null;
    playback = null;
    status = { kind: 'idle' };
    disposeCharts();
    renderStatus();
    replaceChildren(resultHost, []);
    clearMap();
  }

  /** Take our overlay and scenario off the map and the URL (never someone else's overlay). */
  function clearMap(): void {
    const state = store.get();
    const patch: Partial<ViewerState> = {};
    if (state.overlay?.key.startsWith(OVERLAY_PREFIX)) patch.overlay = null;
    if (state.scenario !== null) patch.scenario = null;
    store.update(patch);
  }

  function renderStatus(): void {
    const { lang } = store.get();
    statusHost.classList.toggle('is-error', status.kind === 'error');
    statusHost.textContent = status.kind === 'loading' ? t(lang, 'contagion.running')
      : status.kind === 'error' ? t(lang, 'contagion.error', { message: status.message }) : '';
  }

  // ── playback ──
  function disposeCharts(): void {
    charts?.loss.dispose();
    charts?.banks.dispose();
    charts?.parks.dispose();
    charts = null;
  }

  function buildPlayback(): void {
    disposeCharts();
    if (!run) return;
    const { lang } = store.get();
    const r = run;
    const stepButton = (label: MessageKey, text: string, testid: string, onClick: () => void) => el('button', {
      class: 'contagion-button', text, attrs: { type: 'button', 'aria-label': t(lang, label), title: t(lang, label), 'data-testid': testid }, on: { click: onClick },
    });
    playButton = el('button', { class: 'contagion-button is-primary', attrs: { type: 'button', 'data-testid': 'playback-play' }, on: { click: play } });
    updatePlayButton();
    slider = el('input', {
      class: 'contagion-slider',
      attrs: { type: 'range', min: 0, max: lastRound(), step: 1, value: round, 'aria-label': t(lang, 'contagion.scrub'), 'data-testid': 'playback-slider' },
      on: { input: (e) => { stop(); showRound(Number((e.target as HTMLInputElement).value)); } },
    });
    roundLabel = el('span', { class: 'contagion-round', attrs: { 'data-testid': 'playback-round', 'aria-live': 'off' } });
    lossValue = el('dd', { attrs: { 'data-testid': 'playback-loss' } });
    defaultsValue = el('dd', { attrs: { 'data-testid': 'playback-defaults' } });
    nplValue = el('dd', { attrs: { 'data-testid': 'playback-npl' } });
    tablesHost = el('div');
    const lossHost = el('div', { class: 'contagion-chart', attrs: { 'data-testid': 'chart-loss' } });
    const banksHost = el('div', { class: 'contagion-chart is-tall', attrs: { 'data-testid': 'chart-banks' } });
    const parksHost = el('div', { class: 'contagion-chart is-tall', attrs: { 'data-testid': 'chart-parks' } });
    chartTitles = { banks: el('h4', {}), parks: el('h4', {}) };
    replaceChildren(resultHost, [
      el('p', { class: 'contagion-label', text: runLabel(lang), attrs: { 'data-testid': 'playback-label', title: r.label } }),
      el('dl', { class: 'contagion-figures' }, [
        el('div', {}, [el('dt', { text: t(lang, 'contagion.systemLoss') }), lossValue]),
        el('div', {}, [el('dt', { text: t(lang, 'contagion.defaults') }), defaultsValue]),
        el('div', {}, [el('dt', { text: t(lang, 'contagion.nplRatio') }), nplValue]),
        el('div', {}, [el('dt', { text: t(lang, 'contagion.rounds') }), el('dd', { text: formatNumber(lang, lastRound(), 0), attrs: { 'data-testid': 'playback-rounds', 'data-value': lastRound() } })]),
      ]),
      el('div', { class: 'contagion-playback', attrs: { role: 'group', 'aria-label': t(lang, 'contagion.scrub') } }, [
        stepButton('contagion.stepBack', '|◀', 'playback-back', () => { stop(); showRound(Math.max(0, round - 1)); }),
        playButton,
        stepButton('contagion.stepForward', '▶|', 'playback-forward', () => { stop(); showRound(Math.min(lastRound(), round + 1)); }),
        slider, roundLabel,
      ]),
      el('h4', { text: t(lang, 'contagion.chart.loss') }), lossHost,
      chartTitles.banks, banksHost,
      chartTitles.parks, parksHost,
      el('details', { class: 'contagion-details' }, [el('summary', { text: t(lang, 'contagion.tables') }), tablesHost]),
    ]);
    void loadContagionCharts().then((m) => {
      if (run !== r || !lossHost.isConnected) return;
      chartsModule = m;
      const l = store.get().lang;
      charts = {
        loss: m.mountChart(lossHost, t(l, 'contagion.chart.loss')),
        banks: m.mountChart(banksHost, t(l, 'contagion.chart.banks', { round })),
        parks: m.mountChart(parksHost, t(l, 'contagion.chart.parks', { round })),
      };
      updateCharts();
    }, (error: unknown) => {
      showChartError([lossHost, banksHost, parksHost], t(store.get().lang, 'contagion.chart.error', { message: error instanceof Error ? error.message : String(error) }));
    });
  }

  function showRound(next: number): void {
    if (!run || !playback || !scenario) return;
    round = next;
    const { lang } = store.get();
    const detail = run.roundsDetail.rounds[round];
    const last = lastRound();
    roundLabel!.textContent = t(lang, 'contagion.round', { round, rounds: last });
    roundLabel!.setAttribute('data-round', String(round));
    slider!.value = String(round);
    slider!.setAttribute('aria-valuetext', t(lang, 'contagion.round', { round, rounds: last }));
    lossValue!.textContent = amount(lang, detail.systemLoss);
    lossValue!.setAttribute('data-value', String(detail.systemLoss));
    if (round < last) lossValue!.append(el('span', { class: 'is-muted', text: ` (${t(lang, 'contagion.finalLoss', { loss: amount(lang, run.systemLoss) })})` }));
    defaultsValue!.textContent = formatNumber(lang, detail.defaults, 0);
    nplValue!.textContent = formatShare(lang, detail.nplRatio);
    chartTitles!.banks.textContent = t(lang, 'contagion.chart.banks', { round });
    chartTitles!.parks.textContent = t(lang, 'contagion.chart.parks', { round });
    renderTables();
    updateCharts();
    const key = `${OVERLAY_PREFIX}${formatScenario({ ...scenario, round: null })}`;
    scenario = { ...scenario, round };
    store.update({
      overlay: { key, kind: 'distress', values: playback.valuesAt(round), caption: t(lang, 'contagion.overlayCaption', { round, rounds: last }) },
      scenario: formatScenario(scenario),
    });
  }

  /** "DebtRank · Firm defaults: <name> (<id>)" in the page's language (the API's own label is English). */
  function runLabel(lang: Lang): string {
    const sc = scenario!;
    const { kind: k, target } = sc.shock;
    const what = k === 'firm' ? `${indexOf.has(target) ? payload.nodes.name[indexOf.get(target)!] : target} (${target})`
      : k === 'park' ? `${payload.parks.find((p) => p.id === target)?.name ?? target} (${target})`
        : k === 'industry' ? target : t(lang, 'contagion.daysValue', { days: formatNumber(lang, Number(target), 0) });
    return t(lang, 'contagion.runLabel', { model: t(lang, MODEL_LABEL[sc.model]), shock: t(lang, SHOCK_LABEL[k]), target: what });
  }

  function bankNames(): string[] {
    const byId = new Map(run!.breakdown.banks.map((b) => [b.bank, b.name]));
    return run!.roundsDetail.banks.map((id) => byId.get(id) ?? id);
  }

  function parkLabels(): string[] {
    const byId = new Map(payload.parks.map((p, i) => [p.id, parkNames[i]]));
    return run!.roundsDetail.parks.map((id) => byId.get(id) ?? id);
  }

  function updateCharts(): void {
    if (!charts || !chartsModule || !run) return;
    const { lang } = store.get();
    const m = chartsModule;
    const rounds = run.roundsDetail.rounds;
    const detail = rounds[round];
    const fmt = (v: number) => formatNumber(lang, v, 0);
    const pct = (v: number) => formatShare(lang, v);
    charts.loss.update(m.lossOption(rounds.map((x) => x.systemLoss), round, fmt));
    charts.banks.update(m.bankOption(bankNames(), detail.bankNplRatio, run.breakdown.tolerance,
      { baseline: t(lang, 'contagion.tolerance.baseline'), raised: t(lang, 'contagion.tolerance.raised') }, pct));
    const parkIndex = new Map(payload.parks.map((p, i) => [p.id, i]));
    charts.parks.update(m.parkOption(parkLabels(), detail.parkLoss, run.roundsDetail.parks.map((id) => parkColor(parkIndex.get(id) ?? -1)), fmt));
  }

  function renderTables(): void {
    if (!run || !tablesHost) return;
    const { lang } = store.get();
    const rounds = run.roundsDetail.rounds;
    const detail = rounds[round];
    const focused = tablesHost.contains(document.activeElement) ? document.activeElement : null;
    const focusTable = focused?.closest('table')?.getAttribute('data-testid') ?? null;
    const focusRow = focused?.getAttribute('data-row') ?? null;
    const names = bankNames();
    const parks = parkLabels();
    replaceChildren(tablesHost, [
      navTable({
        testid: 'table-rounds', caption: t(lang, 'contagion.chart.loss'), current: round,
        headers: [{ text: t(lang, 'contagion.col.round') }, { text: t(lang, 'contagion.col.added'), num: true }, { text: t(lang, 'contagion.col.cumulative'), num: true }],
        rows: rounds.map((x) => [{ text: String(x.round) }, { text: amount(lang, x.loss), num: true, value: x.loss }, { text: amount(lang, x.systemLoss), num: true, value: x.systemLoss }]),
        onActivate: (i) => { stop(); showRound(i); },
      }),
      navTable({
        testid: 'table-banks', caption: t(lang, 'contagion.chart.banks', { round }),
        headers: [{ text: t(lang, 'contagion.col.bank') }, { text: t(lang, 'contagion.col.loss'), num: true }, { text: t(lang, 'contagion.col.npl'), num: true }],
        rows: names.map((name, k) => [{ text: name }, { text: amount(lang, detail.bankLoss[k]), num: true, value: detail.bankLoss[k] }, { text: formatShare(lang, detail.bankNplRatio[k]), num: true, value: detail.bankNplRatio[k] }]),
      }),
      navTable({
        testid: 'table-parks', caption: t(lang, 'contagion.chart.parks', { round }),
        headers: [{ text: t(lang, 'contagion.col.park') }, { text: t(lang, 'contagion.col.loss'), num: true }, { text: t(lang, 'contagion.col.defaulted'), num: true }],
        rows: [
          ...parks.map((name, k) => [{ text: name }, { text: amount(lang, detail.parkLoss[k]), num: true, value: detail.parkLoss[k] }, { text: formatNumber(lang, detail.parkDefaulted[k], 0), num: true, value: detail.parkDefaulted[k] }]),
          [{ text: t(lang, 'contagion.outsideParks') }, { text: amount(lang, detail.outsideParks), num: true, value: detail.outsideParks }, { text: '' }],
        ],
      }),
    ]);
    if (focusTable !== null && focusRow !== null) {
      const row = tablesHost.querySelector<HTMLElement>(`table[data-testid="${focusTable}"] tr[data-row="${focusRow}"]`);
      if (row) {
        tablesHost.querySelectorAll<HTMLElement>(`table[data-testid="${focusTable}"] tbody tr`).forEach((tr) => { tr.tabIndex = -1; });
        row.tabIndex = 0;
        row.focus();
      }
    }
  }

  // ── store ──
  renderForm();
  renderStatus();

  const fromState = (state: ViewerState) => {
    if (state.scenario === null) return;
    const wanted = parseScenario(state.scenario);
    if (wanted === null) {
      status = { kind: 'error', message: state.scenario };
      renderStatus();
      return;
    }
    if (sameRun(wanted, scenario) && run) {
      const target = wanted.round === null ? lastRound() : Math.min(wanted.round, lastRound());
      if (target !== round) { stop(); showRound(target); }
      return;
    }
    if (request !== null && sameRun(wanted, pending)) return;
    pending = wanted;
    start(wanted);
  };
  let pending: Scenario | null = null;
  fromState(store.get());

  store.subscribe((state, previous) => {
    if (state.lang !== previous.lang) {
      renderForm();
      renderStatus();
      if (run) {
        buildPlayback();
        showRound(round);
      }
      analyses.render();
    }
    if (state.scenario !== previous.scenario && state.tool === 'contagion') fromState(state);
    if (state.selectedNode !== previous.selectedNode && firmOrBank(state.selectedNode)) {
      // Follow the selection unless the user is typing a firm; only the input changes, so focus stays put.
      const input = formHost.querySelector<HTMLInputElement>('[data-testid="contagion-firm"]');
      if (input === null || document.activeElement !== input) {
        firm = state.selectedNode!;
        input?.setAttribute('data-firm-id', firm);
        if (input) input.value = `${payload.nodes.name[indexOf.get(firm)!]} (${firm})`;
      }
    }
    if (state.tool !== previous.tool) {
      if (previous.tool === 'contagion') {
        // Leaving the tool: stop and take the overlay off; the run stays for when it comes back.
        stop();
        analyses.cancel();
        clearMap();
      } else if (state.tool === 'contagion') {
        if (state.scenario !== null) fromState(state);
        else if (run && scenario) showRound(round);
      }
    }
  });
}
