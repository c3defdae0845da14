/**
 * A hand-built dataset small enough to check every API number by hand. Names carry
 * markup (`<script>`, `&`) so tests can check nothing is rendered as HTML.
 *
 *   banks  B1 工商银行 (capital 1000), B2 农商行 (500)
 *   park   P1 东园 <b>&</b> (micro): F1, F2
 *   firms  F1 甲<script> (C3311, equity 100, tech), F2 乙 (C3312), F3 丙 (C2231, no park),
 *          GC 担保公司 (guarantee company, no park)
 *   loans  L1 B1→F1 80 · L2 B2→F1 20 · L3 B1→F2 50 · L4 B2→F3 30          total 180
 *   guar.  G1 F2→F1 40 · G2 F1→F2 30 · G3 F3→F1 10 · G4 GC→F3 30          total 110
 *          F1 ⇄ F2 is a mutual guarantee: the only circle, size 2
 *   supply F3→F1 200 (since 2015) · F1→F2 120 (delay 30 days, 1 dispute)  total 320
 *   owner  F1 owns 40 % of F3 · B1 owns 10 % of F1
 *   fin.   F1 2024, 2022, 2023 (unsorted on purpose)
 */
import type { Dataset } from '../../src/model/schema.ts';

export function tinyDataset(): Dataset {
  return {
    meta: { name: 'tiny', formatVersion: 1, currency: 'CNY', unit: 10000, asOf: '2025-12-31' },
    parks: [{ id: 'P1', name: '东园 <b>&</b>', kind: 'micro', lead_industries: ['C33'] }],
    banks: [
      { id: 'B1', name: '工商银行', kind: 'state', capital: 1000 },
      { id: 'B2', name: '农商行', kind: 'rural', capital: 500 },
    ],
    firms: [
      { id: 'F1', name: '甲<script>alert(1)</script>', industry: 'C3311', kind: 'enterprise', park_id: 'P1', equity: 100, lgd: 0.45, flags: ['tech'] },
      { id: 'F2', name: '乙', industry: 'C3312', kind: 'enterprise', park_id: 'P1', employees: 12, lgd: 0.45, flags: [] },
      { id: 'F3', name: '丙', industry: 'C2231', kind: 'enterprise', employees: 5, lgd: 0.45, flags: [] },
      { id: 'GC', name: '担保公司', industry: 'L7296', kind: 'guarantor', lgd: 0.45, flags: [] },
    ],
    loans: [
      { id: 'L1', bank_id: 'B1', borrower_id: 'F1', amount: 100, outstanding: 80, status: 'normal' },
      { id: 'L2', bank_id: 'B2', borrower_id: 'F1', outstanding: 20, status: 'normal', risk_share: true },
      { id: 'L3', bank_id: 'B1', borrower_id: 'F2', outstanding: 50, status: 'special_mention' },
      { id: 'L4', bank_id: 'B2', borrower_id: 'F3', outstanding: 30 },
    ],
    guarantees: [
      { id: 'G1', guarantor_id: 'F2', borrower_id: 'F1', loan_id: 'L1', amount: 40 },
      { id: 'G2', guarantor_id: 'F1', borrower_id: 'F2', loan_id: 'L3', amount: 30 },
      { id: 'G3', guarantor_id: 'F3', borrower_id: 'F1', amount: 10 },
      { id: 'G4', guarantor_id: 'GC', borrower_id: 'F3', loan_id: 'L4', amount: 30 },
    ],
    supply: [
      { supplier_id: 'F3', customer_id: 'F1', value: 200, since: 2015 },
      { supplier_id: 'F1', customer_id: 'F2', value: 120, payment_delay_days: 30, disputes: 1 },
    ],
    ownership: [
      { owner_id: 'F1', owned_id: 'F3', share: 0.4 },
      { owner_id: 'B1', owned_id: 'F1', share: 0.1 },
    ],
    financials: [
      { firm_id: 'F1', year: 2024, revenue: 300, ebit: 20, interest_expense: 5 },
      { firm_id: 'F1', year: 2022, revenue: 250, ebit: 15, interest_expense: 6 },
      { firm_id: 'F1', year: 2023, revenue: 280, ebit: 18, interest_expense: 5 },
    ],
  };
}
