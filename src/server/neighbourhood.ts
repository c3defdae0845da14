/**
 * GET /api/neighbourhood/:id — the viewer's expand-on-demand — from either store:
 * the Snapshot in memory (snapshotStore below) or Neo4j (src/io/neo4j/pushdown.ts
 * neo4jStore). Both run the same walk (walkNeighbourhood: hubs returned but not
 * gone through, levels cut at `limit`), and this file turns its answer into the
 * columnar shape of /api/graph's GraphPayload, with node indices local to the
 * answer, so the viewer merges it by id.
 */
import type { Snapshot } from '../engine/index.ts';
import {
  CREDIT_KINDS, orderFlags, walkNeighbourhood,
  type IncidentEdge, type Neighbourhood, type NeighbourhoodOptions, type NeighbourhoodStore, type NodeDetails, type StoreEdge, type StoreNode,
} from '../io/neo4j/pushdown.ts';
import { FIRM_FLAGS } from '../model/schema.ts';
import type { GraphPayload } from './routes/graph.ts';

/** Body of GET /api/neighbourhood/:id (docs/api.md). */
export interface NeighbourhoodPayload {
  firm: string;
  /** GraphPayload's node columns, plus `hops` (from the firm) and `degree` (credit relationships in the whole graph). */
  nodes: GraphPayload['nodes'] & { hops: number[]; degree: number[] };
  /** source / target index `nodes`. */
  edges: GraphPayload['edges'];
  /** Parks of the returned firms; `nodes.park` indexes this list (−1 = none). */
  parks: GraphPayload['parks'];
  truncated: boolean;
  /** Indices of nodes returned but not expanded: banks and firms above `hubDegree`. */
  hubs: number[];
  options: NeighbourhoodOptions;
  /** Where the answer came from: the loaded Snapshot or a Neo4j push-down query. */
  source: 'memory' | 'neo4j';
}

const strings = { type: 'array', items: { type: 'string' } } as const;
const numbers = { type: 'array', items: { type: 'number' } } as const;
const integers = { type: 'array', items: { type: 'integer' } } as const;

export const NEIGHBOURHOOD_SCHEMA = {
  type: 'object',
  required: ['firm', 'nodes', 'edges', 'parks', 'truncated', 'hubs', 'options', 'source'],
  properties: {
    firm: { type: 'string' },
    nodes: {
      type: 'object',
      required: ['id', 'name', 'type', 'park', 'industry', 'borrowing', 'equity', 'flags', 'hops', 'degree'],
      properties: {
        id: strings, name: strings, type: { type: 'array', items: { enum: ['firm', 'bank'] } }, park: integers, industry: strings,
        borrowing: numbers, equity: { type: 'array', items: { type: ['number', 'null'] } }, flags: strings, hops: integers, degree: integers,
      },
    },
    edges: {
      type: 'object',
      required: ['kind', 'source', 'target', 'weight'],
      properties: { kind: { type: 'array', items: { enum: [...CREDIT_KINDS] } }, source: integers, target: integers, weight: numbers },
    },
    parks: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: ['string', 'null'] }, lead_industries: strings } },
    },
    truncated: { type: 'boolean' },
    hubs: integers,
    options: { type: 'object', properties: { hops: { type: 'integer' }, limit: { type: 'integer' }, hubDegree: { type: 'integer' } } },
    source: { enum: ['memory', 'neo4j'] },
  },
} as const;

/** A walk's answer in columns. */
export function neighbourhoodPayload(nb: Neighbourhood, source: NeighbourhoodPayload['source']): NeighbourhoodPayload {
  const parkIndex = new Map(nb.parks.map((p, k) => [p.id, k]));
  const nodeIndex = new Map(nb.nodes.map((n, k) => [n.id, k]));
  const nodes: NeighbourhoodPayload['nodes'] = { id: [], name: [], type: [], park: [], industry: [], borrowing: [], equity: [], flags: [], hops: [], degree: [] };
  const hubs: number[] = [];
  nb.nodes.forEach((n, k) => {
    nodes.id.push(n.id);
    nodes.name.push(n.name);
    nodes.type.push(n.type);
    nodes.park.push(n.park === null ? -1 : parkIndex.get(n.park)!);
    nodes.industry.push(n.industry);
    nodes.borrowing.push(n.borrowing);
    nodes.equity.push(n.equity);
    nodes.flags.push(n.flags.join(';'));
    nodes.hops.push(n.hops);
    nodes.degree.push(n.degree);
    if (n.hub) hubs.push(k);
  });
  const edges: NeighbourhoodPayload['edges'] = { kind: [], source: [], target: [], weight: [] };
  for (const e of nb.edges) {
    edges.kind.push(e.kind);
    edges.source.push(nodeIndex.get(e.source)!);
    edges.target.push(nodeIndex.get(e.target)!);
    edges.weight.push(e.weight);
  }
  return { firm: nb.firm, nodes, edges, parks: nb.parks, truncated: nb.truncated, hubs, options: nb.options, source };
}

