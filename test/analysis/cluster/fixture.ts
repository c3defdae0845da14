/** The hand-made region of the cluster tests (also used by the CLI test). */
import type { Dataset, Supply } from '../../../src/model/schema.ts';
import { dataset, firm } from '../reputation/fixture.ts';

/**
 * Hand-made region (employees):  P1 = {a C33 60, b C33 20, c C17 20}   P2 = {d C17 50, e C33 50}
 *                                outside: f C17 100, g C33 (missing = 0)
 * Totals: C33 130, C17 170, all 300.
 * Supply: a→c 10, b→d 30, f→a 5, d→e 15, a→b 40.   Guarantees: d ⇄ e 5 (a circle in P2), f→d 30, g→f 10.
 */
export function region(): Dataset {
  const sup = (supplier_id: string, customer_id: string, value: number): Supply => ({ supplier_id, customer_id, value });
  return dataset({
    parks: [
      { id: 'P1', name: 'P1', kind: 'micro', lead_industries: ['C3311'] },
      { id: 'P2', name: 'P2', kind: 'micro', lead_industries: ['C17'] },
    ],
    firms: [
      firm('a', { park_id: 'P1', industry: 'C3311', employees: 60 }),
      firm('b', { park_id: 'P1', industry: 'C3312', employees: 20 }),
      firm('c', { park_id: 'P1', industry: 'C1751', employees: 20 }),
      firm('d', { park_id: 'P2', industry: 'C1751', employees: 50 }),
      firm('e', { park_id: 'P2', industry: 'C3311', employees: 50 }),
      firm('f', { industry: 'C1711', employees: 100 }),
      firm('g', { industry: 'C3311' }),
    ],
    supply: [sup('a', 'c', 10), sup('b', 'd', 30), sup('f', 'a', 5), sup('d', 'e', 15), sup('a', 'b', 40)],
    guarantees: [
      { id: 'g1', guarantor_id: 'd', borrower_id: 'e', amount: 5 },
      { id: 'g2', guarantor_id: 'e', borrower_id: 'd', amount: 5 },
      { id: 'g3', guarantor_id: 'f', borrower_id: 'd', amount: 30 },
      { id: 'g4', guarantor_id: 'g', borrower_id: 'f', amount: 10 },
    ],
  });
}

