/**
 * `xinlian circles | stress | montecarlo` as users run them (node bin/xinlian.js, a real
 * dataset file in a temp dir). The dataset is the worked example of docs/scenarios.md; the
 * numbers asserted are its hand calculations (see test/analysis/contagion/scenarios.test.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataset, firm } from '../analysis/guarantee/fixture.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/xinlian.js');
let tmp: string;
let file: string;

function xinlian(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'xinlian-risk-'));
  file = path.join(tmp, 'example.json');
  const ds = dataset({
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
  writeFileSync(file, JSON.stringify(ds));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

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
