/**
 * The CLI as users run it: `node bin/xinlian.js …` as a child process, so tests see the
 * real argument parsing, exit codes and stdout/stderr split. Shared by every CLI test.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/xinlian.js');

export interface CliRun { code: number | null; stdout: string; stderr: string }

/** Runs `xinlian …args` in `cwd` and resolves when the process closes (never rejects on a non-zero exit). */
export function runXinlian(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface CliWorkspace {
  /** The temp dir (valid from the first beforeAll on); the CLI runs with it as cwd. */
  readonly dir: string;
  run(args: readonly string[]): Promise<CliRun>;
}

/**
 * A temp dir for one test file's CLI runs: created in a beforeAll registered here (so it
 * runs before the file's own beforeAll that writes the dataset into it) and removed
 * with everything in it after the file.
 */
export function cliWorkspace(prefix: string): CliWorkspace {
  let dir: string | undefined;
  beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), prefix)); });
  afterAll(() => { if (dir !== undefined) rmSync(dir, { recursive: true, force: true }); });
  const ws: CliWorkspace = {
    get dir() {
      if (dir === undefined) throw new Error('cliWorkspace: the temp dir exists only inside tests and hooks');
      return dir;
    },
    run: (args) => runXinlian(args, ws.dir),
  };
  return ws;
}
