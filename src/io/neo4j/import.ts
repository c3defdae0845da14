/**
 * Importing a Dataset into Neo4j: constraints first, then every table in UNWIND
 * batches inside managed write transactions (executeWrite, retried by the driver
 * on transient failures). Rows are MERGEd on their identity — nodes on id,
 * LOAN / GUARANTEES on id, SUPPLIES on (supplier, customer), OWNS on (owner, owned),
 * Financials on (firm_id, year) — and then SET to exactly the row's values, so a
 * re-run, or a run resumed after an interruption, ends with identical counts and
 * properties. Every value travels as a query parameter; labels, types and property
 * names come only from schema.ts.
 */
import neo4j from 'neo4j-driver';
import { TABLES, type Dataset, type TableName } from '../../model/schema.ts';
import { DataError, Neo4jError, type DataIssue } from '../errors.ts';
import { IssueList } from '../issues.ts';
import { describeNeo4jFailure, type Neo4jConnection } from './connection.ts';
import { CONSTRAINTS, DATASET_KEY, EXTRA, SEQ, STORAGE, storedFields } from './schema.ts';

export interface ImportProgress {
  table: TableName;
  /** Rows of this table written so far / in total. */
  done: number;
  total: number;
  /** Rows of all tables written so far / in total. */
  rowsDone: number;
  rowsTotal: number;
}

export interface ImportOptions {
  /** Rows per UNWIND batch (one transaction each). */
  batchSize: number;
  /** Called after every batch. */
  onProgress?: (p: ImportProgress) => void;
  /** Stops between batches (Ctrl-C in the CLI); the partial import can be re-run. */
  signal?: AbortSignal;
}

export const IMPORT_DEFAULTS: Readonly<ImportOptions> = Object.freeze({ batchSize: 5000 });

export interface ImportResult {
  /** Rows written per table. */
  rows: Record<TableName, number>;
  seconds: number;
  options: ImportOptions;
}

/** One row as query parameters: endpoint ids (edges) or key, plus the exact property map. */
interface ParamRow {
  key?: string;
  from?: string;
  to?: string;
  park?: string;
  year?: unknown;
  props: Record<string, unknown>;
}

export async function importDataset(conn: Neo4jConnection, ds: Dataset, options: Partial<ImportOptions> = {}): Promise<ImportResult> {
  const opts: ImportOptions = { ...IMPORT_DEFAULTS, ...options };
  if (!Number.isSafeInteger(opts.batchSize) || opts.batchSize < 1) {
    throw new Neo4jError(`import batch size must be a positive integer, got ${opts.batchSize}`);
  }
  const started = performance.now();
  // Encode everything before writing: a value Neo4j cannot hold must fail the
  // import before the database is touched.
  const encoded = encodeDataset(ds);
  const { driver, settings } = conn;
  const session = driver.session({ database: settings.database, defaultAccessMode: neo4j.session.WRITE });
  const rows = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<TableName, number>;
  try {
    for (const statement of CONSTRAINTS) await run(() => session.run(statement), settings.uri, 'creating constraints');
    // The Dataset node says "incomplete" until the last batch is written.
    await run(() => session.executeWrite((tx) => tx.run(
      'MERGE (d:Dataset {key: $key}) SET d = $props',
      { key: DATASET_KEY, props: { key: DATASET_KEY, complete: false, meta_json: JSON.stringify(ds.meta), name: ds.meta.name } },
    )), settings.uri, 'writing the dataset meta');

    const rowsTotal = TABLES.reduce((n, t) => n + encoded[t].length, 0);
    let rowsDone = 0;
    for (const table of TABLES) {
      const all = encoded[table];
      const cypher = importCypher(table);
      for (let at = 0; at < all.length; at += opts.batchSize) {
        if (opts.signal?.aborted) throw new Neo4jError(`import stopped after ${rowsDone} of ${rowsTotal} rows; re-run it to finish (rows are merged, nothing is duplicated)`);
        const batch = all.slice(at, at + opts.batchSize);
        const written = await run(
          () => session.executeWrite(async (tx) => {
            const res = await tx.run(cypher, { rows: batch });
            return neo4j.integer.toNumber(res.records[0]!.get('written'));
          }),
          settings.uri, `importing ${table} rows ${at + 1}–${at + batch.length}`,
        );
        if (written !== batch.length) {
          // Endpoints were checked in encodeDataset, so a shortfall means the database
          // lost nodes of this dataset in the meantime (someone deleted them).
          throw new Neo4jError(`importing ${table}: wrote ${written} of ${batch.length} rows of a batch; endpoint nodes are missing in the database. Re-run the import.`);
        }
        rows[table] += batch.length;
        rowsDone += batch.length;
        opts.onProgress?.({ table, done: rows[table], total: all.length, rowsDone, rowsTotal });
      }
    }
    await run(() => session.executeWrite((tx) => tx.run('MATCH (d:Dataset {key: $key}) SET d.complete = true', { key: DATASET_KEY })),
      settings.uri, 'marking the import complete');
  } finally {
    await session.close().catch(() => undefined);
  }
  return { rows, seconds: (performance.now() - started) / 1000, options: opts };
}

async function run<T>(step: () => Promise<T>, uri: string, doing: string): Promise<T> {
  try {
    return await step();
  } catch (err) {
    throw describeNeo4jFailure(err, uri, doing);
  }
}

