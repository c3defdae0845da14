/**
 * A small keyboard-navigable table for the contagion tool's text alternatives of
 * its charts: a roving tabindex over the body rows (one Tab stop), ↑/↓/Home/End
 * move, Enter or Space activates the row when the table has an action (the
 * rounds table jumps the playback to that round).
 */
import { el } from '../dom.ts';

export interface TableCell {
  text: string;
  num?: boolean;
  /** Raw value for tests and tools (data-value). */
  value?: number;
}

export interface NavTableProps {
  testid: string;
  caption: string;
  headers: readonly { text: string; num?: boolean }[];
  rows: readonly TableCell[][];
  /** Row index that holds the tab stop and is marked current (e.g. the round shown). */
  current?: number;
  onActivate?(row: number): void;
}

export function navTable(p: NavTableProps): HTMLTableElement {
  const stop = p.current !== undefined && p.current >= 0 && p.current < p.rows.length ? p.current : 0;
  const rows = p.rows.map((cells, i) => el('tr', {
    class: i === p.current ? 'is-current' : '',
    attrs: { tabindex: i === stop ? 0 : -1, 'data-row': i, 'aria-current': i === p.current ? 'true' : null },
    on: {
      keydown: (event) => {
        const tr = event.currentTarget as HTMLTableRowElement;
        const all = Array.from(tr.parentElement!.children) as HTMLElement[];
        const at = all.indexOf(tr);
        const to = event.key === 'ArrowDown' ? at + 1 : event.key === 'ArrowUp' ? at - 1
          : event.key === 'Home' ? 0 : event.key === 'End' ? all.length - 1 : -2;
        if (to !== -2) {
          event.preventDefault();
          const target = all[Math.max(0, Math.min(all.length - 1, to))];
          tr.tabIndex = -1;
          target.tabIndex = 0;
          target.focus();
          return;
        }
        if ((event.key === 'Enter' || event.key === ' ') && p.onActivate) {
          event.preventDefault();
          p.onActivate(at);
        }
      },
      click: () => p.onActivate?.(i),
    },
  }, cells.map((c) => el('td', { class: c.num ? 'num' : '', text: c.text, attrs: { 'data-value': c.value } }))));
  return el('table', { class: `ties contagion-table${p.onActivate ? ' is-actionable' : ''}`, attrs: { 'data-testid': p.testid } }, [
    el('caption', { class: 'visually-hidden', text: p.caption }),
    el('thead', {}, [el('tr', {}, p.headers.map((h) => el('th', { class: h.num ? 'num' : '', text: h.text, attrs: { scope: 'col' } })))]),
    el('tbody', {}, rows),
  ]);
}
