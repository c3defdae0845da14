/**
 * Revenue and EBIT per year as grouped bars, drawn as plain SVG (a few dozen
 * elements, no charting library needed in the side panel). The zero line is
 * drawn so negative EBIT (the zombie-screening signal, DOMAIN.md) reads at once.
 * Scale: y(v) = zero − v / max(|v|) · half-height when any value is negative,
 * else from the bottom.
 */
import type { Financials } from '../../../src/model/index.ts';
import { svg } from '../dom.ts';

export const FINANCIALS_CHART_DEFAULTS = Object.freeze({
  width: 300,
  height: 120,
  revenueColor: '#0072B2',
  ebitColor: '#E69F00',
  negativeColor: '#B2182B',
});

export function financialsChart(
  rows: readonly Financials[], title: string, labels: { revenue: string; ebit: string },
  options: Partial<typeof FINANCIALS_CHART_DEFAULTS> = {},
): SVGSVGElement | null {
  const o = { ...FINANCIALS_CHART_DEFAULTS, ...options };
  const data = rows.filter((r) => r.revenue !== undefined || r.ebit !== undefined).slice().sort((a, b) => a.year - b.year);
  if (data.length === 0) return null;
  const padLeft = 4, padBottom = 16, padTop = 14;
  const plotH = o.height - padBottom - padTop;
  let maxAbs = 0, anyNegative = false;
  for (const r of data) {
    for (const v of [r.revenue, r.ebit]) {
      if (v === undefined) continue;
      maxAbs = Math.max(maxAbs, Math.abs(v));
      if (v < 0) anyNegative = true;
    }
  }
  if (maxAbs === 0) maxAbs = 1;
  const zero = anyNegative ? padTop + plotH / 2 : padTop + plotH;
  const scale = (anyNegative ? plotH / 2 : plotH) / maxAbs;
  const group = (o.width - padLeft) / data.length;
  const bar = Math.min(18, group * 0.35);
  const parts: SVGElement[] = [svg('title', {}, [title])];
  data.forEach((r, i) => {
    const x0 = padLeft + i * group + (group - 2 * bar - 2) / 2;
    const bars: [number | undefined, string, string][] = [
      [r.revenue, o.revenueColor, labels.revenue],
      [r.ebit, (r.ebit ?? 0) < 0 ? o.negativeColor : o.ebitColor, labels.ebit],
    ];
    bars.forEach(([v, color, name], k) => {
      if (v === undefined) return;
      const h = Math.abs(v) * scale;
      const rect = svg('rect', { x: x0 + k * (bar + 2), y: v >= 0 ? zero - h : zero, width: bar, height: Math.max(h, 0.5), fill: color, rx: 1 });
      rect.appendChild(svg('title', {}, [`${r.year} ${name}: ${v}`]));
      parts.push(rect);
    });
    parts.push(svg('text', { x: padLeft + i * group + group / 2, y: o.height - 3, 'text-anchor': 'middle', class: 'chart-axis' }, [String(r.year)]));
  });
  parts.push(svg('line', { x1: 0, x2: o.width, y1: zero, y2: zero, stroke: '#9AA5B1', 'stroke-width': 1 }));
  const legend = svg('g', { class: 'chart-legend' }, [
    svg('rect', { x: 0, y: 2, width: 8, height: 8, fill: o.revenueColor }),
    svg('text', { x: 11, y: 10 }, [labels.revenue]),
    svg('rect', { x: 90, y: 2, width: 8, height: 8, fill: o.ebitColor }),
    svg('text', { x: 101, y: 10 }, [labels.ebit]),
  ]);
  parts.push(legend);
  return svg('svg', { class: 'chart-financials', width: o.width, height: o.height, viewBox: `0 0 ${o.width} ${o.height}`, role: 'img', 'aria-label': title }, parts);
}
