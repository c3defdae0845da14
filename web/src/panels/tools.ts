/**
 * The analysis drawer: a tab strip (circles, contagion, park) over the left of
 * the map and the open tool's body. `state.tool` says which tool is open; each
 * tool mounts once into its own body element, stays mounted while hidden (so a
 * running playback or a filled form survives a tab switch) and re-renders itself
 * on the store. Keyboard: the tabs are a WAI-ARIA tablist (←/→/Home/End move,
 * Enter/Space open or close).
 */
import { el, replaceChildren } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import type { ToolId } from '../state/index.ts';
import type { ViewerContext } from './context.ts';

export interface Tool {
  id: ToolId;
  /** Tab label. */
  label: MessageKey;
  /** Build the tool into `body` (called once, when the tool is first opened). */
  mount(body: HTMLElement, ctx: ViewerContext): void;
}

export function mountTools(root: HTMLElement, ctx: ViewerContext, tools: readonly Tool[]): void {
  const tabs = el('div', { class: 'tools-tabs', attrs: { role: 'tablist', 'aria-orientation': 'horizontal' } });
  const bodies = new Map<ToolId, HTMLElement>();
  const mounted = new Set<ToolId>();
  for (const tool of tools) {
    bodies.set(tool.id, el('section', {
      class: 'tools-body', attrs: { role: 'tabpanel', id: `tool-${tool.id}`, 'aria-labelledby': `tab-${tool.id}`, 'data-testid': `tool-${tool.id}`, hidden: true },
    }));
  }
  const open = (id: ToolId | null) => ctx.store.update({ tool: ctx.store.get().tool === id ? null : id });

  const render = () => {
    const { lang, tool: current } = ctx.store.get();
    replaceChildren(tabs, tools.map((tool, i) => el('button', {
      class: `tools-tab${current === tool.id ? ' is-open' : ''}`,
      text: t(lang, tool.label),
      attrs: {
        type: 'button', role: 'tab', id: `tab-${tool.id}`, 'aria-controls': `tool-${tool.id}`,
        'aria-selected': current === tool.id ? 'true' : 'false', tabindex: current === tool.id || (current === null && i === 0) ? 0 : -1,
        'data-testid': `tab-${tool.id}`,
      },
      on: {
        click: () => open(tool.id),
        keydown: (event) => {
          const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
          const target = event.key === 'Home' ? 0 : event.key === 'End' ? tools.length - 1 : step ? (i + step + tools.length) % tools.length : -1;
          if (target < 0) return;
          event.preventDefault();
          (tabs.children[target] as HTMLElement).focus();
        },
      },
    })));
    root.classList.toggle('is-open', current !== null);
    for (const tool of tools) {
      const body = bodies.get(tool.id)!;
      const visible = current === tool.id;
      if (visible && !mounted.has(tool.id)) {
        mounted.add(tool.id);
        tool.mount(body, ctx);
      }
      body.hidden = !visible;
    }
  };
  replaceChildren(root, [tabs, ...bodies.values()]);
  render();
  ctx.store.subscribe((state, previous) => {
    if (state.lang !== previous.lang || state.tool !== previous.tool) render();
  });
}
