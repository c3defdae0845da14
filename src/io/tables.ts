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
const nodeId = (name: string, example: string): FieldSpec => ({ name, kind: 'text', required: true, example, nodeId: 'declares' });
const ref = (name: string, example: string, required = true): FieldSpec => ({ name, kind: 'text', required, example, nodeId: 'references' });
const amount = (name: string, required = false): FieldSpec => ({ name, kind: 'number', required, min: 0, example: '1200.5' });
const share = (name: string): FieldSpec => ({ name, kind: 'number', min: 0, max: 1, example: '0.45' });
const date = (name: string): FieldSpec => ({ name, kind: 'date', example: '2025-12-31' });

export const FIELDS: Record<TableName, readonly FieldSpec[]> = {
  parks: [
    nodeId('id', 'P01'),
    { name: 'name', kind: 'text', required: true, example: '瓯海鞋革小微企业园' },
    { name: 'region', kind: 'text', example: '瓯海区' },
    { name: 'kind', kind: 'enum', values: PARK_KINDS, example: 'micro' },
    { name: 'lead_industries', kind: 'list', pattern: INDUSTRY, example: 'C1952;C1910' },
    { name: 'rating', kind: 'number', min: 0, max: 5, example: '4.2' },
    { name: 'capacity', kind: 'int', min: 0, example: '300' },
  ],
  banks: [
    nodeId('id', 'B01'),
    { name: 'name', kind: 'text', required: true, example: '国瑞银行温州分行' },
    { name: 'kind', kind: 'enum', values: BANK_KINDS, example: 'city' },
    { name: 'capital', kind: 'number', required: true, min: 0, minExclusive: true, example: '826714' },
  ],
  firms: [
    nodeId('id', 'F0000001'),
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
    { name: 'loan_id', kind: 'text', example: 'L00000001' },
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

type Values = readonly unknown[];
/**
 * Record factories, one per table, with the fields in FIELDS order. Every field is
 * present (undefined when missing) so that all records of a table share one
 * object shape: V8 then keeps their properties in-object, which for a 1M-firm
 * dataset saves both memory and garbage-collection time over adding properties
 * one by one. (test/io/tables.test.ts checks the order against FIELDS.)
 */
export const MAKE_RECORD: Record<TableName, (v: Values) => Record<string, unknown>> = {
  parks: (v) => ({ id: v[0], name: v[1], region: v[2], kind: v[3], lead_industries: v[4], rating: v[5], capacity: v[6] }),
  banks: (v) => ({ id: v[0], name: v[1], kind: v[2], capital: v[3] }),
  firms: (v) => ({
    id: v[0], name: v[1], industry: v[2], kind: v[3], park_id: v[4], region: v[5], founded: v[6], employees: v[7],
    assets: v[8], liabilities: v[9], equity: v[10], revenue: v[11], pd: v[12], lgd: v[13], flags: v[14],
  }),
  loans: (v) => ({
    id: v[0], bank_id: v[1], borrower_id: v[2], amount: v[3], outstanding: v[4], start: v[5], maturity: v[6],
    rate: v[7], collateral: v[8], renewal: v[9], status: v[10], risk_share: v[11],
  }),
  guarantees: (v) => ({ id: v[0], guarantor_id: v[1], borrower_id: v[2], loan_id: v[3], amount: v[4], group: v[5], start: v[6], end: v[7] }),
  supply: (v) => ({ supplier_id: v[0], customer_id: v[1], value: v[2], since: v[3], payment_delay_days: v[4], disputes: v[5] }),
  ownership: (v) => ({ owner_id: v[0], owned_id: v[1], share: v[2] }),
  financials: (v) => ({ firm_id: v[0], year: v[1], revenue: v[2], ebit: v[3], interest_expense: v[4] }),
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

/** The rows of one table as plain records (field name → value), for code that walks FIELDS. */
export function tableRows(ds: { [K in TableName]: readonly object[] }, table: TableName): readonly Record<string, unknown>[] {
  return ds[table] as unknown as readonly Record<string, unknown>[];
}
