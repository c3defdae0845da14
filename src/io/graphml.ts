/**
 * GraphML (http://graphml.graphdrawing.org/specification.html) form of a
 * dataset, for yEd, networkx, igraph and Neo4j APOC. Nodes, edges and attributes
 * follow graph-model.ts (the node name is the `name` attribute, GraphML has no
 * label); meta and financials are JSON in graph-level `<data>` (keys `meta`,
 * `financials`). Reading a file this module wrote gives back the identical Dataset.
 */
import type { Dataset } from '../model/schema.ts';
import { writeFileAtomic, type ChunkedWriter } from './atomic.ts';
import type { DataIssue } from './errors.ts';
import {
  DatasetAssembler, EDGE_ATTRS, EDGE_KIND, EDGE_TABLES, ENDPOINTS, NODE_ATTRS, NODE_TABLES, NODE_TYPE,
  checkXmlText, recordAttributes,
} from './graph-model.ts';
import { GRAPH_KNOWN_ATTRS, assembleGraphDataset, finishElement, type GraphLevel, type PendingElement } from './graph-read.ts';
import type { IssueList } from './issues.ts';
import type { SingleFileRead } from './json.ts';
import { tableRows } from './tables.ts';
import { escapeAttr, escapeText, parseXmlFile } from './xml.ts';

export const GRAPHML_NS = 'http://graphml.graphdrawing.org/xmlns';

function data(w: ChunkedWriter, prefix: string, pairs: [string, string][]): void {
  for (const [k, v] of pairs) w.write(`<data key="${prefix}${k}">${escapeText(v)}</data>`);
}

export async function writeGraphmlFile(ds: Dataset, file: string): Promise<void> {
  await writeFileAtomic(file, (w) => {
    w.write(`<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="${GRAPHML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${GRAPHML_NS} ${GRAPHML_NS}/1.0/graphml.xsd">\n`);
    w.write('  <key id="g_meta" for="graph" attr.name="meta" attr.type="string"/>\n');
    w.write('  <key id="g_financials" for="graph" attr.name="financials" attr.type="string"/>\n');
    w.write('  <key id="n_name" for="node" attr.name="name" attr.type="string"/>\n');
    for (const a of NODE_ATTRS) w.write(`  <key id="n_${a.name}" for="node" attr.name="${a.name}" attr.type="${a.type}"/>\n`);
    for (const a of EDGE_ATTRS) w.write(`  <key id="e_${a.name}" for="edge" attr.name="${a.name}" attr.type="${a.type}"/>\n`);
    w.write('  <graph id="dataset" edgedefault="directed">\n    ');
    data(w, 'g_', [
      ['meta', checkXmlText(JSON.stringify(ds.meta), file, 'meta', '')],
      ['financials', checkXmlText(JSON.stringify(ds.financials), file, 'financials', '')],
    ]);
    w.write('\n');
    for (const table of NODE_TABLES) {
      for (const rec of tableRows(ds, table)) {
        w.write(`    <node id="${escapeAttr(checkXmlText(rec.id as string, file, table, 'id'))}">`);
        data(w, 'n_', [['type', NODE_TYPE[table]], ...recordAttributes(table, rec, ['id'], file)]);
        w.write('</node>\n');
      }
    }
    let e = 0;
    for (const table of EDGE_TABLES) {
      const [src, dst] = ENDPOINTS[table];
      for (const rec of tableRows(ds, table)) {
        const pairs: [string, string][] = [['kind', EDGE_KIND[table]]];
        if (rec.id !== undefined) pairs.push(['record_id', checkXmlText(rec.id as string, file, table, 'id')]);
        pairs.push(...recordAttributes(table, rec, ['id', src, dst], file));
        w.write(`    <edge id="e${e++}" source="${escapeAttr(checkXmlText(rec[src] as string, file, table, src))}" target="${escapeAttr(checkXmlText(rec[dst] as string, file, table, dst))}">`);
        data(w, 'e_', pairs);
        w.write('</edge>\n');
      }
    }
    w.write('  </graph>\n</graphml>\n');
  });
}

export async function readGraphmlFile(file: string, maxBytes: number, out: IssueList): Promise<SingleFileRead | undefined> {
  const assembler = new DatasetAssembler(file, out);
  const keys = new Map<string, string>();
  const level: GraphLevel = { meta: undefined, financials: undefined, metaLine: 0, financialsLine: 0 };
  const unknownAttrs = new Set<string>();
  let firstUnknownLine = 0;
  let current: PendingElement | undefined;
  let dataKey: string | undefined;
  let dataLine = 0;
  let text = '';
  let sawGraphml = false;

  const ok = await parseXmlFile(file, maxBytes, out, {
    open(tag, line) {
      const a = tag.attributes as Record<string, string>;
      switch (tag.name) {
        case 'graphml':
          sawGraphml = true;
          break;
        case 'key':
          if (a.id !== undefined) keys.set(a.id, a['attr.name'] ?? a.id);
          break;
        case 'node':
          current = { element: 'node', table: 'firms', attrs: new Map(), line, xmlId: a.id ?? '' };
          break;
        case 'edge':
          current = { element: 'edge', table: 'loans', attrs: new Map(), line, xmlId: a.id ?? '', source: a.source, target: a.target };
          break;
        case 'data':
          dataKey = a.key;
          dataLine = line;
          text = '';
          break;
      }
    },
    text(t) {
      if (dataKey !== undefined) text += t;
    },
    close(tag) {
      if (tag.name === 'data' && dataKey !== undefined) {
        const name = keys.get(dataKey) ?? dataKey;
        if (current !== undefined) {
          if (name !== 'name' && !GRAPH_KNOWN_ATTRS.has(name) && !unknownAttrs.has(name)) {
            unknownAttrs.add(name);
            firstUnknownLine ||= dataLine;
          }
          current.attrs.set(name, text);
        } else if (name === 'meta' || name === 'financials') {
          level[name] = text;
          level[`${name}Line`] = dataLine;
        }
        dataKey = undefined;
      } else if ((tag.name === 'node' || tag.name === 'edge') && current !== undefined) {
        const el = current;
        current = undefined;
        finishElement(el, file, out, assembler);
      }
    },
  });
  if (!ok) return undefined;
  if (!sawGraphml) {
    out.add({ file, message: 'expected a GraphML document (root element <graphml>)' });
    return undefined;
  }
  const warnings: DataIssue[] = [];
  if (unknownAttrs.size > 0) {
    warnings.push({ file, line: firstUnknownLine, message: `unknown attribute${unknownAttrs.size > 1 ? 's' : ''} ${[...unknownAttrs].map((x) => `'${x}'`).join(', ')} ignored` });
  }
  return assembleGraphDataset(file, level, assembler, out, warnings);
}
