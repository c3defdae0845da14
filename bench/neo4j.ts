/**
 * Neo4j benchmark (docs/neo4j.md, "Performance").
 *
 * 1. import of a 100k-firm cluster with all its edges (generateCluster({ firms, seed: 1 }))
 *    into a fresh harness server (tools/neo4j, Neo4j 5.26, -Xmx4g), goal ≥ 50k rows/s:
 *    by default the MERGE import over Bolt (importDataset); with --bulk the bulk path
 *    for an empty database (startBulkTestServer: neo4j-admin import CSV files written,
 *    imported by the server before it starts, constraints created), timed end to end
 *    from the dataset to a server answering Bolt;
 * 2. k-hop neighbourhood expansion of a firm (neighbourhoodOf, the viewer's
 *    expand-on-demand, defaults limit 500, hubDegree 50), 1 and 2 hops (3 for
 *    information), on --queries firms (default 200) drawn with createRng(7),
 *    goal ≤ 50 ms; then the same walks under PROFILE, summing the db hits of every
 *    query of a walk;
 * 3. guarantee circle through a firm (guaranteeCircleOf) and the chains route's
 *    walk (firmChainsOf), same firms.
 * Run: node --import tsx bench/neo4j.ts [--firms N] [--batch N] [--concurrency N] [--queries N] [--bulk [--tiered] [--no-cds]] [--import-only]
 *   (or NEO4J_URI=… for your own server; add --skip-import when it already holds the dataset)
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { generateCluster } from '../data/generator/index.ts';
import { createRng } from '../src/engine/index.ts';
import type { ManagedTransaction } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import { connectNeo4j, guaranteeCircleOf, JVM_DEFAULTS, startBulkTestServer, type TestServer, importDataset, IMPORT_DEFAULTS, neighbourhoodOf, neo4jForTests, type Neo4jConnection } from '../src/io/neo4j/index.ts';
import { firmChainsOf, neo4jStore, walkNeighbourhood } from '../src/io/neo4j/pushdown.ts';
import { TABLES } from '../src/model/schema.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const FIRMS = arg('firms', 100_000);
const BATCH = arg('batch', IMPORT_DEFAULTS.batchSize);
const CONCURRENCY = arg('concurrency', IMPORT_DEFAULTS.concurrency);
const QUERIES = arg('queries', 200);
const SKIP_IMPORT = process.argv.includes('--skip-import');
const BULK = process.argv.includes('--bulk');
const IMPORT_ONLY = process.argv.includes('--import-only');

/** CPU seconds (user + system) of a process so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function timeEach(firms: string[], f: (id: string) => Promise<unknown>): Promise<{ median: number; p95: number; max: number }> {
  for (const id of firms.slice(0, 5)) await f(id); // warm the query plans
  const ms: number[] = [];
  for (const id of firms) {
    const t0 = performance.now();
    await f(id);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: ms[ms.length - 1]! };
}

interface ProfileNode { operatorType: string; dbHits: number; rows: number; children: ProfileNode[] }

/** One neighbourhood walk with every query run under PROFILE: total db hits, query count, and the plans. */
async function profiledWalk(conn: Neo4jConnection, firm: string, hops: number): Promise<{ dbHits: number; queries: number; plans: string[] }> {
  const session = conn.driver.session({ database: conn.settings.database, defaultAccessMode: neo4j.session.READ });
  let dbHits = 0;
  const plans: string[] = [];
  const sum = (p: ProfileNode): number => p.dbHits + p.children.reduce((t, c) => t + sum(c), 0);
  const show = (p: ProfileNode, depth: number): string[] => [`${'  '.repeat(depth)}${p.operatorType.replace(/@.*/, '')} rows ${p.rows} hits ${p.dbHits}`, ...p.children.flatMap((c) => show(c, depth + 1))];
  try {
    await session.executeRead(async (tx) => {
      // The store only calls run(); each query goes out as PROFILE and its plan is kept.
      const profiling = {
        run: async (query: string, params: Record<string, unknown>) => {
          const result = await tx.run(`PROFILE ${query}`, params);
          const profile = result.summary.profile as unknown as ProfileNode;
          dbHits += sum(profile);
          plans.push(`query ${plans.length + 1}: ${sum(profile)} db hits\n${show(profile, 1).join('\n')}`);
          return result;
        },
      } as unknown as ManagedTransaction;
      await walkNeighbourhood(neo4jStore(profiling), firm, { hops });
    });
  } finally {
    await session.close();
  }
  return { dbHits, queries: plans.length, plans };
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}, node ${process.version}`);
const t0 = performance.now();
const ds = generateCluster({ firms: FIRMS, seed: 1 });
const rows = TABLES.reduce((n, t) => n + ds[t].length, 0);
console.log(`dataset: ${FIRMS} firms, ${rows} rows (${TABLES.map((t) => `${t} ${ds[t].length}`).join(', ')}), generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

