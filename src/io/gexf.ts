/**
 * GEXF 1.3 (https://gexf.net/schema.html) form of a dataset, for Gephi and other
 * graph tools. Nodes, edges and attributes follow graph-model.ts; meta and
 * financials, which are not graph elements, are JSON inside an `<xl:dataset>`
 * element in the `urn:xinlian:dataset` namespace (graph tools skip it). Reading a
 * file this module wrote gives back the identical Dataset.
 */
import type { Dataset } from '../model/schema.ts';
import { writeFileAtomic, type ChunkedWriter } from './atomic.ts';
import type { DataIssue } from './errors.ts';
import {
  DatasetAssembler, EDGE_ATTRS, EDGE_KIND, EDGE_TABLES, EDGE_WEIGHT, ENDPOINTS, NODE_ATTRS, NODE_TABLES, NODE_TYPE,
  checkXmlText, recordAttributes,
} from './graph-model.ts';
import type { IssueList } from './issues.ts';
import type { SingleFileRead } from './json.ts';
import { GRAPH_KNOWN_ATTRS, assembleGraphDataset, finishElement, type GraphLevel, type PendingElement } from './graph-read.ts';
import { tableRows } from './tables.ts';
import { escapeAttr, escapeText, parseXmlFile } from './xml.ts';

export const GEXF_NS = 'http://gexf.net/1.3';
export const XINLIAN_NS = 'urn:xinlian:dataset';

function attvalues(w: ChunkedWriter, pairs: [string, string][]): void {
  w.write('<attvalues>');
  for (const [k, v] of pairs) w.write(`<attvalue for="${k}" value="${escapeAttr(v)}"/>`);
  w.write('</attvalues>');
}

export async function writeGexfFile(ds: Dataset, file: string): Promise<void> {
  await writeFileAtomic(file, (w) => {
    w.write(`<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="${GEXF_NS}" xmlns:xl="${XINLIAN_NS}" version="1.3">\n`);
    w.write(`  <meta><creator>xinlian</creator><description>${escapeText(checkXmlText(ds.meta.description ?? ds.meta.name, file, 'meta', 'description'))}</description></meta>\n`);
    w.write(`  <xl:dataset>\n    <xl:meta>${escapeText(checkXmlText(JSON.stringify(ds.meta), file, 'meta', ''))}</xl:meta>\n`);
    w.write(`    <xl:financials>${escapeText(checkXmlText(JSON.stringify(ds.financials), file, 'financials', ''))}</xl:financials>\n  </xl:dataset>\n`);
    w.write('  <graph defaultedgetype="directed" mode="static">\n    <attributes class="node">\n');
    for (const a of NODE_ATTRS) w.write(`      <attribute id="${a.name}" title="${a.name}" type="${a.type}"/>\n`);
    w.write('    </attributes>\n    <attributes class="edge">\n');
    for (const a of EDGE_ATTRS) w.write(`      <attribute id="${a.name}" title="${a.name}" type="${a.type}"/>\n`);
    w.write('    </attributes>\n    <nodes>\n');
    for (const table of NODE_TABLES) {
      for (const rec of tableRows(ds, table)) {
        const id = checkXmlText(rec.id as string, file, table, 'id');
        const label = checkXmlText(rec.name as string, file, table, 'name');
        w.write(`      <node id="${escapeAttr(id)}" label="${escapeAttr(label)}">`);
        attvalues(w, [['type', NODE_TYPE[table]], ...recordAttributes(table, rec, ['id', 'name'], file)]);
        w.write('</node>\n');
      }
    }
    w.write('    </nodes>\n    <edges>\n');
    let e = 0;
    for (const table of EDGE_TABLES) {
      const [src, dst] = ENDPOINTS[table];
      for (const rec of tableRows(ds, table)) {
        const pairs: [string, string][] = [['kind', EDGE_KIND[table]]];
        let label = '';
        if (rec.id !== undefined) {
          label = checkXmlText(rec.id as string, file, table, 'id');
          pairs.push(['record_id', label]);
        }
        pairs.push(...recordAttributes(table, rec, ['id', src, dst], file));
        const weight = rec[EDGE_WEIGHT[table]];
        w.write(`      <edge id="e${e++}" source="${escapeAttr(checkXmlText(rec[src] as string, file, table, src))}" target="${escapeAttr(checkXmlText(rec[dst] as string, file, table, dst))}"`);
        if (label !== '') w.write(` label="${escapeAttr(label)}"`);
        if (typeof weight === 'number') w.write(` weight="${weight}"`);
        w.write('>');
        attvalues(w, pairs);
        w.write('</edge>\n');
      }
    }
    w.write('    </edges>\n  </graph>\n</gexf>\n');
  });
}

