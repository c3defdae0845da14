/**
 * Reads a dataset folder: dataset.json plus one CSV file per table
 * (docs/dataset-format.md). Every file is decoded and checked in full, issues are
 * collected up to the per-file cap, then the cross-record rules run on the whole
 * dataset; the caller gets either a complete Dataset or a DataError, never half.
 */
import { readFile, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { REQUIRED_TABLES, TABLES, type Dataset, type TableName } from '../../model/schema.ts';
import type { DataIssue } from '../errors.ts';
import { INVALID, describe, fieldFromText, invalidReason, isMissingText, type FieldSpec } from '../fields.ts';
import type { IssueList } from '../issues.ts';
import { jsonErrorOffset } from '../json-syntax.ts';
import { checkMeta } from '../meta.ts';
import type { Locate } from '../references.ts';
import { FIELDS, MAKE_RECORD, RECORD_RULES, applyDefaults } from '../tables.ts';
import { tokenizeCsv } from './parse.ts';

export interface CsvReadLimits {
  /** Longest accepted cell, in characters. */
  maxCellChars: number;
}

export interface CsvFolderRead {
  dataset: Dataset;
  warnings: DataIssue[];
  /** Where each record came from, for the cross-record checks. */
  locate: Locate;
}

/** `ENOENT` → undefined; other errors propagate (permissions are not a data problem). */
async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

const BOM = 0xfeff;

/**
 * Bytes → text: invalid UTF-8 is a whole-file error (a GBK export read as UTF-8
 * would silently turn every name into mojibake); a leading BOM is dropped.
 */
export function decodeUtf8(bytes: Buffer, file: string, out: IssueList): string | undefined {
  if (!isUtf8(bytes)) {
    out.add({ file, message: 'not valid UTF-8 (expected UTF-8 text, with or without BOM; re-save a GBK/GB18030 export as UTF-8)' });
    return undefined;
  }
  let text: string;
  try {
    text = bytes.toString('utf8');
  } catch {
    out.add({ file, message: `file of ${bytes.length} bytes is larger than the largest text this reader can hold (split the table or use fewer columns)` });
    return undefined;
  }
  return text.charCodeAt(0) === BOM ? text.slice(1) : text;
}

/** 1-based line of a character offset (for JSON syntax errors). */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Reads and checks dataset.json of a folder; undefined after adding issues. */
export async function readMetaFile(dir: string, out: IssueList): Promise<Dataset['meta'] | undefined> {
  const file = 'dataset.json';
  const bytes = await readIfExists(path.join(dir, file));
  if (bytes === undefined) {
    out.add({ file, message: 'missing file: expected dataset.json with at least {"name": "…", "formatVersion": 1}' });
    return undefined;
  }
  if (bytes.length === 0) {
    out.add({ file, message: 'empty file: expected a JSON object like {"name": "…", "formatVersion": 1}' });
    return undefined;
  }
  const text = decodeUtf8(bytes, file, out);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = jsonErrorOffset(text);
    out.add({ file, ...(at >= 0 ? { line: lineOfOffset(text, at) } : {}), message: `invalid JSON: ${(e as Error).message}` });
    return undefined;
  }
  return checkMeta(value, file, out);
}

interface TableRead {
  rows: Record<string, unknown>[];
  lines: number[];
  /** 1-based column of each header name. */
  columns: Map<string, number>;
}

