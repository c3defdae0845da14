/** Results → stable JSON and spreadsheet-safe CSV (HTML reports: planned, see docs/cli.md). */
export { stableJson, toJsonValue } from './json.ts';
export { reportCsv, reportCsvRow, spreadsheetSafe, REPORT_CSV_DEFAULTS } from './csv.ts';
export type { CsvColumn, ReportCsvOptions } from './csv.ts';
