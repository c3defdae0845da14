/**
 * The reading half shared by GEXF and GraphML: a parsed <node>/<edge> becomes a
 * record of the table named by its `type` / `kind` attribute, and the graph-level
 * JSON (meta, financials) completes the Dataset. Lines point at the element.
 */
import { TABLES, type Dataset } from '../model/schema.ts';
import type { DataIssue } from './errors.ts';
import {
  EDGE_ATTRS, EDGE_KIND, EDGE_TABLES, ENDPOINTS, NODE_ATTRS, NODE_TABLES, NODE_TYPE,
  type DatasetAssembler, type GraphElement,
} from './graph-model.ts';
import type { IssueList } from './issues.ts';
import { recordsFromTyped, type SingleFileRead } from './json.ts';
import { checkMeta } from './meta.ts';
import type { Locate } from './references.ts';

/** Attribute names this reader understands; others are reported once and ignored. */
export const GRAPH_KNOWN_ATTRS: ReadonlySet<string> = new Set([...NODE_ATTRS, ...EDGE_ATTRS].map((a) => a.name));

export interface PendingElement extends GraphElement {
  element: 'node' | 'edge';
  xmlId: string;
  label?: string;
  source?: string;
  target?: string;
}

/** Graph-level JSON texts and the lines of their elements. */
export interface GraphLevel {
  meta: string | undefined;
  financials: string | undefined;
  metaLine: number;
  financialsLine: number;
}

/** A finished <node>/<edge>: its table from `type` / `kind`, ids and endpoints from the XML attributes. */
export function finishElement(el: PendingElement, file: string, out: IssueList, assembler: DatasetAssembler): void {
  if (el.element === 'node') {
    const type = el.attrs.get('type');
    const table = NODE_TABLES.find((t) => NODE_TYPE[t] === type);
    if (table === undefined) {
      out.add({ file, line: el.line, field: 'type', message: `expected node attribute type firm|bank|park, got ${type === undefined ? 'none' : `'${type}'`}` });
      return;
    }
    el.table = table;
    el.attrs.set('id', el.xmlId);
    if (el.label !== undefined) el.attrs.set('name', el.label);
  } else {
    const kind = el.attrs.get('kind');
    const table = EDGE_TABLES.find((t) => EDGE_KIND[t] === kind);
    if (table === undefined) {
      out.add({ file, line: el.line, field: 'kind', message: `expected edge attribute kind loan|guarantee|supply|ownership, got ${kind === undefined ? 'none' : `'${kind}'`}` });
      return;
    }
    el.table = table;
    const [src, dst] = ENDPOINTS[table];
    if (el.source !== undefined) el.attrs.set(src, el.source);
    if (el.target !== undefined) el.attrs.set(dst, el.target);
    const rid = el.attrs.get('record_id');
    if (rid !== undefined) el.attrs.set('id', rid);
  }
  assembler.add(el);
}

function parseJson(text: string | undefined, file: string, line: number, field: string, out: IssueList): { value: unknown } | undefined {
  if (text === undefined) {
    out.add({ file, field, message: `missing the graph-level ${field} JSON (expected a file written by xinlian; see docs/dataset-format.md)` });
    return undefined;
  }
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    out.add({ file, line, field, message: `invalid JSON in the graph-level ${field}: ${(e as Error).message}` });
    return undefined;
  }
}

export function assembleGraphDataset(file: string, level: GraphLevel, assembler: DatasetAssembler, out: IssueList, warnings: DataIssue[]): SingleFileRead | undefined {
  const metaJson = parseJson(level.meta, file, level.metaLine, 'meta', out);
  const meta = metaJson === undefined ? undefined : checkMeta(metaJson.value, file, out, 'meta.');
  const finJson = parseJson(level.financials, file, level.financialsLine, 'financials', out);
  const finLocate: Locate = (table, row, field) => ({ file, line: level.financialsLine, field: field === '' ? `${table}[${row}]` : `${table}[${row}].${field}` });
  let financials: Record<string, unknown>[] = [];
  if (finJson !== undefined) {
    if (!Array.isArray(finJson.value)) out.add({ file, line: level.financialsLine, field: 'financials', message: 'expected a JSON array of financials records' });
    else financials = recordsFromTyped('financials', finJson.value, file, finLocate, out, warnings);
  }
  if (out.size > 0 || meta === undefined) return undefined;
  const dataset = { meta } as Dataset;
  for (const table of TABLES) {
    (dataset as unknown as Record<string, unknown>)[table] = table === 'financials' ? financials : assembler.rows.get(table)!;
  }
  const locate: Locate = (table, row, field) => (table === 'financials' ? finLocate(table, row, field) : assembler.locate(table, row, field));
  return { dataset, warnings, locate };
}
