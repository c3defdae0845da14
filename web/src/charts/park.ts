/**
 * Bar charts of the park tool (LQ by industry, NPL per bank under a park shock, the park-fit
 * contributions), drawn by ECharts 6 with the SVG renderer. This module is loaded with a
 * dynamic import() by panels/park-tool.ts, so ECharts is a separate chunk that the first
 * paint of the map never waits for. CSP: the SVG renderer sets styles through the CSSOM and
 * tooltips use `renderMode: 'richText'` (no inline style attributes). Colours come from the
 * caller (Okabe–Ito categories, graph/palette.ts); every chart carries an aria-label and the
 * tool shows the same numbers in a table next to it.
 */
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, AriaComponent, SVGRenderer]);

export interface BarSeries {
  name: string;
  values: readonly number[];
  /** One colour for the series, or one per bar (e.g. LQ ≥ 1 vs < 1). */
  color: string | readonly string[];
}

export interface BarChartSpec {
  /** Read by screen readers (aria-label of the chart). */
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  /** Bars grow left to right, categories top to bottom (long labels, many categories). */
  horizontal?: boolean;
  format: (value: number) => string;
  width: number;
  height: number;
  /** A reference line value on the value axis (e.g. LQ = 1). */
  markAt?: number;
}

export const PARK_CHART_DEFAULTS = Object.freeze({ axisColor: '#9AA5B1', textColor: '#616E7C', markColor: '#1F2933' });

/** Draws (or redraws) a bar chart into `container`; returns a disposer. */
export function barChart(container: HTMLElement, spec: BarChartSpec): () => void {
  echarts.getInstanceByDom(container)?.dispose();
  const chart = echarts.init(container, null, { renderer: 'svg', width: spec.width, height: spec.height });
  const d = PARK_CHART_DEFAULTS;
  const categoryAxis = {
    type: 'category' as const, data: [...spec.categories], inverse: spec.horizontal === true,
    axisLine: { lineStyle: { color: d.axisColor } }, axisLabel: { color: d.textColor, fontSize: 10, interval: 0, hideOverlap: true },
  };
  const valueAxis = {
    type: 'value' as const, axisLabel: { color: d.textColor, fontSize: 10, formatter: (v: number) => spec.format(v) },
    splitLine: { lineStyle: { color: '#EEF0F3' } },
  };
  chart.setOption({
    animation: false,
    aria: { enabled: true, label: { description: spec.title } },
    grid: { left: spec.horizontal ? 56 : 40, right: 16, top: spec.series.length > 1 ? 26 : 10, bottom: 22, containLabel: false },
    legend: spec.series.length > 1 ? { top: 0, textStyle: { fontSize: 10, color: d.textColor }, itemWidth: 10, itemHeight: 8 } : { show: false },
    tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: (v: unknown) => (typeof v === 'number' ? spec.format(v) : String(v)) },
    xAxis: spec.horizontal ? valueAxis : categoryAxis,
    yAxis: spec.horizontal ? categoryAxis : valueAxis,
    series: spec.series.map((s, k) => ({
      type: 'bar', name: s.name, barMaxWidth: 18,
      data: s.values.map((v, i) => ({ value: v, itemStyle: { color: typeof s.color === 'string' ? s.color : s.color[i] } })),
      ...(k === 0 && spec.markAt !== undefined
        ? { markLine: { symbol: 'none', silent: true, label: { show: false }, lineStyle: { color: d.markColor, type: 'dashed' }, data: [spec.horizontal ? { xAxis: spec.markAt } : { yAxis: spec.markAt }] } }
        : {}),
    })),
  });
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', spec.title);
  return () => chart.dispose();
}
