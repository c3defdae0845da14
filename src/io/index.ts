/**
 * Dataset input and output (docs/dataset-format.md).
 *
 *   const { dataset, warnings } = await readDataset('data/demo');
 *   await writeDataset(dataset, '/tmp/demo.gexf', 'gexf');
 *
 * readDataset takes a CSV folder (with dataset.json) or one `.json`, `.gexf` or
 * `.graphml` file; every format goes through the same field specs and
 * cross-record rules, so a Dataset that comes out of here is complete and valid.
 */
import path from 'node:path';
import type { Dataset } from '../model/schema.ts';
import { DataError, MAX_ISSUES_PER_FILE, UsageError, type DataIssue } from './errors.ts';
import { isDirectory, readCsvFolder } from './csv/read.ts';
import { writeCsvFolder } from './csv/write.ts';
import { IssueList } from './issues.ts';
import { readJsonFile, writeJsonFile } from './json.ts';
import { readGexfFile, writeGexfFile } from './gexf.ts';
import { readGraphmlFile, writeGraphmlFile } from './graphml.ts';
import { checkReferences } from './references.ts';

export { validateDataset } from './validate.ts';
export { DataError, MAX_ISSUES_PER_FILE, formatIssue, type DataIssue } from './errors.ts';

export interface ReadOptions {
  /** Issues collected per file before the reader stops listing them. */
  maxIssuesPerFile: number;
  /** Longest accepted CSV cell, in characters (1 MiB). */
  maxCellChars: number;
  /** Largest accepted GEXF/GraphML/JSON file, in bytes (XML is verbose; this guards memory). */
  maxFileBytes: number;
}

export const READ_DEFAULTS: Readonly<ReadOptions> = Object.freeze({
  maxIssuesPerFile: MAX_ISSUES_PER_FILE,
  maxCellChars: 1 << 20,
  maxFileBytes: 2 * 1024 ** 3,
});

export interface ReadResult {
  dataset: Dataset;
  /** Unknown columns / attributes, once per file; they never make the read fail. */
  warnings: DataIssue[];
  format: DatasetFormat;
  options: ReadOptions;
}

export const DATASET_FORMATS = ['csv', 'json', 'gexf', 'graphml'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** A folder is CSV; a file is json/gexf/graphml by its extension. */
export async function detectFormat(p: string): Promise<DatasetFormat> {
  if (await isDirectory(p)) return 'csv';
  const ext = path.extname(p).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.gexf') return 'gexf';
  if (ext === '.graphml') return 'graphml';
  throw DataError.one({ file: p, message: 'expected a dataset folder (dataset.json + CSV files) or a .json, .gexf or .graphml file' });
}

/** Reads, checks and returns a whole dataset, or throws DataError with every issue found. */
export async function readDataset(p: string, options: Partial<ReadOptions> = {}): Promise<ReadResult> {
  const opts: ReadOptions = { ...READ_DEFAULTS, ...options };
  const format = await detectFormat(p);
  const out = new IssueList(opts.maxIssuesPerFile);
  const read = format === 'csv'
    ? await readCsvFolder(p, { maxCellChars: opts.maxCellChars }, out)
    : format === 'json'
      ? await readJsonFile(p, opts.maxFileBytes, out)
      : format === 'gexf'
        ? await readGexfFile(p, opts.maxFileBytes, out)
        : await readGraphmlFile(p, opts.maxFileBytes, out);
  if (read === undefined || out.size > 0) throw new DataError(out.issues, out.truncated);
  checkReferences(read.dataset, read.locate, out);
  if (out.size > 0) throw new DataError(out.issues, out.truncated);
  return { dataset: read.dataset, warnings: read.warnings, format, options: opts };
}

/**
 * Writes `ds` as a CSV folder or one json/gexf/graphml file at `p`, atomically: the
 * output is built in a temporary sibling and renamed into place, so a failure
 * leaves neither a partial output nor a damaged previous one.
 */
export async function writeDataset(ds: Dataset, p: string, format: DatasetFormat): Promise<void> {
  switch (format) {
    case 'csv':
      return writeCsvFolder(ds, p);
    case 'json':
      return writeJsonFile(ds, p);
    case 'gexf':
      return writeGexfFile(ds, p);
    case 'graphml':
      return writeGraphmlFile(ds, p);
    default:
      throw new UsageError(`unknown output format '${String(format)}' (expected csv, json, gexf or graphml)`);
  }
}
