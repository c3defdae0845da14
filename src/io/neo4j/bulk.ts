/**
 * The bulk path into an EMPTY database: the dataset written as `neo4j-admin
 * database import full` CSV files (what Neo4j recommends for initial loads; it
 * writes the store files directly, with no transactions, locks or index updates
 * per row), then the same constraints as the MERGE import, created on the
 * finished store. The graph is exactly the one importDataset builds: same labels,
 * relationship types and properties (seq, extra_json), Financials + REPORTED,
 * IN_PARK, and the :Dataset node, here written already complete.
 *
 * Values come from encodeDataset, the MERGE import's encoder, so both paths check
 * the same things and store the same types. CSV: every string is quoted (RFC 4180,
 * quotes doubled), an absent value is an empty unquoted field, lists use an array
 * delimiter that occurs in none of their items, and --multiline-fields is turned
 * on only when a value holds a line break. Each label is its own id space
 * (`:ID(Firm)` …) keyed by the row's seq (`--id-type=integer`: no string-id
 * mapping stage in neo4j-admin); the dataset id is the ordinary `id` property.
 * A file's label or relationship type is given once in its option
 * (`--nodes=Firm=…`, `--relationships=LOAN=…`) rather than as a column of every
 * row (15 % fewer bytes to write and parse for the 100k set).
 * Owners of OWNS are firms or banks, so ownership is written as two files, one per owner label.
 * The options file is written last and renamed into place, so a test server
 * started first (startBulkTestServer) can wait for it while the CSV is written.
 *
 * neo4j-admin refuses an existing database unless told to overwrite it, and the
 * writer never adds that flag: the target must be empty (assertEmptyDatabase
 * checks a running server, the test server checks its store).
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { TABLES, type Dataset, type TableName } from '../../model/schema.ts';
import { DataError, Neo4jError, UsageError } from '../errors.ts';
import { describeNeo4jFailure, type Neo4jConnection } from './connection.ts';
import { encodeDataset, type EncodedTable } from './import.ts';
import { ensureTestServerBuilt, JVM_DEFAULTS, launchTestServer, type TestServer, type TestServerOptions } from './test-server.ts';
import { CONSTRAINTS, DATASET_KEY, EXTRA, SEQ, STORAGE, storedFields, type Label, type RelType } from './schema.ts';

/** The arguments file the test server reads (`--import DIR`): one neo4j-admin option per line. */
export const BULK_ARGS_FILE = 'neo4j-admin-import.args';
/** The MERGE import's constraints, for `cypher-shell -f` once a user's server holds the imported store. */
export const BULK_CONSTRAINTS_FILE = 'constraints.cypher';

export interface BulkFiles {
  /** Folder holding the CSV files and BULK_ARGS_FILE. */
  dir: string;
  /** Options of `neo4j-admin database import full` for these files (without the database name). */
  args: string[];
  /** Nodes and relationships the import will create. */
  nodes: number;
  relationships: number;
  /** Dataset rows written, per table. */
  rows: Record<TableName, number>;
  /** Bytes of CSV written. */
  bytes: number;
}

type CsvType = 'long' | 'double' | 'boolean' | 'string' | 'string[]';

/** Characters of CSV text gathered before each write (1 MiB of mostly ASCII). */
const CHUNK_CHARS = 1 << 20;

/** Array delimiters tried in turn: the first that no list item contains is used. */
const ARRAY_DELIMITERS = [';', '|', '\u001f', '\u001e', '\ue000', '\ue001'];

/**
 * Characters a path must not contain to be passed to neo4j-admin: `,` separates
 * the files of a group, `=` a label from its files, and the file names may be
 * regular expressions; quotes and line breaks would break the printed command.
 */
