/**
 * Entry point of `xinlian` (bin/xinlian.js imports this file through tsx).
 *
 * ── Adding a command (the whole pattern) ─────────────────────────────────────
 * 1. Create src/cli/commands/<name>.ts exporting a `Command` (src/cli/command.ts):
 *
 *      import { argument, type Command } from '../command.ts';
 *      import { DATASET_ARGUMENT, loadAnalysis } from '../dataset.ts';
 *      export const circlesCommand: Command = {
 *        name: 'circles',
 *        summary: 'List guarantee circles (担保圈)',
 *        arguments: [DATASET_ARGUMENT],        // DIR: folder or .json/.gexf/.graphml
 *        options: { min: { type: 'string', value: 'N', default: '2', description: 'smallest circle size' } },
 *        tabular: true,                        // accepts --csv
 *        examples: ['circles data/demo --min 3'],
 *        async run(parsed, ctx) {
 *          const { snapshot } = await loadAnalysis(ctx, argument(parsed, 'DIR'));
 *          const result = guaranteeCircles(snapshot);
 *          ctx.out.emit({ value: result, table: { columns: [...], rows: result.circles } });
 *        },
 *      };
 *
 * 2. Add it to the COMMANDS list in src/cli/commands/index.ts (one import, one entry).
 * 3. Read options with stringOption / integerOption / flagOption (command.ts);
 *    throw UsageError for bad values and let DataError escape: src/cli/errors.ts
 *    maps them to exit codes 2 and 1 in one place. Never call process.exit.
 * 4. Print only through ctx.out.emit (stdout: --json, --csv or a human table),
 *    ctx.warn (stderr) and ctx.progress(phase, total) (stderr, TTY only).
 *    Give amount columns `digits: 2` so tables and CSV print 454839.81, not the
 *    float noise of a sum (454839.8100000002); --json keeps full precision.
 * 5. Add `--help` and a --json test in test/cli/, and a section in docs/cli.md.
 * ────────────────────────────────────────────────────────────────────────────
 */
import { readFileSync } from 'node:fs';
import { COMMANDS } from './commands/index.ts';
import { runCli } from './run.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

let interruption: Promise<string> | undefined;
/** Installs SIGINT/SIGTERM handlers on first use only (see CommandContext.interrupted). */
function interrupted(): Promise<string> {
  interruption ??= new Promise((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve(sig));
  });
  return interruption;
}

// `xinlian … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const code = await runCli(process.argv.slice(2), COMMANDS, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), interrupted }, pkg.version);
// exitCode (not exit()) lets stdout drain when it is a pipe.
process.exitCode = code;
