/**
 * Loading a Dataset back from Neo4j: the whole stored graph, or the subgraph of a
 * park, a region, or the k-hop neighbourhood of a firm. Every value is converted
 * (Neo4j Integer → number only within ±2^53; temporal, spatial and map values are
 * refused) and checked against the same field specs as the CSV reader
 * (src/io/tables.ts), documented defaults are applied, and validateDataset
 * (src/io/index.ts) runs, so a database edited by hand cannot put bad values into an analysis: it
 * raises DataError instead.
 *
 * A subgraph is closed under references: it holds the selected firms, their parks,
 * the banks that lend to or own them, loans and financials of the selected firms,
 * and guarantees, supply and ownership whose both ends are selected.
 */
import neo4j, { type Record as Neo4jRecord } from 'neo4j-driver';
import { TABLES, type Dataset, type DatasetMeta, type TableName } from '../../model/schema.ts';
import { DataError, Neo4jError, type DataIssue } from '../errors.ts';
import { validateDataset } from '../index.ts';
import { fieldFromValue, INVALID, invalidReason, isMissingValue } from '../fields.ts';
import { IssueList } from '../issues.ts';
import { applyDefaults, FIELDS, RECORD_RULES } from '../tables.ts';
import { describeNeo4jFailure, type Neo4jConnection } from './connection.ts';
import { DATASET_KEY, EXTRA, SEQ, STORAGE } from './schema.ts';

export type LoadScope =
  | { kind: 'all' }
  | { kind: 'park'; park: string }
  | { kind: 'region'; region: string }
  | { kind: 'neighbourhood'; firm: string; hops: number };

export interface LoadOptions {
  scope: LoadScope;
  /** Relationship types followed by a neighbourhood scope (parks are never crossed: they would join every member). */
  neighbourhoodTypes: readonly ('LOAN' | 'GUARANTEES' | 'SUPPLIES' | 'OWNS')[];
}

export const LOAD_DEFAULTS: Readonly<LoadOptions> = Object.freeze({
  scope: Object.freeze({ kind: 'all' }) as LoadScope,
  neighbourhoodTypes: Object.freeze(['GUARANTEES', 'SUPPLIES', 'OWNS']) as LoadOptions['neighbourhoodTypes'],
});

/** Longest neighbourhood a load or a push-down query accepts: beyond it a firm's neighbourhood is most of a cluster. */
export const MAX_HOPS = 6;

interface RawRow {
  props: Record<string, unknown>;
  from?: unknown;
  to?: unknown;
  park?: unknown;
}

