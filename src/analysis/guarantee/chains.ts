/**
 * Guarantee chains (担保链) on the condensation DAG (circles collapsed to one node).
 *   depth(C)  = 0 if no guarantor outside C backs C, else max over guarantee edges B → C of depth(B) + 1
 *   height(C) = 0 if C guarantees nobody outside C, else max over edges C → D of height(D) + 1
 * i.e. the longest path in the condensation ending / starting at C (hop counts).
 * One pass in topological order, O(n + m); Tarjan numbers components in reverse
 * topological order (an edge u → v across components has comp[u] > comp[v]).
 *
 * Direction: guarantees run guarantor → borrower, risk runs back. `depth` counts
 * the layers of guarantors standing behind a firm (how far its default can travel
 * upward), `height` the layers of borrowers below it (how far away a default can
 * start and still reach it).
 */
import type { Snapshot } from '../../engine/index.ts';
import type { Amount, FirmId } from '../../model/schema.ts';
import { cmp, guaranteeComponents } from './circles.ts';

export interface ChainDepths {
  /** Per firm: longest guarantor chain above it, in hops between components. Length nFirms. */
  depth: Int32Array;
  /** Per firm: longest borrower chain below it. Length nFirms. */
  height: Int32Array;
  maxDepth: number;
  /** histogram[d] = number of firms with depth d. */
  depthHistogram: number[];
}

export function guaranteeChainDepths(s: Snapshot): ChainDepths {
  const { comp, count } = guaranteeComponents(s);
  const { out } = s.guarantee;
  const n = s.n;
  // Nodes bucketed by component (counting sort) so components can be visited in order.
  const start = new Int32Array(count + 1);
  for (let v = 0; v < n; v++) start[comp[v] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const cursor = start.slice(0, count);
  const byComp = new Int32Array(n);
  for (let v = 0; v < n; v++) byComp[cursor[comp[v]]++] = v;

  const cDepth = new Int32Array(count);
  const cHeight = new Int32Array(count);
  // Topological order = decreasing component number: every predecessor is final before its successors.
  for (let c = count - 1; c >= 0; c--) {
    const d = cDepth[c] + 1;
    for (let i = start[c]; i < start[c + 1]; i++) {
      const v = byComp[i];
      for (let p = out.offsets[v]; p < out.offsets[v + 1]; p++) {
        const cw = comp[out.nbr[p]];
        if (cw !== c && cDepth[cw] < d) cDepth[cw] = d;
      }
    }
  }
  // Reverse topological order for heights: every successor is final first.
  for (let c = 0; c < count; c++) {
    let h = 0;
    for (let i = start[c]; i < start[c + 1]; i++) {
      const v = byComp[i];
      for (let p = out.offsets[v]; p < out.offsets[v + 1]; p++) {
        const cw = comp[out.nbr[p]];
        if (cw !== c && cHeight[cw] + 1 > h) h = cHeight[cw] + 1;
      }
    }
    cHeight[c] = h;
  }
  const nFirms = s.nFirms;
  const depth = new Int32Array(nFirms);
  const height = new Int32Array(nFirms);
  let maxDepth = 0;
  for (let v = 0; v < nFirms; v++) {
    depth[v] = cDepth[comp[v]];
    height[v] = cHeight[comp[v]];
    if (depth[v] > maxDepth) maxDepth = depth[v];
  }
  const depthHistogram = new Array<number>(maxDepth + 1).fill(0);
  for (let v = 0; v < nFirms; v++) depthHistogram[depth[v]]++;
  return { depth, height, maxDepth, depthHistogram };
}

export interface ChainOptions {
  /** Hops to follow up (guarantors) and down (borrowers). */
  hops: number;
  /** Stop adding firms beyond this many (up and down together), so a hub cannot flood the viewer. */
  maxFirms: number;
}

export const CHAIN_DEFAULTS: Readonly<ChainOptions> = Object.freeze({ hops: 3, maxFirms: 500 });

export interface ChainFirm {
  id: FirmId;
  /** Hops from the focal firm: negative upward (its guarantors), positive downward (its borrowers). */
  hop: number;
}

export interface ChainEdge {
  /** Guarantee row id. */
  id: string;
  guarantor: FirmId;
  borrower: FirmId;
  amount: Amount;
}

export interface FirmChains {
  firm: FirmId;
  /** Guarantors, their guarantors, … by hop (BFS, shortest hop count). */
  up: ChainFirm[];
  /** Borrowers, their borrowers, … by hop. */
  down: ChainFirm[];
  /** Every guarantee edge followed; all up- and down-paths of length ≤ hops are in this edge set. */
  edges: ChainEdge[];
  /** True when maxFirms stopped the walk. */
  truncated: boolean;
  options: ChainOptions;
}

/**
 * The guarantee chains around one firm for the viewer: a breadth-first walk up the
 * guarantor edges and down the borrower edges. Returned as the union of the paths
 * (nodes + edges), since listing paths one by one is exponential inside circles.
 */
export function firmChains(s: Snapshot, firm: number, options: Partial<ChainOptions> = {}): FirmChains {
  const opts: ChainOptions = { ...CHAIN_DEFAULTS, ...options };
  const g = s.guarantee;
  const edgeSeen = new Set<number>();
  const edges: ChainEdge[] = [];
  let truncated = false;
  let total = 0; // firms found in both directions, against maxFirms
  const walk = (dir: 1 | -1): ChainFirm[] => {
    const csr = dir === 1 ? g.out : g.in;
    const hopOf = new Map<number, number>([[firm, 0]]);
    let frontier = [firm];
    const found: ChainFirm[] = [];
    for (let h = 1; h <= opts.hops && frontier.length > 0; h++) {
      const next: number[] = [];
      for (const v of frontier) {
        for (let p = csr.offsets[v]; p < csr.offsets[v + 1]; p++) {
          const w = csr.nbr[p];
          if (!hopOf.has(w)) {
            if (total >= opts.maxFirms) { truncated = true; continue; }
            total++;
            hopOf.set(w, h);
            found.push({ id: s.ids[w], hop: dir * h });
            next.push(w);
          }
          const e = csr.edge[p];
          if (hopOf.has(w) && !edgeSeen.has(e)) {
            edgeSeen.add(e);
            edges.push({ id: s.dataset.guarantees[e].id, guarantor: s.ids[g.src[e]], borrower: s.ids[g.dst[e]], amount: g.weight[e] });
          }
        }
      }
      frontier = next;
    }
    // Within a hop, by id: the output does not depend on the CSV row order.
    return found.sort((a, b) => Math.abs(a.hop) - Math.abs(b.hop) || cmp(a.id, b.id));
  };
  const up = walk(-1);
  const down = walk(1);
  edges.sort((a, b) => cmp(a.id, b.id));
  return { firm: s.ids[firm], up, down, edges, truncated, options: opts };
}
