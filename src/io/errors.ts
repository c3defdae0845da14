/**
 * The error hierarchy. The CLI maps DataError → exit 1 and UsageError → exit 2;
 * the server maps them to 400/404 JSON bodies in one place (src/server/errors.ts).
 */

/** One problem in one input: where it is and what was expected. */
export interface DataIssue {
  /** File name relative to the dataset (e.g. `loans.csv`), or the file path for single-file inputs. */
  file: string;
  /** 1-based physical line where the record starts; absent for whole-file problems. */
  line?: number;
  /** 1-based column number; absent for whole-record or whole-file problems. */
  column?: number;
  /** Column / field name. */
  field?: string;
  message: string;
}

export function formatIssue(i: DataIssue): string {
  let where = i.file;
  if (i.line !== undefined) where += `:${i.line}`;
  if (i.column !== undefined) where += `:${i.column}`;
  const field = i.field ? ` [${i.field}]` : '';
  return `${where}${field}: ${i.message}`;
}

/** Maximum number of issues collected per file before reading stops. */
export const MAX_ISSUES_PER_FILE = 100;

/** Invalid input data. Carries every collected issue; nothing was loaded. */
export class DataError extends Error {
  readonly issues: DataIssue[];
  /** True when more issues existed than were collected. */
  readonly truncated: boolean;
  constructor(issues: DataIssue[], truncated = false) {
    const head = issues.slice(0, 5).map(formatIssue).join('\n  ');
    const more = issues.length > 5 ? `\n  … and ${issues.length - 5} more${truncated ? ' (list capped)' : ''}` : '';
    super(`${issues.length} data error${issues.length === 1 ? '' : 's'}:\n  ${head}${more}`);
    this.name = 'DataError';
    this.issues = issues;
    this.truncated = truncated;
  }
  static one(issue: DataIssue): DataError {
    return new DataError([issue]);
  }
}

/** Bad command-line usage or bad options: the user must change the call. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Bad configuration (environment, option values out of range). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A request for something that does not exist (unknown firm id …). */
export class NotFoundError extends Error {
  constructor(readonly what: string, readonly id: string) {
    super(`unknown ${what} '${id}'`);
    this.name = 'NotFoundError';
  }
}

/** Neo4j connection / query failure, with what failed and what to do. */
export class Neo4jError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'Neo4jError';
  }
}