export async function loadDataset(conn: Neo4jConnection, options: Partial<LoadOptions> = {}): Promise<Dataset> {
  const opts: LoadOptions = { ...LOAD_DEFAULTS, ...options };
  const { driver, settings } = conn;
  const session = driver.session({ database: settings.database, defaultAccessMode: neo4j.session.READ });
  const read = async (cypher: string, params: Record<string, unknown>, doing: string): Promise<Neo4jRecord[]> => {
    try {
      return (await session.executeRead((tx) => tx.run(cypher, params))).records;
    } catch (err) {
      throw describeNeo4jFailure(err, settings.uri, doing);
    }
  };
  try {
    const metaRecords = await read('MATCH (d:Dataset {key: $key}) RETURN d.meta_json AS meta, d.complete AS complete', { key: DATASET_KEY }, 'reading the dataset meta');
    if (metaRecords.length === 0) {
      throw new Neo4jError(`Neo4j at ${settings.uri} holds no xinlian dataset (no :Dataset node): run \`xinlian neo4j import DIR\` first`);
    }
    if (metaRecords[0]!.get('complete') !== true) {
      throw new Neo4jError(`Neo4j at ${settings.uri}: the last import did not finish; re-run \`xinlian neo4j import DIR\` (it resumes safely)`);
    }
    const meta = parseMeta(metaRecords[0]!.get('meta'));

    const scope = opts.scope;
    let firmIds: string[] | undefined;
    if (scope.kind !== 'all') firmIds = await selectFirms(read, scope, opts.neighbourhoodTypes);
    const selected = firmIds === undefined ? undefined : new Set(firmIds);
    // Subset queries start from the selected firms by their id index.
    const firms = firmIds === undefined ? 'MATCH (n:Firm)' : 'UNWIND $ids AS fid MATCH (n:Firm {id: fid})';
    const p = { ids: firmIds ?? [] };
    const rows = (recs: Neo4jRecord[]): RawRow[] => recs.map((r) => ({
      props: r.get('props') as Record<string, unknown>,
      from: r.has('from') ? r.get('from') : undefined,
      to: r.has('to') ? r.get('to') : undefined,
      park: r.has('park') ? r.get('park') : undefined,
    }));
    const bySeq = ' ORDER BY props.seq';
    const raw: Record<TableName, RawRow[]> = {
      parks: rows(await read(firmIds === undefined
        ? 'MATCH (x:Park) RETURN properties(x) AS props' + bySeq
        : `${firms} MATCH (n)-[:IN_PARK]->(x:Park) WITH DISTINCT x RETURN properties(x) AS props` + bySeq, p, 'reading parks')),
      banks: rows(await read(firmIds === undefined
        ? 'MATCH (x:Bank) RETURN properties(x) AS props' + bySeq
        : `${firms} MATCH (x:Bank)-[:LOAN|OWNS]->(n) WITH DISTINCT x RETURN properties(x) AS props` + bySeq, p, 'reading banks')),
      firms: rows(await read(`${firms} OPTIONAL MATCH (n)-[:IN_PARK]->(x:Park) RETURN properties(n) AS props, x.id AS park` + bySeq, p, 'reading firms')),
      loans: rows(await read(`${firms} MATCH (a:Bank)-[r:LOAN]->(n) RETURN properties(r) AS props, a.id AS from, n.id AS to` + bySeq, p, 'reading loans')),
      guarantees: rows(await read(`${firms} MATCH (a:Firm)-[r:GUARANTEES]->(n) RETURN properties(r) AS props, a.id AS from, n.id AS to` + bySeq, p, 'reading guarantees')),
      supply: rows(await read(`${firms} MATCH (a:Firm)-[r:SUPPLIES]->(n) RETURN properties(r) AS props, a.id AS from, n.id AS to` + bySeq, p, 'reading supply')),
      ownership: rows(await read(`${firms} MATCH (a)-[r:OWNS]->(n) WHERE a:Firm OR a:Bank RETURN properties(r) AS props, a.id AS from, n.id AS to` + bySeq, p, 'reading ownership')),
      financials: rows(await read(`${firms} MATCH (n)-[:REPORTED]->(x:Financials) RETURN properties(x) AS props` + bySeq, p, 'reading financials')),
    };
    if (selected) {
      // Keep edges whose other end is inside the subgraph (filtering here is a hash
      // lookup per row; the same test in Cypher is a list scan per row).
      const banks = new Set(raw.banks.map((r) => r.props.id));
      raw.guarantees = raw.guarantees.filter((r) => selected.has(r.from as string));
      raw.supply = raw.supply.filter((r) => selected.has(r.from as string));
      raw.ownership = raw.ownership.filter((r) => selected.has(r.from as string) || banks.has(r.from));
    }
    return toDataset(meta, raw);
  } finally {
    await session.close().catch(() => undefined);
  }
}

type Read = (cypher: string, params: Record<string, unknown>, doing: string) => Promise<Neo4jRecord[]>;

async function selectFirms(read: Read, scope: Exclude<LoadScope, { kind: 'all' }>, types: LoadOptions['neighbourhoodTypes']): Promise<string[]> {
  let recs: Neo4jRecord[];
  if (scope.kind === 'park') {
    const park = await read('MATCH (p:Park {id: $id}) RETURN p.id AS id', { id: scope.park }, 'finding the park');
    if (park.length === 0) throw new Neo4jError(`no park '${scope.park}' in the stored dataset`);
    recs = await read('MATCH (n:Firm)-[:IN_PARK]->(:Park {id: $id}) RETURN n.id AS id', { id: scope.park }, 'selecting the park\'s firms');
  } else if (scope.kind === 'region') {
    recs = await read('MATCH (n:Firm {region: $region}) RETURN n.id AS id', { region: scope.region }, 'selecting the region\'s firms');
  } else {
    const hops = scope.hops;
    if (!Number.isSafeInteger(hops) || hops < 0 || hops > MAX_HOPS) throw new Neo4jError(`hops must be an integer in [0, ${MAX_HOPS}], got ${hops}`);
    const found = await read('MATCH (n:Firm {id: $id}) RETURN n.id AS id', { id: scope.firm }, 'finding the firm');
    if (found.length === 0) throw new Neo4jError(`no firm '${scope.firm}' in the stored dataset`);
    recs = await read(neighbourhoodFirmsCypher(hops, types), { id: scope.firm }, 'expanding the neighbourhood');
  }
  return recs.map((r) => r.get('id') as string);
}

/**
 * Firms within `hops` of a firm over the given relationship types, either
 * direction, banks crossed too (a bank links the firms it lends to). The hop
 * bound is an integer checked by the caller; types come from the allowlist.
 */
export function neighbourhoodFirmsCypher(hops: number, types: readonly string[]): string {
  const allowed = ['LOAN', 'GUARANTEES', 'SUPPLIES', 'OWNS'];
  for (const t of types) if (!allowed.includes(t)) throw new Neo4jError(`relationship type '${t}' is not one of ${allowed.join(', ')}`);
  if (hops === 0) return 'MATCH (n:Firm {id: $id}) RETURN n.id AS id';
  return `MATCH (x:Firm {id: $id})
MATCH (x)-[:${types.join('|')}]-{0,${hops}}(n:Firm)
RETURN DISTINCT n.id AS id`;
}