/** The MERGE statement of one table; built from schema constants only. */
export function importCypher(table: TableName): string {
  const st = STORAGE[table];
  if (table === 'firms') {
    return `UNWIND $rows AS row
MERGE (n:Firm {id: row.key}) SET n = row.props
WITH n, row
CALL (n, row) {
  WITH n, row WHERE row.park IS NOT NULL
  MATCH (p:Park {id: row.park}) MERGE (n)-[:IN_PARK]->(p)
}
RETURN count(*) AS written`;
  }
  if (table === 'financials') {
    return `UNWIND $rows AS row
MATCH (f:Firm {id: row.key})
MERGE (n:Financials {firm_id: row.key, year: row.year}) SET n = row.props
MERGE (f)-[:REPORTED]->(n)
RETURN count(*) AS written`;
  }
  if (st.kind === 'node') {
    return `UNWIND $rows AS row
MERGE (n:${st.name} {id: row.key}) SET n = row.props
RETURN count(*) AS written`;
  }
  const [fromLabels, toLabels] = st.endLabels!;
  const toMatch = `MATCH (b:${toLabels[0]} {id: row.to})`;
  const fromMatch = fromLabels.length === 1
    ? `MATCH (a:${fromLabels[0]} {id: row.from})`
    // Owners may be firms or banks: look both up by their own index.
    : `${fromLabels.map((l, k) => `OPTIONAL MATCH (a${k}:${l} {id: row.from})`).join('\n')}
WITH row, coalesce(${fromLabels.map((_, k) => `a${k}`).join(', ')}) AS a WHERE a IS NOT NULL`;
  const identity = table === 'loans' || table === 'guarantees' ? ` {id: row.key}` : '';
  return `UNWIND $rows AS row
${fromMatch}
${toMatch}
MERGE (a)-[r:${st.name}${identity}]->(b) SET r = row.props
RETURN count(*) AS written`;
}

/**
 * Every row → query parameters, checking what Neo4j cannot represent or the
 * identity rules would merge: integers beyond ±2^53, non-finite numbers, dangling
 * endpoints, two SUPPLIES / OWNS rows for one pair.
 */
export function encodeDataset(ds: Dataset): Record<TableName, ParamRow[]> {
  const issues = new IssueList();
  const out = {} as Record<TableName, ParamRow[]>;
  const firmIds = new Set(ds.firms.map((f) => f.id));
  const bankIds = new Set(ds.banks.map((b) => b.id));
  const parkIds = new Set(ds.parks.map((p) => p.id));
  const labelIds: Record<string, Set<string>> = { Firm: firmIds, Bank: bankIds, Park: parkIds };
  for (const table of TABLES) {
    const st = STORAGE[table];
    const fields = storedFields(table);
    const records = ds[table] as unknown as Record<string, unknown>[];
    const rows: ParamRow[] = new Array(records.length);
    const pairs = st.kind === 'rel' && table !== 'loans' && table !== 'guarantees' ? new Set<string>() : undefined;
    const file = `neo4j:${st.name}`;
    const issue = (row: number, field: string, message: string) => issues.add({ file, field, message: `${table}[${row}]: ${message}` });
    for (let r = 0; r < records.length; r++) {
      const rec = records[r]!;
      const props: Record<string, unknown> = { [SEQ]: neo4j.int(r) };
      for (const spec of fields) {
        const v = rec[spec.name];
        if (v === undefined || v === null) continue;
        if (Array.isArray(v)) {
          if (v.length > 0) props[spec.name] = v.map(String);
        } else if (spec.kind === 'int') {
          if (typeof v !== 'number' || !Number.isSafeInteger(v)) issue(r, spec.name, `an integer within ±2^53 is needed, got ${String(v)}`);
          else props[spec.name] = neo4j.int(v);
        } else if (spec.kind === 'number') {
          if (typeof v !== 'number' || !Number.isFinite(v)) issue(r, spec.name, `a finite number is needed, got ${String(v)}`);
          else props[spec.name] = v;
        } else {
          props[spec.name] = v;
        }
      }
      const extra = rec.extra as Record<string, string> | undefined;
      if (extra !== undefined && Object.keys(extra).length > 0) props[EXTRA] = JSON.stringify(extra);
      const row: ParamRow = { props };
      if (st.kind === 'node') {
        row.key = (table === 'financials' ? rec.firm_id : rec.id) as string;
        if (table === 'financials') {
          row.year = props.year;
          if (!firmIds.has(row.key)) issue(r, 'firm_id', `unknown firm '${row.key}'`);
        }
        if (table === 'firms' && rec.park_id !== undefined) {
          row.park = rec.park_id as string;
          if (!parkIds.has(row.park)) issue(r, 'park_id', `unknown park '${row.park}'`);
        }
      } else {
        const [fromField, toField] = st.ends!;
        const [fromLabels, toLabels] = st.endLabels!;
        row.from = rec[fromField] as string;
        row.to = rec[toField] as string;
        if (!fromLabels.some((l) => labelIds[l]!.has(row.from!))) issue(r, fromField, `unknown ${fromLabels.join(' or ').toLowerCase()} '${row.from}'`);
        if (!toLabels.some((l) => labelIds[l]!.has(row.to!))) issue(r, toField, `unknown ${toLabels.join(' or ').toLowerCase()} '${row.to}'`);
        if (pairs) {
          // JSON of the pair: ids may contain any character, so no separator is safe.
          const pair = JSON.stringify([row.from, row.to]);
          if (pairs.has(pair)) issue(r, toField, `a second ${st.name} row for (${row.from}, ${row.to}); Neo4j stores one relationship per pair`);
          pairs.add(pair);
        } else {
          row.key = rec.id as string;
        }
      }
      rows[r] = row;
    }
    out[table] = rows;
  }
  if (issues.size > 0) throw new DataError(issues.issues as DataIssue[], issues.truncated);
  return out;
}
