/**
 * bench/dataset.ts: a benchmark dataset is generated once, concurrent callers wait
 * on the lock instead of generating twice, and a lock left by a dead process is
 * taken over.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetDir, ensureDataset, readGenerationRecord } from '../../bench/dataset.ts';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'xinlian-bench-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ensureDataset', () => {
  it('generates once for concurrent callers and reuses the folder afterwards', async () => {
    const lines: string[] = [];
    const log = (l: string) => lines.push(l);
    const [a, b] = await Promise.all([ensureDataset(300, 5, { root, log }), ensureDataset(300, 5, { root, log })]);
    expect(a).toBe(datasetDir(300, 5, root));
    expect(b).toBe(a);
    expect(lines.filter((l) => l.startsWith('generating')).length).toBe(1);
    const record = await readGenerationRecord(300, 5, root);
    expect(record?.rows.firms).toBe(300);
    await ensureDataset(300, 5, { root, log });
    expect(lines.filter((l) => l.startsWith('generating')).length).toBe(1);
    expect((await readdir(root)).sort()).toEqual(['gen-300-5', 'gen-300-5.generation.json']);
  });

  it('takes over a lock whose owner process has exited', async () => {
    // A pid that certainly belonged to a process that has now exited.
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    const lock = `${datasetDir(200, 9, root)}.lock`;
    await mkdir(lock);
    await writeFile(path.join(lock, 'pid'), String(deadPid));
    const dir = await ensureDataset(200, 9, { root, log: () => undefined });
    expect(dir).toBe(datasetDir(200, 9, root));
    expect((await readdir(root)).includes('gen-200-9.lock')).toBe(false);
  });
});
