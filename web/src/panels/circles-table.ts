/**
 * The circle table of the circles tool: one row per guarantee circle (id, firms,
 * guaranteed amount inside, members' loans, fragility ρ, parks), every column a
 * sort button (aria-sort on its header), a roving tabindex over the rows so the
 * table is one Tab stop: ↑/↓/Home/End move, Enter or Space highlights the circle.
 * Long lists are shown a page at a time ("Show more"), so 2,000 circles at 100k
 * firms do not cost a 2,000-row DOM on every re-render.
 */
import { el } from '../dom.ts';
import { formatNumber, t, type Lang, type MessageKey } from '../i18n/index.ts';
import type { CircleFragilityRow, CircleRow } from '../api/circles.ts';
import { CIRCLE_SORT_KEYS, type CircleSort, type CircleSortKey } from './circles-model.ts';

export const CIRCLE_PAGE = 100;

const COLUMN_LABEL: Record<CircleSortKey, MessageKey> = {
  id: 'circles.col.id', size: 'circles.col.size', amount: 'circles.col.amount',
  loans: 'circles.col.loans', fragility: 'circles.col.fragility', parks: 'circles.col.parks',
};
const COLUMN_HINT: Partial<Record<CircleSortKey, MessageKey>> = {
  amount: 'circles.col.amount.hint', loans: 'circles.col.loans.hint',
  fragility: 'circles.col.fragility.hint', parks: 'circles.col.parks.hint',
};

export interface CircleTableProps {
  lang: Lang;
  rows: readonly CircleRow[];
  sort: CircleSort;
  /** null while loading; a string when the fragility request failed. */
  fragility: ReadonlyMap<string, CircleFragilityRow> | string | null;
  parkName(id: string): string;
  /** Circle highlighted on the map, if any. */
  selected: string | null;
  /** Row that holds the table's tab stop. */
  active: string | null;
  limit: number;
  onSort(key: CircleSortKey): void;
  onActivate(row: CircleRow): void;
  onActiveChange(id: string): void;
  onMore(): void;
}

export function renderCircleTable(p: CircleTableProps): HTMLElement {
  const { lang } = p;
  const shown = p.rows.slice(0, p.limit);
  const activeId = p.active !== null && shown.some((r) => r.id === p.active) ? p.active : shown[0]?.id ?? null;

  const head = el('tr', {}, CIRCLE_SORT_KEYS.map((key) => {
    const sorted = p.sort.key === key;
    const label = t(lang, COLUMN_LABEL[key]);
    const hint = COLUMN_HINT[key];
    return el('th', {
      class: key === 'id' ? '' : 'num',
      attrs: { scope: 'col', 'aria-sort': sorted ? (p.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none', title: hint ? t(lang, hint) : null },
    }, [el('button', {
      class: `circles-sort${sorted ? ' is-sorted' : ''}`,
      text: sorted ? `${label} ${p.sort.dir === 'asc' ? '▲' : '▼'}` : label,
      attrs: { type: 'button', 'data-testid': 'circles-sort', 'data-sort': key, 'aria-label': t(lang, 'circles.sortBy', { column: label }) },
      on: { click: () => p.onSort(key) },
    })]);
  }));

  const fragilityCell = (row: CircleRow): HTMLElement => {
    if (p.fragility === null) return el('td', { class: 'num is-muted', text: t(lang, 'circles.fragilityLoading') });
    if (typeof p.fragility === 'string') return el('td', { class: 'num is-muted', text: '–', attrs: { title: p.fragility } });
    const f = p.fragility.get(row.id);
    return el('td', { class: `num${f?.amplifies ? ' circles-amplifies' : ''}`, attrs: { 'data-col': 'fragility', title: f?.amplifies ? t(lang, 'circles.amplifies') : null } }, [
      formatNumber(lang, f?.spectralRadius, 3),
    ]);
  };

  const body = el('tbody', {}, shown.map((row) => {
    const names = row.parks.map((id) => p.parkName(id));
    return el('tr', {
      class: `circles-row${p.selected === row.id ? ' is-selected' : ''}`,
      attrs: {
        'data-testid': 'circle-row', 'data-circle-id': row.id, tabindex: row.id === activeId ? 0 : -1,
        'aria-selected': p.selected === row.id ? 'true' : 'false',
      },
      on: {
        click: () => p.onActivate(row),
        focus: () => p.onActiveChange(row.id),
        keydown: (event) => onRowKey(event, row),
      },
    }, [
      el('td', { text: row.id, attrs: { 'data-col': 'id' } }),
      el('td', { class: 'num', text: formatNumber(lang, row.size, 0), attrs: { 'data-col': 'size' } }),
      el('td', { class: 'num', text: formatNumber(lang, row.guaranteedInside), attrs: { 'data-col': 'amount' } }),
      el('td', { class: 'num', text: formatNumber(lang, row.loansOutstanding), attrs: { 'data-col': 'loans' } }),
      fragilityCell(row),
      el('td', { class: 'num', text: formatNumber(lang, row.parks.length, 0), attrs: { 'data-col': 'parks', title: names.join('、') || null } }),
    ]);
  }));

  function onRowKey(event: KeyboardEvent, row: CircleRow): void {
    const rowsEls = [...body.querySelectorAll<HTMLTableRowElement>('tr')];
    const i = rowsEls.findIndex((r) => r.dataset.circleId === row.id);
    let target = -1;
    if (event.key === 'ArrowDown') target = Math.min(rowsEls.length - 1, i + 1);
    else if (event.key === 'ArrowUp') target = Math.max(0, i - 1);
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = rowsEls.length - 1;
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      p.onActivate(row);
      return;
    } else return;
    event.preventDefault();
    for (const r of rowsEls) r.tabIndex = -1;
    rowsEls[target].tabIndex = 0;
    rowsEls[target].focus();
  }

  const table = el('table', { class: 'circles-table', attrs: { 'aria-label': t(lang, 'circles.tableLabel'), 'data-testid': 'circles-table' } }, [
    el('thead', {}, [head]), body,
  ]);
  const more = p.rows.length > shown.length
    ? el('div', { class: 'circles-more' }, [
      el('span', { class: 'is-muted', text: t(lang, 'circles.shown', { shown: formatNumber(lang, shown.length, 0), total: formatNumber(lang, p.rows.length, 0) }) }),
      el('button', {
        class: 'tool-button', text: t(lang, 'circles.showMore', { count: formatNumber(lang, Math.min(CIRCLE_PAGE, p.rows.length - shown.length), 0) }),
        attrs: { type: 'button', 'data-testid': 'circles-more' }, on: { click: () => p.onMore() },
      }),
    ])
    : null;
  return el('div', { class: 'circles-table-wrap' }, [table, more]);
}
