/**
 * dataset.json (the `meta` of a Dataset): name and formatVersion 1 are required,
 * unit > 0 (default 1), currency default "CNY", asOf an ISO date. Other keys are
 * kept as they are (generators record their parameters there).
 */
import type { DatasetMeta } from '../model/schema.ts';
import { isIsoDate } from './fields.ts';
import type { IssueList } from './issues.ts';

export const DEFAULT_CURRENCY = 'CNY';
export const DEFAULT_UNIT = 1;

/**
 * Checks a parsed dataset.json object and returns it with defaults applied, or
 * undefined after adding its issues. `complete` (in-memory datasets) also requires
 * the defaulted keys, since a Dataset that leaves io/ carries them.
 */
export function checkMeta(value: unknown, file: string, out: IssueList, fieldPrefix = '', complete = false): DatasetMeta | undefined {
  let bad = false;
  const issue = (field: string, message: string) => {
    bad = true;
    out.add({ file, field: fieldPrefix + field, message });
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    out.add({ file, ...(fieldPrefix ? { field: fieldPrefix.replace(/\.$/, '') } : {}), message: `expected a JSON object like {"name": "demo", "formatVersion": 1}, got ${JSON.stringify(value)?.slice(0, 40)}` });
    return undefined;
  }
  const m = value as Record<string, unknown>;
  if (typeof m.name !== 'string' || m.name.trim() === '') issue('name', `expected a non-empty string (the dataset's name), got ${JSON.stringify(m.name) ?? 'nothing'}`);
  if (m.formatVersion !== 1) issue('formatVersion', `expected 1 (the only format version), got ${JSON.stringify(m.formatVersion) ?? 'nothing'}`);
  if (m.currency === undefined ? complete : typeof m.currency !== 'string' || m.currency.trim() === '') {
    issue('currency', `expected an ISO 4217 currency code like "CNY", got ${JSON.stringify(m.currency) ?? 'nothing'}`);
  }
  if (m.unit === undefined ? complete : typeof m.unit !== 'number' || !(m.unit > 0) || !Number.isFinite(m.unit)) {
    issue('unit', `expected a number > 0 (currency units per amount, 10000 = 万元), got ${JSON.stringify(m.unit) ?? 'nothing'}`);
  }
  if (m.asOf !== undefined && (typeof m.asOf !== 'string' || !isIsoDate(m.asOf))) {
    issue('asOf', `expected an ISO date YYYY-MM-DD like "2025-12-31", got ${JSON.stringify(m.asOf)}`);
  }
  if (m.description !== undefined && typeof m.description !== 'string') issue('description', `expected a string, got ${JSON.stringify(m.description)}`);
  if (m.generator !== undefined) {
    const g = m.generator;
    if (g === null || typeof g !== 'object' || Array.isArray(g)) issue('generator', `expected an object like {"seed": 42}, got ${JSON.stringify(g)}`);
    else if ((g as { seed?: unknown }).seed !== undefined && typeof (g as { seed?: unknown }).seed !== 'number') {
      issue('generator.seed', `expected a number, got ${JSON.stringify((g as { seed?: unknown }).seed)}`);
    }
  }
  if (bad) return undefined;
  return { ...m, currency: (m.currency as string | undefined) ?? DEFAULT_CURRENCY, unit: (m.unit as number | undefined) ?? DEFAULT_UNIT } as DatasetMeta;
}
