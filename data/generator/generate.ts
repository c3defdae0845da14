/**
 * The generator's two faces over one row source. `clusterTables` plans the
 * cluster (typed arrays: firms, structures, loans) and then yields each table as a
 * lazy sequence of rows in COLUMNS order; `generateCluster` collects them into a
 * Dataset, `generateToFolder` streams them to CSV with backpressure. Both consume
 * the very same sequence, so for the same options they hold the same content.
 * Each phase draws from its own stream createRng(deriveSeed(seed, phase)), so a
 * change in one table's drawing does not reshuffle the others.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRng, deriveSeed } from '../../src/engine/index.ts';
import { UsageError } from '../../src/io/errors.ts';
import { encodeCsvRow } from '../../src/io/csv/format.ts';
import { COLUMNS, TABLES, type Dataset, type DatasetMeta, type TableName } from '../../src/model/schema.ts';
import { dayOf, yearOf } from './dates.ts';
import { financialRows } from './financials.ts';
import { planFirms, type FirmPlan } from './firms.ts';
import { guaranteeRows } from './guarantees.ts';
import { planLoans, type LoanPlan } from './loans.ts';
import { resolveOptions, type GeneratorOptions, type ResolvedOptions } from './options.ts';
import { ownershipRows } from './ownership.ts';
import { buildPools, type Pools } from './pools.ts';
import { bankRows, firmRows, loanRows, parkRows } from './records.ts';
import { planStructures, type StructurePlan } from './structures.ts';
import { supplyRows } from './supply.ts';

export const GENERATOR_NAME = 'xinlian-wenzhou';
/** Bumped whenever the same options would give different output. */
export const GENERATOR_VERSION = 2;

/** Phase numbers of the per-phase random streams (fixed: changing one changes output). */
const PHASE = { firms: 1, structures: 2, loans: 3, parks: 10, firmRows: 12, guarantees: 14, supply: 15, ownership: 16, financials: 17 } as const;

export interface ClusterPlan {
  options: ResolvedOptions;
  asOfDay: number;
  asOfYear: number;
  firms: FirmPlan;
  pools: Pools;
  structures: StructurePlan;
  loans: LoanPlan;
}

export function planCluster(options: ResolvedOptions): ClusterPlan {
  const rng = (phase: number) => createRng(deriveSeed(options.seed, phase));
  const asOfDay = dayOf(options.asOf);
  const asOfYear = yearOf(options.asOf);
  const firms = planFirms(rng(PHASE.firms), options.firms, options.parks, asOfYear);
  const pools = buildPools(firms, options.parks);
  const structures = planStructures(rng(PHASE.structures), firms, pools, options.parks);
  const loans = planLoans(rng(PHASE.loans), firms, structures, options.banks, asOfDay);
  return { options, asOfDay, asOfYear, firms, pools, structures, loans };
}

export function clusterMeta(o: ResolvedOptions): DatasetMeta {
  return {
    name: o.name,
    formatVersion: 1,
    currency: 'CNY',
    unit: 10000,
    asOf: o.asOf,
    description: `Synthetic Wenzhou-style industrial cluster (${o.firms} firms, ${o.parks} parks, ${o.banks} banks); all names fictional. Amounts in 万元.`,
    generator: { name: GENERATOR_NAME, version: GENERATOR_VERSION, seed: o.seed, firms: o.firms, asOf: o.asOf, parks: o.parks, banks: o.banks },
  };
}

/** Each table with its rows (values in COLUMNS order), in TABLES order. */
export function* clusterTables(plan: ClusterPlan): Generator<[TableName, Iterable<unknown[]>]> {
  const { options: o, firms, pools, structures, loans } = plan;
  const rng = (phase: number) => createRng(deriveSeed(o.seed, phase));
  const rows: Record<TableName, () => Iterable<unknown[]>> = {
    parks: () => parkRows(rng(PHASE.parks), firms, o.parks),
    banks: () => bankRows(loans, o.banks),
    firms: () => firmRows(rng(PHASE.firmRows), firms),
    loans: () => loanRows(loans),
    guarantees: () => guaranteeRows(rng(PHASE.guarantees), firms, pools, structures, loans),
    supply: () => supplyRows(rng(PHASE.supply), firms, pools, plan.asOfYear),
    ownership: () => ownershipRows(rng(PHASE.ownership), firms, pools, o.banks),
    financials: () => financialRows(rng(PHASE.financials), firms, loans, plan.asOfYear),
  };
  for (const table of TABLES) yield [table, rows[table]()];
}

