/** read → write → read gives the identical Dataset in every format, on the hand-made fixture. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATASET_FORMATS, readDataset, writeDataset } from '../../src/io/index.ts';
import { COLUMNS } from '../../src/model/schema.ts';
import { VALID, cleanTempDirs, tempDir } from './helpers.ts';

afterAll(cleanTempDirs);

const target = (dir: string, format: string) => path.join(dir, format === 'csv' ? 'out' : `out.${format}`);

describe('round trip of test/fixtures/valid', () => {
  for (const format of DATASET_FORMATS) {
    it(`${format}: read → write → read is identical, twice`, async () => {
      const { dataset } = await readDataset(VALID);
      const dir = tempDir();
      await writeDataset(dataset, target(dir, format), format);
      const once = await readDataset(target(dir, format));
      expect(once.dataset).toEqual(dataset);
      // A second generation must also match (no drift through defaults).
      const again = target(path.join(dir, 'again'), format);
      await writeDataset(once.dataset, again, format);
      expect((await readDataset(again)).dataset).toEqual(dataset);
    });
  }

  it('csv: columns in COLUMNS order then extra columns sorted; header-only required files; no temp leftovers', async () => {
    const { dataset } = await readDataset(VALID);
    dataset.firms[3]!.extra = { note: dataset.firms[3]!.extra!.note!, alpha: 'a' };
    const dir = tempDir();
    await writeDataset({ ...dataset, guarantees: [], supply: [] }, path.join(dir, 'out'), 'csv');
    const header = (f: string) => readFileSync(path.join(dir, 'out', f), 'utf8').split('\n')[0];
    expect(header('firms.csv')).toBe([...COLUMNS.firms, 'alpha', 'note'].join(','));
    expect(readFileSync(path.join(dir, 'out', 'guarantees.csv'), 'utf8')).toBe(`${COLUMNS.guarantees.join(',')}\n`);
    expect(existsSync(path.join(dir, 'out', 'supply.csv'))).toBe(false); // optional and empty: not written
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('csv: a name starting with = is written verbatim (dataset files are not spreadsheet reports)', async () => {
    const { dataset } = await readDataset(VALID);
    const dir = tempDir();
    await writeDataset(dataset, path.join(dir, 'out'), 'csv');
    expect(readFileSync(path.join(dir, 'out', 'firms.csv'), 'utf8')).toContain('\nF04,=SUM(A1:A2) 科技有限公司,C3311,');
  });
});
