/**
 * Cross-record rules of the dataset contract (docs/dataset-format.md,
 * "Clarifications"): one id namespace for firms, banks and parks; unique loan and
 * guarantee ids and (firm, year) financials; every reference resolves to a record
 * of the right kind; guarantee amount ≤ its loan's amount and borrower = the
 * loan's borrower; rows of one joint group (联保) name one loan; ownership shares
 * into one firm sum to ≤ 1 + 1e-9. One pass per table with hash maps, O(rows).
 */
import type { Dataset, TableName } from '../model/schema.ts';
import type { DataIssue } from './errors.ts';
import type { IssueList } from './issues.ts';

/** Where record `row` of `table` lives, as an issue without its message. */
export type Locate = (table: TableName, row: number, field: string) => Omit<DataIssue, 'message'>;

const FIRM = 0, BANK = 1, PARK = 2;
const KIND_NAME = ['firm', 'bank', 'park'] as const;
const KIND_TABLE: readonly TableName[] = ['firms', 'banks', 'parks'];
/** Tolerance of the ownership-share sum (DATA_FORMAT.md: "≤ 1 within 1e-9"). */
export const SHARE_SUM_TOLERANCE = 1e-9;

export function checkReferences(ds: Dataset, locate: Locate, out: IssueList): void {
  const report = (table: TableName, row: number, field: string, message: string) => {
    out.add({ ...locate(table, row, field), message });
  };
  const where = (table: TableName, row: number): string => {
    const l = locate(table, row, 'id');
    return l.line !== undefined ? `${l.file} line ${l.line}` : `${table}[${row}]`;
  };

  // Node namespace: value = row * 4 + kind, so one Map serves firms, banks and parks.
  const nodes = new Map<string, number>();
  const addNodes = (table: TableName, kind: number, records: readonly { id: string }[]) => {
    for (let i = 0; i < records.length; i++) {
      const key = records[i]!.id;
      const prev = nodes.get(key);
      if (prev !== undefined) {
        const pk = prev % 4, prow = (prev - pk) / 4;
        report(table, i, 'id', `duplicate id '${key}': already used by a ${KIND_NAME[pk]} (${where(KIND_TABLE[pk]!, prow)}); firms, banks and parks share one id namespace`);
      } else nodes.set(key, i * 4 + kind);
    }
  };
  addNodes('parks', PARK, ds.parks);
  addNodes('banks', BANK, ds.banks);
  addNodes('firms', FIRM, ds.firms);
  const kindOf = (key: string): number => {
    const v = nodes.get(key);
    return v === undefined ? -1 : v % 4;
  };
  const expectKind = (table: TableName, row: number, field: string, key: string, kind: number, alt = -1) => {
    const k = kindOf(key);
    if (k === kind || (alt >= 0 && k === alt)) return;
    const wanted = alt >= 0 ? `a ${KIND_NAME[kind]} or ${KIND_NAME[alt]}` : `a ${KIND_NAME[kind]}`;
    const got = k < 0 ? 'no record has this id' : `it is a ${KIND_NAME[k]}`;
    report(table, row, field, `expected the id of ${wanted}, got '${key}' (${got})`);
  };

  for (let i = 0; i < ds.firms.length; i++) {
    const park = ds.firms[i]!.park_id;
    if (park !== undefined) expectKind('firms', i, 'park_id', park, PARK);
  }

  const loanRow = new Map<string, number>();
  for (let i = 0; i < ds.loans.length; i++) {
    const l = ds.loans[i]!;
    const prev = loanRow.get(l.id);
    if (prev !== undefined) report('loans', i, 'id', `duplicate loan id '${l.id}' (first at ${where('loans', prev)})`);
    else loanRow.set(l.id, i);
    expectKind('loans', i, 'bank_id', l.bank_id, BANK);
    expectKind('loans', i, 'borrower_id', l.borrower_id, FIRM);
  }

  const guaranteeRow = new Map<string, number>();
  const groupLoan = new Map<string, { loan: string | undefined; row: number }>();
  for (let i = 0; i < ds.guarantees.length; i++) {
    const g = ds.guarantees[i]!;
    const prev = guaranteeRow.get(g.id);
    if (prev !== undefined) report('guarantees', i, 'id', `duplicate guarantee id '${g.id}' (first at ${where('guarantees', prev)})`);
    else guaranteeRow.set(g.id, i);
    expectKind('guarantees', i, 'guarantor_id', g.guarantor_id, FIRM);
    expectKind('guarantees', i, 'borrower_id', g.borrower_id, FIRM);
    if (g.loan_id !== undefined) {
      const li = loanRow.get(g.loan_id);
      if (li === undefined) {
        report('guarantees', i, 'loan_id', `expected the id of a loan in loans, got '${g.loan_id}' (no loan has this id)`);
      } else {
        const loan = ds.loans[li]!;
        if (loan.borrower_id !== g.borrower_id) {
          report('guarantees', i, 'borrower_id', `expected the borrower of loan '${g.loan_id}' ('${loan.borrower_id}'), got '${g.borrower_id}'`);
        }
        if (loan.amount !== undefined && g.amount > loan.amount) {
          report('guarantees', i, 'amount', `expected amount ≤ the amount of loan '${g.loan_id}' (${loan.amount}), got ${g.amount}`);
        }
      }
    }
    if (g.group !== undefined) {
      const first = groupLoan.get(g.group);
      if (first === undefined) groupLoan.set(g.group, { loan: g.loan_id, row: i });
      else if (first.loan !== g.loan_id) {
        const named = (x: string | undefined) => (x === undefined ? 'no loan' : `loan '${x}'`);
        report('guarantees', i, 'loan_id', `rows of joint group '${g.group}' must name the same loan: this row names ${named(g.loan_id)}, ${where('guarantees', first.row)} names ${named(first.loan)}`);
      }
    }
  }

  for (let i = 0; i < ds.supply.length; i++) {
    const s = ds.supply[i]!;
    expectKind('supply', i, 'supplier_id', s.supplier_id, FIRM);
    expectKind('supply', i, 'customer_id', s.customer_id, FIRM);
  }

  const shareSum = new Map<string, number>();
  const overReported = new Set<string>();
  for (let i = 0; i < ds.ownership.length; i++) {
    const o = ds.ownership[i]!;
    expectKind('ownership', i, 'owner_id', o.owner_id, FIRM, BANK);
    expectKind('ownership', i, 'owned_id', o.owned_id, FIRM);
    const sum = (shareSum.get(o.owned_id) ?? 0) + o.share;
    shareSum.set(o.owned_id, sum);
    if (sum > 1 + SHARE_SUM_TOLERANCE && !overReported.has(o.owned_id)) {
      overReported.add(o.owned_id);
      report('ownership', i, 'share', `expected the shares into '${o.owned_id}' to sum to ≤ 1, reached ${sum} with this row`);
    }
  }

  // (firm, year) uniqueness without building 3M composite string keys: the rows of
  // each firm form a linked list (firmHead/nextRow), walked to compare years; a
  // firm has a handful of years, so this stays O(rows).
  const firmHead = new Int32Array(ds.firms.length).fill(-1);
  const nextRow = new Int32Array(ds.financials.length).fill(-1);
  for (let i = 0; i < ds.financials.length; i++) {
    const f = ds.financials[i]!;
    const v = nodes.get(f.firm_id);
    if (v === undefined || v % 4 !== FIRM) {
      expectKind('financials', i, 'firm_id', f.firm_id, FIRM);
      continue;
    }
    const firmRow = (v - FIRM) / 4;
    let dup = -1;
    for (let r = firmHead[firmRow]!; r >= 0; r = nextRow[r]!) {
      if (ds.financials[r]!.year === f.year) {
        dup = r;
        break;
      }
    }
    if (dup >= 0) {
      report('financials', i, 'year', `duplicate financials row for firm '${f.firm_id}' and year ${f.year} (first at ${where('financials', dup)})`);
      continue;
    }
    nextRow[i] = firmHead[firmRow]!;
    firmHead[firmRow] = i;
  }
}
