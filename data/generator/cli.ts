/**
 * Stand-alone entry for regenerating a dataset before (or without) the main CLI:
 *   node --import tsx data/generator/cli.ts --firms 2000 --seed 42 --out data/demo
 * Same options and output as `xinlian generate`.
 */
import { parseArgs } from 'node:util';
import { generateToFolder } from './index.ts';

const { values } = parseArgs({
  options: {
    firms: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
  },
});
if (!values.out) {
  process.stderr.write('usage: node --import tsx data/generator/cli.ts --firms N --seed S [--as-of YYYY-MM-DD] --out DIR\n');
  process.exit(2);
}
const summary = await generateToFolder(
  { firms: values.firms === undefined ? undefined : Number(values.firms), seed: values.seed === undefined ? undefined : Number(values.seed), asOf: values['as-of'] },
  values.out,
  (done, total, phase) => process.stderr.write(`[${done}/${total}] ${phase}\n`),
);
process.stdout.write(`${JSON.stringify({ dir: summary.dir, options: summary.options, rows: summary.rows, edges: summary.edges, seconds: Number(summary.seconds.toFixed(2)) }, null, 2)}\n`);
