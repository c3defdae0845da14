/**
 * Everything a command prints on stdout goes through Output, in one of three
 * modes chosen by the framework: `json` (--json: one stable JSON document),
 * `csv` (--csv: a spreadsheet-safe table, src/report/csv.ts) or `human` (aligned
 * text tables). A command hands over its result once with `emit`, giving the
 * plain value (for JSON), optionally a table (for CSV and humans) and a human
 * rendering; it never checks the mode itself.
 */
import { reportCsv, stableJson, type CsvColumn } from '../report/index.ts';

export type OutputMode = 'human' | 'json' | 'csv';

export interface Writable {
  write(chunk: string): boolean;
}

export interface TableColumn<Row> {
  title: string;
  value: (row: Row) => unknown;
  /** Numbers align right by default, text left. */
  align?: 'left' | 'right';
  /**
   * Fixed decimals for numbers in the human table and the CSV (amounts: 2, so sums
   * print 454839.81 and not the float noise 454839.8100000002). JSON keeps full precision.
   */
  digits?: number;
}

export interface Table<Row = any> {
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
}

export interface Emission {
  /** The machine-readable result (printed as stable JSON with --json). */
  value: unknown;
  /** The tabular part (printed with --csv, and as a text table for humans after `human`). */
  table?: Table;
  /** Human text printed before the table. */
  human?: () => string;
}

/**
 * Display width in a terminal: East Asian wide and fullwidth characters take two
 * cells (UAX #11), so Chinese firm names line up with ASCII columns.
 */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x300 && c <= 0x36f) || c === 0x200b) continue; // control, combining, zero-width
    w += isWide(c) ? 2 : 1;
  }
  return w;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) ||
    (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}

/** A cell as humans read it: thousands separators for numbers, `-` for missing. */
export function humanCell(value: unknown, digits?: number): string {
  if (value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value))) return '-';
  if (typeof value === 'number') {
    if (digits !== undefined) return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 4 });
  }
  if (Array.isArray(value)) return value.join(';');
  // Control characters would break the table layout (and could move the cursor).
  return String(value).replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** An aligned text table with a header rule. */
export function renderTable(table: Table): string {
  const cells = table.rows.map((r) => table.columns.map((c) => humanCell(c.value(r), c.digits)));
  const rightAligned = table.columns.map((c, j) => c.align === 'right' || (c.align === undefined && table.rows.length > 0 && table.rows.every((r) => {
    const v = c.value(r);
    return typeof v === 'number' || v === null || v === undefined;
  })));
  const widths = table.columns.map((c, j) => Math.max(displayWidth(c.title), ...cells.map((row) => displayWidth(row[j]))));
  const pad = (text: string, j: number) => {
    const fill = ' '.repeat(widths[j] - displayWidth(text));
    return rightAligned[j] ? fill + text : text + fill;
  };
  const line = (row: string[]) => row.map(pad).join('  ').trimEnd();
  const out = [line(table.columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of cells) out.push(line(row));
  return `${out.join('\n')}\n`;
}

/** A number rounded to `digits` decimals (as a number, so the CSV cell stays numeric); others unchanged. */
function roundTo(value: unknown, digits: number): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? Number(value.toFixed(digits)) : value;
}

export class Output {
  constructor(private readonly stdout: Writable, readonly mode: OutputMode) {}

  /** Prints a command's result in the current mode. */
  emit(e: Emission): void {
    if (this.mode === 'json') {
      this.stdout.write(`${stableJson(e.value)}\n`);
      return;
    }
    if (this.mode === 'csv') {
      if (e.table === undefined) throw new Error('--csv was accepted by a command that emitted no table');
      const columns: CsvColumn<unknown>[] = e.table.columns.map((c) => ({ title: c.title, value: c.digits === undefined ? c.value : (row: unknown) => roundTo(c.value(row), c.digits!) }));
      this.stdout.write(reportCsv(columns, e.table.rows));
      return;
    }
    let text = e.human?.() ?? '';
    if (e.table !== undefined) text += (text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n') + renderTable(e.table);
    if (text !== '' && !text.endsWith('\n')) text += '\n';
    this.stdout.write(text);
  }

  /** A line of human text (ignored in json/csv modes, where only `emit` prints). */
  say(text: string): void {
    if (this.mode === 'human') this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}