const UNSAFE_PATH = /[,=*+?()[\]{}|^$\\"'`\n\r]/;

/** The CSV header type of each stored property of a table, in encodeDataset's order. */
function propTypes(enc: EncodedTable): CsvType[] {
  const kinds = new Map(storedFields(enc.table).map((f) => [f.name, f.kind]));
  return enc.props.map((name) => {
    if (name === SEQ) return 'long';
    if (name === EXTRA) return 'string';
    switch (kinds.get(name)) {
      case 'int': return 'long';
      case 'number': return 'double';
      case 'bool': return 'boolean';
      case 'list': return 'string[]';
      case undefined: throw new Neo4jError(`internal: no field spec for ${enc.table}.${name}`);
      default: return 'string';
    }
  });
}

/** One CSV field: strings always quoted (quotes doubled), absent values empty and unquoted. */
export function csvField(value: unknown, type: CsvType, arrayDelimiter: string): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'long': return neo4j.isInt(value) ? value.toString() : String(value as number);
    // Shortest text that parses back to the same double; -0 keeps its sign.
    case 'double': return Object.is(value, -0) ? '-0.0' : String(value as number);
    case 'boolean': return value === true ? 'true' : 'false';
    case 'string[]': return quote((value as string[]).join(arrayDelimiter));
    default: return quote(String(value));
  }
}

function quote(s: string): string {
  return s.includes('"') ? `"${s.replace(/"/g, '""')}"` : `"${s}"`;
}

/** Set when a written string held a line break (neo4j-admin then needs --multiline-fields). */
interface WriteState { lineBreak: boolean }

const QUOTE_OR_BREAK = /["\n\r]/;

/** quote(), noting line breaks in `state`: one scan of the text in the common case. */
function quoteNoting(s: string, state: WriteState): string {
  if (!QUOTE_OR_BREAK.test(s)) return `"${s}"`;
  if (s.includes('\n') || s.includes('\r')) state.lineBreak = true;
  return quote(s);
}

/**
 * csvField specialised for one column type (the same text; this runs for each of the
 * 6.2 million values of the 100k set, so the type switch is taken once per column).
 */
function columnWriter(type: CsvType, arrayDelimiter: string, state: WriteState): (v: unknown) => string {
  switch (type) {
    case 'long': return (v) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : csvField(v, 'long', arrayDelimiter));
    case 'double': return (v) => (v === null || v === undefined ? '' : Object.is(v, -0) ? '-0.0' : String(v as number));
    case 'boolean': return (v) => (v === null || v === undefined ? '' : v === true ? 'true' : 'false');
    case 'string[]': return (v) => (v === null || v === undefined ? '' : quoteNoting((v as string[]).join(arrayDelimiter), state));
    default: return (v) => (v === null || v === undefined ? '' : quoteNoting(String(v), state));
  }
}

/** A delimiter for string lists that none of their items contains (so splitting gives the items back). */
function chooseArrayDelimiter(encoded: Record<TableName, EncodedTable>): string {
  const items: string[] = [];
  for (const table of TABLES) {
    const enc = encoded[table];
    propTypes(enc).forEach((type, k) => {
      if (type !== 'string[]') return;
      for (const list of enc.columns[`p${k}`]!) {
        if (!Array.isArray(list)) continue;
        for (const item of list as string[]) {
          // neo4j-admin cannot tell an empty item from no item.
          if (item === '') throw DataError.one({ file: `neo4j:${STORAGE[table].name}`, field: enc.props[k]!, message: `${table}: an empty list item cannot be written for neo4j-admin import` });
          items.push(item);
        }
      }
    });
  }
  const found = ARRAY_DELIMITERS.find((d) => items.every((item) => !item.includes(d)));
  if (found === undefined) throw new Neo4jError(`no array delimiter is free: list items contain all of ${ARRAY_DELIMITERS.map((d) => JSON.stringify(d)).join(' ')}`);
  return found;
}

/** `U+001F` for control and private-use characters, the character itself otherwise (neo4j-admin accepts both). */
function delimiterArg(d: string): string {
  const code = d.codePointAt(0)!;
  return code < 0x20 || code >= 0xe000 ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : d;
}

/**
 * Writes the dataset into `dir` (created; it must be empty or absent) as
 * neo4j-admin import files plus BULK_ARGS_FILE; returns the import options.
 * Throws DataError (before writing anything) for what Neo4j cannot hold, as the MERGE import does.
 */
