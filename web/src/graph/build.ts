/**
 * The viewer's graph model: the columnar GET /api/graph payload turned into a
 * graphology graph of the nodes (what sigma draws and picks) plus a CSR index of the
 * ties over payload indices. Ties are not graphology edges: at 100k firms and 440k
 * ties, inserting them took seconds and sigma's per-edge processing more; the map
 * draws them from typed arrays (render/ties.ts). Node keys are dataset ids, so URLs,
 * search and the API all speak the same ids. Visual attributes set here are the
 * base style; layers/ derive what is actually drawn from the viewer state.
 */
import { DirectedGraph } from 'graphology';
import { EDGE_KINDS, type EdgeKind, type GraphPayload, type NodeType } from '../api/index.ts';
import { BANK_COLOR, parkColor } from './palette.ts';
import { seedPositions } from './seed-layout.ts';

export interface NodeAttributes {
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
  /** sigma program key: 'circle' for firms, 'diamond' for banks. */
  type: 'circle' | 'diamond';
  nodeType: NodeType;
  /** Payload (= Snapshot) index. */
  index: number;
  park: number;
  industry: string;
  /** Firms: outstanding borrowed; banks: outstanding lent (sum of their loan edges). */
  exposure: number;
  equity: number | null;
  flags: string[];
}

export type CreditGraph = DirectedGraph<NodeAttributes>;

/** The key of tie `e` (payload index) in highlights, URLs and the API: `${kind}:${e}`. */
export function tieKey(payload: GraphPayload, e: number): string {
  return `${payload.edges.kind[e]}:${e}`;
}

/** The payload index of a tie key (`tieKey`), or null if no tie has it. */
export function tieOfKey(payload: GraphPayload, key: string): number | null {
  const colon = key.indexOf(':');
  const e = Number(key.slice(colon + 1));
  return colon > 0 && Number.isInteger(e) && e >= 0 && e < payload.edges.kind.length && payload.edges.kind[e] === key.slice(0, colon) ? e : null;
}

/** Ties incident to each node (either direction), as CSR over payload indices. */
export interface TieIndex {
  /** Ties of node v: `edges[offsets[v] .. offsets[v + 1])`. */
  readonly offsets: Int32Array;
  readonly edges: Int32Array;
}

export function tieIndex(payload: GraphPayload): TieIndex {
  const n = payload.nodes.id.length;
  const { source, target } = payload.edges;
  const m = source.length;
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    offsets[source[e] + 1]++;
    if (target[e] !== source[e]) offsets[target[e] + 1]++;
  }
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const fill = offsets.slice(0, n);
  const edges = new Int32Array(offsets[n]);
  for (let e = 0; e < m; e++) {
    edges[fill[source[e]]++] = e;
    if (target[e] !== source[e]) edges[fill[target[e]]++] = e;
  }
  return { offsets, edges };
}

/** Calls fn(e, other, outgoing) for each tie of node v (payload indices; outgoing: v is the source). */
export function forEachTie(payload: GraphPayload, ties: TieIndex, v: number, fn: (e: number, other: number, outgoing: boolean) => void): void {
  const { source, target } = payload.edges;
  for (let i = ties.offsets[v]; i < ties.offsets[v + 1]; i++) {
    const e = ties.edges[i];
    const outgoing = source[e] === v;
    fn(e, outgoing ? target[e] : source[e], outgoing);
  }
}

export const NODE_SIZE_DEFAULTS = Object.freeze({
  firmMin: 2.5,
  firmMax: 11,
  bankMin: 7,
  bankMax: 16,
});

/**
 * Area-true sizing: radius ∝ √amount, so a firm borrowing 4× as much covers 4× the
 * area (Cleveland & McGill 1984 on area judgements). Zero or missing → the minimum.
 */
export function sqrtSize(value: number, max: number, min: number, maxSize: number): number {
  if (!(value > 0) || !(max > 0)) return min;
  return min + (maxSize - min) * Math.sqrt(Math.min(value, max) / max);
}

export interface CreditGraphBuild {
  graph: CreditGraph;
  ties: TieIndex;
  /** Ties per kind, for the legend. */
  edgeCounts: Record<EdgeKind, number>;
  /** Firms per park index, plus `outside` for firms outside any park. */
  parkMembers: number[];
  outsideParks: number;
}

export function buildCreditGraph(payload: GraphPayload): CreditGraphBuild {
  const { nodes, edges } = payload;
  const n = nodes.id.length;
  const m = edges.kind.length;
  const graph: CreditGraph = new DirectedGraph<NodeAttributes>();

  // Banks are sized by what they lend, which the payload carries as loan edges.
  const lending = new Float64Array(n);
  for (let e = 0; e < m; e++) if (edges.kind[e] === 'loan') lending[edges.source[e]] += edges.weight[e];
  let maxBorrowing = 0, maxLending = 0;
  for (let v = 0; v < n; v++) {
    if (nodes.type[v] === 'bank') maxLending = Math.max(maxLending, lending[v]);
    else maxBorrowing = Math.max(maxBorrowing, nodes.borrowing[v] || 0);
  }

  const xy = seedPositions(payload);
  const parkMembers = new Array<number>(payload.parks.length).fill(0);
  let outsideParks = 0;
  const s = NODE_SIZE_DEFAULTS;
  for (let v = 0; v < n; v++) {
    const isBank = nodes.type[v] === 'bank';
    const park = isBank ? -1 : nodes.park[v];
    if (!isBank) {
      if (park >= 0) parkMembers[park]++;
      else outsideParks++;
    }
    const exposure = isBank ? lending[v] : nodes.borrowing[v] || 0;
    graph.addNode(nodes.id[v], {
      label: nodes.name[v],
      x: xy[2 * v],
      y: xy[2 * v + 1],
      size: isBank ? sqrtSize(exposure, maxLending, s.bankMin, s.bankMax) : sqrtSize(exposure, maxBorrowing, s.firmMin, s.firmMax),
      color: isBank ? BANK_COLOR : parkColor(park),
      type: isBank ? 'diamond' : 'circle',
      nodeType: nodes.type[v],
      index: v,
      park,
      industry: nodes.industry[v],
      exposure,
      equity: nodes.equity[v],
      flags: nodes.flags[v] ? nodes.flags[v].split(';').filter(Boolean) : [],
    });
  }

  const edgeCounts = Object.fromEntries(EDGE_KINDS.map((k) => [k, 0])) as Record<EdgeKind, number>;
  for (let e = 0; e < m; e++) edgeCounts[edges.kind[e]]++;
  return { graph, ties: tieIndex(payload), edgeCounts, parkMembers, outsideParks };
}
