/** `xinlian generate`: a seeded synthetic Wenzhou-style cluster written as a dataset folder. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULTS, generateToFolder } from '../../../data/generator/index.ts';
import { UsageError } from '../../io/errors.ts';
import { flagOption, integerOption, stringOption, type Command } from '../command.ts';
import type { Progress } from '../progress.ts';

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Generate a seeded synthetic cluster dataset (same seed, same bytes)',
  description: 'Writes CSV files + dataset.json into --out. A non-empty --out is refused unless --force.',
  arguments: [],
  options: {
    firms: { type: 'string', value: 'N', default: String(DEFAULTS.firms), description: 'number of firms (50 … 20,000,000)' },
    seed: { type: 'string', value: 'S', default: String(DEFAULTS.seed), description: 'random seed, integer 0 … 4294967295' },
    out: { type: 'string', value: 'DIR', description: 'output folder (required)' },
    'as-of': { type: 'string', value: 'DATE', default: DEFAULTS.asOf, description: 'reporting date YYYY-MM-DD' },
    parks: { type: 'string', value: 'N', description: 'number of parks (default scales with --firms)' },
    banks: { type: 'string', value: 'N', description: 'number of banks (default scales with --firms)' },
    name: { type: 'string', value: 'NAME', description: 'dataset name in dataset.json' },
    force: { type: 'boolean', description: 'replace a non-empty --out folder' },
  },
  tabular: true,
  examples: ['generate --firms 2000 --seed 42 --out data/demo', 'generate --firms 1000000 --seed 7 --out /tmp/big --force'],
  async run(parsed, ctx) {
    const outArg = stringOption(parsed, 'out');
    if (outArg === undefined) throw new UsageError('--out DIR is required (the folder to write the dataset into)');
    const out = path.resolve(ctx.cwd, outArg);
    if (existsSync(out) && readdirSync(out).length > 0 && !flagOption(parsed, 'force')) {
      throw new UsageError(`${out} is not empty; choose another --out or add --force to replace it`);
    }
    const options = {
      firms: integerOption(parsed, 'firms', 1, Number.MAX_SAFE_INTEGER)!,
      seed: integerOption(parsed, 'seed', 0, 0xffffffff)!,
      asOf: stringOption(parsed, 'as-of')!,
      parks: integerOption(parsed, 'parks', 1, 1000),
      banks: integerOption(parsed, 'banks', 1, 1000),
      name: stringOption(parsed, 'name'),
    };
    // The generator reports steps (planning, then one per table written); the total is known at the first call.
    let bar: Progress | undefined;
    let result: Awaited<ReturnType<typeof generateToFolder>>;
    try {
      result = await generateToFolder(options, out, (done, total, phase) => {
        bar ??= ctx.progress('generate', total);
        bar.update(done, `generate: ${phase} done`);
      });
    } finally {
      bar?.done();
    }
    const rows = Object.entries(result.rows).map(([table, count]) => ({ table, rows: count }));
    ctx.out.emit({
      value: { path: result.dir, options: result.options, rows: result.rows, edges: result.edges, seconds: result.seconds },
      human: () => `wrote ${result.dir} (${result.options.firms} firms, seed ${result.options.seed}, as of ${result.options.asOf}) in ${result.seconds.toFixed(1)} s`,
      table: { columns: [{ title: 'table', value: (r: (typeof rows)[number]) => r.table }, { title: 'rows', value: (r: (typeof rows)[number]) => r.rows }], rows },
    });
  },
};
