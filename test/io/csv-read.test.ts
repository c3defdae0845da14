/** Accepted CSV variations and the reader's defaults, on real files (test/fixtures/valid and copies of it). */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_ISSUES_PER_FILE } from '../../src/io/errors.ts';
import { readDataset } from '../../src/io/index.ts';
import { VALID, cleanTempDirs, readError, readText, replaceOnce, validCopy } from './helpers.ts';

afterAll(cleanTempDirs);

describe('reading the valid fixture', () => {
  it('reads every table with its row count', async () => {
    const { dataset } = await readDataset(VALID);
    // Counted from the fixture files: data rows per table.
    expect({ parks: dataset.parks.length, banks: dataset.banks.length, firms: dataset.firms.length, loans: dataset.loans.length, guarantees: dataset.guarantees.length, supply: dataset.supply.length, ownership: dataset.ownership.length, financials: dataset.financials.length })
      .toEqual({ parks: 2, banks: 3, firms: 10, loans: 8, guarantees: 6, supply: 4, ownership: 5, financials: 4 });
  });

  it('keeps quotes, commas, line breaks, leading spaces and a leading = in names verbatim', async () => {
    const { dataset } = await readDataset(VALID);
    const name = (id: string) => dataset.firms.find((f) => f.id === id)!.name;
    expect(name('F02')).toBe('瓯海"凯群"汽配, 有限公司');
    expect(name('F03')).toBe('乐清正泰\n电器厂');
    expect(name('F04')).toBe('=SUM(A1:A2) 科技有限公司');
    expect(name('F07')).toBe(' 前导空格商贸公司');
    expect(dataset.parks[1]!.name).toBe('乐清电气产业园, 北区');
  });

  it('applies the documented defaults', async () => {
    const { dataset } = await readDataset(VALID);
    const f = (id: string) => dataset.firms.find((x) => x.id === id)!;
    expect(f('F04').kind).toBe('enterprise'); // kind cell empty
    expect(f('F04').lgd).toBe(0.45); // lgd cell empty → DEFAULT_LGD
    expect(f('F02').equity).toBe(60.25); // 100.5 − 40.25, both exact in binary
    expect(f('F05').equity).toBeUndefined(); // no assets/liabilities → stays missing
    expect(f('F05').flags).toEqual([]);
    expect(f('F01').flags).toEqual(['tech', 'foreign_trade']);
    expect(dataset.parks[0]!.lead_industries).toEqual(['C1952', 'C1910']);
  });

  it('reads booleans case-insensitively and as 1/0, numbers with exponents', async () => {
    const { dataset } = await readDataset(VALID);
    const l = (id: string) => dataset.loans.find((x) => x.id === id)!;
    expect([l('L02').renewal, l('L02').risk_share]).toEqual([true, false]); // TRUE, 0
    expect([l('L04').renewal, l('L08').renewal, l('L08').risk_share]).toEqual([true, false, false]); // 1, False, False
    expect(l('L08').rate).toBe(0.01); // 1e-2
    expect(dataset.banks[2]!.capital).toBe(120000); // 1.2e5
    expect(l('L04').start).toBe('2024-02-29'); // 2024 is a leap year
  });

  it('keeps an unknown column as extra and warns once for the file', async () => {
    const { dataset, warnings } = await readDataset(VALID);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: 'firms.csv', line: 1, column: 16, field: 'note' });
    expect(dataset.firms[0]!.extra).toEqual({ note: '老客户' });
    expect(dataset.firms[1]!.extra).toBeUndefined(); // empty cell → no attribute
  });
});

