/**
 * The shape of one CLI command. Each command is one file in src/cli/commands/
 * exporting a `Command`; src/cli/commands/index.ts lists them (see main.ts for the
 * step-by-step pattern). Parsing, --help, --json/--csv, progress, warnings and the
 * mapping of errors to exit codes are done once by the framework (run.ts), so a
 * command only declares its options and does its work.
 */
import { UsageError } from '../io/errors.ts';
import type { Output } from './output.ts';
import type { Progress } from './progress.ts';

/** One option, in node:util parseArgs terms plus what --help prints. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in --help after the option (e.g. `N`, `DIR`); string options only. */
  value?: string;
  description: string;
  /** Default shown in --help and applied when the option is absent. */
  default?: string | boolean;
  /** Allowed values of a string option; anything else is a usage error. */
  choices?: readonly string[];
}

/** One positional argument. */
export interface ArgumentSpec {
  name: string;
  description: string;
  /** Default true. */
  required?: boolean;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  /** Positional arguments by their declared name (missing optional ones are undefined). */
  args: Record<string, string | undefined>;
  options: OptionValues;
}

export interface CommandContext {
  /** Machine output (--json), tables, CSV and human text: stdout. */
  out: Output;
  /** A progress bar on stderr (silent unless stderr is a TTY and output is not --json). */
  progress: (phase: string, total?: number) => Progress;
  /** A warning line on stderr; never changes the exit code. */
  warn: (message: string) => void;
  /** Resolved against the process working directory. */
  cwd: string;
  /**
   * Resolves with the signal name on SIGINT / SIGTERM. Long-running commands
   * (serve) await it to shut down cleanly; the handlers are installed only when
   * this is first called, so other commands keep Ctrl-C's default behaviour.
   */
  interrupted: () => Promise<string>;
}

export interface Command {
  name: string;
  /** One line for `xinlian --help`. */
  summary: string;
  /** Longer text for `xinlian <name> --help` (optional). */
  description?: string;
  arguments: readonly ArgumentSpec[];
  options: Readonly<Record<string, OptionSpec>>;
  /** The command prints a table and accepts --csv. */
  tabular?: boolean;
  /** Example invocations for --help and docs/cli.md (without the leading `xinlian`). */
  examples?: readonly string[];
  /** Returns the exit code (default 0). Throw DataError / UsageError; run.ts maps them. */
  run(parsed: ParsedArgs, ctx: CommandContext): Promise<number | void>;
}

/** A string option's value, or undefined. */
export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function flagOption(parsed: ParsedArgs, name: string): boolean {
  return parsed.options[name] === true;
}

/**
 * An integer option in [min, max], or undefined when absent. Plain decimal digits
 * only: `1e3`, `0x10` and `12abc` are usage errors, so a typo is never half-read.
 */
export function integerOption(parsed: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const raw = stringOption(parsed, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`--${name} expects an integer, got '${raw}'`);
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got ${raw}`);
  return v;
}

/** A required positional argument's value (the framework already checked presence). */
export function argument(parsed: ParsedArgs, name: string): string {
  const v = parsed.args[name];
  if (v === undefined) throw new UsageError(`missing argument ${name}`);
  return v;
}
