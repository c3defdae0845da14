/**
 * `xinlian serve DIR`: the viewer and the JSON API on 127.0.0.1 until Ctrl-C.
 * `xinlian serve --neo4j [URI]`: the same server on a Neo4j database (docs/neo4j.md):
 * the view graph (all, or --park / --region / --firm --hops) is loaded into a
 * Snapshot at start, and the firm-level push-down routes ask Neo4j itself.
 */
import path from 'node:path';
import { buildSnapshot } from '../../engine/index.ts';
import { UsageError } from '../../io/errors.ts';
import { connectNeo4j, loadDataset as loadFromNeo4j, MAX_HOPS, settingsFromEnv, type LoadScope, type Neo4jConnection, type Neo4jSettings } from '../../io/neo4j/index.ts';
import type { Snapshot } from '../../engine/index.ts';
import type { Dataset } from '../../model/schema.ts';
import { buildApp, DEFAULT_WEB_ROOT, startServer, viewerBuilt } from '../../server/index.ts';
import { useNeo4jBackend } from '../../server/neo4j-backend.ts';
import { flagOption, integerOption, stringOption, type Command, type CommandContext, type ParsedArgs } from '../command.ts';
import { loadAnalysis } from '../dataset.ts';

const NEO4J_URI = /^(bolt|neo4j)(\+s|\+ssc)?:\/\//;

/** Neo4j mode: --neo4j, or no DIR while NEO4J_URI is set. The URI is the positional argument or NEO4J_URI. */
function neo4jSettings(parsed: ParsedArgs): Neo4jSettings | undefined {
  const arg = parsed.args.DIR;
  const env = settingsFromEnv();
  const flag = flagOption(parsed, 'neo4j');
  if (!flag && (arg !== undefined || env === undefined)) {
    if (arg === undefined) throw new UsageError('missing argument DIR (a dataset folder or file), or use --neo4j [URI] to serve a Neo4j database');
    if (NEO4J_URI.test(arg)) throw new UsageError(`'${arg}' is a Neo4j URI: add --neo4j to serve from Neo4j`);
    return undefined;
  }
  // With --neo4j the argument is the URI; connectNeo4j checks it (a bad one exits 1 with what to fix).
  const uri = arg ?? env?.uri;
  if (uri === undefined) throw new UsageError('no Neo4j server: pass --neo4j bolt://HOST:PORT or set NEO4J_URI');
  return { uri, user: env?.user, password: env?.password, database: stringOption(parsed, 'database') ?? env?.database };
}

function loadScope(parsed: ParsedArgs): LoadScope {
  const park = stringOption(parsed, 'park');
  const region = stringOption(parsed, 'region');
  const firm = stringOption(parsed, 'firm');
  if ([park, region, firm].filter((x) => x !== undefined).length > 1) throw new UsageError('choose one of --park, --region, --firm');
  const hops = integerOption(parsed, 'hops', 0, MAX_HOPS);
  if (hops !== undefined && firm === undefined) throw new UsageError('--hops goes with --firm');
  if (park !== undefined) return { kind: 'park', park };
  if (region !== undefined) return { kind: 'region', region };
  if (firm !== undefined) return { kind: 'neighbourhood', firm, hops: hops ?? 2 };
  return { kind: 'all' };
}

function describeScope(scope: LoadScope): string {
  switch (scope.kind) {
    case 'all': return 'the whole database';
    case 'park': return `park ${scope.park}`;
    case 'region': return `region ${scope.region}`;
    case 'neighbourhood': return `${scope.hops}-hop neighbourhood of ${scope.firm}`;
  }
}

interface Loaded {
  dataset: Dataset;
  snapshot: Snapshot;
  neo4j?: { conn: Neo4jConnection; scope: LoadScope };
}