/** The walk's reads over a Snapshot: handles are node indices, relationships the CSRs of the four kinds. */
export function snapshotStore(s: Snapshot): NeighbourhoodStore<number> {
  const kinds = CREDIT_KINDS.map((kind) => ({ kind, k: s[kind] }));
  const degree = (v: number) => {
    let d = 0;
    for (const { k } of kinds) d += k.out.offsets[v + 1]! - k.out.offsets[v]! + k.in.offsets[v + 1]! - k.in.offsets[v]!;
    return d;
  };
  const node = (v: number): StoreNode<number> => ({ handle: v, id: s.ids[v]!, bank: v >= s.nFirms, degree: degree(v) });
  const parkBase = s.nFirms + s.nBanks;
  const incident = (vs: readonly number[]) => {
    const out: IncidentEdge<number>[] = [];
    for (const v of vs) {
      for (const { kind, k } of kinds) {
        for (const [csr, outgoing] of [[k.out, true], [k.in, false]] as const) {
          for (let p = csr.offsets[v]!; p < csr.offsets[v + 1]!; p++) {
            const e = csr.edge[p]!;
            out.push({ kind, row: e, weight: k.weight[e]!, from: v, outgoing, other: node(csr.nbr[p]!) });
          }
        }
      }
    }
    return out;
  };
  const between = (sources: readonly number[], targets: readonly number[]) => {
    const from = new Set(sources);
    const out: StoreEdge<number>[] = [];
    for (const t of targets) {
      for (const { kind, k } of kinds) {
        for (let p = k.in.offsets[t]!; p < k.in.offsets[t + 1]!; p++) {
          const e = k.in.edge[p]!;
          if (from.has(k.in.nbr[p]!)) out.push({ kind, row: e, weight: k.weight[e]!, source: k.in.nbr[p]!, target: t });
        }
      }
    }
    return out;
  };
  const describe = (v: number): NodeDetails => {
    const ds = s.dataset;
    if (v >= s.nFirms) {
      const b = ds.banks[v - s.nFirms]!;
      return { name: b.name, park: null, industry: '', borrowing: 0, equity: Number.isFinite(s.equity[v]) ? s.equity[v]! : null, flags: [] };
    }
    const p = s.park[v]! >= 0 ? ds.parks[s.park[v]! - parkBase]! : undefined;
    // Loan row order, as /api/graph sums `borrowing`.
    let borrowing = 0;
    for (let q = s.loan.in.offsets[v]!; q < s.loan.in.offsets[v + 1]!; q++) borrowing += s.loan.weight[s.loan.in.edge[q]!]!;
    const flags: string[] = [];
    for (let b = 0; b < FIRM_FLAGS.length; b++) if (s.flags[v]! & (1 << b)) flags.push(FIRM_FLAGS[b]!);
    return {
      name: ds.firms[v]!.name,
      park: p === undefined ? null : { id: p.id, name: p.name, kind: p.kind ?? null, lead_industries: p.lead_industries },
      industry: s.industries[s.industry[v]!]!,
      borrowing,
      equity: Number.isFinite(s.equity[v]) ? s.equity[v]! : null,
      flags: orderFlags(flags),
    };
  };
  return {
    async start(id) {
      const v = s.index.get(id);
      return v === undefined || v >= s.nFirms ? undefined : { firm: node(v), edges: incident([v]) };
    },
    async incident(vs) {
      return incident(vs);
    },
    async finish({ rest, inside, sources, targets, nodes }) {
      const within = new Set(inside);
      return {
        incident: incident(rest).filter((e) => within.has(e.other.handle)),
        between: between(sources, targets),
        details: nodes.map((n) => describe(n.handle)),
      };
    },
  };
}

/** The neighbourhood answered from the loaded Snapshot. */
export async function snapshotNeighbourhood(s: Snapshot, firm: string, options: Partial<NeighbourhoodOptions>): Promise<NeighbourhoodPayload> {
  return neighbourhoodPayload(await walkNeighbourhood(snapshotStore(s), firm, options), 'memory');
}