/** The whole cluster in memory (tests, small sizes). */
export function generateCluster(options: Partial<GeneratorOptions> = {}): Dataset {
  const o = resolveOptions(options);
  const ds: Dataset = { meta: clusterMeta(o), firms: [], parks: [], banks: [], loans: [], guarantees: [], supply: [], ownership: [], financials: [] };
  for (const [table, rows] of clusterTables(planCluster(o))) {
    const columns = COLUMNS[table];
    const out = ds[table] as unknown as Record<string, unknown>[];
    for (const values of rows) {
      const record: Record<string, unknown> = {};
      for (let c = 0; c < columns.length; c++) if (values[c] !== undefined) record[columns[c]] = values[c];
      out.push(record);
    }
  }
  return ds;
}

export type GenerateProgress = (done: number, total: number, phase: string) => void;

export interface GenerateSummary {
  dir: string;
  options: ResolvedOptions;
  /** Rows per table. */
  rows: Record<TableName, number>;
  /** Loans + guarantees + supply + ownership rows. */
  edges: number;
  seconds: number;
}

/** Bytes buffered per file before a write (keeps syscalls few and memory flat). */
const CHUNK = 1 << 20;

/**
 * Streams the cluster into `outDir` (CSV files + dataset.json). Files are written
 * into a sibling temp folder that replaces `outDir` only when complete, so a crash
 * never leaves a half-written dataset. An existing `outDir` is replaced only if it
 * is empty or holds a dataset (dataset.json); anything else is refused.
 * `onProgress(done, total, phase)` counts steps: planning, then one per table.
 */
export async function generateToFolder(options: Partial<GeneratorOptions>, outDir: string, onProgress?: GenerateProgress): Promise<GenerateSummary> {
  const t0 = performance.now();
  const o = resolveOptions(options);
  const dir = path.resolve(outDir);
  if (existsSync(dir)) {
    if (!(await stat(dir)).isDirectory()) throw new UsageError(`refusing to overwrite ${dir}: it is a file, not a dataset folder`);
    const entries = await readdir(dir);
    if (entries.length > 0 && !entries.includes('dataset.json')) {
      throw new UsageError(`refusing to overwrite ${dir}: it exists and is not a dataset folder (no dataset.json)`);
    }
  }
  await mkdir(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  const total = 1 + TABLES.length;
  try {
    const plan = planCluster(o);
    onProgress?.(1, total, 'plan');
    const counts = {} as Record<TableName, number>;
    let step = 1;
    for (const [table, rows] of clusterTables(plan)) {
      counts[table] = await writeCsv(path.join(tmp, `${table}.csv`), COLUMNS[table], rows);
      onProgress?.(++step, total, table);
    }
    await writeFile(path.join(tmp, 'dataset.json'), `${JSON.stringify(clusterMeta(o), null, 2)}\n`);
    if (existsSync(dir)) {
      const old = `${dir}.old-${process.pid}`;
      await rename(dir, old);
      await rename(tmp, dir);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, dir);
    }
    const edges = counts.loans + counts.guarantees + counts.supply + counts.ownership;
    return { dir, options: o, rows: counts, edges, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

async function writeCsv(file: string, columns: readonly string[], rows: Iterable<unknown[]>): Promise<number> {
  const stream = createWriteStream(file);
  const failed = once(stream, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => undefined);
  let buffer = `${encodeCsvRow(columns)}\n`;
  let count = 0;
  const flush = async () => {
    const ok = stream.write(buffer);
    buffer = '';
    if (!ok) await Promise.race([once(stream, 'drain'), failed]);
  };
  for (const values of rows) {
    buffer += `${encodeCsvRow(values)}\n`;
    count++;
    if (buffer.length >= CHUNK) await flush();
  }
  if (buffer.length > 0) await flush();
  stream.end();
  await Promise.race([once(stream, 'finish'), failed]);
  return count;
}
