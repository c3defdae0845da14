/**
 * Writing CSV cells (RFC 4180). Dataset files are a faithful round trip of the
 * values: a cell is quoted when it holds a comma, a quote, CR or LF, or leading or
 * trailing whitespace (which the reader would otherwise trim as empty); quotes
 * are doubled. Numbers use JavaScript's shortest round-trip representation.
 */
export function encodeCsvField(value: string): string {
  if (value === '') return '';
  if (/[",\r\n]/.test(value) || value.trim() !== value) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

export function formatCsvValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.join(';');
  return String(value);
}

/** One CSV line (without the line terminator). */
export function encodeCsvRow(values: readonly unknown[]): string {
  return values.map((v) => encodeCsvField(formatCsvValue(v))).join(',');
}
