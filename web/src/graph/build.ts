/**
 * The viewer's graph model: the columnar GET /api/graph payload turned into a
 * graphology MultiDirectedGraph (several ties of different kinds, or two loans
 * from one bank, may join the same pair). Node keys are dataset ids, so URLs,
 * search and the API all speak the same ids. Visual attributes set here are the
 * base style; layers/ derive what is actually drawn from the viewer state.
 */
import { MultiDirectedGraph } from 'graphology';
import { EDGE_KINDS, type EdgeKind, type GraphPayload, type NodeType } from '../api/index.ts';
import { BANK_COLOR, EDGE_STYLES, parkColor } from './palette.ts';
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

export interface EdgeAttributes {
  kind: EdgeKind;
  weight: number;
  color: string;
  size: number;
  type: 'arrow' | 'line';
}

export type CreditGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

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
  const graph: CreditGraph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();

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
  for (let e = 0; e < m; e++) {
    const kind = edges.kind[e];
    const style = EDGE_STYLES[kind];
    edgeCounts[kind]++;
    graph.addDirectedEdgeWithKey(`${kind}:${e}`, nodes.id[edges.source[e]], nodes.id[edges.target[e]], {
      kind,
      weight: edges.weight[e],
      color: style.color,
      size: style.size,
      type: style.type,
    });
  }
  return { graph, edgeCounts, parkMembers, outsideParks };
}
