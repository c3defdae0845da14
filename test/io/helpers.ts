/** Real files in a temp dir: a copy of test/fixtures/valid that a test then breaks in one place. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { DataError, type DataIssue } from '../../src/io/errors.ts';
import { readDataset } from '../../src/io/index.ts';

export const VALID = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'valid');

const made: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xinlian-io-'));
  made.push(dir);
  return dir;
}

export function cleanTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A fresh copy of the valid fixture folder. */
export function validCopy(): string {
  const dir = path.join(tempDir(), 'ds');
  cpSync(VALID, dir, { recursive: true });
  return dir;
}

export function readText(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

/** Replaces exactly one occurrence of `from` in `file` (fails loudly if the fixture changed). */
export function replaceOnce(dir: string, file: string, from: string, to: string): void {
  const text = readText(dir, file);
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`'${from}' must occur exactly once in ${file}`);
  writeFileSync(path.join(dir, file), text.slice(0, at) + to + text.slice(at + from.length));
}

export function appendLine(dir: string, file: string, line: string): void {
  writeFileSync(path.join(dir, file), `${readText(dir, file)}${line}\n`);
}

/** The DataError that reading `p` must throw. */
export async function readError(p: string, options?: Parameters<typeof readDataset>[1]): Promise<DataError> {
  try {
    await readDataset(p, options);
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error(`expected ${p} to be rejected`);
}

/** Exactly one issue, at exactly this place (undefined parts must be absent). */
export function expectOnlyIssue(err: DataError, where: Pick<DataIssue, 'file' | 'line' | 'column' | 'field'>, message?: RegExp): void {
  expect(err.issues, err.message).toHaveLength(1);
  const i = err.issues[0]!;
  expect({ file: i.file, line: i.line, column: i.column, field: i.field }).toEqual(where);
  if (message) expect(i.message).toMatch(message);
}
