/**
 * The contagion tool's charts (ECharts 6, modular build, canvas renderer: no inline
 * style attributes, so the strict CSP holds). This module and ECharts are loaded by
 * a dynamic import from the tool, so the map's first paint never waits for them.
 *   lossChart        cumulative system loss per round, the current round marked;
 *   bankChart        NPL ratio per bank at the current round against the 1.8 % and
 *                    3 % tolerance lines (seed 002), bars coloured by which line they pass;
 *   parkChart        loss per park at the current round, in the map's park colours;
 *   sweepChart       system loss against a uniform firm equity shock 0 → 100 %;
 *   histogramChart   Monte Carlo bank-loss histogram with EL, VaR and ES as lines.
 * Colours: Okabe–Ito (graph/palette.ts) for categories; every chart carries an
 * aria-label, and the tool prints the same numbers as tables.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.EChartsCoreOption;

/** Okabe–Ito: blue (within tolerance), orange (above 1.8 %), vermillion (above 3 %), bluish green (the sweep). */
export const CONTAGION_COLORS = Object.freeze({
  loss: '#D55E00', current: '#0072B2', ok: '#0072B2', baseline: '#E69F00', raised: '#D55E00', sweep: '#009E73',
  histogram: '#56B4E9', el: '#009E73', var: '#E69F00', es: '#D55E00', axis: '#7B8794',
});

export interface ChartHandle {
  update(option: Option): void;
  dispose(): void;
}

/** An ECharts instance in `host` (sized by CSS), labelled for screen readers, resized with its host. */
export function mountChart(host: HTMLElement, ariaLabel: string): ChartHandle {
  host.setAttribute('role', 'img');
  host.setAttribute('aria-label', ariaLabel);
  const chart = echarts.init(host, null, { renderer: 'canvas' });
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(host);
  return {
    update(option) { chart.setOption(option, { notMerge: true, lazyUpdate: true }); },
    dispose() { observer.disconnect(); chart.dispose(); },
  };
}

const grid = { left: 56, right: 14, top: 16, bottom: 28, containLabel: false };
const axisLabel = { color: CONTAGION_COLORS.axis, fontSize: 10 };
type Fmt = (v: number) => string;

export function lossOption(cumulative: readonly number[], current: number, fmt: Fmt): Option {
  return {
    animation: false,
    grid,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => fmt(Number(v)) },
    xAxis: { type: 'category', data: cumulative.map((_, r) => String(r)), axisLabel },
    yAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: fmt } },
    series: [{
      type: 'line', data: cumulative.slice(), showSymbol: cumulative.length <= 30, symbolSize: 4,
      lineStyle: { color: CONTAGION_COLORS.loss, width: 2 }, itemStyle: { color: CONTAGION_COLORS.loss },
      markLine: {
        symbol: 'none', silent: true, animation: false,
        lineStyle: { color: CONTAGION_COLORS.current, type: 'solid', width: 1.5 },
        label: { formatter: String(current), color: CONTAGION_COLORS.current },
        data: [{ xAxis: String(current) }],
      },
    }],
  };
}

export function bankOption(
  names: readonly string[], ratios: readonly number[], tolerance: { baseline: number; raised: number },
  labels: { baseline: string; raised: string }, pct: Fmt,
): Option {
  const color = (r: number) => (r > tolerance.raised ? CONTAGION_COLORS.raised : r > tolerance.baseline ? CONTAGION_COLORS.baseline : CONTAGION_COLORS.ok);
  const max = Math.max(tolerance.raised * 1.25, ...ratios);
  return {
    animation: false,
    grid: { ...grid, left: 44, bottom: 46 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => pct(Number(v)) },
    xAxis: { type: 'category', data: names.slice(), axisLabel: { ...axisLabel, rotate: 30, interval: 0, width: 70, overflow: 'truncate' } },
    yAxis: { type: 'value', max, axisLabel: { ...axisLabel, formatter: pct } },
    series: [{
      type: 'bar', data: ratios.map((r) => ({ value: r, itemStyle: { color: color(r) } })), barMaxWidth: 22,
      markLine: {
        symbol: 'none', silent: true, animation: false,
        data: [
          { yAxis: tolerance.baseline, lineStyle: { color: CONTAGION_COLORS.baseline, type: 'dashed' }, label: { formatter: labels.baseline, position: 'insideEndTop', color: CONTAGION_COLORS.baseline, fontSize: 10 } },
          { yAxis: tolerance.raised, lineStyle: { color: CONTAGION_COLORS.raised, type: 'dashed' }, label: { formatter: labels.raised, position: 'insideEndTop', color: CONTAGION_COLORS.raised, fontSize: 10 } },
        ],
      },
    }],
  };
}

export function parkOption(names: readonly string[], losses: readonly number[], colors: readonly string[], fmt: Fmt): Option {
  return {
    animation: false,
    grid: { ...grid, bottom: 46 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => fmt(Number(v)) },
    xAxis: { type: 'category', data: names.slice(), axisLabel: { ...axisLabel, rotate: 30, interval: 0, width: 70, overflow: 'truncate' } },
    yAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: fmt } },
    series: [{ type: 'bar', data: losses.map((l, i) => ({ value: l, itemStyle: { color: colors[i] } })), barMaxWidth: 22 }],
  };
}

export function sweepOption(shocks: readonly number[], losses: readonly number[], fmt: Fmt, pct: Fmt): Option {
  return {
    animation: false,
    grid,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => fmt(Number(v)) },
    xAxis: { type: 'category', data: shocks.map(pct), axisLabel },
    yAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: fmt } },
    series: [{ type: 'line', data: losses.slice(), symbolSize: 4, lineStyle: { color: CONTAGION_COLORS.sweep, width: 2 }, itemStyle: { color: CONTAGION_COLORS.sweep } }],
  };
}

/**
 * Histogram bins as [lower, upper) pairs on a value axis (bars drawn as a custom-width
 * bar series on the bin centres), EL / VaR / ES as vertical lines at their values.
 */
export function histogramOption(
  histogram: { lower: number; width: number; counts: readonly number[] },
  marks: { el: number; var: number; es: number }, labels: { el: string; var: string; es: string }, fmt: Fmt,
): Option {
  const { lower, width, counts } = histogram;
  const data = counts.map((c, k) => [lower + (k + 0.5) * width, c]);
  const upper = lower + counts.length * width;
  const line = (value: number, color: string, label: string) => ({
    xAxis: value, lineStyle: { color, type: 'dashed', width: 1.5 }, label: { formatter: label, color, fontSize: 10, position: 'insideEndTop' },
  });
  return {
    animation: false,
    grid: { ...grid, left: 44 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => String(v) },
    xAxis: { type: 'value', min: lower, max: Math.max(upper, marks.es), axisLabel: { ...axisLabel, formatter: fmt } },
    yAxis: { type: 'value', axisLabel },
    series: [{
      type: 'bar', data, barWidth: '90%', barCategoryGap: 0, itemStyle: { color: CONTAGION_COLORS.histogram },
      markLine: {
        symbol: 'none', silent: true, animation: false,
        data: [line(marks.el, CONTAGION_COLORS.el, labels.el), line(marks.var, CONTAGION_COLORS.var, labels.var), line(marks.es, CONTAGION_COLORS.es, labels.es)],
      },
    }],
  };
}
