/**
 * Writes a dataset folder: dataset.json and one CSV file per table, columns in the
 * order of COLUMNS (src/model/schema.ts) followed by the `extra` attributes sorted
 * by name. Required tables always get a header; optional ones are written when
 * they have rows. Cells are encoded by csv/format.ts, values verbatim (a name
 * that starts with '=' stays '=…': this is data, not a spreadsheet report).
 */
import path from 'node:path';
import { COLUMNS, REQUIRED_TABLES, TABLES, type Dataset, type TableName } from '../../model/schema.ts';
import { writeFolderAtomic, writeWholeFile } from '../atomic.ts';
import { tableRows } from '../tables.ts';
import { encodeCsvRow } from './format.ts';

/** Standard columns then every extra key present in the table, sorted. */
export function tableColumns(table: TableName, rows: readonly { extra?: Record<string, string> }[]): string[] {
  const extra = new Set<string>();
  for (const r of rows) if (r.extra) for (const k of Object.keys(r.extra)) extra.add(k);
  return [...COLUMNS[table], ...[...extra].sort()];
}

export async function writeCsvFolder(ds: Dataset, dir: string): Promise<void> {
  await writeFolderAtomic(dir, (tmp) => {
    writeWholeFile(path.join(tmp, 'dataset.json'), (w) => w.write(`${JSON.stringify(ds.meta, null, 2)}\n`));
    for (const table of TABLES) {
      const rows = tableRows(ds, table);
      if (rows.length === 0 && !REQUIRED_TABLES.includes(table)) continue;
      const columns = tableColumns(table, rows as { extra?: Record<string, string> }[]);
      const standard = COLUMNS[table].length;
      writeWholeFile(path.join(tmp, `${table}.csv`), (w) => {
        w.write(`${encodeCsvRow(columns)}\n`);
        const values: unknown[] = new Array(columns.length);
        for (const r of rows) {
          const extra = r.extra as Record<string, string> | undefined;
          for (let c = 0; c < columns.length; c++) values[c] = c < standard ? r[columns[c]!] : extra?.[columns[c]!];
          w.write(`${encodeCsvRow(values)}\n`);
        }
      });
    }
  });
}
