/**
 * The CLI as users run it: `node bin/xinlian.js …` as a child process, so tests see the
 * real argument parsing, exit codes and stdout/stderr split. Shared by every CLI test.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

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
