/**
 * data/demo is reproducible: regenerating it with the seed recorded in its
 * dataset.json gives the same files byte for byte (docs/demo-dataset.md), and
 * src/io's reader accepts it and reads back exactly the generated records.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCluster, generateToFolder } from '../../data/generator/index.ts';
import { readDataset } from '../../src/io/index.ts';

const demo = path.resolve(import.meta.dirname, '../../data/demo');
let work = '';
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('shipped demo dataset', () => {
  it('records its generator seed and size', async () => {
    const meta = JSON.parse(await readFile(path.join(demo, 'dataset.json'), 'utf8'));
    expect(meta.generator.seed).toBe(42);
    expect(meta.generator.firms).toBe(2000);
    expect(meta.formatVersion).toBe(1);
  });

  it('regenerates byte-identically from its recorded options', async () => {
    const meta = JSON.parse(await readFile(path.join(demo, 'dataset.json'), 'utf8'));
    work = await mkdtemp(path.join(tmpdir(), 'xinlian-demo-'));
    const out = path.join(work, 'demo');
    await generateToFolder({ firms: meta.generator.firms, seed: meta.generator.seed, asOf: meta.generator.asOf }, out);
    const shipped = (await readdir(demo)).sort();
    expect((await readdir(out)).sort()).toEqual(shipped);
    expect(shipped).toEqual(['banks.csv', 'dataset.json', 'financials.csv', 'firms.csv', 'guarantees.csv', 'loans.csv', 'ownership.csv', 'parks.csv', 'supply.csv']);
    for (const file of shipped) {
      const [a, b] = await Promise.all([readFile(path.join(demo, file)), readFile(path.join(out, file))]);
      expect(a.equals(b), file).toBe(true);
    }
  });

  it('is read by readDataset without warnings, equal to the generated Dataset', async () => {
    const { dataset, warnings } = await readDataset(demo);
    expect(warnings).toEqual([]);
    expect(dataset).toEqual(generateCluster({ firms: 2000, seed: 42 }));
  });
});
