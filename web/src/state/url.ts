/**
 * The shareable view in the URL fragment: layer, colouring, size, filters, hidden tie
 * kinds, selection, open tool and contagion scenario, as `#key=value&…` (URLSearchParams,
 * so every value is percent-encoded). Fields at their default are left out, so an
 * untouched view has an empty fragment and the old `#node=<id>` links are this format.
 * Parks are written by id (stable across datasets' orderings), `-` = outside any park.
 * Decoding ignores what it does not know (a link from a newer or older viewer still opens).
 */
import { EDGE_KINDS, type EdgeKind, type GraphPayload } from '../api/index.ts';
import {
  COLOR_BYS, MAP_LAYERS, NO_FILTERS, SIZE_BYS, type ColorBy, type Filters, type MapLayer, type SizeBy, type ToolId, type ViewerState,
} from './store.ts';

export const TOOL_IDS: readonly ToolId[] = ['circles', 'contagion', 'park'];
export const OUTSIDE_PARKS = '-';

/** The state fields the URL carries. */
export type UrlView = Pick<ViewerState, 'layer' | 'colorBy' | 'sizeBy' | 'filters' | 'hiddenEdgeKinds' | 'selectedNode' | 'tool' | 'scenario'>;
export const URL_FIELDS: readonly (keyof UrlView)[] = ['layer', 'colorBy', 'sizeBy', 'filters', 'hiddenEdgeKinds', 'selectedNode', 'tool', 'scenario'];

const sorted = <T>(xs: Iterable<T>) => [...xs].sort();

export function encodeView(view: UrlView, parks: GraphPayload['parks']): string {
  const q = new URLSearchParams();
  if (view.layer !== 'all') q.set('layer', view.layer);
  if (view.colorBy !== 'park') q.set('color', view.colorBy);
  if (view.sizeBy !== 'borrowing') q.set('size', view.sizeBy);
  const f = view.filters;
  if (f.industries.size) q.set('industry', sorted(f.industries).join(','));
  if (f.parks.size) q.set('park', [...f.parks].sort((a, b) => a - b).map((i) => (i < 0 ? OUTSIDE_PARKS : parks[i]?.id ?? '')).filter(Boolean).join(','));
  if (f.minBorrowing !== null) q.set('bmin', String(f.minBorrowing));
  if (f.maxBorrowing !== null) q.set('bmax', String(f.maxBorrowing));
  if (f.flags.size) q.set('flags', sorted(f.flags).join(','));
  if (view.hiddenEdgeKinds.size) q.set('hide', EDGE_KINDS.filter((k) => view.hiddenEdgeKinds.has(k)).join(','));
  if (view.tool !== null) q.set('tool', view.tool);
  if (view.scenario !== null) q.set('scenario', view.scenario);
  // Last, so a link stays readable as …#…&node=F0000034.
  if (view.selectedNode !== null) q.set('node', view.selectedNode);
  return q.toString();
}

const list = (text: string | null) => (text === null ? [] : text.split(',').map((x) => x.trim()).filter((x) => x !== ''));

function amount(text: string | null): number | null {
  if (text === null || text.trim() === '') return null;
  const x = Number(text);
  return Number.isFinite(x) ? x : null;
}

/** The view a fragment describes: every field of UrlView, defaults where the fragment is silent or wrong. */
export function decodeView(fragment: string, parks: GraphPayload['parks']): UrlView {
  const q = new URLSearchParams(fragment.startsWith('#') ? fragment.slice(1) : fragment);
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = q.get(key);
    return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
  };
  const parkIndex = new Map(parks.map((p, i) => [p.id, i]));
  const parkSet = new Set<number>();
  for (const id of list(q.get('park'))) {
    if (id === OUTSIDE_PARKS) parkSet.add(-1);
    else if (parkIndex.has(id)) parkSet.add(parkIndex.get(id)!);
  }
  const filters: Filters = {
    industries: new Set(list(q.get('industry'))),
    parks: parkSet,
    minBorrowing: amount(q.get('bmin')),
    maxBorrowing: amount(q.get('bmax')),
    flags: new Set(list(q.get('flags'))),
  };
  const empty = !filters.industries.size && !filters.parks.size && filters.minBorrowing === null && filters.maxBorrowing === null && !filters.flags.size;
  const tool = q.get('tool');
  const node = q.get('node');
  const scenario = q.get('scenario');
  return {
    layer: pick<MapLayer>('layer', MAP_LAYERS, 'all'),
    colorBy: pick<ColorBy>('color', COLOR_BYS, 'park'),
    sizeBy: pick<SizeBy>('size', SIZE_BYS, 'borrowing'),
    filters: empty ? NO_FILTERS : filters,
    hiddenEdgeKinds: new Set(list(q.get('hide')).filter((k): k is EdgeKind => (EDGE_KINDS as readonly string[]).includes(k))),
    selectedNode: node !== null && node !== '' ? node : null,
    tool: tool !== null && (TOOL_IDS as readonly string[]).includes(tool) ? (tool as ToolId) : null,
    scenario: scenario !== null && scenario !== '' ? scenario : null,
  };
}

/** Whether a state change touches the URL. */
export function urlFieldsChanged(a: ViewerState, b: ViewerState): boolean {
  return URL_FIELDS.some((k) => a[k] !== b[k]);
}
