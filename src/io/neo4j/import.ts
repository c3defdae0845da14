/**
 * Importing a Dataset into Neo4j: constraints first, then every table in UNWIND
 * batches inside managed write transactions (executeWrite, retried by the driver
 * on transient failures). Rows are MERGEd on their identity — nodes on id,
 * LOAN / GUARANTEES on id, SUPPLIES on (supplier, customer), OWNS on (owner, owned),
 * Financials on (firm_id, year) — and then SET to exactly the row's values, so a
 * re-run, or a run resumed after an interruption, ends with identical counts and
 * properties. Every value travels as a query parameter; labels, types and property
 * names come only from schema.ts.
 *
 * Speed (docs/neo4j.md, "Import speed"): a batch travels as columns — one list per
 * property, `UNWIND range(0, size($p0) - 1) AS i … $p0[i]` — not as a list of
 * row maps, which the server would decode into one map per row and copy again
 * for `SET n = row.props`. With `concurrency` c > 1, c sessions write at once,
 * arranged so that no two concurrent transactions can deadlock:
 * - node tables (parks, banks, firms with their IN_PARK, financials with their
 *   REPORTED) are sorted by the one shared node their rows lock (a firm's park, a
 *   financials row's firm) and cut into c contiguous lanes: every transaction
 *   takes those locks in ascending order, so two lanes can only wait on the node
 *   at their boundary, never on each other in a cycle;
 * - relationship tables are split by the ends' lanes: firms are dealt into c
 *   lanes by region (guarantees and supply mostly stay within a region), banks
 *   into the lane holding most of their borrowers; rows whose two ends share a
 *   lane run in that lane, concurrently with the other lanes (disjoint nodes, so
 *   disjoint locks), and the rows that cross lanes run afterwards in one session.
 */
import neo4j, { type Session } from 'neo4j-driver';
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
  /** Batches of a node table written at once (separate sessions); relationship tables always go one at a time. */
  concurrency: number;
  /** Called after every batch. */
  onProgress?: (p: ImportProgress) => void;
  /** Stops between batches (Ctrl-C in the CLI); the partial import can be re-run. */
  signal?: AbortSignal;
}

/** 20,000 rows per batch and 2 sessions: the fastest of 5k–50k × 1–2 on the 100k-firm benchmark (bench/results-neo4j.md). */
export const IMPORT_DEFAULTS: Readonly<ImportOptions> = Object.freeze({ batchSize: 20_000, concurrency: 2 });

export interface ImportResult {
  /** Rows written per table. */
  rows: Record<TableName, number>;
  seconds: number;
  options: ImportOptions;
}

/**
 * One table as query parameters: aligned columns, one entry per row, in write order.
 * `props[k]` is the stored property of column `p${k}` (null = absent); `from` / `to`
 * are relationship endpoints, `park` a firm's park (null = none).
 */
export interface EncodedTable {
  readonly table: TableName;
  readonly length: number;
  readonly props: readonly string[];
  readonly columns: Readonly<Record<string, unknown[]>>;
  /**
   * Write plan: phases run one after the other; the lanes of a phase run at once,
   * each in its own session, batch after batch over its row range [start, end).
   */
  readonly phases: readonly (readonly Lane[])[];
}

/** A contiguous range of encoded rows written by one session. */
export interface Lane {
  readonly start: number;
  readonly end: number;
}

