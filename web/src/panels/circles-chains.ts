/**
 * The chains section of the circles tool: for the selected firm, its guarantors
 * (up) and borrowers (down) from GET /api/circles/firm/:id, grouped by depth
 * (hops), each firm a button that focuses it on the map. A depth selector asks
 * for more or fewer hops; the chains themselves are drawn on the map through
 * state.highlight (with each firm's depth), set by the tool.
 */
import { el } from '../dom.ts';
import { formatNumber, t, type Lang } from '../i18n/index.ts';
import type { FirmChainsBody } from '../api/circles.ts';
import { byDepth } from './circles-model.ts';

export const CHAIN_HOPS = Object.freeze({ min: 1, max: 6, initial: 3 });

export type ChainsView =
  | { kind: 'none' }
  | { kind: 'bank' }
  | { kind: 'loading'; firm: string }
  | { kind: 'error'; firm: string; message: string }
  | { kind: 'ready'; firm: string; body: FirmChainsBody };

export interface ChainsProps {
  lang: Lang;
  view: ChainsView;
  hops: number;
  nameOf(id: string): string;
  /** The chain highlight of this firm is on the map. */
  shown: boolean;
  onHops(hops: number): void;
  onFocus(id: string): void;
  onShow(): void;
}

export function renderChains(p: ChainsProps): HTMLElement {
  const { lang, view } = p;
  const section = el('section', { class: 'circles-chains', attrs: { 'data-testid': 'circles-chains', 'aria-live': 'polite' } });
  const title = view.kind === 'loading' || view.kind === 'error' || view.kind === 'ready'
    ? t(lang, 'circles.chainsOf', { name: p.nameOf(view.firm) })
    : t(lang, 'circles.chains');
  const hopsSelect = el('select', {
    attrs: { 'data-testid': 'chain-hops', 'aria-label': t(lang, 'circles.hops') },
    on: { change: (event) => p.onHops(Number((event.target as HTMLSelectElement).value)) },
  }, Array.from({ length: CHAIN_HOPS.max - CHAIN_HOPS.min + 1 }, (_, i) => {
    const h = CHAIN_HOPS.min + i;
    return el('option', { text: formatNumber(lang, h, 0), attrs: { value: h, selected: h === p.hops } });
  }));
  section.append(el('div', { class: 'circles-chains-head' }, [
    el('h3', { text: title }),
    el('label', { class: 'circles-hops' }, [t(lang, 'circles.hops'), ' ', hopsSelect]),
  ]));

  if (view.kind === 'none') {
    section.append(el('p', { class: 'empty', text: t(lang, 'circles.chainsPrompt') }));
    return section;
  }
  if (view.kind === 'bank') {
    section.append(el('p', { class: 'empty', text: t(lang, 'circles.chainsBank') }));
    return section;
  }
  if (view.kind === 'loading') {
    section.append(el('p', { class: 'empty', text: t(lang, 'circles.chainsLoading') }));
    return section;
  }
  if (view.kind === 'error') {
    section.append(el('p', { class: 'empty is-error', text: t(lang, 'circles.chainsError', { message: view.message }) }));
    return section;
  }

  const { body } = view;
  section.append(el('p', {
    class: 'circles-chain-count',
    text: t(lang, 'circles.chainCount', {
      up: formatNumber(lang, body.up.length, 0), down: formatNumber(lang, body.down.length, 0), hops: formatNumber(lang, body.options.hops, 0),
    }),
  }));
  if (body.truncated) section.append(el('p', { class: 'empty', text: t(lang, 'circles.truncated', { max: formatNumber(lang, body.options.maxFirms, 0) }) }));
  section.append(el('button', {
    class: `tool-button${p.shown ? ' is-active' : ''}`, text: t(lang, 'circles.showChains'),
    attrs: { type: 'button', 'data-testid': 'chain-show', 'aria-pressed': p.shown ? 'true' : 'false' },
    on: { click: () => p.onShow() },
  }));

  const side = (label: string, dir: 'up' | 'down', firms: FirmChainsBody['up']) => {
    const groups = byDepth(firms);
    return el('div', { class: `circles-side circles-${dir}`, attrs: { 'data-testid': `chain-${dir}` } }, [
      el('h4', { text: label }),
      groups.length === 0
        ? el('p', { class: 'empty', text: t(lang, 'circles.noChain') })
        : el('ol', { class: 'circles-depths' }, groups.map((g) => el('li', { attrs: { 'data-depth': g.depth } }, [
          el('span', { class: 'circles-depth', text: t(lang, 'circles.depth', { depth: formatNumber(lang, g.depth, 0) }) }),
          el('span', { class: 'chips' }, g.ids.map((id) => el('button', {
            class: 'chip chip-button', text: p.nameOf(id),
            attrs: { type: 'button', title: id, 'data-testid': 'chain-firm', 'data-firm-id': id, 'data-hop': dir === 'up' ? -g.depth : g.depth },
            on: { click: () => p.onFocus(id) },
          }))),
        ]))),
    ]);
  };
  section.append(side(t(lang, 'circles.up'), 'up', body.up), side(t(lang, 'circles.down'), 'down', body.down));
  return section;
}
