/**
 * GB/T 4754 divisions (门类字母 + 2 digits, e.g. C33) of the Snapshot's firms, indexed
 * once: the cluster measures all work on divisions, where the supply data is dense
 * enough to show structure (4-digit classes split a park into singletons).
 */
import { industryDivision } from '../../model/schema.ts';
import type { Snapshot } from '../../engine/index.ts';

export interface Divisions {
  /** Division codes, sorted. */
  codes: string[];
  /** Firm → index into codes. Length nFirms. */
  ofFirm: Int32Array;
  indexOf: Map<string, number>;
}

const cache = new WeakMap<Snapshot, Divisions>();

export function firmDivisions(s: Snapshot): Divisions {
  let d = cache.get(s);
  if (d) return d;
  const codes = [...new Set(s.industries.map(industryDivision))].sort();
  const indexOf = new Map(codes.map((c, i) => [c, i]));
  const byIndustry = Int32Array.from(s.industries, (code) => indexOf.get(industryDivision(code))!);
  const ofFirm = new Int32Array(s.nFirms);
  for (let f = 0; f < s.nFirms; f++) ofFirm[f] = byIndustry[s.industry[f]];
  d = { codes, ofFirm, indexOf };
  cache.set(s, d);
  return d;
}
