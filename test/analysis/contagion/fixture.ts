/**
 * A small hand-built cluster whose every exposure is worked out in exposures.test.ts.
 *   firms  F1 (equity 100, lgd 0.5, park P1), F2 (equity 50, lgd 0.45, P1), F3 (equity 20, P2),
 *          F4 (no equity → capital 0), G (guarantee company, equity 1000)
 *   banks  B1 (capital 1000), B2 (capital 500)
 *   loans  L1 B1→F1 200; L2 B1→F2 100 risk_share; L3 B2→F3 80 npl; L4 B2→F1 50
 *   guar.  g1 F2 guarantees F1 60 on L1; J1/J2 F1 and F3 guarantee F2 40 each on L2 (联保 group J);
 *          g3 F3 guarantees F1 30 (no loan)
 *   supply F3 → F1 100; F4 → F2 40
 */
import type { Dataset } from '../../../src/model/schema.ts';

export function handCluster(): Dataset {
  return {
    meta: { name: 'hand', formatVersion: 1, currency: 'CNY', unit: 10000 },
    parks: [
      { id: 'P1', name: 'Park one', lead_industries: [] },
      { id: 'P2', name: 'Park two', lead_industries: [] },
    ],
    banks: [
      { id: 'B1', name: 'Bank one', capital: 1000 },
      { id: 'B2', name: 'Bank two', capital: 500 },
    ],
    firms: [
      { id: 'F1', name: 'Firm one', industry: 'C3311', kind: 'enterprise', park_id: 'P1', equity: 100, lgd: 0.5, flags: [] },
      { id: 'F2', name: 'Firm two', industry: 'C3312', kind: 'enterprise', park_id: 'P1', equity: 50, lgd: 0.45, flags: [] },
      { id: 'F3', name: 'Firm three', industry: 'C1711', kind: 'enterprise', park_id: 'P2', equity: 20, lgd: 0.45, flags: [] },
      { id: 'F4', name: 'Firm four', industry: 'C1712', kind: 'enterprise', lgd: 0.45, flags: [] },
      { id: 'G', name: 'Guarantee co', industry: 'L7296', kind: 'guarantor', equity: 1000, lgd: 0.45, flags: [] },
    ],
    loans: [
      { id: 'L1', bank_id: 'B1', borrower_id: 'F1', outstanding: 200 },
      { id: 'L2', bank_id: 'B1', borrower_id: 'F2', outstanding: 100, risk_share: true },
      { id: 'L3', bank_id: 'B2', borrower_id: 'F3', outstanding: 80, status: 'npl' },
      { id: 'L4', bank_id: 'B2', borrower_id: 'F1', outstanding: 50 },
    ],
    guarantees: [
      { id: 'g1', guarantor_id: 'F2', borrower_id: 'F1', loan_id: 'L1', amount: 60 },
      { id: 'J1', guarantor_id: 'F1', borrower_id: 'F2', loan_id: 'L2', amount: 40, group: 'J' },
      { id: 'J2', guarantor_id: 'F3', borrower_id: 'F2', loan_id: 'L2', amount: 40, group: 'J' },
      { id: 'g3', guarantor_id: 'F3', borrower_id: 'F1', amount: 30 },
    ],
    supply: [
      { supplier_id: 'F3', customer_id: 'F1', value: 100 },
      { supplier_id: 'F4', customer_id: 'F2', value: 40 },
    ],
    ownership: [],
    financials: [],
  };
}
