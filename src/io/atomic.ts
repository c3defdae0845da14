/**
 * Atomic output: a dataset is written into a temporary sibling (same directory,
 * hence same filesystem) and renamed into place only when complete. A failure
 * part-way removes the temporary and leaves any previous output untouched.
 * Output is buffered in large chunks and written synchronously: a 1M-firm GEXF
 * is larger than the longest string V8 can hold, so it is never built in one piece.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

const CHUNK_CHARS = 1 << 22;

export class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}

  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= CHUNK_CHARS) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

function tempSibling(target: string, tag: string): string {
  const rand = Math.floor(Math.random() * 0x7fffffff).toString(36);
  return path.join(path.dirname(target), `.${path.basename(target)}.${tag}-${process.pid}-${rand}`);
}

/** Writes one file at `target` through `fill`, atomically. */
export async function writeFileAtomic(target: string, fill: (w: ChunkedWriter) => void | Promise<void>): Promise<void> {
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = tempSibling(target, 'tmp');
  const fd = openSync(tmp, 'wx');
  try {
    const w = new ChunkedWriter(fd);
    await fill(w);
    w.flush();
    closeSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  replaceWith(tmp, target);
}

/** Writes a folder at `target`: `fill` writes files into the temporary folder it is given. */
export async function writeFolderAtomic(target: string, fill: (dir: string) => void | Promise<void>): Promise<void> {
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = tempSibling(target, 'tmp');
  mkdirSync(tmp);
  try {
    await fill(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  replaceWith(tmp, target);
}

/** Moves `tmp` to `target`; an existing target is moved aside first and removed after. */
function replaceWith(tmp: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(tmp, target);
    return;
  }
  const old = tempSibling(target, 'old');
  renameSync(target, old);
  try {
    renameSync(tmp, target);
  } catch (e) {
    renameSync(old, target);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}

/** Writes one small file into a folder being filled (used inside writeFolderAtomic). */
export function writeWholeFile(file: string, fill: (w: ChunkedWriter) => void): void {
  const fd = openSync(file, 'wx');
  try {
    const w = new ChunkedWriter(fd);
    fill(w);
    w.flush();
  } finally {
    closeSync(fd);
  }
}
