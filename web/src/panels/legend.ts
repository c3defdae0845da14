/**
 * Legend: what is drawn, read from the map view (layers/view.ts) so it always matches
 * the canvas — the colouring (category swatches with counts, or a sequential ramp with
 * its lowest, median and highest value and how values map to it; a loading or error line
 * while the measure is fetched), the contagion distress overlay, the highlighted set
 * (with the depth notation of chains), ego exploration, the size, and one switch per
 * tie kind. A switch only updates `hiddenEdgeKinds` in the store; the renderer redraws
 * through the reducers. Each switch is a button with role="switch" and aria-checked, so
 * it is keyboard- and screen-reader-operable.
 */
import { EDGE_KINDS, type EdgeKind } from '../api/index.ts';
import type { MeasureName } from '../api/measures.ts';
import { BANK_COLOR, DISTRESS_STOPS, EDGE_STYLES, PARK_PALETTE, UNAFFECTED_COLOR, withAlpha } from '../graph/palette.ts';
import { formatNumber, formatShare, t, type Lang, type MessageKey } from '../i18n/index.ts';
import { COLOR_MEASURE, CROSS_TIE_MUTED, INSIDE_TIE_ALPHA, type LegendLabel, type MapView, type MeasureLoader } from '../layers/index.ts';
import { toggleEdgeKind, type ViewerState } from '../state/index.ts';
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

/** A short tie swatch in one or more colours (several = "any of these", e.g. guarantee / supply). */
function tieSwatch(colors: readonly string[]): SVGSVGElement {
  const step = 12 / colors.length;
  return svg('svg', { class: 'swatch-edge', width: 28, height: 12, viewBox: '0 0 28 12', 'aria-hidden': 'true' },
    colors.map((c, i) => svg('line', { x1: 2, y1: step * (i + 0.5), x2: 26, y2: step * (i + 0.5), stroke: c, 'stroke-width': 2.2 })));
}

function dot(color: string, shape: 'circle' | 'diamond' = 'circle'): HTMLSpanElement {
  const node = el('span', { class: `swatch-node swatch-${shape}`, attrs: { 'aria-hidden': 'true' } });
  node.style.backgroundColor = color; // CSSOM, not a style attribute: allowed by a strict CSP
  return node;
}

/** A ramp bar: CSS gradient through the stops (CSSOM). */
function rampBar(stops: readonly string[]): HTMLSpanElement {
  const bar = el('span', { class: 'legend-ramp', attrs: { 'aria-hidden': 'true' } });
  bar.style.backgroundImage = `linear-gradient(to right, ${stops.join(', ')})`;
  return bar;
}

export function labelText(lang: Lang, label: LegendLabel): string {
  return 'key' in label ? t(lang, label.key, label.params) : label.text;
}

/** Enough digits to tell small DebtRank values apart (3 significant digits, at least 2 decimals). */
export function measureDigits(x: number): number {
  if (!Number.isFinite(x) || x === 0) return 2;
  return Math.min(8, Math.max(2, 2 - Math.floor(Math.log10(Math.abs(x)))));
}

export const colorByLabel = (c: ViewerState['colorBy']): MessageKey => `map.color.${c}` as MessageKey;
export const sizeByLabel = (s: ViewerState['sizeBy']): MessageKey => `map.size.${s}` as MessageKey;

