/**
 * CreditGraph: the Dataset as a graphology MultiDirectedGraph with typed
 * attributes, for subgraphs, exports and graphology's own algorithms on small
 * graphs (tests use it as an independent oracle). It is not the engine: loading
 * 1M firms / 4M edges into graphology takes ~43 s and ~1.9 GB here, so every
 * analysis runs on the CSR Snapshot instead (ARCHITECTURE.md, "Engine rules").
 *
 * Nodes: firms, banks and parks keyed by id. Edges keep the direction of the
 * dataset: loan bank → borrower, guarantee guarantor → borrower, supply supplier →
 * customer, ownership owner → owned, membership firm → park (IN_PARK).
 */
import { MultiDirectedGraph } from 'graphology';
import type { Bank, Dataset, Firm, Guarantee, Loan, Ownership, Park, Supply } from './schema.ts';

export type CreditNodeAttributes =
  | { type: 'firm'; record: Firm }
  | { type: 'bank'; record: Bank }
  | { type: 'park'; record: Park };

export type CreditEdgeKind = 'loan' | 'guarantee' | 'supply' | 'ownership' | 'membership';

export type CreditEdgeAttributes =
  | { kind: 'loan'; weight: number; record: Loan }
  | { kind: 'guarantee'; weight: number; record: Guarantee }
  | { kind: 'supply'; weight: number; record: Supply }
  | { kind: 'ownership'; weight: number; record: Ownership }
  | { kind: 'membership'; weight: 1 };

export type CreditGraph = MultiDirectedGraph<CreditNodeAttributes, CreditEdgeAttributes>;

export interface CreditGraphOptions {
  /** Edge kinds to include (default: all). */
  kinds?: readonly CreditEdgeKind[];
  /** Keep only these node ids (edges between kept nodes only). Default: every node. */
  nodes?: ReadonlySet<string>;
}

const ALL_KINDS: readonly CreditEdgeKind[] = Object.freeze(['loan', 'guarantee', 'supply', 'ownership', 'membership']);

/**
 * Builds the CreditGraph of a validated Dataset. Edge keys are stable and unique:
 * loan and guarantee ids prefixed by their kind, supply/ownership/membership by their ends.
 */
export function buildCreditGraph(ds: Dataset, options: CreditGraphOptions = {}): CreditGraph {
  const kinds = new Set(options.kinds ?? ALL_KINDS);
  const keep = options.nodes;
  const has = (id: string) => keep === undefined || keep.has(id);
  const g: CreditGraph = new MultiDirectedGraph<CreditNodeAttributes, CreditEdgeAttributes>();
  for (const record of ds.parks) if (has(record.id)) g.addNode(record.id, { type: 'park', record });
  for (const record of ds.banks) if (has(record.id)) g.addNode(record.id, { type: 'bank', record });
  for (const record of ds.firms) if (has(record.id)) g.addNode(record.id, { type: 'firm', record });
  const both = (a: string, b: string) => g.hasNode(a) && g.hasNode(b);

  if (kinds.has('loan')) {
    for (const r of ds.loans) if (both(r.bank_id, r.borrower_id)) g.addDirectedEdgeWithKey(`loan:${r.id}`, r.bank_id, r.borrower_id, { kind: 'loan', weight: r.outstanding, record: r });
  }
  if (kinds.has('guarantee')) {
    for (const r of ds.guarantees) if (both(r.guarantor_id, r.borrower_id)) g.addDirectedEdgeWithKey(`guarantee:${r.id}`, r.guarantor_id, r.borrower_id, { kind: 'guarantee', weight: r.amount, record: r });
  }
  if (kinds.has('supply')) {
    ds.supply.forEach((r, i) => {
      if (both(r.supplier_id, r.customer_id)) g.addDirectedEdgeWithKey(`supply:${i}`, r.supplier_id, r.customer_id, { kind: 'supply', weight: r.value, record: r });
    });
  }
  if (kinds.has('ownership')) {
    ds.ownership.forEach((r, i) => {
      if (both(r.owner_id, r.owned_id)) g.addDirectedEdgeWithKey(`ownership:${i}`, r.owner_id, r.owned_id, { kind: 'ownership', weight: r.share, record: r });
    });
  }
  if (kinds.has('membership')) {
    for (const f of ds.firms) if (f.park_id !== undefined && both(f.id, f.park_id)) g.addDirectedEdgeWithKey(`membership:${f.id}`, f.id, f.park_id, { kind: 'membership', weight: 1 });
  }
  return g;
}

/**
 * Ids within `hops` undirected steps of `center` (breadth-first, iterative), the
 * node set of an ego network; pass it as `nodes` to buildCreditGraph.
 */
export function egoNodes(g: CreditGraph, center: string, hops: number): Set<string> {
  const seen = new Set<string>([center]);
  let frontier = [center];
  for (let h = 0; h < hops && frontier.length > 0; h++) {
    const next: string[] = [];
    for (const v of frontier) {
      g.forEachNeighbor(v, (w) => {
        if (!seen.has(w)) {
          seen.add(w);
          next.push(w);
        }
      });
    }
    frontier = next;
  }
  return seen;
}
