/** Small in-memory datasets for the reputation, screening and cluster tests. */
import type { Dataset, Firm } from '../../../src/model/schema.ts';

export function firm(id: string, extra: Partial<Firm> = {}): Firm {
  return { id, name: id, industry: 'C3311', kind: 'enterprise', lgd: 0.45, flags: [], ...extra };
}

export function dataset(parts: Partial<Dataset>, asOf = '2025-12-31'): Dataset {
  return {
    meta: { name: 'test', formatVersion: 1, currency: 'CNY', unit: 10000, asOf },
    firms: [], parks: [], banks: [], loans: [], guarantees: [], supply: [], ownership: [], financials: [],
    ...parts,
  };
}
