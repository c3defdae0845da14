/** `xinlian convert IN OUT --to csv|json|gexf|graphml`: re-writes a dataset in another format. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../io/errors.ts';
import { DATASET_FORMATS, writeDataset, type DatasetFormat } from '../../io/index.ts';
import { TABLES } from '../../model/schema.ts';
import { argument, flagOption, stringOption, type Command } from '../command.ts';
import { DATASET_ARGUMENT, loadDataset } from '../dataset.ts';

/** `out.json` → json, `out.gexf` → gexf, `out.graphml` → graphml, anything else → a CSV folder. */
export function formatFromPath(out: string): DatasetFormat {
  const ext = path.extname(out).toLowerCase().slice(1);
  return (DATASET_FORMATS as readonly string[]).includes(ext) && ext !== 'csv' ? (ext as DatasetFormat) : 'csv';
}

export const convertCommand: Command = {
  name: 'convert',
  summary: 'Convert a dataset between a CSV folder, one JSON file, GEXF and GraphML',
  description: 'The input is validated first (exit 1 on errors). Values round-trip exactly between csv and json.\nAn existing OUT is refused unless --force.',
  arguments: [
    { name: 'IN', description: DATASET_ARGUMENT.description },
    { name: 'OUT', description: 'output folder (csv) or file (json, gexf, graphml)' },
  ],
  options: {
    to: { type: 'string', value: 'FORMAT', choices: DATASET_FORMATS, description: 'output format (default from OUT\'s extension, else csv)' },
    force: { type: 'boolean', description: 'replace an existing OUT' },
  },
  tabular: true,
  examples: ['convert data/demo /tmp/demo.json --to json', 'convert /tmp/demo.json /tmp/demo-csv --to csv', 'convert data/demo /tmp/demo.gexf'],
  async run(parsed, ctx) {
    const input = path.resolve(ctx.cwd, argument(parsed, 'IN'));
    const out = path.resolve(ctx.cwd, argument(parsed, 'OUT'));
    const format = (stringOption(parsed, 'to') as DatasetFormat | undefined) ?? formatFromPath(out);
    if (out === input) throw new UsageError('OUT must differ from IN');
    if (existsSync(out) && !flagOption(parsed, 'force')) {
      const emptyDir = statSync(out).isDirectory() && readdirSync(out).length === 0;
      if (!emptyDir) throw new UsageError(`${out} exists; choose another OUT or add --force to replace it`);
    }
    const loaded = await loadDataset(ctx, input);
    const bar = ctx.progress(`write ${format}`);
    try {
      await writeDataset(loaded.dataset, out, format);
    } finally {
      bar.done();
    }
    const rows = TABLES.map((table) => ({ table, rows: loaded.dataset[table].length }));
    ctx.out.emit({
      value: { from: loaded.path, fromFormat: loaded.format, to: out, format, counts: Object.fromEntries(rows.map((r) => [r.table, r.rows])) },
      human: () => `wrote ${out} (${format})`,
      table: { columns: [{ title: 'table', value: (r: (typeof rows)[number]) => r.table }, { title: 'rows', value: (r: (typeof rows)[number]) => r.rows }], rows },
    });
  },
};
