/**
 * Datasets and dataset files shared by several test folders (analysis, CLI, server).
 * Each fixture's expected numbers are worked out where it is documented.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { COLUMNS, TABLES, type Dataset } from '../../src/model/schema.ts';
import { dataset, firm } from '../analysis/guarantee/fixture.ts';

/**
 * The worked example of docs/scenarios.md. Bank K (capital 100); firms A, B, C in park P1,
 * D in park P2 (industry C34). Guarantees: B backs A's loan L1 (20), C backs B's loan L2 (40),
 * A backs B (10, no loan) — so A ⇄ B is a circle. No supply edges.
 * Hand calculations: test/analysis/contagion/scenarios.test.ts.
 */
export function scenariosExample(): Dataset {
  return dataset({
    meta: { name: 'scenarios', formatVersion: 1, currency: 'CNY', unit: 10000, asOf: '2025-12-31' },
    parks: [{ id: 'P1', name: 'One', lead_industries: [] }, { id: 'P2', name: 'Two', lead_industries: [] }],
    firms: [
      firm('A', { equity: 10, park_id: 'P1' }), firm('B', { equity: 5, park_id: 'P1' }),
      firm('C', { equity: 100, assets: 1000, park_id: 'P1' }), firm('D', { equity: 50, assets: 100, park_id: 'P2', industry: 'C3412' }),
    ],
    banks: [{ id: 'K', name: 'Bank K', capital: 100 }],
    loans: [
      { id: 'L1', bank_id: 'K', borrower_id: 'A', outstanding: 100, maturity: '2026-12-31' },
      { id: 'L2', bank_id: 'K', borrower_id: 'B', outstanding: 40 },
      { id: 'L3', bank_id: 'K', borrower_id: 'C', outstanding: 60, maturity: '2026-03-01' },
      { id: 'L4', bank_id: 'K', borrower_id: 'D', outstanding: 30, maturity: '2026-02-15' },
    ],
    guarantees: [
      { id: 'g1', guarantor_id: 'B', borrower_id: 'A', loan_id: 'L1', amount: 20 },
      { id: 'g2', guarantor_id: 'C', borrower_id: 'B', loan_id: 'L2', amount: 40 },
      { id: 'g3', guarantor_id: 'A', borrower_id: 'B', amount: 10 },
    ],
  });
}

/**
 * Writes `ds` as a CSV dataset folder (dataset.json + one file per table) with plain,
 * unquoted cells: only for fixtures whose cells hold no comma, quote or newline
 * (ids, short names and numbers). Lists (flags, lead_industries) join with ';'.
 */
export function writePlainCsvFolder(ds: Dataset, folder: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'dataset.json'), JSON.stringify(ds.meta));
  for (const table of TABLES) {
    const rows = ds[table] as unknown as Record<string, unknown>[];
    const cols = COLUMNS[table];
    const cell = (v: unknown) => (v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v));
    writeFileSync(path.join(folder, `${table}.csv`), [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n');
  }
}
