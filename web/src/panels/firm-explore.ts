/**
 * Ego exploration from the firm panel: "Explore" hides the full graph and shows only the
 * selected node and its neighbours (`state.explore`, drawn by the map's reducers); while
 * exploring, "Expand" on any shown node adds its neighbours, and "Show all" leaves explore
 * mode. Neighbours come from the in-browser graph through the tie kinds currently shown,
 * so no request is needed.
 */
import { el } from '../dom.ts';
import type { GraphPayload } from '../api/index.ts';
import { forEachTie, type CreditGraphBuild } from '../graph/index.ts';
import { focusCamera } from '../render/camera.ts';
import { formatNumber, t, type Lang } from '../i18n/index.ts';
import type { ViewerState } from '../state/index.ts';
import type { ViewerContext } from './context.ts';

/** `id` and every node joined to it by a tie of a visible kind (either direction). */
export function egoNetwork(build: CreditGraphBuild, payload: GraphPayload, id: string, hidden: ViewerState['hiddenEdgeKinds']): Set<string> {
  const out = new Set<string>([id]);
  if (!build.graph.hasNode(id)) return out;
  forEachTie(payload, build.ties, build.graph.getNodeAttribute(id, 'index'), (e, other) => {
    if (!hidden.has(payload.edges.kind[e])) out.add(payload.nodes.id[other]);
  });
  return out;
}

/** Sets the explored set and frames it in what the side panel leaves visible. */
function explore(ctx: ViewerContext, nodes: ReadonlySet<string> | null): void {
  ctx.store.update({ explore: nodes });
  const panel = document.getElementById('panel');
  const inset = panel && !panel.hidden ? panel.offsetWidth + 12 : 0;
  focusCamera(ctx.renderer, nodes ? [...nodes] : ctx.build.graph.nodes(), inset);
}

export function exploreControls(ctx: ViewerContext, lang: Lang, id: string): HTMLElement {
  const { explore: explored, hiddenEdgeKinds } = ctx.store.get();
  const ego = egoNetwork(ctx.build, ctx.payload, id, hiddenEdgeKinds);
  const buttons: HTMLElement[] = [];
  if (explored === null) {
    buttons.push(el('button', {
      class: 'tool-button', text: t(lang, 'firmx.explore'),
      attrs: { type: 'button', title: t(lang, 'firmx.explore.hint'), 'data-testid': 'explore' },
      on: { click: () => explore(ctx, ego) },
    }));
  } else {
    let added = 0;
    for (const v of ego) if (!explored.has(v)) added++;
    buttons.push(el('button', {
      class: 'tool-button', text: t(lang, 'firmx.expand', { count: formatNumber(lang, added, 0) }),
      attrs: { type: 'button', disabled: added === 0, title: t(lang, 'firmx.expand.hint'), 'data-testid': 'explore-expand' },
      on: { click: () => explore(ctx, new Set([...explored, ...ego])) },
    }));
    buttons.push(el('button', {
      class: 'tool-button', text: t(lang, 'firmx.showAll'),
      attrs: { type: 'button', 'data-testid': 'explore-exit' },
      on: { click: () => explore(ctx, null) },
    }));
    buttons.push(el('span', { class: 'explore-count', text: t(lang, 'firmx.exploring', { count: formatNumber(lang, explored.size, 0) }), attrs: { 'data-testid': 'explore-count' } }));
  }
  return el('div', { class: 'explore-bar', attrs: { role: 'group', 'aria-label': t(lang, 'firmx.explore.group') } }, buttons);
}