function parseMeta(json: unknown): DatasetMeta {
  const bad = (message: string) => DataError.one({ file: 'neo4j:Dataset', field: 'meta_json', message });
  if (typeof json !== 'string') throw bad('expected the dataset meta as JSON text');
  let meta: unknown;
  try {
    meta = JSON.parse(json);
  } catch (err) {
    throw bad(`not valid JSON: ${(err as Error).message}`);
  }
  if (typeof meta !== 'object' || meta === null || typeof (meta as DatasetMeta).name !== 'string' || (meta as DatasetMeta).formatVersion !== 1) {
    throw bad('expected an object with name and formatVersion 1');
  }
  return meta as DatasetMeta;
}

/** A Neo4j value → a plain JSON-like value, or INVALID for what a dataset cannot hold. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (neo4j.isInt(value)) return neo4j.integer.inSafeRange(value) ? neo4j.integer.toNumber(value) : INVALID;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : INVALID;
  if (Array.isArray(value)) {
    const items = value.map(plain);
    return items.every((v) => typeof v === 'string') ? items : INVALID;
  }
  // Dates, points, durations, byte arrays: not a value of the dataset format.
  return INVALID;
}

function describeRaw(value: unknown): string {
  if (neo4j.isInt(value)) return `the integer ${value.toString()}`;
  const ctor = (value as object)?.constructor?.name;
  return ctor && ctor !== 'Object' ? `a Neo4j ${ctor}` : String(value);
}

/** Raw rows → a checked Dataset; every bad value is collected into one DataError. */
function toDataset(meta: DatasetMeta, raw: Record<TableName, RawRow[]>): Dataset {
  const issues = new IssueList();
  const ds: Dataset = { meta, parks: [], banks: [], firms: [], loans: [], guarantees: [], supply: [], ownership: [], financials: [] };
  for (const table of TABLES) {
    const st = STORAGE[table];
    const file = `neo4j:${st.name}`;
    const fields = FIELDS[table];
    const out = ds[table] as unknown as Record<string, unknown>[];
    raw[table].forEach((row, r) => {
      const rec: Record<string, unknown> = {};
      const values: Record<string, unknown> = { ...row.props };
      delete values[SEQ];
      const extraJson = values[EXTRA];
      delete values[EXTRA];
      if (st.ends) {
        values[st.ends[0]] = row.from;
        values[st.ends[1]] = row.to;
      }
      if (table === 'firms' && row.park !== null && row.park !== undefined) values.park_id = row.park;
      const name = typeof values.id === 'string' ? `'${values.id}'` : `row ${r + 1}`;
      const where = (field: string, message: string): DataIssue => ({ file, field, message: `${st.name} ${name}: ${message}` });
      let ok = true;
      for (const spec of fields) {
        const stored = values[spec.name];
        const v = plain(stored);
        delete values[spec.name];
        if (v === INVALID) {
          issues.add(where(spec.name, `${describeRaw(stored)} cannot be represented in a dataset`));
          ok = false;
          continue;
        }
        if (isMissingValue(v)) {
          if (spec.required) {
            issues.add(where(spec.name, 'required value is missing'));
            ok = false;
          }
          continue;
        }
        const checked = fieldFromValue(spec, v);
        if (checked === INVALID) {
          issues.add(where(spec.name, invalidReason));
          ok = false;
        } else rec[spec.name] = checked;
      }
      // Properties outside the format: kept as extra attributes, as unknown CSV columns are.
      const extra: Record<string, string> = {};
      if (extraJson !== undefined) {
        try {
          const parsed = JSON.parse(String(extraJson)) as unknown;
          if (typeof parsed !== 'object' || parsed === null || Object.values(parsed).some((v) => typeof v !== 'string')) throw new Error('not a map of strings');
          Object.assign(extra, parsed);
        } catch (err) {
          issues.add(where(EXTRA, `expected a JSON object of strings: ${(err as Error).message}`));
          ok = false;
        }
      }
      for (const [key, value] of Object.entries(values)) {
        const v = plain(value);
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') extra[key] = String(v);
        else if (v !== undefined) {
          issues.add(where(key, `${describeRaw(value)} cannot be kept as an extra attribute`));
          ok = false;
        }
      }
      if (!ok) return;
      applyDefaults(table, rec);
      for (const rule of RECORD_RULES[table] ?? []) {
        const message = rule.check(rec);
        if (message) issues.add(where(rule.field, message));
      }
      if (Object.keys(extra).length > 0) rec.extra = extra;
      out.push(rec);
    });
  }
  if (issues.size > 0) throw new DataError(issues.issues, issues.truncated);
  // The same checks as every other reader: meta, fields, cross-record rules, references.
  validateDataset(ds);
  return ds;
}
