/** `xinlian validate DIR`: reads and checks a dataset; prints counts, or every issue (exit 1). */
import { TABLES } from '../../model/schema.ts';
import { argument, type Command } from '../command.ts';
import { DATASET_ARGUMENT, loadDataset } from '../dataset.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check a dataset (folder, .json, .gexf or .graphml) against the format; print counts or every error',
  description: 'Errors are listed as file:line:column [field]: message and exit with code 1;\nwarnings (unknown columns) go to stderr and do not change the exit code.',
  arguments: [DATASET_ARGUMENT],
  options: {},
  tabular: true,
  examples: ['validate data/demo', 'validate data/demo --json'],
  async run(parsed, ctx) {
    const loaded = await loadDataset(ctx, argument(parsed, 'DIR'));
    const ds = loaded.dataset;
    const rows = TABLES.map((table) => ({ table, rows: ds[table].length }));
    ctx.out.emit({
      value: { ok: true, path: loaded.path, name: ds.meta.name, counts: Object.fromEntries(rows.map((r) => [r.table, r.rows])), warnings: loaded.warnings },
      human: () => `ok: ${ds.meta.name} (${loaded.path}) is valid${loaded.warnings.length ? `, ${loaded.warnings.length} warning(s)` : ''}`,
      table: { columns: [{ title: 'table', value: (r: (typeof rows)[number]) => r.table }, { title: 'rows', value: (r: (typeof rows)[number]) => r.rows }], rows },
    });
  },
};
