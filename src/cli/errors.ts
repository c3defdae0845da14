/**
 * The one place where errors become exit codes and messages:
 *   0 ok · 1 data error (DataError: every issue as `file:line:column [field]: message`,
 *   capped) · 2 usage error (unknown command/option, missing argument, bad value).
 * Anything unexpected is a bug: exit 1 with the stack, so it can be reported.
 */
import { ConfigError, DataError, Neo4jError, NotFoundError, UsageError, formatIssue } from '../io/errors.ts';
import { stableJson } from '../report/index.ts';
import type { OutputMode, Writable } from './output.ts';

export const EXIT_OK = 0;
export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;

/** Issues printed on stderr before "… and N more" (the JSON output carries them all). */
export const MAX_PRINTED_ISSUES = 50;

const PARSE_ARGS_CODES = new Set([
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
  'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
]);

/** node:util parseArgs throws TypeErrors with these codes for bad command lines. */
export function isParseArgsError(err: unknown): err is Error & { code: string } {
  return err instanceof Error && PARSE_ARGS_CODES.has((err as { code?: string }).code ?? '');
}

/** File-system errors a user can fix (missing folder, no permission) are data errors. */
function isUserFsError(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EPERM';
}

export interface ErrorStreams {
  stdout: Writable;
  stderr: Writable;
  mode: OutputMode;
  /** The command being run, for the "see --help" hint. */
  command?: string;
}

export function reportError(err: unknown, s: ErrorStreams): number {
  const helpHint = `Run 'xinlian ${s.command ? `${s.command} ` : ''}--help' for usage.`;
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof NotFoundError || isParseArgsError(err)) {
    const message = isParseArgsError(err) ? parseArgsMessage(err) : err.message;
    s.stderr.write(`xinlian: ${message}\n${helpHint}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof DataError) {
    if (s.mode === 'json') {
      s.stdout.write(`${stableJson({ ok: false, error: 'data_error', message: `${err.issues.length} data error(s)`, issues: err.issues, truncated: err.truncated })}\n`);
    }
    const shown = err.issues.slice(0, MAX_PRINTED_ISSUES);
    const lines = shown.map((i) => `  ${formatIssue(i)}`);
    const hidden = err.issues.length - shown.length;
    if (hidden > 0) lines.push(`  … and ${hidden} more${s.mode === 'json' ? '' : ' (use --json for the full list)'}`);
    if (err.truncated) lines.push('  (reading stopped at the per-file cap; fix these and run again)');
    s.stderr.write(`xinlian: ${err.issues.length} data error${err.issues.length === 1 ? '' : 's'}:\n${lines.join('\n')}\n`);
    return EXIT_DATA;
  }
  if (isUserFsError(err)) {
    const where = err.path ? `${err.path}: ` : '';
    const what = err.code === 'ENOENT' ? 'no such file or folder' : err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'ENOTDIR' ? 'not a folder' : 'is a folder';
    s.stderr.write(`xinlian: ${where}${what}\n`);
    return EXIT_DATA;
  }
  if (err instanceof Neo4jError) {
    // The message already names the server, the failed step and what to do.
    s.stderr.write(`xinlian: ${err.message}\n`);
    return EXIT_DATA;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  s.stderr.write(`xinlian: unexpected error (this is a bug, please report it):\n${e.stack ?? e.message}\n`);
  return EXIT_DATA;
}

/** parseArgs messages are long and mention `strict`; say what to do instead. */
function parseArgsMessage(err: Error & { code: string }): string {
  const quoted = /'([^']+)'/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${quoted ?? err.message}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(err.message) ? `option '${quoted?.replace(/ <value>$/, '') ?? ''}' needs a value` : err.message.split('\n')[0];
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted ?? err.message}'`;
    default:
      return err.message;
  }
}
