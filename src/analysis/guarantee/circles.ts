/**
 * Guarantee circles (担保圈): the strongly connected components of size ≥ 2 of the
 * guarantee graph (guarantor → borrower), found by the engine's iterative Tarjan
 * (Tarjan 1972, SIAM J. Comput. 1(2):146–160) in O(n + m).
 * Density of a circle with k members = distinct internal (guarantor, borrower) pairs / (k(k − 1)).
 *
 * Ids are stable for a given dataset: circles are sorted by size (descending), ties
 * by their smallest member id (code-unit order), and numbered C001, C002, … so the
 * same data always gives the same ids whatever the row order of the CSV files.
 */
import { stronglyConnectedComponents, type SccResult, type Snapshot } from '../../engine/index.ts';
import type { Amount, FirmId, ParkId } from '../../model/schema.ts';

export interface GuaranteeCircle {
  /** `C001` … by size descending, then smallest member id. */
  id: string;
  size: number;
  /** Member firm ids, sorted. */
  members: FirmId[];
  /** Snapshot node index of each member, aligned with `members`. */
  nodes: number[];
  /** Guarantee rows with guarantor and borrower both in the circle. */
  internalEdges: number;
  /** Sum of the guaranteed amounts of those rows. */
  guaranteedInside: Amount;
  /** Outstanding of all loans borrowed by members (from any bank). */
  loansOutstanding: Amount;
  /** Distinct internal ordered pairs / (k(k − 1)), in (0, 1]. */
  density: number;
  /** Parks of the members (sorted, members outside parks not listed). */
  parks: ParkId[];
}

export interface CircleOptions {
  /** Smallest component size reported as a circle (DOMAIN.md: 2). */
  minSize: number;
}

export const CIRCLE_DEFAULTS: Readonly<CircleOptions> = Object.freeze({ minSize: 2 });

export interface GuaranteeCircles {
  circles: GuaranteeCircle[];
  /** Firm index → position in `circles`, −1 outside any circle. Length nFirms. */
  circleOf: Int32Array;
  /** Number of firms that belong to a circle. */
  firmsInCircles: number;
  options: CircleOptions;
}

const sccCache = new WeakMap<Snapshot, SccResult>();

/**
 * SCCs of the guarantee graph over the Snapshot's node space, computed once per
 * Snapshot (circles, chains and patterns all need them; a Snapshot is immutable).
 */
export function guaranteeComponents(s: Snapshot): SccResult {
  let scc = sccCache.get(s);
  if (!scc) {
    scc = stronglyConnectedComponents(s.n, s.guarantee.out);
    sccCache.set(s, scc);
  }
  return scc;
}

export function guaranteeCircles(s: Snapshot, options: Partial<CircleOptions> = {}): GuaranteeCircles {
  const opts: CircleOptions = { ...CIRCLE_DEFAULTS, ...options };
  const minSize = Math.max(2, opts.minSize);
  const scc = guaranteeComponents(s);
  const { comp, size } = scc;
  const nFirms = s.nFirms;

  // Smallest member id of each qualifying component, for the stable order.
  const minId = new Map<number, string>();
  for (let v = 0; v < nFirms; v++) {
    const c = comp[v];
    if (size[c] < minSize) continue;
    const cur = minId.get(c);
    if (cur === undefined || s.ids[v] < cur) minId.set(c, s.ids[v]);
  }
  const order = [...minId.keys()].sort((a, b) => size[b] - size[a] || cmp(minId.get(a)!, minId.get(b)!));
  const circleOfComp = new Map<number, number>();
  order.forEach((c, i) => circleOfComp.set(c, i));

  const circleOf = new Int32Array(nFirms).fill(-1);
  const nodes: number[][] = order.map(() => []);
  let firmsInCircles = 0;
  for (let v = 0; v < nFirms; v++) {
    const k = circleOfComp.get(comp[v]);
    if (k === undefined) continue;
    circleOf[v] = k;
    nodes[k].push(v);
    firmsInCircles++;
  }

  const width = Math.max(3, String(order.length).length);
  const { out } = s.guarantee;
  const gw = s.guarantee.weight;
  const loanIn = s.loan.in;
  const lw = s.loan.weight;
  // stamp[w] = v + 1 while scanning v's out-edges: counts distinct internal pairs without a set.
  const stamp = new Int32Array(s.n);
  const circles: GuaranteeCircle[] = nodes.map((list, k) => {
    list.sort((a, b) => cmp(s.ids[a], s.ids[b]));
    let internalEdges = 0, pairs = 0, guaranteedInside = 0, loansOutstanding = 0;
    const parks = new Set<string>();
    for (const v of list) {
      for (let p = out.offsets[v]; p < out.offsets[v + 1]; p++) {
        const w = out.nbr[p];
        if (circleOf[w] !== k) continue;
        internalEdges++;
        guaranteedInside += gw[out.edge[p]];
        if (stamp[w] !== v + 1) {
          stamp[w] = v + 1;
          pairs++;
        }
      }
      for (let p = loanIn.offsets[v]; p < loanIn.offsets[v + 1]; p++) loansOutstanding += lw[loanIn.edge[p]];
      if (s.park[v] >= 0) parks.add(s.ids[s.park[v]]);
    }
    const kk = list.length;
    return {
      id: 'C' + String(k + 1).padStart(width, '0'),
      size: kk,
      members: list.map((v) => s.ids[v]),
      nodes: list,
      internalEdges,
      guaranteedInside,
      loansOutstanding,
      density: pairs / (kk * (kk - 1)),
      parks: [...parks].sort(cmp),
    };
  });
  return { circles, circleOf, firmsInCircles, options: opts };
}

/** Code-unit order, the same on every platform and locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
