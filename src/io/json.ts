/**
 * The single-file JSON form: `{ "meta": {...}, "parks": [...], "banks": [...], … }`
 * with the CSV column names as keys, numbers as JSON numbers, booleans as
 * booleans, flags / lead_industries as arrays and `extra` as an object of strings.
 * The same field specs and cross-record rules as CSV apply; issues name the JSON
 * path (`firms[12].pd`) and the line where the record starts.
 */
import { readFile } from 'node:fs/promises';
import { REQUIRED_TABLES, TABLES, type Dataset, type TableName } from '../model/schema.ts';
import { writeFileAtomic } from './atomic.ts';
import { decodeUtf8, lineOfOffset } from './csv/read.ts';
import type { DataIssue } from './errors.ts';
import { checkFileSize } from './file-size.ts';
import { isMissingValue } from './fields.ts';
import { jsonErrorOffset } from './json-syntax.ts';
import type { IssueList } from './issues.ts';
import { checkMeta } from './meta.ts';
import type { Locate } from './references.ts';
import { FIELDS, MAKE_RECORD, applyDefaults } from './tables.ts';
import { checkTypedRecords } from './validate.ts';

export interface SingleFileRead {
  dataset: Dataset;
  warnings: DataIssue[];
  locate: Locate;
}

/** Reads the file as UTF-8 text after the size sanity check; undefined after an issue. */
export async function readTextFile(file: string, maxBytes: number, out: IssueList): Promise<string | undefined> {
  if (!(await checkFileSize(file, maxBytes, out))) return undefined;
  return decodeUtf8(await readFile(file), file, out);
}

/**
 * Typed records (from JSON, or JSON-valued attributes of the XML formats) → Dataset
 * records: unknown string-valued keys move to `extra` with one warning per table,
 * the rest is checked by checkTypedRecords, defaults are applied.
 */
export function recordsFromTyped(table: TableName, rows: unknown[], file: string, locate: Locate, out: IssueList, warnings: DataIssue[]): Record<string, unknown>[] {
  const specs = FIELDS[table];
  const known = new Set(specs.map((s) => s.name));
  const unknown = new Set<string>();
  let firstUnknown: { row: number; key: string } | undefined;
  const prepared = rows.map((rec, i) => {
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return rec;
    let copy: Record<string, unknown> | undefined;
    for (const [key, v] of Object.entries(rec)) {
      if (known.has(key) || key === 'extra' || typeof v !== 'string') continue;
      copy ??= { ...rec, extra: { ...((rec as { extra?: object }).extra ?? {}) } };
      delete copy[key];
      if (v.trim() !== '') (copy.extra as Record<string, string>)[key] = v;
      if (!unknown.has(key)) {
        unknown.add(key);
        firstUnknown ??= { row: i, key };
      }
    }
    if (copy && Object.keys(copy.extra as object).length === 0) delete copy.extra;
    return copy ?? rec;
  });
  if (firstUnknown !== undefined) {
    warnings.push({ ...locate(table, firstUnknown.row, firstUnknown.key), file, message: `unknown field${unknown.size > 1 ? 's' : ''} ${[...unknown].map((k) => `'${k}'`).join(', ')} in ${table} kept as attributes (extra)` });
  }
  const before = out.size;
  checkTypedRecords(table, prepared, locate, out, false);
  if (out.size > before) return [];
  return prepared.map((rec) => {
    const src = rec as Record<string, unknown>;
    const r = MAKE_RECORD[table](specs.map((spec) => {
      const v = src[spec.name];
      return isMissingValue(v) ? undefined : Array.isArray(v) ? v.slice() : v;
    }));
    if (src.extra !== undefined && Object.keys(src.extra as object).length > 0) r.extra = { ...(src.extra as object) };
    applyDefaults(table, r);
    return r;
  });
}

/**
 * Start line of each element of each top-level array, found by a light scan
 * that tracks strings and nesting depth; run only when there is an issue to place.
 */
function recordLines(text: string): Map<string, number[]> {
  const result = new Map<string, number[]>();
  let depth = 0, line = 1, key = '', current: number[] | undefined;
  let lastString = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      lastString = text.slice(i + 1, j);
      i = j;
    } else if (c === 58 && depth === 1) key = lastString;
    else if (c === 123 || c === 91) {
      if (depth === 1 && c === 91) {
        current = [];
        result.set(key, current);
      } else if (depth === 2 && current !== undefined) current.push(line);
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 1) current = undefined;
    }
  }
  return result;
}

export async function readJsonFile(file: string, maxBytes: number, out: IssueList): Promise<SingleFileRead | undefined> {
  const text = await readTextFile(file, maxBytes, out);
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const at = jsonErrorOffset(text);
    out.add({ file, ...(at >= 0 ? { line: lineOfOffset(text, at) } : {}), message: `invalid JSON: ${(e as Error).message}` });
    return undefined;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    out.add({ file, message: 'expected a JSON object like { "meta": {...}, "firms": [...], "banks": [...], "loans": [...], "guarantees": [...] }' });
    return undefined;
  }
  const top = doc as Record<string, unknown>;
  let lines: Map<string, number[]> | undefined;
  const locate: Locate = (table, row, field) => {
    lines ??= recordLines(text);
    const line = lines.get(table)?.[row];
    return { file, ...(line !== undefined ? { line } : {}), field: field === '' ? `${table}[${row}]` : `${table}[${row}].${field}` };
  };
  const warnings: DataIssue[] = [];
  const meta = checkMeta(top.meta, file, out, 'meta.');
  const dataset = { meta } as Dataset;
  for (const table of TABLES) {
    const rows = top[table];
    if (rows === undefined) {
      if (REQUIRED_TABLES.includes(table)) out.add({ file, field: table, message: `missing "${table}": expected an array of records (may be empty)` });
      (dataset as unknown as Record<string, unknown>)[table] = [];
      continue;
    }
    if (!Array.isArray(rows)) {
      out.add({ file, field: table, message: `expected an array of ${table} records, got ${JSON.stringify(rows)?.slice(0, 40)}` });
      continue;
    }
    (dataset as unknown as Record<string, unknown>)[table] = recordsFromTyped(table, rows, file, locate, out, warnings);
  }
  const extraKeys = Object.keys(top).filter((k) => k !== 'meta' && !(TABLES as readonly string[]).includes(k));
  if (extraKeys.length > 0) warnings.push({ file, message: `unknown top-level key${extraKeys.length > 1 ? 's' : ''} ${extraKeys.map((k) => `'${k}'`).join(', ')} ignored` });
  if (out.size > 0 || meta === undefined) return undefined;
  return { dataset, warnings, locate };
}

export async function writeJsonFile(ds: Dataset, file: string): Promise<void> {
  await writeFileAtomic(file, (w) => {
    w.write(`{\n"meta": ${JSON.stringify(ds.meta)}`);
    for (const table of TABLES) {
      const rows = ds[table] as readonly unknown[];
      w.write(`,\n"${table}": [`);
      for (let i = 0; i < rows.length; i++) w.write(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(rows[i])}`);
      w.write(rows.length > 0 ? '\n]' : ']');
    }
    w.write('\n}\n');
  });
}
