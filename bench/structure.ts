/**
 * Guarantee-structure benchmark (docs/guarantee-structure.md, "Performance").
 *
 * 1. circles + chain depth on a 1M-firm guarantee graph (goal ≤ 2 s);
 * 2. SCC and PageRank side by side — our CSR code, python-igraph and NetworkX — on
 *    the SAME edge list, written to bench/out/structure-edges.txt, with the SCC
 *    counts cross-checked and the PageRank vectors compared with igraph's.
 *
 * Graph: the seeded generator's 1M-firm cluster (generateCluster({ firms: 1_000_000, seed: 1 }),
 * the content of bench/dataset.ts ensureDataset(1_000_000, 1)); the tool comparison uses all
 * edge kinds over firms and banks so it has ≥ 4M edges. `--random`: a seeded uniform random
 * directed graph of 1M nodes / 4M edges instead.
 * Run: node --import tsx bench/structure.ts [--random]   (needs /usr/bin/python3 with
 * python3-networkx and python3-igraph from apt).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { buildCsr, buildSnapshot, createRng, stronglyConnectedComponents, type EdgeKind, type Snapshot } from '../src/engine/index.ts';
import { guaranteeChainDepths, guaranteeCircles } from '../src/analysis/guarantee/index.ts';
import { generateCluster } from '../data/generator/index.ts';
import { pageRankCsr } from '../src/analysis/metrics/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const outDir = join(here, 'out');
mkdirSync(outDir, { recursive: true });
const N = 1_000_000, M = 4_000_000;

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
function timed<T>(f: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = f();
  return [r, seconds(t0)];
}
/** Best of `runs` timings: the machine is shared, the minimum is the least disturbed run. */
function best<T>(runs: number, f: () => T): [T, number] {
  let out = timed(f);
  for (let k = 1; k < runs; k++) {
    const next = timed(f);
    if (next[1] < out[1]) out = next;
  }
  return out;
}
const RUNS = 3;

function edgeKindOf(n: number, src: Int32Array, dst: Int32Array): EdgeKind {
  return { m: src.length, src, dst, weight: new Float64Array(src.length).fill(1), out: buildCsr(n, src, dst), in: buildCsr(n, dst, src) };
}

/** A Snapshot holding only firms and a guarantee graph: what the structure analyses read. */
function guaranteeOnlySnapshot(n: number, src: Int32Array, dst: Int32Array): Snapshot {
  const none = edgeKindOf(n, new Int32Array(0), new Int32Array(0));
  const nan = () => new Float64Array(n).fill(NaN);
  const ids = Array.from({ length: n }, (_, i) => `F${String(i).padStart(7, '0')}`);
  return {
    dataset: { meta: { name: 'random', formatVersion: 1, currency: 'CNY', unit: 1 }, firms: [], parks: [], banks: [], loans: [], guarantees: [], supply: [], ownership: [], financials: [] },
    n, nFirms: n, nBanks: 0, nParks: 0, ids, index: new Map(), nodeType: new Uint8Array(n),
    equity: nan(), assets: nan(), liabilities: nan(), revenue: nan(), employees: nan(), pd: nan(), lgd: nan(),
    park: new Int32Array(n).fill(-1), industry: new Int32Array(n), industries: ['C33'], flags: new Uint8Array(n), guarantorCompany: new Uint8Array(n),
    guarantee: edgeKindOf(n, src, dst), guaranteeGroupSize: new Int32Array(src.length).fill(1), guaranteeLoan: new Int32Array(src.length).fill(-1),
    loan: none, supply: none, ownership: none,
  };
}

interface Graph { label: string; snapshot: Snapshot; n: number; src: Int32Array; dst: Int32Array }

