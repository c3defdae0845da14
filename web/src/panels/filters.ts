/**
 * Filters: industry, park, borrowing range and flags, written to `state.filters` (new
 * sets each time, so the store sees the change); the map view hides filtered-out firms
 * with their ties (layers/derive.ts nodeVisibility: with a filter on, a bank is shown when
 * it lends to a shown firm). The count of shown firms and banks comes from the same
 * derivation the reducers draw from. Industry and park lists are native checkboxes in
 * <details> (Tab, Space, Enter); the elements are built once and updated in place.
 */
import { el } from '../dom.ts';
import { formatNumber, t, type Lang, type MessageKey } from '../i18n/index.ts';
import { filtersActive, type MapView } from '../layers/index.ts';
import { NO_FILTERS, type Filters } from '../state/index.ts';
import type { ViewerContext } from './context.ts';

export const FLAG_NAMES = ['dishonest', 'tech', 'foreign_trade', 'state_owned'] as const;

function withToggled<T>(set: ReadonlySet<T>, value: T, on: boolean): ReadonlySet<T> {
  const next = new Set(set);
  if (on) next.add(value);
  else next.delete(value);
  return next;
}

function parseAmount(text: string): number | null {
  if (text.trim() === '') return null;
  const x = Number(text);
  return Number.isFinite(x) ? x : null;
}

