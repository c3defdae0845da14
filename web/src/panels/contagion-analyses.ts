/**
 * The contagion tool's two distribution views:
 * - the shock sweep (GET /api/stress?scenario=sweep): system loss against a uniform
 *   firm equity shock 0 → 100 %, the amplification curve (docs/scenarios.md);
 * - Monte Carlo (GET /api/montecarlo): the bank-loss histogram with EL, VaR and ES
 *   drawn as lines and printed as numbers (docs/montecarlo.md).
 * Both show a loading state; a request can be cancelled (AbortController) and is
 * cancelled when the tool is left. Numbers are the API's, formatted by format.ts.
 */
import { el, replaceChildren } from '../dom.ts';
import { formatNumber, formatShare, t } from '../i18n/index.ts';
import { fetchMonteCarlo, fetchSweep, type MonteCarloBody, type SweepResult } from '../api/contagion.ts';
import type { ViewerContext } from './context.ts';
import { navTable } from './contagion-table.ts';
import { showChartError } from './contagion-charts.ts';

type ChartsModule = typeof import('../charts/contagion.ts');
type ChartHandle = import('../charts/contagion.ts').ChartHandle;

export const SWEEP_STEPS = 20;
export const MONTE_CARLO_INPUT = Object.freeze({ draws: 2000, minDraws: 1, maxDraws: 100_000, seed: 1 });

type Job<T> = { kind: 'idle' } | { kind: 'loading'; controller: AbortController } | { kind: 'error'; message: string } | { kind: 'cancelled' } | { kind: 'done'; body: T };

export interface ContagionAnalyses {
  render(): void;
  /** Abort what is running (the tool was left). */
  cancel(): void;
}

