/**
 * The CSV tokenizer against its writer (src/io/csv/format.ts, RFC 4180): any
 * table of strings encoded and joined with LF or CRLF tokenizes back to the same
 * cells, and every record reports the physical line where it starts (1 + the
 * number of line breaks before it, counting those inside quoted cells).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCsvRow, tokenizeCsv } from '../../src/io/csv/index.ts';

function tokenize(text: string, maxCellChars = 1 << 20) {
  const records: { cells: string[]; line: number }[] = [];
  const errors: { line: number; column: number; message: string }[] = [];
  tokenizeCsv(text, {
    record: (cells, count, line) => (records.push({ cells: cells.slice(0, count), line }), true),
    error: (line, column, message) => (errors.push({ line, column, message }), true),
  }, maxCellChars);
  return { records, errors };
}

describe('tokenizeCsv', () => {
  it('inverts encodeCsvRow for any cells, with LF or CRLF, and counts lines', () => {
    const cell = fc.string({ unit: 'grapheme', maxLength: 8 }).chain((s) => fc.constantFrom(s, `"${s}"`, `${s},${s}`, `${s}\n${s}`, `${s}\r\n`));
    // Rows of at least 2 cells, or 1 non-empty cell: a lone empty cell is an empty line, which is skipped.
    const row = fc.array(cell, { minLength: 1, maxLength: 5 }).filter((r) => r.length > 1 || r[0] !== '');
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (rows, eol, trailing) => {
      const lines = rows.map((r) => encodeCsvRow(r));
      const text = lines.join(eol) + (trailing ? eol : '');
      const { records, errors } = tokenize(text);
      expect(errors).toEqual([]);
      expect(records.map((r) => r.cells)).toEqual(rows);
      let expectedLine = 1;
      records.forEach((r, k) => {
        expect(r.line).toBe(expectedLine);
        expectedLine += 1 + (lines[k]!.match(/\r\n|\n|\r/g)?.length ?? 0);
      });
    }), { numRuns: 500 });
  });

  it('reports structural errors at the record start line and cell index, then continues', () => {
    const { records, errors } = tokenize('a,b\n"x\ny",ok\n1,2"3\n4,"5"6\nlast,row\n');
    expect(records.map((r) => [r.line, ...r.cells])).toEqual([[1, 'a', 'b'], [2, 'x\ny', 'ok'], [6, 'last', 'row']]);
    expect(errors.map((e) => [e.line, e.column])).toEqual([[4, 2], [5, 2]]);
  });

  it('reports an unclosed quote at the record start, naming the line of the quote', () => {
    const { errors } = tokenize('a,b\n1,"two\nthree\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 2, column: 2 });
    expect(errors[0]!.message).toMatch(/starts on line 2/);
  });

  it('enforces the cell limit on quoted and unquoted cells', () => {
    const { records, errors } = tokenize('abc,"abcdef"\nabcdef,x\nabcde,"abcde"\n', 5);
    expect(errors.map((e) => [e.line, e.column])).toEqual([[1, 2], [2, 1]]);
    expect(records.map((r) => r.cells)).toEqual([['abcde', 'abcde']]); // exactly at the limit is fine
  });
});