describe('accepted encodings and layouts', () => {
  const baseline = async () => (await readDataset(VALID)).dataset;

  it('accepts a BOM in every file including dataset.json', async () => {
    const dir = validCopy();
    for (const f of readdirSync(dir)) writeFileSync(path.join(dir, f), `\uFEFF${readText(dir, f)}`);
    expect((await readDataset(dir)).dataset).toEqual(await baseline());
  });

  it('accepts CRLF line ends (and CRLF inside a quoted name stays CRLF)', async () => {
    const dir = validCopy();
    for (const f of readdirSync(dir)) if (f.endsWith('.csv')) writeFileSync(path.join(dir, f), readText(dir, f).replace(/\n/g, '\r\n'));
    const { dataset } = await readDataset(dir);
    const expected = await baseline();
    expected.firms[2]!.name = '乐清正泰\r\n电器厂';
    expect(dataset).toEqual(expected);
  });

  it('accepts BOM + CRLF, no trailing newline, and columns in any order', async () => {
    const dir = validCopy();
    writeFileSync(path.join(dir, 'banks.csv'), '\uFEFFcapital,kind,name,id\r\n826714,state,国瑞银行温州分行,B01\r\n52000.5,rural,瓯江农村商业银行,B02\r\n1.2e5,city,温州城市商业银行,B03');
    expect((await readDataset(dir)).dataset.banks).toEqual((await baseline()).banks);
  });

  it('reads optional tables as empty when their file is missing or header-only', async () => {
    const dir = validCopy();
    writeFileSync(path.join(dir, 'supply.csv'), 'supplier_id,customer_id,value\n');
    for (const f of ['ownership.csv', 'financials.csv', 'parks.csv']) writeFileSync(path.join(dir, f), readText(dir, f).split('\n')[0]!);
    replaceOnce(dir, 'firms.csv', 'P01,瓯海区,2006', ',瓯海区,2006');
    replaceOnce(dir, 'firms.csv', 'P02,乐清市,2010', ',乐清市,2010');
    replaceOnce(dir, 'firms.csv', 'P02,乐清市,2015', ',乐清市,2015');
    replaceOnce(dir, 'firms.csv', 'P01,龙湾区', ',龙湾区');
    const { dataset } = await readDataset(dir);
    expect([dataset.supply, dataset.ownership, dataset.financials, dataset.parks]).toEqual([[], [], [], []]);
  });

  it('fills currency and unit defaults in dataset.json', async () => {
    const dir = validCopy();
    writeFileSync(path.join(dir, 'dataset.json'), '{"name":"x","formatVersion":1}');
    expect((await readDataset(dir)).dataset.meta).toEqual({ name: 'x', formatVersion: 1, currency: 'CNY', unit: 1 });
  });
});

describe('collecting issues', () => {
  it('collects issues of several files and rows in one run', async () => {
    const dir = validCopy();
    replaceOnce(dir, 'loans.csv', 'L02,B02,F02,300,300', 'L02,B02,F02,abc,300');
    replaceOnce(dir, 'firms.csv', 'C3443,enterprise', 'C3443,company');
    replaceOnce(dir, 'parks.csv', 'micro,C1952', 'tiny,C1952');
    const err = await readError(dir);
    expect(err.issues.map((i) => `${i.file}:${i.line}:${i.column}:${i.field}`).sort())
      .toEqual(['firms.csv:11:4:kind', 'loans.csv:3:4:amount', 'parks.csv:2:4:kind']);
  });

  it(`stops listing a file after MAX_ISSUES_PER_FILE (${MAX_ISSUES_PER_FILE}) issues and says the list is capped`, async () => {
    const dir = validCopy();
    const header = readText(dir, 'financials.csv').split('\n')[0];
    // 150 rows, each with a bad revenue: 150 issues exist, 100 are listed.
    const rows = Array.from({ length: 150 }, (_, i) => `F01,${1900 + i},lots,1,1`);
    writeFileSync(path.join(dir, 'financials.csv'), `${header}\n${rows.join('\n')}\n`);
    replaceOnce(dir, 'loans.csv', 'L02,B02,F02,300,300', 'L02,B02,F02,abc,300');
    const err = await readError(dir);
    expect(err.truncated).toBe(true);
    expect(err.issues.filter((i) => i.file === 'financials.csv')).toHaveLength(MAX_ISSUES_PER_FILE);
    expect(err.issues.filter((i) => i.file === 'loans.csv')).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'loans.csv', line: 3 });
    expect(err.message).toMatch(/list capped/);
  });

  it('honours a smaller cap passed as an option', async () => {
    const dir = validCopy();
    const header = readText(dir, 'financials.csv').split('\n')[0];
    writeFileSync(path.join(dir, 'financials.csv'), `${header}\n${Array.from({ length: 5 }, (_, i) => `F01,${1900 + i},x,1,1`).join('\n')}\n`);
    const err = await readError(dir, { maxIssuesPerFile: 2 });
    expect(err.issues.map((i) => i.line)).toEqual([2, 3]);
    expect(err.truncated).toBe(true);
  });
});
