/**
 * Test helpers of the e2e suite: the real server (src/server buildApp +
 * startServer) in-process on a dataset read by the real reader (src/io), on
 * 127.0.0.1 and a free port; and a small dataset whose names are markup, to
 * prove the viewer shows data as text.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSnapshot } from '../../src/engine/index.ts';
import { readDataset } from '../../src/io/index.ts';
import { buildApp, startServer } from '../../src/server/index.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEMO_DATASET = path.join(ROOT, 'data/demo');
export const WEB_ROOT = path.join(ROOT, 'dist/web');

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startViewerServer(datasetDir: string = DEMO_DATASET): Promise<RunningServer> {
  const { dataset } = await readDataset(datasetDir);
  const app = await buildApp({ dataset, snapshot: buildSnapshot(dataset), webRoot: WEB_ROOT });
  const running = await startServer(app, { host: '127.0.0.1', port: 0 });
  return { url: running.url, close: running.close };
}

/** Names that would run script if any of them reached innerHTML. */
export const HOSTILE = Object.freeze({
  firm: '<img src=x onerror="window.__xss=1">恶意企业',
  firm2: '"><script>window.__xss=2</script>',
  park: '<svg onload="window.__xss=3">园区',
  bank: '<b onmouseover="window.__xss=4">银行</b>',
});

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (rows: (string | number)[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

/** A valid three-firm dataset (DATA_FORMAT.md) with HOSTILE names, written to `dir`. */
export function writeHostileDataset(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify({ name: '<i>hostile</i>', formatVersion: 1, currency: 'CNY', unit: 10000 }));
  writeFileSync(path.join(dir, 'parks.csv'), csv([['id', 'name'], ['P1', HOSTILE.park]]));
  writeFileSync(path.join(dir, 'banks.csv'), csv([['id', 'name', 'capital'], ['B1', HOSTILE.bank, 1000]]));
  writeFileSync(path.join(dir, 'firms.csv'), csv([
    ['id', 'name', 'industry', 'park_id'],
    ['F1', HOSTILE.firm, 'C3311', 'P1'],
    ['F2', HOSTILE.firm2, 'C3311', 'P1'],
    ['F3', 'plain firm', 'C3312', ''],
  ]));
  writeFileSync(path.join(dir, 'loans.csv'), csv([['id', 'bank_id', 'borrower_id', 'outstanding'], ['L1', 'B1', 'F1', 100], ['L2', 'B1', 'F2', 50]]));
  writeFileSync(path.join(dir, 'guarantees.csv'), csv([['id', 'guarantor_id', 'borrower_id', 'amount'], ['G1', 'F2', 'F1', 80], ['G2', 'F1', 'F2', 40]]));
}
