/** stableJson: the oracle is JSON.stringify itself (after key sorting), plus hand-written cases. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableJson, toJsonValue } from '../../src/report/index.ts';

describe('stableJson', () => {
  it('parses back to what JSON.stringify gives for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(JSON.parse(stableJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
    }));
  });

  it('does not depend on the order in which keys were inserted', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (d) => {
      const reversed = Object.fromEntries(Object.entries(d).reverse());
      expect(stableJson(reversed)).toBe(stableJson(d));
    }));
  });

  it('sorts keys at every depth', () => {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 3 } }, 0)).toBe('{"a":{"c":3,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('turns typed arrays into arrays and NaN / Infinity into null', () => {
    const v = { f: new Float64Array([1, Number.NaN, 2.5, Number.POSITIVE_INFINITY]), i: new Int32Array([-3, 7]), u: new Uint8Array([255]) };
    expect(stableJson(v, 0)).toBe('{"f":[1,null,2.5,null],"i":[-3,7],"u":[255]}');
  });

  it('turns Maps into objects, Sets into arrays and bigints into strings', () => {
    expect(toJsonValue({ m: new Map([['b', 2], ['a', 1]]), s: new Set(['x', 'y']), n: 12345678901234567890n })).toEqual({ m: { a: 1, b: 2 }, s: ['x', 'y'], n: '12345678901234567890' });
    expect(stableJson(new Map([['b', 2], ['a', 1]]), 0)).toBe('{"a":1,"b":2}');
  });

  it('keeps a data key named __proto__ (JSON.parse makes it an own property)', () => {
    expect(stableJson(JSON.parse('{"b":2,"__proto__":{"a":1}}'), 0)).toBe('{"__proto__":{"a":1},"b":2}');
  });

  it('prints null for undefined at the top level and keeps Unicode as is', () => {
    expect(stableJson(undefined)).toBe('null');
    expect(stableJson({ name: '信链 <b>' }, 0)).toBe('{"name":"信链 <b>"}');
  });
});
