/**
 * A 50,000-firm cluster streams to disk with the same content as in memory, and
 * keeps the edge density that makes the 1M-firm benchmark reach ≥ 4M edges.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCluster, generateToFolder } from '../../data/generator/index.ts';
import { readDataset } from '../../src/io/index.ts';
import { TABLES } from '../../src/model/schema.ts';
import { tableCsv } from './csv-text.ts';

let work = '';
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('generator at scale', () => {
  it('streams 50,000 firms with ≥ 4 edges per firm, identical to the in-memory cluster', async () => {
    work = await mkdtemp(path.join(tmpdir(), 'xinlian-scale-'));
    const options = { firms: 50_000, seed: 1 };
    const summary = await generateToFolder(options, path.join(work, 'c50k'));
    expect(summary.rows.firms).toBe(50_000);
    expect(summary.edges).toBeGreaterThanOrEqual(4 * 50_000);
    expect(summary.options.parks).toBe(8);
    const ds = generateCluster(options);
    for (const table of TABLES) {
      const text = await readFile(path.join(summary.dir, `${table}.csv`), 'utf8');
      expect(text === tableCsv(ds, table), table).toBe(true);
    }
    const read = await readDataset(summary.dir);
    expect(read.warnings).toEqual([]);
    expect(read.dataset.guarantees.length).toBe(ds.guarantees.length);
  });
});
