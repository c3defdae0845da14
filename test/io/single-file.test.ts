/**
 * The single-file forms: JSON issues name the JSON path and the record's line;
 * GEXF/GraphML readers refuse DOCTYPE/ENTITY, oversize files and foreign
 * documents, and name the element's line and attribute.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataset, writeDataset } from '../../src/io/index.ts';
import type { Dataset } from '../../src/model/schema.ts';
import { VALID, cleanTempDirs, expectOnlyIssue, readError, tempDir } from './helpers.ts';

let ds: Dataset;
let dir: string;
beforeAll(async () => {
  ds = (await readDataset(VALID)).dataset;
  dir = tempDir();
});
afterAll(cleanTempDirs);

/** Writes `ds` as `format`, edits the text once, returns the path. */
async function edited(format: 'json' | 'gexf' | 'graphml', name: string, from: string | RegExp, to: string): Promise<string> {
  const p = path.join(dir, `${name}.${format}`);
  await writeDataset(ds, p, format);
  const text = readFileSync(p, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${String(from)} not found in ${format}`);
  writeFileSync(p, next);
  return p;
}

describe('json', () => {
  // The writer puts one record per line: line 1 '{', 2 meta, 3 '"parks": [', 4-5 parks,
  // 6 '],', then '"banks": [' on line 6 … firms start after the 3 banks.
  it('names the JSON path and the line of the record', async () => {
    const p = await edited('json', 'pd', '"pd":0.0049', '"pd":"0.0049"');
    const text = readFileSync(p, 'utf8').split('\n');
    const line = text.findIndex((l) => l.includes('"id":"F02"')) + 1;
    expectOnlyIssue(await readError(p), { file: p, line, field: 'firms[1].pd' }, /a finite number/);
  });

  it('rejects a syntax error with its line', async () => {
    const p = path.join(dir, 'broken.json');
    writeFileSync(p, '{\n"meta": {"name": "x", "formatVersion": 1},\n"firms": [,]\n}');
    expectOnlyIssue(await readError(p), { file: p, line: 3 }, /invalid JSON/);
  });

  it('requires the four required tables', async () => {
    const p = path.join(dir, 'nobanks.json');
    writeFileSync(p, JSON.stringify({ meta: { name: 'x', formatVersion: 1 }, firms: [], loans: [], guarantees: [] }));
    expectOnlyIssue(await readError(p), { file: p, field: 'banks' }, /missing "banks"/);
  });

  it('runs the cross-record rules (dangling bank) with the JSON path', async () => {
    const p = await edited('json', 'dangling', '"bank_id":"B01","borrower_id":"F01"', '"bank_id":"B09","borrower_id":"F01"');
    const line = readFileSync(p, 'utf8').split('\n').findIndex((l) => l.includes('"id":"L01"')) + 1;
    expectOnlyIssue(await readError(p), { file: p, line, field: 'loans[0].bank_id' }, /got 'B09'/);
  });

  it('moves an unknown string field to extra with one warning per table', async () => {
    const p = await edited('json', 'unknown', /"id":"B0([123])"/g, '"id":"B0$1","swift":"X$1"');
    const { dataset, warnings } = await readDataset(p);
    expect(dataset.banks.map((b) => b.extra)).toEqual([{ swift: 'X1' }, { swift: 'X2' }, { swift: 'X3' }]);
    expect(warnings.map((w) => w.field)).toEqual(['banks[0].swift']);
  });
});

describe('gexf and graphml', () => {
  for (const format of ['gexf', 'graphml'] as const) {
    it(`${format}: refuses a DOCTYPE with ENTITY declarations`, async () => {
      const p = await edited(format, 'doctype', '<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n');
      expectOnlyIssue(await readError(p), { file: p, line: 2 }, /DOCTYPE is not accepted/);
    });

    it(`${format}: refuses a file over maxFileBytes`, async () => {
      const p = path.join(dir, `big.${format}`);
      await writeDataset(ds, p, format);
      expectOnlyIssue(await readError(p, { maxFileBytes: 1000 }), { file: p }, /exceeds the limit of 1000 bytes/);
    });

    it(`${format}: refuses malformed XML`, async () => {
      const p = await edited(format, 'malformed', '</graph>', '</grap>');
      expectOnlyIssue(await readError(p), { file: p, line: readFileSync(p, 'utf8').split('\n').findIndex((l) => l.includes('</grap>')) + 1 }, /not well-formed/);
    });

    it(`${format}: names the element line and attribute of a bad value`, async () => {
      const p = format === 'gexf'
        ? await edited(format, 'badvalue', '<attvalue for="pd" value="0.0049"/>', '<attvalue for="pd" value="4.9%"/>')
        : await edited(format, 'badvalue', '<data key="n_pd">0.0049</data>', '<data key="n_pd">4.9%</data>');
      const line = readFileSync(p, 'utf8').split('\n').findIndex((l) => l.includes('4.9%')) + 1;
      expectOnlyIssue(await readError(p), { file: p, line, field: 'pd' }, /got '4.9%'/);
    });

    it(`${format}: runs the cross-record rules (self-supply)`, async () => {
      const p = format === 'gexf'
        ? await edited(format, 'selfsupply', 'source="F06" target="F01"', 'source="F01" target="F01"')
        : await edited(format, 'selfsupply', 'source="F06" target="F01"', 'source="F01" target="F01"');
      const line = readFileSync(p, 'utf8').split('\n').findIndex((l) => l.includes('source="F01" target="F01"')) + 1;
      expectOnlyIssue(await readError(p), { file: p, line, field: 'customer_id' }, /self-supply/);
    });

    it(`${format}: refuses text XML cannot carry, before writing anything`, async () => {
      const bad = { ...ds, firms: ds.firms.map((f, i) => (i === 0 ? { ...f, name: 'bell\u0007' } : f)) };
      const p = path.join(dir, `control.${format}`);
      await expect(writeDataset(bad, p, format)).rejects.toThrow(/XML 1.0 cannot carry/);
    });
  }

  it('gexf: a graph tool sees typed attributes, labels and weights', async () => {
    const p = path.join(dir, 'look.gexf');
    await writeDataset(ds, p, 'gexf');
    const text = readFileSync(p, 'utf8');
    expect(text).toContain('<attribute id="assets" title="assets" type="double"/>');
    expect(text).toContain('<node id="F03" label="乐清正泰&#10;电器厂">');
    // L01: bank B01 → borrower F01, weight = outstanding 800
    expect(text).toMatch(/<edge id="e0" source="B01" target="F01" label="L01" weight="800">/);
  });
});
