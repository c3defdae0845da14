/**
 * The mapping shared by the GEXF and GraphML forms: parks, banks and firms are
 * nodes (in that order; `type` attribute, `name` as the label), loans,
 * guarantees, supply and ownership rows are directed edges (in that order; `kind`
 * attribute) from bank / guarantor / supplier / owner to borrower / borrower /
 * customer / owned. Every other column is a typed attribute written as its CSV
 * text, `extra` is a JSON-valued attribute, loan and guarantee ids are the
 * `record_id` attribute, and meta and financials (not graph elements) travel as
 * JSON at graph level. Reading parses attribute text with the CSV cell rules.
 */
import { TABLES, type TableName } from '../model/schema.ts';
import { formatCsvValue } from './csv/format.ts';
import { DataError, type DataIssue } from './errors.ts';
import { INVALID, describe, fieldFromText, invalidReason, isMissingText, type FieldKind } from './fields.ts';
import type { IssueList } from './issues.ts';
import { FIELDS, MAKE_RECORD, RECORD_RULES, applyDefaults } from './tables.ts';

export const NODE_TABLES = ['parks', 'banks', 'firms'] as const;
export type NodeTable = (typeof NODE_TABLES)[number];
export const NODE_TYPE: Record<NodeTable, string> = { parks: 'park', banks: 'bank', firms: 'firm' };

export const EDGE_TABLES = ['loans', 'guarantees', 'supply', 'ownership'] as const;
export type EdgeTable = (typeof EDGE_TABLES)[number];
export const EDGE_KIND: Record<EdgeTable, string> = { loans: 'loan', guarantees: 'guarantee', supply: 'supply', ownership: 'ownership' };
/** Source and target columns of each edge table. */
export const ENDPOINTS: Record<EdgeTable, readonly [string, string]> = {
  loans: ['bank_id', 'borrower_id'],
  guarantees: ['guarantor_id', 'borrower_id'],
  supply: ['supplier_id', 'customer_id'],
  ownership: ['owner_id', 'owned_id'],
};
/** The amount an edge carries, written as the edge weight for graph tools (not read back). */
export const EDGE_WEIGHT: Record<EdgeTable, string> = { loans: 'outstanding', guarantees: 'amount', supply: 'value', ownership: 'share' };

export type AttrType = 'string' | 'double' | 'long' | 'boolean';
const ATTR_TYPE: Record<FieldKind, AttrType> = { text: 'string', number: 'double', int: 'long', bool: 'boolean', date: 'string', enum: 'string', list: 'string' };

export interface AttrDecl {
  name: string;
  type: AttrType;
}

/** Node attribute columns: every non-id, non-name field of parks, banks and firms, once. */
export const NODE_ATTRS: readonly AttrDecl[] = declare([{ name: 'type', type: 'string' }], NODE_TABLES, (_t, f) => f !== 'id' && f !== 'name');
/** Edge attribute columns: every field of the edge tables except the endpoints. */
export const EDGE_ATTRS: readonly AttrDecl[] = declare([{ name: 'kind', type: 'string' }, { name: 'record_id', type: 'string' }], EDGE_TABLES, (t, f) => f !== 'id' && !ENDPOINTS[t as EdgeTable].includes(f));

function declare(first: AttrDecl[], tables: readonly TableName[], keep: (t: TableName, f: string) => boolean): AttrDecl[] {
  const out = [...first];
  const seen = new Set(first.map((a) => a.name));
  for (const t of tables) {
    for (const spec of FIELDS[t]) {
      if (!keep(t, spec.name) || seen.has(spec.name)) continue;
      seen.add(spec.name);
      out.push({ name: spec.name, type: ATTR_TYPE[spec.kind] });
    }
  }
  out.push({ name: 'extra', type: 'string' });
  return out;
}

