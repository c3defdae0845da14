/**
 * Small pieces shared by the park tool's dashboard and park-fit sections: the state of one
 * request (`Slot`) and its loading / error line, the box a chart is drawn into, and
 * keyboard navigation of table rows (↑/↓/Home/End move, Enter activates).
 */
import { el } from '../dom.ts';
import { t, type Lang } from '../i18n/index.ts';

export type Slot<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

export function slotStatus(lang: Lang, slot: Slot<unknown>): HTMLElement | null {
  if (slot.state === 'loading') return el('p', { class: 'empty is-loading', text: t(lang, 'firmx.loading'), attrs: { role: 'status' } });
  if (slot.state === 'error') return el('p', { class: 'empty is-error', text: t(lang, 'firmx.error', { message: slot.message }) });
  return null;
}

/** The element a chart is drawn into (sized by the chart's own width/height options). */
export function chartBox(testid: string): HTMLElement {
  return el('div', { class: 'park-chart', attrs: { 'data-testid': testid } });
}

/**
 * Rows of `tbody` become one tab stop: the first row (or the selected one) takes Tab focus,
 * arrows move between rows, Enter or Space runs `activate`.
 */
export function navigableRows(tbody: HTMLElement, activate: (row: HTMLElement) => void): void {
  const rows = Array.from(tbody.children) as HTMLElement[];
  if (rows.length === 0) return;
  const start = rows.findIndex((r) => r.getAttribute('aria-selected') === 'true');
  rows.forEach((r, i) => r.setAttribute('tabindex', i === Math.max(0, start) ? '0' : '-1'));
  tbody.addEventListener('keydown', (event) => {
    const i = rows.indexOf(event.target as HTMLElement);
    if (i < 0) return;
    let next = -1;
    if (event.key === 'ArrowDown') next = Math.min(rows.length - 1, i + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, i - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = rows.length - 1;
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      activate(rows[i]);
      return;
    }
    if (next < 0) return;
    event.preventDefault();
    rows[i].setAttribute('tabindex', '-1');
    rows[next].setAttribute('tabindex', '0');
    rows[next].focus();
  });
}
