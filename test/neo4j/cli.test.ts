/**
 * `xinlian neo4j import DIR` and `xinlian neo4j export OUT` as a user runs them:
 * the real CLI process against the real server. The expected dataset is data/demo
 * as readDataset reads it; the export must equal it value for value.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../../src/io/index.ts';
import { clearDatabase, expectedCounts, openHarness, storedCounts, type Harness } from './harness.ts';

const run = promisify(execFile);
let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await openHarness();
  await clearDatabase(h.conn);
  dir = mkdtempSync(path.join(tmpdir(), 'xinlian-neo4j-cli-'));
});
afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => run('node', ['bin/xinlian.js', ...args], { env: { ...process.env, NEO4J_URI: h.server.settings.uri } });

describe('xinlian neo4j', () => {
  it('import then export (whole graph and one park) reproduces data/demo', async () => {
    const { dataset } = await readDataset('data/demo');
    const imported = await cli(['neo4j', 'import', 'data/demo', '--batch-size', '1000', '--json']);
    const report = JSON.parse(imported.stdout) as { rows: Record<string, number> };
    expect(report.rows.firms).toBe(dataset.firms.length);
    expect(await storedCounts(h.conn)).toEqual(expectedCounts(dataset));

    const out = path.join(dir, 'all.json');
    await cli(['neo4j', 'export', out]);
    expect((await readDataset(out)).dataset).toEqual(dataset);

    const park = dataset.parks[0]!.id;
    const parkOut = path.join(dir, 'park.json');
    await cli(['neo4j', 'export', parkOut, '--park', park]);
    expect((await readDataset(parkOut)).dataset.firms.map((f) => f.id)).toEqual(dataset.firms.filter((f) => f.park_id === park).map((f) => f.id));
  });

  it('a refused connection exits 1 with the server and the fix, not a stack trace', async () => {
    const err = await run('node', ['bin/xinlian.js', 'neo4j', 'import', 'data/demo'], { env: { ...process.env, NEO4J_URI: 'bolt://127.0.0.1:1' } })
      .catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toMatch(/^xinlian: Neo4j at bolt:\/\/127\.0\.0\.1:1: connecting failed: the server is not reachable/);
    expect((err as { stderr: string }).stderr).not.toMatch(/this is a bug/);
  });
});