export async function readGexfFile(file: string, maxBytes: number, out: IssueList): Promise<SingleFileRead | undefined> {
  const assembler = new DatasetAssembler(file, out);
  const declared = { node: new Map<string, string>(), edge: new Map<string, string>() };
  const level: GraphLevel = { meta: undefined, financials: undefined, metaLine: 0, financialsLine: 0 };
  const unknownAttrs = new Set<string>();
  let firstUnknownLine = 0;
  let attrClass: 'node' | 'edge' = 'node';
  let current: PendingElement | undefined;
  let textTarget: 'meta' | 'financials' | undefined;
  let text = '';
  let sawGexf = false;

  const ok = await parseXmlFile(file, maxBytes, out, {
    open(tag, line) {
      const a = tag.attributes as Record<string, string>;
      switch (tag.name) {
        case 'gexf':
          sawGexf = true;
          break;
        case 'attributes':
          attrClass = a.class === 'edge' ? 'edge' : 'node';
          break;
        case 'attribute':
          if (a.id !== undefined) declared[attrClass].set(a.id, a.title ?? a.id);
          break;
        case 'node':
          current = { element: 'node', table: 'firms', attrs: new Map(), line, xmlId: a.id ?? '', label: a.label };
          break;
        case 'edge':
          current = { element: 'edge', table: 'loans', attrs: new Map(), line, xmlId: a.id ?? '', source: a.source, target: a.target };
          break;
        case 'attvalue': {
          if (current === undefined || a.for === undefined) break;
          const name = declared[current.element].get(a.for) ?? a.for;
          if (!GRAPH_KNOWN_ATTRS.has(name) && !unknownAttrs.has(name)) {
            unknownAttrs.add(name);
            firstUnknownLine ||= line;
          }
          current.attrs.set(name, a.value ?? '');
          break;
        }
        case 'xl:meta':
        case 'xl:financials':
          textTarget = tag.name === 'xl:meta' ? 'meta' : 'financials';
          level[`${textTarget}Line`] = line;
          text = '';
          break;
      }
    },
    text(t) {
      if (textTarget !== undefined) text += t;
    },
    close(tag) {
      if (tag.name === 'xl:meta' || tag.name === 'xl:financials') {
        level[textTarget!] = text;
        textTarget = undefined;
      } else if ((tag.name === 'node' || tag.name === 'edge') && current !== undefined) {
        const el = current;
        current = undefined;
        finishElement(el, file, out, assembler);
      }
    },
  });
  if (!ok) return undefined;
  if (!sawGexf) {
    out.add({ file, message: 'expected a GEXF document (root element <gexf>)' });
    return undefined;
  }
  const warnings: DataIssue[] = [];
  if (unknownAttrs.size > 0) {
    warnings.push({ file, line: firstUnknownLine, message: `unknown attribute${unknownAttrs.size > 1 ? 's' : ''} ${[...unknownAttrs].map((x) => `'${x}'`).join(', ')} ignored` });
  }
  return assembleGraphDataset(file, level, assembler, out, warnings);
}
