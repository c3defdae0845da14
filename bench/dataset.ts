/**
 * Shared benchmark datasets: `ensureDataset(firms, seed)` generates the cluster
 * once into bench/out/gen-<firms>-<seed>/ and returns that folder; later calls and
 * other benchmarks reuse it. Generation is guarded by a lock directory (mkdir is
 * atomic), so concurrent benchmarks wait for one generator instead of racing; a
 * lock whose owner process is gone is taken over. The generation figures (seconds,
 * peak RSS, rows) are kept beside the folder in gen-<firms>-<seed>.generation.json.
 *
 * As a script it generates (if missing) and prints those figures:
 *   node --import tsx bench/dataset.ts 1000000 1
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATOR_VERSION, generateToFolder } from '../data/generator/index.ts';

const defaultRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
const POLL_MS = 500;
/** Longest wait for another process's generation (1M firms take well under a minute). */
const MAX_WAIT_MS = 15 * 60_000;

export interface GenerationRecord {
  firms: number;
  seed: number;
  generatorVersion: number;
  seconds: number;
  /** Peak resident set size of the generating process, MB. */
  maxRssMb: number;
  rows: Record<string, number>;
  edges: number;
  date: string;
}

export interface EnsureOptions {
  /** Folder holding the generated datasets, default bench/out. */
  root?: string;
  log?: (line: string) => void;
}

export function datasetDir(firms: number, seed: number, root = defaultRoot): string {
  return path.join(root, `gen-${firms}-${seed}`);
}

export function generationRecordFile(firms: number, seed: number, root = defaultRoot): string {
  return `${datasetDir(firms, seed, root)}.generation.json`;
}

/** True when the folder holds a complete dataset of this generator version. */
async function isReady(dir: string, firms: number, seed: number): Promise<boolean> {
  try {
    const meta = JSON.parse(await readFile(path.join(dir, 'dataset.json'), 'utf8'));
    return meta.generator?.firms === firms && meta.generator?.seed === seed && meta.generator?.version === GENERATOR_VERSION;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock, or returns false while a live process holds it. */
async function tryLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock);
    await writeFile(path.join(lock, 'pid'), String(process.pid));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(await readFile(path.join(lock, 'pid'), 'utf8').catch(() => ''));
    // A lock without a pid file may be mid-creation: wait; one with a dead owner is stale.
    if (holder > 0 && !alive(holder)) await rm(lock, { recursive: true, force: true });
    return false;
  }
}

export async function ensureDataset(firms: number, seed: number, options: EnsureOptions = {}): Promise<string> {
  const root = options.root ?? defaultRoot;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = datasetDir(firms, seed, root);
  if (await isReady(dir, firms, seed)) return dir;
  await mkdir(root, { recursive: true });
  const lock = `${dir}.lock`;
  const t0 = Date.now();
  while (!(await tryLock(lock))) {
    if (Date.now() - t0 > MAX_WAIT_MS) throw new Error(`timed out waiting for ${lock}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (await isReady(dir, firms, seed)) return dir;
  }
  try {
    if (await isReady(dir, firms, seed)) return dir;
    if (existsSync(dir)) await rm(dir, { recursive: true, force: true });
    log(`generating ${firms} firms (seed ${seed}) into ${dir}`);
    const summary = await generateToFolder({ firms, seed }, dir, (done, total, phase) => log(`  [${done}/${total}] ${phase}`));
    const record: GenerationRecord = {
      firms, seed, generatorVersion: GENERATOR_VERSION,
      seconds: Number(summary.seconds.toFixed(2)),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      rows: summary.rows, edges: summary.edges, date: new Date().toISOString(),
    };
    await writeFile(generationRecordFile(firms, seed, root), `${JSON.stringify(record, null, 2)}\n`);
    return dir;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

export async function readGenerationRecord(firms: number, seed: number, root = defaultRoot): Promise<GenerationRecord | undefined> {
  try {
    return JSON.parse(await readFile(generationRecordFile(firms, seed, root), 'utf8')) as GenerationRecord;
  } catch {
    return undefined;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const firms = Number(process.argv[2] ?? 1_000_000);
  const seed = Number(process.argv[3] ?? 1);
  const dir = await ensureDataset(firms, seed);
  process.stdout.write(`${JSON.stringify({ dir, generation: await readGenerationRecord(firms, seed) })}\n`);
}
