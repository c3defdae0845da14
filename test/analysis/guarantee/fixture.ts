/** Small hand-made datasets for the guarantee and metrics tests (built in memory, no I/O). */
import type { Bank, Dataset, Firm, Guarantee, Loan, Park } from '../../../src/model/schema.ts';

export function firm(id: string, extra: Partial<Firm> = {}): Firm {
  return { id, name: id, industry: 'C3311', kind: 'enterprise', lgd: 0.45, flags: [], ...extra };
}

export function dataset(parts: Partial<Dataset>): Dataset {
  return {
    meta: { name: 'test', formatVersion: 1, currency: 'CNY', unit: 10000 },
    firms: [], parks: [], banks: [], loans: [], guarantees: [], supply: [], ownership: [], financials: [],
    ...parts,
  };
}

/** Guarantee rows from [guarantor, borrower, amount] triples, ids g1, g2, … */
export function guarantees(rows: [string, string, number][]): Guarantee[] {
  return rows.map(([guarantor_id, borrower_id, amount], i) => ({ id: `g${i + 1}`, guarantor_id, borrower_id, amount }));
}

/**
 * The worked example of docs/guarantee-structure.md:
 *   circle A → B → C → A (A → B twice), mutual pair D ⇄ E, C → D, chain F → G → H, F → A.
 */
export function workedExample(): Dataset {
  const parks: Park[] = [
    { id: 'P1', name: 'Park one', kind: 'micro', lead_industries: ['C33'] },
    { id: 'P2', name: 'Park two', lead_industries: [] },
  ];
  const firms: Firm[] = [
    firm('A', { park_id: 'P1', employees: 10 }), firm('B', { park_id: 'P1', employees: 20 }),
    firm('C', { park_id: 'P2', employees: 5 }), firm('D', { park_id: 'P2' }), firm('E'),
    firm('F', { kind: 'guarantor' }), firm('G'), firm('H', { employees: 7 }),
  ];
  const banks: Bank[] = [
    { id: 'K1', name: 'Bank one', kind: 'city', capital: 1000 },
    { id: 'K2', name: 'Bank two', capital: 500 },
  ];
  const loans: Loan[] = [
    { id: 'L1', bank_id: 'K1', borrower_id: 'A', outstanding: 100, status: 'normal', risk_share: true },
    { id: 'L2', bank_id: 'K1', borrower_id: 'B', outstanding: 50, status: 'npl' },
    { id: 'L3', bank_id: 'K2', borrower_id: 'D', outstanding: 30 },
    { id: 'L4', bank_id: 'K2', borrower_id: 'H', outstanding: 20, status: 'special_mention', risk_share: false },
  ];
  const g = guarantees([
    ['A', 'B', 10], ['A', 'B', 5], ['B', 'C', 20], ['C', 'A', 30],
    ['D', 'E', 8], ['E', 'D', 9], ['C', 'D', 4],
    ['F', 'G', 6], ['G', 'H', 7], ['F', 'A', 11],
  ]);
  return dataset({ parks, firms, banks, loans, guarantees: g });
}
