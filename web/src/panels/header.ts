/**
 * Summary header: dataset name and date, then the counts a risk officer looks at
 * first (firms, banks, loans, guarantees, supply ties) and the guarantee-circle
 * profile from GET /api/summary (parks are counted in the legend). Counts fall
 * back to the graph payload if the summary failed.
 */
import { t, type Lang, type MessageKey } from '../i18n/index.ts';
import { formatNumber } from '../i18n/index.ts';
import type { ViewerContext } from './context.ts';
import { el, replaceChildren } from '../dom.ts';

interface Stat {
  key: string;
  label: MessageKey;
  value: number;
  note?: string;
}

export function summaryStats(ctx: ViewerContext, lang: Lang): Stat[] {
  const { summary, payload, build } = ctx;
  const firms = payload.nodes.type.filter((x) => x === 'firm').length;
  const stats: Stat[] = [
    { key: 'firms', label: 'summary.firms', value: summary?.counts.firms.total ?? firms },
    { key: 'banks', label: 'summary.banks', value: summary?.counts.banks.total ?? payload.nodes.id.length - firms },
    { key: 'loans', label: 'summary.loans', value: summary?.counts.loans.total ?? build.edgeCounts.loan },
    { key: 'guarantees', label: 'summary.guarantees', value: summary?.counts.guarantees ?? build.edgeCounts.guarantee },
    { key: 'supply', label: 'summary.supply', value: summary?.counts.supply ?? build.edgeCounts.supply },
  ];
  if (summary) {
    const c = summary.circles;
    stats.push({
      key: 'circles', label: 'summary.circles', value: c.count,
      note: c.count > 0
        ? `${t(lang, 'summary.largestCircle', { size: formatNumber(lang, c.largest, 0) })} · ${t(lang, 'summary.firmsInCircles', { count: formatNumber(lang, c.firmsInCircles, 0) })}`
        : undefined,
    });
  }
  return stats;
}

export function mountHeader(root: HTMLElement, ctx: ViewerContext): void {
  const render = () => {
    const lang = ctx.store.get().lang;
    const meta = ctx.payload.meta;
    const title = el('div', { class: 'brand' }, [
      el('span', { class: 'brand-mark', text: t(lang, 'app.brand'), attrs: { 'aria-hidden': 'true' } }),
      el('div', { class: 'brand-text' }, [
        el('h1', { class: 'dataset-name', text: meta.name, attrs: { 'data-testid': 'dataset-name' } }),
        el('p', {
          class: 'dataset-sub',
          text: meta.asOf ? `${t(lang, 'app.subtitle')} · ${t(lang, 'summary.asOf', { date: meta.asOf })}` : t(lang, 'app.subtitle'),
        }),
      ]),
    ]);
    const stats = el('dl', { class: 'stats', attrs: { 'aria-label': t(lang, 'summary.dataset') } },
      summaryStats(ctx, lang).map((s) =>
        el('div', { class: `stat stat-${s.key}`, attrs: { 'data-stat': s.key, title: s.note } }, [
          el('dt', { text: t(lang, s.label) }),
          el('dd', { text: formatNumber(lang, s.value, 0) }),
          s.note ? el('span', { class: 'stat-note', text: s.note }) : null,
        ])));
    replaceChildren(root, [title, stats]);
  };
  render();
  ctx.store.subscribe((state, previous) => {
    if (state.lang !== previous.lang) render();
  });
}
