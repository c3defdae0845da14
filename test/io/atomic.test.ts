/** Writes are atomic: a failure part-way leaves no output and no temporary files, and keeps an older output intact. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASET_FORMATS, readDataset, writeDataset } from '../../src/io/index.ts';
import type { Dataset } from '../../src/model/schema.ts';
import { VALID, cleanTempDirs, tempDir } from './helpers.ts';

afterAll(cleanTempDirs);

/** The fixture with a financials row whose `revenue` throws when read: every writer reaches it late. */
async function failingDataset(): Promise<Dataset> {
  const { dataset } = await readDataset(VALID);
  const row = { ...dataset.financials[0]! };
  Object.defineProperty(row, 'revenue', { enumerable: true, get: () => { throw new Error('disk full (simulated)'); } });
  return { ...dataset, financials: [...dataset.financials.slice(1), row] };
}

describe('atomic writes', () => {
  for (const format of DATASET_FORMATS) {
    it(`${format}: a failure leaves nothing behind`, async () => {
      const dir = tempDir();
      const out = path.join(dir, format === 'csv' ? 'out' : `out.${format}`);
      await expect(writeDataset(await failingDataset(), out, format)).rejects.toThrow('disk full (simulated)');
      expect(readdirSync(dir)).toEqual([]);
    });

    it(`${format}: a failure keeps the previous output intact`, async () => {
      const dir = tempDir();
      const out = path.join(dir, format === 'csv' ? 'out' : `out.${format}`);
      if (format === 'csv') {
        mkdirSync(out);
        writeFileSync(path.join(out, 'firms.csv'), 'old');
      } else writeFileSync(out, 'old');
      await expect(writeDataset(await failingDataset(), out, format)).rejects.toThrow('disk full (simulated)');
      expect(readdirSync(dir)).toEqual([path.basename(out)]);
      expect(readFileSync(format === 'csv' ? path.join(out, 'firms.csv') : out, 'utf8')).toBe('old');
    });
  }

  it('replaces an existing output when the write succeeds', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'out');
    mkdirSync(out);
    writeFileSync(path.join(out, 'stale.csv'), 'old');
    await writeDataset((await readDataset(VALID)).dataset, out, 'csv');
    expect(existsSync(path.join(out, 'stale.csv'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['out']);
  });
});