export function mountLegend(root: HTMLElement, ctx: ViewerContext, view: MapView, measures: MeasureLoader): void {
  const colorSection = (lang: Lang, state: ViewerState) => {
    const d = view.current();
    const measure = COLOR_MEASURE[state.colorBy] as MeasureName | null;
    const status = measure ? measures.status(measure) : 'ready';
    const title = t(lang, 'map.legend.colour', { name: t(lang, colorByLabel(state.colorBy)) });
    const section = el('section', { class: 'legend-section', attrs: { 'data-testid': 'legend-color', 'data-color-by': state.colorBy, 'data-state': status === 'ready' ? 'ready' : status } }, [
      el('h3', { text: title }),
    ]);
    if (status === 'loading' || status === 'idle') {
      section.append(el('p', { class: 'legend-note is-loading', attrs: { role: 'status' }, text: t(lang, 'map.loading', { name: t(lang, colorByLabel(state.colorBy)) }) }));
      return section;
    }
    if (status === 'error') {
      section.append(el('p', { class: 'legend-note is-error', attrs: { role: 'alert' }, text: t(lang, 'map.loadError', { name: t(lang, colorByLabel(state.colorBy)), message: measures.error(measure!) ?? '' }) }));
      return section;
    }
    const legend = d.colors.legend;
    if (legend.kind === 'categories') {
      section.append(el('ul', { class: 'legend-list legend-categories' }, legend.items.map((item) =>
        el('li', { attrs: { 'data-key': item.key, ...(state.colorBy === 'park' && item.key !== 'bank' && item.key !== 'none' ? { 'data-park': item.key } : {}) } }, [
          dot(item.color, item.shape),
          el('span', { class: 'legend-name', text: labelText(lang, item.label), attrs: { title: 'title' in item.label ? item.label.title : null } }),
          el('span', { class: 'legend-count', text: formatNumber(lang, item.count, 0) }),
        ]))));
    } else {
      const digits = measureDigits(legend.max);
      section.append(
        rampBar(legend.stops),
        el('div', { class: 'legend-ramp-labels', attrs: { 'data-min': legend.min, 'data-median': legend.median, 'data-max': legend.max } }, [
          el('span', { attrs: { 'data-testid': 'ramp-min' }, text: `${t(lang, 'map.legend.min')} ${formatNumber(lang, legend.min, digits)}` }),
          el('span', { attrs: { 'data-testid': 'ramp-median' }, text: `${t(lang, 'map.legend.median')} ${formatNumber(lang, legend.median, digits)}` }),
          el('span', { attrs: { 'data-testid': 'ramp-max' }, text: `${t(lang, 'map.legend.max')} ${formatNumber(lang, legend.max, digits)}` }),
        ]),
        el('p', { class: 'legend-note', text: t(lang, legend.scale === 'rank' ? 'map.legend.rankScale' : 'map.legend.linearScale') }),
      );
      if (legend.noValue > 0) {
        section.append(el('ul', { class: 'legend-list' }, [el('li', { attrs: { 'data-key': 'none' } }, [
          dot(BANK_COLOR, 'diamond'), el('span', { class: 'legend-name', text: t(lang, 'map.legend.noValue') }),
          el('span', { class: 'legend-count', text: formatNumber(lang, legend.noValue, 0) }),
        ])]));
      }
    }
    return section;
  };

  const overlaySection = (lang: Lang, state: ViewerState) => {
    const o = state.overlay;
    if (!o) return null;
    return el('section', { class: 'legend-section legend-overlay', attrs: { 'data-testid': 'legend-overlay', 'data-key': o.key } }, [
      el('h3', { text: t(lang, 'map.legend.overlay') }),
      o.caption ? el('p', { class: 'legend-note', text: o.caption }) : null,
      rampBar(DISTRESS_STOPS),
      el('div', { class: 'legend-ramp-labels' }, [el('span', { text: formatShare(lang, 0) }), el('span', { text: formatShare(lang, 1) })]),
      el('ul', { class: 'legend-list' }, [el('li', {}, [dot(UNAFFECTED_COLOR), el('span', { class: 'legend-name', text: t(lang, 'map.legend.unaffected') })])]),
    ]);
  };

  const highlightSection = (lang: Lang, state: ViewerState) => {
    const h = state.highlight;
    if (!h) return null;
    let up = false, down = false;
    for (const depth of h.depth?.values() ?? []) { if (depth < 0) up = true; if (depth > 0) down = true; }
    return el('section', { class: 'legend-section legend-highlight', attrs: { 'data-testid': 'legend-highlight', 'data-key': h.key, 'data-count': h.nodes.size } }, [
      el('h3', { text: t(lang, 'map.legend.highlight') }),
      el('p', { class: 'legend-note', text: t(lang, 'map.legend.highlightCount', { count: formatNumber(lang, h.nodes.size, 0) }) }),
      up ? el('p', { class: 'legend-note', text: t(lang, 'map.legend.depthUp') }) : null,
      down ? el('p', { class: 'legend-note', text: t(lang, 'map.legend.depthDown') }) : null,
    ]);
  };

  const exploreSection = (lang: Lang, state: ViewerState) => state.explore
    ? el('section', { class: 'legend-section', attrs: { 'data-testid': 'legend-explore', 'data-count': state.explore.size } }, [
      el('p', { class: 'legend-note', text: t(lang, 'map.legend.explore', { count: formatNumber(lang, state.explore.size, 0) }) }),
    ])
    : null;

  /** The tie colours of the parks and communities layers (layers/derive.ts layerEdgeColors). */
  const layerTiesSection = (lang: Lang, state: ViewerState) => {
    if (state.layer !== 'parks' && state.layer !== 'communities') return null;
    const inside = tieSwatch(PARK_PALETTE.slice(0, 3).map((c) => withAlpha(c, INSIDE_TIE_ALPHA)));
    const rows: [SVGSVGElement, MessageKey][] = state.layer === 'parks'
      ? [[inside, 'map.legend.tieInsidePark'], [tieSwatch([EDGE_STYLES.guarantee.focusColor, EDGE_STYLES.supply.focusColor]), 'map.legend.tieAcrossParks'], [tieSwatch([CROSS_TIE_MUTED]), 'map.legend.tieOutsideParks']]
      : [[inside, 'map.legend.tieInsideCommunity'], [tieSwatch([CROSS_TIE_MUTED]), 'map.legend.tieAcrossCommunities']];
    return el('section', { class: 'legend-section', attrs: { 'data-testid': 'legend-layer-ties', 'data-layer': state.layer } }, [
      el('h3', { text: t(lang, 'map.legend.layerTies') }),
      el('ul', { class: 'legend-list' }, rows.map(([swatch, key]) => el('li', {}, [swatch, el('span', { class: 'legend-name', text: t(lang, key) })]))),
    ]);
  };

  const sizeSection = (lang: Lang, state: ViewerState) => el('section', { class: 'legend-section', attrs: { 'data-testid': 'legend-size', 'data-size-by': state.sizeBy } }, [
    el('h3', { text: t(lang, 'map.legend.size', { name: t(lang, sizeByLabel(state.sizeBy)) }) }),
    el('ul', { class: 'legend-list legend-shapes' }, [
      el('li', {}, [dot('#7B8794'), el('span', { text: t(lang, 'panel.firm') })]),
      el('li', {}, [dot(BANK_COLOR, 'diamond'), el('span', { text: t(lang, 'legend.bank') })]),
    ]),
  ]);

  const edgesSection = (lang: Lang, state: ViewerState) => el('section', { class: 'legend-section' }, [
    el('h3', { text: t(lang, 'legend.edges') }),
    el('ul', { class: 'legend-list' }, EDGE_KINDS.map((kind) => {
      const shown = !state.hiddenEdgeKinds.has(kind);
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
          el('span', { class: 'legend-count', text: formatNumber(lang, ctx.build.edgeCounts[kind], 0) }),
        ]),
      ]);
    })),
  ]);

  const render = () => {
    const state = ctx.store.get();
    const { lang } = state;
    // Re-rendering replaces the buttons: keep keyboard focus on the switch the user pressed.
    const focusedKind = (document.activeElement as HTMLElement | null)?.dataset?.edgeKind;
    replaceChildren(root, [
      el('h2', { class: 'legend-title', text: t(lang, 'legend.title') }),
      overlaySection(lang, state),
      highlightSection(lang, state),
      exploreSection(lang, state),
      colorSection(lang, state),
      layerTiesSection(lang, state),
      sizeSection(lang, state),
      edgesSection(lang, state),
    ]);
    if (focusedKind) root.querySelector<HTMLElement>(`[data-edge-kind="${focusedKind}"]`)?.focus();
  };
  render();
  const fields: (keyof ViewerState)[] = ['lang', 'hiddenEdgeKinds', 'colorBy', 'sizeBy', 'layer', 'overlay', 'highlight', 'explore'];
  ctx.store.subscribe((state, previous) => {
    if (fields.some((f) => state[f] !== previous[f])) render();
  });
  measures.subscribe(render);
}
