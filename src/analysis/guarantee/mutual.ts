/**
 * Mutual guarantees (互保): unordered firm pairs {a, b} with a guaranteeing b and b
 * guaranteeing a. O(n + m): for each firm v, its guarantors are marked (with the
 * amount they guarantee v) and its borrowers are looked up in the marks; several
 * rows between the same pair are one pair with summed amounts.
 */
import type { Snapshot } from '../../engine/index.ts';
import type { Amount, FirmId } from '../../model/schema.ts';
import { cmp, guaranteeCircles, guaranteeComponents, type GuaranteeCircles } from './circles.ts';

export interface MutualPair {
  /** The smaller id of the pair (code-unit order). */
  a: FirmId;
  b: FirmId;
  /** Guaranteed by a for b, summed over rows. */
  aForB: Amount;
  bForA: Amount;
  /**
   * Id of the circle holding the pair. A mutual pair always lies in one strongly connected
   * component; it is null only when `circles` was computed with minSize above that component's size.
   */
  circle: string | null;
  /** True when the pair is a whole component by itself (a circle of size 2). */
  isolated: boolean;
}

export function mutualGuarantees(s: Snapshot, circles: GuaranteeCircles = guaranteeCircles(s)): MutualPair[] {
  const { out } = s.guarantee;
  const inn = s.guarantee.in;
  const w = s.guarantee.weight;
  // Marks are "owner + 1" stamps so the arrays never need clearing.
  const guarantorMark = new Int32Array(s.n);
  const fromGuarantor = new Float64Array(s.n);
  const borrowerMark = new Int32Array(s.n);
  const toBorrower = new Float64Array(s.n);
  const { comp, size } = guaranteeComponents(s);
  const pairs: MutualPair[] = [];
  for (let v = 0; v < s.nFirms; v++) {
    for (let p = inn.offsets[v]; p < inn.offsets[v + 1]; p++) {
      const x = inn.nbr[p];
      if (guarantorMark[x] !== v + 1) { guarantorMark[x] = v + 1; fromGuarantor[x] = 0; }
      fromGuarantor[x] += w[inn.edge[p]];
    }
    for (let p = out.offsets[v]; p < out.offsets[v + 1]; p++) {
      const x = out.nbr[p];
      if (borrowerMark[x] !== v + 1) { borrowerMark[x] = v + 1; toBorrower[x] = 0; }
      toBorrower[x] += w[out.edge[p]];
    }
    for (let p = out.offsets[v]; p < out.offsets[v + 1]; p++) {
      const x = out.nbr[p];
      // Report each pair once, from its lower node index, and once per pair despite repeated rows.
      if (x <= v || guarantorMark[x] !== v + 1 || borrowerMark[x] !== v + 1) continue;
      borrowerMark[x] = 0;
      const forward = toBorrower[x], back = fromGuarantor[x];
      const c = circles.circleOf[v];
      const vFirst = cmp(s.ids[v], s.ids[x]) <= 0;
      pairs.push({
        a: s.ids[vFirst ? v : x], b: s.ids[vFirst ? x : v],
        aForB: vFirst ? forward : back, bForA: vFirst ? back : forward,
        circle: c >= 0 ? circles.circles[c].id : null, isolated: size[comp[v]] === 2,
      });
    }
  }
  return pairs.sort((p, q) => cmp(p.a, q.a) || cmp(p.b, q.b));
}
