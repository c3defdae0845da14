/**
 * Toolbar: ForceAtlas2 start/stop, camera zoom and fit, and the language switch.
 * Buttons only call the layout controller, the camera or `store.update`.
 */
import { el, replaceChildren } from '../dom.ts';
import { LANG_NAMES, otherLang, persistLang, t } from '../i18n/index.ts';
import type { ViewerContext } from './context.ts';

export function mountToolbar(root: HTMLElement, ctx: ViewerContext): void {
  const render = () => {
    const { lang, layoutRunning } = ctx.store.get();
    const layoutButton = el('button', {
      class: `tool-button layout-toggle${layoutRunning ? ' is-running' : ''}`,
      text: t(lang, layoutRunning ? 'toolbar.layoutStop' : 'toolbar.layoutStart'),
      attrs: { type: 'button', 'aria-pressed': layoutRunning ? 'true' : 'false', 'data-testid': 'layout-toggle', 'data-running': layoutRunning ? 'true' : 'false' },
      on: { click: () => (ctx.layout.running ? ctx.layout.stop() : ctx.layout.start()) },
    });
    const icon = (text: string, label: string, testid: string, onClick: () => void) =>
      el('button', { class: 'icon-button', text, attrs: { type: 'button', 'aria-label': label, title: label, 'data-testid': testid }, on: { click: onClick } });
    const next = otherLang(lang);
    const langButton = el('button', {
      class: 'tool-button lang-switch', text: LANG_NAMES[next],
      attrs: { type: 'button', lang: next, title: t(lang, 'toolbar.language'), 'data-testid': 'lang-switch' },
      on: { click: () => { persistLang(next); ctx.store.update({ lang: next }); } },
    });
    replaceChildren(root, [
      layoutButton,
      el('span', { class: 'tool-group' }, [
        icon('+', t(lang, 'toolbar.zoomIn'), 'zoom-in', () => ctx.renderer.zoomBy(1.5)),
        icon('−', t(lang, 'toolbar.zoomOut'), 'zoom-out', () => ctx.renderer.zoomBy(1 / 1.5)),
        icon('⤢', t(lang, 'toolbar.fit'), 'zoom-fit', () => ctx.renderer.fit()),
      ]),
      langButton,
    ]);
  };
  render();
  ctx.store.subscribe((state, previous) => {
    if (state.lang !== previous.lang || state.layoutRunning !== previous.layoutRunning) render();
  });
}
