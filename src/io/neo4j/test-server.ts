/**
 * The real Neo4j for tests and benchmarks: tools/neo4j (neo4j-harness 5.26) built
 * with Maven when its jar is missing, started as a child process, ready when it
 * prints "NEO4J_READY bolt://…", stopped with SIGTERM (then SIGKILL). When
 * NEO4J_URI is set, the user's own server is used instead and nothing is started.
 *
 * JVM flags (bench/results-neo4j.md, "Bolt path tuning" and "quiet re-run"): ParallelGC,
 * a throughput collector for a batch workload. C1 alone (-XX:TieredStopAtLevel=1) halved
 * a cold 20k-firm import and the start-up on a loaded machine, but on a quiet one the
 * 100k MERGE import took 69.6 s with it against 43.7 s with C2, so the JIT is left tiered.
 * The JVM maps the class-data-sharing archive build.sh records next to the jar
 * (-XX:SharedArchiveFile) when there is one: classes come pre-parsed and verified,
 * which shortens the JVM's start, the import tool's and Neo4j's ("bulk path, session 4").
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.ts';
import { settingsFromEnv, type Neo4jSettings } from './connection.ts';

const TOOL_DIR = fileURLToPath(new URL('../../../tools/neo4j/', import.meta.url));
export const TEST_SERVER_JAR = `${TOOL_DIR}target/xinlian-neo4j-test-server.jar`;
/** Class-data-sharing archive of the jar (build.sh's training run); used when present. */
export const TEST_SERVER_ARCHIVE = `${TOOL_DIR}target/xinlian-neo4j-test-server.jsa`;
/** Written by every training run (also a failed one): its absence means build.sh has not run for this checkout yet. */
const TRAINING_LOG = `${TOOL_DIR}target/cds-training.log`;
const READY = /^NEO4J_READY (bolt:\/\/\S+)$/m;

export interface TestServerOptions {
  /** Bolt port; 0 = a free port. */
  port: number;
  /** How long to wait for the ready line. */
  startTimeoutMs: number;
  /** How long SIGTERM may take before SIGKILL. */
  stopTimeoutMs: number;
  /** Java heap, e.g. "2g" (the import benchmark needs more than the JVM default on a small machine). */
  heap?: string;
  /** JVM flags before `-jar` (default JVM_DEFAULTS). */
  javaArgs?: readonly string[];
  /**
   * A folder written by writeBulkImport (bulk.ts): the server's store is filled by
   * `neo4j-admin database import full` of it before Neo4j starts.
   */
  importDir?: string;
  /**
   * With importDir: the server may start before the folder is complete and waits up to
   * this long for its BULK_ARGS_FILE, which the writer puts in place last (0: it must exist).
   */
  importWaitMs?: number;
  /** Map the class-data-sharing archive when build.sh has recorded one (default true). */
  classDataSharing?: boolean;
}

/** See the header: measured on the 100k-firm import and on test start-up. */
export const JVM_DEFAULTS: readonly string[] = Object.freeze(['-XX:+UseParallelGC']);

export const TEST_SERVER_DEFAULTS: Readonly<TestServerOptions> = Object.freeze({ port: 0, startTimeoutMs: 120_000, stopTimeoutMs: 20_000 });

export interface TestServer {
  settings: Neo4jSettings;
  /** Seconds the server reported for its bulk import and schema creation (importDir only). */
  reported?: { import?: number; schema?: number };
  /** False when NEO4J_URI pointed at an existing server. */
  started: boolean;
  /** The java process (absent for an external server). */
  process?: ChildProcess;
  options: TestServerOptions;
  stop(): Promise<void>;
}

/** Runs tools/neo4j/build.sh (fast when the jar is up to date). */
export function buildTestServer(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [`${TOOL_DIR}build.sh`], { maxBuffer: 16 << 20 }, (err, _stdout, stderr) => {
      if (err) reject(new ConfigError(`building the Neo4j test server (tools/neo4j/build.sh) failed: ${stderr.trim().slice(-2000) || err.message}`));
      else resolve();
    });
  });
}

/** The user's server from NEO4J_URI, or a fresh harness server. */
export async function neo4jForTests(options: Partial<TestServerOptions> = {}): Promise<TestServer> {
  const external = settingsFromEnv();
  if (external) {
    return { settings: external, started: false, options: { ...TEST_SERVER_DEFAULTS, ...options }, stop: async () => undefined };
  }
  return startTestServer(options);
}

