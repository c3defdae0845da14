/**
 * `xinlian neo4j import DIR` / `xinlian neo4j export OUT`: moves a dataset into
 * Neo4j and back (src/io/neo4j, docs/neo4j.md). The server is NEO4J_URI (or
 * --uri), with NEO4J_USER / NEO4J_PASSWORD; imports are idempotent, so an
 * interrupted import is finished by running it again. `import DIR --bulk OUT`
 * writes neo4j-admin import files for an empty database instead (bulk.ts) and
 * prints the command that loads them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../io/errors.ts';
import { DATASET_FORMATS, writeDataset, type DatasetFormat } from '../../io/index.ts';
import { adminImportCommand, assertEmptyDatabase, BULK_CONSTRAINTS_FILE, connectNeo4j, IMPORT_DEFAULTS, importDataset, writeBulkImport, loadDataset as loadFromNeo4j, MAX_HOPS, settingsFromEnv, type LoadScope, type Neo4jSettings } from '../../io/neo4j/index.ts';
import { TABLES } from '../../model/schema.ts';
import { argument, flagOption, integerOption, stringOption, type Command, type ParsedArgs } from '../command.ts';
import { loadDataset } from '../dataset.ts';
import { formatFromPath } from './convert.ts';

const ACTIONS = ['import', 'export'] as const;

function settings(parsed: ParsedArgs): Neo4jSettings;
function settings(parsed: ParsedArgs, optional: true): Neo4jSettings | undefined;
function settings(parsed: ParsedArgs, optional = false): Neo4jSettings | undefined {
  const env = settingsFromEnv();
  const uri = stringOption(parsed, 'uri') ?? env?.uri;
  if (uri === undefined) {
    if (optional) return undefined;
    throw new UsageError('no Neo4j server: set NEO4J_URI (e.g. bolt://127.0.0.1:7687) or pass --uri');
  }
  return { uri, user: env?.user, password: env?.password, database: stringOption(parsed, 'database') ?? env?.database };
}

function scope(parsed: ParsedArgs): LoadScope {
  const park = stringOption(parsed, 'park');
  const region = stringOption(parsed, 'region');
  const firm = stringOption(parsed, 'firm');
  const given = [park, region, firm].filter((x) => x !== undefined).length;
  if (given > 1) throw new UsageError('choose one of --park, --region, --firm');
  if (park !== undefined) return { kind: 'park', park };
  if (region !== undefined) return { kind: 'region', region };
  if (firm !== undefined) return { kind: 'neighbourhood', firm, hops: integerOption(parsed, 'hops', 0, MAX_HOPS) ?? 2 };
  return { kind: 'all' };
}

export const neo4jCommand: Command = {
  name: 'neo4j',
  summary: 'Import a dataset into Neo4j, or export the stored graph (or a park, region or firm neighbourhood) as a dataset',
  description: 'The server is NEO4J_URI or --uri; credentials come from NEO4J_USER / NEO4J_PASSWORD (never the command line). ' +
    'import MERGEs every row on its id, so re-running an interrupted import completes it with identical counts. ' +
    'import --bulk OUT instead writes neo4j-admin import files for an EMPTY database (much faster for a first load) and prints the neo4j-admin command; ' +
    'with a server given it first refuses one that is not empty. ' +
    'export reads the graph back, checks every value like the CSV reader, and writes a dataset (docs/neo4j.md).',
  arguments: [
    { name: 'ACTION', description: 'import or export' },
    { name: 'PATH', description: 'import: dataset folder or file to read; export: output folder (csv) or .json/.gexf/.graphml file' },
  ],
  options: {
    uri: { type: 'string', value: 'URI', description: 'bolt:// or neo4j:// URI (default NEO4J_URI)' },
    database: { type: 'string', value: 'NAME', description: 'database name (default NEO4J_DATABASE or the server default)' },
    'batch-size': { type: 'string', value: 'N', default: String(IMPORT_DEFAULTS.batchSize), description: 'import: rows per transaction' },
    bulk: { type: 'string', value: 'OUT', description: 'import: write `neo4j-admin database import full` files into the empty folder OUT and print the command, instead of MERGEing over Bolt (empty database only)' },
    concurrency: { type: 'string', value: 'N', default: String(IMPORT_DEFAULTS.concurrency), description: 'import: sessions writing at once (1–16; lock-safe lanes)' },
    to: { type: 'string', value: 'FORMAT', choices: DATASET_FORMATS, description: 'export: output format (default from PATH\'s extension, else csv)' },
    park: { type: 'string', value: 'ID', description: 'export: only this park\'s firms and their edges' },
    region: { type: 'string', value: 'NAME', description: 'export: only the firms of this region' },
    firm: { type: 'string', value: 'ID', description: 'export: the neighbourhood of this firm' },
    hops: { type: 'string', value: 'N', default: '2', description: `export with --firm: hops (0–${MAX_HOPS})` },
    force: { type: 'boolean', description: 'export: replace an existing PATH' },
  },
  tabular: true,
  examples: [
    'neo4j import data/demo --uri bolt://127.0.0.1:7687',
    'neo4j import data/demo --bulk /tmp/demo-admin-import',
    'neo4j export /tmp/from-neo4j',
    'neo4j export /tmp/park.json --park P01',
    'neo4j export /tmp/near.json --firm F0000012 --hops 2',
  ],
  async run(parsed, ctx) {
    const action = argument(parsed, 'ACTION');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`ACTION must be import or export, got '${action}'`);
    const target = path.resolve(ctx.cwd, argument(parsed, 'PATH'));
    const bulk = stringOption(parsed, 'bulk');
    if (bulk !== undefined) {
      if (action !== 'import') throw new UsageError('--bulk is an import option');
      await bulkImport(ctx, parsed, target, path.resolve(ctx.cwd, bulk));
      return;
    }
    const conn = await connectNeo4j(settings(parsed));
    try {
      if (action === 'import') {
        const loaded = await loadDataset(ctx, target);
        const batchSize = integerOption(parsed, 'batch-size', 1, 1_000_000) ?? IMPORT_DEFAULTS.batchSize;
        const concurrency = integerOption(parsed, 'concurrency', 1, 16) ?? IMPORT_DEFAULTS.concurrency;
        const bar = ctx.progress('neo4j import');
        const abort = new AbortController();
        void ctx.interrupted().then(() => abort.abort());
        let result;
        try {
          result = await importDataset(conn, loaded.dataset, {
            batchSize,
            concurrency,
            signal: abort.signal,
            onProgress: (p) => bar.update(p.rowsDone, `neo4j import ${p.table} ${p.rowsDone}/${p.rowsTotal}`),
          });
        } finally {
          bar.done();
        }
        const rows = TABLES.map((table) => ({ table, rows: result.rows[table] }));
        const total = rows.reduce((s, r) => s + r.rows, 0);
        ctx.out.emit({
          value: { from: loaded.path, uri: conn.settings.uri, rows: result.rows, seconds: result.seconds, rowsPerSecond: total / result.seconds, options: { batchSize, concurrency } },
          human: () => `imported ${total} rows into ${conn.settings.uri} in ${result.seconds.toFixed(1)} s (${Math.round(total / result.seconds)} rows/s)\n\n`,
          table: { columns: [{ title: 'table', value: (r: (typeof rows)[number]) => r.table }, { title: 'rows', value: (r: (typeof rows)[number]) => r.rows }], rows },
        });
        return;
      }
      if (existsSync(target) && !flagOption(parsed, 'force')) {
        const emptyDir = statSync(target).isDirectory() && readdirSync(target).length === 0;
        if (!emptyDir) throw new UsageError(`${target} exists; choose another PATH or add --force to replace it`);
      }
      const format = (stringOption(parsed, 'to') as DatasetFormat | undefined) ?? formatFromPath(target);
      const sc = scope(parsed);
      const bar = ctx.progress('neo4j export');
      let dataset;
      try {
        dataset = await loadFromNeo4j(conn, { scope: sc });
        bar.update(1, `write ${format}`);
        await writeDataset(dataset, target, format);
      } finally {
        bar.done();
      }
      const rows = TABLES.map((table) => ({ table, rows: dataset[table].length }));
      ctx.out.emit({
        value: { uri: conn.settings.uri, to: target, format, scope: sc, counts: Object.fromEntries(rows.map((r) => [r.table, r.rows])) },
        human: () => `wrote ${target} (${format}) from ${conn.settings.uri}\n\n`,
        table: { columns: [{ title: 'table', value: (r: (typeof rows)[number]) => r.table }, { title: 'rows', value: (r: (typeof rows)[number]) => r.rows }], rows },
      });
    } finally {
      await conn.close();
    }
  },
};

/**
 * `import DIR --bulk OUT`: refuses a non-empty server (when one is given), writes
 * the neo4j-admin files and prints the command. The database must be stopped while
 * neo4j-admin runs; the constraints come afterwards (OUT/constraints.cypher).
 */
