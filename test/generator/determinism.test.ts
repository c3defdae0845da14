import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCluster, generateToFolder, resolveOptions } from '../../data/generator/index.ts';
import { UsageError } from '../../src/io/errors.ts';
import { TABLES } from '../../src/model/schema.ts';
import { tableCsv } from './csv-text.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'xinlian-gen-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('generator determinism', () => {
  it('same options give the same dataset', () => {
    expect(generateCluster({ firms: 1500, seed: 7 })).toEqual(generateCluster({ firms: 1500, seed: 7 }));
  });

  it('a different seed gives a different cluster', () => {
    const a = generateCluster({ firms: 1500, seed: 7 });
    const b = generateCluster({ firms: 1500, seed: 8 });
    const differing = a.firms.filter((f, i) => f.name !== b.firms[i].name || f.industry !== b.firms[i].industry).length;
    // Two independent draws of 1,500 firms agree on name and industry only by chance.
    expect(differing).toBeGreaterThan(1400);
    expect(a.loans.length).not.toBe(b.loans.length);
  });

  it('is a function of its options for any seed and size, and the seed matters (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xfffffffe }), fc.integer({ min: 50, max: 600 }), (seed, firms) => {
        const a = generateCluster({ firms, seed });
        expect(generateCluster({ firms, seed })).toEqual(a);
        const other = generateCluster({ firms, seed: seed + 1 });
        expect(other.firms.map((f) => f.name)).not.toEqual(a.firms.map((f) => f.name));
      }),
      { numRuns: 8, seed: 42 },
    );
  });

  it('records the options used in dataset.json generator', () => {
    const ds = generateCluster({ firms: 300, seed: 5, asOf: '2024-06-30' });
    expect(ds.meta.generator).toMatchObject({ seed: 5, firms: 300, asOf: '2024-06-30', parks: resolveOptions({ firms: 300 }).parks });
    expect(ds.meta.asOf).toBe('2024-06-30');
    expect(ds.meta.unit).toBe(10000);
  });

  it('streaming to a folder writes exactly the in-memory content', async () => {
    const options = { firms: 3000, seed: 11 };
    const dir = path.join(work, 'stream');
    const summary = await generateToFolder(options, dir);
    const ds = generateCluster(options);
    for (const table of TABLES) {
      expect(await readFile(path.join(dir, `${table}.csv`), 'utf8'), table).toBe(tableCsv(ds, table));
      expect(summary.rows[table]).toBe(ds[table].length);
    }
    expect(JSON.parse(await readFile(path.join(dir, 'dataset.json'), 'utf8'))).toEqual(ds.meta);
    expect(summary.edges).toBe(ds.loans.length + ds.guarantees.length + ds.supply.length + ds.ownership.length);
  });

  it('regenerating over a dataset folder is byte-identical and leaves no temp folders', async () => {
    const dir = path.join(work, 'again');
    const steps: string[] = [];
    await generateToFolder({ firms: 400, seed: 3 }, dir);
    const first = await Promise.all(TABLES.map((t) => readFile(path.join(dir, `${t}.csv`))));
    await generateToFolder({ firms: 400, seed: 3 }, dir, (done, total, phase) => steps.push(`${done}/${total} ${phase}`));
    const second = await Promise.all(TABLES.map((t) => readFile(path.join(dir, `${t}.csv`))));
    second.forEach((buf, i) => expect(buf.equals(first[i]), TABLES[i]).toBe(true));
    expect(steps).toEqual(['1/9 plan', ...TABLES.map((t, i) => `${i + 2}/9 ${t}`)]);
    expect((await readdir(work)).filter((e) => e.includes('.tmp-') || e.includes('.old-'))).toEqual([]);
  });

  it('refuses to overwrite a folder that is not a dataset', async () => {
    const dir = path.join(work, 'precious');
    await mkdir(dir);
    await writeFile(path.join(dir, 'notes.txt'), 'keep me');
    await expect(generateToFolder({ firms: 100, seed: 1 }, dir)).rejects.toBeInstanceOf(UsageError);
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
    await expect(generateToFolder({ firms: 100, seed: 1 }, path.join(dir, 'notes.txt'))).rejects.toBeInstanceOf(UsageError);
  });

  it('rejects bad options with a UsageError', () => {
    expect(() => generateCluster({ firms: 10 })).toThrow(UsageError);
    expect(() => generateCluster({ firms: 100.5 })).toThrow(UsageError);
    expect(() => generateCluster({ seed: -1 })).toThrow(UsageError);
    expect(() => generateCluster({ asOf: '2025-02-30' })).toThrow(UsageError);
    expect(() => generateCluster({ parks: 9 })).toThrow(UsageError);
  });
});
