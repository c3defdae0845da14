/**
 * Spreadsheet-safe CSV (DATA_FORMAT.md: text cells starting with = + - @ tab CR
 * are prefixed with ', numbers never). csv-parse is the independent reader.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportCsv, reportCsvRow, spreadsheetSafe } from '../../src/report/index.ts';

const FORMULA_CHARS = ['=', '+', '-', '@', '\t', '\r'];

describe('spreadsheetSafe', () => {
  it('prefixes text that a spreadsheet would run as a formula', () => {
    expect(spreadsheetSafe('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(spreadsheetSafe('+86 577')).toBe("'+86 577");
    expect(spreadsheetSafe('-12.5')).toBe("'-12.5"); // text, even though it looks like a number
    expect(spreadsheetSafe('@cmd')).toBe("'@cmd");
    expect(spreadsheetSafe('\tx')).toBe("'\tx");
    expect(spreadsheetSafe('\rx')).toBe("'\rx");
    expect(spreadsheetSafe(['-a', 'b'])).toBe("'-a;b");
  });

  it('leaves numbers, booleans and ordinary text alone', () => {
    expect(spreadsheetSafe(-12.5)).toBe(-12.5);
    expect(spreadsheetSafe(true)).toBe(true);
    expect(spreadsheetSafe('温州 = 信链')).toBe('温州 = 信链');
    expect(reportCsvRow([-1, '-1', 0.25, 'a'])).toBe("-1,'-1,0.25,a");
  });

  it('never leaves a text cell starting with a formula character; never touches a number', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const out = spreadsheetSafe(s) as string;
      expect(FORMULA_CHARS.includes(out.charAt(0))).toBe(false);
      expect(out === s || out === `'${s}`).toBe(true);
    }));
    fc.assert(fc.property(fc.double(), (x) => Object.is(spreadsheetSafe(x), x)));
  });
});

describe('reportCsv', () => {
  it('reads back with an RFC 4180 parser: same cells, formula text prefixed', () => {
    const row = fc.record({ text: fc.string(), amount: fc.double({ noNaN: true, noDefaultInfinity: true }) });
    fc.assert(fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
      const text = reportCsv([{ title: 'text', value: (r: typeof rows[number]) => r.text }, { title: 'amount', value: (r: typeof rows[number]) => r.amount }], rows);
      const back: string[][] = parse(text, { relax_column_count: false });
      expect(back[0]).toEqual(['text', 'amount']);
      expect(back).toHaveLength(rows.length + 1);
      rows.forEach((r, k) => {
        const expectedText = FORMULA_CHARS.includes(r.text.charAt(0)) ? `'${r.text}` : r.text;
        expect(back[k + 1][0]).toBe(expectedText);
        expect(Number(back[k + 1][1])).toBe(r.amount === 0 ? 0 : r.amount);
      });
    }));
  });

  it('adds a BOM and CRLF when asked (Excel and strict RFC 4180 readers)', () => {
    const text = reportCsv([{ title: '名称', value: (r: { n: string }) => r.n }], [{ n: '甲' }], { bom: true, eol: '\r\n' });
    expect(text).toBe('\uFEFF名称\r\n甲\r\n');
  });
});
