/**
 * The dataset contract (../shared/docs/DATA_FORMAT.md, mirrored in docs/dataset-format.md).
 *
 * Field names are the CSV column names (snake_case) so that the CSV folder, the
 * single-file JSON form and these types are the same thing. The readers in src/io
 * apply every documented default (kind, lgd, equity, unit), so a Dataset that
 * leaves io/ is complete, validated and immutable by convention.
 */

/** Ids of firms, parks and banks share one namespace. */
export type FirmId = string;
export type BankId = string;
export type ParkId = string;
export type LoanId = string;
export type GuaranteeId = string;
/** ISO date `YYYY-MM-DD`. */
export type IsoDate = string;
/** Amount in the dataset's unit (`meta.unit` currency units, 10000 = 万元). */
export type Amount = number;
/** A share or probability in [0, 1]. */
export type Share = number;

/** Unknown columns are kept verbatim, keyed by their header. */
export type Extra = Record<string, string>;

export interface DatasetMeta {
  name: string;
  formatVersion: 1;
  /** ISO 4217 code, default "CNY". */
  currency: string;
  /** Currency units per amount unit, > 0, default 1. */
  unit: number;
  asOf?: IsoDate;
  description?: string;
  generator?: { seed?: number; [key: string]: unknown };
  [key: string]: unknown;
}

export const FIRM_KINDS = ['enterprise', 'guarantor'] as const;
export type FirmKind = (typeof FIRM_KINDS)[number];
export const FIRM_FLAGS = ['dishonest', 'tech', 'foreign_trade', 'state_owned'] as const;
export type FirmFlag = (typeof FIRM_FLAGS)[number];

export interface Firm {
  id: FirmId;
  name: string;
  /** GB/T 4754 code: section letter + 2 (division), 3 (group) or 4 (class) digits, e.g. C3311. */
  industry: string;
  kind: FirmKind;
  park_id?: ParkId;
  region?: string;
  founded?: number;
  employees?: number;
  assets?: Amount;
  liabilities?: Amount;
  /** May be negative; when missing and assets and liabilities are given: assets − liabilities. */
  equity?: Amount;
  revenue?: Amount;
  pd?: Share;
  /** Loss given default, default 0.45. */
  lgd: Share;
  flags: FirmFlag[];
  extra?: Extra;
}

export const PARK_KINDS = ['micro', 'industrial', 'tech', 'other'] as const;
export type ParkKind = (typeof PARK_KINDS)[number];

export interface Park {
  id: ParkId;
  name: string;
  region?: string;
  kind?: ParkKind;
  lead_industries: string[];
  /** 0–5. */
  rating?: number;
  capacity?: number;
  extra?: Extra;
}

export const BANK_KINDS = ['state', 'joint_stock', 'city', 'rural', 'village', 'other'] as const;
export type BankKind = (typeof BANK_KINDS)[number];

export interface Bank {
  id: BankId;
  name: string;
  kind?: BankKind;
  /** Tier-1 capital, > 0. */
  capital: Amount;
  extra?: Extra;
}

export const COLLATERAL_KINDS = ['none', 'property', 'equipment', 'receivables', 'ip', 'other'] as const;
export type CollateralKind = (typeof COLLATERAL_KINDS)[number];
export const LOAN_STATUSES = ['normal', 'special_mention', 'npl'] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

export interface Loan {
  id: LoanId;
  bank_id: BankId;
  borrower_id: FirmId;
  amount?: Amount;
  outstanding: Amount;
  start?: IsoDate;
  maturity?: IsoDate;
  rate?: number;
  collateral?: CollateralKind;
  renewal?: boolean;
  status?: LoanStatus;
  /** Covered by the guarantee-company / compensation-pool scheme. */
  risk_share?: boolean;
  extra?: Extra;
}

export interface Guarantee {
  id: GuaranteeId;
  guarantor_id: FirmId;
  borrower_id: FirmId;
  loan_id?: LoanId;
  amount: Amount;
  /** Rows with the same group guarantee the same loan jointly (联保). */
  group?: string;
  start?: IsoDate;
  end?: IsoDate;
  extra?: Extra;
}

export interface Supply {
  supplier_id: FirmId;
  customer_id: FirmId;
  /** Annual trade value ≥ 0. */
  value: Amount;
  since?: number;
  payment_delay_days?: number;
  disputes?: number;
  extra?: Extra;
}

export interface Ownership {
  /** A firm or a bank. */
  owner_id: FirmId | BankId;
  owned_id: FirmId;
  /** (0, 1]. */
  share: Share;
  extra?: Extra;
}

export interface Financials {
  firm_id: FirmId;
  year: number;
  revenue?: Amount;
  ebit?: Amount;
  interest_expense?: Amount;
  extra?: Extra;
}

export interface Dataset {
  meta: DatasetMeta;
  firms: Firm[];
  parks: Park[];
  banks: Bank[];
  loans: Loan[];
  guarantees: Guarantee[];
  supply: Supply[];
  ownership: Ownership[];
  financials: Financials[];
}

/** The record collections of a Dataset, in the order files are read and written. */
export const TABLES = ['parks', 'banks', 'firms', 'loans', 'guarantees', 'supply', 'ownership', 'financials'] as const;
export type TableName = (typeof TABLES)[number];
export const REQUIRED_TABLES: readonly TableName[] = ['firms', 'banks', 'loans', 'guarantees'];

/** CSV column order used when writing (readers accept any order). */
export const COLUMNS: Record<TableName, readonly string[]> = {
  parks: ['id', 'name', 'region', 'kind', 'lead_industries', 'rating', 'capacity'],
  banks: ['id', 'name', 'kind', 'capital'],
  firms: ['id', 'name', 'industry', 'kind', 'park_id', 'region', 'founded', 'employees', 'assets', 'liabilities', 'equity', 'revenue', 'pd', 'lgd', 'flags'],
  loans: ['id', 'bank_id', 'borrower_id', 'amount', 'outstanding', 'start', 'maturity', 'rate', 'collateral', 'renewal', 'status', 'risk_share'],
  guarantees: ['id', 'guarantor_id', 'borrower_id', 'loan_id', 'amount', 'group', 'start', 'end'],
  supply: ['supplier_id', 'customer_id', 'value', 'since', 'payment_delay_days', 'disputes'],
  ownership: ['owner_id', 'owned_id', 'share'],
  financials: ['firm_id', 'year', 'revenue', 'ebit', 'interest_expense'],
};

export const DEFAULT_LGD = 0.45;

/** GB/T 4754 division of an industry code: `C3311` → `C33`. */
export function industryDivision(code: string): string {
  return code.slice(0, 3);
}
