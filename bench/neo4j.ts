/**
 * Neo4j benchmark (docs/neo4j.md, "Performance").
 *
 * 1. import of a 100k-firm cluster with all its edges (generateCluster({ firms, seed: 1 }))
 *    into a fresh harness server (tools/neo4j, Neo4j 5.26, -Xmx4g), goal ≥ 50k rows/s;
 * 2. k-hop neighbourhood expansion of a firm (neighbourhoodOf, the viewer's
 *    expand-on-demand), 1 and 2 hops, 50 firms drawn with createRng(7), goal ≤ 50 ms;
 * 3. guarantee circle through a firm (guaranteeCircleOf), same firms.
 * Run: node --import tsx bench/neo4j.ts [--firms N] [--batch N]   (or NEO4J_URI=… for your own server)
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { generateCluster } from '../data/generator/index.ts';
import { createRng } from '../src/engine/index.ts';
import { connectNeo4j, guaranteeCircleOf, importDataset, neighbourhoodOf, neo4jForTests } from '../src/io/neo4j/index.ts';
import { TABLES } from '../src/model/schema.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const FIRMS = arg('firms', 100_000);
const BATCH = arg('batch', 10_000);

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

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}, node ${process.version}`);
const t0 = performance.now();
const ds = generateCluster({ firms: FIRMS, seed: 1 });
const rows = TABLES.reduce((n, t) => n + ds[t].length, 0);
console.log(`dataset: ${FIRMS} firms, ${rows} rows (${TABLES.map((t) => `${t} ${ds[t].length}`).join(', ')}), generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const server = await neo4jForTests({ heap: '4g' });
try {
  const conn = await connectNeo4j(server.settings);
  try {
    const result = await importDataset(conn, ds, { batchSize: BATCH });
    console.log(`import: ${rows} rows in ${result.seconds.toFixed(1)} s = ${Math.round(rows / result.seconds)} rows/s (batch ${BATCH}; goal ≥ 50000)`);

    const rng = createRng(7);
    const sample = Array.from({ length: 50 }, () => ds.firms[rng.int(ds.firms.length)]!.id);
    for (const hops of [1, 2]) {
      const t = await timeEach(sample, (id) => neighbourhoodOf(conn, id, { hops, limit: 5000 }));
      console.log(`neighbourhood ${hops} hop(s): median ${t.median.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms, max ${t.max.toFixed(1)} ms (goal ≤ 50 ms)`);
    }
    const c = await timeEach(sample, (id) => guaranteeCircleOf(conn, id));
    console.log(`guarantee circle through a firm: median ${c.median.toFixed(1)} ms, p95 ${c.p95.toFixed(1)} ms, max ${c.max.toFixed(1)} ms`);
  } finally {
    await conn.close();
  }
} finally {
  await server.stop();
}
