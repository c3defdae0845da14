/**
 * The visible subgraph (the nodes and ties the map draws) as files for other tools:
 * GEXF 1.3 in the repo's own graph mapping (src/io/graph-model.ts: parks, banks, firms
 * as nodes with a `type` attribute, the four relations as edges with a `kind` attribute,
 * meta and financials as JSON in <xl:dataset>), so `xinlian` reads an export back as a
 * dataset; and CSV (nodes.csv + edges.csv, spreadsheet-safe like every report).
 *
 * The browser has the viewer's payload, not the dataset: what the payload lacks is left
 * out (firm kind → the reader's default 'enterprise', loan and guarantee columns other
 * than the amount, financials), and loans and guarantees, which need an id, carry the
 * viewer's edge key (`loan:12` = payload edge 12) as their record id. src/io/gexf.ts
 * itself cannot be bundled (it writes through node:fs), so this is a small writer of
 * the same shape.
 */
import type { EdgeKind, GraphPayload } from '../api/index.ts';
import { reportCsv } from '../../../src/report/csv.ts';

export interface Subgraph {
  /** Payload node indices, ascending. */
  nodes: number[];
  /** Payload edge indices, ascending. */
  edges: number[];
}

export function subgraphOf(nodes: Uint8Array, edges: Uint8Array): Subgraph {
  const out: Subgraph = { nodes: [], edges: [] };
  for (let v = 0; v < nodes.length; v++) if (nodes[v]) out.nodes.push(v);
  for (let e = 0; e < edges.length; e++) if (edges[e]) out.edges.push(e);
  return out;
}

/** XML 1.0 cannot carry C0 controls other than tab/LF/CR, U+FFFE/U+FFFF or lone surrogates (as src/io/graph-model.ts). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function xml(text: string, what: string): string {
  if (NOT_XML.test(text)) throw new Error(`${what} holds a character XML 1.0 cannot carry (a control character or a lone surrogate); export CSV instead`);
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** The table column each edge kind's payload weight is (src/io/graph-model.ts EDGE_WEIGHT). */
const WEIGHT_COLUMN: Record<EdgeKind, string> = { loan: 'outstanding', guarantee: 'amount', supply: 'value', ownership: 'share' };

const NODE_ATTRS: [string, string][] = [
  ['type', 'string'], ['kind', 'string'], ['lead_industries', 'string'], ['capital', 'double'], ['industry', 'string'],
  ['park_id', 'string'], ['equity', 'double'], ['flags', 'string'],
];
const EDGE_ATTRS: [string, string][] = [['kind', 'string'], ['record_id', 'string'], ['outstanding', 'double'], ['amount', 'double'], ['value', 'double'], ['share', 'double']];

function attvalues(pairs: [string, string | number | null | undefined][]): string {
  let s = '<attvalues>';
  for (const [k, v] of pairs) if (v !== null && v !== undefined && v !== '') s += `<attvalue for="${k}" value="${xml(String(v), k)}"/>`;
  return `${s}</attvalues>`;
}

