/**
 * The file-size sanity check shared by the single-file readers (JSON, GEXF, GraphML):
 * a missing, oversized or empty file becomes one issue instead of a crash or a
 * multi-gigabyte read. Only ENOENT is a data issue; other stat errors (EACCES, EIO)
 * are environment faults and propagate.
 */
import { stat } from 'node:fs/promises';
import type { IssueList } from './issues.ts';

/**
 * True when `file` exists and holds 1..maxBytes bytes; otherwise adds one issue and
 * returns false. `emptyHint` completes the empty-file message with what the reader
 * expected (e.g. ': expected an XML document').
 */
export async function checkFileSize(file: string, maxBytes: number, out: IssueList, emptyHint = ''): Promise<boolean> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      out.add({ file, message: 'missing file' });
      return false;
    }
    throw e;
  }
  if (size > maxBytes) {
    out.add({ file, message: `file of ${size} bytes exceeds the limit of ${maxBytes} bytes (maxFileBytes)` });
    return false;
  }
  if (size === 0) {
    out.add({ file, message: `empty file (0 bytes)${emptyHint}` });
    return false;
  }
  return true;
}