async function loadFromDatabase(ctx: CommandContext, settings: Neo4jSettings, scope: LoadScope): Promise<Loaded> {
  const conn = await connectNeo4j(settings);
  try {
    const bar = ctx.progress(`read ${describeScope(scope)} from Neo4j`);
    let dataset: Dataset;
    let snapshot: Snapshot;
    try {
      dataset = await loadFromNeo4j(conn, { scope });
      bar.update(1, 'build graph');
      snapshot = buildSnapshot(dataset);
    } finally {
      bar.done();
    }
    return { dataset, snapshot, neo4j: { conn, scope } };
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw err;
  }
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the viewer and the JSON API for a dataset or a Neo4j database (default http://127.0.0.1:5173/)',
  description: 'If the port is busy the next free one is used (and printed). Stops on Ctrl-C.\n' +
    'The viewer is served from dist/web: run `npm run build:web` first (npm start does it).\n' +
    'With --neo4j (or without DIR when NEO4J_URI is set) the data comes from Neo4j: the view graph is loaded at start ' +
    '(the whole database, or --park / --region / --firm with --hops), and GET /api/neighbourhood/:id and ' +
    '/api/circles/firm/:id are answered by Cypher inside the database, beyond the loaded graph (docs/neo4j.md). ' +
    'Credentials come from NEO4J_USER / NEO4J_PASSWORD.',
  arguments: [{ name: 'DIR', description: 'dataset folder (CSV files + dataset.json) or a .json, .gexf or .graphml file; with --neo4j: the bolt:// URI (default NEO4J_URI)', required: false }],
  options: {
    port: { type: 'string', value: 'PORT', default: '5173', description: 'first port to try (0 = any free port)' },
    host: { type: 'string', value: 'HOST', default: '127.0.0.1', description: 'interface to bind; keep the loopback unless you add access control' },
    web: { type: 'string', value: 'DIR', description: 'built viewer folder (default: dist/web of this installation)' },
    neo4j: { type: 'boolean', description: 'serve from Neo4j (the URI is the argument or NEO4J_URI)' },
    database: { type: 'string', value: 'NAME', description: 'Neo4j database (default NEO4J_DATABASE or the server default)' },
    park: { type: 'string', value: 'ID', description: 'Neo4j: load only this park\'s firms and their edges' },
    region: { type: 'string', value: 'NAME', description: 'Neo4j: load only the firms of this region' },
    firm: { type: 'string', value: 'ID', description: 'Neo4j: load the neighbourhood of this firm' },
    hops: { type: 'string', value: 'N', description: `Neo4j with --firm: hops of the loaded neighbourhood (0–${MAX_HOPS}, default 2)` },
  },
  examples: ['serve data/demo', 'serve data/demo --port 8080', 'serve --neo4j bolt://127.0.0.1:7687', 'serve --neo4j bolt://127.0.0.1:7687 --park P01'],
  async run(parsed, ctx) {
    const port = integerOption(parsed, 'port', 0, 65535)!;
    const host = stringOption(parsed, 'host')!;
    const webArg = stringOption(parsed, 'web');
    const webRoot = webArg === undefined ? DEFAULT_WEB_ROOT : path.resolve(ctx.cwd, webArg);
    const settings = neo4jSettings(parsed);
    if (settings === undefined && ['database', 'park', 'region', 'firm', 'hops'].some((o) => parsed.options[o] !== undefined)) {
      throw new UsageError('--database, --park, --region, --firm and --hops go with --neo4j');
    }
    const loaded: Loaded = settings === undefined ? await loadAnalysis(ctx, parsed.args.DIR!) : await loadFromDatabase(ctx, settings, loadScope(parsed));
    const { dataset, snapshot, neo4j } = loaded;
    try {
      if (!viewerBuilt(webRoot)) {
        ctx.warn(`the viewer is not built (no index.html in ${webRoot}): run \`npm run build:web\` (npm start does it); serving the API only`);
      }
      const app = await buildApp({ dataset, snapshot, webRoot });
      if (neo4j) useNeo4jBackend(app, neo4j);
      const server = await startServer(app, { host, port, onPortBusy: (busy) => ctx.warn(`port ${busy} is in use, trying ${busy + 1}`) });
      const from = neo4j ? ` from ${neo4j.conn.settings.uri} (${describeScope(neo4j.scope)}: ${dataset.firms.length} firms)` : '';
      ctx.out.emit({
        value: {
          url: server.url, host: server.host, port: server.port, dataset: dataset.meta.name, viewer: viewerBuilt(webRoot),
          ...(neo4j ? { neo4j: { uri: neo4j.conn.settings.uri, scope: neo4j.scope, firms: dataset.firms.length } } : {}),
        },
        human: () => `xinlian: serving ${dataset.meta.name}${from} at ${server.url}  (Ctrl-C to stop)`,
      });
      const signal = await ctx.interrupted();
      await server.close();
      ctx.out.say(`stopped (${signal})`);
    } finally {
      await neo4j?.conn.close();
    }
  },
};
