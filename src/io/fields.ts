/**
 * Field types of the dataset contract (docs/dataset-format.md) and the one place
 * that turns a cell into a value. Every reader goes through here: CSV and the XML
 * formats hand over text (`fieldFromText`), JSON and in-memory datasets hand over
 * typed values (`fieldFromValue`); both end in the same range check, so the
 * formats cannot drift apart in what they accept.
 *
 * Hot path of the 1M-firm load: no allocation on success, failures return the
 * `INVALID` sentinel and leave their message in `invalidReason`.
 */

export type FieldKind = 'text' | 'number' | 'int' | 'bool' | 'date' | 'enum' | 'list';

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  readonly required?: boolean;
  /** Allowed values of an enum, or of every item of a list. */
  readonly values?: readonly string[];
  /** Syntax of a text value or of every list item, with an example for messages. */
  readonly pattern?: { readonly re: RegExp; readonly what: string };
  readonly min?: number;
  /** True when `min` itself is not allowed (capital > 0, share in (0, 1]). */
  readonly minExclusive?: boolean;
  readonly max?: number;
  /** Shown in "expected …" messages. */
  readonly example: string;
  /**
   * Firm, bank and park ids ('declares') and references to them: readers keep one
   * string per distinct id (the same firm id appears in millions of loan,
   * guarantee and supply rows).
   */
  readonly nodeId?: 'declares' | 'references';
}

export const INVALID: unique symbol = Symbol('invalid');
export type Parsed = unknown;
/** Why the last call returned INVALID (an "expected …, got …" sentence). */
export let invalidReason = '';

/** An empty cell, `""` or only whitespace is a missing value (DATA_FORMAT.md clarifications). */
export function isMissingText(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  // Fast exit for the common case: a cell that starts with a visible character.
  if (c > 32 && c !== 0xa0 && c !== 0x3000 && c !== 0xfeff) return false;
  return text.trim() === '';
}

// Plain decimal syntax only: no hex, no thousands separators, no units, no NaN/Infinity.
const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INT_RE = /^[+-]?\d+$/;

function shown(text: string): string {
  return text.length > 40 ? `'${text.slice(0, 40)}…'` : `'${text}'`;
}

function fail(spec: FieldSpec, got: string, extra = ''): typeof INVALID {
  invalidReason = `expected ${describe(spec)}${extra}, got ${got}`;
  return INVALID;
}

/** "a number ≥ 0 like 1200.5" — what the field accepts, in words. */
export function describe(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'text':
      return spec.pattern ? spec.pattern.what : 'text';
    case 'number':
    case 'int': {
      const noun = spec.kind === 'int' ? 'an integer' : 'a number';
      return `${noun}${range(spec)} like ${spec.example}`;
    }
    case 'bool':
      return 'true/false (or 1/0)';
    case 'date':
      return 'an ISO date YYYY-MM-DD like 2025-12-31';
    case 'enum':
      return `one of ${spec.values!.join('|')}`;
    case 'list':
      return spec.values
        ? `a ;-separated list of ${spec.values.join('|')}`
        : `a ;-separated list of ${spec.pattern ? spec.pattern.what : 'items'}`;
  }
}

function range(spec: FieldSpec): string {
  const lo = spec.min, hi = spec.max;
  if (lo !== undefined && hi !== undefined) return ` in ${spec.minExclusive ? '(' : '['}${lo}, ${hi}]`;
  if (lo !== undefined) return spec.minExclusive ? ` > ${lo}` : ` ≥ ${lo}`;
  if (hi !== undefined) return ` ≤ ${hi}`;
  return '';
}

function inRange(spec: FieldSpec, v: number): boolean {
  if (spec.min !== undefined && (spec.minExclusive ? !(v > spec.min) : !(v >= spec.min))) return false;
  if (spec.max !== undefined && !(v <= spec.max)) return false;
  return true;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar date `YYYY-MM-DD` (2025-02-29 is not one). Char codes, no regex: it runs per cell. */
export function isIsoDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const y = digits(text, 0, 4), mo = digits(text, 5, 7), d = digits(text, 8, 10);
  if (y < 0 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!);
}