/** GEXF 1.3 of a subgraph: parks of its firms, its banks and firms, its ties. */
export function subgraphGexf(p: GraphPayload, sub: Subgraph, description: string): string {
  const { nodes: N, edges: E } = p;
  const parts: string[] = [];
  parts.push(`<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" xmlns:xl="urn:xinlian:dataset" version="1.3">\n`);
  parts.push(`  <meta><creator>xinlian viewer</creator><description>${xml(description, 'description')}</description></meta>\n`);
  parts.push(`  <xl:dataset>\n    <xl:meta>${xml(JSON.stringify({ ...p.meta, description }), 'meta')}</xl:meta>\n    <xl:financials>[]</xl:financials>\n  </xl:dataset>\n`);
  parts.push('  <graph defaultedgetype="directed" mode="static">\n    <attributes class="node">\n');
  for (const [name, type] of NODE_ATTRS) parts.push(`      <attribute id="${name}" title="${name}" type="${type}"/>\n`);
  parts.push('    </attributes>\n    <attributes class="edge">\n');
  for (const [name, type] of EDGE_ATTRS) parts.push(`      <attribute id="${name}" title="${name}" type="${type}"/>\n`);
  parts.push('    </attributes>\n    <nodes>\n');
  // Parks first (as src/io/gexf.ts), only those a shown firm belongs to.
  const parks = new Set<number>();
  for (const v of sub.nodes) if (N.type[v] === 'firm' && N.park[v] >= 0) parks.add(N.park[v]);
  for (const i of [...parks].sort((a, b) => a - b)) {
    const park = p.parks[i];
    parts.push(`      <node id="${xml(park.id, 'park id')}" label="${xml(park.name, `name of park ${park.id}`)}">`);
    parts.push(attvalues([['type', 'park'], ['kind', park.kind], ['lead_industries', park.lead_industries.join(';')]]));
    parts.push('</node>\n');
  }
  const ordered = [...sub.nodes.filter((v) => N.type[v] === 'bank'), ...sub.nodes.filter((v) => N.type[v] === 'firm')];
  for (const v of ordered) {
    const id = N.id[v];
    parts.push(`      <node id="${xml(id, 'node id')}" label="${xml(N.name[v], `name of ${id}`)}">`);
    if (N.type[v] === 'bank') {
      parts.push(attvalues([['type', 'bank'], ['capital', N.equity[v]]]));
    } else {
      parts.push(attvalues([
        ['type', 'firm'], ['industry', N.industry[v]], ['park_id', N.park[v] >= 0 ? p.parks[N.park[v]].id : null],
        ['equity', N.equity[v]], ['flags', N.flags[v]],
      ]));
    }
    parts.push('</node>\n');
  }
  parts.push('    </nodes>\n    <edges>\n');
  for (const e of sub.edges) {
    const kind = E.kind[e];
    const key = `${kind}:${e}`;
    const attrs: [string, string | number | null][] = [['kind', kind]];
    if (kind === 'loan' || kind === 'guarantee') attrs.push(['record_id', key]);
    attrs.push([WEIGHT_COLUMN[kind], E.weight[e]]);
    parts.push(`      <edge id="${key}" source="${xml(N.id[E.source[e]], 'edge source')}" target="${xml(N.id[E.target[e]], 'edge target')}" weight="${E.weight[e]}">`);
    parts.push(attvalues(attrs));
    parts.push('</edge>\n');
  }
  parts.push('    </edges>\n  </graph>\n</gexf>\n');
  return parts.join('');
}

/** nodes.csv: one row per shown node (amounts in the dataset unit, as the payload). */
export function subgraphNodesCsv(p: GraphPayload, sub: Subgraph): string {
  const N = p.nodes;
  return reportCsv<number>([
    { title: 'id', value: (v) => N.id[v] },
    { title: 'name', value: (v) => N.name[v] },
    { title: 'type', value: (v) => N.type[v] },
    { title: 'park_id', value: (v) => (N.park[v] >= 0 ? p.parks[N.park[v]].id : '') },
    { title: 'industry', value: (v) => N.industry[v] },
    { title: 'borrowing', value: (v) => N.borrowing[v] },
    { title: 'equity', value: (v) => N.equity[v] },
    { title: 'flags', value: (v) => N.flags[v] },
  ], sub.nodes, { bom: true });
}

/** edges.csv: one row per shown tie, source → target as in the dataset (guarantor → borrower, …). */
export function subgraphEdgesCsv(p: GraphPayload, sub: Subgraph): string {
  const E = p.edges, N = p.nodes;
  return reportCsv<number>([
    { title: 'key', value: (e) => `${E.kind[e]}:${e}` },
    { title: 'kind', value: (e) => E.kind[e] },
    { title: 'source', value: (e) => N.id[E.source[e]] },
    { title: 'target', value: (e) => N.id[E.target[e]] },
    { title: 'weight', value: (e) => E.weight[e] },
  ], sub.edges, { bom: true });
}
