/**
 * The CLI framework: finds the command, parses its options with node:util
 * parseArgs (strict), handles --help / --json / --csv, builds the context
 * (output, progress, warnings) and maps every error to an exit code through
 * errors.ts. `runCli` is pure apart from the streams it is given, so tests can run
 * it in-process as well as through bin/xinlian.js.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../io/errors.ts';
import type { Command, CommandContext, OptionSpec, ParsedArgs } from './command.ts';
import { EXIT_OK, EXIT_USAGE, reportError } from './errors.ts';
import { Output, type OutputMode, type Writable } from './output.ts';
import { ProgressBar, SILENT_PROGRESS, progressEnabled, type ProgressStream } from './progress.ts';

export interface CliIo {
  stdout: Writable;
  stderr: Writable & ProgressStream;
  cwd: string;
  /** Resolves when the user interrupts (SIGINT / SIGTERM); used by long-running commands. */
  interrupted: () => Promise<string>;
}

/** Options every command has; `csv` only on tabular commands. */
const COMMON_OPTIONS: Record<'help' | 'json' | 'csv', OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  json: { type: 'boolean', description: 'print the result as JSON on stdout (no progress bar)' },
  csv: { type: 'boolean', description: 'print the table as spreadsheet-safe CSV on stdout' },
};

function optionsOf(cmd: Command): Record<string, OptionSpec> {
  const all: Record<string, OptionSpec> = { ...cmd.options, json: COMMON_OPTIONS.json };
  if (cmd.tabular) all.csv = COMMON_OPTIONS.csv;
  all.help = COMMON_OPTIONS.help;
  return all;
}

export function globalHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `xinlian ${version} — 信链 credit-risk graph analyzer for industrial clusters`,
    '',
    'Usage: xinlian <command> [arguments] [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    '  --json      print the result as JSON on stdout',
    '  --csv       print the table as CSV (commands that print a table)',
    '  -h, --help  show help for the command',
    '',
    "Run 'xinlian <command> --help' for a command's arguments and options.",
    'Exit codes: 0 ok, 1 data error, 2 usage error.',
    '',
  ].join('\n');
}

function usageLine(cmd: Command): string {
  const args = cmd.arguments.map((a) => (a.required === false ? `[${a.name}]` : a.name)).join(' ');
  return `xinlian ${cmd.name}${args ? ` ${args}` : ''} [options]`;
}

export function commandHelp(cmd: Command): string {
  const opts = optionsOf(cmd);
  const label = (name: string, o: OptionSpec) => `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
  const labels = Object.entries(opts).map(([n, o]) => label(n, o));
  const width = Math.max(...labels.map((l) => l.length), ...cmd.arguments.map((a) => a.name.length));
  const lines = [`Usage: ${usageLine(cmd)}`, '', cmd.summary];
  if (cmd.description) lines.push('', cmd.description);
  if (cmd.arguments.length > 0) {
    lines.push('', 'Arguments:');
    for (const a of cmd.arguments) lines.push(`  ${a.name.padEnd(width)}  ${a.description}${a.required === false ? ' (optional)' : ''}`);
  }
  lines.push('', 'Options:');
  Object.entries(opts).forEach(([name, o], k) => {
    let text = o.description;
    if (o.choices) text += ` (one of: ${o.choices.join(', ')})`;
    if (o.default !== undefined && o.type === 'string') text += ` (default ${o.default})`;
    lines.push(`  ${labels[k].padEnd(width)}  ${text}`);
  });
  if (cmd.examples && cmd.examples.length > 0) {
    lines.push('', 'Examples:');
    for (const ex of cmd.examples) lines.push(`  xinlian ${ex}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Closest command name within edit distance 2, for "did you mean". */
function suggest(name: string, commands: readonly Command[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of commands) {
    const d = editDistance(name, c.name);
    if (d < bestD) [best, bestD] = [c.name, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Parses one command's arguments (strict: unknown options and extra positionals are usage errors). */
export function parseCommandArgs(cmd: Command, argv: readonly string[]): { parsed: ParsedArgs; help: boolean; mode: OutputMode } {
  const specs = optionsOf(cmd);
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, o] of Object.entries(specs)) config[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  const { values, positionals } = parseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true });
  const help = values.help === true;
  const mode: OutputMode = values.json === true ? 'json' : values.csv === true ? 'csv' : 'human';
  if (!help && values.json === true && values.csv === true) throw new UsageError('--json and --csv exclude each other; choose one');
  const options: ParsedArgs['options'] = {};
  for (const [name, o] of Object.entries(cmd.options)) {
    const v = (values as Record<string, string | boolean | undefined>)[name] ?? o.default;
    if (!help && typeof v === 'string' && o.choices && !o.choices.includes(v)) {
      throw new UsageError(`--${name} must be one of ${o.choices.join(', ')}; got '${v}'`);
    }
    options[name] = v;
  }
  const args: ParsedArgs['args'] = {};
  if (!help) {
    if (positionals.length > cmd.arguments.length) throw new UsageError(`unexpected argument '${positionals[cmd.arguments.length]}'`);
    cmd.arguments.forEach((a, k) => {
      if (positionals[k] === undefined && a.required !== false) throw new UsageError(`missing argument ${a.name} (${a.description})`);
      args[a.name] = positionals[k];
    });
  }
  return { parsed: { args, options }, help, mode };
}

/** Runs `xinlian <argv…>`; resolves with the exit code. */
export async function runCli(argv: readonly string[], commands: readonly Command[], io: CliIo, version: string): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(globalHelp(commands, version));
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const target = rest[0] === undefined ? undefined : commands.find((c) => c.name === rest[0]);
    if (rest[0] !== undefined && target === undefined) return reportError(new UsageError(`unknown command '${rest[0]}'`), { ...io, mode: 'human' });
    io.stdout.write(target ? commandHelp(target) : globalHelp(commands, version));
    return EXIT_OK;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${version}\n`);
    return EXIT_OK;
  }
  const cmd = commands.find((c) => c.name === name);
  if (cmd === undefined) {
    const hint = suggest(name, commands);
    const what = name.startsWith('-') ? `unknown option '${name}' (options come after the command)` : `unknown command '${name}'${hint ? `; did you mean '${hint}'?` : ''}`;
    return reportError(new UsageError(what), { ...io, mode: 'human' });
  }

  let mode: OutputMode = rest.includes('--json') ? 'json' : 'human';
  try {
    const parsed = parseCommandArgs(cmd, rest);
    mode = parsed.mode;
    if (parsed.help) {
      io.stdout.write(commandHelp(cmd));
      return EXIT_OK;
    }
    const drawBars = progressEnabled(io.stderr, mode === 'json');
    const ctx: CommandContext = {
      out: new Output(io.stdout, mode),
      progress: (phase, total) => (drawBars ? new ProgressBar(io.stderr, phase, total) : SILENT_PROGRESS),
      warn: (message) => void io.stderr.write(`warning: ${message}\n`),
      cwd: io.cwd,
      interrupted: io.interrupted,
    };
    const code = await cmd.run(parsed.parsed, ctx);
    return code ?? EXIT_OK;
  } catch (err) {
    return reportError(err, { ...io, mode, command: cmd.name });
  }
}