async function loadGraph(): Promise<Graph> {
  if (!process.argv.includes('--random')) {
    // The seeded generator in memory: the same content bench/dataset.ts ensureDataset(1_000_000, 1)
    // writes to disk, without depending on the CSV reader for a structure benchmark.
    const full = buildSnapshot(generateCluster({ firms: N, seed: 1 }));
    // The structure analyses read only typed arrays, ids and parks: drop the generated Dataset
    // records (millions of small JS objects) so V8's full collections, which typed-array
    // allocations trigger, do not have to walk them during the timings (see the results file).
    const snapshot: Snapshot = { ...full, dataset: { ...full.dataset, firms: [], loans: [], guarantees: [], supply: [], ownership: [], financials: [] } };
    // Tool comparison graph: every edge of the Snapshot (guarantee, loan, supply, ownership)
    // over the firm and bank nodes, in the Snapshot's numbering.
    const kinds = [snapshot.guarantee, snapshot.loan, snapshot.supply, snapshot.ownership];
    const m = kinds.reduce((a, k) => a + k.m, 0);
    const src = new Int32Array(m), dst = new Int32Array(m);
    let at = 0;
    for (const k of kinds) { src.set(k.src, at); dst.set(k.dst, at); at += k.m; }
    return {
      label: `generateCluster({ firms: 1_000_000, seed: 1 }) (= ensureDataset(1_000_000, 1)): ${snapshot.nFirms} firms, ${snapshot.nBanks} banks, ${snapshot.guarantee.m} guarantees (circles and chain depth run on these); the tool comparison graph = all ${m} guarantee + loan + supply + ownership edges over the ${snapshot.nFirms + snapshot.nBanks} firm and bank nodes`,
      snapshot, n: snapshot.nFirms + snapshot.nBanks, src, dst,
    };
  }
  // Uniform random directed graph, no self-loops; seeded so every run writes the same file.
  const rng = createRng(1);
  const src = new Int32Array(M), dst = new Int32Array(M);
  for (let e = 0; e < M; e++) {
    const a = rng.int(N);
    let b = rng.int(N - 1);
    if (b >= a) b++;
    src[e] = a; dst[e] = b;
  }
  return { label: `seeded uniform random directed graph (createRng(1)), ${N} nodes / ${M} edges, used as the guarantee graph`, snapshot: guaranteeOnlySnapshot(N, src, dst), n: N, src, dst };
}

