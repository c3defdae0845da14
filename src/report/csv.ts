/**
 * Spreadsheet-safe CSV for reports (DATA_FORMAT.md, "Reading rules"): a text cell
 * that starts with `=`, `+`, `-`, `@`, tab or carriage return would be executed
 * as a formula by Excel / LibreOffice (CSV injection, OWASP), so it is prefixed
 * with a single quote `'`. Numbers are never touched: `-12.5` stays a number.
 * Dataset exports do NOT use this (they round-trip values byte for byte); only
 * human-facing reports do. Quoting follows RFC 4180 via src/io/csv/format.ts.
 */
import { encodeCsvRow } from '../io/csv/format.ts';

/** Characters that make a spreadsheet treat a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made inert for spreadsheets; other values pass through. */
export function spreadsheetSafe(value: unknown): unknown {
  if (typeof value === 'string' && FORMULA_START.test(value)) return `'${value}`;
  if (Array.isArray(value)) {
    const joined = value.join(';');
    return FORMULA_START.test(joined) ? `'${joined}` : joined;
  }
  return value;
}

export interface CsvColumn<Row> {
  /** Header text. */
  title: string;
  /** The cell of one row (number, string, boolean, list, or null/undefined = empty). */
  value: (row: Row) => unknown;
}

export interface ReportCsvOptions {
  /** Prefix a UTF-8 byte-order mark so Excel reads Chinese text as UTF-8 (default false). */
  bom: boolean;
  /** Line terminator (default "\n"; RFC 4180 prefers "\r\n"). */
  eol: '\n' | '\r\n';
}

export const REPORT_CSV_DEFAULTS: Readonly<ReportCsvOptions> = Object.freeze({ bom: false, eol: '\n' });

/** One spreadsheet-safe CSV line (no terminator). */
export function reportCsvRow(values: readonly unknown[]): string {
  return encodeCsvRow(values.map(spreadsheetSafe));
}

/** A whole CSV report: header line, then one line per row, each line terminated. */
export function reportCsv<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>, options: Partial<ReportCsvOptions> = {}): string {
  const o = { ...REPORT_CSV_DEFAULTS, ...options };
  const lines: string[] = [reportCsvRow(columns.map((c) => c.title))];
  for (const row of rows) lines.push(reportCsvRow(columns.map((c) => c.value(row))));
  return (o.bom ? '\uFEFF' : '') + lines.join(o.eol) + o.eol;
}
