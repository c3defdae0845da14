/** validateDataset on in-memory datasets, the field parsers, the record factories and the JSON error locator. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/io/errors.ts';
import { INVALID, fieldFromText, isIsoDate } from '../../src/io/fields.ts';
import { readDataset, validateDataset } from '../../src/io/index.ts';
import { jsonErrorOffset } from '../../src/io/json-syntax.ts';
import { FIELDS, MAKE_RECORD } from '../../src/io/tables.ts';
import { COLUMNS, TABLES, type Dataset } from '../../src/model/schema.ts';
import { VALID } from './helpers.ts';

const fixture = async (): Promise<Dataset> => (await readDataset(VALID)).dataset;
function issuesOf(ds: Dataset) {
  try {
    validateDataset(ds);
  } catch (e) {
    if (e instanceof DataError) return e.issues;
    throw e;
  }
  return [];
}

describe('validateDataset', () => {
  it('accepts the fixture as read', async () => {
    expect(issuesOf(await fixture())).toEqual([]);
  });

  it('names in-memory issues by table and JSON path', async () => {
    const ds = await fixture();
    ds.loans[2] = { ...ds.loans[2]!, rate: 3.85 };
    ds.firms[4] = { ...ds.firms[4]!, lgd: undefined as unknown as number };
    expect(issuesOf(ds).map((i) => [i.file, i.field])).toEqual([['firms', 'firms[4].lgd'], ['loans', 'loans[2].rate']]);
  });

  it('runs the cross-record rules', async () => {
    const ds = await fixture();
    ds.guarantees.push({ id: 'G99', guarantor_id: 'F01', borrower_id: 'F404', amount: 1 });
    ds.ownership.push({ owner_id: 'F09', owned_id: 'F04', share: 1e-6 }); // F03 already owns 1 of F04
    expect(issuesOf(ds).map((i) => i.field)).toEqual(['guarantees[6].borrower_id', 'ownership[5].share']);
  });

  it('accepts a share sum within 1e-9 of 1 and rejects one beyond', async () => {
    const ds = await fixture();
    ds.ownership.push({ owner_id: 'F09', owned_id: 'F04', share: 5e-10 }); // 1 + 5e-10 ≤ 1 + 1e-9
    expect(issuesOf(ds)).toEqual([]);
    ds.ownership.push({ owner_id: 'F08', owned_id: 'F04', share: 1e-9 }); // 1 + 1.5e-9 > 1 + 1e-9
    expect(issuesOf(ds).map((i) => i.field)).toEqual(['ownership[6].share']);
  });

  it('refuses unknown fields and non-string extra values', async () => {
    const ds = await fixture();
    (ds.banks[0] as unknown as Record<string, unknown>).swift = 'X';
    (ds.banks[1] as unknown as Record<string, unknown>).extra = { n: 1 };
    expect(issuesOf(ds).map((i) => i.field)).toEqual(['banks[0].swift', 'banks[1].extra']);
  });
});

describe('field parsing', () => {
  it('accepts plain decimals and exponents only', () => {
    const assets = FIELDS.firms.find((f) => f.name === 'assets')!;
    for (const ok of ['0', '12', '12.5', '.5', '5.', '+3', '1e3', '1E-3', ' 7 ']) expect(fieldFromText(assets, ok)).not.toBe(INVALID);
    for (const bad of ['NaN', 'Infinity', '-Infinity', '0x10', '1,000', '5%', '3万', '1e', '--1', '1e400', '١٢']) expect(fieldFromText(assets, bad)).toBe(INVALID);
  });

  it('accepts exactly the strings of the plain decimal grammar that are finite', () => {
    const equity = FIELDS.firms.find((f) => f.name === 'equity')!; // a number with no range
    const grammar = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
    const chars = fc.constantFrom(...'0123456789+-.eExXoObBInfityNa ,%_\u00a0\u3000１'.split(''));
    fc.assert(fc.property(fc.array(chars, { minLength: 1, maxLength: 8 }).map((a) => a.join('')), (s) => {
      fc.pre(s.trim() !== '');
      const t = s.trim();
      const expected = grammar.test(t) && Number.isFinite(Number(t));
      expect(fieldFromText(equity, s) !== INVALID).toBe(expected);
    }), { numRuns: 20000 });
  });

  it('isIsoDate agrees with the proleptic Gregorian calendar of Date.UTC', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
      const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const t = new Date(0);
      t.setUTCFullYear(y, m - 1, d);
      const real = m >= 1 && m <= 12 && d >= 1 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
      expect(isIsoDate(s)).toBe(real);
    }), { numRuns: 3000 });
  });

  it('MAKE_RECORD builds every field in FIELDS order, and FIELDS matches COLUMNS', () => {
    for (const t of TABLES) {
      const names = FIELDS[t].map((f) => f.name);
      expect(names).toEqual([...COLUMNS[t]]);
      expect(Object.keys(MAKE_RECORD[t](names))).toEqual(names);
      expect(Object.values(MAKE_RECORD[t](names))).toEqual(names);
    }
  });
});

describe('jsonErrorOffset', () => {
  it('finds no error in any JSON.stringify output', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(jsonErrorOffset(JSON.stringify(v, null, 1))).toBe(-1);
    }));
  });

  it('finds an error exactly when JSON.parse fails, after deleting one character', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.nat(), (v, k) => {
      const s = JSON.stringify(v);
      const at = k % s.length;
      const broken = s.slice(0, at) + s.slice(at + 1);
      let parses = true;
      try {
        JSON.parse(broken);
      } catch {
        parses = false;
      }
      expect(jsonErrorOffset(broken) >= 0).toBe(!parses);
    }), { numRuns: 2000 });
  });
});
