/**
 * Map controls: the layer, the colouring and the size, as native <select>s (keyboard and
 * screen-reader operable as they are). The elements are built once and updated in place,
 * so a keyboard user changing a value with the arrow keys keeps focus. Choosing the parks
 * or the communities layer also colours by park / community (what that layer is about);
 * the colouring can be changed afterwards.
 */
import { el } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import { COLOR_BYS, MAP_LAYERS, SIZE_BYS, type ColorBy, type MapLayer, type SizeBy, type ViewerState } from '../state/index.ts';
import type { MeasureLoader } from '../layers/index.ts';
import { neededMeasures } from '../layers/index.ts';
import type { ViewerContext } from './context.ts';
import { colorByLabel, sizeByLabel } from './legend.ts';

const layerLabel = (l: MapLayer): MessageKey => `map.layer.${l}` as MessageKey;
const layerHint = (l: MapLayer): MessageKey => `map.layerHint.${l}` as MessageKey;

/** The state patch of choosing a layer. */
export function layerPatch(layer: MapLayer, current: ColorBy): Pick<ViewerState, 'layer' | 'colorBy'> {
  return { layer, colorBy: layer === 'parks' ? 'park' : layer === 'communities' ? 'community' : current };
}

function select<T extends string>(testid: string, values: readonly T[], onChange: (value: T) => void): HTMLSelectElement {
  const node = el('select', { class: 'map-select', attrs: { id: testid, 'data-testid': testid } }, values.map((v) => el('option', { attrs: { value: v } })));
  node.addEventListener('change', () => onChange(node.value as T));
  return node;
}

export function mountMapControls(root: HTMLElement, ctx: ViewerContext, measures: MeasureLoader): void {
  const store = ctx.store;
  const layer = select<MapLayer>('map-layer', MAP_LAYERS, (v) => store.update(layerPatch(v, store.get().colorBy)));
  const color = select<ColorBy>('map-color', COLOR_BYS, (v) => store.update({ colorBy: v }));
  const size = select<SizeBy>('map-size', SIZE_BYS, (v) => store.update({ sizeBy: v }));
  const title = el('h2', { class: 'map-title' });
  const labels = { layer: el('label', { attrs: { for: 'map-layer' } }), color: el('label', { attrs: { for: 'map-color' } }), size: el('label', { attrs: { for: 'map-size' } }) };
  const hint = el('p', { class: 'legend-note', attrs: { 'data-testid': 'map-layer-hint' } });
  const status = el('p', { class: 'legend-note', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'measure-status' } });
  root.append(title,
    el('div', { class: 'map-field' }, [labels.layer, layer]), hint,
    el('div', { class: 'map-field' }, [labels.color, color]),
    el('div', { class: 'map-field' }, [labels.size, size]),
    status);

  const render = () => {
    const state = store.get();
    const { lang } = state;
    title.textContent = t(lang, 'map.title');
    labels.layer.textContent = t(lang, 'map.layer');
    labels.color.textContent = t(lang, 'map.colorBy');
    labels.size.textContent = t(lang, 'map.sizeBy');
    MAP_LAYERS.forEach((v, i) => { layer.options[i].textContent = t(lang, layerLabel(v)); });
    COLOR_BYS.forEach((v, i) => { color.options[i].textContent = t(lang, colorByLabel(v)); });
    SIZE_BYS.forEach((v, i) => { size.options[i].textContent = t(lang, sizeByLabel(v)); });
    layer.value = state.layer;
    color.value = state.colorBy;
    size.value = state.sizeBy;
    hint.textContent = t(lang, layerHint(state.layer));
    const loading = neededMeasures(state).filter((m) => measures.status(m) === 'loading');
    status.textContent = loading.length ? t(lang, 'map.loading', { name: loading.map((m) => t(lang, `map.color.${m}` as MessageKey)).join(', ') }) : '';
    root.dataset.loading = loading.length ? 'true' : 'false';
  };
  render();
  store.subscribe((state, previous) => {
    if (state.lang !== previous.lang || state.layer !== previous.layer || state.colorBy !== previous.colorBy || state.sizeBy !== previous.sizeBy) render();
  });
  measures.subscribe(render);
}