/** Builds the jar and its archive when this checkout has not done it yet. */
export async function ensureTestServerBuilt(): Promise<void> {
  if (!existsSync(TEST_SERVER_JAR) || !existsSync(TRAINING_LOG)) await buildTestServer();
}

export async function startTestServer(options: Partial<TestServerOptions> = {}): Promise<TestServer> {
  await ensureTestServerBuilt();
  return launchTestServer(options).ready;
}

/** A server being started: `ready` resolves at its ready line; `abort` kills it before (or after) that. */
export interface TestServerLaunch {
  ready: Promise<TestServer>;
  abort(): Promise<void>;
}

/**
 * Starts the java process at once (synchronously) and returns before it is ready, so
 * the caller can work meanwhile (startBulkTestServer writes the import files while the
 * JVM starts). The jar must be built (ensureTestServerBuilt).
 */
export function launchTestServer(options: Partial<TestServerOptions> = {}): TestServerLaunch {
  const opts: TestServerOptions = { ...TEST_SERVER_DEFAULTS, ...options };
  if (!existsSync(TEST_SERVER_JAR)) throw new ConfigError(`the Neo4j test server jar ${TEST_SERVER_JAR} is missing; run tools/neo4j/build.sh`);
  // The store lives in a temp dir owned here, removed once the process has exited
  // however it ended (a SIGKILLed server cannot clean up after itself).
  const storeDir = mkdtempSync(path.join(tmpdir(), 'xinlian-neo4j-'));
  const archive = opts.classDataSharing !== false && existsSync(TEST_SERVER_ARCHIVE) ? [`-XX:SharedArchiveFile=${TEST_SERVER_ARCHIVE}`] : [];
  const args = [...(opts.javaArgs ?? JVM_DEFAULTS), ...archive, ...(opts.heap ? [`-Xmx${opts.heap}`] : []), '-jar', TEST_SERVER_JAR, '--port', String(opts.port), '--dir', storeDir,
    ...(opts.importDir !== undefined ? ['--import', path.resolve(opts.importDir)] : []),
    ...(opts.importDir !== undefined && opts.importWaitMs ? ['--import-wait', String(Math.ceil(opts.importWaitMs / 1000))] : [])];
  // stdin stays a pipe: the server exits when it closes, so it cannot outlive us.
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.once('exit', () => rmSync(storeDir, { recursive: true, force: true }));
  let stdout = '';
  let stderr = '';
  const reported: { import?: number; schema?: number } = {};
  let line = '';
  child.stderr!.on('data', (d: Buffer) => {
    const text = d.toString();
    stderr = (stderr + text).slice(-4000);
    // The server's own timings, one line each (chunks may cut lines).
    const lines = (line + text).split('\n');
    line = lines.pop()!;
    for (const l of lines) {
      const imported = /^NEO4J_IMPORTED in ([\d.]+) s/.exec(l);
      if (imported) reported.import = Number(imported[1]);
      const schema = /^NEO4J_SCHEMA \d+ statements in ([\d.]+) s/.exec(l);
      if (schema) reported.schema = Number(schema[1]);
    }
  });
  /** Ends the process with `signal` (SIGKILL after `graceMs` if it is still running) and waits for its exit. */
  const end = async (signal: NodeJS.Signals, graceMs: number): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    child.stdin!.destroy();
  };
  const stop = () => end('SIGTERM', opts.stopTimeoutMs);
  // A bulk import runs before the ready line: its time counts towards the start timeout.
  const ready = new Promise<TestServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ConfigError(`the Neo4j test server did not print its ready line within ${opts.startTimeoutMs / 1000} s (java ${args.join(' ')}); last output:\n${stderr || stdout}`));
    }, opts.startTimeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = READY.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ settings: { uri: m[1]! }, started: true, process: child, options: opts, reported, stop });
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new ConfigError(`cannot start the Neo4j test server (is Java 17+ installed?): ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new ConfigError(`the Neo4j test server exited before it was ready (code ${code}, signal ${signal}); last output:\n${stderr || stdout}`));
    });
  });
  const abort = (): Promise<void> => {
    ready.catch(() => undefined);
    return end('SIGKILL', 0);
  };
  return { ready, abort };
}