/** XML 1.0 cannot carry C0 controls other than tab/LF/CR, U+FFFE/U+FFFF or lone surrogates. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The attribute text of one record: [attribute name, text] pairs, missing values left out. */
export function recordAttributes(table: TableName, rec: Record<string, unknown>, skip: readonly string[], file: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const spec of FIELDS[table]) {
    if (skip.includes(spec.name)) continue;
    const v = rec[spec.name];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    pairs.push([spec.name, checkXmlText(formatCsvValue(v), file, table, spec.name)]);
  }
  if (rec.extra !== undefined && Object.keys(rec.extra as object).length > 0) {
    pairs.push(['extra', checkXmlText(JSON.stringify(rec.extra), file, table, 'extra')]);
  }
  return pairs;
}

export function checkXmlText(text: string, file: string, table: string, field: string): string {
  if (NOT_XML.test(text)) {
    throw DataError.one({ file, field: `${table}.${field}`, message: `the value ${JSON.stringify(text.slice(0, 40))} holds a character XML 1.0 cannot carry (a control character or a lone surrogate); use csv or json for this dataset` });
  }
  return text;
}

/** One node or edge as read from XML: its table, attribute text by name, and where it was. */
export interface GraphElement {
  table: TableName;
  attrs: Map<string, string>;
  line: number;
}

/**
 * Attribute text → a Dataset record, with the CSV cell rules; issues name the
 * file, the element's line and the attribute. Undefined when the record has issues.
 */
export function recordFromAttributes(el: GraphElement, file: string, out: IssueList): Record<string, unknown> | undefined {
  const specs = FIELDS[el.table];
  const values: unknown[] = new Array(specs.length);
  let bad = false;
  const issue = (field: string, message: string) => {
    out.add({ file, line: el.line, field, message });
    bad = true;
  };
  for (let f = 0; f < specs.length; f++) {
    const spec = specs[f]!;
    const text = el.attrs.get(spec.name);
    if (text === undefined || isMissingText(text)) {
      if (spec.required) issue(spec.name, `missing value: expected ${describe(spec)}`);
      continue;
    }
    const v = fieldFromText(spec, text);
    if (v === INVALID) issue(spec.name, invalidReason);
    else values[f] = v;
  }
  const rec = MAKE_RECORD[el.table](values);
  const extraText = el.attrs.get('extra');
  if (extraText !== undefined) {
    let extra: unknown;
    try {
      extra = JSON.parse(extraText);
    } catch {
      extra = undefined;
    }
    if (extra === null || typeof extra !== 'object' || Array.isArray(extra) || !Object.values(extra).every((x) => typeof x === 'string')) {
      issue('extra', `expected a JSON object of strings like {"note":"x"}, got ${JSON.stringify(extraText.slice(0, 40))}`);
    } else if (Object.keys(extra).length > 0) rec.extra = extra;
  }
  if (bad) return undefined;
  for (const rule of RECORD_RULES[el.table] ?? []) {
    const message = rule.check(rec);
    if (message !== undefined) issue(rule.field, message);
  }
  if (bad) return undefined;
  applyDefaults(el.table, rec);
  return rec;
}

/** Collects elements into tables in document order, remembering lines for the cross-record checks. */
export class DatasetAssembler {
  readonly rows = new Map<TableName, Record<string, unknown>[]>(TABLES.map((t) => [t, []]));
  readonly lines = new Map<TableName, number[]>(TABLES.map((t) => [t, []]));
  constructor(private readonly file: string, private readonly out: IssueList) {}

  add(el: GraphElement): void {
    const rec = recordFromAttributes(el, this.file, this.out);
    if (rec === undefined) return;
    this.rows.get(el.table)!.push(rec);
    this.lines.get(el.table)!.push(el.line);
  }

  locate = (table: TableName, row: number, field: string): Omit<DataIssue, 'message'> => {
    const line = this.lines.get(table)![row];
    return { file: this.file, ...(line !== undefined ? { line } : {}), field };
  };
}
