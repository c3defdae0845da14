/**
 * Search box with a suggestion list, following the WAI-ARIA combobox pattern
 * (APG "Combobox with listbox popup"): ↑/↓ move the active option, Enter picks
 * it (or the first), Escape closes the list. Picking selects the node in the
 * store and moves the camera to it.
 */
import { t } from '../i18n/index.ts';
import type { ViewerContext } from './context.ts';
import { el, replaceChildren } from '../dom.ts';
import { buildSearchIndex, searchNodes, type SearchHit } from './search-index.ts';

export const SUGGESTION_LIMIT = 10;

export function mountSearch(root: HTMLElement, ctx: ViewerContext): void {
  const { nodes } = ctx.payload;
  const index = buildSearchIndex(nodes.id, nodes.name, nodes.type);
  const listId = 'search-suggestions';
  let hits: SearchHit[] = [];
  let active = -1;
  let open = false;

  const input = el('input', {
    class: 'search-input',
    attrs: {
      type: 'search', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
      'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, 'data-testid': 'search',
    },
  });
  const list = el('ul', { class: 'search-list', attrs: { id: listId, role: 'listbox', hidden: true } });
  const label = el('label', { class: 'visually-hidden', attrs: { for: 'search-input' } });
  input.id = 'search-input';

  const renderLabels = () => {
    const lang = ctx.store.get().lang;
    input.placeholder = t(lang, 'search.placeholder');
    label.textContent = t(lang, 'search.label');
    list.setAttribute('aria-label', t(lang, 'search.label'));
  };

  const renderList = () => {
    const lang = ctx.store.get().lang;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    list.hidden = !open;
    if (!open) {
      input.removeAttribute('aria-activedescendant');
      return;
    }
    if (hits.length === 0) {
      replaceChildren(list, [el('li', { class: 'search-empty', text: t(lang, 'search.noMatch'), attrs: { role: 'presentation' } })]);
      return;
    }
    replaceChildren(list, hits.map((hit, i) =>
      el('li', {
        class: `search-option${i === active ? ' is-active' : ''}`,
        attrs: { id: `${listId}-${i}`, role: 'option', 'aria-selected': i === active ? 'true' : 'false', 'data-node': hit.key },
        // mousedown, not click: it fires before the input's blur closes the list.
        on: { mousedown: (event) => { event.preventDefault(); pick(hit); } },
      }, [
        el('span', { class: 'search-name', text: hit.name }),
        el('span', { class: 'search-id', text: hit.type === 'bank' ? `${t(lang, 'search.bank')} · ${hit.key}` : hit.key }),
      ])));
    if (active >= 0) input.setAttribute('aria-activedescendant', `${listId}-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };

  const close = () => {
    open = false;
    active = -1;
    renderList();
  };

  const pick = (hit: SearchHit) => {
    input.value = hit.name;
    close();
    ctx.focusNode(hit.key);
  };

  input.addEventListener('input', () => {
    hits = searchNodes(index, input.value, SUGGESTION_LIMIT);
    open = input.value.trim() !== '';
    active = hits.length > 0 ? 0 : -1;
    renderList();
  });
  input.addEventListener('keydown', (event) => {
    switch (event.key) {
      case 'ArrowDown':
        if (!open || hits.length === 0) return;
        event.preventDefault();
        active = (active + 1) % hits.length;
        renderList();
        break;
      case 'ArrowUp':
        if (!open || hits.length === 0) return;
        event.preventDefault();
        active = (active - 1 + hits.length) % hits.length;
        renderList();
        break;
      case 'Enter':
        if (!open || hits.length === 0) return;
        event.preventDefault();
        pick(hits[Math.max(0, active)]);
        break;
      case 'Escape':
        if (!open) return; // let the page-level Escape close the side panel
        event.preventDefault();
        event.stopPropagation();
        close();
        break;
    }
  });
  input.addEventListener('blur', close);

  renderLabels();
  replaceChildren(root, [label, input, list]);
  ctx.store.subscribe((state, previous) => {
    if (state.lang !== previous.lang) {
      renderLabels();
      renderList();
    }
  });
}