let server: TestServer;
if (BULK) {
  const loadBefore = loadavg().map((x) => x.toFixed(1)).join(' ');
  const node0 = process.cpuUsage();
  // A/B switches: --tiered (the tiered JIT of JVM_DEFAULTS instead of C1 only), --no-cds (without the class-data-sharing archive).
  const bulk = await startBulkTestServer(ds, { heap: '4g', ...(process.argv.includes('--tiered') ? { javaArgs: JVM_DEFAULTS } : {}), classDataSharing: !process.argv.includes('--no-cds') });
  const node1 = process.cpuUsage(node0);
  server = bulk.server;
  const s = bulk.seconds;
  console.log(`import (bulk: CSV → neo4j-admin import → server → constraints): ${rows} rows in ${s.total.toFixed(1)} s = ${Math.round(rows / s.total)} rows/s (goal ≥ 50000); ` +
    `write ${s.write.toFixed(1)} s (${(bulk.files.bytes / 2 ** 20).toFixed(0)} MiB, while the JVM starts), then until ready ${s.start.toFixed(1)} s ` +
    `(server's figures: import ${s.import?.toFixed(1) ?? '?'} s, constraints ${s.schema?.toFixed(1) ?? '?'} s); ` +
    `CPU: java ${cpuSeconds(server.process!.pid!).toFixed(1)} s, node ${((node1.user + node1.system) / 1e6).toFixed(1)} s; load ${loadBefore} → ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
} else {
  server = await neo4jForTests({ heap: '4g' });
}
try {
  const conn = await connectNeo4j(server.settings);
  try {
    if (SKIP_IMPORT && !BULK) console.log('import: skipped (--skip-import: the server holds the dataset already)');
    else if (!BULK) {
    const loadBefore = loadavg()[0]!.toFixed(1);
    const java0 = server.process ? cpuSeconds(server.process.pid!) : 0;
    const node0 = process.cpuUsage();
    const result = await importDataset(conn, ds, { batchSize: BATCH, concurrency: CONCURRENCY });
    const node1 = process.cpuUsage(node0);
    const java = server.process ? `java ${(cpuSeconds(server.process.pid!) - java0).toFixed(1)} s, ` : '';
    console.log(`import (MERGE over Bolt): ${rows} rows in ${result.seconds.toFixed(1)} s = ${Math.round(rows / result.seconds)} rows/s (batch ${BATCH}, concurrency ${CONCURRENCY}; goal ≥ 50000); ` +
      `CPU: ${java}node ${((node1.user + node1.system) / 1e6).toFixed(1)} s; load ${loadBefore}→${loadavg()[0]!.toFixed(1)}`);
    }
    // --import-only: stop after the import (A/B runs of the import settings).
    if (!IMPORT_ONLY) {

    const rng = createRng(7);
    const sample = Array.from({ length: QUERIES }, () => ds.firms[rng.int(ds.firms.length)]!.id);
    console.log(`queries: ${QUERIES} firms drawn with createRng(7); load before ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    for (const hops of [1, 2, 3]) {
      let nodes = 0, edges = 0, cut = 0;
      const t = await timeEach(sample, async (id) => {
        const nb = await neighbourhoodOf(conn, id, { hops });
        nodes += nb.nodes.length;
        edges += nb.edges.length;
        cut += nb.truncated ? 1 : 0;
      });
      const per = (x: number) => (x / (QUERIES + 5)).toFixed(1);
      console.log(`neighbourhood ${hops} hop(s): median ${t.median.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms, max ${t.max.toFixed(1)} ms` +
        ` (goal ≤ 50 ms${hops === 3 ? ', not required' : ''}); mean ${per(nodes)} nodes, ${per(edges)} edges, ${cut} cut at the limit; load ${loadavg()[0]!.toFixed(1)}`);
    }
    for (const hops of [1, 2]) {
      const hits: number[] = [];
      const queries: number[] = [];
      for (const id of sample) {
        const p = await profiledWalk(conn, id, hops);
        hits.push(p.dbHits);
        queries.push(p.queries);
      }
      hits.sort((a, b) => a - b);
      console.log(`PROFILE ${hops} hop(s): db hits per walk median ${quantile(hits, 0.5)}, p95 ${quantile(hits, 0.95)}, max ${hits[hits.length - 1]}; ${Math.max(...queries)} queries per walk at most`);
    }
    console.log(`plans (1 hop from ${sample[0]}):\n${(await profiledWalk(conn, sample[0]!, 1)).plans.join('\n')}`);
    const c = await timeEach(sample, (id) => guaranteeCircleOf(conn, id));
    console.log(`guarantee circle through a firm: median ${c.median.toFixed(1)} ms, p95 ${c.p95.toFixed(1)} ms, max ${c.max.toFixed(1)} ms`);
    const ch = await timeEach(sample, (id) => firmChainsOf(conn, id));
    console.log(`guarantee chains (GET /api/circles/firm/:id, 3 hops, max 500): median ${ch.median.toFixed(1)} ms, p95 ${ch.p95.toFixed(1)} ms, max ${ch.max.toFixed(1)} ms`);
    console.log(`load after ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    }
  } finally {
    await conn.close();
  }
} finally {
  await server.stop();
}
