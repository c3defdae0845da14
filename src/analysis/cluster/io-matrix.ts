/**
 * Industry × industry flow matrix from the observed supply edges (an input–output
 * table in the sense of Leontief 1936, built bottom-up from firm trade instead of
 * national accounts):
 *   F[a][b] = Σ value of supply rows with supplier in division a and customer in b
 *   input share  A[a][b] = F[a][b] / Σ_a' F[a'][b]   (share of b's purchases bought from a;
 *                                                    Leontief's technical coefficient on trade)
 *   output share B[a][b] = F[a][b] / Σ_b' F[a][b']   (share of a's sales that go to b)
 */
import type { Snapshot } from '../../engine/index.ts';
import { firmDivisions } from './divisions.ts';

export interface IoMatrix {
  divisions: string[];
  /** F, row-major [a · D + b]. */
  flow: Float64Array;
  inputShare: Float64Array;
  outputShare: Float64Array;
  /** Σ_b F[a][b] (sales) and Σ_a F[a][b] (purchases) per division. */
  sales: Float64Array;
  purchases: Float64Array;
}

export function ioMatrix(s: Snapshot): IoMatrix {
  const div = firmDivisions(s);
  const D = div.codes.length;
  const flow = new Float64Array(D * D), sales = new Float64Array(D), purchases = new Float64Array(D);
  const { src, dst, weight } = s.supply;
  for (let e = 0; e < s.supply.m; e++) {
    const a = div.ofFirm[src[e]], b = div.ofFirm[dst[e]], w = weight[e];
    flow[a * D + b] += w;
    sales[a] += w;
    purchases[b] += w;
  }
  const inputShare = new Float64Array(D * D), outputShare = new Float64Array(D * D);
  for (let a = 0; a < D; a++) {
    for (let b = 0; b < D; b++) {
      const f = flow[a * D + b];
      inputShare[a * D + b] = purchases[b] > 0 ? f / purchases[b] : 0;
      outputShare[a * D + b] = sales[a] > 0 ? f / sales[a] : 0;
    }
  }
  return { divisions: div.codes, flow, inputShare, outputShare, sales, purchases };
}
