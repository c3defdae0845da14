/**
 * validateDataset: the reader's checks for a Dataset built in memory (the
 * generator, the Neo4j loader). Every field is checked against the contract
 * (types, ranges, enums, the defaults a complete Dataset carries), then every
 * rule between fields and records; all issues are collected (capped per table)
 * and thrown as one DataError.
 */
import { TABLES, type Dataset, type TableName } from '../model/schema.ts';
import { DataError } from './errors.ts';
import { INVALID, describe, fieldFromValue, invalidReason, isMissingValue } from './fields.ts';
import { IssueList } from './issues.ts';
import { checkMeta } from './meta.ts';
import { checkReferences, type Locate } from './references.ts';
import { DEFAULTED, FIELDS, RECORD_RULES } from './tables.ts';

/** In-memory records are named by their JSON path: `loans[3].bank_id`. */
const memoryLocate: Locate = (table, row, field) => ({ file: table, field: `${table}[${row}].${field}` });

/**
 * Field-level and record-level checks of typed records (JSON and in-memory
 * datasets). Unknown keys are errors here: in memory, additional attributes
 * belong under `extra` (string values).
 */
export function checkTypedRecords(table: TableName, rows: readonly unknown[], locate: Locate, out: IssueList, complete: boolean): void {
  const specs = FIELDS[table];
  const known = new Set(specs.map((s) => s.name));
  const defaulted = DEFAULTED[table] ?? [];
  const rules = RECORD_RULES[table] ?? [];
  for (let i = 0; i < rows.length; i++) {
    const rec = rows[i];
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
      out.add({ ...locate(table, i, ''), message: `expected an object with fields ${specs.filter((s) => s.required).map((s) => s.name).join(', ')}, got ${JSON.stringify(rec)?.slice(0, 40)}` });
      continue;
    }
    const r = rec as Record<string, unknown>;
    let bad = false;
    for (const spec of specs) {
      const v = r[spec.name];
      if (isMissingValue(v)) {
        if (spec.required || (complete && defaulted.includes(spec.name))) {
          out.add({ ...locate(table, i, spec.name), message: `missing value: expected ${describe(spec)}` });
          bad = true;
        } else if (v !== undefined && complete) {
          out.add({ ...locate(table, i, spec.name), message: `expected ${describe(spec)} or the field left out, got ${JSON.stringify(v)}` });
          bad = true;
        }
        continue;
      }
      if (fieldFromValue(spec, v) === INVALID) {
        out.add({ ...locate(table, i, spec.name), message: invalidReason });
        bad = true;
      }
    }
    for (const key of Object.keys(r)) {
      if (known.has(key)) continue;
      if (key === 'extra') {
        const e = r.extra;
        const ok = e !== null && typeof e === 'object' && !Array.isArray(e) &&
          Object.entries(e).every(([k, x]) => typeof x === 'string' && x.trim() !== '' && !known.has(k));
        if (!ok) {
          out.add({ ...locate(table, i, 'extra'), message: 'expected an object of non-empty string values keyed by names that are not standard columns' });
          bad = true;
        }
      } else {
        out.add({ ...locate(table, i, key), message: `unknown field '${key}' (expected one of ${[...known].join(', ')}; keep other attributes under extra)` });
        bad = true;
      }
    }
    if (bad) continue;
    for (const rule of rules) {
      const message = rule.check(r);
      if (message !== undefined) out.add({ ...locate(table, i, rule.field), message });
    }
  }
}

/** Throws DataError listing every issue of `ds`; returns normally when `ds` meets the contract. */
export function validateDataset(ds: Dataset): void {
  const out = new IssueList();
  checkMeta(ds.meta, 'meta', out, 'meta.', true);
  for (const table of TABLES) {
    const rows = (ds as unknown as Record<string, unknown>)[table];
    if (!Array.isArray(rows)) {
      out.add({ file: table, field: table, message: `expected an array of ${table} records, got ${typeof rows}` });
      continue;
    }
    checkTypedRecords(table, rows, memoryLocate, out, true);
  }
  if (out.size === 0) checkReferences(ds, memoryLocate, out);
  if (out.size > 0) throw new DataError(out.issues, out.truncated);
}
