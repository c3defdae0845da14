/** Results → stable JSON, spreadsheet-safe CSV and self-contained HTML. */
export { stableJson, toJsonValue } from './json.ts';
export { reportCsv, reportCsvRow, spreadsheetSafe, REPORT_CSV_DEFAULTS } from './csv.ts';
export type { CsvColumn, ReportCsvOptions } from './csv.ts';
export { escapeHtml, htmlReport } from './html.ts';
export type { HtmlReport, HtmlSection, HtmlTable } from './html.ts';