async function bulkImport(ctx: Parameters<Command['run']>[1], parsed: ParsedArgs, from: string, out: string): Promise<void> {
  const loaded = await loadDataset(ctx, from);
  const server = settings(parsed, true);
  if (server) {
    const conn = await connectNeo4j(server);
    try {
      await assertEmptyDatabase(conn);
    } finally {
      await conn.close();
    }
  }
  const started = performance.now();
  const files = writeBulkImport(loaded.dataset, out);
  const seconds = (performance.now() - started) / 1000;
  const command = adminImportCommand(files, server?.database ?? stringOption(parsed, 'database') ?? 'neo4j');
  const rows = TABLES.map((table) => ({ table, rows: files.rows[table] }));
  ctx.out.emit({
    value: { from: loaded.path, to: files.dir, rows: files.rows, nodes: files.nodes, relationships: files.relationships, bytes: files.bytes, seconds, command, checkedEmpty: server?.uri ?? null },
    human: () => `wrote neo4j-admin import files for ${files.nodes} nodes and ${files.relationships} relationships to ${files.dir} in ${seconds.toFixed(1)} s\n` +
      (server ? `${server.uri} holds no nodes: it may be bulk-imported.\n` : 'no server given (NEO4J_URI / --uri), so nothing checked that the target database is empty.\n') +
      '\nStop the database (or the server), then run on the server machine (the files must be readable there):\n\n' +
      `  ${command}\n\n` +
      (server
        ? 'neo4j-admin refuses a database that already exists; as it is the empty one checked above, add --overwrite-destination=true if it does (that deletes the database first). '
        : 'neo4j-admin refuses a database that already exists; add --overwrite-destination=true only to delete that database and everything in it. ') +
      `Then start the database and create the constraints: cypher-shell -f ${path.join(files.dir, BULK_CONSTRAINTS_FILE)}\n\n`,
    table: { columns: [{ title: 'table', value: (r: (typeof rows)[number]) => r.table }, { title: 'rows', value: (r: (typeof rows)[number]) => r.rows }], rows },
  });
}
