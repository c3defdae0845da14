/**
 * The tables of the dataset contract (docs/dataset-format.md) as data: every
 * column's type, whether it is required, its range and its default. Readers of
 * all formats and validateDataset build and check records from these specs, and
 * the writers take their column order from COLUMNS in src/model/schema.ts.
 */
import {
  BANK_KINDS, COLLATERAL_KINDS, DEFAULT_LGD, FIRM_FLAGS, FIRM_KINDS, LOAN_STATUSES, PARK_KINDS,
  type TableName,
} from '../model/schema.ts';
import type { FieldSpec } from './fields.ts';

/** GB/T 4754: section letter + 2 (division), 3 (group) or 4 (class) digits. */
const INDUSTRY = { re: /^[A-T]\d{2,4}$/, what: 'a GB/T 4754 code like C3311 or C33' } as const;

const id = (name: string, example: string): FieldSpec => ({ name, kind: 'text', required: true, example });
const ref = (name: string, example: string, required = true): FieldSpec => ({ name, kind: 'text', required, example });
const amount = (name: string, required = false): FieldSpec => ({ name, kind: 'number', required, min: 0, example: '1200.5' });
const share = (name: string): FieldSpec => ({ name, kind: 'number', min: 0, max: 1, example: '0.45' });
const date = (name: string): FieldSpec => ({ name, kind: 'date', example: '2025-12-31' });

export const FIELDS: Record<TableName, readonly FieldSpec[]> = {
  parks: [
    id('id', 'P01'),
    { name: 'name', kind: 'text', required: true, example: '瓯海鞋革小微企业园' },
    { name: 'region', kind: 'text', example: '瓯海区' },
    { name: 'kind', kind: 'enum', values: PARK_KINDS, example: 'micro' },
    { name: 'lead_industries', kind: 'list', pattern: INDUSTRY, example: 'C1952;C1910' },
    { name: 'rating', kind: 'number', min: 0, max: 5, example: '4.2' },
    { name: 'capacity', kind: 'int', min: 0, example: '300' },
  ],
  banks: [
    id('id', 'B01'),
    { name: 'name', kind: 'text', required: true, example: '国瑞银行温州分行' },
    { name: 'kind', kind: 'enum', values: BANK_KINDS, example: 'city' },
    { name: 'capital', kind: 'number', required: true, min: 0, minExclusive: true, example: '826714' },
  ],
  firms: [
    id('id', 'F0000001'),
    { name: 'name', kind: 'text', required: true, example: '瓯海东通鞋业有限公司' },
    { name: 'industry', kind: 'text', required: true, pattern: INDUSTRY, example: 'C3311' },
    { name: 'kind', kind: 'enum', values: FIRM_KINDS, example: 'enterprise' },
    ref('park_id', 'P01', false),
    { name: 'region', kind: 'text', example: '瓯海区' },
    { name: 'founded', kind: 'int', example: '2006' },
    { name: 'employees', kind: 'int', min: 0, example: '172' },
    amount('assets'),
    amount('liabilities'),
    { name: 'equity', kind: 'number', example: '-35.2' },
    amount('revenue'),
    share('pd'),
    share('lgd'),
    { name: 'flags', kind: 'list', values: FIRM_FLAGS, example: 'tech;foreign_trade' },
  ],
  loans: [
    id('id', 'L00000001'),
    ref('bank_id', 'B01'),
    ref('borrower_id', 'F0000001'),
    amount('amount'),
    amount('outstanding', true),
    date('start'),
    date('maturity'),
    { name: 'rate', kind: 'number', min: 0, max: 1, example: '0.0385' },
    { name: 'collateral', kind: 'enum', values: COLLATERAL_KINDS, example: 'property' },
    { name: 'renewal', kind: 'bool', example: 'false' },
    { name: 'status', kind: 'enum', values: LOAN_STATUSES, example: 'normal' },
    { name: 'risk_share', kind: 'bool', example: 'false' },
  ],
  guarantees: [
    id('id', 'G00000001'),
    ref('guarantor_id', 'F0000002'),
    ref('borrower_id', 'F0000001'),
    ref('loan_id', 'L00000001', false),
    amount('amount', true),
    { name: 'group', kind: 'text', example: 'J001' },
    date('start'),
    date('end'),
  ],
  supply: [
    ref('supplier_id', 'F0000002'),
    ref('customer_id', 'F0000001'),
    amount('value', true),
    { name: 'since', kind: 'int', example: '2018' },
    { name: 'payment_delay_days', kind: 'number', min: 0, example: '45' },
    { name: 'disputes', kind: 'int', min: 0, example: '0' },
  ],
  ownership: [
    ref('owner_id', 'F0000002'),
    ref('owned_id', 'F0000001'),
    { name: 'share', kind: 'number', required: true, min: 0, minExclusive: true, max: 1, example: '0.51' },
  ],
  financials: [
    ref('firm_id', 'F0000001'),
    { name: 'year', kind: 'int', required: true, example: '2024' },
    amount('revenue'),
    { name: 'ebit', kind: 'number', example: '319.51' },
    amount('interest_expense'),
  ],
};

/** Values the readers fill in when a column is missing or a cell is empty. */
export function applyDefaults(table: TableName, rec: Record<string, unknown>): void {
  if (table === 'firms') {
    if (rec.kind === undefined) rec.kind = 'enterprise';
    if (rec.lgd === undefined) rec.lgd = DEFAULT_LGD;
    if (rec.flags === undefined) rec.flags = [];
    if (rec.equity === undefined && typeof rec.assets === 'number' && typeof rec.liabilities === 'number') {
      rec.equity = rec.assets - rec.liabilities;
    }
  } else if (table === 'parks') {
    if (rec.lead_industries === undefined) rec.lead_industries = [];
  }
}

/** Fields that a complete Dataset always carries (the defaults above), checked by validateDataset. */
export const DEFAULTED: Partial<Record<TableName, readonly string[]>> = {
  firms: ['kind', 'lgd', 'flags'],
  parks: ['lead_industries'],
};

/** A rule about one record that involves two of its fields; `field` is where it is reported. */
export interface RecordRule {
  readonly field: string;
  /** A message when the record breaks the rule, else undefined. */
  check(rec: Record<string, unknown>): string | undefined;
}

export const RECORD_RULES: Partial<Record<TableName, readonly RecordRule[]>> = {
  loans: [
    {
      field: 'outstanding',
      check: (r) => typeof r.amount === 'number' && (r.outstanding as number) > r.amount
        ? `expected outstanding ≤ amount (${r.amount}), got ${r.outstanding}` : undefined,
    },
    {
      field: 'maturity',
      check: (r) => r.start !== undefined && r.maturity !== undefined && (r.maturity as string) < (r.start as string)
        ? `expected maturity on or after start (${r.start}), got ${r.maturity}` : undefined,
    },
  ],
  guarantees: [
    {
      field: 'borrower_id',
      check: (r) => r.guarantor_id === r.borrower_id
        ? `self-guarantee: guarantor and borrower are both '${r.borrower_id}'` : undefined,
    },
    {
      field: 'end',
      check: (r) => r.start !== undefined && r.end !== undefined && (r.end as string) < (r.start as string)
        ? `expected end on or after start (${r.start}), got ${r.end}` : undefined,
    },
  ],
  supply: [
    {
      field: 'customer_id',
      check: (r) => r.supplier_id === r.customer_id
        ? `self-supply: supplier and customer are both '${r.customer_id}'` : undefined,
    },
  ],
};