/** Parses one table's text; records with issues are left out (the read fails anyway). */
export function readTableText(
  table: TableName, file: string, text: string, limits: CsvReadLimits, out: IssueList, warnings: DataIssue[],
  ids: Map<string, string> = new Map(),
): TableRead {
  const specs = FIELDS[table];
  const rules = RECORD_RULES[table] ?? [];
  const makeRecord = MAKE_RECORD[table];
  const values: unknown[] = new Array(specs.length);
  const result: TableRead = { rows: [], lines: [], columns: new Map() };
  let header: string[] | undefined;
  let colOf: Int32Array = new Int32Array(0);
  let extraCols: number[] = [];
  let extraNames: string[] = [];

  const readHeader = (cells: string[], count: number, line: number): boolean => {
    header = [];
    let ok = true;
    for (let j = 0; j < count; j++) {
      const name = cells[j]!.trim();
      header.push(name);
      if (name === '') {
        out.add({ file, line, column: j + 1, message: 'empty column name in the header (expected a name like id)' });
        ok = false;
      } else if (result.columns.has(name)) {
        out.add({ file, line, column: j + 1, field: name, message: `duplicate column '${name}' in the header (first at column ${result.columns.get(name)})` });
        ok = false;
      } else result.columns.set(name, j + 1);
    }
    colOf = new Int32Array(specs.length).fill(-1);
    for (let f = 0; f < specs.length; f++) {
      const spec = specs[f]!;
      const c = result.columns.get(spec.name);
      if (c !== undefined) colOf[f] = c - 1;
      else if (spec.required) {
        out.add({ file, line, field: spec.name, message: `missing required column '${spec.name}' (the header must name ${specs.filter((s) => s.required).map((s) => s.name).join(', ')})` });
        ok = false;
      }
    }
    const known = new Set(specs.map((s) => s.name));
    extraCols = [];
    for (let j = 0; j < header.length; j++) if (header[j] !== '' && !known.has(header[j]!)) extraCols.push(j);
    extraNames = extraCols.map((j) => header![j]!);
    if (extraCols.length > 0) {
      warnings.push({ file, line, column: extraCols[0]! + 1, field: extraNames[0], message: `unknown column${extraCols.length > 1 ? 's' : ''} ${extraNames.map((x) => `'${x}'`).join(', ')} kept as attributes (extra)` });
    }
    return ok;
  };

  const badCell = (line: number, col: number, spec: FieldSpec, message: string) => {
    out.add({ file, line, column: col + 1, field: spec.name, message });
  };

  tokenizeCsv(text, {
    error(line, column, message) {
      out.add({ file, line, column, message });
      return !out.full(file);
    },
    record(cells, count, line) {
      if (header === undefined) return readHeader(cells, count, line);
      if (count !== header.length) {
        out.add({ file, line, message: `expected ${header.length} cells as in the header, got ${count}` });
        return !out.full(file);
      }
      let bad = false;
      for (let f = 0; f < specs.length; f++) {
        values[f] = undefined;
        const col = colOf[f]!;
        if (col < 0) continue;
        const spec = specs[f]!;
        const cell = cells[col]!;
        if (isMissingText(cell)) {
          if (spec.required) {
            badCell(line, col, spec, `missing value: expected ${describe(spec)}`);
            bad = true;
          }
          continue;
        }
        if (spec.nodeId !== undefined) {
          // One string per distinct firm/bank/park id (see FieldSpec.nodeId).
          if (spec.nodeId === 'declares') {
            ids.set(cell, cell);
            values[f] = cell;
          } else values[f] = ids.get(cell) ?? cell;
          continue;
        }
        const v = fieldFromText(spec, cell);
        if (v === INVALID) {
          badCell(line, col, spec, invalidReason);
          bad = true;
        } else values[f] = v;
      }
      if (bad) return !out.full(file);
      const rec = makeRecord(values);
      if (extraCols.length > 0) {
        let extra: Record<string, string> | undefined;
        for (let e = 0; e < extraCols.length; e++) {
          const cell = cells[extraCols[e]!]!;
          if (isMissingText(cell)) continue;
          (extra ??= {})[extraNames[e]!] = cell;
        }
        if (extra !== undefined) rec.extra = extra;
      }
      for (const rule of rules) {
        const message = rule.check(rec);
        if (message !== undefined) {
          out.add({ file, line, column: result.columns.get(rule.field), field: rule.field, message });
          bad = true;
        }
      }
      if (bad) return !out.full(file);
      applyDefaults(table, rec);
      result.rows.push(rec);
      result.lines.push(line);
      return true;
    },
  }, limits.maxCellChars);

  if (header === undefined) {
    out.add({ file, message: `empty file: expected a header line naming the columns (${specs.filter((s) => s.required).map((s) => s.name).join(', ')}, …)` });
  }
  return result;
}

export async function readCsvFolder(dir: string, limits: CsvReadLimits, out: IssueList): Promise<CsvFolderRead | undefined> {
  const warnings: DataIssue[] = [];
  const meta = await readMetaFile(dir, out);
  const reads = new Map<TableName, TableRead>();
  const ids = new Map<string, string>();
  for (const table of TABLES) {
    const file = `${table}.csv`;
    const bytes = await readIfExists(path.join(dir, file));
    if (bytes === undefined) {
      if (REQUIRED_TABLES.includes(table)) out.add({ file, message: `missing file: ${file} is required (a header line alone is fine for an empty table)` });
      reads.set(table, { rows: [], lines: [], columns: new Map() });
      continue;
    }
    if (bytes.length === 0) {
      out.add({ file, message: `empty file (0 bytes): expected at least a header line naming the columns (${FIELDS[table].filter((s) => s.required).map((s) => s.name).join(', ')}, …)` });
      continue;
    }
    const text = decodeUtf8(bytes, file, out);
    if (text === undefined) continue;
    reads.set(table, readTableText(table, file, text, limits, out, warnings, ids));
  }
  if (out.size > 0 || meta === undefined) return undefined;
  const dataset = { meta } as Dataset;
  for (const table of TABLES) (dataset as unknown as Record<string, unknown>)[table] = reads.get(table)!.rows;
  const locate: Locate = (table, row, field) => {
    const r = reads.get(table)!;
    const column = r.columns.get(field);
    return { file: `${table}.csv`, line: r.lines[row], ...(column !== undefined ? { column } : {}), field };
  };
  return { dataset, warnings, locate };
}

/** True when `p` is a directory (a CSV dataset folder). */
export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