export function mountContagionAnalyses(root: HTMLElement, ctx: ViewerContext, loadCharts: () => Promise<ChartsModule>): ContagionAnalyses {
  const { store } = ctx;
  let sweep: Job<SweepResult> = { kind: 'idle' };
  let mc: Job<MonteCarloBody> = { kind: 'idle' };
  let draws: number = MONTE_CARLO_INPUT.draws;
  let seed: number = MONTE_CARLO_INPUT.seed;
  let sweepChart: ChartHandle | null = null;
  let mcChart: ChartHandle | null = null;
  const sweepHost = el('section', { class: 'contagion-section', attrs: { 'data-testid': 'contagion-sweep' } });
  const mcHost = el('section', { class: 'contagion-section', attrs: { 'data-testid': 'contagion-montecarlo' } });
  replaceChildren(root, [sweepHost, mcHost]);

  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

  function runSweep(): void {
    if (sweep.kind === 'loading') sweep.controller.abort();
    const controller = new AbortController();
    sweep = { kind: 'loading', controller };
    renderSweep();
    fetchSweep(SWEEP_STEPS, controller.signal).then((body) => {
      if (controller.signal.aborted) return;
      sweep = { kind: 'done', body };
      renderSweep();
    }, (error: unknown) => {
      if (controller.signal.aborted) return;
      sweep = { kind: 'error', message: message(error) };
      renderSweep();
    });
  }

  function runMonteCarlo(): void {
    if (mc.kind === 'loading') mc.controller.abort();
    const controller = new AbortController();
    mc = { kind: 'loading', controller };
    renderMonteCarlo();
    fetchMonteCarlo(draws, seed, controller.signal).then((body) => {
      if (controller.signal.aborted) return;
      mc = { kind: 'done', body };
      renderMonteCarlo();
    }, (error: unknown) => {
      if (controller.signal.aborted) return;
      mc = { kind: 'error', message: message(error) };
      renderMonteCarlo();
    });
  }

  function cancelMonteCarlo(): void {
    if (mc.kind !== 'loading') return;
    mc.controller.abort();
    mc = { kind: 'cancelled' };
    renderMonteCarlo();
  }

  function renderSweep(): void {
    const { lang } = store.get();
    sweepChart?.dispose();
    sweepChart = null;
    const loading = sweep.kind === 'loading';
    const chartHost = el('div', { class: 'contagion-chart', attrs: { 'data-testid': 'chart-sweep' } });
    const body = sweep.kind === 'done' ? sweep.body : null;
    replaceChildren(sweepHost, [
      el('h4', { text: t(lang, 'contagion.sweep') }),
      el('button', {
        class: 'contagion-button', text: t(lang, 'contagion.sweep.run'),
        attrs: { type: 'button', 'data-testid': 'sweep-run', disabled: loading, 'aria-busy': loading ? 'true' : null }, on: { click: runSweep },
      }),
      el('p', {
        class: `contagion-status${sweep.kind === 'error' ? ' is-error' : ''}`, attrs: { 'aria-live': 'polite', 'data-testid': 'sweep-status' },
        text: loading ? t(lang, 'contagion.sweep.running', { steps: SWEEP_STEPS + 1 }) : sweep.kind === 'error' ? t(lang, 'contagion.error.generic', { message: sweep.message }) : '',
      }, loading ? [el('span', { class: 'contagion-spinner', attrs: { 'aria-hidden': 'true' } })] : []),
      body ? chartHost : null,
      body ? el('details', { class: 'contagion-details' }, [
        el('summary', { text: t(lang, 'contagion.tables') }),
        navTable({
          testid: 'table-sweep', caption: t(lang, 'contagion.sweep.chart'),
          headers: [{ text: t(lang, 'contagion.sweep.shock') }, { text: t(lang, 'contagion.sweep.loss'), num: true }, { text: t(lang, 'contagion.sweep.amplification'), num: true }],
          rows: body.points.map((p) => [
            { text: formatShare(lang, p.shock), value: p.shock },
            { text: formatNumber(lang, p.systemLoss, 2), num: true, value: p.systemLoss },
            { text: formatNumber(lang, p.amplification, 3), num: true, value: p.amplification ?? undefined },
          ]),
        }),
      ]) : null,
    ]);
    if (body) {
      void loadCharts().then((m) => {
        if (!chartHost.isConnected) return;
        const l = store.get().lang;
        sweepChart = m.mountChart(chartHost, t(l, 'contagion.sweep.chart'));
        sweepChart.update(m.sweepOption(body.points.map((p) => p.shock), body.points.map((p) => p.systemLoss), (v) => formatNumber(l, v, 0), (v) => formatShare(l, v)));
      }, (error: unknown) => showChartError([chartHost], t(store.get().lang, 'contagion.chart.error', { message: message(error) })));
    }
  }

  function renderMonteCarlo(): void {
    const { lang } = store.get();
    mcChart?.dispose();
    mcChart = null;
    const loading = mc.kind === 'loading';
    const body = mc.kind === 'done' ? mc.body : null;
    const chartHost = el('div', { class: 'contagion-chart', attrs: { 'data-testid': 'chart-montecarlo' } });
    const number = (label: string, min: number, max: number, value: number, testid: string, set: (v: number) => void) => el('label', { class: 'contagion-inline' }, [
      label,
      el('input', {
        attrs: { type: 'number', min, max, step: 1, value, 'data-testid': testid },
        on: { input: (e) => { const v = Math.round(Number((e.target as HTMLInputElement).value)); if (Number.isFinite(v)) set(Math.max(min, Math.min(max, v))); } },
      }),
    ]);
    const alpha = body ? formatShare(lang, body.options.alpha) : '';
    const figure = (label: string, value: number, testid: string) => el('div', {}, [
      el('dt', { text: label }), el('dd', { text: formatNumber(lang, value, 2), attrs: { 'data-testid': testid, 'data-value': value } }),
    ]);
    replaceChildren(mcHost, [
      el('h4', { text: t(lang, 'contagion.mc') }),
      el('div', { class: 'contagion-actions' }, [
        number(t(lang, 'contagion.mc.draws'), MONTE_CARLO_INPUT.minDraws, MONTE_CARLO_INPUT.maxDraws, draws, 'mc-draws', (v) => { draws = v; }),
        number(t(lang, 'contagion.mc.seed'), 0, 2_147_483_647, seed, 'mc-seed', (v) => { seed = v; }),
      ]),
      el('div', { class: 'contagion-actions' }, [
        el('button', {
          class: 'contagion-button is-primary', text: t(lang, 'contagion.mc.run'),
          attrs: { type: 'button', 'data-testid': 'mc-run', disabled: loading, 'aria-busy': loading ? 'true' : null }, on: { click: runMonteCarlo },
        }),
        el('button', {
          class: 'contagion-button', text: t(lang, 'contagion.mc.cancel'),
          attrs: { type: 'button', 'data-testid': 'mc-cancel', disabled: !loading }, on: { click: cancelMonteCarlo },
        }),
      ]),
      el('p', {
        class: `contagion-status${mc.kind === 'error' ? ' is-error' : ''}`, attrs: { 'aria-live': 'polite', 'data-testid': 'mc-status', 'data-state': mc.kind },
        text: loading ? t(lang, 'contagion.mc.running', { draws: formatNumber(lang, draws, 0) })
          : mc.kind === 'cancelled' ? t(lang, 'contagion.mc.cancelled')
            : mc.kind === 'error' ? t(lang, 'contagion.error.generic', { message: mc.message }) : '',
      }, loading ? [el('span', { class: 'contagion-spinner', attrs: { 'aria-hidden': 'true' } })] : []),
      body ? el('dl', { class: 'contagion-figures' }, [
        figure(t(lang, 'contagion.mc.el'), body.loss.mean, 'mc-el'),
        figure(t(lang, 'contagion.mc.var', { alpha }), body.loss.var, 'mc-var'),
        figure(t(lang, 'contagion.mc.es', { alpha }), body.loss.es, 'mc-es'),
      ]) : null,
      body ? chartHost : null,
      body ? el('details', { class: 'contagion-details' }, [
        el('summary', { text: t(lang, 'contagion.tables') }),
        navTable({
          testid: 'table-montecarlo', caption: t(lang, 'contagion.mc.chart', { draws: formatNumber(lang, body.draws, 0) }),
          headers: [{ text: t(lang, 'contagion.mc.bin') }, { text: t(lang, 'contagion.mc.count'), num: true }],
          rows: body.histogram.counts.map((c, k) => {
            const lo = body.histogram.lower + k * body.histogram.width;
            return [{ text: `${formatNumber(lang, lo, 0)} – ${formatNumber(lang, lo + body.histogram.width, 0)}` }, { text: formatNumber(lang, c, 0), num: true, value: c }];
          }),
        }),
      ]) : null,
    ]);
    if (body) {
      void loadCharts().then((m) => {
        if (!chartHost.isConnected) return;
        const l = store.get().lang;
        const a = formatShare(l, body.options.alpha);
        mcChart = m.mountChart(chartHost, t(l, 'contagion.mc.chart', { draws: formatNumber(l, body.draws, 0) }));
        mcChart.update(m.histogramOption(body.histogram, { el: body.loss.mean, var: body.loss.var, es: body.loss.es },
          { el: 'EL', var: `VaR ${a}`, es: `ES ${a}` }, (v) => formatNumber(l, v, 0)));
      }, (error: unknown) => showChartError([chartHost], t(store.get().lang, 'contagion.chart.error', { message: message(error) })));
    }
  }

  const render = () => { renderSweep(); renderMonteCarlo(); };
  render();
  return {
    render,
    cancel() {
      if (sweep.kind === 'loading') { sweep.controller.abort(); sweep = { kind: 'idle' }; renderSweep(); }
      cancelMonteCarlo();
    },
  };
}
