/**
 * `xinlian contagion` and `xinlian impact` as users run them: `node bin/xinlian.js …` as a child
 * process on the hand cluster of fixture.ts written as CSV files in a temp dir. Expected numbers
 * are the hand calculations of exposures.test.ts; the --csv output is read back with csv-parse.
 */
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from '../../helpers/cli.ts';
import { writePlainCsvFolder } from '../../helpers/fixtures.ts';
import { handCluster } from './fixture.ts';

const ws = cliWorkspace('xinlian-contagion-cli-');
let dir: string;

const xinlian = ws.run;

beforeAll(() => {
  dir = path.join(ws.dir, 'hand');
  writePlainCsvFolder(handCluster(), dir);
});

describe('xinlian contagion', () => {
  it('--json: threshold cascade from F1 loses 191 (guarantee 45, loan 116, receivables 25, input 5)', async () => {
    const r = await xinlian(['contagion', dir, '--model', 'threshold', '--shock', 'F1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.systemLoss).toBe(191);
    expect(body.breakdown.byChannel).toEqual({ guarantee: 45, loan: 116, receivables: 25, input: 5 });
    expect(body.defaults).toBe(2);
  }, 60_000);

  it('--csv: the per-bank table (B1 loses 58, NPL 200/300; B2 58, NPL 130/130)', async () => {
    const r = await xinlian(['contagion', dir, '--model', 'threshold', '--shock', 'F1', '--csv']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(r.stdout, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((x) => x.bank)).toEqual(['B1', 'B2']);
    expect(Number(rows[0]['loss (万元)'])).toBe(58);
    expect(Number(rows[0]['NPL after'])).toBeCloseTo(200 / 300, 9);
    expect(Number(rows[1]['NPL after'])).toBe(1);
  }, 60_000);

  it('human output names the model, the shock and the rounds', async () => {
    const r = await xinlian(['contagion', dir, '--shock', 'park:P1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('debtrank — park P1 defaults (2 firms)');
    expect(r.stdout).toContain('rounds');
  }, 60_000);

  it('usage errors exit 2: no --shock, unknown model, unknown firm', async () => {
    expect((await xinlian(['contagion', dir])).code).toBe(2);
    expect((await xinlian(['contagion', dir, '--shock', 'F1', '--model', 'magic'])).code).toBe(2);
    const unknown = await xinlian(['contagion', dir, '--shock', 'NOPE']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown firm 'NOPE'");
  }, 60_000);
});

describe('xinlian impact', () => {
  it('--json lists the top N firms by systemic impact, in order', async () => {
    const r = await xinlian(['impact', dir, '--top', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.firms).toBe(5);
    expect(body.top.map((t: { rank: number }) => t.rank)).toEqual([1, 2, 3]);
    expect(body.top[0].impact).toBeGreaterThanOrEqual(body.top[1].impact);
    expect(body.top[1].impact).toBeGreaterThanOrEqual(body.top[2].impact);
  }, 60_000);
});