async function writeEdges(path: string, src: Int32Array, dst: Int32Array): Promise<void> {
  const ws = createWriteStream(path);
  const chunk = 200_000;
  for (let s = 0; s < src.length; s += chunk) {
    let text = '';
    for (let e = s; e < Math.min(src.length, s + chunk); e++) text += `${src[e]} ${dst[e]}\n`;
    if (!ws.write(text)) await new Promise<void>((r) => ws.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => ws.end((err?: Error | null) => (err ? j(err) : r())));
}

// Each tool loads the edge file itself; SCC and PageRank (α 0.85, unweighted) are timed apart from loading.
const PYTHON = String.raw`
import json, sys, time
n = int(sys.argv[2]); path = sys.argv[1]; out = {}
import igraph as ig
t = time.perf_counter(); g = ig.Graph.Read_Edgelist(path, directed=True)
if g.vcount() < n: g.add_vertices(n - g.vcount())
out['igraph_load'] = time.perf_counter() - t
t = time.perf_counter(); c = g.connected_components(mode='strong'); out['igraph_scc'] = time.perf_counter() - t
out['igraph_scc_count'] = len(c); out['igraph_scc_ge2'] = sum(1 for s in c.sizes() if s >= 2); out['igraph_largest'] = max(c.sizes())
t = time.perf_counter(); pr = g.pagerank(damping=0.85); out['igraph_pagerank'] = time.perf_counter() - t
with open(path + '.igraph-pr', 'w') as f: f.write('\n'.join(repr(x) for x in pr))
del g, c, pr
import networkx as nx
t = time.perf_counter(); G = nx.DiGraph(); G.add_nodes_from(range(n))
with open(path) as f: G.add_edges_from((int(a), int(b)) for a, b in (line.split() for line in f))
out['nx_load'] = time.perf_counter() - t
out['nx_edges'] = G.number_of_edges()
t = time.perf_counter(); sizes = [len(s) for s in nx.strongly_connected_components(G)]; out['nx_scc'] = time.perf_counter() - t
out['nx_scc_count'] = len(sizes); out['nx_scc_ge2'] = sum(1 for s in sizes if s >= 2)
t = time.perf_counter(); p = nx.pagerank(G, alpha=0.85, tol=1e-6 / n, max_iter=1000); out['nx_pagerank'] = time.perf_counter() - t
out['versions'] = {'igraph': ig.__version__, 'networkx': nx.__version__, 'python': sys.version.split()[0]}
print(json.dumps(out))
`;

async function main(): Promise<void> {
  const loadStart = loadavg().map((x) => x.toFixed(1)).join(' / ');
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, node ${process.version}`);
  const [g, tGraph] = await (async () => { const t0 = process.hrtime.bigint(); const r = await loadGraph(); return [r, seconds(t0)] as const; })();
  collectGarbage();
  console.log(`graph: ${g.label} (prepared in ${tGraph.toFixed(1)} s)`);

  // 1. Structure on the Snapshot: SCC (cached per Snapshot) + circle records + chain depths.
  // A shallow copy is a new Snapshot object, so the per-Snapshot SCC cache does not carry over between runs.
  let fresh = g.snapshot;
  const [circles, tCircles] = best(RUNS, () => guaranteeCircles((fresh = { ...g.snapshot })));
  const [depths, tDepth] = best(RUNS, () => guaranteeChainDepths(fresh));
  console.log(`circles: ${circles.circles.length} (largest ${circles.circles[0]?.size ?? 0}, ${circles.firmsInCircles} firms) in ${tCircles.toFixed(3)} s; chain depth (max ${depths.maxDepth}) in ${tDepth.toFixed(3)} s; total ${(tCircles + tDepth).toFixed(3)} s (goal ≤ 2 s)`);

  // 2. Same edge list for the three tools.
  const edgeFile = join(outDir, 'structure-edges.txt');
  await writeEdges(edgeFile, g.src, g.dst);
  const n = g.n, m = g.src.length;
  const [[csr, incoming], tCsr] = best(RUNS, () => [buildCsr(n, g.src, g.dst), buildCsr(n, g.dst, g.src)] as const);
  const [scc, tScc] = best(RUNS, () => stronglyConnectedComponents(n, csr));
  let sccGe2 = 0, largest = 0;
  for (const s of scc.size) { if (s >= 2) sccGe2++; if (s > largest) largest = s; }
  const [pr, tPr] = best(RUNS, () => pageRankCsr(n, csr, null, { damping: 0.85, tolerance: 1e-6, maxIterations: 1000 }, incoming));
  console.log(`ours: CSR build ${tCsr.toFixed(3)} s, SCC ${tScc.toFixed(3)} s (${scc.count} components, ${sccGe2} of size ≥ 2, largest ${largest}), PageRank ${tPr.toFixed(3)} s (${pr.iterations} sweeps)`);

  console.log('running python-igraph and NetworkX on the same file …');
  const py = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PYTHON, edgeFile, String(n)], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Record<string, number> & { versions: Record<string, string> };
  const { readFileSync } = await import('node:fs');
  const igPr = readFileSync(edgeFile + '.igraph-pr', 'utf8').split('\n').map(Number);
  let maxDiff = 0, l1 = 0;
  for (let i = 0; i < n; i++) { const d = Math.abs(pr.rank[i] - igPr[i]); l1 += d; if (d > maxDiff) maxDiff = d; }
  const agree = py.igraph_scc_count === scc.count && py.nx_scc_count === scc.count;
  const rows = [
    ['SCC', tScc, py.igraph_scc, py.nx_scc],
    ['PageRank', tPr, py.igraph_pagerank, py.nx_pagerank],
  ] as const;
  const table = [
    '| step | ours (CSR, JS) | python-igraph | NetworkX | igraph / ours | NetworkX / ours |',
    '|---|---|---|---|---|---|',
    `| load edge list | CSR build, both directions ${tCsr.toFixed(3)} s | ${py.igraph_load.toFixed(2)} s | ${py.nx_load.toFixed(1)} s | | |`,
    ...rows.map(([name, ours, ig, nx]) => `| ${name} | ${ours.toFixed(3)} s | ${ig.toFixed(3)} s | ${nx.toFixed(2)} s | ${(ig / ours).toFixed(1)}× | ${(nx / ours).toFixed(1)}× |`),
  ].join('\n');
  console.log(table);
  console.log(`SCC counts: ours ${scc.count}, igraph ${py.igraph_scc_count}, NetworkX ${py.nx_scc_count} → ${agree ? 'agree' : 'DIFFER'}; size ≥ 2: ours ${sccGe2}, igraph ${py.igraph_scc_ge2}, NetworkX ${py.nx_scc_ge2}`);
  console.log(`PageRank vs igraph (PRPACK): max |Δ| ${maxDiff.toExponential(2)}, L1 ${l1.toExponential(2)}`);

  const md = `# Guarantee structure benchmark

Recorded ${new Date().toISOString().slice(0, 10)} with \`node --import tsx bench/structure.ts\`
on ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, node ${process.version},
python ${py.versions.python}, python-igraph ${py.versions.igraph}, NetworkX ${py.versions.networkx} (Debian packages, /usr/bin/python3).
The machine was shared with other engineers' jobs (load average at the start ${loadStart}, at the end ${loadavg().map((x) => x.toFixed(1)).join(' / ')}
on 2 cores), so times carry noise: ours are the best of ${RUNS} runs, igraph's and NetworkX's one run each.

Graph: ${g.label}.
The generated Dataset records are released before the timings (the analyses read only the
Snapshot's typed arrays, ids and parks). In an earlier run that kept them alive, under a load
average of about 8, the same steps took 7.3 s (circles) + 0.3 s (chain depth), SCC 6.4 s and
PageRank 11.1 s: typed-array allocations trigger full V8 collections that then walk millions
of small record objects.

## Circles and chain depth (goal ≤ 2 s)
| step | time |
|---|---|
| guaranteeCircles (SCC + circle records) | ${tCircles.toFixed(3)} s |
| guaranteeChainDepths (condensation DAG, depth + height) | ${tDepth.toFixed(3)} s |
| total | ${(tCircles + tDepth).toFixed(3)} s |

${circles.circles.length} circles, largest ${circles.circles[0]?.size ?? 0} firms, ${circles.firmsInCircles} firms in circles; max chain depth ${depths.maxDepth}.

## SCC and PageRank: ours vs python-igraph vs NetworkX
Same edge list for all three (\`bench/out/structure-edges.txt\`, ${n} nodes, ${m} edges), each tool
timed on the algorithm alone after loading; PageRank α = 0.85, unweighted. Ours: Gauss–Seidel
sweeps to ‖Δ‖₁ < 10⁻⁶ (${pr.iterations} sweeps); igraph: PRPACK (direct solver);
NetworkX: its scipy power iteration with tol = 10⁻⁶/N, because it stops at ‖Δ‖₁ < N·tol
and its default tol 10⁻⁶ would stop after one iteration at N = 1M.

${table}

SCC counts: ours ${scc.count}, igraph ${py.igraph_scc_count}, NetworkX ${py.nx_scc_count} (${agree ? 'agree' : 'DIFFER'});
components of size ≥ 2: ours ${sccGe2}, igraph ${py.igraph_scc_ge2}, NetworkX ${py.nx_scc_ge2}; largest ${largest} (igraph ${py.igraph_largest}).
PageRank against igraph: max |Δ| = ${maxDiff.toExponential(2)}, L1 distance ${l1.toExponential(2)}.
`;
  writeFileSync(join(here, 'results-structure.md'), md);
  console.log('wrote bench/results-structure.md');
}

await main();