export async function importDataset(conn: Neo4jConnection, ds: Dataset, options: Partial<ImportOptions> = {}): Promise<ImportResult> {
  const opts: ImportOptions = { ...IMPORT_DEFAULTS, ...options };
  if (!Number.isSafeInteger(opts.batchSize) || opts.batchSize < 1) {
    throw new Neo4jError(`import batch size must be a positive integer, got ${opts.batchSize}`);
  }
  if (!Number.isSafeInteger(opts.concurrency) || opts.concurrency < 1 || opts.concurrency > 16) {
    throw new Neo4jError(`import concurrency must be an integer in [1, 16], got ${opts.concurrency}`);
  }
  const started = performance.now();
  // Encode everything before writing: a value Neo4j cannot hold must fail the
  // import before the database is touched.
  const encoded = encodeDataset(ds, opts.concurrency);
  const { driver, settings } = conn;
  const sessions: Session[] = Array.from({ length: opts.concurrency }, () =>
    driver.session({ database: settings.database, defaultAccessMode: neo4j.session.WRITE }));
  const session = sessions[0]!;
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
      const enc = encoded[table];
      const cypher = importCypher(enc);
      let failed = false;
      // One lane = one session writing its rows batch after batch; it stops early when another lane failed.
      const writeLane = async (s: Session, lane: Lane): Promise<void> => {
        for (let at = lane.start; at < lane.end && !failed; at += opts.batchSize) {
          if (opts.signal?.aborted) {
            throw new Neo4jError(`import stopped after ${rowsDone} of ${rowsTotal} rows; re-run it to finish (rows are merged, nothing is duplicated)`);
          }
          const end = Math.min(lane.end, at + opts.batchSize);
          const params: Record<string, unknown[]> = {};
          for (const [name, col] of Object.entries(enc.columns)) params[name] = col.slice(at, end);
          const written = await run(
            () => s.executeWrite(async (tx) => {
              const res = await tx.run(cypher, params);
              return neo4j.integer.toNumber(res.records[0]!.get('written'));
            }),
            settings.uri, `importing ${table} (${end - at} rows)`,
          );
          if (written !== end - at) {
            // Endpoints were checked in encodeDataset, so a shortfall means the database
            // lost nodes of this dataset in the meantime (someone deleted them).
            throw new Neo4jError(`importing ${table}: wrote ${written} of ${end - at} rows of a batch; endpoint nodes are missing in the database. Re-run the import.`);
          }
          rows[table] += end - at;
          rowsDone += end - at;
          opts.onProgress?.({ table, done: rows[table], total: enc.length, rowsDone, rowsTotal });
        }
      };
      for (const phase of enc.phases) {
        const lanes = phase.map((lane, k) => writeLane(sessions[k]!, lane).catch((err: unknown) => {
          failed = true;
          throw err;
        }));
        // Every lane finishes (or fails) before the next phase: relationships need their nodes.
        const outcomes = await Promise.allSettled(lanes);
        const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
        if (failure) throw failure.reason;
      }
    }
    await run(() => session.executeWrite((tx) => tx.run('MATCH (d:Dataset {key: $key}) SET d.complete = true', { key: DATASET_KEY })),
      settings.uri, 'marking the import complete');
  } finally {
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
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

/** The properties a table's rows are MERGEd on (set by the MERGE itself, never changed by the SET). */
function mergeKeys(table: TableName): readonly string[] {
  if (table === 'financials') return ['firm_id', 'year'];
  if (STORAGE[table].kind === 'node' || table === 'loans' || table === 'guarantees') return ['id'];
  return [];
}

/** Property names become map keys of the Cypher text: only schema names that are plain identifiers. */
const PROPERTY_NAME = /^[a-z_][a-z0-9_]*$/;

/** The MERGE statement of one encoded table; built from schema constants only. */
export function importCypher(enc: EncodedTable): string {
  const table = enc.table;
  const st = STORAGE[table];
  const column = (name: string) => `$p${enc.props.indexOf(name)}[i]`;
  for (const name of enc.props) {
    if (!PROPERTY_NAME.test(name)) throw new Neo4jError(`internal: property name '${name}' of ${table} is not a plain identifier`);
  }
  // `SET n += map` with every stored property of the table, null where the row has
  // none (a null removes it): the same end state as `SET n = map`, but the MERGE key
  // stays out of the map, so the planner sees no read/write conflict on it and
  // plans no Eager (which would buffer the whole batch between MERGE and SET).
  // Backquoted keys: `end` and `group` are Cypher keywords.
  const keys = mergeKeys(table);
  const entries = enc.props.flatMap((name, k) => (keys.includes(name) ? [] : [`\`${name}\`: $p${k}[i]`]));
  if (!enc.props.includes(EXTRA)) entries.push(`${EXTRA}: null`);
  const propsMap = `{${entries.join(', ')}}`;
  const unwind = `UNWIND range(0, size($p0) - 1) AS i`;
  if (table === 'firms') {
    return `${unwind}
MERGE (n:Firm {id: ${column('id')}}) SET n += ${propsMap}
WITH n, i
CALL (n, i) {
  WITH n, i WHERE $park[i] IS NOT NULL
  MATCH (p:Park {id: $park[i]}) MERGE (n)-[:IN_PARK]->(p)
}
RETURN count(*) AS written`;
  }
  if (table === 'financials') {
    return `${unwind}
MATCH (f:Firm {id: ${column('firm_id')}})
MERGE (n:Financials {firm_id: ${column('firm_id')}, year: ${column('year')}}) SET n += ${propsMap}
MERGE (f)-[:REPORTED]->(n)
RETURN count(*) AS written`;
  }
  if (st.kind === 'node') {
    return `${unwind}
MERGE (n:${st.name} {id: ${column('id')}}) SET n += ${propsMap}
RETURN count(*) AS written`;
  }
  const [fromLabels, toLabels] = st.endLabels!;
  const toMatch = `MATCH (b:${toLabels[0]} {id: $to[i]})`;
  const fromMatch = fromLabels.length === 1
    ? `MATCH (a:${fromLabels[0]} {id: $from[i]})`
    // Owners may be firms or banks: look both up by their own index.
    : `${fromLabels.map((l, k) => `OPTIONAL MATCH (a${k}:${l} {id: $from[i]})`).join('\n')}
WITH i, coalesce(${fromLabels.map((_, k) => `a${k}`).join(', ')}) AS a WHERE a IS NOT NULL`;
  const identity = table === 'loans' || table === 'guarantees' ? ` {id: ${column('id')}}` : '';
  return `${unwind}
${fromMatch}
${toMatch}
MERGE (a)-[r:${st.name}${identity}]->(b) SET r += ${propsMap}
RETURN count(*) AS written`;
}

/**
 * Every table → parameter columns in write order with its write plan for `lanes`
 * concurrent sessions (see the header), checking what Neo4j cannot represent or
 * the identity rules would merge: integers beyond ±2^53, non-finite numbers,
 * dangling endpoints, two SUPPLIES / OWNS rows for one pair. Integers are Neo4j
 * Integers (for Bolt) or, with `ints` 'number', plain numbers (for the bulk writer).
 */
export function encodeDataset(ds: Dataset, lanes = 1, ints: 'neo4j' | 'number' = 'neo4j'): Record<TableName, EncodedTable> {
  // Bolt needs Neo4j Integers to store integers; the bulk writer only prints them.
  const int: (v: number) => unknown = ints === 'neo4j' ? (v) => neo4j.int(v) : (v) => v;
  const issues = new IssueList();
  const out = {} as Record<TableName, EncodedTable>;
  const firmIds = new Set(ds.firms.map((f) => f.id));
  const bankIds = new Set(ds.banks.map((b) => b.id));
  const parkIds = new Set(ds.parks.map((p) => p.id));
  const labelIds: Record<string, Set<string>> = { Firm: firmIds, Bank: bankIds, Park: parkIds };
  const laneOf = nodeLanes(ds, lanes);
  for (const table of TABLES) {
    const st = STORAGE[table];
    const fields = storedFields(table);
    const records = ds[table] as unknown as Record<string, unknown>[];
    const n = records.length;
    const file = `neo4j:${st.name}`;
    const issue = (row: number, field: string, message: string) => issues.add({ file, field, message: `${table}[${row}]: ${message}` });
    // Write order: node tables that link to a shared node are sorted by it, so
    // concurrent batches lock those nodes in one order (see the header).
    const lockKey = table === 'firms' ? 'park_id' : table === 'financials' ? 'firm_id' : undefined;
    let order = Array.from({ length: n }, (_, r) => r);
    let phases: Lane[][];
    if (st.kind === 'node') {
      if (lockKey) {
        const keyOf = (r: number) => (records[r]![lockKey] as string | undefined) ?? '';
        order.sort((x, y) => { const a = keyOf(x), b = keyOf(y); return a < b ? -1 : a > b ? 1 : x - y; });
      }
      const k = n >= 2 * lanes ? lanes : 1;
      phases = [Array.from({ length: k }, (_, j) => ({ start: Math.floor((j * n) / k), end: Math.floor(((j + 1) * n) / k) }))];
    } else {
      // Lane of a row: its ends' lane when they share one, else `lanes` (the crossing rows, written last).
      const [fromField, toField] = st.ends!;
      const rowLane = order.map((r) => {
        const a = laneOf.get(records[r]![fromField] as string) ?? 0;
        const b = laneOf.get(records[r]![toField] as string) ?? 0;
        return a === b ? a : lanes;
      });
      const byLane: number[][] = Array.from({ length: lanes + 1 }, () => []);
      for (let r = 0; r < n; r++) byLane[rowLane[r]!]!.push(r);
      order = byLane.flat();
      const ranges: Lane[] = [];
      let at = 0;
      for (const rs of byLane) { ranges.push({ start: at, end: at + rs.length }); at += rs.length; }
      phases = [ranges.slice(0, lanes), [ranges[lanes]!]];
    }
    phases = phases.map((p) => p.filter((l) => l.end > l.start)).filter((p) => p.length > 0);
    const hasExtra = records.some((rec) => rec.extra !== undefined && Object.keys(rec.extra as object).length > 0);
    const props = [SEQ, ...fields.map((f) => f.name), ...(hasExtra ? [EXTRA] : [])];
    const propCols = props.map(() => new Array<unknown>(n));
    const columns: Record<string, unknown[]> = Object.fromEntries(propCols.map((c, k) => [`p${k}`, c]));
    const fromCol = st.kind === 'rel' ? (columns.from = new Array<string>(n)) : undefined;
    const toCol = st.kind === 'rel' ? (columns.to = new Array<string>(n)) : undefined;
    const parkCol = table === 'firms' ? (columns.park = new Array<string | null>(n)) : undefined;
    const pairs = st.kind === 'rel' && table !== 'loans' && table !== 'guarantees' ? new Set<string>() : undefined;
    for (let w = 0; w < n; w++) {
      const r = order[w]!;
      const rec = records[r]!;
      propCols[0]![w] = int(r);
      for (let k = 0; k < fields.length; k++) {
        const spec = fields[k]!;
        const v = rec[spec.name];
        let value: unknown = null;
        if (v === undefined || v === null) {
          // absent
        } else if (Array.isArray(v)) {
          if (v.length > 0) value = v.map(String);
        } else if (spec.kind === 'int') {
          if (typeof v !== 'number' || !Number.isSafeInteger(v)) issue(r, spec.name, `an integer within ±2^53 is needed, got ${String(v)}`);
          else value = int(v);
        } else if (spec.kind === 'number') {
          if (typeof v !== 'number' || !Number.isFinite(v)) issue(r, spec.name, `a finite number is needed, got ${String(v)}`);
          else value = v;
        } else {
          value = v;
        }
        propCols[k + 1]![w] = value;
      }
      if (hasExtra) {
        const extra = rec.extra as Record<string, string> | undefined;
        propCols[props.length - 1]![w] = extra !== undefined && Object.keys(extra).length > 0 ? JSON.stringify(extra) : null;
      }
      if (table === 'financials' && !firmIds.has(rec.firm_id as string)) issue(r, 'firm_id', `unknown firm '${String(rec.firm_id)}'`);
      if (parkCol) {
        const park = rec.park_id as string | undefined;
        parkCol[w] = park ?? null;
        if (park !== undefined && !parkIds.has(park)) issue(r, 'park_id', `unknown park '${park}'`);
      }
      if (st.kind === 'rel') {
        const [fromField, toField] = st.ends!;
        const [fromLabels, toLabels] = st.endLabels!;
        const from = rec[fromField] as string;
        const to = rec[toField] as string;
        fromCol![w] = from;
        toCol![w] = to;
        if (!fromLabels.some((l) => labelIds[l]!.has(from))) issue(r, fromField, `unknown ${fromLabels.join(' or ').toLowerCase()} '${from}'`);
        if (!toLabels.some((l) => labelIds[l]!.has(to))) issue(r, toField, `unknown ${toLabels.join(' or ').toLowerCase()} '${to}'`);
        if (pairs) {
          // JSON of the pair: ids may contain any character, so no separator is safe.
          const pair = JSON.stringify([from, to]);
          if (pairs.has(pair)) issue(r, toField, `a second ${st.name} row for (${from}, ${to}); Neo4j stores one relationship per pair`);
          pairs.add(pair);
        }
      }
    }
    out[table] = { table, length: n, props, columns, phases };
  }
  if (issues.size > 0) throw new DataError(issues.issues as DataIssue[], issues.truncated);
  return out;
}

/**
 * Firms and banks dealt into `lanes` lanes for concurrent relationship writes:
 * firms by region (whole regions, largest first, to the lightest lane; firms
 * without a region one by one), banks to the lane that holds most of their
 * borrowers. Any split is correct (rows whose ends differ in lane are written
 * last, alone); a good one just leaves fewer such rows.
 */
function nodeLanes(ds: Dataset, lanes: number): Map<string, number> {
  const lane = new Map<string, number>();
  if (lanes <= 1) return lane;
  const groups = new Map<string, string[]>();
  for (const f of ds.firms) {
    const key = f.region !== undefined && f.region !== '' ? `r:${f.region}` : `f:${f.id}`;
    const g = groups.get(key);
    if (g) g.push(f.id);
    else groups.set(key, [f.id]);
  }
  const load = new Array<number>(lanes).fill(0);
  const lightest = () => load.indexOf(Math.min(...load));
  for (const ids of [...groups.values()].sort((a, b) => b.length - a.length)) {
    const k = lightest();
    for (const id of ids) lane.set(id, k);
    load[k]! += ids.length;
  }
  const votes = new Map<string, number[]>();
  for (const l of ds.loans) {
    const v = votes.get(l.bank_id) ?? new Array<number>(lanes).fill(0);
    v[lane.get(l.borrower_id) ?? 0]! += 1;
    votes.set(l.bank_id, v);
  }
  for (const b of ds.banks) {
    const v = votes.get(b.id);
    lane.set(b.id, v ? v.indexOf(Math.max(...v)) : 0);
  }
  return lane;
}