export function writeBulkImport(ds: Dataset, dir: string): BulkFiles {
  const abs = path.resolve(dir);
  if (UNSAFE_PATH.test(abs)) {
    throw new UsageError(`the bulk import folder ${abs} contains a character neo4j-admin would misread (one of , = * + ? ( ) [ ] { } | ^ $ \\ quotes or a line break); choose another folder`);
  }
  if (existsSync(abs) && readdirSync(abs).length > 0) throw new UsageError(`the bulk import folder ${abs} is not empty; choose an empty or new folder`);
  const encoded = encodeDataset(ds, 1, 'number');
  const arrayDelimiter = chooseArrayDelimiter(encoded);
  mkdirSync(abs, { recursive: true });
  const firmIds = new Set(ds.firms.map((f) => f.id));
  // Line breaks inside values need neo4j-admin's slower multiline parsing: only turned on
  // when a written string (property, list, the dataset's name) holds one.
  const state: WriteState = { lineBreak: /[\n\r]/.test(ds.meta.name ?? '') };
  let bytes = 0;
  let nodes = 0;
  let relationships = 0;
  const args: string[] = [];
  const rows = Object.fromEntries(TABLES.map((t) => [t, encoded[t].length])) as Record<TableName, number>;
  // Import id (seq) of every firm, bank and park by dataset id; node tables come before the edges that use them.
  const importIds = new Map<Label, Map<string, number>>();
  const keyOf = (label: Label, id: string): number => {
    const key = importIds.get(label)?.get(id);
    if (key === undefined) throw new Neo4jError(`internal: no ${label} '${id}' written before its relationships`);
    return key;
  };

  /**
   * header + data file of the lines `line(0 … count − 1)` gives (null: no line); `kind` decides
   * --nodes or --relationships. Lines are written in 1 MiB chunks, never held all at once.
   */
  const writeGroup = (name: string, kind: 'nodes' | 'relationships', labelOrType: Label | RelType, header: string[], count: number, line: (w: number) => string | null): void => {
    const headerFile = path.join(abs, `${name}.header.csv`);
    const dataFile = path.join(abs, `${name}.csv`);
    const fd = openSync(dataFile, 'w');
    let lines = 0;
    try {
      let chunk = '';
      for (let w = 0; w < count; w++) {
        const text = line(w);
        if (text === null) continue;
        chunk += text + '\n';
        lines++;
        if (chunk.length >= CHUNK_CHARS) {
          bytes += writeSync(fd, chunk);
          chunk = '';
        }
      }
      if (chunk.length > 0) bytes += writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    if (lines === 0) {
      rmSync(dataFile);
      return;
    }
    writeFileSync(headerFile, header.join(',') + '\n');
    args.push(`--${kind}=${labelOrType}=${headerFile},${dataFile}`);
    if (kind === 'nodes') nodes += lines;
    else relationships += lines;
  };

  for (const table of TABLES) {
    const enc = encoded[table];
    const st = STORAGE[table];
    const types = propTypes(enc);
    const propCols = enc.props.map((_, k) => enc.columns[`p${k}`]!);
    const propHeader = enc.props.map((name, k) => `${name}:${types[k]}`);
    const writers = types.map((type) => columnWriter(type, arrayDelimiter, state));
    const width = propCols.length;
    // The properties of row w as CSV fields (a plain loop: this runs once per row of 836k; seq is always first).
    const props = (w: number): string => {
      let line = writers[0]!(propCols[0]![w]);
      for (let k = 1; k < width; k++) line += ',' + writers[k]!(propCols[k]![w]);
      return line;
    };
    if (st.kind === 'node') {
      const label = st.name as Label;
      // Every node's import id is its row's seq (unique within the label's id space,
      // not stored); the dataset id stays an ordinary `id` string property.
      const seqs = enc.columns.p0 as number[];
      writeGroup(table, 'nodes', label, [`:ID(${label})`, ...propHeader], enc.length, (w) => `${seqs[w]},${props(w)}`);
      if (table === 'financials') {
        const firmCol = enc.columns[`p${enc.props.indexOf('firm_id')}`] as string[];
        writeGroup('reported', 'relationships', 'REPORTED', [':START_ID(Firm)', ':END_ID(Financials)'], enc.length,
          (w) => `${keyOf('Firm', firmCol[w]!)},${seqs[w]}`);
        continue;
      }
      const idCol = enc.columns[`p${enc.props.indexOf('id')}`] as string[];
      const keys = new Map<string, number>();
      for (let w = 0; w < enc.length; w++) keys.set(idCol[w]!, seqs[w]!);
      importIds.set(label, keys);
      if (table === 'firms') {
        const park = enc.columns.park as (string | null)[];
        writeGroup('in_park', 'relationships', 'IN_PARK', [':START_ID(Firm)', ':END_ID(Park)'], enc.length,
          (w) => (park[w] === null ? null : `${seqs[w]},${keyOf('Park', park[w]!)}`));
      }
      continue;
    }
    const [fromLabels, toLabels] = st.endLabels!;
    const from = enc.columns.from as string[];
    const to = enc.columns.to as string[];
    // One file per owner label (a relationship file has one id space per end).
    for (const fromLabel of fromLabels) {
      const name = fromLabels.length === 1 ? table : `${table}_${fromLabel.toLowerCase()}`;
      writeGroup(name, 'relationships', st.name, [`:START_ID(${fromLabel})`, `:END_ID(${toLabels[0]})`, ...propHeader], enc.length, (w) => {
        const label = fromLabels.length === 1 ? fromLabels[0] : firmIds.has(from[w]!) ? 'Firm' : 'Bank';
        return label === fromLabel ? `${keyOf(fromLabel, from[w]!)},${keyOf(toLabels[0]!, to[w]!)},${props(w)}` : null;
      });
    }
  }
  writeGroup('dataset', 'nodes', 'Dataset', [':ID(Dataset)', 'key:string', 'complete:boolean', 'meta_json:string', 'name:string'], 1,
    () => ['0', quote(DATASET_KEY), 'true', quoteNoting(JSON.stringify(ds.meta), state), csvField(ds.meta.name, 'string', arrayDelimiter)].join(','));

  args.push(
    // Integer import ids (the seqs above) spare neo4j-admin the string-id mapping stage.
    '--id-type=integer',
    `--array-delimiter=${delimiterArg(arrayDelimiter)}`,
    // Any bad row aborts the import: the files are generated, so a bad row is a bug, never data to skip.
    '--bad-tolerance=0',
    '--strict=true',
    '--skip-duplicate-nodes=false',
    '--skip-bad-relationships=false',
    ...(state.lineBreak ? ['--multiline-fields=true'] : []),
  );
  writeFileSync(path.join(abs, BULK_CONSTRAINTS_FILE), CONSTRAINTS.map((c) => `${c};\n`).join('') + 'CALL db.awaitIndexes(600);\n');
  // The options file comes last and appears whole (rename): a test server started
  // before the files were written (startBulkTestServer) waits for it, then imports.
  const argsTmp = path.join(abs, `${BULK_ARGS_FILE}.tmp`);
  writeFileSync(argsTmp, args.join('\n') + '\n');
  renameSync(argsTmp, path.join(abs, BULK_ARGS_FILE));
  return { dir: abs, args, nodes, relationships, rows, bytes };
}

/** A shell word: plain when safe, else single-quoted. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command a user runs against their own (stopped) server to import the written files. */
export function adminImportCommand(files: BulkFiles, database = 'neo4j'): string {
  return ['neo4j-admin', 'database', 'import', 'full', ...files.args, database].map(shellWord).join(' ');
}

/** Refuses a database that holds any node: the bulk path only fills an empty database. */
export async function assertEmptyDatabase(conn: Neo4jConnection): Promise<void> {
  const { driver, settings } = conn;
  const session = driver.session({ database: settings.database, defaultAccessMode: neo4j.session.READ });
  let count: number;
  try {
    const res = await session.executeRead((tx) => tx.run('MATCH (n) RETURN count(n) AS n'));
    count = neo4j.integer.toNumber(res.records[0]!.get('n'));
  } catch (err) {
    throw describeNeo4jFailure(err, settings.uri, 'checking that the database is empty');
  } finally {
    await session.close().catch(() => undefined);
  }
  if (count > 0) {
    throw new Neo4jError(`the bulk import needs an empty database, but ${settings.uri}${settings.database ? ` (database ${settings.database})` : ''} holds ${count} nodes; ` +
      'use the MERGE import (without --bulk), which adds to an existing graph, or an empty database');
  }
}

/** After neo4j-admin import: the MERGE import's constraints and indexes, built on the imported store. */
export async function finishBulkImport(conn: Neo4jConnection): Promise<void> {
  const { driver, settings } = conn;
  const session = driver.session({ database: settings.database, defaultAccessMode: neo4j.session.WRITE });
  try {
    for (const statement of CONSTRAINTS) await session.run(statement);
    await session.run('CALL db.awaitIndexes(600)');
  } catch (err) {
    throw describeNeo4jFailure(err, settings.uri, 'creating the constraints after the bulk import');
  } finally {
    await session.close().catch(() => undefined);
  }
}

/**
 * JVM flags of startBulkTestServer: test-server.ts's JVM_DEFAULTS plus C1 only
 * (-XX:TieredStopAtLevel=1). The import, the Neo4j start and the index builds are
 * cold code run once: C2 compiles cost more CPU than they save there (java CPU
 * 15.6–19.0 s against 22.0–23.5 s for the 100k set, bench/results-neo4j.md), while
 * the steady MERGE import runs 60 % slower with C1 alone — pass
 * `javaArgs: JVM_DEFAULTS` for a server that will take long Bolt workloads.
 */
export const BULK_JVM_DEFAULTS: readonly string[] = Object.freeze([...JVM_DEFAULTS, '-XX:TieredStopAtLevel=1']);

export interface BulkTestServer {
  server: TestServer;
  /** What was imported (its folder is already removed: the store holds the data). */
  files: BulkFiles;
  /**
   * Seconds from the dataset: writing the files (while the JVM starts), then until the
   * server is ready (import, Neo4j start, constraints created and online); `import` and
   * `schema` as the server reported them.
   */
  seconds: { write: number; start: number; total: number; import?: number; schema?: number };
}

/**
 * A test server (tools/neo4j) whose store is bulk-imported from `ds` before it
 * starts, with the constraints created: ready for loads, push-down queries and
 * further MERGE imports. The java process starts first and waits for the files'
 * options file (written last), so the JVM loads its classes while Node writes the
 * CSV; it runs the import, starts Neo4j and creates the constraints (the folder's
 * constraints.cypher) before its ready line. The CSV files live in a temp folder
 * removed once the server is up. Invalid data is refused (DataError) before any file
 * is written, and the waiting server is killed.
 */
export async function startBulkTestServer(ds: Dataset, options: Partial<TestServerOptions> = {}): Promise<BulkTestServer> {
  const t0 = performance.now();
  await ensureTestServerBuilt();
  const tmp = mkdtempSync(path.join(tmpdir(), 'xinlian-bulk-'));
  try {
    const csvDir = path.join(tmp, 'csv');
    mkdirSync(csvDir);
    const startTimeoutMs = options.startTimeoutMs ?? 600_000;
    const launch = launchTestServer({ startTimeoutMs, javaArgs: BULK_JVM_DEFAULTS, ...options, importDir: csvDir, importWaitMs: startTimeoutMs });
    let files: BulkFiles;
    try {
      files = writeBulkImport(ds, csvDir);
    } catch (err) {
      await launch.abort();
      throw err;
    }
    const t1 = performance.now();
    // The ready line comes after the import, the Neo4j start and the schema statements
    // (db.awaitIndexes included): a failed statement makes the server exit instead.
    const server = await launch.ready;
    const t2 = performance.now();
    return { server, files, seconds: { write: (t1 - t0) / 1000, start: (t2 - t1) / 1000, total: (t2 - t0) / 1000, ...server.reported } };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
