/**
 * The five guarantee patterns of the guarantee-network literature (chain, mutual,
 * circle, cross 一保多, focus 多保一), counted on distinct guarantor/borrower
 * pairs (several rows between the same pair are one tie). For firm v with
 * guarantors In(v), borrowers Out(v) and mutual partners M(v) = In(v) ∩ Out(v):
 *   chain(v) = |In(v)|·|Out(v)| − |M(v)|   (2-paths u → v → w with u ≠ w, v in the middle)
 *   mutual(v) = |M(v)|;  cross(v) = |Out(v)| if ≥ 2 else 0;  focus(v) = |In(v)| if ≥ 2 else 0
 *   circle(v) = 1 if v is in a circle of ≥ 3 firms (a pair alone is the mutual pattern)
 * Per circle the same counts use only ties inside the circle. O(n + m).
 */
import type { Snapshot } from '../../engine/index.ts';
import { guaranteeCircles, type GuaranteeCircles } from './circles.ts';

export const PATTERN_NAMES = ['chain', 'mutual', 'circle', 'cross', 'focus'] as const;
export type PatternName = (typeof PATTERN_NAMES)[number];

export interface CirclePatterns {
  circle: string;
  /** 2-paths u → v → w (u ≠ w) with all three in the circle. */
  chain: number;
  /** Mutual pairs inside the circle. */
  mutual: number;
  /** Members with ≥ 2 distinct borrowers inside the circle. */
  cross: number;
  /** Members with ≥ 2 distinct guarantors inside the circle. */
  focus: number;
}

export interface GuaranteePatterns {
  /** Per firm, length nFirms, definitions in the header. */
  chain: Int32Array;
  mutual: Int32Array;
  circle: Uint8Array;
  cross: Int32Array;
  focus: Int32Array;
  /** Number of firms with a non-zero count, per pattern. */
  firms: Record<PatternName, number>;
  circles: CirclePatterns[];
}

export function guaranteePatterns(s: Snapshot, circles: GuaranteeCircles = guaranteeCircles(s)): GuaranteePatterns {
  const nFirms = s.nFirms;
  const { out } = s.guarantee;
  const inn = s.guarantee.in;
  const { circleOf } = circles;
  const chain = new Int32Array(nFirms), mutual = new Int32Array(nFirms), circle = new Uint8Array(nFirms);
  const cross = new Int32Array(nFirms), focus = new Int32Array(nFirms);
  const per: CirclePatterns[] = circles.circles.map((c) => ({ circle: c.id, chain: 0, mutual: 0, cross: 0, focus: 0 }));
  // Stamps v + 1 mark "x is a guarantor of v" / "x was already counted as a borrower of v".
  const inMark = new Int32Array(s.n);
  const outMark = new Int32Array(s.n);
  for (let v = 0; v < nFirms; v++) {
    const k = circleOf[v];
    let nIn = 0, nInC = 0;
    for (let p = inn.offsets[v]; p < inn.offsets[v + 1]; p++) {
      const x = inn.nbr[p];
      if (inMark[x] === v + 1) continue;
      inMark[x] = v + 1;
      nIn++;
      if (k >= 0 && circleOf[x] === k) nInC++;
    }
    let nOut = 0, nOutC = 0, nMutual = 0, nMutualC = 0;
    for (let p = out.offsets[v]; p < out.offsets[v + 1]; p++) {
      const x = out.nbr[p];
      if (outMark[x] === v + 1) continue;
      outMark[x] = v + 1;
      nOut++;
      const inside = k >= 0 && circleOf[x] === k;
      if (inside) nOutC++;
      if (inMark[x] === v + 1) {
        nMutual++;
        if (inside) nMutualC++;
      }
    }
    chain[v] = nIn * nOut - nMutual;
    mutual[v] = nMutual;
    cross[v] = nOut >= 2 ? nOut : 0;
    focus[v] = nIn >= 2 ? nIn : 0;
    if (k >= 0) {
      if (circles.circles[k].size >= 3) circle[v] = 1;
      const c = per[k];
      c.chain += nInC * nOutC - nMutualC;
      c.mutual += nMutualC; // each pair seen from both ends, halved below
      if (nOutC >= 2) c.cross++;
      if (nInC >= 2) c.focus++;
    }
  }
  for (const c of per) c.mutual /= 2;
  const nonZero = (a: ArrayLike<number>) => { let z = 0; for (let i = 0; i < a.length; i++) if (a[i] !== 0) z++; return z; };
  return {
    chain, mutual, circle, cross, focus,
    firms: { chain: nonZero(chain), mutual: nonZero(mutual), circle: nonZero(circle), cross: nonZero(cross), focus: nonZero(focus) },
    circles: per,
  };
}
