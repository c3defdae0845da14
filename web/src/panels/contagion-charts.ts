/**
 * Loading of the contagion tool's charts: ECharts and charts/contagion.ts come in by a
 * dynamic import on first use, never with the map's first paint. A failed load is not
 * cached (the next chart tries again) and is shown where the chart would be.
 */
import { el, replaceChildren } from '../dom.ts';

type ChartsModule = typeof import('../charts/contagion.ts');

let chartsPromise: Promise<ChartsModule> | null = null;
/** ECharts and the chart options, fetched on first use (never on the map's first paint). */
export function loadContagionCharts(): Promise<ChartsModule> {
  chartsPromise ??= import('../charts/contagion.ts').catch((error: unknown) => {
    // Not cached: the next chart tries again (a redeployed viewer, a dropped connection).
    chartsPromise = null;
    throw error;
  });
  return chartsPromise;
}

/** Put a chart-loading failure where the chart would be; the tables still hold the numbers. */
export function showChartError(hosts: readonly HTMLElement[], text: string): void {
  for (const host of hosts) {
    if (host.isConnected) replaceChildren(host, [el('p', { class: 'contagion-status is-error', text })]);
  }
}

