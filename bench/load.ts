/**
 * Load benchmark: a 1M-firm cluster (seed 1) read from CSV with readDataset and
 * turned into the engine Snapshot with buildSnapshot. Goal: ≤ 60 s and ≤ 4 GB
 * peak RSS. Each measurement runs in a fresh `node --import tsx` process so its
 * peak RSS (process.resourceUsage().maxRSS) is its own; generation (if the dataset
 * is missing) also runs in its own process. Writes bench/results-load.md.
 *
 *   node --import tsx bench/load.ts [firms] [seed]      (default 1000000 1)
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSnapshot } from '../src/engine/index.ts';
import { readDataset } from '../src/io/index.ts';
import { datasetDir, readGenerationRecord, type GenerationRecord } from './dataset.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const GOAL_SECONDS = 60;
const GOAL_RSS_MB = 4096;

interface LoadFigures {
  readSeconds: number;
  snapshotSeconds: number;
  /** CPU time (user + system) of each step: on a shared machine wall time includes waiting. */
  readCpuSeconds: number;
  snapshotCpuSeconds: number;
  maxRssMb: number;
  rows: Record<string, number>;
  snapshotEdges: number;
}

/** Child mode: read + snapshot one folder, print the figures as JSON. */
async function measure(dir: string): Promise<LoadFigures> {
  const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
  let t = process.hrtime.bigint();
  let cpu = process.cpuUsage();
  const { dataset: ds } = await readDataset(dir);
  const readSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const readCpuSeconds = cpuSeconds(process.cpuUsage(cpu));
  t = process.hrtime.bigint();
  cpu = process.cpuUsage();
  const s = buildSnapshot(ds);
  const snapshotSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const snapshotCpuSeconds = cpuSeconds(process.cpuUsage(cpu));
  return {
    readSeconds, snapshotSeconds, readCpuSeconds, snapshotCpuSeconds,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rows: { firms: ds.firms.length, banks: ds.banks.length, parks: ds.parks.length, loans: ds.loans.length, guarantees: ds.guarantees.length, supply: ds.supply.length, ownership: ds.ownership.length, financials: ds.financials.length },
    snapshotEdges: s.loan.m + s.guarantee.m + s.supply.m + s.ownership.m,
  };
}

function runTs(args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
}

function machine(): string {
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  return `nproc ${nproc}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform}-${process.arch}`;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--measure') {
    process.stdout.write(`${JSON.stringify(await measure(process.argv[3]))}\n`);
    return;
  }
  const firms = Number(process.argv[2] ?? 1_000_000);
  const seed = Number(process.argv[3] ?? 1);
  const before = await readGenerationRecord(firms, seed);
  const ensured = JSON.parse(runTs(['bench/dataset.ts', String(firms), String(seed)]).trim().split('\n').pop()!) as { dir: string; generation?: GenerationRecord };
  const generation = ensured.generation;
  const generatedNow = generation !== undefined && generation.date !== before?.date;
  const dir = ensured.dir ?? datasetDir(firms, seed);
  const loadBefore = loadavg()[0];
  const load = JSON.parse(runTs(['bench/load.ts', '--measure', dir]).trim().split('\n').pop()!) as LoadFigures;
  const loadAfter = loadavg()[0];
  const total = load.readSeconds + load.snapshotSeconds;
  const totalCpu = load.readCpuSeconds + load.snapshotCpuSeconds;
  const edges = load.rows.loans + load.rows.guarantees + load.rows.supply + load.rows.ownership;
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const lines = [
    '# Load benchmark',
    '',
    `Date: ${new Date().toISOString()}  `,
    `Command: \`node --import tsx bench/load.ts ${firms} ${seed}\`  `,
    `Machine: ${machine()}`,
    '',
    `Dataset: bench/out/gen-${firms}-${seed} (generator seed ${seed}), ${load.rows.firms.toLocaleString('en')} firms, ${edges.toLocaleString('en')} edges`,
    `(loans ${load.rows.loans.toLocaleString('en')}, guarantees ${load.rows.guarantees.toLocaleString('en')}, supply ${load.rows.supply.toLocaleString('en')}, ownership ${load.rows.ownership.toLocaleString('en')}), financials ${load.rows.financials.toLocaleString('en')} rows.`,
    '',
    '| step | wall s | CPU s | peak RSS (MB) | goal |',
    '|---|---|---|---|---|',
    generation
      ? `| generate (generateToFolder, streamed${generatedNow ? '' : `, recorded ${generation.date}`}) | ${generation.seconds.toFixed(1)} | | ${generation.maxRssMb} | < 60 s: ${verdict(generation.seconds < 60)} |`
      : '| generate | (not recorded) | | | |',
    `| readDataset (CSV → validated Dataset) | ${load.readSeconds.toFixed(1)} | ${load.readCpuSeconds.toFixed(1)} | | |`,
    `| buildSnapshot (Dataset → CSR) | ${load.snapshotSeconds.toFixed(1)} | ${load.snapshotCpuSeconds.toFixed(1)} | | |`,
    `| read + snapshot, one fresh process | ${total.toFixed(1)} | ${totalCpu.toFixed(1)} | ${load.maxRssMb} | ≤ ${GOAL_SECONDS} s: ${verdict(total <= GOAL_SECONDS)} (CPU ${verdict(totalCpu <= GOAL_SECONDS)}); ≤ 4 GB: ${verdict(load.maxRssMb <= GOAL_RSS_MB)} |`,
    '',
    'Each row is measured in its own `node --import tsx` process; peak RSS is',
    '`process.resourceUsage().maxRSS` of that process, CPU is `process.cpuUsage()`',
    `(user + system). The machine is shared with other work (2 cores; 1-minute load`,
    `average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the measurement), so wall`,
    'times are upper bounds; CPU time is what the step itself costs.',
    '',
  ];
  writeFileSync(path.join(here, 'results-load.md'), lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