/** The decimal value of text[from, to) when it is all ASCII digits, else -1. */
function digits(text: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * For a string that Number() turned into a finite value: true unless it used a
 * 0x/0o/0b prefix, the only finite non-decimal forms Number() accepts once the
 * string carries no surrounding whitespace (test/io/validate.test.ts compares
 * this with NUMBER_RE on random strings).
 */
function isPlainDecimal(t: string): boolean {
  if (t.length < 2 || t.charCodeAt(0) !== 48) return true;
  const c = t.charCodeAt(1) | 0x20;
  return c !== 120 && c !== 111 && c !== 98; // x, o, b
}

/** Trims only when needed: most cells start and end with a visible ASCII character. */
function trimmed(text: string): string {
  const a = text.charCodeAt(0), b = text.charCodeAt(text.length - 1);
  return a > 32 && a < 127 && b > 32 && b < 127 ? text : text.trim();
}

/**
 * A present (non-missing) text cell → value, or INVALID. Numbers, booleans, dates
 * and enums are compared after trimming surrounding whitespace; text keeps every
 * character so that names round-trip byte for byte.
 */
export function fieldFromText(spec: FieldSpec, text: string): Parsed {
  switch (spec.kind) {
    case 'text':
      if (spec.pattern && !spec.pattern.re.test(text)) return fail(spec, shown(text));
      return text;
    case 'number': {
      const t = trimmed(text);
      // Number() accepts a superset of the plain decimal syntax (hex, 0o/0b,
      // Infinity, inner whitespace is NaN): convert first, then rule out the extras,
      // which is cheaper per cell than a regex over every value.
      const v = Number(t);
      if (!Number.isFinite(v)) {
        return NUMBER_RE.test(t) ? fail(spec, shown(text), ' (this value overflows to Infinity)') : fail(spec, shown(text));
      }
      if (!isPlainDecimal(t)) return fail(spec, shown(text));
      return checkNumber(spec, v, text);
    }
    case 'int': {
      const t = trimmed(text);
      if (!INT_RE.test(t)) return fail(spec, shown(text));
      const v = Number(t);
      if (!Number.isSafeInteger(v)) return fail(spec, shown(text), ' (beyond ±2^53)');
      return checkNumber(spec, v, text);
    }
    case 'bool': {
      const t = trimmed(text);
      if (t === '1') return true;
      if (t === '0') return false;
      const l = t.toLowerCase();
      if (l === 'true') return true;
      if (l === 'false') return false;
      return fail(spec, shown(text));
    }
    case 'date': {
      const t = trimmed(text);
      return isIsoDate(t) ? t : fail(spec, shown(text));
    }
    case 'enum': {
      const t = trimmed(text);
      return spec.values!.includes(t) ? t : fail(spec, shown(text));
    }
    case 'list': {
      const items: string[] = [];
      for (const raw of text.split(';')) {
        const item = raw.trim();
        if (item === '') continue;
        if (!listItemOk(spec, item)) return fail(spec, `item ${shown(item)}`);
        items.push(item);
      }
      return items;
    }
  }
}

function listItemOk(spec: FieldSpec, item: string): boolean {
  if (spec.values) return spec.values.includes(item);
  if (spec.pattern) return spec.pattern.re.test(item);
  return item.indexOf(';') < 0;
}

function checkNumber(spec: FieldSpec, v: number, text: string): Parsed {
  return inRange(spec, v) ? v : fail(spec, shown(text));
}

/** True when a typed value (JSON, in-memory) stands for "missing". */
export function isMissingValue(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function jsonShown(value: unknown): string {
  if (typeof value === 'string') return `the string ${shown(value)}`;
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * A present typed value → the same value checked against the field, or INVALID.
 * Types must match exactly (a JSON number for a number, a boolean for a boolean,
 * an array for a list): converting "12" silently would hide a broken export.
 */
export function fieldFromValue(spec: FieldSpec, value: unknown): Parsed {
  switch (spec.kind) {
    case 'text':
      if (typeof value !== 'string') return fail(spec, jsonShown(value), ' (a string)');
      if (spec.pattern && !spec.pattern.re.test(value)) return fail(spec, shown(value));
      return value;
    case 'number':
    case 'int':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(spec, jsonShown(value), ' (a finite number)');
      if (spec.kind === 'int' && !Number.isSafeInteger(value)) return fail(spec, jsonShown(value));
      return checkNumber(spec, value, String(value));
    case 'bool':
      return typeof value === 'boolean' ? value : fail(spec, jsonShown(value), ' (a boolean)');
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? value : fail(spec, jsonShown(value));
    case 'enum':
      return typeof value === 'string' && spec.values!.includes(value) ? value : fail(spec, jsonShown(value));
    case 'list': {
      if (!Array.isArray(value)) return fail(spec, jsonShown(value), ' (an array)');
      for (const item of value) {
        if (typeof item !== 'string' || item.trim() !== item || item === '' || !listItemOk(spec, item)) {
          return fail(spec, `item ${jsonShown(item)}`);
        }
      }
      return value.slice();
    }
  }
}
