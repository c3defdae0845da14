/**
 * Legend: what the colours and shapes mean, and one switch per tie kind. A
 * switch only updates `hiddenEdgeKinds` in the store; the renderer redraws
 * through the reducers. Each switch is a button with role="switch" and
 * aria-checked, so it is keyboard- and screen-reader-operable.
 */
import { EDGE_KINDS, type EdgeKind } from '../api/index.ts';
import { BANK_COLOR, EDGE_STYLES, NO_PARK_COLOR, parkColor } from '../graph/index.ts';
import { formatNumber, t, type MessageKey } from '../i18n/index.ts';
import { toggleEdgeKind } from '../state/index.ts';
import type { ViewerContext } from './context.ts';
import { el, replaceChildren, svg } from '../dom.ts';

export function edgeKindLabel(kind: EdgeKind): MessageKey {
  return `edge.${kind}` as MessageKey;
}

function edgeSwatch(kind: EdgeKind): SVGSVGElement {
  const style = EDGE_STYLES[kind];
  const line = svg('line', { x1: 2, y1: 6, x2: style.type === 'arrow' ? 20 : 26, y2: 6, stroke: style.focusColor, 'stroke-width': Math.max(1.5, style.size * 1.4) });
  const parts: SVGElement[] = [line];
  if (style.type === 'arrow') parts.push(svg('path', { d: 'M19 1.5 L27 6 L19 10.5 Z', fill: style.focusColor }));
  return svg('svg', { class: 'swatch-edge', width: 28, height: 12, viewBox: '0 0 28 12', 'aria-hidden': 'true' }, parts);
}

function dot(color: string, shape: 'circle' | 'diamond' = 'circle'): HTMLSpanElement {
  const node = el('span', { class: `swatch-node swatch-${shape}`, attrs: { 'aria-hidden': 'true' } });
  node.style.backgroundColor = color; // CSSOM, not a style attribute: allowed by a strict CSP
  return node;
}

export function mountLegend(root: HTMLElement, ctx: ViewerContext): void {
  const render = () => {
    const { lang, hiddenEdgeKinds } = ctx.store.get();
    const { parkMembers, outsideParks, edgeCounts } = ctx.build;

    const nodes = el('section', { class: 'legend-section' }, [
      el('h3', { text: t(lang, 'legend.nodes') }),
      el('ul', { class: 'legend-list' }, [
        el('li', {}, [dot('#7B8794'), el('span', { text: t(lang, 'legend.firm') })]),
        el('li', {}, [dot(BANK_COLOR, 'diamond'), el('span', { text: t(lang, 'legend.bank') })]),
      ]),
    ]);

    const parkItems = ctx.payload.parks.map((park, i) =>
      el('li', { attrs: { 'data-park': park.id } }, [
        dot(parkColor(i)),
        el('span', { class: 'legend-name', text: park.name, attrs: { title: park.id } }),
        el('span', { class: 'legend-count', text: formatNumber(lang, parkMembers[i], 0) }),
      ]));
    if (outsideParks > 0) {
      parkItems.push(el('li', {}, [
        dot(NO_PARK_COLOR),
        el('span', { class: 'legend-name', text: t(lang, 'legend.noPark') }),
        el('span', { class: 'legend-count', text: formatNumber(lang, outsideParks, 0) }),
      ]));
    }
    const parks = el('section', { class: 'legend-section' }, [
      el('h3', { text: t(lang, 'legend.parks') }),
      el('ul', { class: 'legend-list legend-parks' }, parkItems),
    ]);

    const edges = el('section', { class: 'legend-section' }, [
      el('h3', { text: t(lang, 'legend.edges') }),
      el('ul', { class: 'legend-list' }, EDGE_KINDS.map((kind) => {
        const shown = !hiddenEdgeKinds.has(kind);
        const name = t(lang, edgeKindLabel(kind));
        return el('li', {}, [
          el('button', {
            class: `edge-toggle${shown ? '' : ' is-off'}`,
            attrs: {
              type: 'button', role: 'switch', 'aria-checked': shown ? 'true' : 'false',
              'data-edge-kind': kind, 'data-state': shown ? 'on' : 'off',
              title: t(lang, shown ? 'legend.hide' : 'legend.show', { kind: name }),
            },
            on: { click: () => ctx.store.update({ hiddenEdgeKinds: toggleEdgeKind(ctx.store.get().hiddenEdgeKinds, kind) }) },
          }, [
            edgeSwatch(kind),
            el('span', { class: 'legend-name' }, [
              el('span', { text: name }),
              el('small', { text: t(lang, `edge.${kind}.hint` as MessageKey) }),
            ]),
            el('span', { class: 'legend-count', text: formatNumber(lang, edgeCounts[kind], 0) }),
          ]),
        ]);
      })),
    ]);

    // Re-rendering replaces the buttons: keep keyboard focus on the switch the user pressed.
    const focusedKind = (document.activeElement as HTMLElement | null)?.dataset?.edgeKind;
    replaceChildren(root, [el('h2', { class: 'legend-title', text: t(lang, 'legend.title') }), nodes, edges, parks]);
    if (focusedKind) root.querySelector<HTMLElement>(`[data-edge-kind="${focusedKind}"]`)?.focus();
  };
  render();
  ctx.store.subscribe((state, previous) => {
    if (state.lang !== previous.lang || state.hiddenEdgeKinds !== previous.hiddenEdgeKinds) render();
  });
}
