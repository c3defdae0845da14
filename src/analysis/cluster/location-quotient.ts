/**
 * Location quotient of industry i in park r (Delgado, Porter & Stern 2014, "Defining
 * clusters of related industries", J. Econ. Geogr. 16(1); the classic regional-science
 * measure of Isard 1960):
 *   LQ(i, r) = (x_ir / x_r) / (x_iN / x_N)
 * x = employees (default) or revenue; i = GB/T division; N = all firms of the dataset,
 * in or outside parks. LQ > 1: the park is more specialized in i than the whole region.
 * A missing x counts as 0 (the firm adds nothing to either share).
 */
import type { Snapshot } from '../../engine/index.ts';
import { firmDivisions } from './divisions.ts';

export interface LocationQuotientOptions {
  measure: 'employees' | 'revenue';
}

export const LQ_DEFAULTS: Readonly<LocationQuotientOptions> = Object.freeze({ measure: 'employees' });

export interface LocationQuotients {
  divisions: string[];
  parks: string[];
  /** LQ per park × division, row-major [park · D + division]; NaN when the park has x_r = 0. */
  lq: Float64Array;
  /** x_ir, same layout. */
  x: Float64Array;
  /** x_iN per division. */
  total: Float64Array;
  options: LocationQuotientOptions;
  /** LQ of a division code in a park id (NaN when unknown). */
  get(park: string, division: string): number;
}

export function locationQuotients(
  s: Snapshot, options: Partial<LocationQuotientOptions> = {}, membership: Int32Array = s.park, extra?: { park: number; division: number; x: number },
): LocationQuotients {
  const opts: LocationQuotientOptions = { ...LQ_DEFAULTS, ...options };
  const div = firmDivisions(s);
  const D = div.codes.length, P = s.nParks, base = s.nFirms + s.nBanks;
  const values = opts.measure === 'employees' ? s.employees : s.revenue;
  const x = new Float64Array(P * D), total = new Float64Array(D), parkTotal = new Float64Array(P);
  let all = 0;
  const add = (park: number, d: number, v: number) => {
    total[d] += v;
    all += v;
    if (park >= 0) {
      x[(park - base) * D + d] += v;
      parkTotal[park - base] += v;
    }
  };
  for (let f = 0; f < s.nFirms; f++) {
    const v = values[f];
    if (v > 0) add(membership[f], div.ofFirm[f], v);
  }
  // A hypothetical candidate (park-fit what-if) joins the region and the park.
  if (extra && extra.x > 0) add(extra.park, extra.division, extra.x);
  const lq = new Float64Array(P * D);
  for (let p = 0; p < P; p++) {
    for (let d = 0; d < D; d++) {
      lq[p * D + d] = parkTotal[p] > 0 && total[d] > 0 ? (x[p * D + d] / parkTotal[p]) / (total[d] / all) : parkTotal[p] > 0 ? 0 : NaN;
    }
  }
  const parks = Array.from({ length: P }, (_, p) => s.ids[base + p]);
  const parkIndex = new Map(parks.map((id, p) => [id, p]));
  return {
    divisions: div.codes, parks, lq, x, total, options: opts,
    get: (park, division) => {
      const p = parkIndex.get(park), d = div.indexOf.get(division);
      return p === undefined || d === undefined ? NaN : lq[p * D + d];
    },
  };
}
