/**
 * `xinlian parkfit | screen | reputation | communities` as users run them (node bin/xinlian.js,
 * a dataset file in a temp dir). The dataset is the hand-made region of
 * test/analysis/cluster/fixture.ts; the fit asserted is its hand calculation there.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { region } from '../analysis/cluster/fixture.ts';
import { cliWorkspace } from '../helpers/cli.ts';

const ws = cliWorkspace('xinlian-rep-');
let file: string;

const xinlian = ws.run;

beforeAll(() => {
  file = path.join(ws.dir, 'region.json');
  const ds = region();
  ds.banks = [{ id: 'K', name: 'Bank K', capital: 100 }];
  ds.loans = [{ id: 'L1', bank_id: 'K', borrower_id: 'a', outstanding: 10, maturity: '2026-01-31', start: '2020-01-01' }];
  writeFileSync(file, JSON.stringify(ds));
});

describe('issue-5 commands', () => {
  it('parkfit --firm f --json ranks P1 first with the hand-computed fit', async () => {
    const r = await xinlian(['parkfit', file, '--firm', 'f', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.parks[0].park).toBe('P1');
    // test/analysis/cluster: 0.25·6/23 + 0.3·2/3 + 0.2·1/11 + 0.25
    expect(body.parks[0].fit).toBeCloseTo(0.25 * 6 / 23 + 0.3 * 2 / 3 + 0.2 / 11 + 0.25, 10);
  });

  it('parkfit refuses --what-if without a park (usage error, exit 2)', async () => {
    const r = await xinlian(['parkfit', file, '--firm', 'f', '--what-if']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--what-if needs --park/);
  });

  it('screen --list excluded --csv gives the shell firm g with its reason', async () => {
    const r = await xinlian(['screen', file, '--list', 'excluded', '--csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('firm,name,codes,原因,reason');
    // g has no employees, no revenue and no supply rows: a shell (and the only exclusion).
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^g,g,shell,/);
  });

  it('reputation --firm a --json reports a one-hop chain through its loan', async () => {
    const r = await xinlian(['reputation', file, '--firm', 'a', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.firms).toHaveLength(1);
    expect(body.firms[0].path.map((p: { from: string; kind: string }) => [p.from, p.kind])).toEqual([['K', 'loan']]);
    // Bank tie: loan from 2020-01-01 to 2025-12-31 = 2191 days; normal; sole bank → share 1, weight 1.
    expect(body.firms[0].chainStrength).toBeCloseTo(1 - Math.exp(-(2191 / 365.25) / 3), 12);
  });
});
