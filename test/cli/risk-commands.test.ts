/**
 * `xinlian circles | stress | montecarlo` as users run them (node bin/xinlian.js, a real
 * dataset file in a temp dir). The dataset is the worked example of docs/scenarios.md; the
 * numbers asserted are its hand calculations (see test/analysis/contagion/scenarios.test.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../helpers/cli.ts';
import { scenariosExample } from '../helpers/fixtures.ts';

const ws = cliWorkspace('xinlian-risk-');
let file: string;

const xinlian = ws.run;

beforeAll(() => {
  file = path.join(ws.dir, 'example.json');
  writeFileSync(file, JSON.stringify(scenariosExample()));
});

describe('xinlian circles', () => {
  it('finds the A ⇄ B circle (--json) and lists it (--csv)', async () => {
    const r = await xinlian(['circles', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // A backs B (10), B backs A (20): one circle of two, a mutual pair; C → B → … gives C depth 0, B and A depth 1.
    expect(out.circles).toHaveLength(1);
    expect(out.circles[0]).toMatchObject({ id: 'C001', size: 2, members: ['A', 'B'], internalEdges: 2, guaranteedInside: 30, density: 1 });
    expect(out.mutualPairs).toEqual([{ a: 'A', b: 'B', aForB: 10, bForA: 20, circle: 'C001', isolated: true }]);
    expect(out.chains).toEqual({ maxDepth: 1, depthHistogram: [2, 2] });
    const csv = await xinlian(['circles', file, '--csv']);
    expect(csv.stdout.trim().split(/\r?\n/)).toHaveLength(2);
  }, 60_000);

  it('exits 2 for an unknown --firm', async () => {
    const r = await xinlian(['circles', file, '--firm', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope');
  }, 60_000);
});

describe('xinlian stress', () => {
  it('firm A: system loss 67.5, amplification 1.5, bank K loses 36', async () => {
    const r = await xinlian(['stress', file, '--scenario', 'firm', '--target', 'A', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ scenario: 'firm', initialLoss: 45, systemLoss: 67.5, amplification: 1.5 });
    expect(out.breakdown.banks[0]).toMatchObject({ bank: 'K', loss: 36 });
  }, 60_000);

  it('tightening as CSV: D cannot repay, K loses 13.5', async () => {
    const r = await xinlian(['stress', file, '--scenario', 'tightening', '--days', '90', '--csv']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1].split(',').slice(0, 3)).toEqual(['K', 'Bank K', '13.5']);
  }, 60_000);

  it('exits 2 when a scenario lacks its target', async () => {
    const r = await xinlian(['stress', file, '--scenario', 'park']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--target');
  }, 60_000);
});

describe('xinlian montecarlo', () => {
  it('gives the same JSON with 0 and 2 workers for one seed', async () => {
    const inline = await xinlian(['montecarlo', file, '--draws', '400', '--seed', '5', '--workers', '0', '--json']);
    const two = await xinlian(['montecarlo', file, '--draws', '400', '--seed', '5', '--workers', '2', '--json']);
    expect(inline.code, inline.stderr).toBe(0);
    const a = JSON.parse(inline.stdout), b = JSON.parse(two.stdout);
    delete a.options.workers;
    delete b.options.workers;
    expect(b).toEqual(a);
    expect(a.draws).toBe(400);
    expect(a.histogram.counts.reduce((x: number, y: number) => x + y, 0)).toBe(400);
  }, 120_000);
});
