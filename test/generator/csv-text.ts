/**
 * A Dataset table as the CSV text DATA_FORMAT.md describes (header in COLUMNS
 * order, one LF-terminated line per record, empty cell for a missing value), for
 * comparing the in-memory and the streamed generator output.
 */
import { encodeCsvRow } from '../../src/io/csv/format.ts';
import { COLUMNS, type Dataset, type TableName } from '../../src/model/schema.ts';

export function tableCsv(ds: Dataset, table: TableName): string {
  const columns = COLUMNS[table];
  const lines = [encodeCsvRow(columns)];
  for (const record of ds[table] as unknown as Record<string, unknown>[]) lines.push(encodeCsvRow(columns.map((c) => record[c])));
  return `${lines.join('\n')}\n`;
}
