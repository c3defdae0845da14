/**
 * The circles tool's pure parts, kept apart from the DOM so they are tested in Node:
 * the table order (every column sortable, ties in the API's order, so a sort is
 * stable and reproducible), and the two emphases the tool puts on the map —
 * a circle (its members and the guarantee ties between them) and a firm's chains
 * (guarantors up, borrowers down, with their hop depth).
 */
import type { CircleFragilityRow, CircleRow, FirmChainsBody } from '../api/circles.ts';
import type { GraphPayload } from '../api/index.ts';
import { forEachTie, tieKey, type CreditGraphBuild } from '../graph/index.ts';
import type { Highlight } from '../state/index.ts';

export const CIRCLE_SORT_KEYS = ['id', 'size', 'amount', 'loans', 'fragility', 'parks'] as const;
export type CircleSortKey = (typeof CIRCLE_SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export interface CircleSort {
  key: CircleSortKey;
  dir: SortDir;
}

/** The API's order (size descending, then smallest member id: C001, C002, …). */
export const DEFAULT_CIRCLE_SORT: CircleSort = Object.freeze({ key: 'id', dir: 'asc' });

/** First direction when a column is chosen: ids read A→Z, quantities largest first. */
export function firstDir(key: CircleSortKey): SortDir {
  return key === 'id' ? 'asc' : 'desc';
}

/** The next sort after a click on `key`: a new column starts at its first direction, the same column flips. */
export function nextSort(current: CircleSort, key: CircleSortKey): CircleSort {
  if (current.key !== key) return { key, dir: firstDir(key) };
  return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
}

export function sortValue(row: CircleRow, key: CircleSortKey, fragility: ReadonlyMap<string, CircleFragilityRow> | null): number {
  switch (key) {
    case 'size': return row.size;
    case 'amount': return row.guaranteedInside;
    case 'loans': return row.loansOutstanding;
    case 'parks': return row.parks.length;
    case 'fragility': return fragility?.get(row.id)?.spectralRadius ?? Number.NaN;
    case 'id': return 0;
  }
}

/**
 * Rows in the chosen order; equal values keep the API order. Unknown values (fragility
 * not loaded yet) go last whatever the direction.
 */
export function sortCircles(
  rows: readonly CircleRow[], sort: CircleSort, fragility: ReadonlyMap<string, CircleFragilityRow> | null = null,
): CircleRow[] {
  const indexed = rows.map((row, i) => ({ row, i, v: sortValue(row, sort.key, fragility) }));
  const sign = sort.dir === 'asc' ? 1 : -1;
  indexed.sort((a, b) => {
    if (sort.key === 'id') return sign * (a.i - b.i);
    const an = Number.isNaN(a.v), bn = Number.isNaN(b.v);
    if (an || bn) return an === bn ? a.i - b.i : an ? 1 : -1;
    return sign * (a.v - b.v) || a.i - b.i;
  });
  return indexed.map((x) => x.row);
}

/** Highlight of one circle: its members and the guarantee ties with both ends inside. */
export function circleHighlight(build: CreditGraphBuild, payload: GraphPayload, circle: Pick<CircleRow, 'id' | 'members'>): Highlight {
  const { graph } = build;
  const nodes = new Set<string>();
  for (const id of circle.members) if (graph.hasNode(id)) nodes.add(id);
  const edges = new Set<string>();
  for (const id of nodes) {
    forEachTie(payload, build.ties, graph.getNodeAttribute(id, 'index'), (e, other, outgoing) => {
      if (outgoing && payload.edges.kind[e] === 'guarantee' && nodes.has(payload.nodes.id[other])) edges.add(tieKey(payload, e));
    });
  }
  return { key: `circle:${circle.id}`, nodes, edges };
}

/**
 * Highlight of a firm's chains: the firm (depth 0), its guarantors (negative depth) and
 * borrowers (positive depth), and the guarantee ties the walk followed (edge key
 * `guarantee:<graphEdge>`, the payload index as in graph/build.ts).
 */
export function chainHighlight(chains: FirmChainsBody): Highlight {
  const depth = new Map<string, number>([[chains.firm, 0]]);
  // A firm in a circle with the focus can be both up and down; keep the nearer side (up on a tie).
  for (const f of [...chains.up, ...chains.down]) {
    const d = depth.get(f.id);
    if (d === undefined || Math.abs(f.hop) < Math.abs(d)) depth.set(f.id, f.hop);
  }
  const edges = new Set(chains.edges.map((e) => `guarantee:${e.graphEdge}`));
  return { key: `chain:${chains.firm}`, nodes: new Set(depth.keys()), edges, depth };
}

/** Chain firms grouped by |hop|, ascending (the list by depth). */
export function byDepth(firms: readonly { id: string; hop: number }[]): { depth: number; ids: string[] }[] {
  const groups = new Map<number, string[]>();
  for (const f of firms) {
    const d = Math.abs(f.hop);
    let list = groups.get(d);
    if (!list) groups.set(d, (list = []));
    list.push(f.id);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([depth, ids]) => ({ depth, ids }));
}

/** Whether a highlight was set by this tool (the tool clears only its own). */
export function isCirclesHighlight(h: Highlight | null): boolean {
  return h !== null && (h.key.startsWith('circle:') || h.key.startsWith('chain:'));
}