export function mountFilters(root: HTMLElement, ctx: ViewerContext, view: MapView): void {
  const { store, payload: p } = ctx;
  const update = (patch: Partial<Filters>) => store.update({ filters: { ...store.get().filters, ...patch } });

  // Industries by firm count (largest first), parks in payload order, then "outside any park".
  const industryCounts = new Map<string, number>();
  const parkCounts = new Map<number, number>();
  for (let v = 0; v < p.nodes.id.length; v++) {
    if (p.nodes.type[v] !== 'firm') continue;
    industryCounts.set(p.nodes.industry[v], (industryCounts.get(p.nodes.industry[v]) ?? 0) + 1);
    parkCounts.set(p.nodes.park[v], (parkCounts.get(p.nodes.park[v]) ?? 0) + 1);
  }
  const industries = [...industryCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const parkIndices = [...p.parks.keys(), ...(parkCounts.has(-1) ? [-1] : [])];

  const checkbox = (attrs: Record<string, string | number>, onChange: (on: boolean) => void) => {
    const box = el('input', { attrs: { type: 'checkbox', ...attrs } });
    box.addEventListener('change', () => onChange(box.checked));
    return box;
  };
  const industryBoxes = industries.map(([code]) => checkbox({ 'data-industry': code }, (on) => update({ industries: withToggled(store.get().filters.industries, code, on) })));
  const parkBoxes = parkIndices.map((i) => checkbox({ 'data-park-index': i }, (on) => update({ parks: withToggled(store.get().filters.parks, i, on) })));
  const flagBoxes = FLAG_NAMES.map((flag) => checkbox({ 'data-flag': flag }, (on) => update({ flags: withToggled(store.get().filters.flags, flag, on) })));
  const parkNames = parkIndices.map(() => el('span', { class: 'legend-name' }));
  const flagNames = FLAG_NAMES.map(() => el('span', { class: 'legend-name' }));

  const group = (testid: string, boxes: HTMLInputElement[], names: HTMLElement[], counts: number[]) => {
    const summary = el('summary', { attrs: { 'data-testid': `${testid}-summary` } });
    const details = el('details', { class: 'filter-group', attrs: { 'data-testid': testid } }, [
      summary,
      el('ul', { class: 'legend-list filter-options' }, boxes.map((box, i) => el('li', {}, [
        el('label', { class: 'filter-option' }, [box, names[i], el('span', { class: 'legend-count', text: String(counts[i]) })]),
      ]))),
    ]);
    return { details, summary };
  };
  const industryGroup = group('filter-industry', industryBoxes, industries.map(([code]) => el('span', { class: 'legend-name', text: code })), industries.map(([, c]) => c));
  const parkGroup = group('filter-park', parkBoxes, parkNames, parkIndices.map((i) => parkCounts.get(i) ?? 0));

  const min = el('input', { class: 'filter-amount', attrs: { type: 'number', min: 0, step: 'any', inputmode: 'decimal', 'data-testid': 'filter-bmin' } });
  const max = el('input', { class: 'filter-amount', attrs: { type: 'number', min: 0, step: 'any', inputmode: 'decimal', 'data-testid': 'filter-bmax' } });
  min.addEventListener('change', () => update({ minBorrowing: parseAmount(min.value) }));
  max.addEventListener('change', () => update({ maxBorrowing: parseAmount(max.value) }));

  const title = el('h3');
  const borrowingLabel = el('span', { class: 'filter-label' });
  const minLabel = el('span');
  const maxLabel = el('span');
  const flagsLabel = el('span', { class: 'filter-label' });
  const count = el('p', { class: 'filter-count', attrs: { 'data-testid': 'visible-count', role: 'status', 'aria-live': 'polite' } });
  const bankRule = el('p', { class: 'legend-note' });
  const clear = el('button', { class: 'tool-button filter-clear', attrs: { type: 'button', 'data-testid': 'filter-clear' }, on: { click: () => store.update({ filters: NO_FILTERS }) } });

  root.append(
    title, count,
    industryGroup.details, parkGroup.details,
    el('div', { class: 'filter-range' }, [borrowingLabel, el('label', {}, [minLabel, min]), el('label', {}, [maxLabel, max])]),
    el('div', { class: 'filter-flags' }, [flagsLabel, el('ul', { class: 'legend-list' }, flagBoxes.map((box, i) => el('li', {}, [el('label', { class: 'filter-option' }, [box, flagNames[i]])])))]),
    bankRule, clear,
  );

  const summaryText = (lang: Lang, key: MessageKey, size: number) =>
    `${t(lang, key)} · ${size ? t(lang, 'map.filter.selected', { count: size }) : t(lang, 'map.filter.any')}`;

  const render = () => {
    const { lang, filters } = store.get();
    title.textContent = t(lang, 'map.filters');
    industryGroup.summary.textContent = summaryText(lang, 'map.filter.industry', filters.industries.size);
    parkGroup.summary.textContent = summaryText(lang, 'map.filter.park', filters.parks.size);
    parkIndices.forEach((i, k) => {
      parkNames[k].textContent = i < 0 ? t(lang, 'legend.noPark') : p.parks[i].name;
      parkNames[k].title = i < 0 ? '' : p.parks[i].id;
    });
    FLAG_NAMES.forEach((flag, k) => { flagNames[k].textContent = t(lang, `flag.${flag}` as MessageKey); });
    industries.forEach(([code], k) => { industryBoxes[k].checked = filters.industries.has(code); });
    parkIndices.forEach((i, k) => { parkBoxes[k].checked = filters.parks.has(i); });
    FLAG_NAMES.forEach((flag, k) => { flagBoxes[k].checked = filters.flags.has(flag); });
    borrowingLabel.textContent = t(lang, 'map.filter.borrowing');
    minLabel.textContent = t(lang, 'map.filter.min');
    maxLabel.textContent = t(lang, 'map.filter.max');
    flagsLabel.textContent = t(lang, 'map.filter.flags');
    if (document.activeElement !== min) min.value = filters.minBorrowing === null ? '' : String(filters.minBorrowing);
    if (document.activeElement !== max) max.value = filters.maxBorrowing === null ? '' : String(filters.maxBorrowing);
    const vis = view.current().visibility;
    count.textContent = t(lang, 'map.filter.visible', { firms: formatNumber(lang, vis.firms, 0), total: formatNumber(lang, vis.totalFirms, 0), banks: formatNumber(lang, vis.banks, 0) });
    count.dataset.firms = String(vis.firms);
    count.dataset.banks = String(vis.banks);
    bankRule.textContent = t(lang, 'map.filter.bankRule');
    clear.textContent = t(lang, 'map.filter.clear');
    clear.disabled = !filtersActive(filters);
  };
  render();
  store.subscribe((state, previous) => {
    if (state.lang !== previous.lang || state.filters !== previous.filters || state.layer !== previous.layer || state.explore !== previous.explore) render();
  });
}
